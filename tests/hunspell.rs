//! Reference check, behind the `hunspell` feature: spellbook (our engine) and the C Hunspell give
//! the same verdict on every distinct word of the corpus, with the same en_US dictionary.
//!
//! Run with `apt-get install libclang-dev` once, then `cargo test --features hunspell --test hunspell`.
#![cfg(feature = "hunspell")]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use connector_lint::diagnostic::FileId;
use connector_lint::text::{tokens, Kind};
use connector_lint::{extract, json};

fn files_named(root: &Path, name: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(root).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_named(&p, name, out);
        } else if p
            .file_name()
            .unwrap()
            .to_string_lossy()
            .eq_ignore_ascii_case(name)
        {
            out.push(p);
        }
    }
}

#[test]
fn spellbook_and_hunspell_agree_on_every_corpus_word() {
    let root = PathBuf::from("../shared/corpus/PowerPlatformConnectors");
    let mut words = BTreeSet::new();
    for name in ["apiDefinition.swagger.json", "apiProperties.json"] {
        let mut paths = Vec::new();
        files_named(&root, name, &mut paths);
        for path in paths {
            let mut sink = Vec::new();
            let decoded = json::decode(std::fs::read(&path).unwrap(), FileId(0), &mut sink);
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
    let aff = std::fs::read_to_string("dictionaries/en_US.aff").unwrap();
    let dic = std::fs::read_to_string("dictionaries/en_US.dic").unwrap();
    let ours = spellbook::Dictionary::new(&aff, &dic).unwrap();
    let reference = hunspell_rs::Hunspell::new("dictionaries/en_US.aff", "dictionaries/en_US.dic");
    let disagree: Vec<&String> = words
        .iter()
        .filter(|w| !w.contains('\0'))
        .filter(|w| {
            ours.check(w) != (reference.check(w) == hunspell_rs::CheckResult::FoundInDictionary)
        })
        .collect();
    eprintln!(
        "{} distinct words, {} disagreements",
        words.len(),
        disagree.len()
    );
    assert!(disagree.is_empty(), "engines disagree on {disagree:?}");
}
