// The shop's worker. The config is the shop's own file: edit it and `npm run dev` reloads.
import { shelfwise } from "@shelfwise/worker";
import config from "../shelfwise.config.json";

export default shelfwise({ config });
