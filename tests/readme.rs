//! The README's rule table is generated from the registry; this keeps it in sync, and checks that
//! the word lists are sorted and de-duplicated.

use connector_lint::cli::{rules_listing, RulesFormat};

const START: &str = "<!-- rules:start -->\n";
const END: &str = "<!-- rules:end -->";

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let table = rules_listing(RulesFormat::Markdown);
    let start = readme
        .find(START)
        .expect("README has the rules:start marker")
        + START.len();
    let end = readme.find(END).expect("README has the rules:end marker");
    let current = &readme[start..end];
    if current != table {
        if std::env::var_os("UPDATE_README").is_some() {
            let updated = format!("{}{}{}", &readme[..start], table, &readme[end..]);
            std::fs::write("README.md", updated).unwrap();
        } else {
            panic!(
                "README rule table is out of date; run `UPDATE_README=1 cargo test --test readme`"
            );
        }
    }
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
