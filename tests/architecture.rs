//! The module graph keeps the rules `ARCHITECTURE.md` states: no circles between the core's
//! modules, and no core module that names an adapter. Read from the sources: every
//! `crate::MODULE` path in a file of the core is an edge from the file's module to MODULE.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The adapters: thin doors the core never imports.
const ADAPTERS: [&str; 3] = ["edge", "browser", "bin"];

/// Every `.rs` file below `dir`.
fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The top-level module a source file belongs to (`src/decide/slots.rs` → `decide`).
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).expect("under src");
    let first = relative
        .components()
        .next()
        .expect("a path")
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    first.trim_end_matches(".rs").to_owned()
}

/// The modules a file's code names as `crate::MODULE` (comments, doc links included, do
/// not count: they import nothing).
fn named_modules(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let text = code.as_str();
    let mut names = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // `crate::{a, b}` lists several.
        if name.is_empty() && rest.starts_with('{') {
            let list = &rest[1..rest.find('}').unwrap_or(rest.len())];
            for item in list.split(',') {
                let item: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !item.is_empty() {
                    names.insert(item);
                }
            }
        } else if !name.is_empty() {
            names.insert(name);
        }
    }
    names
}

/// The core's module graph: module → the modules it names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let module = module_of(&src, file);
        if ADAPTERS.contains(&module.as_str()) || module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("readable source");
        let edges = graph.entry(module.clone()).or_default();
        for named in named_modules(&text) {
            if named != module && modules.contains(&named) {
                edges.insert(named);
            }
        }
    }
    graph
}

/// A circle through `start`, if there is one.
fn circle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_owned(), vec![start.to_owned()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                return Some([path.clone(), vec![start.to_owned()]].concat());
            }
            if seen.insert(next.clone()) {
                stack.push((next.clone(), [path.clone(), vec![next.clone()]].concat()));
            }
        }
    }
    None
}

#[test]
fn the_core_never_names_an_adapter() {
    for (module, named) in graph() {
        for adapter in ADAPTERS {
            assert!(
                !named.contains(adapter),
                "core module `{module}` names `{adapter}`"
            );
        }
    }
}

#[test]
fn the_cores_modules_have_no_circles() {
    let graph = graph();
    assert!(graph.len() >= 10, "the core's modules were read: {graph:?}");
    for module in graph.keys() {
        if let Some(circle) = circle_from(&graph, module) {
            panic!("an import circle: {}", circle.join(" -> "));
        }
    }
}

#[test]
fn paths_are_read_as_the_compiler_reads_them() {
    let named =
        named_modules("use crate::{config::Config, day::Day};\nuse crate::session::Session;");
    assert_eq!(
        named.into_iter().collect::<Vec<_>>(),
        ["config", "day", "session"]
    );
}
