// What /proc tells about the workerd process a Miniflare started (Linux only): the tests
// read its memory, the load benchmarks its CPU time.
import { readdirSync, readFileSync } from "node:fs";

/** Process ids of this process's children, to find the workerd a Miniflare started. */
export function children() {
  const found = new Set();
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (parent === process.pid) found.add(pid);
    } catch {
      // The process ended while the list was read.
    }
  }
  return found;
}

/** CPU time (user + system, milliseconds) a process has used so far. */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
}

/** Resident memory of a process right now, in MiB. */
export function residentMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
}
