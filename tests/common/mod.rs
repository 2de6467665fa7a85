//! Helpers shared by the integration tests that walk ../shared/corpus.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use connector_lint::diagnostic::FileId;
use connector_lint::text::{tokens, Kind};
use connector_lint::{extract, json};

/// A path in `../shared`, the read-only data beside the checkout (CI has it); a test that needs
/// it and does not find it fails saying what is missing and where it was looked for.
pub fn shared(rel: &str) -> PathBuf {
    let p = Path::new("../shared").join(rel);
    assert!(
        p.exists(),
        "this test needs {} (../shared/{rel}), which is missing: ../shared holds the corpus and the \
         specs beside the project folder, as CI has it",
        std::path::absolute(&p).unwrap_or(p.clone()).display()
    );
    p
}

/// The text of a file in `../shared` (see [`shared`]).
pub fn read_shared(rel: &str) -> String {
    let p = shared(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// The corpus of real connectors (CI has it beside the checkout).
pub fn corpus() -> PathBuf {
    shared("corpus/PowerPlatformConnectors")
}

/// Every file below `root` whose name matches `name` case-insensitively, sorted.
pub fn files_named(root: &Path, name: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else if e.file_name().to_string_lossy().eq_ignore_ascii_case(name) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The distinct word tokens of every user-facing string of the corpus.
pub fn distinct_words(root: &Path) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for name in ["apiDefinition.swagger.json", "apiProperties.json"] {
        for path in files_named(root, name) {
            let mut sink = Vec::new();
            let decoded = json::decode(std::fs::read(&path).unwrap(), FileId(0), false, &mut sink);
            let Some(doc) = json::parse(&decoded.text, FileId(0), &mut sink) else {
                continue;
            };
            let items = if name.starts_with("apiDef") {
                extract::swagger_strings(&doc)
            } else {
                extract::api_properties_strings(&doc)
            };
            for item in &items {
                for t in tokens(item.text) {
                    if t.kind == Kind::Word {
                        words.insert(item.text[t.range].to_string());
                    }
                }
            }
        }
    }
    words
}

/// The binary under test: this build's, or `CONNECTOR_LINT_BIN` (how `scripts/old-code-check.sh`
/// shows which tests fail on an older build).
pub fn bin_path() -> PathBuf {
    std::env::var_os("CONNECTOR_LINT_BIN")
        .map(Into::into)
        .unwrap_or_else(|| assert_cmd::cargo::cargo_bin("connector-lint"))
}

/// The exit code, standard output and standard error of a finished run.
pub fn outcome(out: std::process::Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Run git in `dir` with a throwaway identity; the test fails if git does.
pub fn git(dir: &Path, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok, "git {args:?}");
}
