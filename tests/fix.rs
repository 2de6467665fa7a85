//! `check --fix`, `--unsafe-fixes`, `--fix-only` and `--diff` as a user sees them: the bytes of
//! the fixed files, the messages, the exit codes; and a property test of byte-exact edits.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use connector_lint::config::{Overrides, Settings};
use connector_lint::{fix, lint};

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::outcome(
        Command::new(common::bin_path())
            .current_dir(dir)
            .args(args)
            .output()
            .unwrap(),
    )
}

/// A swagger saved by a Windows editor: a byte order mark, CRLF line endings, an escaped `é`
/// and escaped quotes, and no final newline.
const WINDOWS: &str = "\u{feff}{\r\n  \"swagger\": \"2.0\",\r\n  \"info\": { \"title\": \"Contoso\", \"description\": \"Contoso keeps track of invoices and payments.\", \"version\": \"1.0\" },\r\n  \"host\": \"api.contoso.com\",\r\n  \"basePath\": \"/\",\r\n  \"schemes\": [\"https\"],\r\n  \"paths\": {\r\n    \"/items/{itemId}\": {\r\n      \"get\": {\r\n        \"operationId\": \"GetItem\",\r\n        \"summary\": \"Get item\",\r\n        \"description\": \"Gets the caf\\u00e9 item by its id\",\r\n        \"parameters\": [\r\n          { \"name\": \"itemId\", \"in\": \"path\", \"required\": true, \"type\": \"string\", \"x-ms-summary\": \"Item ID.\", \"description\": \"The \\\"item\\\" to get  now\" }\r\n        ],\r\n        \"responses\": { \"200\": { \"description\": \"OK\", \"schema\": { \"type\": \"string\" } } }\r\n      }\r\n    }\r\n  }\r\n}";

/// `WINDOWS` after its safe fixes: only the fixed values changed.
fn windows_fixed() -> String {
    WINDOWS
        .replace(
            "caf\\u00e9 item by its id\"",
            "caf\\u00e9 item by its ID.\"",
        )
        .replace("\"Item ID.\"", "\"Item ID\"")
        .replace("to get  now\"", "to get now.\"")
}

fn windows_tree() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("Contoso");
    std::fs::create_dir(&c).unwrap();
    let swagger = c.join("apiDefinition.swagger.json");
    std::fs::write(&swagger, WINDOWS).unwrap();
    (dir, swagger)
}

#[test]
fn fix_changes_only_the_fixed_bytes_and_a_second_fix_changes_nothing() {
    let (dir, swagger) = windows_tree();
    let (code, stdout, stderr) =
        run_in(dir.path(), &["check", ".", "--fix", "--format", "concise"]);
    assert_eq!(
        std::fs::read_to_string(&swagger).unwrap(),
        windows_fixed(),
        "{stderr}"
    );
    assert!(
        stderr.contains("Fixed 5 findings in 1 file (1 more fix with --unsafe-fixes)."),
        "{stderr}"
    );
    // What remains is reported; nothing at error level, so exit 0.
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("warning[param-path-encoding]"), "{stdout}");
    assert!(!stdout.contains("loc-double-space"), "{stdout}");

    let (code, _, stderr) = run_in(dir.path(), &["check", ".", "--fix", "--format", "concise"]);
    assert_eq!(code, 0);
    assert!(stderr.contains("Fixed 0 findings in 0 files"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&swagger).unwrap(), windows_fixed());
}

#[test]
fn unsafe_fixes_add_a_member_in_the_object_s_layout() {
    let (dir, swagger) = windows_tree();
    let (_, _, stderr) = run_in(dir.path(), &["check", ".", "--fix", "--unsafe-fixes"]);
    assert!(stderr.contains("Fixed 6 findings in 1 file."), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&swagger).unwrap(),
        windows_fixed().replace(
            "to get now.\" }",
            "to get now.\", \"x-ms-url-encoding\": \"single\" }"
        )
    );
}

#[test]
fn diff_prints_the_fixes_writes_nothing_and_exits_1() {
    let (dir, swagger) = windows_tree();
    let (code, stdout, stderr) = run_in(dir.path(), &["check", ".", "--diff"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.starts_with(
            "--- a/Contoso/apiDefinition.swagger.json\n+++ b/Contoso/apiDefinition.swagger.json\n@@ -9,9 +9,9 @@\n"
        ),
        "{stdout}"
    );
    // The removed and added lines, CRLF and escapes as they are in the file.
    assert!(
        stdout.contains(
            "-        \"description\": \"Gets the caf\\u00e9 item by its id\",\r\n+        \"description\": \"Gets the caf\\u00e9 item by its ID.\",\r\n"
        ),
        "{stdout}"
    );
    assert!(
        stderr.contains("Would fix 5 findings in 1 file"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&swagger).unwrap(), WINDOWS);

    run_in(dir.path(), &["check", ".", "--fix-only"]);
    let (code, stdout, _) = run_in(dir.path(), &["check", ".", "--diff"]);
    assert_eq!((code, stdout.as_str()), (0, ""));
}

#[test]
fn unsafe_fixes_without_a_fix_flag_is_a_usage_error() {
    let (dir, swagger) = windows_tree();
    let (code, _, stderr) = run_in(dir.path(), &["check", ".", "--unsafe-fixes"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: --unsafe-fixes goes with --fix, --fix-only or --diff\n"
    );
    assert_eq!(std::fs::read_to_string(&swagger).unwrap(), WINDOWS);
}

#[test]
fn fix_only_reports_nothing_and_exits_0() {
    let (dir, swagger) = windows_tree();
    let (code, stdout, stderr) = run_in(dir.path(), &["check", ".", "--fix-only"]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert_eq!(std::fs::read_to_string(&swagger).unwrap(), windows_fixed());
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_reported_and_left_byte_identical() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, swagger) = windows_tree();
    std::fs::set_permissions(&swagger, std::fs::Permissions::from_mode(0o444)).unwrap();
    let (code, _, stderr) = run_in(dir.path(), &["check", ".", "--fix"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("error: Contoso/apiDefinition.swagger.json: is read-only: not fixed\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: some files could not be fixed"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&swagger).unwrap(), WINDOWS);
    assert_eq!(
        std::fs::metadata(&swagger).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

#[cfg(unix)]
#[test]
fn the_fixed_file_keeps_its_mode_and_links_are_written_through_inside_the_tree_only() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, swagger) = windows_tree();
    std::fs::set_permissions(&swagger, std::fs::Permissions::from_mode(0o640)).unwrap();
    run_in(dir.path(), &["check", ".", "--fix"]);
    assert_eq!(std::fs::read_to_string(&swagger).unwrap(), windows_fixed());
    assert_eq!(
        std::fs::metadata(&swagger).unwrap().permissions().mode() & 0o777,
        0o640
    );

    // A link to a file inside the checked folder: the file is fixed, the link stays a link.
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    let inside = shared.join("swagger.json");
    std::fs::write(&inside, WINDOWS).unwrap();
    std::fs::remove_file(&swagger).unwrap();
    std::os::unix::fs::symlink("../shared/swagger.json", &swagger).unwrap();
    let (_, _, stderr) = run_in(dir.path(), &["check", ".", "--fix"]);
    assert!(stderr.contains("Fixed 5 findings in 1 file"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&inside).unwrap(), windows_fixed());
    assert!(std::fs::symlink_metadata(&swagger)
        .unwrap()
        .file_type()
        .is_symlink());

    // A link out of it is not even read (a finding says so), let alone written.
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("shared.swagger.json");
    std::fs::write(&target, WINDOWS).unwrap();
    std::fs::remove_file(&swagger).unwrap();
    std::os::unix::fs::symlink(&target, &swagger).unwrap();
    let (code, stdout, stderr) =
        run_in(dir.path(), &["check", ".", "--fix", "--format", "concise"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("error[file-unreadable]"), "{stdout}");
    assert!(stderr.contains("Fixed 0 findings in 0 files"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), WINDOWS);
}

/// The run of `dir` with only `rules`, keeping what `--fix` keeps of each file.
fn check(dir: &Path, rules: &[&str]) -> lint::Report {
    let settings = Settings::load(
        None,
        &Overrides {
            select: Some(rules.iter().map(|r| r.to_string()).collect()),
            ..Overrides::default()
        },
    )
    .unwrap();
    lint::run(
        &[(dir.to_path_buf(), &settings)],
        lint::RunOptions {
            keep_text: lint::KeepText::Hash,
            ..Default::default()
        },
    )
}

#[test]
fn a_file_changed_after_the_check_is_left_alone() {
    let (dir, swagger) = windows_tree();
    let report = check(dir.path(), &["loc-double-space"]);
    let plans = fix::plan(&report, false, &[]);
    assert_eq!(plans.len(), 1);
    let edited = WINDOWS.replace("Get item", "Get an item");
    std::fs::write(&swagger, &edited).unwrap();
    let roots = report.root_dirs().to_vec();
    let outcome = fix::run_pass(&plans, &roots, false);
    assert_eq!(
        outcome[0].result.as_ref().unwrap_err(),
        "changed since it was checked: not fixed (check it again)"
    );
    assert_eq!(std::fs::read_to_string(&swagger).unwrap(), edited);
}

/// xorshift64*: the same strings on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// JSON source of `value`, each character written plainly or as an escape, at random.
fn encode(value: &str, rng: &mut Rng) -> String {
    let mut out = String::new();
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' if rng.below(2) == 0 => out.push_str("\\/"),
            c if c != ' ' && rng.below(5) == 0 => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[test]
fn property_fixes_give_the_intended_value_and_keep_every_other_byte() {
    const WORDS: [&str; 12] = [
        "the",
        "items",
        "café",
        "of",
        "a",
        "\"quoted\"",
        "naïve",
        "list",
        "folder/path",
        "😀",
        "and",
        "tasks",
    ];
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for case in 0..60 {
        // A description without a final period, maybe with a double space: the fixes add the
        // period and make the double space one.
        let n = 2 + rng.below(8);
        let mut value = String::from("Gets");
        let double_at = (rng.below(2) == 0).then(|| rng.below(n));
        for i in 0..n {
            value.push_str(if double_at == Some(i) { "  " } else { " " });
            value.push_str(WORDS[rng.below(WORDS.len())]);
        }
        // It ends with a word: the period fix is offered after a letter, not after "😀".
        value.push_str(" tasks");
        let intended = value.replace("  ", " ") + ".";
        let nl = if rng.below(2) == 0 { "\r\n" } else { "\n" };
        let indent = " ".repeat(1 + rng.below(4));
        let bom = if rng.below(3) == 0 { "\u{feff}" } else { "" };
        let end = if rng.below(2) == 0 { nl } else { "" };
        let head = format!(
            "{bom}{{{nl}{indent}\"swagger\": \"2.0\",{nl}{indent}\"info\": {{ \"title\": \"Contoso\", \"description\": \"Contoso keeps track of invoices and payments.\", \"version\": \"1.0\" }},{nl}{indent}\"paths\": {{ \"/items\": {{ \"get\": {{ \"operationId\": \"ListItems\", \"summary\": \"List items\", \"description\": "
        );
        let literal = format!("\"{}\"", encode(&value, &mut rng));
        let tail = format!(
            ", \"responses\": {{ \"200\": {{ \"description\": \"OK\" }} }} }} }} }}{nl}}}{end}"
        );
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("Contoso");
        std::fs::create_dir(&c).unwrap();
        let swagger = c.join("apiDefinition.swagger.json");
        let before = format!("{head}{literal}{tail}");
        std::fs::write(&swagger, &before).unwrap();

        let report = check(dir.path(), &["op-description-sentence", "loc-double-space"]);
        let plans = fix::plan(&report, false, &[]);
        let outcome = fix::run_pass(&plans, report.root_dirs(), true);
        assert_eq!(outcome.len(), 1, "case {case}: {before}");
        let after = String::from_utf8(outcome[0].result.as_ref().unwrap().after.clone()).unwrap();
        assert!(after.starts_with(&head), "case {case}: {after}");
        assert!(after.ends_with(&tail), "case {case}: {after}");
        let parsed: serde_json::Value =
            serde_json::from_str(after.trim_start_matches('\u{feff}')).unwrap();
        assert_eq!(
            parsed.pointer("/paths/~1items/get/description").unwrap(),
            intended.as_str(),
            "case {case}: {literal}"
        );
        // Only the one file of the dry run, and it is untouched.
        assert_eq!(std::fs::read_to_string(&swagger).unwrap(), before);
    }
}

/// Every rule with a fix, on its own invalid fixture (`fixtures/rules/<rule>/invalid`): after
/// `--fix --unsafe-fixes`, no finding of the rule with a fix is left, and the files have no JSON
/// error they did not have.
#[test]
fn each_rule_s_fix_clears_its_invalid_fixture() {
    for rule in connector_lint::rules::RULES {
        let meta = rule.meta();
        let fixture = Path::new("fixtures/rules").join(meta.id).join("invalid");
        if meta.fix == connector_lint::rules::FixKind::None
            || !fixture.is_dir()
            || Path::new("fixtures/rules")
                .join(meta.id)
                .join("old")
                .is_dir()
        {
            continue;
        }
        let tmp = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(&fixture).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), tmp.path().join(entry.file_name())).unwrap();
        }
        let with_fix = |report: &lint::Report| {
            report
                .iter()
                .filter(|(_, d)| d.rule.id == meta.id && d.fix.is_some())
                .count()
        };
        let parse_errors = |report: &lint::Report| {
            report
                .iter()
                .filter(|(_, d)| d.rule.id == "file-json-valid")
                .count()
        };
        let before = check(tmp.path(), &[meta.id, "file-json-valid"]);
        if with_fix(&before) == 0 {
            continue; // the fixture's findings are the kind the rule cannot fix
        }
        let (code, _, err) = run_in(
            tmp.path(),
            &["check", ".", "--select", meta.id, "--fix", "--unsafe-fixes"],
        );
        assert!(code <= 1, "{}: exit {code}: {err}", meta.id);
        let after = check(tmp.path(), &[meta.id, "file-json-valid"]);
        assert_eq!(with_fix(&after), 0, "{}: a fix left its finding", meta.id);
        assert!(
            parse_errors(&after) <= parse_errors(&before),
            "{}: the fixed file has new JSON errors",
            meta.id
        );
    }
}
