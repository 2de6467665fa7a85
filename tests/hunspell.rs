//! Reference check, behind the `hunspell` feature: spellbook (our engine) and the C Hunspell give
//! the same verdict on every distinct word of the corpus, with the same en_US dictionary.
//!
//! Run with `apt-get install libclang-dev` once, then `cargo test --features hunspell --test hunspell`.
#![cfg(feature = "hunspell")]

mod common;

#[test]
fn spellbook_and_hunspell_agree_on_every_corpus_word() {
    let words = common::distinct_words(&common::corpus());
    let aff = std::fs::read_to_string("dictionaries/en_US.aff").unwrap();
    let dic = std::fs::read_to_string("dictionaries/en_US.dic").unwrap();
    // As the speller reads them (see `spell::dictionary`).
    let ours = connector_lint::spell::dictionary(&aff, &dic);
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
