//! Breaking-change detection (issue 19): the validator's own cases, the 200 real changes of
//! `../shared/history`, a reformatted copy of the corpus, and `connector-lint diff` as a user runs
//! it (git revisions, trees, acknowledgements, exit codes).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{bin_path, git, outcome};
use connector_lint::config::{Overrides, Settings};
use connector_lint::lint::{self, Report};
use connector_lint::previous::Previous;
use connector_lint::rules::Category;

fn run(args: &[&str], dir: Option<&Path>) -> (i32, String, String) {
    let mut cmd = Command::new(bin_path());
    cmd.args(args);
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    outcome(cmd.output().unwrap())
}

/// `old` compared with `new` through the library, with the breaking-change rules only.
fn compare(old: &Path, new: &Path) -> Report {
    let settings = Settings::load(
        None,
        &Overrides {
            select: Some(vec!["breaking-change".into()]),
            ..Overrides::default()
        },
    )
    .unwrap();
    let previous = Previous::path(old, new);
    lint::run(
        &[(new.to_path_buf(), &settings)],
        lint::RunOptions {
            previous: Some(&previous),
            ..Default::default()
        },
    )
}

/// The cases RULES.md §14 cites, rebuilt from the validator's message and ValuePath: each is found
/// at the exact place, with the validator's words and its ValuePath.
#[test]
fn the_validator_cases_of_rules_md_14() {
    let cases: &[(&str, &str, u64, u64, &str, &str)] = &[
        (
            "1-operation-deleted",
            "bc-operation-deleted",
            13,
            3,
            "The operation has been deleted. This change breaks existing flows.",
            "operation/TriggerNewLead",
        ),
        (
            "2-output-type-changed",
            "bc-output-type-changed",
            47,
            25,
            "The type has been changed for the output field. Existing flows may be broken if they are using this field and actual payload has been changed.",
            "operation/Document_GetDocument/responses/200/schema/resultParameters/items/paramDef/type",
        ),
        (
            "3-output-field-deleted",
            "bc-output-field-deleted",
            23,
            15,
            "The output field has been deleted. Existing flows may be broken if they are using this field and actual payload has been changed.",
            "operation/V1AiSummaryPost/responses/200/schema/Type",
        ),
        (
            "4-input-optional-to-required",
            "bc-input-optional-to-required",
            27,
            17,
            "The input field has been changed from optional to required.",
            "operation/UpdateEnterprise/parameter/body/schema/SearchName/required",
        ),
        (
            "5-required-input-added",
            "bc-required-input-added",
            59,
            9,
            "The required input field has been added. Existing flows will not send this new field.",
            "operation/V1ConversionConvertPost/parameter/request/schema/configuration/documentResponseFormat",
        ),
    ];
    for (case, rule, line, column, words, value_path) in cases {
        let dir = format!("fixtures/breaking/{case}");
        let (code, out, err) = run(
            &[
                "diff",
                &format!("{dir}/old"),
                &format!("{dir}/new"),
                "--format",
                "json",
            ],
            None,
        );
        assert_eq!(code, 1, "{case}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let findings = v["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "{case}: {findings:#?}");
        let f = &findings[0];
        assert_eq!(f["rule"], *rule, "{case}");
        assert_eq!(f["level"], "error", "{case}");
        assert_eq!(f["category"], "breaking-change", "{case}");
        assert_eq!(
            f["file"],
            format!("{dir}/new/apiDefinition.swagger.json"),
            "{case}"
        );
        assert_eq!(
            (f["line"].as_u64(), f["column"].as_u64()),
            (Some(*line), Some(*column)),
            "{case}"
        );
        let message = f["message"].as_str().unwrap();
        assert!(message.starts_with(words), "{case}: {message}");
        assert!(
            message.ends_with(&format!(" ValuePath: {value_path}")),
            "{case}: {message}"
        );
        assert_eq!(f["value_path"], *value_path, "{case}");
    }
}

/// The 200 real before/after pairs: nothing crashes, each is compared, and every operationId the
/// change removed is reported as deleted (a note when it was deprecated or internal before).
#[test]
fn every_removed_operation_of_the_real_history_is_reported() {
    let root = common::shared("history/certified-swagger-changes");
    let mut pairs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    pairs.sort();
    assert_eq!(pairs.len(), 200);
    let mut per_rule: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut removed_total = 0;
    for pair in &pairs {
        let change: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(pair.join("change.json")).unwrap())
                .unwrap();
        let report = compare(
            &pair.join("before.swagger.json"),
            &pair.join("after.swagger.json"),
        );
        assert!(
            report.internal_errors.is_empty(),
            "{}: {:?}",
            pair.display(),
            report.internal_errors
        );
        assert_eq!(report.compared, 1, "{}: not compared", pair.display());
        let deleted: Vec<&str> = report
            .iter()
            .filter(|(_, d)| d.rule.id == "bc-operation-deleted")
            .filter_map(|(_, d)| d.value_path.as_deref()?.strip_prefix("operation/"))
            .collect();
        for op in change["operations_removed"].as_array().unwrap() {
            removed_total += 1;
            let op = op.as_str().unwrap();
            assert!(
                deleted.contains(&op),
                "{}: the removed operation {op} is not reported",
                pair.display()
            );
        }
        for (_, d) in report.iter() {
            assert_eq!(d.rule.category, Category::BreakingChange);
            *per_rule
                .entry((d.rule.id.to_string(), d.level.to_string()))
                .or_default() += 1;
        }
    }
    assert!(removed_total > 300, "{removed_total} removed operations");
    eprintln!("removed operations: {removed_total}; findings per rule and level: {per_rule:#?}");
}

/// A JSON value with each object's keys in reverse order.
fn reversed(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => {
            let mut entries: Vec<_> = m.into_iter().collect();
            entries.reverse();
            serde_json::Value::Object(entries.into_iter().map(|(k, v)| (k, reversed(v))).collect())
        }
        serde_json::Value::Array(a) => {
            serde_json::Value::Array(a.into_iter().map(reversed).collect())
        }
        other => other,
    }
}

fn copy_reformatted(from: &Path, to: &Path) -> usize {
    let mut rewritten = 0;
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            rewritten += copy_reformatted(&src, &dst);
        } else if kind.is_file() {
            let bytes = std::fs::read(&src).unwrap();
            let json = src.extension().is_some_and(|e| e == "json");
            match serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .filter(|_| json)
            {
                Some(v) => {
                    let mut out = Vec::new();
                    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
                    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
                    serde::Serialize::serialize(&reversed(v), &mut ser).unwrap();
                    std::fs::write(&dst, out).unwrap();
                    rewritten += 1;
                }
                None => {
                    std::fs::write(&dst, bytes).unwrap();
                }
            }
        }
    }
    rewritten
}

/// Every corpus connector against a copy of itself with each object's keys reversed and the JSON
/// re-indented: no breaking change.
#[test]
fn a_reformatted_corpus_has_no_breaking_change() {
    let corpus = common::corpus();
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("copy");
    let rewritten = copy_reformatted(&corpus, &copy);
    assert!(rewritten > 1000, "{rewritten} files rewritten");
    let report = compare(&corpus, &copy);
    assert!(report.compared > 600, "{} compared", report.compared);
    let found: Vec<String> = report
        .iter()
        .map(|(f, d)| {
            format!(
                "{}:{}: {} {}",
                f.display, d.start.line, d.rule.id, d.message
            )
        })
        .collect();
    assert!(
        found.is_empty(),
        "{} findings: {:#?}",
        found.len(),
        &found[..found.len().min(20)]
    );
}

const OLD: &str = r#"{
  "swagger": "2.0",
  "info": { "title": "Contoso", "description": "Contoso API.", "version": "1.0" },
  "host": "api.contoso.com",
  "paths": {
    "/items": {
      "get": { "operationId": "ListItems", "summary": "List items", "responses": { "200": { "description": "OK" } } }
    },
    "/items/{id}": {
      "delete": { "operationId": "DeleteItem", "summary": "Delete item",
        "parameters": [ { "name": "id", "in": "path", "required": true, "type": "string" } ],
        "responses": { "204": { "description": "Deleted" } } }
    }
  }
}
"#;

/// OLD without DeleteItem.
fn new_text() -> String {
    let v: serde_json::Value = serde_json::from_str(OLD).unwrap();
    let mut v = v;
    v["paths"]
        .as_object_mut()
        .unwrap()
        .shift_remove("/items/{id}");
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn diff_against_a_git_revision_reads_the_old_file_from_git() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("certified-connectors").join("Contoso");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("apiDefinition.swagger.json"), OLD).unwrap();
    git(tmp.path(), &["init", "-q"]);
    git(tmp.path(), &["add", "."]);
    git(tmp.path(), &["commit", "-q", "-m", "one"]);
    std::fs::write(c.join("apiDefinition.swagger.json"), new_text()).unwrap();
    let rel = "certified-connectors/Contoso";
    let (code, out, err) = run(
        &["diff", "HEAD", rel, "--format", "concise"],
        Some(tmp.path()),
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out.lines().next().unwrap(),
        "certified-connectors/Contoso/apiDefinition.swagger.json:9:3: error[bc-operation-deleted] \
         The operation has been deleted. This change breaks existing flows. It was at line 10 of \
         HEAD:certified-connectors/Contoso/apiDefinition.swagger.json (/paths/~1items~1{id}/delete). \
         ValuePath: operation/DeleteItem"
    );
    // The same from inside the connector's folder: paths are the user's, the old file git's.
    let (code, out, _) = run(&["diff", "HEAD", ".", "--format", "concise"], Some(&c));
    assert_eq!(code, 1);
    assert!(
        out.starts_with("apiDefinition.swagger.json:9:3: error[bc-operation-deleted]"),
        "{out}"
    );
    // check --changed-since compares the changed connector with its version at the revision.
    let (code, out, err) = run(
        &[
            "check",
            rel,
            "--changed-since",
            "HEAD",
            "--select",
            "bc-operation-deleted",
            "--format",
            "concise",
        ],
        Some(tmp.path()),
    );
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("error[bc-operation-deleted]"), "{out}");
    // The summary line (on standard output with the concise format) says what was compared.
    assert!(
        out.contains("1 compared with the previous version"),
        "{out}"
    );
    // A revision that does not exist, and an old side that is neither a path nor a revision.
    let (code, _, err) = run(&["diff", "no-such-rev", rel], Some(tmp.path()));
    assert_eq!(code, 2);
    assert!(
        err.contains("no-such-rev: not a file or folder, nor a git revision ('no-such-rev' is not a revision of this repository)"),
        "{err}"
    );
    // A connector that the revision does not have is new: nothing to compare, said, exit 0.
    let d = tmp.path().join("certified-connectors").join("Fabrikam");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join("apiDefinition.swagger.json"), OLD).unwrap();
    let (code, _, err) = run(
        &["diff", "HEAD", "certified-connectors/Fabrikam"],
        Some(tmp.path()),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("certified-connectors/Fabrikam: no previous version in HEAD: a new connector, nothing to compare"),
        "{err}"
    );
}

#[test]
fn acknowledged_breaking_changes_are_notes_and_pass() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    for (d, text) in [(&old, OLD.to_string()), (&new, new_text())] {
        std::fs::create_dir_all(d).unwrap();
        std::fs::write(d.join("apiDefinition.swagger.json"), text).unwrap();
    }
    let (code, out, _) = run(
        &["diff", "old", "new", "--format", "concise"],
        Some(tmp.path()),
    );
    assert_eq!(code, 1);
    assert!(out.contains("error[bc-operation-deleted]"), "{out}");
    std::fs::write(
        tmp.path().join("connector-lint.toml"),
        "[[accept-breaking]]\nrule = \"bc-operation-deleted\"\nvalue-path = \"operation/DeleteItem\"\nreason = \"Nobody used it (PR #12).\"\n",
    )
    .unwrap();
    let (code, out, err) = run(
        &["diff", "old", "new", "--format", "concise"],
        Some(tmp.path()),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("note[bc-operation-deleted] The operation has been deleted.")
            && out.contains("ValuePath: operation/DeleteItem Accepted: Nobody used it (PR #12)."),
        "{out}"
    );
    // A baseline acknowledges it the same way: a note, not a removal.
    std::fs::remove_file(tmp.path().join("connector-lint.toml")).unwrap();
    let (code, _, err) = run(
        &["diff", "old", "new", "--write-baseline", "accepted.json"],
        Some(tmp.path()),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Wrote 1 findings to the baseline accepted.json"),
        "{err}"
    );
    let (code, out, err) = run(
        &[
            "diff",
            "old",
            "new",
            "--baseline",
            "accepted.json",
            "--format",
            "concise",
        ],
        Some(tmp.path()),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("note[bc-operation-deleted] The operation has been deleted.")
            && out.contains("ValuePath: operation/DeleteItem Accepted in the baseline."),
        "{out}"
    );
    // An entry that names no breaking-change rule is a config error.
    std::fs::write(
        tmp.path().join("connector-lint.toml"),
        "[[accept-breaking]]\nrule = \"title-max-length\"\nvalue-path = \"x\"\nreason = \"r\"\n",
    )
    .unwrap();
    let (code, _, err) = run(&["diff", "old", "new"], Some(tmp.path()));
    assert_eq!(code, 2);
    assert!(
        err.contains("'title-max-length' is not a breaking-change rule"),
        "{err}"
    );
}

#[test]
fn diff_pairs_the_connectors_of_two_trees_by_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    for (tree, a, b) in [(&old, OLD.to_string(), Some(OLD)), (&new, new_text(), None)] {
        let a_dir = tree.join("certified-connectors").join("A");
        std::fs::create_dir_all(&a_dir).unwrap();
        std::fs::write(a_dir.join("apiDefinition.swagger.json"), a).unwrap();
        if let Some(b) = b {
            let b_dir = tree.join("certified-connectors").join("B");
            std::fs::create_dir_all(&b_dir).unwrap();
            std::fs::write(b_dir.join("apiDefinition.swagger.json"), b).unwrap();
        }
    }
    let (code, out, err) = run(
        &["diff", "old", "new", "--format", "concise"],
        Some(tmp.path()),
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        out.starts_with("new/certified-connectors/A/apiDefinition.swagger.json:9:3: error[bc-operation-deleted]"),
        "{out}"
    );
    assert!(
        err.contains("warning: old/certified-connectors/B: connector deleted in the new version"),
        "{err}"
    );
    // An old side with no counterpart at all compares nothing: exit 2.
    let (code, _, err) = run(
        &[
            "diff",
            "new/certified-connectors",
            "old/certified-connectors/B",
        ],
        Some(tmp.path()),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("nothing was compared"), "{err}");
}

#[test]
fn an_old_version_that_does_not_parse_is_said_and_not_a_pass() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("old.json"),
        "{ \"swagger\": \"2.0\",\n  \"paths\": { ",
    )
    .unwrap();
    std::fs::create_dir(tmp.path().join("new")).unwrap();
    std::fs::write(tmp.path().join("new/apiDefinition.swagger.json"), OLD).unwrap();
    let (code, _, err) = run(&["diff", "old.json", "new"], Some(tmp.path()));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("the previous version could not be parsed (old.json:2:14: Invalid JSON: unterminated object"),
        "{err}"
    );
}
