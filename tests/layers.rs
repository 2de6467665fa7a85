//! The layers of ARCHITECTURE.md, enforced: no module of `src/` names a module of a layer above
//! its own. The layer table is read from ARCHITECTURE.md itself, so the page and this test cannot
//! drift apart, and every module must be in it.
//!
//! A module names another by a `crate::` path (in a `use` line or inline, grouped `use
//! crate::{a, b::c}` included), by `$crate::` in a macro, or by `super::`. Comments and string
//! literals are skipped. Test modules (`#[cfg(test)]`) are held to the same rule.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One layer of the table: its number and name, and the modules in it.
#[derive(Debug)]
struct Layer {
    number: usize,
    name: String,
    modules: Vec<String>,
}

/// The rows of the table under "## Layers" in ARCHITECTURE.md: `| n | name | `a`, `b::c` | … |`.
fn layers(markdown: &str) -> Vec<Layer> {
    let mut out = Vec::new();
    let mut in_section = false;
    for line in markdown.lines() {
        if line.starts_with("## ") {
            in_section = line.trim() == "## Layers";
            continue;
        }
        if !in_section || !line.starts_with('|') {
            continue;
        }
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
        let Some(Ok(number)) = cells.first().map(|c| c.trim().parse::<usize>()) else {
            continue; // the header and the separator row
        };
        let modules = cells
            .get(2)
            .unwrap_or(&"")
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect();
        out.push(Layer {
            number,
            name: cells.get(1).unwrap_or(&"").trim().to_string(),
            modules,
        });
    }
    out
}

/// `src/rules/mod.rs` → `rules`, `src/json/ast.rs` → `json::ast`, `src/lib.rs` → `lib`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("a file under src/");
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a readable entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of `source` with comments and the contents of string and character literals blanked
/// out (line breaks kept, so that line numbers hold).
fn code_only(source: &str) -> String {
    let b = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    // Blank `b[from..to]`, keeping line breaks.
    let blank = |out: &mut String, from: usize, to: usize| {
        for &c in &b[from..to.min(b.len())] {
            out.push(if c == b'\n' { '\n' } else { ' ' });
        }
    };
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            let end = rest
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |n| i + n);
            blank(&mut out, i, end);
            i = end;
        } else if rest.starts_with(b"/*") {
            // Block comments nest in Rust.
            let (mut depth, mut j) = (0usize, i);
            while j < b.len() {
                if b[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if b[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if let Some(hashes) = raw_string_start(rest) {
            // r"…", r#"…"#, br"…": up to the quote followed by as many `#`.
            let open = rest
                .iter()
                .position(|&c| c == b'"')
                .expect("a raw string opens")
                + 1;
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            let body = i + open;
            let end = b[body..]
                .windows(close.len())
                .position(|w| w == close.as_slice())
                .map_or(b.len(), |n| body + n + close.len());
            out.push_str(&source[i..body]);
            blank(&mut out, body, end);
            i = end;
        } else if rest[0] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            out.push('"');
            blank(&mut out, i + 1, j);
            out.push('"');
            i = j + 1;
        } else if rest[0] == b'\'' {
            // A character literal ('a', '\n', '\'', '"') or a lifetime ('a).
            let len = if rest.get(1) == Some(&b'\\') {
                rest[2..].iter().position(|&c| c == b'\'').map(|n| n + 3)
            } else {
                let ch = source[i + 1..].chars().next().map_or(1, char::len_utf8);
                (rest.get(1 + ch) == Some(&b'\'')).then_some(ch + 2)
            };
            match len {
                Some(n) => {
                    blank(&mut out, i, i + n);
                    i += n;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            let ch = source[i..].chars().next().expect("in bounds");
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// The number of `#` of a raw string starting at `rest` (`r"`, `r#"`, `br"`), if one does.
fn raw_string_start(rest: &[u8]) -> Option<usize> {
    let after_r = match rest {
        [b'r', ..] => &rest[1..],
        [b'b', b'r', ..] => &rest[2..],
        _ => return None,
    };
    let hashes = after_r.iter().take_while(|&&c| c == b'#').count();
    (after_r.get(hashes) == Some(&b'"')).then_some(hashes)
}

/// Whether `c` can be part of an identifier.
fn ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The offsets of `needle` in `code` where it starts a word: not preceded by an identifier
/// character (`crate::` but not `foo_crate::`).
fn word_starts<'c>(code: &'c str, needle: &'c str) -> impl Iterator<Item = usize> + 'c {
    code.match_indices(needle)
        .map(|(at, _)| at)
        .filter(move |&at| at == 0 || !ident_char(code.as_bytes()[at - 1]))
}

/// The paths after `crate::` (and `$crate::`) in `code`, with the line of each: `a::b::c` for
/// `crate::a::b::c`, and one path per item of a group `crate::{a, b::{c, d}}`.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for at in word_starts(code, "crate::") {
        let line = code[..at].matches('\n').count() + 1;
        collect(&code[at + "crate::".len()..], "", line, &mut out);
    }
    out
}

/// The paths that `rest` (what follows `prefix::`) names: an identifier path, or a `{…}` group.
fn collect(rest: &str, prefix: &str, line: usize, out: &mut Vec<(usize, String)>) {
    let rest = rest.trim_start();
    if let Some(group) = rest.strip_prefix('{') {
        // Split the group at its top-level commas.
        let (mut depth, mut start) = (0usize, 0usize);
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    collect(&group[start..i], prefix, line, out);
                    return;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    collect(&group[start..i], prefix, line, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        return;
    }
    let mut path = prefix.to_string();
    let mut s = rest;
    loop {
        let len = s.bytes().take_while(|&c| ident_char(c)).count();
        if len == 0 {
            break;
        }
        if !path.is_empty() {
            path.push_str("::");
        }
        path.push_str(&s[..len]);
        s = &s[len..];
        match s.strip_prefix("::") {
            Some(next) if next.trim_start().starts_with('{') => {
                collect(next, &path, line, out);
                return;
            }
            Some(next) => s = next,
            None => break,
        }
    }
    if !path.is_empty() && path != "self" {
        out.push((line, path));
    }
}

/// The inline modules of `code` (`mod tests { … }`): the byte range of each body, with its name.
fn inline_modules(code: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    for at in word_starts(code, "mod ") {
        let from = at + "mod ".len();
        let rest = &code[from..];
        let len = rest.bytes().take_while(|&c| ident_char(c)).count();
        let after = rest[len..].trim_start();
        if len == 0 || !after.starts_with('{') {
            continue; // `mod name;`
        }
        let open = from + len + (rest[len..].len() - after.len());
        let mut depth = 0usize;
        let mut close = code.len();
        for (i, c) in code[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push((open..close, rest[..len].to_string()));
    }
    out
}

/// The paths named with `super::` in `code` of module `module`, made absolute. `super` is the
/// parent of the module the occurrence is in: of the file's module at its top level, of the
/// inline module (`mod tests`) it is inside otherwise.
fn super_paths(code: &str, module: &str) -> Vec<(usize, String)> {
    let inline = inline_modules(code);
    let mut out = Vec::new();
    // Where the last path read ends: the second `super` of `super::super::` is part of it.
    let mut after = 0;
    for at in word_starts(code, "super::") {
        if at < after {
            continue;
        }
        let mut from = at + "super::".len();
        let mut here: Vec<&str> = module.split("::").filter(|p| !p.is_empty()).collect();
        here.extend(
            inline
                .iter()
                .filter(|(r, _)| r.contains(&at))
                .map(|(_, name)| name.as_str()),
        );
        here.pop();
        // `super::super::`: one more level up each.
        while let Some(rest) = code[from..].strip_prefix("super::") {
            here.pop();
            from = code.len() - rest.len();
        }
        after = from;
        let line = code[..at].matches('\n').count() + 1;
        collect(&code[from..], &here.join("::"), line, &mut out);
    }
    out
}

/// The module a path names: its longest prefix that is a known module.
fn target<'m>(path: &str, modules: &'m BTreeMap<String, usize>) -> Option<&'m str> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len()).rev().find_map(|n| {
        let candidate = parts[..n].join("::");
        modules.get_key_value(&candidate).map(|(k, _)| k.as_str())
    })
}

/// The layer of `module`: that of the longest listed prefix (`rules::file` is in `rules`).
fn layer_of(module: &str, table: &BTreeMap<String, usize>) -> Option<usize> {
    let parts: Vec<&str> = module.split("::").collect();
    (1..=parts.len())
        .rev()
        .find_map(|n| table.get(&parts[..n].join("::")).copied())
}

/// Every upward reference in `files` (path, module, source): `file:line: message`.
fn violations(files: &[(String, String, String)], layers: &[Layer]) -> (Vec<String>, Vec<String>) {
    let mut table: BTreeMap<String, usize> = BTreeMap::new();
    for l in layers {
        for m in &l.modules {
            table.insert(m.clone(), l.number);
        }
    }
    let name = |n: usize| {
        layers
            .iter()
            .find(|l| l.number == n)
            .map_or("?", |l| l.name.as_str())
            .to_string()
    };
    let modules: BTreeMap<String, usize> = files
        .iter()
        .map(|(_, m, _)| (m.clone(), layer_of(m, &table).unwrap_or(usize::MAX)))
        .collect();
    let mut unplaced = Vec::new();
    let mut upward = Vec::new();
    for (path, module, source) in files {
        let Some(own) = layer_of(module, &table) else {
            unplaced.push(format!(
                "{path}: module `{module}` is in no layer of ARCHITECTURE.md"
            ));
            continue;
        };
        let code = code_only(source);
        let mut refs = crate_paths(&code);
        refs.extend(super_paths(&code, module));
        for (line, p) in refs {
            let Some(t) = target(&p, &modules) else {
                // An item of the crate root (`crate::HOMEPAGE`): the root is `lib`.
                if let Some(&lib) = table.get("lib") {
                    if lib > own {
                        upward.push(format!(
                            "{path}:{line}: `{module}` (layer {own}, {}) names `crate::{p}` of the crate root (layer {lib}, {})",
                            name(own),
                            name(lib)
                        ));
                    }
                }
                continue;
            };
            let theirs = layer_of(t, &table).unwrap_or(usize::MAX);
            if theirs > own && theirs != usize::MAX {
                upward.push(format!(
                    "{path}:{line}: `{module}` (layer {own}, {}) imports `{t}` (layer {theirs}, {}) through `{p}`",
                    name(own),
                    name(theirs)
                ));
            }
        }
    }
    (unplaced, upward)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn no_module_imports_from_a_layer_above_it() {
    let markdown = std::fs::read_to_string(root().join("ARCHITECTURE.md"))
        .expect("ARCHITECTURE.md at the project root");
    let layers = layers(&markdown);
    assert!(
        layers.len() >= 5,
        "ARCHITECTURE.md's '## Layers' table has {} rows",
        layers.len()
    );
    let src = root().join("src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    let files: Vec<(String, String, String)> = paths
        .iter()
        .map(|p| {
            (
                p.strip_prefix(root()).unwrap_or(p).display().to_string(),
                module_of(&src, p),
                std::fs::read_to_string(p).expect("a readable source file"),
            )
        })
        .collect();
    assert!(files.len() > 30, "only {} files under src/", files.len());
    // Every module listed in the table exists.
    for l in &layers {
        for m in &l.modules {
            assert!(
                files.iter().any(|(_, f, _)| f == m),
                "ARCHITECTURE.md lists `{m}` (layer {}), which is no module of src/",
                l.number
            );
        }
    }
    let (unplaced, upward) = violations(&files, &layers);
    assert!(unplaced.is_empty(), "{}", unplaced.join("\n"));
    assert!(
        upward.is_empty(),
        "imports from a layer above:\n{}",
        upward.join("\n")
    );
}

/// The checker finds what it should on a made-up tree: it can fail.
#[test]
fn an_upward_import_is_found_with_its_line() {
    let layers = layers(
        "## Layers\n\n| layer | name | modules |\n|---|---|---|\n| 0 | ground | `json`, `meta` |\n| 1 | rules | `rules` |\n| 2 | interface | `lib` |\n",
    );
    let file = |path: &str, module: &str, source: &str| {
        (path.to_string(), module.to_string(), source.to_string())
    };
    let files = vec![
        file(
            "src/json/mod.rs",
            "json",
            "// crate::rules in a comment\nuse crate::meta::Level;\nconst S: &str = \"crate::rules\";\nuse crate::{meta, rules::file::X};\n",
        ),
        file(
            "src/rules/mod.rs",
            "rules",
            "use crate::json::Json;\nmod tests {\n    use super::RULES;\n}\n",
        ),
        file(
            "src/rules/file.rs",
            "rules::file",
            "use super::Rule;\nfn f() { crate::HOMEPAGE; }\n",
        ),
        file(
            "src/meta.rs",
            "meta",
            "let x = $crate::rules::Y;\n#[cfg(test)]\nmod tests {\n    use super::Level;\n    use super::super::rules::Z;\n}\n",
        ),
        file("src/lib.rs", "lib", "use crate::rules::RULES;\n"),
        file("src/extra.rs", "extra", "\n"),
    ];
    let (unplaced, upward) = violations(&files, &layers);
    assert_eq!(
        unplaced,
        ["src/extra.rs: module `extra` is in no layer of ARCHITECTURE.md"]
    );
    assert_eq!(
        upward,
        [
            "src/json/mod.rs:4: `json` (layer 0, ground) imports `rules::file` (layer 1, rules) through `rules::file::X`",
            "src/rules/file.rs:2: `rules::file` (layer 1, rules) names `crate::HOMEPAGE` of the crate root (layer 2, interface)",
            "src/meta.rs:1: `meta` (layer 0, ground) imports `rules` (layer 1, rules) through `rules::Y`",
            "src/meta.rs:5: `meta` (layer 0, ground) imports `rules` (layer 1, rules) through `rules::Z`",
        ]
    );
}

#[test]
fn comments_and_literals_are_blanked_with_lines_kept() {
    let code = code_only(
        "a /* x /* nested */ crate::y */ b\n'c' 'life \"q\\\"crate::z\" r#\"crate::w\"# // crate::v\nd",
    );
    assert!(!code.contains("crate::"), "{code}");
    assert_eq!(code.lines().count(), 3);
    assert!(code.contains("'life"));
}
