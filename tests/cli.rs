//! The command line as a user sees it: exit codes, formats, config discovery, selection and
//! suppression, SARIF validity.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{bin_path, git};
use serde_json::Value;

const SAMPLE: &str = "fixtures/sample";

fn bin() -> Command {
    Command::new(bin_path())
}

fn run(args: &[&str]) -> (i32, String, String) {
    common::outcome(bin().args(args).output().unwrap())
}

/// A temporary connector folder holding `swagger` (and a config when given).
fn connector(swagger: &str, config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("Contoso");
    std::fs::create_dir(&c).unwrap();
    std::fs::write(c.join("apiDefinition.swagger.json"), swagger).unwrap();
    if let Some(cfg) = config {
        std::fs::write(dir.path().join("connector-lint.toml"), cfg).unwrap();
    }
    dir
}

const WARN_ONLY: &str = r#"{
  "swagger": "2.0",
  "info": { "title": "Contoso", "description": "Contoso keeps track of invoices and payments.", "version": "1.0" },
  "paths": { "/x": { "get": { "operationId": "GetX", "summary": "Get x", "description": "Gets x", "responses": { "200": { "description": "OK", "schema": { "type": "string" } } } } } }
}"#;

#[test]
fn exit_codes_follow_fail_on() {
    assert_eq!(run(&["check", SAMPLE]).0, 1, "errors fail by default");
    let dir = connector(WARN_ONLY, None);
    let p = dir.path().to_str().unwrap();
    assert_eq!(run(&["check", p]).0, 0, "warnings alone pass by default");
    assert_eq!(run(&["check", p, "--fail-on", "warning"]).0, 1);
    assert_eq!(run(&["check", p, "--fail-on", "note"]).0, 1);
}

#[test]
fn submission_rules_apply_to_certified_and_independent_publishers_only() {
    // WARN_ONLY has no contact and no x-ms-connector-metadata.
    let dir = connector(WARN_ONLY, None);
    let p = dir.path().to_str().unwrap();
    let select = "meta-contact-required,meta-xms-required";
    let (code, out, _) = run(&["check", p, "--select", select, "--format", "concise"]);
    assert_eq!(
        (code, out.matches("error[").count()),
        (0, 0),
        "custom: {out}"
    );
    for kind in ["certified", "independent-publisher"] {
        let (code, out, _) = run(&[
            "check",
            p,
            "--select",
            select,
            "--publisher",
            kind,
            "--format",
            "concise",
        ]);
        assert_eq!(code, 1, "{kind}: {out}");
        assert!(
            out.contains("error[meta-contact-required] The 'contact' property is required."),
            "{out}"
        );
        assert!(out.contains("error[meta-xms-required]"), "{out}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = run(&["check", "no/such/path"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no/such/path: no such file or folder"),
        "{err}"
    );
    assert_eq!(run(&["check", SAMPLE, "--no-such-flag"]).0, 2);
    assert_eq!(run(&["check", SAMPLE, "--format", "xml"]).0, 2);
    let (code, _, err) = run(&[
        "check",
        SAMPLE,
        "--output",
        "/no/such/dir/out.sarif",
        "--format",
        "sarif",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot write the report"), "{err}");
    let (code, _, err) = run(&["explain", "no-such-rule"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule 'no-such-rule'"), "{err}");
}

#[test]
fn config_errors_name_the_key_and_exit_2() {
    let dir = connector(WARN_ONLY, Some("[rules]\nselct = [\"title\"]\n"));
    let (code, _, err) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown field `selct`") && err.contains("connector-lint.toml:2:1"),
        "{err}"
    );
}

#[test]
fn concise_format_gives_file_line_column_level_rule_message() {
    let (code, out, _) = run(&["check", SAMPLE, "--format", "concise"]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "fixtures/sample/Contoso Invoices/apiDefinition.swagger.json:4:32: error[title-restricted-words] The value 'title' contains at least one of the restricted words: 'api, connector' (found 'API')"
    );
    assert!(lines.contains(&"fixtures/sample/Contoso Invoices/apiDefinition.swagger.json:42:27: error[op-summary-restricted-chars] Summary string contains any of the restricted characters [/\\<>*%&?]: '/'"));
    // The summary line ends with the time the run took.
    let last = *lines.last().unwrap();
    let time = last
        .strip_prefix(
            "Checked 1 connector (2 files, 17 strings): 3 errors, 3 warnings, 0 notes in ",
        )
        .and_then(|t| t.strip_suffix(" s."))
        .unwrap_or_else(|| panic!("{last}"));
    assert!(time.parse::<f64>().is_ok(), "{last}");
}

#[test]
fn text_format_shows_the_source_line_and_a_caret() {
    let (_, out, _) = run(&["check", SAMPLE]);
    assert!(
        out.contains("error[title-restricted-words]: The value 'title'"),
        "{out}"
    );
    assert!(
        out.contains(" --> fixtures/sample/Contoso Invoices/apiDefinition.swagger.json:4:32"),
        "{out}"
    );
    assert!(out.contains("4 |     \"title\": \"Contoso Invoices API\",\n  |                                ^^^ /info/title"), "{out}");
    assert!(!out.contains('\u{1b}'), "no colour when not on a terminal");
}

#[test]
fn json_format_carries_positions_pointers_and_fixes() {
    let (_, out, _) = run(&["check", SAMPLE, "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["connectors"], 1);
    let f = v["findings"].as_array().unwrap();
    let end = f
        .iter()
        .find(|x| x["rule"] == "op-summary-end-alnum")
        .unwrap();
    assert_eq!(
        (end["line"].as_u64(), end["column"].as_u64()),
        (Some(42), Some(43))
    );
    assert_eq!(end["pointer"], "/paths/~1invoices/post/summary");
    let edit = &end["fix"]["edits"][0];
    assert_eq!(edit["replacement"], "");
    let text =
        std::fs::read_to_string("fixtures/sample/Contoso Invoices/apiDefinition.swagger.json")
            .unwrap();
    let (a, b) = (
        edit["byte_start"].as_u64().unwrap() as usize,
        edit["byte_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[a..b], ".");
}

#[test]
fn github_format_emits_workflow_commands() {
    let (_, out, _) = run(&["check", SAMPLE, "--format", "github"]);
    assert!(out.lines().next().unwrap().starts_with(
        "::error file=fixtures/sample/Contoso Invoices/apiDefinition.swagger.json,line=4,col=32,endLine=4,endColumn=35,title=title-restricted-words::"
    ), "{out}");
    assert!(out.contains("::warning file="), "{out}");
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.sarif");
    let (code, stdout, _) = run(&[
        "check",
        SAMPLE,
        "--format",
        "sarif",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 6);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left behind"
    );
}

/// `--output` replaces a regular file by renaming, but writes through a symlink to its target and
/// writes a special file (a FIFO here; `/dev/null` in real use) in place instead of replacing it.
#[cfg(unix)]
#[test]
fn output_keeps_symlinks_and_special_files() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.txt");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let args = |out: &std::path::Path| {
        vec![
            "check".to_string(),
            SAMPLE.to_string(),
            "--format".to_string(),
            "concise".to_string(),
            "--output".to_string(),
            out.to_str().unwrap().to_string(),
        ]
    };
    let a = args(&link);
    run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .contains("title-restricted-words"));

    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo on this machine
    }
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        std::thread::spawn(move || tx.send(std::fs::read_to_string(fifo).unwrap()));
    }
    let a = args(&fifo);
    run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    // A tool that replaced the FIFO would never open it, and the reader would wait forever.
    let read = rx
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("the report was written into the FIFO");
    assert!(read.contains("title-restricted-words"));
    assert!(
        std::fs::metadata(&fifo).unwrap().file_type().is_fifo(),
        "the FIFO is still a FIFO"
    );
}

#[test]
fn select_and_ignore_by_id_and_category() {
    let (_, out, _) = run(&[
        "check", SAMPLE, "--format", "concise", "--select", "summary",
    ]);
    assert!(
        out.contains("[op-summary-restricted-chars]") && !out.contains("[title-restricted-words]"),
        "{out}"
    );
    let (_, out, _) = run(&[
        "check",
        SAMPLE,
        "--format",
        "concise",
        "--ignore",
        "sentence,title-restricted-words",
    ]);
    assert!(
        !out.contains("[param-description-sentence]") && !out.contains("[title-restricted-words]"),
        "{out}"
    );
    assert!(out.contains("[op-summary-restricted-chars]"), "{out}");
}

#[test]
fn config_is_discovered_upward_and_ignore_entries_suppress_or_are_reported() {
    let cfg = r#"
publisher = "certified"

[rules]
ignore = ["op-description-sentence", "readme-required"]

[rules.levels]
title-restricted-words = "warning"

[[ignore]]
path = "Contoso/*.json"
pointer = "/paths/~1invoices/get"
rules = ["product-name"]
reason = "Existing text, fixed in the next release"

[[ignore]]
path = "Other/**"
reason = "Matches nothing"
"#;
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(SAMPLE).join("Contoso Invoices");
    let dst = dir.path().join("Contoso");
    std::fs::create_dir(&dst).unwrap();
    for f in ["apiDefinition.swagger.json", "apiProperties.json"] {
        std::fs::copy(src.join(f), dst.join(f)).unwrap();
    }
    std::fs::write(dir.path().join("connector-lint.toml"), cfg).unwrap();
    // The config is found from the connector folder, one level below it.
    let (code, out, _) = run(&["check", dst.to_str().unwrap(), "--format", "concise"]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("[op-description-sentence]"), "{out}");
    assert!(!out.contains("[text-no-product-names]"), "{out}");
    assert!(out.contains("warning[title-restricted-words]"), "{out}");
    let toml_line = out
        .lines()
        .find(|l| l.contains("[unused-ignore]"))
        .expect("unused entry reported");
    assert!(
        toml_line.contains("connector-lint.toml:16:1: warning[unused-ignore]"),
        "{toml_line}"
    );
    assert!(toml_line.contains("Matches nothing"), "{toml_line}");
}

#[test]
fn rules_and_explain() {
    let (code, out, _) = run(&["rules"]);
    assert_eq!(code, 0);
    assert!(out
        .lines()
        .any(|l| l.starts_with("title-max-length") && l.contains("title") && l.contains("error")));
    assert!(out
        .lines()
        .any(|l| l.starts_with("legacy-product-names") && l.contains("(warning)")));
    let (_, out, _) = run(&["rules", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v.as_array().unwrap().len(),
        connector_lint::rules::RULES.len()
    );
    let (code, out, _) = run(&["explain", "title-max-length"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("# title-max-length\n\nCategory: title. Default level: error. Microsoft validator code: FieldLengthExceeded."));
    assert!(
        out.contains("## What it does")
            && out.contains("## Why is this bad?")
            && out.contains("## Example")
    );
}

#[test]
fn unreadable_files_are_findings_and_notifications() {
    let dir = connector(WARN_ONLY, None);
    std::fs::create_dir(dir.path().join("Contoso/apiProperties.json")).unwrap();
    let (code, out, _) = run(&["check", dir.path().to_str().unwrap(), "--format", "sarif"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let run = &v["runs"][0];
    let n = &run["invocations"][0]["toolExecutionNotifications"][0];
    assert!(
        n["message"]["text"]
            .as_str()
            .unwrap()
            .contains("it is a folder, not a file"),
        "{n}"
    );
    assert!(run["results"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["ruleId"] == "file-unreadable"));
}

fn sarif_schema() -> jsonschema::Validator {
    let schema: Value =
        serde_json::from_str(&common::read_shared("spec/sarif-2.1.0.schema.json")).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid_sarif(v: &Value) {
    let validator = sarif_schema();
    let errors: Vec<String> = validator
        .iter_errors(v)
        .take(10)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn sarif_follows_the_contract_and_the_schema() {
    let (_, out, _) = run(&["check", SAMPLE, "--format", "sarif"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&v);
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), connector_lint::rules::RULES.len());
    for r in rules {
        assert!(r["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("## What it does"));
        assert!(r["properties"]["tags"][0].is_string());
    }
    let res = &run["results"][0];
    assert_eq!(res["ruleId"], "title-restricted-words");
    assert_eq!(
        rules[res["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "title-restricted-words"
    );
    let loc = &res["locations"][0];
    assert_eq!(
        loc["logicalLocations"][0]["fullyQualifiedName"],
        "/info/title"
    );
    let uri = loc["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        uri.ends_with("fixtures/sample/Contoso%20Invoices/apiDefinition.swagger.json"),
        "{uri}"
    );
    assert!(
        !uri.starts_with('/') && !uri.contains("://"),
        "relative: {uri}"
    );
    let region = &loc["physicalLocation"]["region"];
    assert_eq!(
        (
            region["startLine"].as_u64(),
            region["startColumn"].as_u64(),
            region["endColumn"].as_u64()
        ),
        (Some(4), Some(32), Some(35))
    );
}

#[test]
fn sarif_fingerprints_survive_line_shifts() {
    let text = std::fs::read_to_string(
        Path::new(SAMPLE).join("Contoso Invoices/apiDefinition.swagger.json"),
    )
    .unwrap();
    let fingerprints = |swagger: &str| -> Vec<(String, u64)> {
        let dir = connector(swagger, None);
        let (_, out, _) = run(&["check", dir.path().to_str().unwrap(), "--format", "sarif"]);
        let v: Value = serde_json::from_str(&out).unwrap();
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"]["connectorLint/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                )
            })
            .collect()
    };
    let before = fingerprints(&text);
    let after = fingerprints(&text.replacen("{\n", "{\n\n\n", 1));
    assert_eq!(before.len(), after.len());
    for ((fa, la), (fb, lb)) in before.iter().zip(&after) {
        assert_eq!(fa, fb);
        assert_eq!(la + 2, *lb);
    }
}

#[test]
fn sarif_splits_runs_by_category_above_the_limit_and_says_what_was_left_out() {
    let (_, out, _) = run(&[
        "check",
        SAMPLE,
        "--format",
        "sarif",
        "--sarif-max-results",
        "2",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&v);
    let runs = v["runs"].as_array().unwrap();
    let ids: Vec<&str> = runs
        .iter()
        .map(|r| r["automationDetails"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "connector-lint/title/",
            "connector-lint/summary/",
            "connector-lint/sentence/",
            "connector-lint/product-name/",
        ]
    );
    let mut total = 0;
    for r in runs {
        let n = r["results"].as_array().unwrap().len();
        assert!(n <= 2);
        total += n;
    }
    assert_eq!(total, 6, "nothing dropped while each category fits");
    // One category above the limit keeps its most severe results and says so.
    let (_, out, _) = run(&[
        "check",
        SAMPLE,
        "--format",
        "sarif",
        "--sarif-max-results",
        "1",
    ]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let summary = v["runs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["automationDetails"]["id"] == "connector-lint/summary/")
        .unwrap();
    assert_eq!(summary["results"][0]["level"], "error");
    let note = summary["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(
        note.starts_with("1 of 2 results in category 'summary' were left out"),
        "{note}"
    );
}

#[test]
fn an_internal_error_in_one_connector_spares_the_others_and_exits_2() {
    let dir = connector(WARN_ONLY, None);
    let other = dir.path().join("Fabrikam");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("apiDefinition.swagger.json"), WARN_ONLY).unwrap();
    let out = bin()
        .args(["check", dir.path().to_str().unwrap(), "--format", "sarif"])
        .env("CONNECTOR_LINT_DEBUG_PANIC", "Contoso")
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an internal error is a tool error"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("Contoso: internal error, the connector was not checked"),
        "{stderr}"
    );
    // The SARIF log is whole: the other connector's findings, and a notification for this one.
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid_sarif(&v);
    let run = &v["runs"][0];
    let uris: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(!uris.is_empty());
    assert!(uris.iter().all(|u| u.starts_with("Fabrikam/")), "{uris:?}");
    let n = &run["invocations"][0]["toolExecutionNotifications"][0];
    assert!(
        n["message"]["text"]
            .as_str()
            .unwrap()
            .contains("internal error: connector-lint failed while checking this connector"),
        "{n}"
    );
}

const BASELINE_SWAGGER: &str = r#"{
  "swagger": "2.0",
  "info": { "title": "Contoso", "description": "Contoso keeps track of invoices and payments.", "version": "1.0" },
  "paths": { "/x": { "get": { "operationId": "GetX", "summary": "Get invoices", "description": "Gets the recieved invoices.",
    "parameters": [ { "name": "top", "in": "query", "type": "integer", "x-ms-summary": "Top" } ],
    "responses": { "200": { "description": "OK", "schema": { "type": "string" } } } } } }
}"#;

/// (rule, pointer, message) of each finding of a JSON report.
fn findings_of(json: &str) -> Vec<(String, String, String)> {
    let v: Value = serde_json::from_str(json).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["pointer"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn baseline_round_trip_reports_only_new_findings_and_stale_entries() {
    let dir = connector(BASELINE_SWAGGER, None);
    let root = dir.path().to_str().unwrap();
    let swagger = dir.path().join("Contoso/apiDefinition.swagger.json");
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap();

    let before = findings_of(&run(&["check", root, "--format", "json"]).1);
    assert!(before.iter().any(|f| f.0 == "loc-spelling"), "{before:?}");
    assert!(
        before.iter().any(|f| f.0 == "param-description-required"),
        "a finding on a whole object: {before:?}"
    );
    let (code, _, err) = run(&["check", root, "--write-baseline", baseline]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("Wrote {} findings", before.len())),
        "{err}"
    );
    // Stable and sorted, one finding per line.
    let text = std::fs::read_to_string(baseline).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("{\"file\""))
        .collect();
    assert_eq!(lines.len(), before.len());
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    assert!(
        text.contains(r#""file":"Contoso/apiDefinition.swagger.json""#),
        "{text}"
    );

    // Unchanged: nothing new, nothing stale, exit 0.
    let (code, out, err) = run(&["check", root, "--format", "json", "--baseline", baseline]);
    assert_eq!((code, findings_of(&out).len()), (0, 0), "{err}");
    assert!(err.contains("0 stale entries"), "{err}");

    // Re-indented: still nothing new and nothing stale.
    let v: Value = serde_json::from_str(BASELINE_SWAGGER).unwrap();
    std::fs::write(&swagger, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let (_, out, err) = run(&["check", root, "--format", "json", "--baseline", baseline]);
    assert_eq!(findings_of(&out), vec![], "{err}");
    assert!(err.contains("0 stale entries"), "{err}");

    // One finding fixed ("recieved"), one added ("paymnets").
    let changed = BASELINE_SWAGGER
        .replace("recieved", "received")
        .replace("and payments.", "and paymnets.");
    std::fs::write(&swagger, changed).unwrap();
    let (code, out, err) = run(&["check", root, "--format", "json", "--baseline", baseline]);
    assert_eq!(
        findings_of(&out),
        vec![(
            "loc-spelling".to_string(),
            "/info/description".to_string(),
            "Unknown word 'paymnets'".to_string()
        )],
        "{err}"
    );
    assert_eq!(
        code, 0,
        "a new warning does not fail the default --fail-on error"
    );
    assert!(err.contains("1 stale entries"), "{err}");
    assert!(
        err.contains(
            "stale: loc-spelling Contoso/apiDefinition.swagger.json /paths/~1x/get/description"
        ),
        "{err}"
    );

    // A file that is not a baseline is a usage error.
    std::fs::write(baseline, "[]").unwrap();
    let (code, _, err) = run(&["check", root, "--baseline", baseline]);
    assert_eq!(code, 2);
    assert!(err.contains("not a connector-lint baseline"), "{err}");
}

#[test]
fn changed_since_checks_only_connectors_git_reports_as_changed() {
    let dir = connector(BASELINE_SWAGGER, None);
    let other = dir.path().join("Fabrikam");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("apiDefinition.swagger.json"), BASELINE_SWAGGER).unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "two connectors"]);
    let root = dir.path().to_str().unwrap();

    let (_, out, err) = run(&["check", root, "--format", "json", "--changed-since", "HEAD"]);
    assert_eq!(findings_of(&out).len(), 0, "{err}");
    assert!(
        err.contains("Checked 0 connectors (0 files, 0 strings, 2 unchanged skipped)"),
        "{err}"
    );

    // A change to Fabrikam's swagger: only Fabrikam is checked.
    std::fs::write(
        other.join("apiDefinition.swagger.json"),
        BASELINE_SWAGGER.replace("payments.", "paymnets."),
    )
    .unwrap();
    let (_, out, err) = run(&["check", root, "--format", "json", "--changed-since", "HEAD"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let files: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert!(!files.is_empty());
    assert!(files.iter().all(|f| f.contains("Fabrikam")), "{files:?}");
    assert!(
        err.contains("Checked 1 connector (1 file, 6 strings, 1 unchanged skipped, 1 compared with the previous version)"),
        "{err}"
    );

    // Committed changes count too, against an older revision.
    git(dir.path(), &["commit", "-qam", "typo"]);
    let (_, _, err) = run(&[
        "check",
        root,
        "--format",
        "json",
        "--changed-since",
        "HEAD~1",
    ]);
    assert!(err.contains("Checked 1 connector"), "{err}");

    let (code, _, err) = run(&["check", root, "--changed-since", "no-such-rev"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("'no-such-rev' is not a revision of this repository"),
        "{err}"
    );
    // A revision is never passed to git as an option.
    let (code, _, err) = run(&["check", root, "--changed-since=--output=x"]);
    assert_eq!(code, 2);
    assert!(err.contains("'--output=x' is not a revision"), "{err}");
    assert!(!dir.path().join("x").exists());
}

/// Two committed connectors, Contoso and Fabrikam, with one finding each ("recieved"), and a config
/// with an `[[ignore]]` entry that matches nothing in Contoso.
fn two_committed_connectors() -> tempfile::TempDir {
    let cfg = r#"
[[ignore]]
path = "Contoso/**"
pointer = "/paths/~1nowhere"
reason = "Contoso's old text"
"#;
    let dir = connector(BASELINE_SWAGGER, Some(cfg));
    let other = dir.path().join("Fabrikam");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("apiDefinition.swagger.json"), BASELINE_SWAGGER).unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "two connectors"]);
    dir
}

/// The `file` of each entry of a baseline.
fn baseline_files(path: &Path) -> Vec<String> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["file"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn changed_since_keeps_the_baseline_and_ignore_entries_of_the_connectors_it_skips() {
    let dir = two_committed_connectors();
    let root = dir.path().to_str().unwrap();
    let baseline = dir.path().join("baseline.json");
    let b = baseline.to_str().unwrap();

    // The whole tree: the entry that matches nothing is reported.
    let (_, out, _) = run(&["check", root, "--format", "concise"]);
    assert!(
        out.contains("connector-lint.toml:2:1: warning[unused-ignore]"),
        "{out}"
    );
    // A first baseline cannot come from --changed-since: it would hold the changed connectors only.
    let (code, _, err) = run(&[
        "check",
        root,
        "--changed-since",
        "HEAD",
        "--write-baseline",
        b,
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "--write-baseline with --changed-since updates an existing baseline, and there is none"
        ),
        "{err}"
    );
    assert!(!baseline.exists());
    let (code, _, err) = run(&["check", root, "--write-baseline", b]);
    assert_eq!(code, 0, "{err}");
    let full = baseline_files(&baseline);
    assert!(full.iter().any(|f| f.starts_with("Contoso/")), "{full:?}");
    assert!(full.iter().any(|f| f.starts_with("Fabrikam/")), "{full:?}");

    // Fabrikam changes: Contoso is skipped, so neither its baseline entries nor its ignore entry
    // can have been tested, and neither is called stale or unused.
    let fabrikam = dir.path().join("Fabrikam/apiDefinition.swagger.json");
    std::fs::write(
        &fabrikam,
        BASELINE_SWAGGER.replace("and payments.", "and paymnets."),
    )
    .unwrap();
    let (code, out, err) = run(&[
        "check",
        root,
        "--format",
        "concise",
        "--changed-since",
        "HEAD",
        "--baseline",
        b,
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("[")).collect();
    assert_eq!(lines.len(), 1, "only the new finding: {out}");
    assert!(lines[0].contains("Unknown word 'paymnets'"), "{out}");
    // Contoso's entries, and the unused-ignore entry, which a partial run cannot judge.
    let contoso_entries = full.iter().filter(|f| f.starts_with("Contoso/")).count();
    assert_eq!(contoso_entries, 3, "{full:?}");
    assert!(
        err.contains("0 stale entries, 4 entries of files this run did not check"),
        "{err}"
    );

    // The changed connector is still compared with the unchanged ones, whose own findings are
    // left out.
    let (_, out, _) = run(&[
        "check",
        root,
        "--format",
        "concise",
        "--changed-since",
        "HEAD",
    ]);
    let dup: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("[corpus-duplicate-title]"))
        .collect();
    assert_eq!(dup.len(), 1, "{out}");
    assert!(
        dup[0].ends_with(
            "Fabrikam/apiDefinition.swagger.json:3:23: warning[corpus-duplicate-title] \
             The title is also the title of 'Contoso'"
        ),
        "{out}"
    );

    // Updating the baseline from that run keeps Contoso's entries.
    let (code, _, err) = run(&[
        "check",
        root,
        "--changed-since",
        "HEAD",
        "--write-baseline",
        b,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Wrote 4 findings to the baseline")
            && err.contains("and kept its 4 entries of files this run did not check"),
        "{err}"
    );
    let updated = baseline_files(&baseline);
    assert_eq!(updated.len(), full.len() + 1, "{updated:?}");
    assert_eq!(
        updated.iter().filter(|f| f.starts_with("Contoso/")).count(),
        contoso_entries
    );

    // Naming one connector works the same way: the other's baseline entries are not stale, and
    // the ignore entry for it is not unused.
    let (code, out, err) = run(&[
        "check",
        dir.path().join("Fabrikam").to_str().unwrap(),
        "--format",
        "concise",
        "--baseline",
        b,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 stale entries"), "{err}");
    assert!(!out.contains("unused-ignore"), "{out}");
    // And a fix is still found stale where it was checked.
    std::fs::write(&fabrikam, BASELINE_SWAGGER.replace("recieved", "received")).unwrap();
    let (_, _, err) = run(&["check", root, "--baseline", b]);
    assert!(err.contains("2 stale entries"), "{err}");
}

#[test]
fn github_format_caps_annotations_per_level_and_counts_the_rest() {
    // 72 errors (empty response schemas), and hundreds of warnings and notes.
    let connector =
        common::shared("corpus/PowerPlatformConnectors/certified-connectors/IA-Connect Session");
    let (_, out, _) = run(&["check", connector.to_str().unwrap(), "--format", "github"]);
    let count = |prefix: &str| out.lines().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(count("::error "), 10, "{out}");
    assert_eq!(count("::warning "), 10);
    assert_eq!(count("::notice "), 10);
    // Errors come first.
    assert!(out.lines().next().unwrap().starts_with("::error "));
    let lines: Vec<&str> = out.lines().collect();
    let n = lines.len();
    assert!(
        lines[n - 2].starts_with("Not annotated: 62 more errors, ")
            && lines[n - 2].contains(" more warnings"),
        "{}",
        lines[n - 2]
    );
    assert!(
        lines[n - 1].starts_with("Checked 1 connector"),
        "{}",
        lines[n - 1]
    );
}

/// The arguments of the `connector-lint check` command in the example workflow (a folded `run: >`
/// block), with GitHub expressions left as they are.
fn workflow_check_args() -> Vec<String> {
    let yml = std::fs::read_to_string("examples/connector-lint.yml").unwrap();
    let mut lines = yml
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("connector-lint check"));
    let mut command = String::new();
    for l in lines.by_ref() {
        if l.trim().is_empty() {
            break;
        }
        command.push_str(l.trim());
        command.push(' ');
    }
    // Split on spaces, keeping `${{ ... }}` whole.
    let mut args = Vec::new();
    let mut rest = command.trim();
    while !rest.is_empty() {
        let end = if rest.starts_with("${{") {
            rest.find("}}").unwrap() + 2
        } else {
            rest.find(' ').unwrap_or(rest.len())
        };
        args.push(rest[..end].to_string());
        rest = rest[end..].trim_start();
    }
    assert_eq!(args[..2], ["connector-lint", "check"], "{args:?}");
    args.remove(0);
    args
}

#[test]
fn example_workflow_runs_as_written() {
    let args = workflow_check_args();
    for flag in ["--changed-since", "--baseline", "--format", "--output"] {
        assert!(args.iter().any(|a| a == flag), "{flag} in {args:?}");
    }
    // A repository like the workflow's: a committed baseline, then a change with one new finding.
    let dir = connector(BASELINE_SWAGGER, None);
    git(dir.path(), &["init", "-q"]);
    let (code, _, err) = bin()
        .current_dir(dir.path())
        .args([
            "check",
            ".",
            "--write-baseline",
            "connector-lint.baseline.json",
        ])
        .output()
        .map(|o| (o.status.code(), (), String::from_utf8(o.stderr).unwrap()))
        .unwrap();
    assert_eq!(code, Some(0), "{err}");
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    let swagger = dir.path().join("Contoso/apiDefinition.swagger.json");
    std::fs::write(&swagger, BASELINE_SWAGGER.replace("payments.", "paymnets.")).unwrap();
    // The workflow's own arguments, with the base commit for the GitHub expression.
    let args: Vec<String> = args
        .into_iter()
        .map(|a| {
            if a.starts_with("${{") {
                "HEAD".to_string()
            } else {
                a
            }
        })
        .collect();
    let out = bin().current_dir(dir.path()).args(&args).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(0), "only a new warning: {err}");
    let sarif: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("connector-lint.sarif")).unwrap(),
    )
    .unwrap();
    assert_valid_sarif(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{results:?}");
    let message = results[0]["message"]["text"].as_str().unwrap();
    assert!(message.starts_with("Unknown word 'paymnets'"), "{message}");
}

#[test]
fn readiness_scores_match_a_hand_computed_fixture() {
    // fixtures/report/Contoso Tasks has 13 strings; the two of the internal `apiVersion`
    // parameter are not user-facing ("teh version" is not counted), which leaves 11. Two of them
    // have findings of the readiness categories: "recieved" (spelling) in parameter 1's
    // description and "id" (localization) in parameter 2's. Score: 100 * 9 / 11 = 81.8.
    let (code, out, err) = run(&["report", "fixtures/report", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let c = &v["connectors"][0];
    // The folder every name shares is said once, not repeated in each name.
    assert_eq!(v["prefix"], "fixtures/report/");
    assert_eq!(c["name"], "Contoso Tasks");
    assert_eq!(
        (c["strings"].as_u64(), c["ready"].as_u64()),
        (Some(11), Some(9))
    );
    assert_eq!(c["score"].as_f64(), Some(81.8));
    assert_eq!(v["overall"].as_f64(), Some(81.8));
    let worst: Vec<(&str, &str)> = c["worst_strings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["pointer"].as_str().unwrap(),
                w["findings"][0][0].as_str().unwrap(),
            )
        })
        .collect();
    // Each worst string says where it is and what is wrong with it.
    let first = &c["worst_strings"][0];
    assert_eq!(
        (&first["file"], &first["line"], &first["column"]),
        (
            &serde_json::json!("fixtures/report/Contoso Tasks/apiDefinition.swagger.json"),
            &serde_json::json!(20),
            &serde_json::json!(106)
        )
    );
    assert_eq!(
        first["findings"][0][1],
        "'recieved' is a misspelling of 'received'"
    );
    assert_eq!(
        worst,
        [
            (
                "/paths/~1tasks/get/parameters/1/description",
                "loc-spelling"
            ),
            (
                "/paths/~1tasks/get/parameters/2/description",
                "loc-abbreviation-caps"
            ),
        ]
    );
    // The internal parameter's description ("teh version", no final period) gets no finding at
    // all: the language and sentence rules skip strings users never see.
    assert_eq!(
        c["findings_by_rule"],
        serde_json::json!({"loc-abbreviation-caps": 1, "loc-spelling": 1})
    );
    let histogram: Vec<u64> = v["histogram"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    assert_eq!(histogram, [0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);

    let (_, md, _) = run(&["report", "fixtures/report", "--format", "markdown"]);
    assert!(md.contains("| Contoso Tasks | 81.8 | 11 | 9 |"), "{md}");
    assert!(md.contains("1 connectors in `fixtures/report`"), "{md}");
    assert!(
        md.contains(
            "- `Contoso Tasks/apiDefinition.swagger.json:20:106` `/paths/~1tasks/get/parameters/1/description`: Only the tasks with this recieved status.\n  - `loc-spelling` 'recieved' is a misspelling of 'received'\n"
        ),
        "{md}"
    );
    assert!(md.contains("<details><summary>Top rules</summary>"), "{md}");

    // One self-contained page: no external scripts, styles, images or fonts.
    let (_, html, _) = run(&["report", "fixtures/report"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg") && html.contains("<style>") && html.contains("<script>"));
    for external in ["src=", "href=\"http", "<link", "@import", "url("] {
        assert!(!html.contains(external), "{external}");
    }
    assert!(html.contains(">81.8</td>"), "the score is in the table");
    assert!(
        html.contains("Contoso Tasks/apiDefinition.swagger.json:20:106")
            && html.contains("<code>loc-spelling</code> 'recieved' is a misspelling"),
        "the finding's place and message are on the page"
    );
}

#[test]
fn readiness_report_does_not_score_a_connector_whose_swagger_did_not_parse() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("Good");
    let broken = dir.path().join("Broken");
    for c in [&good, &broken] {
        std::fs::create_dir(c).unwrap();
        std::fs::write(
            c.join("apiProperties.json"),
            r##"{"properties": {"iconBrandColor": "#da3b01", "publisher": "Contoso"}}"##,
        )
        .unwrap();
    }
    std::fs::write(good.join("apiDefinition.swagger.json"), WARN_ONLY).unwrap();
    std::fs::write(
        broken.join("apiDefinition.swagger.json"),
        "{\n  \"swagger\": \"2.0\",\n  \"info\": {\"title\": \"A\" \"version\": \"1.0\"}\n}\n",
    )
    .unwrap();
    let root = dir.path().to_str().unwrap();
    let (_, out, err) = run(&["report", root, "--format", "json"]);
    let v: Value = serde_json::from_str(&out).expect(&err);
    let by_name = |n: &str| {
        v["connectors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == n)
            .unwrap()
            .clone()
    };
    let b = by_name("Broken");
    assert_eq!(b["score"], Value::Null);
    assert!(
        b["not_scored"]
            .as_str()
            .unwrap()
            .starts_with("apiDefinition.swagger.json:3:25: Invalid JSON: expected ',' or '}', found '\"'; the file was not checked further"),
        "{b}"
    );
    assert!(by_name("Good")["score"].as_f64().is_some());
    // Only the scored connector is ranked and counted.
    assert_eq!(v["worst"], serde_json::json!(["Good"]));
    assert_eq!(v["overall"], by_name("Good")["score"]);

    let (_, html, _) = run(&["report", root]);
    assert!(html.contains("1 connectors not scored"), "{html}");
    // No score sorts last whichever way the column is sorted: an empty value, not a number.
    assert!(
        html.contains("<td data-v=\"\" class=\"none\" title=\"not scored: "),
        "{html}"
    );
    let (_, md, _) = run(&["report", root, "--format", "markdown"]);
    assert!(md.contains("- **Broken** is not scored: "), "{md}");

    // `strings` says which file's strings it could not list, and does not exit 0.
    let (code, out, err) = run(&["strings", root]);
    assert_eq!(code, 2, "{err}");
    assert!(out.contains("Good/apiDefinition.swagger.json"), "{out}");
    assert!(
        err.contains("Broken/apiDefinition.swagger.json:3:25: Invalid JSON")
            && err.contains("(its strings are not listed)"),
        "{err}"
    );
}

#[test]
fn ignore_entries_apply_to_cross_connector_findings() {
    let config = r#"
[[ignore]]
path = "Contoso/*.json"
pointer = "/info/title"
rules = ["corpus-duplicate-title"]
reason = "Contoso and Fabrikam are two editions of one service"
"#;
    let dir = connector(WARN_ONLY, Some(config));
    let other = dir.path().join("Fabrikam");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("apiDefinition.swagger.json"), WARN_ONLY).unwrap();
    let root = dir.path().to_str().unwrap();
    let select = "corpus,unused-ignore";
    let (_, out, err) = run(&["check", root, "--format", "json", "--select", select]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let found: Vec<(&str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["file"].as_str().unwrap()))
        .collect();
    assert_eq!(found.len(), 1, "{found:?} {err}");
    assert_eq!(found[0].0, "corpus-duplicate-title");
    assert!(
        found[0].1.ends_with("Fabrikam/apiDefinition.swagger.json"),
        "{found:?}"
    );
    // The entry was used, so it is not reported as stale; an entry that matches nothing is.
    assert!(!out.contains("unused-ignore"), "{out}");
    std::fs::write(
        dir.path().join("connector-lint.toml"),
        config.replace("/info/title", "/info/description"),
    )
    .unwrap();
    let (_, out, _) = run(&["check", root, "--format", "json", "--select", select]);
    let rules: Vec<String> = findings_of(&out).into_iter().map(|f| f.0).collect();
    assert_eq!(
        rules,
        [
            "corpus-duplicate-title",
            "corpus-duplicate-title",
            "unused-ignore"
        ],
        "{out}"
    );
}

/// A certification requirement is an error on a connector to be certified and a warning on a
/// custom one, which Microsoft validates without the certification rules; a structural rule keeps
/// its level on both.
#[test]
fn certification_errors_are_warnings_on_custom_connectors() {
    let title = "fixtures/rules/title-max-length/invalid/apiDefinition.swagger.json";
    let line = |kind: &str, rule: &str, file: &str| {
        let (code, out, _) = run(&[
            "check",
            file,
            "--select",
            rule,
            "--publisher",
            kind,
            "--format",
            "concise",
        ]);
        (code, out.lines().next().unwrap_or_default().to_string())
    };
    let (code, out) = line("certified", "title-max-length", title);
    assert_eq!(code, 1);
    assert!(out.contains(": error[title-max-length] "), "{out}");
    let (code, out) = line("custom", "title-max-length", title);
    assert_eq!(code, 0);
    assert!(out.contains(": warning[title-max-length] "), "{out}");
    let openapi3 = "fixtures/rules/meta-swagger2/invalid/apiDefinition.swagger.json";
    let (code, out) = line("custom", "meta-swagger2", openapi3);
    assert_eq!(code, 1);
    assert!(out.contains(": error[meta-swagger2] "), "{out}");
}

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = bin().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Rule, line and column of each finding of a `--format json` report: what stays the same however
/// the path was spelled (the file's displayed path does not).
fn rules_and_positions(json: &str) -> Vec<(String, u64, u64)> {
    let v: Value = serde_json::from_str(json).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn publisher_kind_is_the_same_however_the_path_is_spelled() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp
        .path()
        .join("independent-publisher-connectors")
        .join("Contoso");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("apiDefinition.swagger.json"), WARN_ONLY).unwrap();
    let select = ["--select", "meta-contact-required,meta-xms-required"];
    let abs = c.to_str().unwrap();
    let expected = run(&["check", abs, select[0], select[1], "--format", "json"]);
    assert_eq!(expected.0, 1, "submission rules fail: {}", expected.2);
    let expected = (expected.0, rules_and_positions(&expected.1));
    assert!(
        expected
            .1
            .iter()
            .any(|(r, _, _)| r == "meta-contact-required"),
        "{expected:?}"
    );
    let parent = tmp.path().join("independent-publisher-connectors");
    for (dir, path) in [
        (&c, "."),
        (&c, "./"),
        (&c, "apiDefinition.swagger.json"),
        (&parent, "Contoso"),
        (&parent, "Contoso/../Contoso/apiDefinition.swagger.json"),
    ] {
        let (code, out, err) = run_in(
            dir,
            &["check", path, select[0], select[1], "--format", "json"],
        );
        assert_eq!(
            (code, rules_and_positions(&out)),
            expected,
            "`check {path}` in {}: {err}",
            dir.display()
        );
    }
    // Through a symlink from elsewhere, the kind is the one of the folder linked to.
    #[cfg(unix)]
    {
        let link = tmp.path().join("mine");
        std::os::unix::fs::symlink(&c, &link).unwrap();
        let (code, out, err) = run_in(
            tmp.path(),
            &["check", "mine", select[0], select[1], "--format", "json"],
        );
        assert_eq!((code, rules_and_positions(&out)), expected, "{err}");
    }
}

#[test]
fn a_path_that_holds_no_connector_is_an_error_that_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let (code, out, err) = run(&["check", empty.to_str().unwrap(), "--format", "sarif"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains(
            "empty: no connector found: no folder in it holds an apiDefinition.swagger.json"
        ),
        "{err}"
    );
    // One empty input among good ones fails the run too: a mistyped folder is not a pass.
    let dir = connector(WARN_ONLY, None);
    let (code, _, err) = run(&[
        "check",
        dir.path().to_str().unwrap(),
        empty.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&["strings", empty.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no connector found"), "{err}");
    let (code, _, err) = run(&["report", empty.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no connector found"), "{err}");

    // Connectors only in hidden or git-ignored folders: the message says so, and naming such a
    // folder checks it.
    let tree = tmp.path().join("tree");
    std::fs::create_dir_all(tree.join(".drafts/Contoso")).unwrap();
    std::fs::write(
        tree.join(".drafts/Contoso/apiDefinition.swagger.json"),
        WARN_ONLY,
    )
    .unwrap();
    let (code, _, err) = run(&["check", tree.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("1 apiDefinition.swagger.json is in hidden or git-ignored folders"),
        "{err}"
    );
    let hidden = tree.join(".drafts");
    let (code, _, err) = run(&["check", hidden.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty() || !err.contains("error"), "{err}");
}

#[test]
fn changed_since_on_a_change_touching_no_connector_passes_with_a_message_and_empty_sarif() {
    let dir = connector(WARN_ONLY, None);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "one connector"]);
    std::fs::write(dir.path().join("notes.txt"), "not a connector file").unwrap();
    let root = dir.path().to_str().unwrap();
    let (code, out, err) = run(&[
        "check",
        root,
        "--format",
        "sarif",
        "--changed-since",
        "HEAD",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("No connector changed since HEAD: nothing to check (1 unchanged)."),
        "{err}"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_valid_sarif(&v);
    assert_eq!(v["runs"][0]["results"].as_array().map(Vec::len), Some(0));
}

/// Run `connector-lint` as an unprivileged user when this is root (root reads every folder).
fn run_unprivileged(args: &[&str]) -> (i32, String, String) {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let out = if root {
        let bin = bin_path();
        std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(bin)
            .args(args)
            .output()
            .expect("setpriv runs")
    } else {
        bin().args(args).output().unwrap()
    };
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[cfg(unix)]
#[test]
fn folders_that_cannot_be_read_are_reported_and_exit_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = connector(WARN_ONLY, None);
    let locked = dir.path().join("Locked");
    std::fs::create_dir_all(locked.join("Fabrikam")).unwrap();
    std::fs::write(
        locked.join("Fabrikam/apiDefinition.swagger.json"),
        WARN_ONLY,
    )
    .unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root = dir.path().to_str().unwrap();
    // The readable connector is checked and reported; the locked folder is named; exit 2.
    let (code, out, err) = run_unprivileged(&["check", root, "--format", "json"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("Locked: the folder cannot be read (permission denied)"),
        "{err}"
    );
    assert!(err.contains("Checked 1 connector"), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["notifications"].to_string().contains("Locked"),
        "{}",
        v["notifications"]
    );
    // Named directly, it holds no connector that could be read: exit 2, and why.
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let (code, _, err) = run_unprivileged(&["check", locked.to_str().unwrap()]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("no connector found") && err.contains("1 folder could not be read"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_inside_the_tree_are_followed_and_links_outside_are_reported_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let tree = tmp.path().join("tree");
    let outside = tmp.path().join("outside/Fabrikam");
    std::fs::create_dir_all(tree.join("real/Contoso")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(
        tree.join("real/Contoso/apiDefinition.swagger.json"),
        WARN_ONLY,
    )
    .unwrap();
    std::fs::write(outside.join("apiDefinition.swagger.json"), WARN_ONLY).unwrap();
    std::fs::write(
        tmp.path().join("secret.json"),
        "{\"password\": \"hunter2\"}",
    )
    .unwrap();
    let link = |target: &Path, name: &str| std::os::unix::fs::symlink(target, tree.join(name));
    // A tree whose only connector folder is a link (inside the tree): checked, once.
    let links = tmp.path().join("tree/links");
    std::fs::create_dir(&links).unwrap();
    link(&tree.join("real/Contoso"), "links/Contoso").unwrap();
    // A link to a folder outside the tree.
    link(&outside, "Fabrikam").unwrap();
    // Connector files that lead outside, to a device, or to a FIFO.
    for (name, target) in [
        ("Secret", tmp.path().join("secret.json")),
        ("Zero", "/dev/zero".into()),
    ] {
        std::fs::create_dir(tree.join(name)).unwrap();
        link(&target, &format!("{name}/apiDefinition.swagger.json")).unwrap();
    }
    std::fs::create_dir(tree.join("Fifo")).unwrap();
    let fifo = tree.join("Fifo/apiDefinition.swagger.json");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());

    let out = bin()
        .args(["check", tree.to_str().unwrap(), "--format", "json"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let (code, out, err) = (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert_eq!(code, 1, "{err}");
    assert!(!out.contains("hunter2"), "a file outside the tree was read");
    assert!(
        err.contains("Fabrikam: it is a symbolic link to")
            && err.contains("outside the scanned folder")
            && err.contains("not followed"),
        "{err}"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let unreadable = |dir: &str| {
        findings
            .iter()
            .find(|f| f["rule"] == "file-unreadable" && f["file"].as_str().unwrap().contains(dir))
            .map(|f| f["message"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    assert!(
        unreadable("Secret/").contains("outside the scanned folder"),
        "{findings:?}"
    );
    assert!(unreadable("Zero/").contains("/dev/zero"), "{findings:?}");
    assert!(
        unreadable("Fifo/").contains("FIFO (named pipe), not a regular file"),
        "{findings:?}"
    );
    // Contoso, reached twice (real/ and links/), is checked once; Fabrikam not at all.
    assert!(
        err.contains("Checked 4 connectors (4 files, 5 strings)"),
        "{err}"
    );
    // The link named alone, or a device or FIFO named directly, is not read either.
    for path in [fifo.clone(), tree.join("Zero/apiDefinition.swagger.json")] {
        let out = bin()
            .args(["check", path.to_str().unwrap(), "--format", "concise"])
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{path:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("error[file-unreadable]"), "{text}");
    }
}

#[test]
fn files_above_the_size_cap_are_reported_not_read() {
    // 2 MB of valid swagger: a long description.
    let big = WARN_ONLY.replace(
        "Contoso keeps track of invoices and payments.",
        &"Contoso keeps track of invoices and payments. ".repeat(48_000),
    );
    assert!(big.len() > 2 << 20);
    let dir = connector(&big, None);
    let root = dir.path().to_str().unwrap();
    let (code, out, err) = run(&["check", root, "--format", "concise", "--max-file-mb", "1"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("apiDefinition.swagger.json:1:1: error[file-unreadable] Could not read the file: it is 2.1 MB, above the size cap of 1 MB"),
        "{out}"
    );
    // The default cap admits it; the config sets the cap too; 0 is an error.
    assert_eq!(run(&["check", root, "--format", "concise"]).0, 0);
    std::fs::write(dir.path().join("connector-lint.toml"), "max-file-mb = 1\n").unwrap();
    let (code, out, _) = run(&["check", root, "--format", "concise"]);
    assert_eq!(code, 1);
    assert!(out.contains("above the size cap of 1 MB"), "{out}");
    std::fs::write(dir.path().join("connector-lint.toml"), "max-file-mb = 0\n").unwrap();
    let (code, _, err) = run(&["check", root]);
    assert_eq!(code, 2);
    assert!(err.contains("`max-file-mb` must be at least 1"), "{err}");
}

#[test]
fn overlapping_arguments_check_each_connector_once() {
    let dir = connector(WARN_ONLY, None);
    let root = dir.path().to_str().unwrap();
    let one = dir.path().join("Contoso");
    let swagger = one.join("apiDefinition.swagger.json");
    let args = ["--format", "json", "--select", "ALL"];
    let (code, out, err) = run(&[&["check", root][..], &args].concat());
    let expected = (code, rules_and_positions(&out));
    assert!(err.contains("Checked 1 connector"), "{err}");
    for extra in [
        vec![root, one.to_str().unwrap()],
        vec![one.to_str().unwrap(), root],
        vec![swagger.to_str().unwrap(), root],
        vec![root, root],
    ] {
        let (code, out, err) = run(&[&["check"][..], &extra, &args].concat());
        let got = (code, rules_and_positions(&out));
        assert_eq!(got, expected, "{extra:?}: {err}");
        assert!(!out.contains("corpus-duplicate-title"), "{out}");
        assert!(err.contains("Checked 1 connector"), "{extra:?}: {err}");
    }
    // Run from inside, with `.` and the folder's absolute path.
    let (code, out, err) = run_in(
        &one,
        &[&["check", ".", one.to_str().unwrap()][..], &args].concat(),
    );
    assert_eq!((code, rules_and_positions(&out)), expected, "{err}");
}

/// Run with standard output on `/dev/full` (every write fails: a full disk).
#[cfg(target_os = "linux")]
fn run_to_full_disk(args: &[&str]) -> (i32, String) {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(bin_path())
        .args(args)
        .stdout(full)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Run with standard output a pipe whose reader has gone (`| head -c 0`).
#[cfg(unix)]
fn run_to_closed_pipe(args: &[&str]) -> (i32, String) {
    use std::process::Stdio;
    let mut child = std::process::Command::new(bin_path())
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[cfg(target_os = "linux")]
#[test]
fn write_errors_on_standard_output_exit_2_and_a_closed_pipe_ends_quietly() {
    let (code, err) = run_to_full_disk(&["check", SAMPLE, "--format", "sarif"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("standard output: cannot write the report: No space left on device"),
        "{err}"
    );
    for args in [
        &["strings", SAMPLE][..],
        &["rules", "--format", "json"],
        &["explain", "title-max-length"],
        &["report", SAMPLE, "--format", "markdown"],
    ] {
        let (code, err) = run_to_full_disk(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("No space left on device"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        let (code, err) = run_to_closed_pipe(args);
        assert!(
            code == 0 || code == 1,
            "{args:?} ends quietly: {code} {err}"
        );
        assert!(
            !err.contains("panicked") && !err.contains("error:"),
            "{args:?}: {err}"
        );
    }
    // A closed pipe is no error for `check` either: the exit code is the check's.
    let (code, err) = run_to_closed_pipe(&["check", SAMPLE, "--format", "sarif"]);
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("error:"), "{err}");
}

#[test]
fn settings_that_would_check_nothing_or_hang_are_usage_errors() {
    let (code, _, err) = run(&["check", SAMPLE, "--threads", "0"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--threads 0: at least one thread is needed"),
        "{err}"
    );
    // A huge thread count is capped, with a message, and the run ends.
    let out = bin()
        .args([
            "check",
            SAMPLE,
            "--format",
            "concise",
            "--threads",
            "99999999999",
        ])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("warning: --threads 99999999999 is more than 8 per core"),
        "{err}"
    );
    let (code, _, err) = run(&[
        "check",
        SAMPLE,
        "--format",
        "sarif",
        "--sarif-max-results",
        "0",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--sarif-max-results 0"), "{err}");
    let (code, out, err) = run(&["check", SAMPLE, "--select", "ALL", "--ignore", "ALL"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("no rule is selected"), "{err}");
    let dir = connector(WARN_ONLY, Some("[rules]\nignore = [\"ALL\"]\n"));
    let (code, _, err) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no rule is selected"), "{err}");
}

#[test]
fn an_ignore_entry_with_only_a_reason_is_a_config_error() {
    let config = "[rules]\nselect = [\"ALL\"]\n\n[[ignore]]\nreason = \"Too many findings\"\n";
    let dir = connector(WARN_ONLY, Some(config));
    let (code, out, err) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.contains("connector-lint.toml: the [[ignore]] entry at line 4 has only a `reason`"),
        "{err}"
    );
}

#[test]
fn a_utf16_file_is_named_utf16_and_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("Contoso");
    std::fs::create_dir(&c).unwrap();
    let text = "{\n \"swagger\": \"2.0\",\n \"info\": {\"title\": \"A\", \"description\": \"Does teh x.\"}}";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(c.join("apiDefinition.swagger.json"), bytes).unwrap();
    let (code, out, _) = run(&["check", dir.path().to_str().unwrap(), "--format", "concise"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("Contoso/apiDefinition.swagger.json:1:1: error[file-encoding] File is UTF-16 (little-endian, with a byte order mark), not UTF-8; it was checked as decoded from UTF-16"),
        "{out}"
    );
    assert!(!out.contains("not valid UTF-8"), "{out}");
    assert!(
        out.contains("Contoso/apiDefinition.swagger.json:3:46: warning[loc-spelling] 'teh' is a misspelling of 'the'"),
        "{out}"
    );
}

#[test]
fn a_backslash_in_a_folder_name_is_shown_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join(r"Contoso\Tasks");
    std::fs::create_dir(&c).unwrap();
    std::fs::write(c.join("apiDefinition.swagger.json"), WARN_ONLY).unwrap();
    let (_, out, _) = run(&["check", dir.path().to_str().unwrap(), "--format", "concise"]);
    assert!(
        out.contains(r"Contoso\Tasks/apiDefinition.swagger.json:"),
        "{out}"
    );
    assert!(!out.contains("Contoso/Tasks"), "{out}");
}

#[test]
fn a_damaged_icon_is_described_without_rust_debug_text() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("certified-connectors/Contoso");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("apiDefinition.swagger.json"), WARN_ONLY).unwrap();
    // A valid 1 × 1 PNG header whose IHDR checksum is wrong.
    let mut png = connector_lint::icon::PNG_MAGIC.to_vec();
    png.extend([0, 0, 0, 13]);
    png.extend(b"IHDR");
    png.extend([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    png.extend([0xde, 0xad, 0xbe, 0xef]);
    std::fs::write(c.join("icon.png"), &png).unwrap();
    let (_, out, _) = run(&["check", dir.path().to_str().unwrap(), "--format", "concise"]);
    let line = out
        .lines()
        .find(|l| l.contains("[icon-format-png]"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.ends_with("icon.png:1:1: error[icon-format-png] icon.png cannot be used: the PNG image is damaged: CRC error: expected 0xdeadbeef have 0x1f15c489 while decoding IHDR chunk."),
        "{line}"
    );
    // Truncated after the signature: said in words.
    std::fs::write(c.join("icon.png"), &png[..12]).unwrap();
    let (_, out, _) = run(&["check", dir.path().to_str().unwrap(), "--format", "concise"]);
    assert!(
        out.contains(
            "the PNG image is damaged: the file ends before the image does (it is truncated)."
        ),
        "{out}"
    );
}

#[test]
fn unknown_rule_ids_get_a_did_you_mean() {
    let (code, _, err) = run(&["explain", "loc-speling"]);
    assert_eq!(code, 2);
    assert_eq!(
        err.trim_end(),
        "error: unknown rule 'loc-speling' (see `connector-lint rules`). Did you mean 'loc-spelling'?"
    );
    let dir = connector(WARN_ONLY, None);
    let root = dir.path().to_str().unwrap();
    let (code, _, err) = run(&["check", root, "--select", "titel-required"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--select: unknown rule or category 'titel-required' (see `connector-lint rules`). Did you mean 'title-required'?"),
        "{err}"
    );
    let (code, _, err) = run(&["check", root, "--ignore", "spellng"]);
    assert_eq!(code, 2);
    assert!(err.contains("Did you mean 'spelling'?"), "{err}");
    // Nothing close: no guess.
    let (_, _, err) = run(&["explain", "xyz"]);
    assert!(!err.contains("Did you mean"), "{err}");
    let dir = connector(WARN_ONLY, Some("[rules.levels]\nloc-spellin = \"error\"\n"));
    let (code, _, err) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown rule 'loc-spellin' in [rules.levels] (see `connector-lint rules`). Did you mean 'loc-spelling'?"),
        "{err}"
    );
}

#[test]
fn ignore_paths_of_a_config_given_by_its_bare_name_are_relative_to_the_current_folder() {
    let cfg = "[[ignore]]\npath = \"Contoso/*.json\"\nreason = \"Accepted\"\n";
    let dir = connector(WARN_ONLY, Some(cfg));
    // `--config connector-lint.toml` has an empty parent: it must still mean this folder.
    for config in ["connector-lint.toml", "./connector-lint.toml"] {
        let (code, out, err) = run_in(
            dir.path(),
            &["check", "Contoso", "--config", config, "--format", "json"],
        );
        assert_eq!((code, findings_of(&out)), (0, vec![]), "{config}: {err}");
    }
}

/// A connector with two rules at one pointer, a rule twice at another, a pointer with `~1` and
/// braces, and a whole-file finding (empty pointer) in a second file.
const ADD_IGNORE_SWAGGER: &str = r#"{
  "swagger": "2.0",
  "info": { "title": "Contoso", "description": "Contoso keeps track of invoices and payments.", "version": "1.0" },
  "paths": { "/items/{id}": { "get": { "operationId": "GetX", "summary": "Get teh  item", "description": "Gets teh itme",
    "parameters": [ { "name": "id", "in": "path", "required": true, "type": "string", "x-ms-summary": "Item", "description": "The ID of the item." } ],
    "responses": { "200": { "description": "OK", "schema": { "type": "string" } } } } } }
}"#;

/// [`ADD_IGNORE_SWAGGER`] in `folder`, with an `apiProperties.json` that does not parse.
fn add_ignore_connector(folder: &Path) {
    std::fs::create_dir_all(folder).unwrap();
    std::fs::write(
        folder.join("apiDefinition.swagger.json"),
        ADD_IGNORE_SWAGGER,
    )
    .unwrap();
    std::fs::write(folder.join("apiProperties.json"), "{ \"properties\": { ").unwrap();
}

/// The findings of a check of `path` as JSON, with its exit code.
fn check_json(path: &Path) -> (i32, Vec<(String, String, String)>) {
    let (code, out, err) = run(&["check", path.to_str().unwrap(), "--format", "json"]);
    assert!(code != 2, "{err}");
    (code, findings_of(&out))
}

#[test]
fn add_ignore_accepts_every_finding_and_a_second_run_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    add_ignore_connector(&dir.path().join("Contoso"));
    let root = dir.path().to_str().unwrap();
    let config = dir.path().join("connector-lint.toml");
    let (code, before) = check_json(dir.path());
    assert_eq!((code, before.len()), (1, 7), "{before:?}");

    let (code, out, err) = run(&["check", root, "--add-ignore", "Accepted in review #12"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert_eq!(
        err,
        format!(
            "Added 4 [[ignore]] entries to {} (created: no connector-lint.toml was found in or \
             above the checked folder)\n",
            config.display()
        )
    );
    let text = std::fs::read_to_string(&config).unwrap();
    // One entry per (file, pointer), its rules sorted and deduplicated; no pointer for a
    // whole-file finding.
    assert!(
        text.starts_with(
            r#"[[ignore]]
path = "Contoso/apiDefinition.swagger.json"
pointer = "/paths/~1items~1{id}/get/summary"
rules = ["loc-double-space", "loc-spelling"]
reason = "Accepted in review #12"

[[ignore]]
path = "Contoso/apiDefinition.swagger.json"
pointer = "/paths/~1items~1{id}/get/description"
rules = ["loc-spelling", "op-description-sentence"]
reason = "Accepted in review #12"
"#
        ),
        "{text}"
    );
    assert!(
        text.ends_with(
            r#"[[ignore]]
path = "Contoso/apiProperties.json"
rules = ["file-json-valid"]
reason = "Accepted in review #12"
"#
        ),
        "{text}"
    );
    assert_eq!(check_json(dir.path()), (0, vec![]));

    // Nothing is left to accept: the file is not touched.
    let (code, _, err) = run(&["check", root, "--add-ignore", "Again"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        format!(
            "No finding to ignore: {} is left as it was\n",
            config.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&config).unwrap(), text);
}

#[test]
fn add_ignore_keeps_an_existing_config_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    add_ignore_connector(&dir.path().join("Contoso"));
    let config = dir.path().join("connector-lint.toml");
    // Comments, blank lines, odd spacing, a stale entry, and no line break at the end.
    let before =
        "# Team settings: keep this comment.\r\n[language]\nwords = [ \"Contoso\" ]   # ours\n\n\
                  [[ignore]]\npath = \"Other/**\"\nreason = \"Gone\"\n# last line";
    std::fs::write(&config, before).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let connector = dir.path().join("Contoso");
    let (code, out, err) = run(&[
        "check",
        connector.to_str().unwrap(),
        "--add-ignore",
        "Legacy text",
    ]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    let shown = std::fs::canonicalize(&config).unwrap();
    assert_eq!(
        err,
        format!(
            "warning: 1 unused-ignore finding gets no entry: remove the stale [[ignore]] entry \
             instead\nAdded 4 [[ignore]] entries to {}\n",
            shown.display()
        )
    );
    let after = std::fs::read_to_string(&config).unwrap();
    let added = after
        .strip_prefix(before)
        .unwrap_or_else(|| panic!("the old text is kept as it was: {after}"));
    assert!(added.starts_with("\n\n[[ignore]]\n"), "{added:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&config).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640, "the config keeps its permissions");
    }
    // Only the stale entry's finding is left: it is removed, not excused.
    let (code, left) = check_json(&connector);
    assert_eq!(code, 0);
    assert_eq!(
        left.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["unused-ignore"]
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temporary file left behind"
    );
}

#[test]
fn add_ignore_escapes_glob_characters_so_an_entry_matches_its_file_only() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("certified-connectors/Contoso [v2]*");
    // What `Contoso [v2]*/…` would match unescaped: `[v2]` is one character, `*` any.
    let sibling = dir.path().join("certified-connectors/Contoso 2x");
    add_ignore_connector(&odd);
    add_ignore_connector(&sibling);
    std::fs::write(dir.path().join("connector-lint.toml"), "# Shared\n").unwrap();
    let (_, sibling_before) = check_json(&sibling);
    assert!(!sibling_before.is_empty());

    let (code, _, err) = run(&["check", odd.to_str().unwrap(), "--add-ignore", "Beta"]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(dir.path().join("connector-lint.toml")).unwrap();
    assert!(
        text.contains(
            "path = \"certified-connectors/Contoso [[]v2[]][*]/apiDefinition.swagger.json\"\n"
        ),
        "{text}"
    );
    assert_eq!(check_json(&odd), (0, vec![]));
    assert_eq!(check_json(&sibling), (1, sibling_before));
}

#[test]
fn ignore_toml_format_prints_the_entries_add_ignore_writes() {
    let dir = tempfile::tempdir().unwrap();
    add_ignore_connector(&dir.path().join("Contoso"));
    let root = dir.path().to_str().unwrap();
    let config = dir.path().join("connector-lint.toml");

    let (code, out, err) = run(&["check", root, "--format", "ignore-toml"]);
    assert_eq!(
        code, 1,
        "the exit code follows --fail-on, as in any format: {err}"
    );
    assert!(
        err.starts_with("Checked 1 connector"),
        "summary on stderr: {err}"
    );
    assert!(!config.exists(), "nothing is written");
    let v: toml::Value = toml::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let entries = v["ignore"].as_array().unwrap();
    assert_eq!(entries.len(), 4, "{out}");
    for e in entries {
        assert_eq!(
            e["reason"].as_str(),
            Some("TODO: say why this finding is accepted"),
            "{out}"
        );
    }
    assert!(
        out.starts_with(&format!(
            "# [[ignore]] entries for {} (their paths are relative to its folder).\n\n[[ignore]]\n",
            config.display()
        )),
        "{out}"
    );

    // With --add-ignore's reason, they are what --add-ignore writes.
    let (_, shown, _) = run(&[
        "check",
        root,
        "--format",
        "ignore-toml",
        "--add-ignore",
        "Known",
    ]);
    assert!(
        !config.exists(),
        "--format ignore-toml only shows the entries"
    );
    assert_eq!(run(&["check", root, "--add-ignore", "Known"]).0, 0);
    let written = std::fs::read_to_string(&config).unwrap();
    let (comments, entries) = shown.split_once("\n\n").unwrap();
    assert!(comments.starts_with("# "), "{shown}");
    assert_eq!(entries, written);
}

#[test]
fn add_ignore_usage_errors_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    add_ignore_connector(&dir.path().join("Contoso"));
    let root = dir.path().to_str().unwrap();
    let config = dir.path().join("connector-lint.toml");
    for reason in ["", "  "] {
        let (code, _, err) = run(&["check", root, "--add-ignore", reason]);
        assert_eq!(code, 2, "{reason:?}");
        assert_eq!(
            err,
            "error: --add-ignore needs a reason: an [[ignore]] entry without one is a config error\n"
        );
    }
    for flag in ["--fix", "--fix-only", "--diff"] {
        let (code, _, err) = run(&["check", root, "--add-ignore", "R", flag]);
        assert_eq!(code, 2, "{flag}");
        assert!(err.contains("cannot be used with"), "{flag}: {err}");
    }
    let baseline = dir.path().join("b.json");
    let (code, _, err) = run(&[
        "check",
        root,
        "--add-ignore",
        "R",
        "--write-baseline",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
    assert!(!config.exists() && !baseline.exists());

    // A read-only config is not replaced.
    std::fs::write(&config, "# Read-only\n").unwrap();
    let mut perms = std::fs::metadata(&config).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&config, perms).unwrap();
    let (code, _, err) = run(&["check", root, "--add-ignore", "R"]);
    assert_eq!(code, 2);
    assert!(
        err.ends_with(
            "connector-lint.toml: the config file is read-only: no [[ignore]] entry was added\n"
        ),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&config).unwrap(), "# Read-only\n");

    // A config whose folder does not hold the files: no entry could match them.
    let elsewhere = tempfile::tempdir().unwrap();
    let other = elsewhere.path().join("connector-lint.toml");
    std::fs::write(&other, "").unwrap();
    let (code, _, err) = run(&[
        "check",
        root,
        "--config",
        other.to_str().unwrap(),
        "--add-ignore",
        "R",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("2 files with findings are outside the folder of"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "");

    // Inputs under different config files: the entries would not have one place to go.
    let second = elsewhere.path().join("Second");
    add_ignore_connector(&second);
    let (code, _, err) = run(&["check", root, second.to_str().unwrap(), "--add-ignore", "R"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("[[ignore]] entries go in one config file, and these inputs have 2:"),
        "{err}"
    );

    // Inputs without a config, the second outside the first: no file is created above both.
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    add_ignore_connector(&a.path().join("Contoso"));
    add_ignore_connector(&b.path().join("Contoso"));
    let (code, _, err) = run(&[
        "check",
        a.path().to_str().unwrap(),
        b.path().to_str().unwrap(),
        "--add-ignore",
        "R",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no connector-lint.toml applies to the inputs, and"),
        "{err}"
    );
    for d in [a.path(), b.path(), a.path().parent().unwrap()] {
        assert!(!d.join("connector-lint.toml").exists(), "{}", d.display());
    }
}
