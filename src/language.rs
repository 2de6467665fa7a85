//! Shared helpers of the language rules: which strings they look at, the connector's own
//! vocabulary, and English detection.

use std::collections::HashSet;

use whatlang::{Detector, Lang};

use crate::extract::TextItem;
use crate::json::{as_obj, get_obj, get_str, Json};
use crate::rules::Ctx;
use crate::spell::Verdict;
use crate::text::{Kind, Token};

/// Whether the language rules look at `item`: strings of `x-ms-visibility: internal` elements are
/// never shown to users and are skipped unless the config says `check-internal = true`.
pub fn shown(item: &TextItem<'_>, cx: &Ctx<'_, '_>) -> bool {
    !item.owner.internal || cx.connector.config.check_internal
}

/// Whether `word` is one the connector or the config establishes.
pub fn is_own_word(word: &str, cx: &Ctx<'_, '_>) -> bool {
    let lower = word.to_lowercase();
    cx.connector.vocabulary.contains(&lower) || cx.connector.config.words.contains(&lower)
}

fn add_words(set: &mut HashSet<String>, text: &str) {
    for w in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        if !w.is_empty() {
            set.insert(w.to_lowercase());
        }
    }
}

/// Add the words of an identifier (`orderStatus`, `order_status`, `/booths/unhold`) to `set`,
/// lower-cased: split at every character that is not a letter or digit and where a lower-case
/// letter is followed by an upper-case one.
fn add_identifier_words(set: &mut HashSet<String>, ident: &str) {
    let mut word = String::new();
    let mut prev_lower = false;
    let mut flush = |word: &mut String| {
        if word.len() >= 3
            && !word.bytes().all(|b| b.is_ascii_digit())
            && !set.contains(word.as_str())
        {
            set.insert(word.clone());
        }
        word.clear();
    };
    for c in ident.chars() {
        if !c.is_alphanumeric() {
            flush(&mut word);
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            flush(&mut word);
        }
        prev_lower = c.is_lowercase();
        word.extend(c.to_lowercase());
    }
    flush(&mut word);
}

/// The names a swagger establishes: path segments, operationIds, parameter names, property names
/// and enum values, split into words. A domain term the connector uses as a name ("unhold",
/// "recno") is the connector's vocabulary, not a misspelling.
fn add_swagger_names(set: &mut HashSet<String>, v: &crate::json::Value<'_>, key: Option<&str>) {
    use crate::json::Value;
    match v {
        Value::Object(o) => {
            for p in &o.properties {
                let k = p.name.as_str();
                if matches!(
                    key,
                    Some("paths" | "properties" | "definitions" | "parameters" | "responses")
                ) {
                    add_identifier_words(set, k);
                }
                match (&p.value, k) {
                    (Value::StringLit(s), "operationId" | "name") => {
                        add_identifier_words(set, &s.value)
                    }
                    _ => add_swagger_names(set, &p.value, Some(k)),
                }
            }
        }
        Value::Array(a) => {
            for e in &a.elements {
                match e {
                    Value::StringLit(s) if key == Some("enum") => {
                        add_identifier_words(set, &s.value)
                    }
                    _ => add_swagger_names(set, e, key),
                }
            }
        }
        _ => {}
    }
}

/// The connector's own words: title, publisher, stackOwner, host name parts, contact name, and the
/// names its swagger defines (path segments, operationIds, parameter and property names, enum
/// values).
pub fn vocabulary(swagger: Option<&Json<'_>>, props: Option<&Json<'_>>) -> HashSet<String> {
    let mut set = HashSet::new();
    if let Some(doc) = swagger {
        add_swagger_names(&mut set, &doc.root, None);
    }
    if let Some(root) = swagger.and_then(|d| as_obj(&d.root)) {
        if let Some(info) = get_obj(root, "info") {
            if let Some(t) = get_str(info, "title") {
                add_words(&mut set, &t.value);
            }
            if let Some(n) = get_obj(info, "contact").and_then(|c| get_str(c, "name")) {
                add_words(&mut set, &n.value);
            }
        }
        if let Some(h) = get_str(root, "host") {
            add_words(&mut set, &h.value);
        }
    }
    if let Some(p) = props
        .and_then(|d| as_obj(&d.root))
        .and_then(|r| get_obj(r, "properties"))
    {
        for key in ["publisher", "stackOwner"] {
            if let Some(v) = get_str(p, key) {
                add_words(&mut set, &v.value);
            }
        }
    }
    set
}

/// The number of prose words of a string, for the English test.
pub fn word_count(tokens: &[Token]) -> usize {
    tokens.iter().filter(|t| t.kind == Kind::Word).count()
}

/// Whether `text` is not English: at least 5 prose words, whatlang detects another language, and
/// fewer than half of the words are English (or our technical and brand words). whatlang alone
/// calls "Delete an item." Dutch, so it is never trusted on its own.
pub fn is_non_english(text: &str, tokens: &[Token], verdicts: &[Verdict]) -> bool {
    let words = tokens.iter().filter(|t| t.kind == Kind::Word).count();
    if words < 5 {
        return false;
    }
    // The dictionary ratio is cheap (verdicts are computed once); the detector runs only when it fails.
    let english = tokens
        .iter()
        .zip(verdicts)
        .filter(|(t, v)| t.kind == Kind::Word && **v != Verdict::Unknown)
        .count();
    if english * 2 >= words {
        return false;
    }
    let detector = Detector::with_allowlist(vec![
        Lang::Eng,
        Lang::Spa,
        Lang::Deu,
        Lang::Fra,
        Lang::Por,
        Lang::Ita,
        Lang::Nld,
        Lang::Swe,
        Lang::Dan,
        Lang::Pol,
        Lang::Tur,
        Lang::Rus,
        Lang::Jpn,
        Lang::Cmn,
    ]);
    detector.detect_lang(text).is_some_and(|l| l != Lang::Eng)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_words() {
        let mut set = HashSet::new();
        add_identifier_words(&mut set, "/booths/{boothId}/unhold_all");
        add_identifier_words(&mut set, "getOrderStatusV2");
        let mut words: Vec<&str> = set.iter().map(String::as_str).collect();
        words.sort_unstable();
        assert_eq!(
            words,
            ["all", "booth", "booths", "get", "order", "status", "unhold"]
        );
    }
    use crate::spell::SPELLER;

    fn non_english(t: &str) -> bool {
        let tokens = crate::text::tokens(t);
        let verdicts: Vec<Verdict> = tokens
            .iter()
            .map(|tok| SPELLER.verdict(&t[tok.range.clone()]))
            .collect();
        is_non_english(t, &tokens, &verdicts)
    }

    #[test]
    fn english_detection_needs_both_signals() {
        assert!(!non_english("Delete an item."));
        assert!(!non_english(
            "Gets the list of invoices that belong to the customer."
        ));
        assert!(non_english(
            "Obtiene la lista de facturas que pertenecen al cliente."
        ));
        assert!(non_english(
            "Ruft die Liste der Rechnungen des Kunden ab und zeigt sie an."
        ));
    }
}
