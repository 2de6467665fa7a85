//! The language analysis: what the language rules know of a string (its tokens, the dictionary
//! verdict of each word, whether it is English), computed once per distinct text of the run and
//! shared ([`Analyses`], [`Text`]); the connector's own vocabulary; English detection.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex, OnceLock};

use whatlang::{Detector, Lang};

use crate::extract::TextItem;
use crate::json::{as_obj, get_obj, get_str, Json};
use crate::spell::{CodeMisspelling, Verdict, SPELLER};
use crate::text::{Kind, Token};

/// What the language rules need to know about a text: its tokens, the dictionary verdict of each
/// token, whether it is English, and the misspellings inside its identifiers. It depends on the
/// text alone, so it is computed once per distinct text (see [`Analyses`]).
#[derive(Debug)]
pub struct Analysis {
    pub tokens: Box<[Token]>,
    /// One per token; `Known` for tokens that are not words (only `Kind::Word` is looked up).
    pub verdicts: Box<[Verdict]>,
    pub non_english: bool,
    /// Known misspellings where the prose rules do not look: in identifiers and quoted parts.
    pub code_misspellings: Box<[CodeMisspelling]>,
}

impl Analysis {
    pub fn new(text: &str) -> Analysis {
        let tokens = crate::text::tokens(text);
        let verdicts: Vec<Verdict> = tokens
            .iter()
            .map(|t| match t.kind {
                Kind::Word => SPELLER.verdict(&text[t.range.clone()]),
                _ => Verdict::Known,
            })
            .collect();
        let non_english = is_non_english(text, &tokens, &verdicts);
        let code_misspellings = crate::spell::code_misspellings(text, &tokens);
        Analysis {
            tokens: tokens.into(),
            verdicts: verdicts.into(),
            non_english,
            code_misspellings: code_misspellings.into(),
        }
    }
}

type TextMap = HashMap<Box<str>, Arc<Analysis>, foldhash::fast::FixedState>;

/// Shards of the run-wide maps, so that threads seldom wait for one another.
const SHARDS: usize = 16;

/// The analyses of a run's strings, by text.
///
/// Strings repeat within a connector (the corpus has 279,187 strings but 129,595 distinct texts
/// per connector) and across connectors ("The ID of the item.": 101,754 distinct texts in the
/// run). Each connector keeps the analyses of its strings while it is checked ([`Analyses::for_connector`]);
/// the run keeps, until it ends, those of the texts that a second connector has used too. A text
/// is thus analysed at most twice per run (more only when
/// two threads meet it at the same moment), and the run holds no analysis of the texts that only
/// one connector uses (most long descriptions), so memory does not grow with the run. The
/// analysis depends on the text alone: which connector computes it first never changes a finding.
#[derive(Debug)]
pub struct Analyses {
    /// Hashes of the texts some connector has used.
    seen: [Mutex<HashSet<u64, foldhash::fast::FixedState>>; SHARDS],
    /// Analyses of the texts used by two connectors or more.
    shared: [Mutex<TextMap>; SHARDS],
}

impl Default for Analyses {
    fn default() -> Self {
        Analyses {
            seen: std::array::from_fn(|_| Mutex::default()),
            shared: std::array::from_fn(|_| Mutex::default()),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Analyses {
    /// The analyses of one connector's strings, backed by this run's.
    pub fn for_connector(&self) -> ConnectorAnalyses<'_> {
        ConnectorAnalyses {
            run: self,
            own: Mutex::default(),
        }
    }
}

/// One connector's analyses (see [`Analyses`]).
#[derive(Debug)]
pub struct ConnectorAnalyses<'r> {
    run: &'r Analyses,
    own: Mutex<TextMap>,
}

impl ConnectorAnalyses<'_> {
    /// The analysis of `text`, computed on its first use by this connector unless the run has it.
    pub fn get(&self, text: &str) -> Arc<Analysis> {
        if let Some(a) = lock(&self.own).get(text) {
            return a.clone();
        }
        let hash = foldhash::fast::FixedState::default().hash_one(text);
        let shard = (hash as usize) % SHARDS;
        let found = lock(&self.run.shared[shard]).get(text).cloned();
        let a = found.unwrap_or_else(|| {
            let a = Arc::new(Analysis::new(text));
            // Not in this connector's map: a text seen before was seen by another connector.
            if !lock(&self.run.seen[shard]).insert(hash) {
                lock(&self.run.shared[shard]).insert(text.into(), a.clone());
            }
            a
        });
        lock(&self.own).insert(text.into(), a.clone());
        a
    }
}

/// A user-facing string as the string rules see it: the extracted item (its text, field, owner
/// and place, through `Deref`) and its language facts, computed on first use and shared with
/// every string of the run that has the same text.
pub struct Text<'t, 'a> {
    item: &'t TextItem<'a>,
    analyses: &'t ConnectorAnalyses<'t>,
    analysis: OnceLock<Arc<Analysis>>,
}

impl<'a> std::ops::Deref for Text<'_, 'a> {
    type Target = TextItem<'a>;

    fn deref(&self) -> &TextItem<'a> {
        self.item
    }
}

impl<'t, 'a> Text<'t, 'a> {
    pub fn new(item: &'t TextItem<'a>, analyses: &'t ConnectorAnalyses<'t>) -> Self {
        Text {
            item,
            analyses,
            analysis: OnceLock::new(),
        }
    }

    fn analysis(&self) -> &Analysis {
        self.analysis
            .get_or_init(|| self.analyses.get(self.item.text))
    }

    /// The string's tokens (see [`crate::text`]).
    pub fn tokens(&self) -> &[Token] {
        &self.analysis().tokens
    }

    /// The dictionary verdict of each token: `Known` for tokens that are not words.
    pub fn verdicts(&self) -> &[Verdict] {
        &self.analysis().verdicts
    }

    /// Whether the string is not English: written mostly in another script than Latin, or at
    /// least 5 words, whatlang says another language, and fewer than half of its words are in the
    /// English dictionaries.
    pub fn is_non_english(&self) -> bool {
        self.analysis().non_english
    }

    /// Known misspellings inside the string's identifiers and quoted parts.
    pub fn code_misspellings(&self) -> &[CodeMisspelling] {
        &self.analysis().code_misspellings
    }
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
        if ident.is_ascii() {
            return self.add_ascii_identifier_words(ident.as_bytes());
        }
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

    /// [`Self::add_identifier_words`] of an ASCII identifier, byte by byte: the same words and
    /// hashes, without decoding characters (the swagger walk meets a few hundred thousand names).
    fn add_ascii_identifier_words(&mut self, ident: &[u8]) {
        let mut word = [0u8; 64];
        let mut long: Vec<u8> = Vec::new();
        let (mut len, mut digits, mut prev_lower) = (0usize, 0usize, false);
        let mut flush = |word: &[u8], long: &mut Vec<u8>, len: &mut usize, digits: &mut usize| {
            if *len >= 3 && *digits < *len {
                let bytes = if *len <= word.len() {
                    &word[..*len]
                } else {
                    &long[..]
                };
                self.identifiers
                    .insert(foldhash::fast::FixedState::default().hash_one(bytes));
            }
            long.clear();
            (*len, *digits) = (0, 0);
        };
        for &b in ident {
            if !b.is_ascii_alphanumeric() {
                flush(&word, &mut long, &mut len, &mut digits);
                prev_lower = false;
                continue;
            }
            if b.is_ascii_uppercase() && prev_lower {
                flush(&word, &mut long, &mut len, &mut digits);
            }
            prev_lower = b.is_ascii_lowercase();
            let lower = b.to_ascii_lowercase();
            if len < word.len() {
                word[len] = lower;
            } else {
                if len == word.len() {
                    long.extend_from_slice(&word);
                }
                long.push(lower);
            }
            len += 1;
            digits += usize::from(b.is_ascii_digit());
        }
        flush(&word, &mut long, &mut len, &mut digits);
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
            Value::StringLit(s) if memchr::memmem::find(s.value.as_bytes(), b"://").is_some() => {
                self.add_url_hosts(&s.value)
            }
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

/// Whether most of the letters of `text`, and at least two, are of a script other than Latin
/// (Cyrillic, Greek, Arabic, Hebrew, CJK, Hangul, Thai, Devanagari…): such a string is not
/// English however short it is, and no detector is needed to say so. A Greek letter or two in a
/// unit ("µs", "Ω") or a name beside English words is not most of the letters.
pub fn in_another_script(text: &str) -> bool {
    if text.is_ascii() {
        return false;
    }
    let (mut latin, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        // Basic Latin, Latin-1, Latin Extended-A and -B, IPA, and Latin Extended Additional.
        if matches!(c, '\0'..='\u{02AF}' | '\u{1E00}'..='\u{1EFF}') {
            latin += 1;
        } else {
            other += 1;
        }
    }
    other >= 2 && other > latin
}

/// Whether `text` is not English: written mostly in another script than Latin
/// ([`in_another_script`]), or at least 5 prose words, whatlang detects another language, and
/// fewer than half of the words are English (or our technical and brand words). whatlang alone
/// calls "Delete an item." Dutch, so it is never trusted on its own.
pub fn is_non_english(text: &str, tokens: &[Token], verdicts: &[Verdict]) -> bool {
    if in_another_script(text) {
        return true;
    }
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
    fn ascii_identifiers_give_the_words_and_hashes_of_the_general_path() {
        // The same identifiers with one non-ASCII character appended go the general way.
        let long = format!("{}Tail", "x".repeat(70));
        let idents = [
            "/booths/{boothId}/unhold_all",
            "getOrderStatusV2",
            "HTTPServer_ID2024x",
            "a1b2c3",
            long.as_str(),
        ];
        let (mut ascii, mut general) = (Vocabulary::default(), Vocabulary::default());
        for i in idents {
            ascii.add_identifier_words(i);
            general.add_identifier_words(&format!("{i}/é"));
        }
        assert_eq!(ascii.identifiers, general.identifiers);
        assert!(ascii.contains(&"x".repeat(70)));
        assert!(ascii.contains("httpserver") && ascii.contains("id2024x"));
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

    #[test]
    fn a_short_string_in_another_script_is_not_english() {
        assert!(non_english("Название задачи"));
        assert!(non_english("件名"));
        assert!(non_english("اسم الملف"));
        // A unit, a symbol or a name in another script beside English words is English.
        assert!(!non_english("Timeout (µs)"));
        assert!(!non_english("Resistance in Ω"));
        assert!(!non_english("The city name, such as 東京 or Paris."));
        assert!(!non_english("Café"));
    }
}
