//! Shared helpers of the language rules: which strings they look at, the connector's own
//! vocabulary, and English detection.

use std::collections::HashSet;
use std::hash::BuildHasher;

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
    cx.connector.vocabulary().contains(word) || is_config_word(word, cx)
}

/// Whether `word` is a word of the connector's own names (title, publisher, host, …) or of the
/// config: evidence that outweighs a misspelling list ("Serwer" in "SerwerSMS"). The API's
/// identifiers do not count: a misspelled property name ("adress") is no reason to let the
/// label "Adress" pass.
pub fn is_own_name_word(word: &str, cx: &Ctx<'_, '_>) -> bool {
    cx.connector.vocabulary().contains_name(word) || is_config_word(word, cx)
}

fn is_config_word(word: &str, cx: &Ctx<'_, '_>) -> bool {
    !cx.connector.config.words.is_empty()
        && cx.connector.config.words.contains(&word.to_lowercase())
}

/// A set of words, compared without case. Words are kept as 64-bit hashes of their lower-cased
/// characters, so the set is built and probed without allocating (a collision would need two of a
/// connector's few thousand words to share a 64-bit hash).
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// The words of the connector's names: title, publisher, stackOwner, host, contact name and
    /// the hosts its URLs name.
    names: HashSet<u64, foldhash::fast::FixedState>,
    /// The words of the names its swagger defines (paths, operationIds, parameters, properties,
    /// enum values): the API's own terms, typos included.
    identifiers: HashSet<u64, foldhash::fast::FixedState>,
}

/// Hashes the lower-cased characters fed to it: they are collected (as UTF-8) and hashed at once.
struct WordHasher {
    buf: [u8; 64],
    len: usize,
    /// Where a word longer than `buf` goes on.
    long: Vec<u8>,
}

impl WordHasher {
    fn new() -> WordHasher {
        WordHasher {
            buf: [0; 64],
            len: 0,
            long: Vec::new(),
        }
    }
    fn push(&mut self, c: char) {
        if c.is_ascii() {
            self.push_bytes(&[c.to_ascii_lowercase() as u8]);
        } else {
            for l in c.to_lowercase() {
                self.push_bytes(l.encode_utf8(&mut [0; 4]).as_bytes());
            }
        }
    }
    fn push_bytes(&mut self, b: &[u8]) {
        if self.long.is_empty() && self.len + b.len() <= self.buf.len() {
            self.buf[self.len..self.len + b.len()].copy_from_slice(b);
            self.len += b.len();
        } else {
            if self.long.is_empty() {
                self.long.extend_from_slice(&self.buf[..self.len]);
            }
            self.long.extend_from_slice(b);
        }
    }
    fn finish(&self) -> u64 {
        let bytes = if self.long.is_empty() {
            &self.buf[..self.len]
        } else {
            &self.long[..]
        };
        foldhash::fast::FixedState::default().hash_one(bytes)
    }
    fn clear(&mut self) {
        self.len = 0;
        self.long.clear();
    }
}

impl Vocabulary {
    pub fn contains(&self, word: &str) -> bool {
        let h = Self::hash(word);
        self.names.contains(&h) || self.identifiers.contains(&h)
    }

    /// Whether `word` is a word of the connector's own names (not of its API's identifiers).
    pub fn contains_name(&self, word: &str) -> bool {
        self.names.contains(&Self::hash(word))
    }

    fn hash(word: &str) -> u64 {
        let mut h = WordHasher::new();
        word.chars().for_each(|c| h.push(c));
        h.finish()
    }

    fn add_words(&mut self, text: &str) {
        for w in text.split(|c: char| !c.is_alphanumeric() && c != '\'') {
            if !w.is_empty() {
                self.names.insert(Self::hash(w));
            }
        }
    }

    /// Add the words of an identifier (`orderStatus`, `order_status`, `/booths/unhold`) of 3
    /// characters or more that are not all digits: split at every character that is not a letter
    /// or digit and where a lower-case letter is followed by an upper-case one.
    fn add_identifier_words(&mut self, ident: &str) {
        let (mut h, mut len, mut digits) = (WordHasher::new(), 0usize, 0usize);
        let mut prev_lower = false;
        let mut flush = |h: &mut WordHasher, len: &mut usize, digits: &mut usize| {
            if *len >= 3 && *digits < *len {
                self.identifiers.insert(h.finish());
            }
            h.clear();
            (*len, *digits) = (0, 0);
        };
        for c in ident.chars() {
            if !c.is_alphanumeric() {
                flush(&mut h, &mut len, &mut digits);
                prev_lower = false;
                continue;
            }
            if c.is_uppercase() && prev_lower {
                flush(&mut h, &mut len, &mut digits);
            }
            prev_lower = c.is_lowercase();
            h.push(c);
            len += c.len_utf8();
            digits += usize::from(c.is_ascii_digit());
        }
        flush(&mut h, &mut len, &mut digits);
    }

    /// Add the labels of each host named in a URL of `text`.
    fn add_url_hosts(&mut self, text: &str) {
        for (i, _) in text.match_indices("://") {
            let rest = &text[i + 3..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-'))
                .unwrap_or(rest.len());
            self.add_words(&rest[..end]);
        }
    }

    /// The names a swagger establishes: path segments, operationIds, parameter names, property
    /// names, response header names and enum values, split into words. A domain term the connector uses as a name
    /// ("unhold", "recno") is the connector's vocabulary, not a misspelling.
    fn add_swagger_names(&mut self, v: &crate::json::Value<'_>, key: Option<&str>) {
        use crate::json::Value;
        match v {
            Value::Object(o) => {
                for p in &o.properties {
                    let k = p.name.as_str();
                    if matches!(
                        key,
                        Some(
                            "paths"
                                | "properties"
                                | "definitions"
                                | "parameters"
                                | "responses"
                                | "headers"
                        )
                    ) {
                        self.add_identifier_words(k);
                    }
                    match (&p.value, k) {
                        (Value::StringLit(s), "operationId" | "name") => {
                            self.add_identifier_words(&s.value)
                        }
                        _ => self.add_swagger_names(&p.value, Some(k)),
                    }
                }
            }
            // A host named in a URL ("https://labxsp1.masteraccess.com/…") is the connector's
            // world too: its labels are names ("MasterAccess").
            Value::StringLit(s) if s.value.contains("://") => self.add_url_hosts(&s.value),
            Value::Array(a) => {
                for e in &a.elements {
                    match e {
                        Value::StringLit(s) if key == Some("enum") => {
                            self.add_identifier_words(&s.value)
                        }
                        _ => self.add_swagger_names(e, key),
                    }
                }
            }
            _ => {}
        }
    }
}

/// The connector's own words: title, publisher, stackOwner, host name parts, contact name, the
/// names its swagger defines (path segments, operationIds, parameter, property and header names,
/// enum values), and the labels of the hosts its swagger's strings name in URLs.
pub fn vocabulary(swagger: Option<&Json<'_>>, props: Option<&Json<'_>>) -> Vocabulary {
    let mut set = Vocabulary::default();
    if let Some(doc) = swagger {
        set.add_swagger_names(&doc.root, None);
    }
    if let Some(root) = swagger.and_then(|d| as_obj(&d.root)) {
        if let Some(info) = get_obj(root, "info") {
            if let Some(t) = get_str(info, "title") {
                set.add_words(&t.value);
            }
            if let Some(n) = get_obj(info, "contact").and_then(|c| get_str(c, "name")) {
                set.add_words(&n.value);
            }
        }
        if let Some(h) = get_str(root, "host") {
            set.add_words(&h.value);
        }
    }
    if let Some(p) = props
        .and_then(|d| as_obj(&d.root))
        .and_then(|r| get_obj(r, "properties"))
    {
        for key in ["publisher", "stackOwner"] {
            if let Some(v) = get_str(p, key) {
                set.add_words(&v.value);
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
        .filter(|(t, v)| t.kind == Kind::Word && matches!(v, Verdict::Known | Verdict::British(_)))
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
        let mut set = Vocabulary::default();
        set.add_identifier_words("/booths/{boothId}/unhold_all");
        set.add_identifier_words("getOrderStatusV2");
        for w in [
            "all", "booth", "booths", "get", "order", "status", "unhold", "Unhold",
        ] {
            assert!(set.contains(w), "{w}");
        }
        // Short parts, digits and whole identifiers are not words of the vocabulary.
        for w in [
            "id",
            "v2",
            "boothid",
            "getorderstatusv2",
            "unhold_all",
            "unhol",
        ] {
            assert!(!set.contains(w), "{w}");
        }
        assert_eq!(set.identifiers.len(), 7);
    }

    #[test]
    fn hosts_of_urls_are_names() {
        let mut set = Vocabulary::default();
        set.add_url_hosts(
            "Find more at: https://labxsp1.masteraccess.com/com.broadsoft.xsi-actions/.",
        );
        for w in ["labxsp1", "MasterAccess", "com"] {
            assert!(set.contains(w), "{w}");
        }
        assert!(!set.contains("broadsoft"), "a path is no host");
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
