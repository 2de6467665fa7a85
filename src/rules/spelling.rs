//! Spelling (RULES.md §6, loc-spelling) and British spellings.

use super::{declare_rule, Ctx, Rule};
use super::{is_own_name_word, is_own_word, shown};
use crate::diagnostic::{Diagnostic, Fix};
use crate::extract::TextItem;
use crate::language::Text;
use crate::spell::{set, Verdict, WordSet, FILE_TYPES, LANGUAGE_CODES, SPELLER};

static LANGUAGE_CODE_SET: std::sync::LazyLock<WordSet> =
    std::sync::LazyLock::new(|| set(LANGUAGE_CODES));
static FILE_TYPE_SET: std::sync::LazyLock<WordSet> = std::sync::LazyLock::new(|| set(FILE_TYPES));
use crate::text::{Kind, Token};

/// The prose words of `item` whose verdict a spelling rule reports (`wanted`), with their
/// verdicts. Strings that are not English are left to `loc-english-only`.
fn checked_words<'t>(
    item: &'t Text<'_, '_>,
    cx: &Ctx<'_, '_>,
    wanted: impl Fn(&Verdict) -> bool,
) -> Vec<(std::ops::Range<usize>, &'t str, Verdict)> {
    if !item.verdicts().iter().any(&wanted) || !shown(item, cx) || item.is_non_english() {
        return Vec::new();
    }
    let (tokens, verdicts) = (item.tokens(), item.verdicts());
    let literals = Literals::new(item.text);
    tokens
        .iter()
        .zip(verdicts)
        .enumerate()
        .filter(|(_, (t, v))| t.kind == Kind::Word && wanted(v))
        .filter_map(|(i, (t, v))| {
            let w = &item.text[t.range.clone()];
            // A known misspelling is one in any case and next to any word; only the connector's
            // own names and the config's words outweigh it.
            let misspelled = matches!(v, Verdict::Misspelled(_));
            let own = if misspelled {
                is_own_name_word(w, cx)
            } else {
                is_own_word(w, cx)
            };
            if w.chars().count() < 2
                || (!misspelled && in_unknown_phrase(item.text, tokens, verdicts, i))
                || own
                || is_abbreviation(w)
                || (!misspelled && LANGUAGE_CODE_SET.contains(w))
                || is_region_of_language_tag(item.text, t.range.clone())
                || is_hyphenated_prefix(item.text, t.range.clone())
                || after_letter_prefix(item.text, t.range.start)
                || has_foreign_letter(w)
                || (is_capitalized(w)
                    && !starts_sentence(item.text, t.range.start)
                    && !capital_is_checked(w, v))
                || (is_odata_operator(w) && literals.about_filters())
                || is_cited_suffix(item.text, t.range.start)
                || literals.is_literal_value(t.range.clone())
            {
                return None;
            }
            Some((t.range.clone(), w, v.clone()))
        })
        .collect()
}

/// Whether a capitalised word inside a sentence ("Customer Adress") is checked, on evidence
/// rather than on its capital: a known misspelling or a British spelling always is; a word no
/// dictionary knows is when it is one edit from a common word ("Crdits", "Controler"), which
/// names seldom are ("Plunet", "Citrix"; the connector's own names are skipped before this).
fn capital_is_checked(word: &str, verdict: &Verdict) -> bool {
    match verdict {
        Verdict::Misspelled(_) | Verdict::British(_) => true,
        Verdict::Unknown => SPELLER.near_common_word(word),
        _ => false,
    }
}

/// Whether the word token `i` stands next to another word no dictionary knows, with only white
/// space between them, and one of the two is a capitalized word inside a sentence or has a letter
/// outside the English alphabet ("haushaltsnahe Dienstleistungen"): a phrase in another language
/// or a name, not two misspellings in a row ("Comman delimitted" is still reported).
fn in_unknown_phrase(text: &str, tokens: &[Token], verdicts: &[Verdict], i: usize) -> bool {
    let unknown = |j: usize| {
        tokens[j].kind == Kind::Word && matches!(verdicts[j], Verdict::Unknown | Verdict::Joined(_))
    };
    let foreign = |j: usize| {
        let w = &text[tokens[j].range.clone()];
        has_foreign_letter(w)
            || (is_capitalized(w) && !starts_sentence(text, tokens[j].range.start))
    };
    // Two words that are all of a bracket: a gloss ("the true ownership (reelt ejerskab)").
    let bracketed = |a: usize, b: usize| {
        text[..tokens[a].range.start].ends_with('(') && text[tokens[b].range.end..].starts_with(')')
    };
    let pair = |a: usize, b: usize| {
        let gap = &text[tokens[a].range.end..tokens[b].range.start];
        !gap.is_empty()
            && gap.chars().all(char::is_whitespace)
            && unknown(a)
            && unknown(b)
            && (foreign(a) || foreign(b) || bracketed(a, b))
    };
    (i > 0 && pair(i - 1, i)) || (i + 1 < tokens.len() && pair(i, i + 1))
}

/// Whether the two letters at `range` are the region of a language tag ("en-gb", "pt-br").
fn is_region_of_language_tag(text: &str, range: std::ops::Range<usize>) -> bool {
    range.len() == 2
        && text[..range.start]
            .strip_suffix(['-', '_'])
            .and_then(|before| before.get(before.len().checked_sub(2)?..))
            .is_some_and(|lang| LANGUAGE_CODE_SET.contains(lang.to_ascii_lowercase().as_str()))
}

/// Whether the word at `range` is a prefix written with a hyphen ("un-assign", "re-run").
fn is_hyphenated_prefix(text: &str, range: std::ops::Range<usize>) -> bool {
    const PREFIXES: [&str; 11] = [
        "un", "re", "pre", "non", "co", "de", "sub", "anti", "semi", "multi", "mis",
    ];
    PREFIXES.contains(&text[range.clone()].to_ascii_lowercase().as_str())
        && text[range.end..]
            .strip_prefix('-')
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_alphabetic)
}

/// Whether `word` has a letter outside the English alphabet ("geringfügige", "Société"): a
/// foreign word or name in English prose, not an English misspelling.
fn has_foreign_letter(word: &str) -> bool {
    word.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
}

/// Whether the word at `at` follows a one-letter prefix and a hyphen ("e-loket", "i-Tee"): a
/// coined name, not a word to look up.
fn after_letter_prefix(text: &str, at: usize) -> bool {
    let before = &text.as_bytes()[..at];
    matches!(before, [.., l, b'-'] if l.is_ascii_alphabetic())
        && (before.len() == 2 || !before[before.len() - 3].is_ascii_alphanumeric())
}

/// Whether the word at `range` is a suffix cited with its hyphen ("a verb ending in -ing").
fn is_cited_suffix(text: &str, at: usize) -> bool {
    text[..at]
        .strip_suffix('-')
        .is_some_and(|b| b.is_empty() || b.ends_with(char::is_whitespace))
}

/// Context searched on each side of a word by the literal-value cues that read its sentence or
/// line ([`in_value_list`], [`after_colon_value`], the start of [`is_explained_value`]): a list,
/// a label's values or a line longer than this is not one. Without the bound, a long string with
/// many unknown words was read whole for each of them (200 KB of prose took 11 s, 800 KB 225 s).
/// The longest string of the corpus but one is 14 KB, and none has such a run over 2 KB.
const LITERAL_CONTEXT: usize = 2048;

/// What the literal-value cues need to know about one text, each found once, when a word first
/// needs it: the names it writes as hosts or files, the terms of its list of explained values,
/// the text with glued brackets masked ([`mask_glued_brackets`]), whether it is about filters.
/// A cue then reads the whole text once, and otherwise only the word's neighbourhood
/// ([`LITERAL_CONTEXT`]), so a string costs time linear in its length however many of its words
/// are looked at.
pub(crate) struct Literals<'t> {
    text: &'t str,
    names: std::cell::OnceCell<NameIndex<'t>>,
    terms: std::cell::OnceCell<Terms>,
    masked: std::cell::OnceCell<Option<String>>,
    filters: std::cell::OnceCell<bool>,
}

impl<'t> Literals<'t> {
    pub(crate) fn new(text: &'t str) -> Literals<'t> {
        Literals {
            text,
            names: Default::default(),
            terms: Default::default(),
            masked: Default::default(),
            filters: Default::default(),
        }
    }

    /// Whether the word at `range` of the text is a literal value the string cites rather than a word
    /// of its prose. The word rules (`loc-spelling`, `loc-joined-words`,
    /// `loc-camelcase-untranslatable`) all skip such words. The cues:
    /// - after words that introduce a value: "e.g. mycompany", "such as givenname", "default is
    ///   systemuser" ([`follows_example_cue`]);
    /// - an item of a list of values: "Values are: a, b, c", "pades, xades, xadesDetached"
    ///   ([`in_value_list`]), or the values that follow a label's colon to the end of their line or
    ///   sentence: "Fields: firstName, lastName", "One of: newItem, updatedItem"
    ///   ([`after_colon_value`]);
    /// - a value with its meaning: "au - Australia", a term of a list of explained values
    ///   ("nottrained: Never trained, notstarted: …", "Success = 0, NothingToDo = 91"), the word
    ///   after "=" ([`is_explained_value`]);
    /// - a file type before "file" ("an eml file"), and a name the string also writes as a host, file
    ///   or address ("mycompany" beside "mycompany.zendesk.com", "msedgedriver.exe").
    pub(crate) fn is_literal_value(&self, range: std::ops::Range<usize>) -> bool {
        let text = self.text;
        let (near, at) = neighbourhood(text, range.clone());
        follows_example_cue(near, at.start)
            || self.in_value_list(range.clone())
            || after_colon_value(near, at.clone())
            || is_explained_value(near, at)
            || self.terms().contain(range.clone())
            || names_a_file_type(text, range.clone())
            || self.written_as_a_name_elsewhere(range)
    }

    /// Whether the text is about filters, where "eq" and "ge" are OData operators.
    fn about_filters(&self) -> bool {
        *self.filters.get_or_init(|| {
            found_fact();
            let lower = self.text.to_lowercase();
            lower.contains("filter") || lower.contains("odata")
        })
    }

    fn terms(&self) -> &Terms {
        self.terms.get_or_init(|| {
            found_fact();
            Terms::new(explained_terms(self.text))
        })
    }

    /// [`in_value_list`] in the word's neighbourhood of the text with glued brackets masked.
    fn in_value_list(&self, range: std::ops::Range<usize>) -> bool {
        // No comma, no list.
        let masked = self.masked.get_or_init(|| {
            found_fact();
            self.text
                .contains(',')
                .then(|| mask_glued_brackets(self.text))
        });
        let Some(masked) = masked else {
            return false;
        };
        let (near, at) = neighbourhood(masked, range);
        in_value_list(near, at)
    }

    /// Whether the string also writes the word at `range` as part of a name: a host, file or
    /// dotted name ("mycompany" beside "mycompany.zendesk.com", "msedgedriver" beside
    /// "msedgedriver.exe"), or an address ("…@mycompany.com").
    fn written_as_a_name_elsewhere(&self, range: std::ops::Range<usize>) -> bool {
        let word = &self.text[range.clone()];
        if word.chars().all(char::is_alphanumeric) {
            let names = self.names.get_or_init(|| {
                found_fact();
                NameIndex::new(self.text)
            });
            return names.written_elsewhere(word, range.start);
        }
        // A word with an apostrophe or a hyphen: its neighbourhood.
        let (near, at) = neighbourhood(self.text, range);
        written_as_a_name_elsewhere(near, at)
    }
}

#[cfg(test)]
thread_local! {
    /// Whole-text facts found by [`Literals`] on this thread: tests count them.
    static FACTS_FOUND: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Count a fact of a whole text found (see [`FACTS_FOUND`]).
fn found_fact() {
    #[cfg(test)]
    FACTS_FOUND.with(|c| c.set(c.get() + 1));
}

/// The part of `text` within [`LITERAL_CONTEXT`] bytes of `range` (widened to whole characters),
/// and `range` within it.
fn neighbourhood(text: &str, range: std::ops::Range<usize>) -> (&str, std::ops::Range<usize>) {
    let start =
        crate::source::floor_char_boundary(text, range.start.saturating_sub(LITERAL_CONTEXT));
    let mut end = (range.end + LITERAL_CONTEXT).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    (&text[start..end], range.start - start..range.end - start)
}

/// The words of a text written as part of a name: each run of letters and digits glued by a
/// '.' or '@' to another ("mycompany" and "zendesk" in "mycompany.zendesk.com", "com" too), with
/// where it is written, at most two places a word (one that is not the word's own suffices).
struct NameIndex<'t> {
    names: std::collections::HashMap<&'t str, [usize; 2]>,
}

impl<'t> NameIndex<'t> {
    fn new(text: &'t str) -> NameIndex<'t> {
        let mut names: std::collections::HashMap<&'t str, [usize; 2]> = Default::default();
        let glued = |s: &str| s.starts_with(char::is_alphanumeric);
        let mut runs = text.char_indices().peekable();
        while let Some((start, c)) = runs.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let mut end = start + c.len_utf8();
            while let Some(&(i, c)) = runs.peek() {
                if !c.is_alphanumeric() {
                    break;
                }
                end = i + c.len_utf8();
                runs.next();
            }
            let (before, after) = (&text[..start], &text[end..]);
            if after.strip_prefix(['.', '@']).is_some_and(glued)
                || before
                    .strip_suffix(['.', '@'])
                    .is_some_and(|b| b.ends_with(char::is_alphanumeric))
            {
                let at = names.entry(&text[start..end]).or_insert([start, start]);
                if at[0] == at[1] && at[0] != start {
                    at[1] = start;
                }
            }
        }
        NameIndex { names }
    }

    /// Whether `word` (letters and digits only) is written as part of a name somewhere other
    /// than at `at`.
    fn written_elsewhere(&self, word: &str, at: usize) -> bool {
        self.names
            .get(word)
            .is_some_and(|places| places.iter().any(|&p| p != at))
    }
}

/// The terms of a text's list of explained values ([`explained_terms`]): a word inside one of
/// them is a value when there are at least two.
struct Terms {
    /// Sorted by start.
    terms: Vec<std::ops::Range<usize>>,
    /// The largest end among the first `k + 1` terms.
    max_end: Vec<usize>,
}

impl Terms {
    fn new(mut terms: Vec<std::ops::Range<usize>>) -> Terms {
        if terms.len() < 2 {
            terms.clear();
        }
        terms.sort_by_key(|t| t.start);
        let max_end = terms
            .iter()
            .scan(0, |m, t| {
                *m = t.end.max(*m);
                Some(*m)
            })
            .collect();
        Terms { terms, max_end }
    }

    /// Whether a term holds `range`.
    fn contain(&self, range: std::ops::Range<usize>) -> bool {
        let k = self.terms.partition_point(|t| t.start <= range.start);
        k > 0 && self.max_end[k - 1] >= range.end
    }
}

/// Whether `text` also writes the word at `range` as part of a name, found by reading the text
/// (see [`Literals::written_as_a_name_elsewhere`], which indexes the names once).
fn written_as_a_name_elsewhere(text: &str, range: std::ops::Range<usize>) -> bool {
    let word = &text[range.clone()];
    let glued = |s: &str| s.starts_with(char::is_alphanumeric);
    text.match_indices(word).any(|(i, _)| {
        let before = &text[..i];
        let after = &text[i + word.len()..];
        i != range.start
            && !before.ends_with(char::is_alphanumeric)
            && !glued(after)
            && (after.strip_prefix(['.', '@']).is_some_and(glued)
                || before
                    .strip_suffix(['.', '@'])
                    .is_some_and(|b| b.ends_with(char::is_alphanumeric)))
    })
}

/// Whether the word at `range` is one of the values that follow a label's colon to the end of
/// their line or sentence, with nothing but commas, "or" and "and" between them: "Fields:
/// firstName, lastName", "One of: newItem, updatedItem", "refer to schema definition:
/// DtoConvertCad".
fn after_colon_value(text: &str, range: std::ops::Range<usize>) -> bool {
    let Some(colon) = text[..range.start].rfind(':') else {
        return false;
    };
    // A label's colon is followed by white space ("https:", "10:30" are no labels), and the
    // values stand on its line.
    let lead = &text[colon + 1..range.start];
    if !lead.starts_with([' ', '\t']) || lead.contains('\n') {
        return false;
    }
    let rest = &text[range.end..];
    let end = [rest.find('\n'), rest.find(". "), rest.find(';')]
        .into_iter()
        .flatten()
        .min()
        .map_or(text.len(), |i| range.end + i);
    let run = text[colon + 1..end]
        .trim()
        .trim_end_matches(['.', '!', '?']);
    run.split(',').all(|item| {
        item.split([' ', '\t'])
            .filter(|w| !w.is_empty() && *w != "or" && *w != "and")
            .count()
            == 1
    })
}

/// Whether the word at `range` is a value with its meaning: a short lower-case code that begins
/// the string or an item of a bulleted list, followed by " - ", " = " or ": " ("au - Australia",
/// "* dr: Draft"), or the word after "=" ("intelligent = intellig"). A term of a list of at least
/// two explained values ("nottrained: Never trained, notstarted: Training is not running";
/// "Success = 0, NothingToDo = 91") is one too: see [`explained_terms`], found once per text.
fn is_explained_value(text: &str, range: std::ops::Range<usize>) -> bool {
    let after = &text[range.end..];
    let before = text[..range.start].trim_end_matches([' ', '\t']);
    (range.len() <= 4
        && text[range.clone()].bytes().all(|b| b.is_ascii_lowercase())
        && (before.is_empty() || before.ends_with(['\n', '*', '•']) || before.ends_with("\n-"))
        && EXPLAINED.iter().any(|s| after.starts_with(s)))
        || text[..range.start].trim_end().ends_with('=')
}

/// What stands between a value and its meaning.
const EXPLAINED: [&str; 4] = [" - ", " = ", " – ", ": "];

/// The terms of a list of explained values: each chunk without white space that begins the text,
/// a line, a bullet or an item of a list (after ",", ";", ":" or "(", or after the value of the
/// term before it) and is followed by one of [`EXPLAINED`] ("nottrained: Never trained,
/// notstarted: …", "InvoiceDate = 1 ValidationDate = 2").
fn explained_terms(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    if !EXPLAINED.iter().any(|s| text.contains(s)) {
        return out;
    }
    for sep in EXPLAINED {
        for (i, _) in text.match_indices(sep) {
            let start = text[..i]
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace())
                .map_or(0, |(s, c)| s + c.len_utf8());
            let lead = text[..start].trim_end_matches([' ', '\t']);
            // Or after the value of the term before it, on one line: "InvoiceDate = 1
            // ValidationDate = 2".
            let after_value = || {
                let value_start = lead.rfind([' ', '\t']).map_or(0, |v| v + 1);
                value_start > 0 && lead[..value_start].trim_end().ends_with(['=', ':'])
            };
            if start < i
                && (lead.is_empty()
                    || lead.ends_with(['\n', ',', ';', ':', '(', '*', '•'])
                    || lead.ends_with("\n-")
                    || after_value())
            {
                out.push(start..i);
            }
        }
    }
    out
}

/// Whether the word at `range` is a file type followed by "file", "extension" or "document" ("an
/// eml file"). Not "format": "iso format" is the standard, to be written "ISO".
fn names_a_file_type(text: &str, range: std::ops::Range<usize>) -> bool {
    const NOUNS: [&str; 7] = [
        "file",
        "files",
        "extension",
        "document",
        "documents",
        "page",
        "pages",
    ];
    FILE_TYPE_SET.contains(text[range.clone()].to_ascii_lowercase().as_str())
        && text[range.end..]
            .strip_prefix(' ')
            .and_then(|rest| rest.split(|c: char| !c.is_alphabetic()).next())
            .is_some_and(|next| NOUNS.contains(&next.to_ascii_lowercase().as_str()))
}

/// Whether the word at `at` follows words that introduce a literal value or a name: "default is
/// systemuser", "e.g. Heathrow", "i.e. yourcompany", "such as givenname", "known as maskid".
/// What follows is a value of the API, not prose.
fn follows_example_cue(text: &str, at: usize) -> bool {
    const CUES: [&str; 17] = [
        "known as",
        "default is",
        "defaults to",
        "default value is",
        "default:",
        "e.g.",
        "e.g.,",
        "e.g",
        "i.e.",
        "i.e",
        "example:",
        "for example",
        "for instance",
        "such as",
        "ex:",
        "eg:",
        "eg.",
    ];
    let before = text[..at]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '“' | '‘' | ','));
    // The cues are short: only the end of the text before the word matters.
    let mut from = before.len().saturating_sub(32);
    while !before.is_char_boundary(from) {
        from += 1;
    }
    let before = before[from..].to_lowercase();
    // A cue without a colon may still be followed by one ("for example: Heathrow").
    let bare = before.strip_suffix(':').unwrap_or(&before);
    CUES.iter().any(|cue| {
        [before.as_str(), bare]
            .into_iter()
            .any(|b| b.ends_with(cue) && word_boundary(b, cue))
    })
}

/// Whether `word` is an OData comparison operator ("status eq 'New'"); it is skipped in a string
/// about filters ([`Literals::about_filters`]).
fn is_odata_operator(word: &str) -> bool {
    const OPERATORS: [&str; 6] = ["eq", "ne", "gt", "ge", "lt", "le"];
    OPERATORS.contains(&word)
}

/// Whether `cue` (found at the end of `before`) starts at a word boundary.
fn word_boundary(before: &str, cue: &str) -> bool {
    before[..before.len() - cue.len()]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Whether the word at `range` is one item of a comma-separated list of values ("pades, xades,
/// xadesDetached, cades"): at least three items of one chunk each, after a colon ("Values are:
/// schoolname, distance, rank") or with at least one of them code rather than a word (an
/// identifier, a language tag, a number); or at least five such items ("cent, yen, euro, pound,
/// lt, gt, nbsp"). A bracket glued to an item is part of it ("pdf, xls(xlsx), png"): `text` is
/// masked by [`mask_glued_brackets`] (see [`Literals::in_value_list`]).
fn in_value_list(text: &str, range: std::ops::Range<usize>) -> bool {
    let is_delim = |c: char| matches!(c, ',' | '(' | ')' | ';' | ':' | '[' | ']');
    let start = text[..range.start].rfind(is_delim).map_or(0, |i| i + 1);
    // The item ends at a delimiter or at the end of its sentence ("…, gt, apos. Output: …").
    let rest = &text[range.end..];
    let end = rest
        .find(is_delim)
        .into_iter()
        .chain(rest.find(". "))
        .min()
        .map_or(text.len(), |i| range.end + i);
    // The last item may end the sentence ("…, multiSz, sz.").
    if text[start..end].trim().trim_end_matches(['.', '!', '?']) != &text[range.clone()] {
        return false;
    }
    // The run of single-chunk items around the word, between the nearest brackets or sentence ends.
    let run_start = text[..start]
        .rfind(['(', '[', ';', ':', '.'])
        .map_or(0, |i| i + 1);
    let run_end = text[end..]
        .find([')', ']', ';', '.'])
        .map_or(text.len(), |i| end + i);
    let items: Vec<&str> = text[run_start..run_end]
        .split(',')
        .map(str::trim)
        .take_while(|i| !i.is_empty())
        .collect();
    let single: Vec<&str> = items
        .iter()
        .copied()
        .filter(|i| !i.contains(char::is_whitespace))
        .collect();
    // A list after a colon ("Values are: schoolname, distance, rank") or a cue ("value can be
    // doccenter, newscenter, …") is a list of values.
    let first = items.first().copied().unwrap_or("");
    let cue = first
        .rsplit_once(char::is_whitespace)
        .is_some_and(|(lead, _)| {
            let lead = lead.to_ascii_lowercase();
            ["can be", "one of", "either", "values are", "value is"]
                .iter()
                .any(|c| lead.ends_with(c))
        });
    let after_colon = text[..run_start].ends_with(':') || cue;
    single.len() >= 5
        || single.len() >= 3
            && (after_colon
                || single.iter().any(|i| {
                    i.contains(['_', '-']) || i.contains(|c: char| c.is_ascii_digit()) || {
                        let mut c = i.chars();
                        c.next().is_some_and(char::is_lowercase) && c.any(char::is_uppercase)
                    }
                }))
}

/// `text` with each bracket glued to the end of a word, and what it holds, turned to spaces
/// ("xls(xlsx)" → "xls      "): byte offsets stay, brackets of prose stay.
fn mask_glued_brackets(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    // Where the last search for the end of a bracket group began, and the ')' or ' ' it found:
    // a '(' before that stop finds the same one, so the text is read once ("a(b(c(d…").
    let mut stop: Option<(usize, Option<usize>)> = None;
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == b'(' && bytes[i - 1].is_ascii_alphanumeric() {
            let found = match stop {
                Some((from, at)) if from < i && at.is_none_or(|q| i < q) => at,
                _ => {
                    let at = text[i..].find([')', ' ']).map(|l| i + l);
                    stop = Some((i, at));
                    at
                }
            };
            if let Some(close) = found.filter(|&q| bytes[q] == b')') {
                bytes[i..=close].fill(b' ');
                i = close;
            }
        }
        i += 1;
    }
    String::from_utf8(bytes).expect("only whole bracket groups are replaced")
}

/// An abbreviation written in lower or title case ("url", "Guid"): `loc-abbreviation-caps` reports
/// it, not spelling.
fn is_abbreviation(w: &str) -> bool {
    crate::rules::localization::is_abbreviation_word(&w.to_ascii_lowercase())
}

/// "Plunet": a capital letter, then lower case.
fn is_capitalized(w: &str) -> bool {
    let mut c = w.chars();
    c.next().is_some_and(char::is_uppercase) && c.all(|c| !c.is_uppercase())
}

/// Whether the word at `at` begins a sentence (or the string): only white space, quotes and
/// brackets stand between it and the start or a '.', '!', '?' or ':'.
fn starts_sentence(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '(' | '[' | '“' | '‘')
    });
    if before.ends_with('.') {
        // The period of an abbreviation ends no sentence: "St. Petersburg", "e.g. Contoso".
        let last = before
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("")
            .to_lowercase();
        if crate::text::is_abbreviation_with_period(&last) {
            return false;
        }
    }
    before.is_empty() || before.ends_with(['.', '!', '?', ':', ';'])
}

declare_rule! {
    /// ## What it does
    /// Reports misspelled words of user-facing strings, on the word itself, in three ways:
    ///
    /// - **Known misspellings**, in any case: a word in the misspelling list of the `typos` tool
    ///   (crate `typos-dict`), such as "occured", "Adress" or "WARANTY", is reported with its
    ///   correction ("'occured' is a misspelling of 'occurred'"), and with a fix when there is
    ///   one correction. The list decides before every dictionary: "payed" and "withing" are
    ///   words of some dictionary, and typos far more often. Only the connector's own names
    ///   (title, publisher, stackOwner, host, contact name) and the config's words outweigh it.
    /// - **Known misspellings inside identifiers, codes, ALL-CAPS words and quoted parts**
    ///   ("Skill_ExperinceInMonth11", "END_OF_WARANTY", "'Replace email addreses'"): the
    ///   identifier is split into words as `heck` splits them, and each word of four letters or
    ///   more is looked up in the same list, and reported at its own position, without a fix
    ///   (the API's name or value may be what it is). Shorter words are acronyms more often
    ///   ("AKS").
    /// - **Unknown words**: in neither the American English dictionary (SCOWL en_US, size 60,
    ///   with its affix rules) nor our technical and brand word lists. A word made of two
    ///   dictionary words ("recordset", "knowledgebase") is `loc-joined-words`' note instead.
    ///   Correct but rarer words ("centroid", "decrypt") come from SCOWL size 80, less every word
    ///   the `typos` tool knows as a misspelling. Inflections come from the dictionary's affix
    ///   rules, never from stripping an ending ("occured" is no "occur" + "ed"); our lower-case
    ///   words take the plural, and correct inflections the dictionary lacks ("assignees",
    ///   "upserted") are a measured list (`dictionaries/inflections.txt`).
    ///
    /// A capitalised word inside a sentence is checked on evidence, not skipped for its capital:
    /// a known misspelling always is ("Customer Adress"); a word no dictionary knows is when it
    /// is a near miss of a common word (one letter deleted, added or two swapped in a word of six
    /// letters or more, or one changed in a word of seven or more: "Education Crdits"), which
    /// names seldom are; other unknown capitalised words are taken as names (Plunet, Citrix).
    ///
    /// Not checked:
    /// - URLs, e-mail addresses, paths, placeholders (`{0}`, `%s`, `${…}`, `{{…}}`), code in
    ///   backticks or quotes, numbers, versions, hex and date formats, format masks ("ccc-xxxx"),
    ///   and words after `#`, `&` or `@` (masks, entities, handles), except for known
    ///   misspellings as above;
    /// - abbreviations in lower or title case (`loc-abbreviation-caps`); ALL-CAPS acronyms and
    ///   identifiers with inner capitals, underscores or digits, which only the misspelling list
    ///   reads (`loc-camelcase-untranslatable` reports identifiers in prose);
    /// - names: the connector's own words (title, publisher, stackOwner, host name, contact
    ///   name, and the names its swagger defines: a property named "recno" makes "recno" a word
    ///   of the connector, though not a known misspelling such as "adress"); coined names after a
    ///   one-letter prefix ("e-loket");
    /// - foreign text: words with a letter outside the English alphabet ("geringfügige"),
    ///   unknown words beside a capitalized or foreign unknown word ("haushaltsnahe
    ///   Dienstleistungen"), two unknown words that fill a bracket ("(reelt ejerskab)");
    /// - literal values (the cues `loc-joined-words` and `loc-camelcase-untranslatable` share):
    ///   a word after "default is", "e.g.", "i.e.", "for example", "for instance", "such as" or
    ///   "known as"; the items of a comma-separated list of values after a colon or a cue
    ///   ("Values are: schoolname, rank", "value can be doccenter, library, …"), holding code
    ///   ("pades, xades, xadesDetached") or of five items or more ("cent, yen, euro, lt, nbsp");
    ///   the values that follow a label's colon
    ///   to the end of their line ("Fields: firstname, lastname"); a short code explained by its
    ///   meaning ("au - Australia", "* dr: Draft") and the terms of a list of explained values
    ///   ("nottrained: Never trained, notstarted: …"); the word after "="; a file type before
    ///   "file" or "page" ("an eml file"); a name the string also writes as a host or file
    ///   ("yourcompany.contoso.com", "msedgedriver.exe"); a suffix cited with its hyphen
    ///   ("-ing"); OData operators (`eq`, `ge`, …) in a string about filters; ISO language codes
    ///   ("de", unless a known misspelling: "fo the file");
    /// - words listed under `[language] words` in the config; strings of internal elements;
    ///   strings that are not English.
    ///
    /// A possessive is checked as its word ("Zoho's" as "Zoho"). British spellings are
    /// `loc-british-spelling`'s.
    ///
    /// A word whose only fault is its case is reported with the right form and a fix that writes
    /// it: "ok" and "Ok" are "OK", "odata" is "OData" (the dictionary's upper-case words, and our
    /// brand and technical words). "eg" and "ie" (with or without a period after them) are
    /// reported as "e.g." and "i.e.", with a fix too.
    ///
    /// Suggestions (up to three) are computed when one connector is checked, or with `--suggest`:
    /// the spelling engine takes 10–20 ms per suggestion, which a whole-repository run should not
    /// pay for words nobody reads.
    ///
    /// ## Why is this bad?
    /// Every string is translated into dozens of languages; a misspelled word is mistranslated or
    /// left untranslated in all of them. Reviewers ask for descriptions "free from grammatical and
    /// spell errors".
    ///
    /// ## Example
    /// ```json
    /// { "description": "Recieve the adress of the contact." }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "description": "Receive the address of the contact." }
    /// ```
    pub LocSpelling {
        id: "loc-spelling",
        category: Spelling,
        level: Warning,
        summary: "Word is misspelled or not in the English dictionary",
        fix: Unsafe,
    }
}

/// The dotted form of a Latin abbreviation written without its periods ("eg" is "e.g."), kept in
/// the case of its first letter. ("EG" and "IE" are acronyms, which spelling never sees.)
fn dotted_abbreviation(word: &str) -> Option<&'static str> {
    Some(match word {
        "eg" => "e.g.",
        "Eg" => "E.g.",
        "ie" => "i.e.",
        "Ie" => "I.e.",
        _ => return None,
    })
}

impl LocSpelling {
    /// "'occured' is a misspelling of 'occurred'" (with "(in 'IDENT')" for a word `inside` an
    /// identifier), with a fix when there is one correction and the word is `prose`. In an
    /// identifier or a quoted part, the word may be a name or value of the API, as it is, so
    /// there is no fix.
    fn misspelled(
        item: &TextItem<'_>,
        range: std::ops::Range<usize>,
        word: &str,
        inside: Option<&str>,
        prose: bool,
        corrections: &[&str],
    ) -> Diagnostic {
        let span = item.span_of(range);
        let fixed = crate::spell::corrections_in_case(word, corrections);
        let quoted: Vec<String> = fixed.iter().map(|c| format!("'{c}'")).collect();
        let within = inside.map_or(String::new(), |i| format!(" (in '{i}')"));
        let message = match quoted.as_slice() {
            [] => format!("'{word}'{within} is a known misspelling"),
            [one] => format!("'{word}'{within} is a misspelling of {one}"),
            [init @ .., last] => format!(
                "'{word}'{within} is a misspelling of {} or {last}",
                init.join(", ")
            ),
        };
        let d = Diagnostic::on(&Self::META, item, span.clone(), message);
        match fixed.as_slice() {
            [one] if prose => d.with_fix(Fix::replace(format!("Write '{one}'"), span, one)),
            _ => d,
        }
    }

    /// Known misspellings inside the identifiers, codes, ALL-CAPS words and quoted parts of a
    /// string ("Skill_ExperinceInMonth11", "END_OF_WARANTY", "'Replace email addreses'"), at the
    /// word's own position (see [`crate::spell::code_misspellings`]). Only the misspelling list
    /// decides there: an identifier is full of abbreviations no dictionary has. The connector's
    /// own names ("SerwerSMS") and brands are skipped.
    fn check_code_words(item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.code_misspellings().is_empty() || !shown(item, cx) || item.is_non_english() {
            return;
        }
        for m in item.code_misspellings() {
            let (ident, word) = (&item.text[m.within.clone()], &item.text[m.word.clone()]);
            if is_own_name_word(ident, cx) || SPELLER.is_brand(ident) || is_own_name_word(word, cx)
            {
                continue;
            }
            let inside = (m.word != m.within).then_some(ident);
            cx.report(Self::misspelled(
                item,
                m.word.clone(),
                word,
                inside,
                false,
                m.corrections,
            ));
        }
    }

    /// "'ok' is written 'OK'", with the fix that writes it so.
    fn written(item: &TextItem<'_>, range: std::ops::Range<usize>, right: &str) -> Diagnostic {
        let span = item.span_of(range.clone());
        Diagnostic::on(
            &Self::META,
            item,
            span.clone(),
            format!("'{}' is written '{right}'", &item.text[range]),
        )
        .with_fix(Fix::replace(format!("Write '{right}'"), span, right))
    }
}

impl Rule for LocSpelling {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        let wanted = |v: &Verdict| matches!(v, Verdict::Unknown | Verdict::Misspelled(_));
        for (range, word, verdict) in checked_words(item, cx, wanted) {
            if let Verdict::Misspelled(corrections) = verdict {
                cx.report(Self::misspelled(item, range, word, None, true, corrections));
                continue;
            }
            // "eg", "eg." and "eg," are all "e.g.": the fix takes a period that follows.
            if let Some(dotted) = dotted_abbreviation(word) {
                let end = range.end + usize::from(item.text[range.end..].starts_with('.'));
                cx.report(Self::written(item, range.start..end, dotted));
                continue;
            }
            // Only the case is wrong: "ok" is "OK", "odata" is "OData".
            if let Some(right) = crate::spell::case_form(word) {
                cx.report(Self::written(item, range.clone(), right));
                continue;
            }
            let mut d = Diagnostic::on(
                &Self::META,
                item,
                item.span_of(range.clone()),
                format!("Unknown word '{word}'"),
            );
            if cx.connector.suggest {
                let s = SPELLER.suggest(word);
                if !s.is_empty() {
                    let list: Vec<String> = s.iter().map(|w| format!("'{w}'")).collect();
                    d = d.with_help(format!("Did you mean {}? If the word is right, add it under [language] words in connector-lint.toml.", list.join(", ")));
                }
            }
            cx.report(d);
        }
        Self::check_code_words(item, cx);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a word that no dictionary has but that is two common dictionary words written
    /// together, each of at least three letters: "knowledgebase", "wordcount", "recordset". The
    /// message names the two words. Common words are the 40,000 most frequent of English Wikipedia
    /// (`dictionaries/en-common.txt`) and our technical words: the split proposed is one into two
    /// such words ("Codeshared" joins "code" and "shared", never "codes" and the rare "hared"),
    /// and a word that splits only with a rare word ("Exttype", "logprob") is no joined word; it
    /// stays `loc-spelling`'s. A word one edit away from a dictionary word is a typo and stays
    /// `loc-spelling`'s too ("passward" for "password"; also "blocklist", one edit from
    /// "blacklist"), and so are a word cut short, which a dictionary word begins ("constit" for
    /// "constituent"), and a name in the wrong case ("github", written 'GitHub').
    ///
    /// Established compounds are not reported: a word formed with a productive suffix that
    /// English writes solid (-less, -like, -wide, -ware: "passwordless", "sitewide", "goodware"),
    /// and regular derivations the dictionary lacks ("viewability", from "viewable").
    /// The same words are skipped as `loc-spelling` skips them (code, literal values such as
    /// "e.g. mycompany", the values after a label's colon or in a list of values, proper names,
    /// the connector's own words).
    ///
    /// Such a word is either a term of its trade ("recordset", "timesheet", "gamertag") or two
    /// words run together ("knowledgebase" for "knowledge base"). No dictionary can draw that
    /// line, so these are not misspellings (`loc-spelling`) but a note to look at: write the two
    /// words apart, or add the term under `[language] words` in `connector-lint.toml`.
    ///
    /// ## Why is this bad?
    /// Translation tools and translators look words up; a run-together word is found in no
    /// glossary and is left untranslated or split wrongly. A term that is right as one word is
    /// worth adding to the connector's word list, so that the translators' glossary gets it too.
    ///
    /// ## Example
    /// ```json
    /// { "description": "The ID of the knowledgebase article." }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "description": "The ID of the knowledge base article." }
    /// ```
    pub LocJoinedWords {
        id: "loc-joined-words",
        category: Spelling,
        level: Note,
        summary: "Two dictionary words written as one",
    }
}

impl Rule for LocJoinedWords {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        for (range, word, verdict) in checked_words(item, cx, |v| matches!(v, Verdict::Joined(_))) {
            let Verdict::Joined(at) = verdict else {
                continue;
            };
            let (first, second) = word.split_at(at);
            cx.report(
                Diagnostic::on(
                    &Self::META,
                    item,
                    item.span_of(range),
                    format!("'{word}' is not in the dictionary; it joins '{first}' and '{second}'"),
                )
                .with_help(format!("If these are two words, write '{first} {second}'. If '{word}' is one term, add it under [language] words in connector-lint.toml.")),
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports British spellings (organisation, colour, behaviour) and names the American form,
    /// with a fix that replaces the word.
    ///
    /// A British word is not reported when the string also writes its US form ("Center /
    /// Centre / Middle"): both spellings are values the API accepts.
    ///
    /// A word counts as British when the American dictionary lacks it and a regular change
    /// (-our/-or, -ise/-ize, -isation/-ization, -isable/-izable, -yse/-yze, -tre/-ter, -ogue/-og)
    /// gives a known American word: either the British dictionary (SCOWL en_GB-ise) has the word,
    /// or, for words it lacks ("personalisation"), a change of ending alone decides (a letter
    /// swap inside such a word would turn typos into words: "expoerts" is no British "experts").
    ///
    /// ## Why is this bad?
    /// US English is the source language for connector strings; translators work from it, and a mix
    /// of spellings looks careless in the product.
    ///
    /// ## Example
    /// ```json
    /// { "description": "The organisation that owns the colour palette." }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "description": "The organization that owns the color palette." }
    /// ```
    pub LocBritishSpelling {
        id: "loc-british-spelling",
        category: Localization,
        level: Note,
        summary: "British spelling in a US English string",
        fix: Safe,
    }
}

impl Rule for LocBritishSpelling {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        // The words of the string, in lower case, found once: a string may hold many British
        // words.
        let written = std::cell::OnceCell::new();
        for (range, word, verdict) in
            checked_words(item, cx, |v| matches!(v, Verdict::British(Some(_))))
        {
            let Verdict::British(Some(us)) = verdict else {
                continue;
            };
            // Both spellings side by side are values the API accepts ("Center / Centre").
            if writes_word(item.text, &us, &written) {
                continue;
            }
            let span = item.span_of(range);
            cx.report(
                Diagnostic::on(
                    &Self::META,
                    item,
                    span.clone(),
                    format!("'{word}' is British spelling; the US form is '{us}'"),
                )
                .with_fix(Fix::replace(format!("Replace with '{us}'"), span, us)),
            );
        }
    }
}

/// Whether `text` writes `word` as a word of its own, in any case. `words` keeps the text's runs
/// of letters and digits in lower case, found on the first call: a word of letters and digits is
/// looked up there.
fn writes_word(
    text: &str,
    word: &str,
    words: &std::cell::OnceCell<std::collections::HashSet<String>>,
) -> bool {
    if word.chars().all(char::is_alphanumeric) {
        let words = words.get_or_init(|| {
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_ascii_lowercase)
                .collect()
        });
        return words.contains(&word.to_ascii_lowercase());
    }
    let glued = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.char_indices().any(|(i, _)| {
        text.get(i..i + word.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(word))
            && !glued(text[..i].chars().next_back())
            && !glued(text[i + word.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::Literals;

    fn is_literal_value(text: &str, range: std::ops::Range<usize>) -> bool {
        Literals::new(text).is_literal_value(range)
    }

    /// Whether `word` (its first occurrence in `text`) is taken as a literal value.
    fn literal(text: &str, word: &str) -> bool {
        let at = text.find(word).expect("the word is in the text");
        is_literal_value(text, at..at + word.len())
    }

    #[test]
    fn values_after_a_cue_or_a_label_colon() {
        assert!(literal("The subdomain, e.g. yourcompany", "yourcompany"));
        assert!(literal("The subdomain, i.e. yourcompany", "yourcompany"));
        assert!(literal("The subdomain (e.g yourcompany)", "yourcompany"));
        assert!(literal(
            "The subdomain, for instance yourcompany",
            "yourcompany"
        ));
        assert!(literal("Fields: firstName, lastName", "lastName"));
        assert!(literal("One of: newItem, updatedItem.", "newItem"));
        assert!(literal(
            "Refer to schema definition: DtoCreateTask",
            "DtoCreateTask"
        ));
        // A sentence after a colon is prose.
        assert!(!literal("Note: useHttps must be true.", "useHttps"));
        assert!(!literal("See https://contoso.com/knowledgebase", "contoso"));
    }

    #[test]
    fn terms_of_a_list_of_explained_values() {
        let codes = "Result codes:\n  Success = 0\n  NothingToDo = 91";
        assert!(literal(codes, "NothingToDo"));
        assert!(literal(
            "InvoiceDate = 1 ValidationDate = 2",
            "ValidationDate"
        ));
        assert!(literal(
            "nottrained: Never trained, notstarted: Not running",
            "notstarted"
        ));
        // One label and its text is no list.
        assert!(!literal("Importnat: read this first", "Importnat"));
        assert!(!literal("The sample - goodware or not", "goodware"));
    }

    #[test]
    fn a_long_text_is_read_whole_once_whatever_the_number_of_words() {
        // 400 KB of prose: a list of explained values at the start, a host name at the end, and
        // 20,000 words in between, each looked at. The facts of the whole text (its names, its
        // explained terms, its masked brackets) are found once; each word reads its
        // neighbourhood only.
        // Distinct made-up words: "zorbab", "zorbac", …
        let word = |mut k: usize| {
            let mut w = String::from("zorb");
            for _ in 0..3 {
                w.push((b'a' + (k % 26) as u8) as char);
                k /= 26;
            }
            w
        };
        let mut text = String::from("Codes: nottrained: Never trained, notstarted: Not started.\n");
        let mut k = 0;
        while text.len() < 400_000 {
            let (a, b, c) = (word(k % 500), word(k + 1000), word(k + 9000));
            text.push_str(&format!("The {a} value (see {b}), e.g. {c}; "));
            k += 1;
        }
        text.push_str(&format!(
            "Your subdomain, as in {}.contoso.com, or filter eq 1.",
            word(7)
        ));
        let literals = Literals::new(&text);
        let before = super::FACTS_FOUND.with(|c| c.get());
        let words: Vec<std::ops::Range<usize>> = crate::text::tokens(&text)
            .into_iter()
            .filter(|t| t.kind == crate::text::Kind::Word)
            .map(|t| t.range)
            .collect();
        assert!(words.len() > 20_000, "{} words", words.len());
        let literal: Vec<&str> = words
            .iter()
            .filter(|r| literals.is_literal_value((*r).clone()))
            .map(|r| &text[r.clone()])
            .collect();
        assert!(literals.about_filters());
        assert_eq!(super::FACTS_FOUND.with(|c| c.get()) - before, 4);
        // Far from the word, the name and the list of explained terms still count; the cue
        // right before it too.
        assert!(literal.contains(&"notstarted"));
        assert!(literal.iter().filter(|w| **w == word(7)).count() > 10);
        assert!(literal.contains(&word(9000 + 4321).as_str()));
        assert!(!literal.contains(&word(8).as_str()));
    }

    #[test]
    fn a_label_or_list_further_than_the_neighbourhood_is_not_the_word_s() {
        let near = "Fields: firstName, lastName";
        assert!(literal(near, "lastName"));
        // The label's colon is 3 KB before the word: the values of a label stand on its line,
        // and a line this long is prose.
        let far = format!("Fields: firstName, {}, lastName", "x".repeat(3_000));
        assert!(!literal(&far, "lastName"));
    }

    #[test]
    fn glued_brackets_are_masked_with_offsets_kept() {
        use super::mask_glued_brackets;
        assert_eq!(
            mask_glued_brackets("pdf, xls(xlsx), png"),
            "pdf, xls      , png"
        );
        assert_eq!(mask_glued_brackets("a(b(c d) e(f)"), "a(b(c d) e   ");
        // Byte offsets stay: "(é)" is four bytes.
        assert_eq!(mask_glued_brackets("x(é) (prose)"), "x     (prose)");
        let open = "a(".repeat(100_000);
        assert_eq!(mask_glued_brackets(&open), open);
        let closed = format!("{}b)", "a(".repeat(1_000));
        assert_eq!(
            mask_glued_brackets(&closed),
            format!("a{}", " ".repeat(closed.len() - 1))
        );
    }

    #[test]
    fn names_the_string_writes_as_a_host_or_file() {
        let text = "Your subdomain yourcompany, as in yourcompany.contoso.com";
        assert!(literal(text, "yourcompany"));
        assert!(literal(
            "the msedgedriver folder holds msedgedriver.exe",
            "msedgedriver"
        ));
        assert!(!literal(
            "the knowledgebase of the knowledgebase team",
            "knowledgebase"
        ));
    }
}
