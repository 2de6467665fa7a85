//! End-to-end checks over the real connectors in ../shared/corpus: every file processed, no panic,
//! one finding per unparsable file at the parser's stop, each leniency reported, extraction counts
//! equal to an independent walk, and output independent of the thread count.

use std::process::Command;

use connector_lint::config::Settings;
use connector_lint::diagnostic::FileId;
use connector_lint::{extract, json, lint};

mod common;
use common::{corpus, files_named};
use serde_json::Value;

#[test]
fn every_swagger_is_processed_and_unparsable_files_get_one_finding() {
    let root = corpus();
    let swaggers = files_named(&root, "apiDefinition.swagger.json");
    assert!(
        swaggers.len() > 600,
        "corpus has {} swagger files",
        swaggers.len()
    );
    let settings = Settings::default_settings();
    let report = lint::run(&[(root.clone(), &settings)], lint::RunOptions::default());
    assert_eq!(
        report.connectors,
        swaggers.len(),
        "one connector per swagger file"
    );

    let mut unparsable = 0;
    let mut lenient = 0;
    for kind in ["apiDefinition.swagger.json", "apiProperties.json"] {
        for path in files_named(&root, kind) {
            let bytes = std::fs::read(&path).unwrap();
            let display = connector_lint::connector::display_path(&path);
            let findings: Vec<_> = report
                .iter()
                .filter(|(f, d)| f.display == display && d.rule.id == "file-json-valid")
                .map(|(_, d)| (d.start, d.message.clone()))
                .collect();
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let strict = serde_json::from_slice::<Value>(body);
            let mut sink = Vec::new();
            let text = String::from_utf8_lossy(body);
            let ours = json::parse(&text, FileId(0), &mut sink);
            match (&strict, ours.is_some()) {
                (Ok(_), _) => assert!(
                    findings.is_empty(),
                    "{display}: strict JSON but {findings:?}"
                ),
                (Err(_), true) => {
                    lenient += 1;
                    assert!(
                        !findings.is_empty(),
                        "{display}: lenient file without a leniency finding"
                    );
                    assert!(
                        findings.iter().all(|(_, m)| !m.starts_with("Invalid JSON")),
                        "{display}: {findings:?}"
                    );
                }
                (Err(e), false) => {
                    unparsable += 1;
                    assert_eq!(findings.len(), 1, "{display}: {findings:?}");
                    // jsonc-parser stops at the same token as serde_json, or right after the
                    // previous value when a comma is missing: never more than a line apart.
                    let line = findings[0].0.line as usize;
                    assert!(
                        line == e.line() || line + 1 == e.line(),
                        "{display}: finding on line {line}, serde_json stopped on line {}",
                        e.line()
                    );
                }
            }
            if bytes.starts_with(b"\xEF\xBB\xBF") {
                assert!(
                    report
                        .iter()
                        .any(|(f, d)| f.display == display && d.rule.id == "file-encoding"),
                    "{display}: BOM not reported"
                );
            }
        }
    }
    eprintln!("unparsable files: {unparsable}, parsed only leniently: {lenient}");
    assert!(
        unparsable >= 5 && lenient >= 5,
        "the corpus's malformed files are still there"
    );
}

/// An independent count of user-facing strings, walking serde_json values by the same definition
/// (README: "What is a user-facing string").
mod independent {
    use serde_json::{Map, Value};

    fn s(o: &Map<String, Value>, k: &str) -> usize {
        usize::from(matches!(o.get(k), Some(Value::String(_))))
    }

    fn enum_values(o: &Map<String, Value>) -> usize {
        o.get("x-ms-enum-values")
            .and_then(Value::as_array)
            .map_or(0, |a| {
                a.iter()
                    .filter_map(Value::as_object)
                    .map(|v| s(v, "displayName"))
                    .sum()
            })
    }

    fn schema(o: &Map<String, Value>) -> usize {
        if o.contains_key("$ref") {
            return 0;
        }
        let mut n = s(o, "title") + s(o, "x-ms-summary") + s(o, "description") + enum_values(o);
        if let Some(p) = o.get("properties").and_then(Value::as_object) {
            n += p
                .values()
                .filter_map(Value::as_object)
                .map(schema)
                .sum::<usize>();
        }
        match o.get("items") {
            Some(Value::Object(i)) => n += schema(i),
            Some(Value::Array(a)) => {
                n += a
                    .iter()
                    .filter_map(Value::as_object)
                    .map(schema)
                    .sum::<usize>()
            }
            _ => {}
        }
        if let Some(a) = o.get("allOf").and_then(Value::as_array) {
            n += a
                .iter()
                .filter_map(Value::as_object)
                .map(schema)
                .sum::<usize>();
        }
        if let Some(a) = o.get("additionalProperties").and_then(Value::as_object) {
            n += schema(a);
        }
        n
    }

    /// A schema at the root of a definition, a response or a body parameter: the `title` of an
    /// object or array there names the type and is no user-facing string.
    fn root_schema(o: &Map<String, Value>) -> usize {
        let structured = matches!(
            o.get("type").and_then(Value::as_str),
            Some("object" | "array")
        ) || ["properties", "items", "allOf", "additionalProperties"]
            .iter()
            .any(|k| o.contains_key(*k));
        let unseen_title = structured && !o.contains_key("$ref") && s(o, "title") == 1;
        schema(o) - usize::from(unseen_title)
    }

    fn parameter(o: &Map<String, Value>) -> usize {
        if o.contains_key("$ref") {
            return 0;
        }
        let mut n = s(o, "x-ms-summary") + s(o, "description") + enum_values(o);
        if let Some(x) = o.get("schema").and_then(Value::as_object) {
            n += root_schema(x);
        }
        if let Some(x) = o.get("items").and_then(Value::as_object) {
            n += schema(x);
        }
        n
    }

    fn response(o: &Map<String, Value>) -> usize {
        if o.contains_key("$ref") {
            return 0;
        }
        s(o, "description")
            + s(o, "x-ms-summary")
            + objs(o.get("headers"))
                .map(|h| s(h, "x-ms-summary") + s(h, "description"))
                .sum::<usize>()
            + o.get("schema")
                .and_then(Value::as_object)
                .map_or(0, root_schema)
    }

    fn objs<'a>(v: Option<&'a Value>) -> Box<dyn Iterator<Item = &'a Map<String, Value>> + 'a> {
        match v {
            Some(Value::Object(m)) => Box::new(m.values().filter_map(Value::as_object)),
            Some(Value::Array(a)) => Box::new(a.iter().filter_map(Value::as_object)),
            _ => Box::new(std::iter::empty()),
        }
    }

    pub fn swagger(root: &Value) -> usize {
        let Some(root) = root.as_object() else {
            return 0;
        };
        let mut n = 0;
        if let Some(info) = root.get("info").and_then(Value::as_object) {
            n += s(info, "title") + s(info, "description");
        }
        for item in objs(root.get("paths")) {
            n += objs(item.get("parameters")).map(parameter).sum::<usize>();
            n += item
                .get("x-ms-notification-content")
                .and_then(Value::as_object)
                .map_or(0, response);
            for verb in ["get", "put", "post", "delete", "options", "head", "patch"] {
                let Some(op) = item.get(verb).and_then(Value::as_object) else {
                    continue;
                };
                n += s(op, "summary") + s(op, "description") + s(op, "x-ms-trigger-hint");
                n += objs(op.get("parameters")).map(parameter).sum::<usize>();
                n += objs(op.get("responses")).map(response).sum::<usize>();
                n += op
                    .get("x-ms-notification-content")
                    .and_then(Value::as_object)
                    .map_or(0, response);
            }
        }
        n += objs(root.get("parameters")).map(parameter).sum::<usize>();
        n += objs(root.get("responses")).map(response).sum::<usize>();
        n += objs(root.get("definitions"))
            .map(root_schema)
            .sum::<usize>();
        n
    }

    fn ui(o: &Map<String, Value>) -> usize {
        let Some(ui) = o.get("uiDefinition").and_then(Value::as_object) else {
            return 0;
        };
        let mut n = s(ui, "displayName") + s(ui, "description") + s(ui, "tooltip");
        if let Some(c) = ui.get("constraints").and_then(Value::as_object) {
            n += objs(c.get("allowedValues"))
                .map(|v| s(v, "text"))
                .sum::<usize>();
        }
        n
    }

    fn connection_parameters(m: &Map<String, Value>) -> usize {
        m.values()
            .filter_map(Value::as_object)
            .map(|cp| {
                ui(cp)
                    + objs(cp.get("allowedValues"))
                        .filter_map(|v| v.get("uiDefinition").and_then(Value::as_object))
                        .map(|u| s(u, "displayName") + s(u, "description"))
                        .sum::<usize>()
            })
            .sum()
    }

    pub fn api_properties(root: &Value) -> usize {
        let Some(p) = root.get("properties").and_then(Value::as_object) else {
            return 0;
        };
        let mut n = p
            .get("connectionParameters")
            .and_then(Value::as_object)
            .map_or(0, connection_parameters);
        if let Some(sets) = p.get("connectionParameterSets").and_then(Value::as_object) {
            n += ui(sets);
            for v in objs(sets.get("values")) {
                n += ui(v);
                n += v
                    .get("parameters")
                    .and_then(Value::as_object)
                    .map_or(0, connection_parameters);
            }
        }
        n
    }
}

/// Remove `//` and `/* */` comments and trailing commas outside strings, so that serde_json can read
/// the corpus's leniently-parsed files for the independent count.
fn strip_leniencies(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                let end = (i + 1).min(b.len());
                out.extend(
                    b[start..end]
                        .iter()
                        .map(|&c| if c < 0x20 { b' ' } else { c }),
                );
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b',' => {
                let next = b[i + 1..].iter().find(|c| !c.is_ascii_whitespace());
                if !matches!(next, Some(b'}') | Some(b']')) {
                    out.push(b',');
                }
            }
            c if c < 0x20 && c != b'\n' && c != b'\r' => out.push(b' '),
            c if c >= 0x80 => {
                // Non-ASCII white space outside strings (the only non-ASCII a parsed file has there).
                let ch = text[i..].chars().next().unwrap();
                out.push(b' ');
                i += ch.len_utf8() - 1;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn extracted_strings_match_an_independent_count() {
    let root = corpus();
    let (mut ours_total, mut theirs_total, mut files) = (0usize, 0usize, 0usize);
    for (name, is_swagger) in [
        ("apiDefinition.swagger.json", true),
        ("apiProperties.json", false),
    ] {
        for path in files_named(&root, name) {
            let bytes = std::fs::read(&path).unwrap();
            let mut sink = Vec::new();
            let decoded = json::decode(bytes, FileId(0), false, &mut sink);
            let Some(doc) = json::parse(&decoded.text, FileId(0), &mut sink) else {
                continue;
            };
            let ours = if is_swagger {
                extract::swagger_strings(&doc).len()
            } else {
                extract::api_properties_strings(&doc).len()
            };
            let value: Value = serde_json::from_str(&decoded.text)
                .or_else(|_| serde_json::from_str(&strip_leniencies(&decoded.text)))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let theirs = if is_swagger {
                independent::swagger(&value)
            } else {
                independent::api_properties(&value)
            };
            assert_eq!(ours, theirs, "{}", path.display());
            ours_total += ours;
            theirs_total += theirs;
            files += 1;
        }
    }
    eprintln!(
        "{files} files: {ours_total} strings extracted, {theirs_total} counted independently"
    );
    assert_eq!(ours_total, theirs_total);
    assert!(ours_total > 200_000, "{ours_total}");
}

#[test]
fn output_is_identical_with_one_and_two_threads() {
    // Every format that renders in parallel: text's snippets in batches, the others in chunks of
    // findings written in order.
    for format in ["json", "text", "sarif", "concise"] {
        let run = |threads: &str| {
            let out = Command::new(env!("CARGO_BIN_EXE_connector-lint"))
                .args(["check", "--format", format, "--threads", threads])
                .arg(corpus())
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(1),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let mut stdout = out.stdout;
            if format == "text" || format == "concise" {
                // The summary line ends with the time taken.
                let body = stdout[..stdout.len() - 1]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .unwrap();
                assert!(stdout[body..].starts_with(b"\nChecked "));
                stdout.truncate(body);
            }
            stdout
        };
        let one = run("1");
        let two = run("2");
        assert!(one.len() > 1000);
        assert!(
            one == two,
            "{format} output differs between 1 and 2 threads"
        );
    }
}

#[test]
fn each_distinct_word_is_checked_once() {
    // Distinct word tokens over every string of the corpus, counted here independently of the run.
    let root = corpus();
    let distinct = common::distinct_words(&root);
    let out = Command::new(env!("CARGO_BIN_EXE_connector-lint"))
        .args(["check", "--format", "concise", "--statistics", "--output"])
        .arg(std::env::temp_dir().join("connector-lint-statistics.txt"))
        .arg(&root)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let line = stderr
        .lines()
        .find(|l| l.starts_with("spelling: "))
        .expect("--statistics prints the spelling figures");
    let nums: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|s| s.parse().ok())
        .collect();
    let (words, checks) = (nums[0], nums[1]);
    eprintln!(
        "{line}; {} distinct word tokens in the corpus",
        distinct.len()
    );
    assert_eq!(words, checks, "one dictionary check per distinct word");
    assert!(
        checks <= distinct.len(),
        "{checks} checks for {} distinct tokens",
        distinct.len()
    );
    assert!(checks > 5_000, "{line}");
}
