//! Fixture tests: every rule has `fixtures/rules/<rule-id>/valid/` (a connector that must produce no
//! finding of that rule) and `fixtures/rules/<rule-id>/invalid/` (a connector whose findings are
//! snapshotted in `fixtures/rules/<rule-id>/invalid.snap`). Only the rule under test runs, with the
//! fixture's own `connector-lint.toml` when it has one. A breaking-change rule's fixtures also have
//! `fixtures/rules/<rule-id>/old/`: the previous version both are compared with.

use std::path::{Path, PathBuf};

use connector_lint::config::{Overrides, Settings};
use connector_lint::lint::{self, Report};
use connector_lint::render::{self, Format, RenderOptions};
use connector_lint::rules::RULES;

fn run_rule(id: &str, dir: &Path) -> Report {
    let overrides = Overrides {
        select: Some(vec![id.to_string()]),
        ..Overrides::default()
    };
    let config = dir.join("connector-lint.toml");
    let settings = Settings::load(config.is_file().then_some(config.as_path()), &overrides)
        .expect("fixture config is valid");
    let old = dir.parent().expect("a fixture folder").join("old");
    let previous = old
        .is_dir()
        .then(|| connector_lint::previous::Previous::path(&old, dir));
    let report = lint::run(
        &[(dir.to_path_buf(), &settings)],
        lint::RunOptions {
            keep_text: lint::KeepText::Text,
            previous: previous.as_ref(),
            ..Default::default()
        },
    );
    if previous.is_some() {
        assert_eq!(
            report.compared,
            1,
            "{id}: {} was not compared with old/",
            dir.display()
        );
    }
    report
}

/// What a snapshot holds: the text output a user sees, then one line per finding with the rule,
/// level, position, pointer and message.
fn snapshot_text(report: &Report) -> String {
    let opts = RenderOptions {
        term_width: 100,
        ..RenderOptions::default()
    };
    let mut s = render::render(report, Format::Text, &opts);
    s.push_str("\n----\n");
    for (_, d) in report.iter() {
        let (a, b) = (d.start, d.end);
        s.push_str(&format!(
            "{} {} {}:{}-{}:{} {:?} {}\n",
            d.rule.id, d.level, a.line, a.column, b.line, b.column, d.pointer, d.message
        ));
    }
    s
}

fn fixture_root() -> PathBuf {
    PathBuf::from("fixtures/rules")
}

#[test]
fn every_rule_has_fixtures_and_every_fixture_a_rule() {
    for r in RULES {
        let dir = fixture_root().join(r.meta().id);
        assert!(
            dir.join("valid").is_dir(),
            "{} has no valid/ fixture",
            r.meta().id
        );
        assert!(
            dir.join("invalid").is_dir(),
            "{} has no invalid/ fixture",
            r.meta().id
        );
        // The breaking-change rules compare with a previous version: without one they check
        // nothing.
        assert_eq!(
            dir.join("old").is_dir(),
            r.meta().category == connector_lint::rules::Category::BreakingChange,
            "{}: an old/ fixture goes with the breaking-change rules, and only with them",
            r.meta().id
        );
    }
    for entry in std::fs::read_dir(fixture_root()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            connector_lint::rules::find(&name).is_some(),
            "fixtures/rules/{name} names no rule"
        );
    }
}

#[test]
fn valid_fixtures_are_clean() {
    for r in RULES {
        let id = r.meta().id;
        let dir = fixture_root().join(id).join("valid");
        if !dir.is_dir() {
            continue;
        }
        let report = run_rule(id, &dir);
        assert!(
            report.connectors >= 1,
            "{id}: valid fixture holds no connector"
        );
        let found: Vec<_> = report
            .iter()
            .filter(|(_, d)| d.rule.id == id)
            .map(|(_, d)| d.message.clone())
            .collect();
        assert!(
            found.is_empty(),
            "{id}: valid fixture has findings: {found:#?}"
        );
    }
}

#[test]
fn invalid_fixtures_match_snapshots() {
    for r in RULES {
        let id = r.meta().id;
        let dir = fixture_root().join(id);
        if !dir.join("invalid").is_dir() {
            continue;
        }
        let report = run_rule(id, &dir.join("invalid"));
        assert!(
            report.iter().any(|(_, d)| d.rule.id == id),
            "{id}: invalid fixture produced no finding of the rule"
        );
        insta::with_settings!({
            snapshot_path => std::fs::canonicalize(&dir).unwrap(),
            prepend_module_to_snapshot => false,
            omit_expression => true,
            snapshot_suffix => "",
        }, {
            insta::assert_snapshot!("invalid", snapshot_text(&report));
        });
    }
}
