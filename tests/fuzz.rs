//! A fuzz harness on stable Rust (issue 16): real connectors of `../shared/corpus`, mutated, run
//! through the whole pipeline in-process (load, parse, extract, every rule, every output format,
//! the readiness report and the `strings` listing, and the breaking-change comparison with the
//! original connector) on a pool of 1 thread and one of 2. It fails on
//! a panic (also one a connector's guard caught), on SARIF that is not JSON or breaks
//! `../shared/spec/sarif-2.1.0.schema.json`, on JSON output that does not parse, and on any output
//! that differs between the thread counts.
//!
//! Environment:
//! - `CONNECTOR_LINT_FUZZ_SECS`: how long to mutate, in seconds (default 20, what CI runs).
//! - `CONNECTOR_LINT_FUZZ_SEED`: the seed (default 16, so CI runs are reproducible). Input `n` of a
//!   seed is the same whatever ran before it.
//! - `CONNECTOR_LINT_FUZZ_SARIF_SAMPLE=DIR`: write the SARIF log of every 20th input (every Nth
//!   with `CONNECTOR_LINT_FUZZ_SARIF_EVERY=N`) to DIR, for the SARIF Multitool, which is too slow
//!   to run on each: `scripts/validate-sarif.sh --logs DIR`.
//! - `CONNECTOR_LINT_FUZZ_REPLAY=DIR`: check only DIR (a failure or a regression folder).
//!
//! Regressions: every folder of `tests/fuzz/regressions/` is checked first, as it is. Each holds
//! the connector tree that failed, laid out as the harness writes it
//! (`certified-connectors/<Name>/apiDefinition.swagger.json` ...), cut down by hand to what still
//! fails, and a `NOTE.md` saying which corpus connector and file it came from, and what broke.
//! A failing input is written to `target/fuzz-failures/<seed>-<n>/` in the same layout.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use connector_lint::config::{Overrides, Settings};
use connector_lint::lint::{self, KeepText, RunOptions};
use connector_lint::render::{self, Format, RenderOptions};
use serde_json::Value;

const CORPUS: &str = "../shared/corpus/PowerPlatformConnectors";
const SCHEMA: &str = "../shared/spec/sarif-2.1.0.schema.json";
const REGRESSIONS: &str = "tests/fuzz/regressions";
/// An input that takes longer than this is a hang: it is saved and the process stops.
const HANG: Duration = Duration::from_secs(300);
/// A long run stops after this many failures (each one is saved).
const MAX_FAILURES: usize = 20;

// ---------------------------------------------------------------------------------------------
// Random numbers: splitmix64, seeded per input.

struct Rng(u64);

impl Rng {
    fn for_input(seed: u64, n: u64) -> Rng {
        let mut r = Rng(seed ^ n.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// In `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs: a tree of connector folders held in memory.

/// One connector: where it goes below the root, and its files by name (`None`: deleted).
#[derive(Clone)]
struct Input {
    rel: PathBuf,
    source: PathBuf,
    files: BTreeMap<String, Option<Vec<u8>>>,
}

impl Input {
    fn read(source: &Path, rel: PathBuf) -> Input {
        let mut files = BTreeMap::new();
        for e in std::fs::read_dir(source).unwrap_or_else(|e| panic!("{}: {e}", source.display())) {
            let e = e.unwrap();
            if e.file_type().unwrap().is_file() {
                let name = e.file_name().to_string_lossy().into_owned();
                files.insert(name, Some(std::fs::read(e.path()).unwrap()));
            }
        }
        Input {
            rel,
            source: source.to_path_buf(),
            files,
        }
    }

    /// The name of the file of this kind (any case), if the folder has one.
    fn name_of(&self, file: &str) -> Option<String> {
        self.files
            .keys()
            .find(|k| k.eq_ignore_ascii_case(file))
            .cloned()
    }

    fn write(&self, root: &Path) {
        let dir = root.join(&self.rel);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in &self.files {
            if let Some(bytes) = bytes {
                std::fs::write(dir.join(name), bytes).unwrap();
            }
        }
    }
}

/// Every connector folder of the corpus (a folder with a swagger file), sorted.
fn corpus_connectors() -> Vec<PathBuf> {
    let root = Path::new(CORPUS);
    assert!(
        root.is_dir(),
        "the fuzz harness mutates the corpus of real connectors, which must be at {CORPUS} (beside \
         the checkout; CI has it)"
    );
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else if e
                .file_name()
                .to_string_lossy()
                .eq_ignore_ascii_case("apiDefinition.swagger.json")
            {
                out.push(dir.clone());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

// ---------------------------------------------------------------------------------------------
// Mutations.

const JSON_FILES: [&str; 3] = [
    "apiDefinition.swagger.json",
    "apiProperties.json",
    "settings.json",
];

/// Tokens inserted anywhere in a JSON file.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "\\",
    "\\u",
    "null",
    "true",
    "-",
    "\"$ref\": \"#/definitions/x\",",
    "\"$ref\": \"#\",",
    "\"x-ms-visibility\": \"internal\",",
    "\"x-ms-summary\": \"\",",
    "\"description\": \"\",",
    "/*",
    "*/",
    "// c\n",
    "\t",
    "\u{a0}",
    "\u{2028}",
    "\u{b}",
    "\u{c}",
    "\u{feff}",
    "\r",
];

/// Raw JSON values (valid or not) that replace a value.
fn raw_values() -> Vec<String> {
    let mut v: Vec<String> = [
        "1e999999",
        "-1e999999",
        "1E+400",
        "4.9e-325",
        "-0",
        "-0.0",
        "NaN",
        "Infinity",
        "-Infinity",
        "01",
        "1.",
        ".5",
        "+1",
        "0x1F",
        "1e",
        "18446744073709551616",
        "-9223372036854775809",
        "1.7976931348623157e309",
        "\"\\ud800\"",
        "\"a\\udfffb\"",
        "\"\\udc00\\ud800\"",
        "\"\\ud83d\\ude00 ok\"",
        "\"\\ud83d\"",
        "\"\\ud800\\u0041\"",
        "\"\\uDBFF\\uDFFF\"",
        "\"\\ud800\\ud800\"",
        "\"\\u0000\"",
        "\"\\uZZZZ\"",
        "\"\\u12\"",
        "\"\\x41\"",
        "\"\\\"",
        "\"unterminated",
        "true1",
        "nul",
        "[,]",
        "{,}",
        "[1,]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{\"a\":1 \"b\":2}",
        "/* c */ 1",
        "{\"a\":1,\"a\":2}",
        "\"{param}\"",
        "\"\"",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("9".repeat(500));
    v.push(format!(
        "-{}.{}e-{}",
        "1".repeat(300),
        "2".repeat(300),
        "9".repeat(30)
    ));
    v
}

/// Values of the wrong type, for any node.
fn typed_values() -> Vec<Value> {
    serde_json::from_str(
        r##"[null, true, false, 0, -1, 3.5, "", " ", "string", [], {}, [[]], [null], [{}],
        {"$ref": "#"}, {"type": "object"}, {"type": ["string", null]}, {"items": []},
        {"properties": []}, {"in": "body", "name": "", "schema": null},
        {"x-ms-dynamic-values": {"operationId": null}}, ["a", 1, null, {}]]"##,
    )
    .unwrap()
}

/// Strings a user-facing field may hold.
fn odd_strings() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        " ",
        "\t\n",
        "a\u{0}b",
        "\u{feff}Title",
        "\u{202e}abc",
        "e\u{301}e\u{301}",
        "🙂🙂",
        "{param}",
        "{{x}}",
        "<script>alert(1)</script>",
        "[x](javascript:1)",
        "Microsoft Power Automate flow",
        "the the the",
        "Get the Flow. ",
        "\n\n",
        "https://",
        "Ünïcödé ßtraße",
        "ＡＢＣ",
        "日本語のテキスト",
        "مرحبا",
        "x-ms-",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("x".repeat(70));
    v.push("a".repeat(100_000));
    v.push("ä".repeat(5_000));
    v.push("Gets the item. ".repeat(2_000));
    v
}

const REF_TARGETS: &[&str] = &[
    "#",
    "#/",
    "#/definitions/a",
    "#/definitions/",
    "#/definitions/missing",
    "#/definitions/a~1b",
    "#/definitions/a~2",
    "#/definitions/%20",
    "#/definitions/self",
    "#/definitions/c0",
    "#/paths/~1x/get",
    "#/paths",
    "#/parameters/p",
    "#/responses/r",
    "#/info/title",
    "#/definitions/a/properties/b",
    "http://example.com/x.json#/a",
    "other.json",
    "",
    "#/definitions/\u{0}",
];

const XMS_KEYS: &[&str] = &[
    "x-ms-visibility",
    "x-ms-summary",
    "x-ms-dynamic-values",
    "x-ms-dynamic-schema",
    "x-ms-dynamic-list",
    "x-ms-dynamic-properties",
    "x-ms-trigger",
    "x-ms-trigger-hint",
    "x-ms-connector-metadata",
    "x-ms-capabilities",
    "x-ms-api-annotation",
    "x-ms-url-encoding",
    "x-ms-paging",
    "x-ms-no-generic-test",
    "x-ms-openai-data",
    "x-ms-notification-content",
    "x-ms-notification-url",
    "x-ms-enum-values",
    "x-ms-test-value",
    "x-ms-editor",
    "x-ms-pageable",
    "x-ms-",
];

/// Keys under which a subtree is copied elsewhere.
const KEYS: &[&str] = &[
    "description",
    "summary",
    "title",
    "parameters",
    "responses",
    "schema",
    "items",
    "properties",
    "enum",
    "default",
    "in",
    "name",
    "type",
    "format",
    "required",
    "operationId",
    "security",
    "securityDefinitions",
    "host",
    "basePath",
    "info",
    "paths",
    "definitions",
    "properties",
    "iconBrandColor",
    "publisher",
    "stackOwner",
    "connectionParameters",
    "policyTemplateInstances",
    "capabilities",
];

/// A JSON pointer token.
fn escape_token(t: &str) -> String {
    t.replace('~', "~0").replace('/', "~1")
}

fn pointers(v: &Value, at: &mut String, out: &mut Vec<(String, bool)>) {
    out.push((at.clone(), v.is_object()));
    let len = at.len();
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                at.push('/');
                at.push_str(&escape_token(k));
                pointers(c, at, out);
                at.truncate(len);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                at.push('/');
                at.push_str(&i.to_string());
                pointers(c, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// A mutation that edits the parsed JSON (when the file parses), then writes it out again;
/// `raw` values are spliced in afterwards through placeholder strings.
fn structural(rng: &mut Rng, data: &[u8]) -> Option<(&'static str, Vec<u8>)> {
    let text = std::str::from_utf8(data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data)).ok()?;
    let mut root: Value = serde_json::from_str(text).ok()?;
    let mut all = Vec::new();
    pointers(&root, &mut String::new(), &mut all);
    let objects: Vec<&String> = all.iter().filter(|(_, o)| *o).map(|(p, _)| p).collect();
    let (node, _) = rng.pick(&all).clone();
    let object = (*rng.pick(&objects)).clone();
    let mut raws: Vec<String> = Vec::new();
    let placeholder = |raws: &mut Vec<String>, raw: String| {
        raws.push(raw);
        Value::String(format!("\u{1}RAW{}\u{1}", raws.len() - 1))
    };
    let kind = match rng.below(8) {
        0 => {
            let raw = if rng.percent(20) {
                let depth = *rng.pick(&[127, 128, 129, 1_000, 100_000]);
                let (open, close) = if rng.percent(50) {
                    ("[", "]")
                } else {
                    ("{\"a\":", "}")
                };
                format!("{}1{}", open.repeat(depth), close.repeat(depth))
            } else {
                rng.pick(&raw_values()).clone()
            };
            *root.pointer_mut(&node)? = placeholder(&mut raws, raw);
            "json-raw-value"
        }
        1 => {
            *root.pointer_mut(&node)? = rng.pick(&typed_values()).clone();
            "json-wrong-type"
        }
        2 => {
            let target = Value::String(rng.pick(REF_TARGETS).to_string());
            let target = if rng.percent(15) {
                rng.pick(&typed_values()).clone()
            } else {
                target
            };
            root.pointer_mut(&object)?
                .as_object_mut()?
                .insert("$ref".into(), target);
            if rng.percent(60) {
                // Cycles, a self-reference and a long chain.
                let mut defs: serde_json::Map<String, Value> = serde_json::from_str(
                    r##"{"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"},
                    "self": {"$ref": "#/definitions/self"},
                    "a~b": {"type": "object", "properties": {"b": {"$ref": "#/definitions/a~1b"}}}}"##,
                )
                .unwrap();
                let n = *rng.pick(&[5, 40, 2_000]);
                for i in 0..n {
                    defs.insert(
                        format!("c{i}"),
                        serde_json::json!({"$ref": format!("#/definitions/c{}", i + 1)}),
                    );
                }
                defs.insert(format!("c{n}"), serde_json::json!({"type": "object"}));
                let obj = root.as_object_mut()?;
                match obj.get_mut("definitions").and_then(Value::as_object_mut) {
                    Some(d) => d.extend(defs),
                    None => {
                        obj.insert("definitions".into(), Value::Object(defs));
                    }
                }
            }
            "json-ref"
        }
        3 => {
            let value = match rng.below(3) {
                0 => rng.pick(&typed_values()).clone(),
                1 => Value::String(rng.pick(&odd_strings()).clone()),
                _ => serde_json::json!({
                    "operationId": rng.pick(&["", "Missing", "GetItem"]).to_string(),
                    "parameters": {"id": {"parameter": "x"}, "n": 1},
                    "value-path": "id", "value-title": ["x"], "value-collection": null,
                    "itemValuePath": {}, "builtInOperation": "x", "metadata": [],
                }),
            };
            root.pointer_mut(&object)?
                .as_object_mut()?
                .insert(rng.pick(XMS_KEYS).to_string(), value);
            "json-x-ms-key"
        }
        4 => {
            let (parent, last) = node.rsplit_once('/')?;
            match root.pointer_mut(parent)? {
                Value::Object(m) => {
                    let key = last.replace("~1", "/").replace("~0", "~");
                    m.shift_remove(&key);
                }
                Value::Array(a) => {
                    let i: usize = last.parse().ok()?;
                    a.remove(i);
                }
                _ => return None,
            }
            "json-delete"
        }
        7 => {
            // A key renamed (a path of `paths` more often than not) to an odd one.
            let keys: Vec<&String> = all
                .iter()
                .map(|(p, _)| p)
                .filter(|p| {
                    p.len() > 1
                        && root
                            .pointer(p.rsplit_once('/').unwrap().0)
                            .is_some_and(Value::is_object)
                })
                .collect();
            let path_keys: Vec<&String> = keys
                .iter()
                .copied()
                .filter(|p| p.starts_with("/paths/") && p.matches('/').count() == 2)
                .collect();
            let at = if !path_keys.is_empty() && rng.percent(50) {
                rng.pick(&path_keys)
            } else {
                rng.pick(&keys)
            };
            let (parent, last) = at.rsplit_once('/')?;
            let key = last.replace("~1", "/").replace("~0", "~");
            let m = root.pointer_mut(parent)?.as_object_mut()?;
            let v = m.shift_remove(&key)?;
            let raw_key = *rng.pick(&["\"\\ud800\"", "\"\\udc00\\ud800\"", "\"a\\u0000b\""]);
            let odd = if rng.percent(15) {
                raws.push(raw_key.to_string());
                format!("\u{1}RAW{}\u{1}", raws.len() - 1)
            } else {
                rng.pick(&[
                    "",
                    " ",
                    "~",
                    "/",
                    "a/b",
                    "{",
                    "}",
                    "{id",
                    "x-ms-",
                    "$ref",
                    "🙂",
                    "/",
                    "{id}",
                    "/a/{",
                    "/a/}",
                    "/a/{}",
                    "/a/{id}/{id}",
                    "/a?b=1",
                    "/a#x",
                    "//",
                    "/a/{%}",
                    "/ä/{ü}",
                    "/{a}{b}",
                    "/items/{id}",
                    "/items/{id}/",
                    "/Items/{ID}",
                ])
                .to_string()
            };
            m.insert(odd, v);
            "json-odd-key"
        }
        5 => {
            let copy = root.pointer(&node)?.clone();
            root.pointer_mut(&object)?
                .as_object_mut()?
                .insert(rng.pick(KEYS).to_string(), copy);
            "json-copy-subtree"
        }
        _ => {
            let s = rng.pick(&odd_strings()).clone();
            // A string node if the chosen node is none.
            let string_nodes: Vec<&String> = all
                .iter()
                .map(|(p, _)| p)
                .filter(|p| root.pointer(p).is_some_and(Value::is_string))
                .collect();
            let at = if string_nodes.is_empty() {
                node
            } else {
                (*rng.pick(&string_nodes)).clone()
            };
            *root.pointer_mut(&at)? = Value::String(s);
            "json-odd-string"
        }
    };
    let mut out = if rng.percent(85) {
        serde_json::to_string_pretty(&root).ok()?
    } else {
        serde_json::to_string(&root).ok()?
    };
    for (i, raw) in raws.iter().enumerate() {
        out = out.replace(&format!("\"\\u0001RAW{i}\\u0001\""), raw);
    }
    Some((kind, out.into_bytes()))
}

/// Byte ranges of scalar values after a `:` (strings with their quotes), found by a rough scan.
fn scalar_values(data: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        if data[i] != b':' {
            i += 1;
            continue;
        }
        let mut s = i + 1;
        while s < data.len() && matches!(data[s], b' ' | b'\t' | b'\r' | b'\n') {
            s += 1;
        }
        let mut e = s;
        if data.get(s) == Some(&b'"') {
            e += 1;
            while e < data.len() && data[e] != b'"' {
                e += if data[e] == b'\\' { 2 } else { 1 };
            }
            e = (e + 1).min(data.len());
        } else {
            while e < data.len() && !matches!(data[e], b',' | b'}' | b']' | b'\n' | b'{' | b'[') {
                e += 1;
            }
        }
        if e > s {
            out.push(s..e);
        }
        i = e.max(i + 1);
    }
    out
}

fn insert(data: &mut Vec<u8>, at: usize, bytes: &[u8]) {
    let at = at.min(data.len());
    data.splice(at..at, bytes.iter().copied());
}

/// A random place in `data`, or a value's place when there is one and the coin says so.
fn place(rng: &mut Rng, data: &[u8], values: bool) -> usize {
    if values {
        let v = scalar_values(data);
        if !v.is_empty() {
            return rng.pick(&v).start;
        }
    }
    rng.below(data.len() + 1)
}

/// Mutations of any file's bytes.
fn textual(rng: &mut Rng, data: &mut Vec<u8>, json: bool) -> &'static str {
    let kinds: &[&str] = &[
        "byte-flip",
        "byte-insert",
        "byte-delete",
        "truncate",
        "token",
        "surrogate-escape",
        "deep-nesting",
        "huge-number",
        "bom",
        "invalid-utf8",
        "nul",
        "line-endings",
        "long-line",
        "duplicate-lines",
    ];
    let kind = *rng.pick(kinds);
    match kind {
        "byte-flip" => {
            for _ in 0..1 + rng.below(8) {
                if !data.is_empty() {
                    let i = rng.below(data.len());
                    data[i] ^= 1 << rng.below(8);
                }
            }
        }
        "byte-insert" => {
            let bytes: Vec<u8> = (0..1 + rng.below(16)).map(|_| rng.next() as u8).collect();
            let at = rng.below(data.len() + 1);
            insert(data, at, &bytes);
        }
        "byte-delete" => {
            if !data.is_empty() {
                let s = rng.below(data.len());
                let e = (s + 1 + rng.below(64)).min(data.len());
                data.drain(s..e);
            }
        }
        "truncate" => {
            let at = rng.below(data.len() + 1);
            data.truncate(at);
        }
        "token" => {
            let t = *rng.pick(TOKENS);
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(data.len() + 1);
                insert(data, at, t.as_bytes());
            }
        }
        "surrogate-escape" => {
            let esc = *rng.pick(&[
                "\\ud800",
                "\\udfff",
                "\\udc00\\ud800",
                "\\uDFFF\\uDBFF",
                "\\ud83d\\ude00",
                "\\ud83d",
                "\\ud800\\u0041",
                "\\ud800\\",
                "\\u00",
                "\\",
            ]);
            // Just after the opening quote of a string value, or anywhere.
            let v = scalar_values(data);
            let strings: Vec<usize> = v
                .iter()
                .filter(|r| data[r.start] == b'"')
                .map(|r| r.start + 1)
                .collect();
            let at = if !strings.is_empty() && rng.percent(85) {
                *rng.pick(&strings)
            } else {
                rng.below(data.len() + 1)
            };
            insert(data, at, esc.as_bytes());
        }
        "deep-nesting" => {
            let depth = *rng.pick(&[129, 1_000, 10_000, 50_000, 200_000]);
            let open = *rng.pick(&["[", "{\"a\":", "[{\"a\":", "{\"a\":["]);
            let mut nest = open.repeat(depth);
            if rng.percent(50) {
                nest.push('1');
                let close: String = open
                    .chars()
                    .rev()
                    .filter_map(|c| match c {
                        '[' => Some(']'),
                        '{' => Some('}'),
                        _ => None,
                    })
                    .collect();
                nest.push_str(&close.repeat(depth));
            }
            if rng.percent(20) {
                *data = nest.into_bytes();
            } else {
                let at = place(rng, data, json);
                insert(data, at, nest.as_bytes());
            }
        }
        "huge-number" => {
            let raws = raw_values();
            let numbers: Vec<&String> = raws
                .iter()
                .filter(|r| !r.starts_with(['"', '[', '{', '/']))
                .collect();
            let raw = (*rng.pick(&numbers)).clone();
            let v = scalar_values(data);
            if v.is_empty() {
                let at = rng.below(data.len() + 1);
                insert(data, at, raw.as_bytes());
            } else {
                let r = rng.pick(&v).clone();
                data.splice(r, raw.bytes());
            }
        }
        "bom" => match rng.below(5) {
            0 => insert(data, 0, b"\xEF\xBB\xBF"),
            1 => insert(data, 0, b"\xEF\xBB\xBF\xEF\xBB\xBF"),
            2 => {
                let at = rng.below(data.len() + 1);
                insert(data, at, b"\xEF\xBB\xBF");
            }
            k => {
                let text = String::from_utf8_lossy(data).into_owned();
                let le = k == 3;
                let mut out: Vec<u8> = if rng.percent(70) {
                    if le {
                        vec![0xFF, 0xFE]
                    } else {
                        vec![0xFE, 0xFF]
                    }
                } else {
                    Vec::new()
                };
                for u in text.encode_utf16() {
                    out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
                }
                *data = out;
            }
        },
        "invalid-utf8" => {
            let bad = *rng.pick::<&[u8]>(&[
                &b"\xFF"[..],
                b"\xC0\x80",
                b"\x80",
                b"\xE2\x82",
                b"\xED\xA0\x80",
                b"\xF4\x90\x80\x80",
                b"\xF0\x9F\x98",
                b"\x93smart\x94",
            ]);
            let values = json && rng.percent(50);
            let at = place(rng, data, values);
            insert(data, at, bad);
        }
        "nul" => {
            let values = json && rng.percent(50);
            let at = place(rng, data, values);
            insert(data, at, &b"\0\0\0\0"[..1 + rng.below(4)]);
        }
        "line-endings" => {
            let text = std::mem::take(data);
            let with = *rng.pick::<&[u8]>(&[&b"\r\n"[..], b"\r", b"\n\r", b"\r\r\n"]);
            let mixed = rng.percent(30);
            for b in text {
                if b == b'\n' && (!mixed || rng.percent(50)) {
                    data.extend_from_slice(with);
                } else {
                    data.push(b);
                }
            }
        }
        "long-line" => match rng.below(3) {
            0 => {
                // One line: every line break and the indentation after it removed.
                let text = std::mem::take(data);
                let mut skip = false;
                for b in text {
                    if b == b'\n' || b == b'\r' {
                        skip = true;
                    } else if !(skip && (b == b' ' || b == b'\t')) {
                        skip = false;
                        data.push(b);
                    }
                }
            }
            1 => {
                let n = *rng.pick(&[100_000, 1_000_000]);
                let word = *rng.pick(&["a", " ", "word ", "\\n", "é"]);
                let mut s = String::from("\"");
                while s.len() < n {
                    s.push_str(word);
                }
                s.push('"');
                let v = scalar_values(data);
                if v.is_empty() {
                    let at = rng.below(data.len() + 1);
                    insert(data, at, s.as_bytes());
                } else {
                    let r = rng.pick(&v).clone();
                    data.splice(r, s.bytes());
                }
            }
            _ => {
                let at = rng.below(data.len() + 1);
                insert(data, at, " ".repeat(500_000).as_bytes());
            }
        },
        _ => {
            // duplicate-lines: a run of lines repeated, which repeats keys.
            let starts: Vec<usize> = std::iter::once(0)
                .chain(
                    data.iter()
                        .enumerate()
                        .filter(|(_, &b)| b == b'\n')
                        .map(|(i, _)| i + 1),
                )
                .collect();
            let a = *rng.pick(&starts);
            let b = starts
                .get(starts.partition_point(|&s| s <= a) + rng.below(20))
                .copied()
                .unwrap_or(data.len());
            let copy = data[a..b].to_vec();
            insert(data, b, &copy);
        }
    }
    kind
}

/// Mutations of icon.png.
fn png(rng: &mut Rng, data: &mut Vec<u8>) -> &'static str {
    let set_u32 = |data: &mut Vec<u8>, at: usize, v: u32| {
        if data.len() >= at + 4 {
            data[at..at + 4].copy_from_slice(&v.to_be_bytes());
        }
    };
    match rng.below(6) {
        0 => {
            let at = rng.below(data.len().min(200) + 1);
            data.truncate(if rng.percent(50) {
                at
            } else {
                rng.below(data.len() + 1)
            });
            "png-truncate"
        }
        1 => {
            // IHDR: width and height.
            let v = *rng.pick(&[0, 1, 229, 4097, 100_000, u32::MAX, 0x8000_0000]);
            set_u32(data, 16 + 4 * rng.below(2), v);
            "png-dimensions"
        }
        2 => {
            // Bit depth, colour type, compression, filter, interlace.
            let at = 24 + rng.below(5);
            if at < data.len() {
                data[at] = *rng.pick(&[0, 1, 3, 7, 16, 255]);
            }
            "png-header-fields"
        }
        3 => {
            // The length of a chunk (IHDR's or a later one).
            let at = if rng.percent(50) {
                8
            } else {
                rng.below(data.len())
            };
            set_u32(data, at, *rng.pick(&[0, 13, u32::MAX, 0x7FFF_FFFF]));
            "png-chunk-length"
        }
        4 => {
            *data = rng
                .pick(&[
                    &b""[..],
                    b"\x89PNG\r\n\x1a\n",
                    b"\xFF\xD8\xFF\xE0\0\x10JFIF",
                    b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                    b"GIF89a",
                ])
                .to_vec();
            "png-not-png"
        }
        _ => {
            for _ in 0..1 + rng.below(16) {
                if !data.is_empty() {
                    let i = 8 + rng.below(data.len().saturating_sub(8));
                    if i < data.len() {
                        data[i] = rng.next() as u8;
                    }
                }
            }
            "png-corrupt-bytes"
        }
    }
}

/// Markdown constructs for readme.md.
fn markdown(rng: &mut Rng, data: &mut Vec<u8>) -> &'static str {
    let depth = *rng.pick(&[10, 1_000, 50_000]);
    let snippet = match rng.below(8) {
        0 => ">".repeat(depth) + " quote\n",
        1 => (0..depth.min(5_000))
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect(),
        2 => "#".repeat(depth.min(1_000)) + " Heading\n",
        3 => "```\nunclosed fence\n".to_string(),
        4 => format!("|{}\n|{}\n", "a|".repeat(depth), "-|".repeat(depth)),
        5 => "<!-- unclosed comment\n".to_string(),
        6 => "## Publisher: \n## Prerequisites\n## Supported Operations\n### \n## Obtaining Credentials\n## Known Issues and Limitations\n".to_string(),
        _ => "[link](javascript:alert(1)) ![img](<>) [ref]: \n<a href=\"\">".repeat(depth.min(1_000)),
    };
    let at = rng.below(data.len() + 1);
    insert(data, at, snippet.as_bytes());
    "markdown"
}

/// The settings.json of the corpus's connectors that have one.
const SETTINGS: &str = r#"{
  "connectorId": "shared_contoso-5fccef73353190ac09-5fc6798089961e77e0",
  "environment": "Default-dd15e603-2d4c-413a-a441-4c049dc08c6a",
  "apiProperties": "apiProperties.json",
  "apiDefinition": "apiDefinition.swagger.json",
  "icon": "icon.png",
  "powerAppsUrl": "https://api.powerapps.com",
  "powerAppsApiVersion": "2016-11-01"
}
"#;

/// An icon for a connector without one: a square of one colour with a border of another, of a
/// size near the 230 pixels asked for or far from it.
fn made_up_icon(rng: &mut Rng) -> Vec<u8> {
    let size = *rng.pick(&[230, 230, 220, 241, 1, 64]);
    let border = [rng.next() as u8, rng.next() as u8, rng.next() as u8, 255];
    let inner = [255, 255, 255, *rng.pick(&[0, 128, 255])];
    let mut rgba = Vec::with_capacity((size * size * 4) as usize);
    for y in 0..size {
        for x in 0..size {
            let edge = x < 8 || y < 8 || x + 8 >= size || y + 8 >= size;
            rgba.extend_from_slice(if edge { &border } else { &inner });
        }
    }
    connector_lint::icon::encode_rgba(size, size, &rgba)
}

/// Mutate one file of `input`; returns what was done (`file:kind`).
fn mutate(rng: &mut Rng, input: &mut Input) -> String {
    let file = match rng.below(100) {
        0..=54 => "apiDefinition.swagger.json",
        55..=69 => "apiProperties.json",
        70..=77 => "settings.json",
        78..=87 => "readme.md",
        _ => "icon.png",
    };
    let name = match input.name_of(file) {
        Some(n) => n,
        // A file the connector lacks (most have no icon or settings) is made up; a missing
        // apiProperties.json stays missing and the swagger is mutated instead.
        None if file != "apiProperties.json" => {
            let made = match file {
                "icon.png" => made_up_icon(rng),
                "settings.json" => SETTINGS.as_bytes().to_vec(),
                _ => Vec::new(),
            };
            input.files.insert(file.to_string(), Some(made));
            file.to_string()
        }
        None => input
            .name_of("apiDefinition.swagger.json")
            .expect("a corpus connector has a swagger"),
    };
    let short = name.to_ascii_lowercase();
    let data = input.files.get_mut(&name).unwrap();
    let Some(bytes) = data else {
        // Deleted already: bring back an empty file.
        *data = Some(Vec::new());
        return format!("{short}:empty");
    };
    let json = JSON_FILES.iter().any(|f| f.eq_ignore_ascii_case(&name));
    let roll = rng.below(100);
    let kind = if roll < 3 {
        *data = None;
        "missing"
    } else if roll < 6 {
        bytes.clear();
        "empty"
    } else if short == "icon.png" && roll < 80 {
        png(rng, bytes)
    } else if short == "readme.md" && roll < 50 {
        markdown(rng, bytes)
    } else if json && roll < 50 {
        match structural(rng, bytes) {
            Some((kind, out)) => {
                *bytes = out;
                kind
            }
            None => textual(rng, bytes, json),
        }
    } else {
        textual(rng, bytes, json)
    };
    format!("{short}:{kind}")
}

// ---------------------------------------------------------------------------------------------
// The pipeline and its checks.

/// Every output of a run over `root`, by name.
type Outputs = Vec<(&'static str, String)>;

fn pipeline(root: &Path) -> Result<Outputs, String> {
    let settings = Settings::load(
        None,
        &Overrides {
            select: Some(vec!["ALL".to_string()]),
            ..Overrides::default()
        },
    )
    .map_err(|e| e.to_string())?;
    // The mutated connectors are also compared with the corpus's originals, paired by folder (a
    // connector written under another publisher kind's folder has none): the breaking-change
    // rules see mutated swaggers against real ones.
    let previous = connector_lint::previous::Previous::path(Path::new(CORPUS), root);
    let mut report = lint::run(
        &[(root.to_path_buf(), &settings)],
        RunOptions {
            keep_text: KeepText::Hash,
            suggest: true,
            progress: false,
            inventory: true,
            previous: Some(&previous),
        },
    );
    if !report.internal_errors.is_empty() {
        return Err(format!(
            "internal errors (caught panics): {:?}",
            report.internal_errors
        ));
    }
    let plain = RenderOptions::default();
    let split = RenderOptions {
        color: true,
        sarif_max_results: 3,
        ..RenderOptions::default()
    };
    let mut out: Outputs = vec![
        ("text", render::render(&report, Format::Text, &plain)),
        ("text-color", render::render(&report, Format::Text, &split)),
        ("concise", render::render(&report, Format::Concise, &plain)),
        ("json", render::render(&report, Format::Json, &plain)),
        ("sarif", render::render(&report, Format::Sarif, &plain)),
        (
            "sarif-split",
            render::render(&report, Format::Sarif, &split),
        ),
        ("github", render::render(&report, Format::Github, &plain)),
        (
            "baseline",
            connector_lint::baseline::to_string(&report, Vec::new()).0,
        ),
        ("summary", render::text::summary_line(&report)),
    ];
    let readiness = connector_lint::report::readiness(&mut report);
    out.push((
        "report-html",
        connector_lint::render::readiness::render_html(&readiness),
    ));
    out.push((
        "report-markdown",
        connector_lint::render::readiness::render_markdown(&readiness),
    ));
    out.push((
        "report-json",
        connector_lint::render::readiness::render_json(&readiness),
    ));
    out.push(("strings", connector_lint::strings_listing(root)));
    Ok(out)
}

/// The pipeline on a pool of `threads`, with any panic turned into an error.
fn pipeline_on(threads: usize, root: &Path) -> Result<Outputs, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| e.to_string())?;
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pool.install(|| pipeline(root))
    }))
    .unwrap_or_else(|payload| {
        Err(format!(
            "panic on {threads} thread(s): {}",
            lint::panic_message(payload.as_ref())
        ))
    })
}

struct Checker {
    schema: jsonschema::Validator,
    sample: Option<PathBuf>,
    sampled: usize,
}

impl Checker {
    fn new() -> Checker {
        let text = std::fs::read_to_string(SCHEMA).unwrap_or_else(|e| {
            panic!("the SARIF schema must be at {SCHEMA} (beside the checkout; CI has it): {e}")
        });
        let schema: Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
        let sample = std::env::var_os("CONNECTOR_LINT_FUZZ_SARIF_SAMPLE").map(PathBuf::from);
        if let Some(dir) = &sample {
            std::fs::create_dir_all(dir).unwrap();
        }
        Checker {
            schema: jsonschema::validator_for(&schema).expect("the SARIF schema compiles"),
            sample,
            sampled: 0,
        }
    }

    /// Run `root` on 1 and 2 threads and check the outputs; `sample_as` names the SARIF log if it
    /// goes to the Multitool sample.
    fn check(&mut self, root: &Path, sample_as: Option<String>) -> Result<(), String> {
        let one = pipeline_on(1, root)?;
        let two = pipeline_on(2, root)?;
        for ((name, a), (_, b)) in one.iter().zip(&two) {
            if a != b {
                let line = a
                    .lines()
                    .zip(b.lines())
                    .position(|(x, y)| x != y)
                    .unwrap_or(a.lines().count().min(b.lines().count()));
                return Err(format!(
                    "the {name} output differs between 1 and 2 threads, first at line {}:\n  1: {:.300}\n  2: {:.300}",
                    line + 1,
                    a.lines().nth(line).unwrap_or("<end>"),
                    b.lines().nth(line).unwrap_or("<end>")
                ));
            }
        }
        for (name, text) in &one {
            if !matches!(
                *name,
                "json" | "sarif" | "sarif-split" | "report-json" | "baseline"
            ) {
                continue;
            }
            let v: Value = serde_json::from_str(text)
                .map_err(|e| format!("the {name} output is not JSON: {e}"))?;
            if name.starts_with("sarif") {
                let errors: Vec<String> = self
                    .schema
                    .iter_errors(&v)
                    .take(5)
                    .map(|e| format!("{e} at {}", e.instance_path()))
                    .collect();
                if !errors.is_empty() {
                    return Err(format!(
                        "the {name} log breaks the SARIF schema: {errors:#?}"
                    ));
                }
            }
        }
        if let (Some(dir), Some(id)) = (&self.sample, sample_as) {
            let sarif = &one.iter().find(|(n, _)| *n == "sarif").unwrap().1;
            std::fs::write(dir.join(format!("{id}.sarif")), sarif).unwrap();
            self.sampled += 1;
        }
        Ok(())
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

fn failures_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("fuzz-failures")
}

/// Save a failing input beside a note, and say how to reproduce it.
fn save_failure(root: &Path, id: &str, note: &str) -> String {
    let dest = failures_dir().join(id);
    let _ = std::fs::remove_dir_all(&dest);
    copy_tree(root, &dest);
    std::fs::write(dest.join("NOTE.md"), note).unwrap();
    format!(
        "{note}\nSaved to {dest}. Reproduce with CONNECTOR_LINT_FUZZ_REPLAY={dest} cargo test \
         --release --test fuzz -- --nocapture; once fixed, cut it down and copy it into \
         {REGRESSIONS}/<name>/ (with its NOTE.md) so that it is checked on every run.",
        dest = dest.display()
    )
}

fn env_u64(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v}: a whole number is expected")),
        Err(_) => default,
    }
}

/// Stops the process if one input runs longer than [`HANG`], after saving it.
struct Watchdog {
    current: std::sync::Arc<std::sync::Mutex<Option<(Instant, PathBuf, String)>>>,
}

impl Watchdog {
    fn start() -> Watchdog {
        let current: std::sync::Arc<std::sync::Mutex<Option<(Instant, PathBuf, String)>>> =
            Default::default();
        let watched = current.clone();
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_secs(5));
            let guard = watched.lock().unwrap();
            if let Some((t0, root, id)) = &*guard {
                if t0.elapsed() > HANG {
                    let msg = save_failure(
                        root,
                        &format!("{id}-hang"),
                        &format!("# {id}\n\nThis input ran for more than {HANG:?}.\n"),
                    );
                    eprintln!("fuzz: {msg}");
                    std::process::exit(101);
                }
            }
        });
        Watchdog { current }
    }

    fn watch(&self, root: &Path, id: &str) {
        *self.current.lock().unwrap() = Some((Instant::now(), root.to_path_buf(), id.to_string()));
    }

    fn done(&self) {
        *self.current.lock().unwrap() = None;
    }
}

#[test]
fn mutated_corpus_never_panics_and_gives_valid_sarif_on_any_thread_count() {
    let mut checker = Checker::new();
    if let Some(dir) = std::env::var_os("CONNECTOR_LINT_FUZZ_REPLAY") {
        let dir = PathBuf::from(dir);
        checker
            .check(&dir, None)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        println!("fuzz: {} passes", dir.display());
        return;
    }

    // Regressions first.
    let mut regressions: Vec<PathBuf> = std::fs::read_dir(REGRESSIONS)
        .map(|d| {
            d.map(|e| e.unwrap().path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    regressions.sort();
    let mut failures = Vec::new();
    for dir in &regressions {
        if let Err(e) = checker.check(dir, None) {
            failures.push(format!("regression {}: {e}", dir.display()));
        }
    }
    println!("fuzz: {} regression inputs checked", regressions.len());

    let secs = env_u64("CONNECTOR_LINT_FUZZ_SECS", 20);
    let seed = env_u64("CONNECTOR_LINT_FUZZ_SEED", 16);
    let sample_every = env_u64("CONNECTOR_LINT_FUZZ_SARIF_EVERY", 20).max(1);
    let connectors = corpus_connectors();
    assert!(
        connectors.len() > 600,
        "{CORPUS} holds {} connectors, not the whole corpus",
        connectors.len()
    );
    // A permutation of the corpus per seed: over a long run every connector comes in turn.
    let mut order: Vec<usize> = (0..connectors.len()).collect();
    let mut rng = Rng::for_input(seed, u64::MAX);
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    println!(
        "fuzz: seed {seed}, {secs} s, {} connectors",
        connectors.len()
    );

    let watchdog = Watchdog::start();
    let started = Instant::now();
    let mut last_report = Instant::now();
    let mut covered = std::collections::BTreeSet::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut n: u64 = 0;
    let mut slowest = (Duration::ZERO, String::new());
    while started.elapsed() < Duration::from_secs(secs) && failures.len() < MAX_FAILURES {
        let mut rng = Rng::for_input(seed, n);
        let primary = order[n as usize % order.len()];
        covered.insert(primary);
        let kind_dir = |rng: &mut Rng| {
            *rng.pick(&[
                "certified-connectors",
                "certified-connectors",
                "certified-connectors",
                "certified-connectors",
                "independent-publisher-connectors",
                "custom-connectors",
            ])
        };
        let name = |p: &Path| p.file_name().unwrap().to_os_string();
        let dir = kind_dir(&mut rng);
        let mut inputs = vec![Input::read(
            &connectors[primary],
            Path::new(dir).join(name(&connectors[primary])),
        )];
        if inputs[0].name_of("icon.png").is_none() && rng.percent(30) {
            inputs[0]
                .files
                .insert("icon.png".into(), Some(made_up_icon(&mut rng)));
        }
        // Sometimes more connectors beside it, for the rules across connectors and the pool.
        if rng.percent(25) {
            for _ in 0..1 + rng.below(2) {
                let other = if rng.percent(15) {
                    primary
                } else {
                    rng.below(connectors.len())
                };
                let rel = Path::new(kind_dir(&mut rng)).join(format!(
                    "{}-{}",
                    inputs.len(),
                    name(&connectors[other]).to_string_lossy()
                ));
                inputs.push(Input::read(&connectors[other], rel));
            }
        }
        let mut done = Vec::new();
        for (i, input) in inputs.iter_mut().enumerate() {
            if i > 0 && rng.percent(50) {
                continue;
            }
            for _ in 0..1 + rng.below(3) {
                let what = mutate(&mut rng, input);
                *kinds
                    .entry(what.split_once(':').unwrap().1.to_string())
                    .or_default() += 1;
                done.push(format!("{}: {what}", input.rel.display()));
            }
        }
        let tmp = tempfile::tempdir().unwrap();
        for input in &inputs {
            input.write(tmp.path());
        }
        let id = format!("{seed}-{n}");
        let sample = (n % sample_every == 0).then(|| id.clone());
        watchdog.watch(tmp.path(), &id);
        let t0 = Instant::now();
        let result = checker.check(tmp.path(), sample);
        watchdog.done();
        if t0.elapsed() > slowest.0 {
            slowest = (t0.elapsed(), id.clone());
        }
        if let Err(e) = result {
            let sources: Vec<String> = inputs
                .iter()
                .map(|i| format!("- {} from {}", i.rel.display(), i.source.display()))
                .collect();
            let note = format!(
                "# Fuzz input {id}\n\nConnectors:\n{}\n\nMutations:\n{}\n\nFailure: {e}\n",
                sources.join("\n"),
                done.iter()
                    .map(|d| format!("- {d}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            let msg = save_failure(tmp.path(), &id, &note);
            eprintln!("fuzz: FAILURE {msg}");
            failures.push(msg);
        }
        n += 1;
        if last_report.elapsed() > Duration::from_secs(60) {
            last_report = Instant::now();
            println!(
                "fuzz: {n} inputs, {} connectors covered, {} failures, {:.0} s",
                covered.len(),
                failures.len(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    println!(
        "fuzz: seed {seed}: {n} inputs in {:.0} s, {} of {} connectors covered, {} failures; slowest input {} ({:.1} s)",
        started.elapsed().as_secs_f64(),
        covered.len(),
        connectors.len(),
        failures.len(),
        slowest.1,
        slowest.0.as_secs_f64()
    );
    println!("fuzz: mutations by kind: {kinds:?}");
    if checker.sample.is_some() {
        println!("fuzz: {} SARIF logs written to the sample", checker.sampled);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
