//! The README's rule table is generated from the registry; this keeps it in sync, and checks that
//! the word lists are sorted and de-duplicated.

mod common;

use connector_lint::cli::{rules_listing, RulesFormat};

/// Replace the README's text between `<!-- NAME:start -->` and `<!-- NAME:end -->` with
/// `generated` when `UPDATE_README` is set; otherwise fail if they differ.
fn sync_readme_section(name: &str, generated: &str) {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let (start_marker, end_marker) = (
        format!("<!-- {name}:start -->\n"),
        format!("<!-- {name}:end -->"),
    );
    let start = readme
        .find(&start_marker)
        .unwrap_or_else(|| panic!("README has the {name}:start marker"))
        + start_marker.len();
    let end = readme
        .find(&end_marker)
        .unwrap_or_else(|| panic!("README has the {name}:end marker"));
    if &readme[start..end] != generated {
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!("{}{}{}", &readme[..start], generated, &readme[end..]);
            std::fs::write("README.md", updated).unwrap();
        } else {
            panic!("README {name} section is out of date; run `UPDATE_README=1 cargo test --test readme`");
        }
    }
}

#[test]
fn readme_rule_table_matches_the_registry() {
    sync_readme_section("rules", &rules_listing(RulesFormat::Markdown));
}

/// The rows of docs/coverage.tsv: requirement, section, validator code, rule(s), status, note.
fn coverage_rows() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string("docs/coverage.tsv").unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("requirement\tsection\tvalidator_code\trule\tstatus\tnote")
    );
    lines
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// Every requirement id of spec/RULES.md: the first cell of its table rows (cells such as
/// `a / b` name two).
fn catalogue_ids() -> Vec<String> {
    let spec = common::read_shared("spec/RULES.md");
    let mut ids = Vec::new();
    for line in spec.lines() {
        let Some(cell) = line.strip_prefix("| ").and_then(|l| l.split(" |").next()) else {
            continue;
        };
        for id in cell.split(" / ") {
            let id = id.trim().trim_end_matches(" (inferred)");
            let kebab = id.contains('-')
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if kebab && !ids.iter().any(|i| i == id) {
                ids.push(id.to_string());
            }
        }
    }
    ids
}

#[test]
fn coverage_table_covers_the_catalogue_and_names_real_rules() {
    let rows = coverage_rows();
    let requirements: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    for id in catalogue_ids() {
        assert!(
            requirements.contains(&id.as_str()),
            "docs/coverage.tsv lacks {id}"
        );
    }
    for r in &rows {
        assert_eq!(r.len(), 6, "{r:?}");
        let (status, note) = (r[4].as_str(), r[5].as_str());
        for rule in r[3].split(", ").filter(|s| !s.is_empty()) {
            assert!(
                connector_lint::rules::find(rule).is_some(),
                "{}: no rule {rule}",
                r[0]
            );
        }
        match status {
            "checked" | "partly" => assert!(!r[3].is_empty(), "{}: {status} needs a rule", r[0]),
            "not checked" => assert!(
                note.starts_with("not checkable offline")
                    || note.starts_with("not implemented yet"),
                "{}: say why it is not checked",
                r[0]
            ),
            _ => panic!("{}: unknown status {status}", r[0]),
        }
        // A rule with the catalogue's own id checks that requirement.
        if connector_lint::rules::find(&r[0]).is_some() {
            assert!(
                r[3].split(", ").any(|x| x == r[0]),
                "{}: the rule of that id is not listed",
                r[0]
            );
        }
    }
    // Every rule on by default answers for a row: a catalogue requirement, or one of the
    // section `own` (rules that implement no catalogue requirement, such as `corpus-*`).
    let named: Vec<&str> = rows
        .iter()
        .flat_map(|r| r[3].split(", "))
        .filter(|s| !s.is_empty())
        .collect();
    for rule in connector_lint::rules::RULES {
        let meta = rule.meta();
        assert!(
            !meta.default_enabled || named.contains(&meta.id),
            "docs/coverage.tsv has no row for the default rule {}",
            meta.id
        );
    }
    let count = |s: &str| rows.iter().filter(|r| r[4] == s).count();
    let mut md = format!(
        "{} requirements of spec/RULES.md: {} checked, {} partly, {} not checked.\n\n<details>\n<summary>The whole table</summary>\n\n| Requirement | Section | Validator code | Rule | Status | Note |\n|---|---|---|---|---|---|\n",
        rows.len(),
        count("checked"),
        count("partly"),
        count("not checked")
    );
    for r in &rows {
        let rule = r[3]
            .split(", ")
            .filter(|s| !s.is_empty())
            .map(|s| format!("[`{s}`](#{s})"))
            .collect::<Vec<_>>()
            .join(", ");
        md.push_str(&format!(
            "| `{}` | {} | {} | {rule} | {} | {} |\n",
            r[0],
            r[1],
            r[2],
            r[4],
            r[5].replace('|', "\\|")
        ));
    }
    md.push_str("\n</details>\n");
    sync_readme_section("coverage", &md);
}

#[test]
fn word_lists_are_sorted_and_deduplicated() {
    for entry in std::fs::read_dir("dictionaries").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // Licence texts of vendored data sit beside the lists; they are not lists.
        if path.extension().and_then(|e| e.to_str()) != Some("txt") || name.starts_with("LICENSE") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut normal = lines.clone();
        normal.sort_unstable();
        normal.dedup();
        assert_eq!(
            lines,
            normal,
            "{} must be sorted (byte order) and de-duplicated",
            path.display()
        );
        assert!(
            lines.iter().all(|l| !l.is_empty() && l.trim() == *l),
            "{}: blank or padded line",
            path.display()
        );
        assert!(
            text.ends_with('\n'),
            "{} must end with a newline",
            path.display()
        );
    }
}

/// Every default error rule names its evidence in `tests/precision/error-evidence.tsv`, and every
/// row there is a default error rule: an error claims that Microsoft rejects the thing, so a rule
/// that becomes an error must say why (issue 14), and a demoted one must leave the list.
#[test]
fn every_error_rule_has_evidence() {
    let text = std::fs::read_to_string("tests/precision/error-evidence.tsv").unwrap();
    let mut listed = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            cols.len(),
            3,
            "error-evidence.tsv: {line:?} needs rule, kind, source"
        );
        assert!(
            ["V", "D", "R", "T"].contains(&cols[1]),
            "error-evidence.tsv: {line:?}: kind must be V, D, R or T"
        );
        assert!(
            !cols[2].trim().is_empty(),
            "error-evidence.tsv: {line:?} has no source"
        );
        listed.push(cols[0].to_string());
    }
    let mut errors: Vec<String> = connector_lint::rules::RULES
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.level == connector_lint::rules::Level::Error && m.default_enabled)
        .map(|m| m.id.to_string())
        .collect();
    errors.sort();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted, "error-evidence.tsv must be sorted by rule");
    assert_eq!(
        listed, errors,
        "error-evidence.tsv must list exactly the default error rules"
    );
}

/// `dictionaries/extensions.txt` knows every `x-ms-*` extension that the connectors repository's
/// own swagger schema defines, so `extension-unknown` never reports one of them.
#[test]
fn every_extension_of_the_repository_schema_is_known() {
    let schema = common::read_shared(
        "corpus/PowerPlatformConnectors/schemas/apiDefinition.swagger.schema.json",
    );
    let known = std::fs::read_to_string("dictionaries/extensions.txt").unwrap();
    let known: Vec<&str> = known.lines().collect();
    for part in schema.split('"').filter(|p| p.starts_with("x-ms-")) {
        if part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            assert!(
                known.contains(&part),
                "{part} is missing from extensions.txt"
            );
        }
    }
}

/// The README's list of rules without a fix names each rule that declares none, once, and no rule
/// that has a fix.
#[test]
fn readme_lists_exactly_the_rules_without_a_fix() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find("<!-- nofix:start -->")
        .expect("nofix:start marker");
    let end = readme.find("<!-- nofix:end -->").expect("nofix:end marker");
    let mut listed: Vec<&str> = readme[start..end].split('`').skip(1).step_by(2).collect();
    listed.sort_unstable();
    let before = listed.len();
    listed.dedup();
    assert_eq!(before, listed.len(), "a rule is listed twice");
    let mut none: Vec<&str> = connector_lint::rules::RULES
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.fix == connector_lint::rules::FixKind::None)
        .map(|m| m.id)
        .collect();
    none.sort_unstable();
    assert_eq!(listed, none);
}
