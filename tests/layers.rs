//! Keeps ARCHITECTURE.md true: every top-level module has a layer in its table, and a module's
//! code (tests aside) imports only modules of lower layers. So the modules form a DAG, and the
//! table says which way it points.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The layer table of ARCHITECTURE.md: rows `| N | `module`, `module` | … |` under `## Layers`.
fn layers(architecture: &str) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    let section = architecture
        .split("\n## ")
        .find(|s| s.starts_with("Layers"))
        .expect("ARCHITECTURE.md has a `## Layers` section");
    for line in section.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(layer), Some(modules)) = (cells.get(1), cells.get(2)) else {
            continue;
        };
        let Ok(layer) = layer.parse::<u32>() else {
            continue;
        };
        for module in modules.split(',') {
            let name = module.trim().trim_matches('`');
            assert!(!name.is_empty(), "an empty module name in row {line:?}");
            let earlier = out.insert(name.to_string(), layer);
            assert!(earlier.is_none(), "`{name}` has two layers");
        }
    }
    out
}

/// The top-level modules `src/lib.rs` declares.
fn declared_modules(lib: &str) -> Vec<String> {
    lib.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l
                .strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("mod "))?;
            Some(rest.trim_end_matches(';').to_string())
        })
        .collect()
}

/// The code of a file that is not test code: all of it, up to a trailing `#[cfg(test)] mod`.
/// Files that hold only tests (`tests.rs`, `*_tests.rs`) have none.
fn non_test_code(path: &Path, text: &str) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name == "tests.rs" || name.ends_with("_tests.rs") {
        return String::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    let end = (0..lines.len())
        .find(|&i| {
            lines[i].trim() == "#[cfg(test)]"
                && lines.get(i + 1).is_some_and(|next| {
                    next.trim_start().starts_with("mod ") && next.ends_with('{')
                })
        })
        .unwrap_or(lines.len());
    lines[..end].join("\n")
}

/// The top-level modules `code` refers to as `crate::name` (also inside `crate::{a, b::c}`).
fn referenced_modules(code: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Top-level names of the group, at brace depth zero.
            let mut depth = 0;
            let mut start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if c.is_whitespace() => {}
                    _ if start && depth == 0 => {
                        out.push(ident(&group[i..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(ident(rest));
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Each import of a module from its own layer or one above: `(importer, imported, file)`.
fn violations(layers: &BTreeMap<String, u32>, src: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for (module, &layer) in layers {
        let mut files = Vec::new();
        let file = src.join(format!("{module}.rs"));
        if file.is_file() {
            files.push(file);
        }
        let dir = src.join(module);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        }
        for file in files {
            let text = fs::read_to_string(&file).unwrap();
            for used in referenced_modules(&non_test_code(&file, &text)) {
                if used == *module {
                    continue;
                }
                let Some(&used_layer) = layers.get(&used) else {
                    out.push(format!("{}: `{used}` has no layer", file.display()));
                    continue;
                };
                if used_layer >= layer {
                    out.push(format!(
                        "{}: `{module}` (layer {layer}) imports `{used}` (layer {used_layer})",
                        file.strip_prefix(src).unwrap_or(&file).display()
                    ));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_module_imports_only_from_layers_below_it() {
    let architecture = fs::read_to_string(Path::new(ROOT).join("ARCHITECTURE.md")).unwrap();
    let layers = layers(&architecture);
    let lib = fs::read_to_string(Path::new(ROOT).join("src/lib.rs")).unwrap();
    let declared = declared_modules(&lib);
    let unplaced: Vec<_> = declared
        .iter()
        .filter(|m| !layers.contains_key(*m))
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules without a layer in ARCHITECTURE.md: {unplaced:?}"
    );
    let stale: Vec<_> = layers.keys().filter(|m| !declared.contains(m)).collect();
    assert!(
        stale.is_empty(),
        "ARCHITECTURE.md lists modules src/lib.rs does not have: {stale:?}"
    );
    let wrong = violations(&layers, &Path::new(ROOT).join("src"));
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_sees_grouped_imports_and_skips_test_code() {
    let code = "use crate::corpus::Article;\nuse crate::{app::App, ui::{self, Look}};\n\
                fn f() { crate::state::open(); }\n#[cfg(test)]\nmod tests {\n    use crate::cli;\n}\n";
    let kept = non_test_code(Path::new("src/x.rs"), code);
    assert_eq!(referenced_modules(&kept), ["corpus", "app", "ui", "state"]);
    assert!(non_test_code(Path::new("src/app/update_tests.rs"), code).is_empty());

    let table = "# A\n\n## Layers\n\n| layer | modules |\n|---|---|\n| 0 | `low` |\n| 1 | `high`, `side` |\n";
    let layers = layers(table);
    assert_eq!(layers["low"], 0);
    assert_eq!(layers["side"], 1);
    // An upward import is caught.
    let src = std::env::temp_dir().join(format!("dateline-layers-{}", std::process::id()));
    fs::create_dir_all(src.join("low")).unwrap();
    fs::write(src.join("low/mod.rs"), "use crate::high::Thing;\n").unwrap();
    fs::write(src.join("high.rs"), "use crate::low::Base;\n").unwrap();
    fs::write(src.join("side.rs"), "use crate::high::Thing;\n").unwrap();
    let found = violations(&layers, &src);
    fs::remove_dir_all(&src).unwrap();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains("`low` (layer 0) imports `high` (layer 1)"));
    assert!(found[1].contains("`side` (layer 1) imports `high` (layer 1)"));
}
