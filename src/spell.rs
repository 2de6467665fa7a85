//! The spelling engine: spellbook (a Hunspell-compatible checker in Rust) over the vendored SCOWL
//! en_US dictionary, plus our technical and brand word lists. Each distinct word is checked once
//! per run: verdicts are cached in a sharded map shared by all worker threads.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};

/// A dictionary with a fixed hasher: spellbook's default is seeded at random per process, and its
/// suggestions for a word follow the order of a hash table, so they changed from run to run.
pub type Dictionary = spellbook::Dictionary<foldhash::fast::FixedState>;

static EN_US_AFF: &str = include_str!("../dictionaries/en_US.aff");
static EN_US_DIC: &str = include_str!("../dictionaries/en_US.dic");
static EN_GB_AFF: &str = include_str!("../dictionaries/en_GB.aff");
static EN_GB_DIC: &str = include_str!("../dictionaries/en_GB.dic");
/// Correct inflections the size-60 dictionary lacks ("assignees", "upserted"), measured on the
/// corpus and reviewed (tests/precision/inflections.review.tsv).
static INFLECTIONS: &str = include_str!("../dictionaries/inflections.txt");
/// SCOWL size 80 words that are no known misspelling (see scripts/en-us-extra.py).
static EN_US_EXTRA: &str = include_str!("../dictionaries/en_US-extra.txt");
pub static TECHNICAL: &str = include_str!("../dictionaries/technical.txt");
/// The 40,000 most frequent words of English Wikipedia (wordninja, MIT), of three letters or more:
/// the common words a joined word may be split into (see scripts/en-common.py).
static EN_COMMON: &str = include_str!("../dictionaries/en-common.txt");
/// cspell's software-terms dictionary (MIT), see dictionaries/README.md.
pub static SOFTWARE_TERMS: &str = include_str!("../dictionaries/software-terms.txt");
pub static BRANDS: &str = include_str!("../dictionaries/brands.txt");
pub static ABBREVIATIONS: &str = include_str!("../dictionaries/abbreviations.txt");
pub static VERBS: &str = include_str!("../dictionaries/verbs.txt");
/// ISO 639-1 language codes ("de", "zh"), written in lists of languages.
pub static LANGUAGE_CODES: &str = include_str!("../dictionaries/language-codes.txt");
/// File extensions ("eml", "rtf"), from cspell's filetypes dictionary (MIT).
pub static FILE_TYPES: &str = include_str!("../dictionaries/file-types.txt");
pub static FUNCTION_WORDS: &str = include_str!("../dictionaries/function-words.txt");
/// The known `x-ms-*` extensions, for `extension-unknown`.
pub static EXTENSIONS: &str = include_str!("../dictionaries/extensions.txt");

const SHARDS: usize = 32;

/// A word list as a sorted slice of lines (the files are sorted, a test enforces it).
pub fn list(data: &'static str) -> Vec<&'static str> {
    data.lines().filter(|l| !l.is_empty()).collect()
}

/// A word list as a hash set, for lookups on every word.
pub type WordSet = std::collections::HashSet<&'static str, foldhash::fast::FixedState>;

/// Articles, prepositions and conjunctions (`dictionaries/function-words.txt`), in lower case.
pub static FUNCTION_WORD_SET: LazyLock<WordSet> = LazyLock::new(|| set(FUNCTION_WORDS));
/// Common verbs, base and third-person forms (`dictionaries/verbs.txt`), in lower case.
pub static VERB_SET: LazyLock<WordSet> = LazyLock::new(|| set(VERBS));

pub fn set(data: &'static str) -> WordSet {
    data.lines().filter(|l| !l.is_empty()).collect()
}

pub struct Speller {
    us: Dictionary,
    gb: LazyLock<Dictionary>,
    /// The lines of `EN_US_EXTRA`, sorted: asked only about words the dictionary does not know.
    extra: LazyLock<Vec<&'static str>>,
    cache: Vec<Mutex<FastMap<Verdict>>>,
    suggestions: Mutex<HashMap<Box<str>, Vec<String>>>,
    brands: WordSet,
    technical: WordSet,
    /// Common words, in lower case: `EN_COMMON`, our technical words and cspell's software terms.
    common: LazyLock<std::collections::HashSet<String, foldhash::fast::FixedState>>,
    checks: AtomicUsize,
}

type FastMap<V> = HashMap<Box<str>, V, foldhash::fast::FixedState>;

thread_local! {
    /// Each worker thread's copy of the verdicts it has seen: lookups need no lock.
    static LOCAL: RefCell<FastMap<Verdict>> = RefCell::new(FastMap::default());
}

/// What the dictionaries say about a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// American English (or one of our technical and brand words).
    Known,
    /// Known only to the larger SCOWL list (size 80): a correct but rare word ("centroid"), which
    /// is also where foreign words hide ("tarea", "campos"), so the English test does not count it.
    Rare,
    /// Not American, but British English; with the US form when a regular change gives one.
    British(Option<String>),
    /// In neither dictionary, but two words of at least three letters each that the dictionary
    /// knows, written together ("recordset", "knowledgebase"): the byte offset where the second
    /// begins. Either a term or two words run together; no dictionary can tell which.
    Joined(usize),
    /// In neither dictionary.
    Unknown,
    /// A known misspelling, in any case ("occured", "Adress"): in the misspelling list of the
    /// `typos` tool (crate `typos-dict`), with its corrections (none when typos knows the word is
    /// wrong but has no single fix). It decides before every dictionary but the British one:
    /// "payed" and "withing" are in size 60 or our lists, and are typos far more often than
    /// words, while "focusses" is British.
    Misspelled(&'static [&'static str]),
}

/// The corrections of `word` when the `typos` tool's list (crate `typos-dict`) has it as a
/// misspelling, compared without case.
pub fn misspelling(word: &str) -> Option<&'static [&'static str]> {
    typos_dict::WORD.find(&unicase::UniCase::new(word)).copied()
}

/// The stems of en_US.dic as written, without their affix flags (the first line is the count).
fn en_us_stems() -> impl Iterator<Item = &'static str> {
    EN_US_DIC
        .lines()
        .skip(1)
        .map(|l| l.split('/').next().unwrap_or(""))
}

/// Words the dictionaries write with capitals, by their lower-case form: the upper-case entries
/// of en_US of three letters or more ("ISO", "ASCII") and "OK", and our brand and technical
/// words that begin with a capital ("OData", "GitHub"). Not the dictionary's proper names:
/// "oder" is German, not the river Oder. Built on first use, from the embedded lists.
static CASE_FORMS: LazyLock<HashMap<String, &'static str>> = LazyLock::new(|| {
    let dic = en_us_stems()
        .filter(|w| (w.len() >= 3 || *w == "OK") && w.bytes().all(|b| b.is_ascii_uppercase()));
    let ours = list(BRANDS)
        .into_iter()
        .chain(list(TECHNICAL))
        .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()));
    let mut map = HashMap::new();
    for w in dic.chain(ours) {
        map.entry(w.to_lowercase()).or_insert(w);
    }
    map
});

/// The lower-case stems of en_US.dic, sorted.
static STEMS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut stems: Vec<&str> = en_us_stems()
        .filter(|w| w.bytes().all(|b| b.is_ascii_lowercase()))
        .collect();
    stems.sort_unstable();
    stems
});

/// Whether a dictionary stem starts with `word` (lower case) and goes on: "constit" begins
/// "constituent".
fn begins_a_longer_word(word: &str) -> bool {
    let i = STEMS.partition_point(|s| *s < word);
    STEMS[i..]
        .iter()
        .take_while(|s| s.starts_with(word))
        .any(|s| s.len() > word.len())
}

/// How the dictionaries write `word` when it is only the case that is wrong ("ok" is "OK",
/// "odata" is "OData").
pub fn case_form(word: &str) -> Option<&'static str> {
    CASE_FORMS
        .get(&word.to_lowercase())
        .copied()
        .filter(|w| *w != word)
}

/// A vendored dictionary as the speller reads it: without the `COMPOUNDRULE` lines of its `.aff`.
/// en_US and en_GB use them only for ordinals written with digits ("21st", "112th"), and the
/// tokenizer never sends a token with a digit to the dictionary. Without them, spellbook skips its
/// compound search for every word it does not know, about a twentieth of a whole-corpus run, for
/// the same verdicts (the `hunspell` feature's test compares every corpus word with the C Hunspell
/// reading the files as they are).
pub fn dictionary(aff: &str, dic: &str) -> Dictionary {
    let aff: String = aff
        .lines()
        .filter(|l| !l.starts_with("COMPOUNDRULE"))
        .flat_map(|l| [l, "\n"])
        .collect();
    Dictionary::new_with_hasher(&aff, dic, foldhash::fast::FixedState::default())
        .expect("the vendored dictionaries parse")
}

/// The shared speller, built on first use.
pub static SPELLER: LazyLock<Speller> = LazyLock::new(Speller::new);

fn shard(word: &str) -> usize {
    use std::hash::BuildHasher;
    (foldhash::fast::FixedState::default().hash_one(word) as usize) % SHARDS
}

impl Speller {
    fn new() -> Speller {
        let mut us = dictionary(EN_US_AFF, EN_US_DIC);
        // Inflections come from the dictionary's affix rules, never from stripping an ending
        // ("occured" is no "occur" + "ed"). Our lower-case words take the plural flag S
        // ("webhooks", "proxies"; the rules add "s", "es" or "ies", and never double a
        // consonant); the past and -ing forms of these nouns of software are rare and
        // measured instead. Brands and words with capitals are added as written, and so is the
        // measured list of correct inflections the dictionary lacks.
        for w in list(TECHNICAL).into_iter().chain(list(SOFTWARE_TERMS)) {
            if w.bytes().all(|b| b.is_ascii_lowercase()) {
                let _ = us.add(&format!("{w}/S"));
            } else {
                let _ = us.add(w);
            }
        }
        for w in list(BRANDS).into_iter().chain(list(INFLECTIONS)) {
            let _ = us.add(w);
        }
        Speller {
            us,
            gb: LazyLock::new(|| dictionary(EN_GB_AFF, EN_GB_DIC)),
            extra: LazyLock::new(|| list(EN_US_EXTRA)),
            cache: (0..SHARDS)
                .map(|_| Mutex::new(FastMap::default()))
                .collect(),
            suggestions: Mutex::new(HashMap::new()),
            brands: set(BRANDS),
            technical: set(TECHNICAL),
            common: LazyLock::new(|| {
                list(EN_COMMON)
                    .into_iter()
                    .chain(list(TECHNICAL))
                    .chain(list(SOFTWARE_TERMS))
                    .map(str::to_lowercase)
                    .collect()
            }),
            checks: AtomicUsize::new(0),
        }
    }

    /// What the dictionaries say about `word`. Cached: the dictionaries are asked once per
    /// distinct word per run.
    pub fn verdict(&self, word: &str) -> Verdict {
        if let Some(v) = LOCAL.with(|l| l.borrow().get(word).cloned()) {
            return v;
        }
        let v = self.shared_verdict(word);
        LOCAL.with(|l| l.borrow_mut().insert(word.into(), v.clone()));
        v
    }

    /// The verdict from the cache shared by all threads, computing it on a miss (under the shard's
    /// lock, so that no word is checked twice).
    fn shared_verdict(&self, word: &str) -> Verdict {
        let mut map = self.cache[shard(word)]
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(v) = map.get(word) {
            return v.clone();
        }
        self.checks.fetch_add(1, Ordering::Relaxed);
        // British spellings are asked before the larger list, which has a few ("licence").
        let v = if let Some(corrections) = misspelling(word) {
            // A British spelling is no misspelling, though typos' list has a few ("focusses"):
            // `loc-british-spelling` names its US form.
            if self.us.check(word) {
                Verdict::Misspelled(corrections)
            } else if self.gb.check(word) {
                Verdict::British(self.us_form(word, Changes::All))
            } else if let Some(us) = self.british_ending(word) {
                Verdict::British(Some(us))
            } else {
                Verdict::Misspelled(corrections)
            }
        } else if self.us.check(word) || self.known_variant(word, false) {
            Verdict::Known
        } else if self.gb.check(word) {
            Verdict::British(self.us_form(word, Changes::All))
        } else if self.in_extra(word) || self.known_variant(word, true) {
            Verdict::Rare
        } else if let Some(us) = self.british_ending(word) {
            Verdict::British(Some(us))
        } else if let Some(at) = self.joined_at(word).filter(|_| case_form(word).is_none()) {
            // A name written in the wrong case ("Javascript") is `loc-spelling`'s, with its form.
            if self.established_compound(word) {
                Verdict::Known
            } else {
                Verdict::Joined(at)
            }
        } else {
            Verdict::Unknown
        };
        map.insert(word.into(), v.clone());
        v
    }

    /// Whether the dictionary (with our word lists) knows `word`, or, with `extra`, the larger
    /// SCOWL list.
    fn known(&self, word: &str, extra: bool) -> bool {
        self.us.check(word) || (extra && self.in_extra(word))
    }

    /// Whether the larger SCOWL list has `word` as written. A capitalised word may be a
    /// lower-case word at the start of a sentence; a lower-case word must not be a proper name
    /// ("english", "microsoft").
    fn in_extra(&self, word: &str) -> bool {
        let extra = |w: &str| self.extra.binary_search(&w).is_ok();
        if extra(word) {
            return true;
        }
        let mut chars = word.chars();
        chars.next().is_some_and(char::is_uppercase)
            && chars.as_str().chars().all(char::is_lowercase)
            && extra(&word.to_lowercase())
    }

    /// The US form of a British word that the British dictionary lacks ("personalisation"), of six
    /// letters or more: only a change of ending decides, since a letter swap inside a word also
    /// turns typos into words ("expoerts" is no British "experts").
    fn british_ending(&self, word: &str) -> Option<String> {
        self.us_form(word, Changes::Endings)
            .filter(|_| word.len() >= 6)
    }

    /// Whether `word` is American English or one of our words.
    pub fn check(&self, word: &str) -> bool {
        self.verdict(word) == Verdict::Known
    }

    /// Possessives ("user's", "users'") and regular derivations of known words that a size-60
    /// dictionary lacks: a common prefix on a known word ("autogenerated", "subprocessor",
    /// "reindex", "undeclare"), and -able, -ability, -er, -ize, -ization on a known stem
    /// ("sortable", "viewability", "responder", "linearize", "operationalization"). Not
    /// inflections: those are the dictionary's (see [`Speller::new`]). Known misspellings
    /// ("accessable", "processer") are decided before this.
    fn known_variant(&self, word: &str, extra: bool) -> bool {
        // Possessives, and "cc'd", "cc'ed", "OK'd".
        for suffix in ["'s", "’s", "'", "’", "'d", "’d", "'ed", "’ed"] {
            if let Some(base) = word.strip_suffix(suffix) {
                if !base.is_empty() && self.known(base, extra) {
                    return true;
                }
            }
        }
        let lower = word.to_lowercase();
        const PREFIXES: [&str; 14] = [
            "auto", "sub", "micro", "meta", "re", "un", "pre", "multi", "non", "inter", "super",
            "semi", "mini", "geo",
        ];
        for p in PREFIXES {
            if let Some(rest) = lower.strip_prefix(p) {
                // Short prefixes need a longer word after them ("re" + "lour" is no derivation).
                let min = if p.len() <= 2 { 5 } else { 3 };
                if rest.len() >= min && self.known(rest, extra) {
                    return true;
                }
            }
        }
        for (suffix, stems) in [
            ("able", &["", "e"][..]),
            ("ables", &["", "e"][..]),
            // The noun of a known -able adjective: "viewability" (not of a stem: "avalability").
            ("ability", &["able"][..]),
            ("abilities", &["able"][..]),
            ("er", &["", "e"][..]),
            ("ers", &["", "e"][..]),
            ("ize", &[""][..]),
            ("ized", &[""][..]),
            ("izes", &[""][..]),
            ("izing", &[""][..]),
            ("ization", &["", "e"][..]),
            ("izations", &["", "e"][..]),
        ] {
            if let Some(stem) = lower.strip_suffix(suffix) {
                if stem.len() >= 4
                    && stems
                        .iter()
                        .any(|e| self.known(&format!("{stem}{e}"), extra))
                {
                    return true;
                }
            }
        }
        false
    }

    /// Where `word` splits into two common words the dictionary knows, each of at least three
    /// letters ("record|set", "knowledge|base"). Common words are the 40,000 most frequent of
    /// English Wikipedia and our technical words: a split that needs a rare word is no reading of
    /// the word ("codes|hared", with the past tense of "hare", is not; "code|shared" is). Of all
    /// such splits, a common word and an abbreviation ("user|id", not "use|rid"), else the most
    /// even one ("time|span", not "times|pan"). Only ASCII letters, in lower case after an
    /// optional capital. A word one edit away from a dictionary word is a typo, not two words
    /// ("passward" for "password", "attachted" for "attached", though "attach|ted" splits).
    fn joined_at(&self, word: &str) -> Option<usize> {
        const FIRST: usize = 3;
        const SECOND: usize = 3;
        let mut chars = word.chars();
        let shape = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_lowercase());
        if !shape || word.len() < FIRST + SECOND {
            return None;
        }
        // A word cut short ("constit" for "constituent") is an abbreviation, not two words.
        if begins_a_longer_word(&word.to_ascii_lowercase()) {
            return None;
        }
        let lower = word.to_ascii_lowercase();
        // The set lookup first: it is far cheaper than the dictionary's affix search.
        let part = |r: std::ops::Range<usize>| {
            self.common.contains(&lower[r.clone()]) && self.us.check(&word[r])
        };
        let splits =
            (FIRST..=word.len() - SECOND).filter(|&at| part(0..at) && part(at..word.len()));
        let even = splits.max_by_key(|&at| (at.min(word.len() - at), std::cmp::Reverse(at)))?;
        let abbreviated = list(ABBREVIATIONS)
            .into_iter()
            .filter(|a| lower.len() >= a.len() + FIRST && lower.ends_with(*a))
            .map(|a| word.len() - a.len())
            .find(|&at| part(0..at));
        let at = abbreviated.unwrap_or(even);
        (!one_edit_away(&lower, |w| self.us.check(w))).then_some(at)
    }

    /// Whether `word`, which splits into two common dictionary words, is an established compound
    /// rather than two words run together: a word formed with a productive suffix that English
    /// writes solid, on a dictionary word: -less, -like, -wide, -ware ("passwordless",
    /// "sitewide", "goodware"). (Lists of compounds were looked for too: the larger SCOWL lists
    /// and the vendored ones lack "timesheet" and "codeshare" as much as "knowledgebase".)
    fn established_compound(&self, word: &str) -> bool {
        const SUFFIXES: [&str; 4] = ["less", "like", "wide", "ware"];
        let lower = word.to_ascii_lowercase();
        SUFFIXES.iter().any(|s| {
            lower
                .strip_suffix(s)
                .is_some_and(|head| head.len() >= 3 && self.us.check(head))
        })
    }

    /// Whether `word`, which no dictionary knows, is one edit from a common word: a letter
    /// deleted, added or two neighbours swapped in a word of six letters or more ("Crdits" from
    /// "credits", "Controler" from "controller"), or a letter changed in one of seven or more
    /// ("Timespamp" from "timestamp"). Evidence that an unknown capitalised word is a typo
    /// rather than a name. Names are seldom such near misses, and when they are, mostly by a
    /// changed letter in a short word ("Citrix" and "citric", "Entra" and "extra").
    pub fn near_common_word(&self, word: &str) -> bool {
        if word.len() < 6 || !word.is_ascii() {
            return false;
        }
        let lower = word.to_ascii_lowercase();
        let common = |w: &str| w.len() >= 5 && self.common.contains(w) && self.us.check(w);
        let changed = word.len() >= 7;
        one_edit_away_by(&lower, changed, common)
    }

    /// Whether `word` is a brand written as its owner writes it (SharePoint, iPhone).
    pub fn is_brand(&self, word: &str) -> bool {
        self.brands.contains(word)
    }

    /// Whether `word` is one of our technical words, as written (OAuth, XPath, webhook).
    pub fn is_technical(&self, word: &str) -> bool {
        self.technical.contains(word)
    }

    /// The US spelling of a British word, when a regular change (-our/-or, -ise/-ize, -tre/-ter, …)
    /// gives a known American word.
    fn us_form(&self, word: &str, changes: Changes) -> Option<String> {
        let lower = word.to_lowercase();
        let candidates = british_to_us(&lower, changes);
        candidates
            .into_iter()
            .find(|c| self.known(c, true) || self.known_variant(c, true))
            .map(|c| match_case(word, &c))
    }

    /// Up to three suggestions for a misspelled word (cached; spellbook takes 10–20 ms a word).
    pub fn suggest(&self, word: &str) -> Vec<String> {
        if let Some(s) = self
            .suggestions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(word)
        {
            return s.clone();
        }
        let mut out = Vec::new();
        self.us.suggest(word, &mut out);
        // Single letters ("eg" -> 'g', 'e') and stray punctuation (', ') help nobody.
        out.retain(|s| {
            s.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && s.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '\'' | '-' | ' '))
        });
        out.truncate(3);
        self.suggestions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(word.into(), out.clone());
        out
    }

    /// Words checked against the dictionaries so far in this process (one per distinct word).
    pub fn checks(&self) -> usize {
        self.checks.load(Ordering::Relaxed)
    }

    /// Number of distinct words looked up so far.
    pub fn distinct_words(&self) -> usize {
        self.cache
            .iter()
            .map(|m| m.lock().map(|m| m.len()).unwrap_or(0))
            .sum()
    }
}

/// Whether a word one edit from `word` (a letter deleted, inserted or replaced, or two neighbours
/// swapped) satisfies `known`. `word` is lower-case ASCII.
fn one_edit_away(word: &str, known: impl Fn(&str) -> bool) -> bool {
    one_edit_away_by(word, true, known)
}

/// [`one_edit_away`], with replaced letters tried only when `replace` is set.
fn one_edit_away_by(word: &str, replace: bool, known: impl Fn(&str) -> bool) -> bool {
    let w = word.as_bytes();
    let mut buf: Vec<u8> = Vec::with_capacity(w.len() + 1);
    let try_word = |buf: &Vec<u8>| std::str::from_utf8(buf).is_ok_and(&known);
    for i in 0..w.len() {
        buf.clear();
        buf.extend_from_slice(&w[..i]);
        buf.extend_from_slice(&w[i + 1..]);
        if try_word(&buf) {
            return true;
        }
        if i + 1 < w.len() && w[i] != w[i + 1] {
            buf.clear();
            buf.extend_from_slice(w);
            buf.swap(i, i + 1);
            if try_word(&buf) {
                return true;
            }
        }
    }
    for i in 0..=w.len() {
        for c in b'a'..=b'z' {
            buf.clear();
            buf.extend_from_slice(&w[..i]);
            buf.push(c);
            buf.extend_from_slice(&w[i..]);
            if try_word(&buf) {
                return true;
            }
            if replace && i < w.len() && w[i] != c {
                buf.clear();
                buf.extend_from_slice(w);
                buf[i] = c;
                if try_word(&buf) {
                    return true;
                }
            }
        }
    }
    false
}

/// A known misspelling inside an identifier, a code, an ALL-CAPS word or a quoted part of a
/// text, which the prose rules do not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeMisspelling {
    /// The misspelled word, in the text.
    pub word: std::ops::Range<usize>,
    /// The identifier (or word) it is part of, in the text.
    pub within: std::ops::Range<usize>,
    pub corrections: &'static [&'static str],
}

/// The known misspellings of four letters or more inside the identifiers, codes and ALL-CAPS
/// words of `text` (from its `tokens`) and inside its quoted parts: each is split into words as
/// [`crate::text::identifier_words`] splits them, and each word is looked up in the misspelling
/// list. Shorter words are acronyms more often than typos ("AKS", "MIS").
pub fn code_misspellings(text: &str, tokens: &[crate::text::Token]) -> Vec<CodeMisspelling> {
    use crate::text::Kind;
    let code = |k: Kind| matches!(k, Kind::Identifier | Kind::Acronym | Kind::Code);
    let quoted = crate::text::protected_tokens(text);
    let mut out = Vec::new();
    for t in tokens.iter().filter(|t| code(t.kind)).chain(&quoted) {
        let ident = &text[t.range.clone()];
        for part in crate::text::identifier_words(ident) {
            if part.len() < 4 {
                continue;
            }
            if let Some(corrections) = misspelling(&ident[part.clone()]) {
                out.push(CodeMisspelling {
                    word: t.range.start + part.start..t.range.start + part.end,
                    within: t.range.clone(),
                    corrections,
                });
            }
        }
    }
    out.sort_by_key(|m| m.word.start);
    out
}

/// The corrections of a known misspelling, written in the case of `word` ("Adress" gives
/// "Address", "WARANTY" gives "WARRANTY").
pub fn corrections_in_case(word: &str, corrections: &[&str]) -> Vec<String> {
    corrections.iter().map(|c| match_case(word, c)).collect()
}

/// Which British-to-American changes [`british_to_us`] tries.
#[derive(Clone, Copy, PartialEq)]
enum Changes {
    /// Endings and the swaps inside a word (-our-, -ence-, -ae-, -oe-).
    All,
    /// Endings only (-isation, -ise, -yse, -tre, -ogue, -usses).
    Endings,
}

/// Regular British-to-American spelling changes, most specific first.
fn british_to_us(w: &str, changes: Changes) -> Vec<String> {
    let mut out = Vec::new();
    let rules: [(&str, &str); 16] = [
        // Doubled s of -us verbs: "focusses", "focussed", "biassing".
        ("ussed", "used"),
        ("usses", "uses"),
        ("ussing", "using"),
        ("isation", "ization"),
        ("isable", "izable"),
        ("isations", "izations"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
        ("yse", "yze"),
        ("ysed", "yzed"),
        ("ysing", "yzing"),
        ("ogue", "og"),
        ("tre", "ter"),
        ("tres", "ters"),
    ];
    for (gb, us) in rules {
        if let Some(stem) = w.strip_suffix(gb) {
            out.push(format!("{stem}{us}"));
        }
    }
    if changes == Changes::Endings {
        return out;
    }
    if w.contains("our") {
        out.push(w.replacen("our", "or", 1));
    }
    for (gb, us) in [("ence", "ense"), ("ae", "e"), ("oe", "e")] {
        if w.contains(gb) {
            out.push(w.replacen(gb, us, 1));
        }
    }
    out
}

/// `target` with the capitalisation of `model` (Lower, Title or UPPER).
fn match_case(model: &str, target: &str) -> String {
    if model.chars().all(|c| !c.is_lowercase()) {
        target.to_uppercase()
    } else if model.chars().next().is_some_and(char::is_uppercase) {
        let mut c = target.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    } else {
        target.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_words() {
        // spellbook offers 'q' and 'e' for "eq", and ', ' for some words.
        for word in ["eq", "reicpient", "Calendly"] {
            let s = SPELLER.suggest(word);
            assert!(
                s.iter()
                    .all(|s| s.chars().filter(|c| c.is_alphabetic()).count() >= 2
                        && !s.contains(',')),
                "{word}: {s:?}"
            );
        }
        assert_eq!(SPELLER.suggest("reicpient")[0], "recipient");
    }

    #[test]
    fn suggestions_do_not_depend_on_the_hasher_seed() {
        // Two dictionaries built apart: with a hasher seeded at random, the n-gram stage of
        // spellbook's suggester ordered its candidates differently from one process to the next.
        let (a, b) = (
            dictionary(EN_US_AFF, EN_US_DIC),
            dictionary(EN_US_AFF, EN_US_DIC),
        );
        for word in ["Crdits", "Subcoategories", "reicpient"] {
            let (mut x, mut y) = (Vec::new(), Vec::new());
            a.suggest(word, &mut x);
            b.suggest(word, &mut y);
            assert_eq!(x, y, "{word}");
        }
    }

    #[test]
    fn case_forms_come_from_upper_case_words_and_our_lists() {
        assert_eq!(case_form("ok"), Some("OK"));
        assert_eq!(case_form("Ok"), Some("OK"));
        assert_eq!(case_form("ascii"), Some("ASCII"));
        assert_eq!(case_form("odata"), Some("OData"));
        assert_eq!(case_form("OK"), None);
        // Proper names of the dictionary and two-letter codes are not used.
        assert_eq!(case_form("oder"), None);
        assert_eq!(case_form("po"), None);
    }

    #[test]
    fn dictionary_and_our_lists() {
        let s = &*SPELLER;
        for w in [
            "Delete",
            "items",
            "webhook",
            "OAuth",
            "JSON",
            "SharePoint",
            "user's",
            "metadata",
        ] {
            assert!(s.check(w), "{w} should be known");
        }
        for w in [
            "autogenerated",
            "subprocessors",
            "Reindex",
            "sortable",
            "responder",
            "Linearize",
            "operationalization",
            "onboarding",
            "upserted",
            "automations",
            "counterparties",
            "subweb",
        ] {
            assert!(s.check(w), "{w} is a regular derivation of a known word");
        }
        for w in ["recieve", "adress", "teh", "orderid"] {
            assert!(!s.check(w), "{w} should be unknown");
        }
    }

    #[test]
    fn the_larger_list_knows_rare_words_but_not_known_misspellings() {
        let s = &*SPELLER;
        for w in [
            "centroid",
            "frictionless",
            "Decrypt",
            "decrypted",
            "Heathrow",
        ] {
            assert_eq!(s.verdict(w), Verdict::Rare, "{w}");
        }
        // In SCOWL 80, but corrected by typos: left out of the list, and misspellings.
        for w in ["wether", "hight"] {
            assert!(matches!(s.verdict(w), Verdict::Misspelled(_)), "{w}");
        }
        // A proper name is known capitalised only (in lower case it is two words, "heath|row");
        // one or two letters are never taken from it.
        assert_eq!(s.verdict("heathrow"), Verdict::Joined(5));
        assert_eq!(s.verdict("eg"), Verdict::Unknown);
        assert_eq!(s.verdict("cc'd"), Verdict::Known);
    }

    #[test]
    fn two_known_words_written_as_one_are_joined_unless_one_edit_makes_a_word() {
        let s = &*SPELLER;
        assert_eq!(s.verdict("knowledgebase"), Verdict::Joined(9));
        assert_eq!(s.verdict("Timesheet"), Verdict::Joined(4));
        // The most even split: "time|span", not "times|pan".
        assert_eq!(s.verdict("timespan"), Verdict::Joined(4));
        assert_eq!(s.verdict("recordset"), Verdict::Joined(6));
        // Typos: "password", "attached" and "parameters" are one edit away.
        for w in ["passward", "attachted", "paramaters"] {
            assert!(
                matches!(s.verdict(w), Verdict::Unknown | Verdict::Misspelled(_)),
                "{w}"
            );
        }
        // Parts of one or two letters do not count ("alot"), nor do inner capitals.
        assert_eq!(s.verdict("alot"), Verdict::Unknown);
        assert_eq!(s.verdict("knowledgeBase"), Verdict::Unknown);
        // A word cut short ("constit|uent") and a name in the wrong case are not two words.
        assert_eq!(s.verdict("constit"), Verdict::Unknown);
        assert_eq!(s.verdict("Javascript"), Verdict::Unknown);
        assert_eq!(case_form("Javascript"), Some("JavaScript"));
    }

    #[test]
    fn a_joined_word_splits_into_common_words_only() {
        let s = &*SPELLER;
        // "codes|hared" is the most even split, but "hared" is a rare word: "code|shared".
        assert_eq!(s.verdict("Codeshared"), Verdict::Joined(4));
        // "the|year", not "they|ear"; "drop|ship", not "drops|hip".
        assert_eq!(s.verdict("theyear"), Verdict::Joined(3));
        assert_eq!(s.verdict("dropship"), Verdict::Joined(4));
        // A common word and an abbreviation: "user|id", not "use|rid".
        assert_eq!(s.verdict("userid"), Verdict::Joined(4));
        assert_eq!(s.verdict("hosturl"), Verdict::Joined(4));
        // A split that needs a rare word ("ext", "prob") is no reading of the word.
        assert_eq!(s.verdict("Exttype"), Verdict::Unknown);
        assert_eq!(s.verdict("logprob"), Verdict::Unknown);
    }

    #[test]
    fn established_compounds_are_words() {
        let s = &*SPELLER;
        for w in [
            "passwordless",
            "Serverless",
            "sitewide",
            "desktoplike",
            "goodware",
        ] {
            assert_eq!(s.verdict(w), Verdict::Known, "{w}: a productive suffix");
        }
        // The noun of a known -able adjective, not of any stem.
        assert_eq!(s.verdict("viewability"), Verdict::Known);
        assert!(matches!(s.verdict("Avalability"), Verdict::Misspelled(_)));
    }

    #[test]
    fn british_spellings_have_a_us_form() {
        let s = &*SPELLER;
        let british = |w: &str| Verdict::British(Some(w.to_string()));
        assert_eq!(s.verdict("organisation"), british("organization"));
        assert_eq!(s.verdict("Colour"), british("Color"));
        assert_eq!(s.verdict("behaviour"), british("behavior"));
        // The misspelling list has "focusses", but a British spelling is no misspelling.
        assert_eq!(s.verdict("Focusses"), british("Focuses"));
        assert_eq!(
            s.verdict("cancelled"),
            Verdict::British(None),
            "British, but no regular US change: not reported"
        );
        assert_eq!(s.verdict("color"), Verdict::Known);
        // British forms that the British dictionary lacks, or that the larger list has.
        assert_eq!(s.verdict("personalisation"), british("personalization"));
        assert!(matches!(s.verdict("licence"), Verdict::British(_)));
        assert_eq!(s.verdict("customisable"), british("customizable"));
        assert_eq!(s.verdict("recieve"), Verdict::Misspelled(&["receive"]));
        // A typo is no British spelling because a swap inside it makes a word.
        assert_eq!(s.verdict("expoerts"), Verdict::Unknown);
    }

    #[test]
    fn known_misspellings_decide_first_in_any_case() {
        let s = &*SPELLER;
        assert_eq!(s.verdict("occured"), Verdict::Misspelled(&["occurred"]));
        assert_eq!(s.verdict("Occured"), Verdict::Misspelled(&["occurred"]));
        assert_eq!(s.verdict("ADRESS"), Verdict::Misspelled(&["address"]));
        // In the size-60 dictionary or our lists, but typos far more often than words.
        for w in [
            "payed",
            "withing",
            "supercedes",
            "reoccuring",
            "informations",
        ] {
            assert!(matches!(s.verdict(w), Verdict::Misspelled(_)), "{w}");
        }
        // Inflections with a single or doubled consonant, with the right correction.
        for (typo, right) in [
            ("occured", "occurred"),
            ("refered", "referred"),
            ("begining", "beginning"),
            ("commited", "committed"),
        ] {
            assert!(
                matches!(s.verdict(typo), Verdict::Misspelled([c]) if *c == right),
                "{typo}"
            );
        }
        assert_eq!(
            corrections_in_case("WARANTY", &["warranty"]),
            vec!["WARRANTY".to_string()]
        );
        assert_eq!(
            corrections_in_case("Adress", &["address"]),
            vec!["Address".to_string()]
        );
    }

    #[test]
    fn inflections_come_from_affix_rules_and_the_measured_list() {
        let s = &*SPELLER;
        // The dictionary's own rules, and the plural flag on our lower-case words.
        for w in [
            "occurred",
            "referring",
            "webhooks",
            "counterparties",
            "proxies",
        ] {
            assert_eq!(s.verdict(w), Verdict::Known, "{w}");
        }
        // The measured list (dictionaries/inflections.txt), capitalised too.
        for w in ["upserted", "assignees", "Assignees", "decisioning"] {
            assert_eq!(s.verdict(w), Verdict::Known, "{w}");
        }
        // No ending is stripped any more: "bluring" is no "blur" + "ing".
        for w in ["bluring", "searcheds", "malwared"] {
            assert_eq!(s.verdict(w), Verdict::Unknown, "{w}");
        }
        // Derivations still are: -izing on a known stem, and "cc'ed".
        assert_eq!(s.verdict("rasterizing"), Verdict::Known);
        assert_eq!(s.verdict("cc'ed"), Verdict::Known);
    }

    #[test]
    fn near_misses_of_common_words() {
        let s = &*SPELLER;
        for w in ["Crdits", "Pesonal", "Timespamp", "Instanc"] {
            assert!(s.near_common_word(w), "{w}");
        }
        // Short words, and a changed letter in a word under seven letters, are names as often.
        for w in ["Citrix", "Entra", "Gmail", "Plunet", "Zoho"] {
            assert!(!s.near_common_word(w), "{w}");
        }
    }

    #[test]
    fn each_distinct_word_is_checked_once() {
        let s = Speller::new();
        std::thread::scope(|scope| {
            for _ in 0..3 {
                scope.spawn(|| {
                    for _ in 0..3 {
                        s.shared_verdict("zzyzx");
                        s.shared_verdict("apple");
                    }
                });
            }
        });
        assert_eq!(s.checks(), 2);
        assert_eq!(s.distinct_words(), 2);
    }
}
