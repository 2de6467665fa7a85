//! Sentence rules (RULES.md §4–§6): complete sentences, identifiers used as text, copied
//! summaries, and the form of `x-ms-summary`.

use std::collections::HashMap;

use super::operation::ends_like_sentence;
use super::{declare_rule, find_words, Ctx, Rule};
use super::{is_own_word, shown};
use crate::diagnostic::{Diagnostic, Fix};
use crate::extract::{Field, TextItem};
use crate::language::Text;
use crate::spell::{FUNCTION_WORD_SET, SPELLER, VERB_SET};
use crate::text::Kind;

/// Most words a fragment has.
pub const FRAGMENT_MAX_WORDS: usize = 3;

declare_rule! {
    /// ## What it does
    /// Reports descriptions that are not complete sentences. One finding per string, the first that
    /// applies:
    ///
    /// 1. a fragment: at most 3 words, no terminal punctuation, and none of the words is a common
    ///    verb from `dictionaries/verbs.txt` ("folder", "user name", "targets"). There is no
    ///    part-of-speech tagger: the verb list and the word count are the whole heuristic. A path,
    ///    identifier or format mask with no space ("google/items/bounding_box/y_max",
    ///    "yyyy-MM-ddTHH:mm:ss"), and identifiers joined by an arrow ("change_risk -> id"), are
    ///    fragments too;
    /// 2. a first letter in lower case ("the name of the folder."), unless the first word is a
    ///    brand or a name the connector defines that is no dictionary word ("ebay");
    /// 3. no `.`, `!` or `?` at the end, for the descriptions that have no rule of their own (schema
    ///    properties, connection parameters, tooltips, trigger hints, the connector description);
    ///    operation and parameter descriptions are `op-description-sentence` and
    ///    `param-description-sentence`. A single word is exempt.
    ///
    /// ## Why is this bad?
    /// "Descriptions must be complete sentences": fragments such as "folder" or "targets" were
    /// rejected in review (PR #1286), and a translator cannot tell what a fragment means.
    ///
    /// ## Example
    /// ```json
    /// { "description": "folder name" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "description": "The name of the folder that holds the report." }
    /// ```
    pub LocCompleteSentence {
        id: "loc-complete-sentence",
        category: Sentence,
        level: Warning,
        summary: "Description is not a complete sentence",
        fix: Safe,
    }
}

/// Whether `word`, one of the words of `item`, is a name the connector defines that is no
/// dictionary word ("ebay", "zvelo"): it keeps its case. A common word that is also a property
/// name ("name") does not count. The dictionary's verdict is the one the item's tokens already
/// have.
fn is_own_name(item: &Text<'_, '_>, word: &str, cx: &Ctx<'_, '_>) -> bool {
    is_own_word(word, cx)
        && item
            .tokens()
            .iter()
            .zip(item.verdicts())
            .any(|(t, v)| &item.text[t.range.clone()] == word && *v != crate::spell::Verdict::Known)
}

const FRAGMENT: &str =
    "The description is a fragment, not a sentence: say what the value is or does";

impl Rule for LocCompleteSentence {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if !item.field.is_description()
            || !shown(item, cx)
            || item.is_non_english()
            || item.repeats_owner_name()
        {
            return;
        }
        let text = item.text.trim();
        if text.is_empty() {
            return;
        }
        let words = find_words(text);
        let ends = ends_like_sentence(text);
        let report = |msg: &str, cx: &mut Ctx<'_, '_>| {
            cx.report(Diagnostic::on(
                &Self::META,
                item,
                item.content_span(),
                msg.to_string(),
            ));
        };
        // A path, identifier or format mask with no space ("google/items/bounding_box/y_max",
        // "yyyy-MM-ddTHH:mm:ss"), or identifiers joined by an arrow, is no sentence to end with a
        // period: it needs words.
        if is_path_like(text) {
            report(FRAGMENT, cx);
            return;
        }
        if !ends && words.len() <= FRAGMENT_MAX_WORDS {
            let has_verb = words
                .iter()
                .any(|w| VERB_SET.contains(text[w.clone()].to_lowercase().as_str()));
            if !has_verb && words.len() > 1 {
                report(FRAGMENT, cx);
                return;
            }
        }
        let lead = item.text.len() - item.text.trim_start().len();
        if let Some(first) = item.tokens().first() {
            let w = &item.text[first.range.clone()];
            if first.range.start == lead
                && first.kind == Kind::Word
                && w.starts_with(|c: char| c.is_lowercase())
                && !SPELLER.is_brand(w)
                && !is_own_name(item, w, cx)
            {
                let start = first.range.start;
                let c = w.chars().next().expect("a word is not empty");
                let span = item.span_of(start..start + c.len_utf8());
                cx.report(
                    Diagnostic::on(
                        &Self::META,
                        item,
                        span.clone(),
                        "The description should start with a capital letter",
                    )
                    .with_fix(Fix::replace(
                        "Capitalize the first letter",
                        span,
                        c.to_uppercase().to_string(),
                    )),
                );
                return;
            }
        }
        let own_rule = matches!(
            item.field,
            Field::OperationDescription | Field::ParameterDescription
        );
        if !own_rule && !ends && words.len() > 1 {
            let end = item.text.trim_end().len();
            let last = item.text[..end]
                .chars()
                .next_back()
                .map_or(1, char::len_utf8);
            let d = Diagnostic::on(
                &Self::META,
                item,
                item.span_of(end - last..end),
                format!(
                    "The {} should end with '.', '!' or '?'",
                    item.field.as_str()
                ),
            );
            cx.report(d.with_fix_if(super::operation::final_period(item)));
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a string that only repeats the name of what it describes: the JSON key, parameter
    /// name or operationId, in any case or separator style (`"description": "user_id"` for
    /// `user_id`, `"description": "firstName"` for `firstName`, a summary `"GetItems"` for the
    /// operation `GetItems`).
    ///
    /// Descriptions are reported whenever they equal the name. Summaries and titles are reported
    /// only when they are written as an identifier (with `_` or inner capitals): a summary "Status"
    /// for a parameter `status` is a fine label. The `title` of an object at the root of a
    /// definition, a response or a body parameter (`/definitions/TaskItem/title`: "TaskItem") is
    /// no user-facing string: no field shows it, so it is not checked.
    ///
    /// ## Why is this bad?
    /// Reviewers reject descriptions like `"ExternalId"` or `"watermark_removed"` (PR #1286,
    /// PR #880): they tell the user nothing the field name did not, and they are not translatable.
    ///
    /// ## Example
    /// ```json
    /// { "name": "dueDate", "description": "dueDate" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "name": "dueDate", "description": "The date by which the task must be done." }
    /// ```
    pub LocIdentifierAsText {
        id: "loc-identifier-as-text",
        category: Sentence,
        level: Warning,
        summary: "String only repeats its key or parameter name",
    }
}

impl Rule for LocIdentifierAsText {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if shown(item, cx) && item.repeats_owner_name() {
            let name = item.owner.name.unwrap_or_default();
            cx.report(Diagnostic::on(
                &Self::META,
                item,
                item.content_span(),
                format!("The {} only repeats the name '{name}'", item.field.as_str()),
            ));
        }
    }
}

/// Compare a summary with a description: case, surrounding white space and a final period do not
/// count.
fn same_text(a: &str, b: &str) -> bool {
    let n = |s: &str| s.trim().trim_end_matches('.').trim().to_lowercase();
    !a.trim().is_empty() && n(a) == n(b)
}

/// Pairs of (summary, description) items that belong to the same element.
fn pairs<'i, 'a>(
    items: &'i [TextItem<'a>],
    summary: Field,
    description: Field,
) -> Vec<(&'i TextItem<'a>, &'i TextItem<'a>)> {
    fn parent(p: &str) -> &str {
        p.rsplit_once('/').map_or("", |(a, _)| a)
    }
    let mut summaries: HashMap<&str, &TextItem<'a>, foldhash::fast::FixedState> =
        HashMap::default();
    for it in items.iter().filter(|i| i.field == summary) {
        summaries.insert(parent(&it.pointer), it);
    }
    items
        .iter()
        .filter(|i| i.field == description)
        .filter_map(|d| summaries.get(parent(&d.pointer)).map(|s| (*s, d)))
        .collect()
}

declare_rule! {
    /// ## What it does
    /// Reports an operation whose `description` is the same text as its `summary` (ignoring case,
    /// white space and a final period), on the description.
    ///
    /// ## Why is this bad?
    /// "Summary and description text must not be the same": the description is where the user
    /// learns what the summary does not say. Reviewers flag "Get Plans" / "Get Plans" (PR #1425).
    ///
    /// ## Example
    /// ```json
    /// { "summary": "Get plans", "description": "Get plans" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "summary": "Get plans", "description": "Gets the plans of the current workspace." }
    /// ```
    pub OpSummaryNeDescription {
        id: "op-summary-ne-description",
        category: Sentence,
        level: Warning,
        summary: "Operation description repeats its summary",
    }
}

impl Rule for OpSummaryNeDescription {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let items = cx.connector.items;
        for (s, d) in pairs(items, Field::OperationSummary, Field::OperationDescription) {
            if same_text(s.text, d.text) && shown(d, cx) {
                cx.report(Diagnostic::on(
                    &Self::META,
                    d,
                    d.content_span(),
                    "The operation description is the same as its summary",
                ));
            }
        }
    }
}

/// Whether the label `t` (trimmed at its end) ends with a period that
/// `param-x-ms-summary-charset` reports: one period after words, not an ellipsis, and not the
/// period of an abbreviation ("Job no.", which must stay).
fn stray_final_period(t: &str) -> bool {
    let last = t.rsplit(char::is_whitespace).next().unwrap_or(t);
    t.ends_with('.')
        && !t.ends_with("..")
        && !find_words(t).is_empty()
        && !crate::text::is_abbreviation_with_period(&last.to_lowercase())
}

declare_rule! {
    /// ## What it does
    /// Reports a parameter or schema property whose `description` is the same text as its
    /// `x-ms-summary` (ignoring case, white space and a final period), on the description.
    ///
    /// ## Why is this bad?
    /// "`x-ms-summary` and `description` must not be identical": the summary is the field's label,
    /// the description its help text. Repeating the label gives the user no help.
    ///
    /// ## Example
    /// ```json
    /// { "name": "folder", "x-ms-summary": "Folder", "description": "Folder" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "name": "folder", "x-ms-summary": "Folder", "description": "The folder to upload the file to." }
    /// ```
    pub ParamSummaryNeDescription {
        id: "param-summary-ne-description",
        category: Sentence,
        level: Warning,
        summary: "Description repeats the x-ms-summary",
    }
}

impl Rule for ParamSummaryNeDescription {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let items = cx.connector.items;
        let mut found = pairs(items, Field::ParameterSummary, Field::ParameterDescription);
        found.extend(pairs(
            items,
            Field::PropertySummary,
            Field::PropertyDescription,
        ));
        for (s, d) in found {
            if same_text(s.text, d.text) && shown(d, cx) {
                cx.report(Diagnostic::on(
                    &Self::META,
                    d,
                    d.content_span(),
                    "The description is the same as the x-ms-summary",
                ));
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-summary` (of a parameter or a schema property) that ends with a period, with
    /// a fix that removes it. The period of an abbreviation ("Job no.", "etc.") is left alone.
    ///
    /// ## Why is this bad?
    /// `x-ms-summary` is a label: "phrases … alphanumeric characters or parentheses". The validator
    /// does not check it (1,400 corpus values end in "."), so this is a note.
    ///
    /// ## Example
    /// ```json
    /// { "x-ms-summary": "Folder name." }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "x-ms-summary": "Folder Name" }
    /// ```
    pub ParamXMsSummaryCharset {
        id: "param-x-ms-summary-charset",
        category: Sentence,
        level: Note,
        summary: "x-ms-summary ends with a period",
        fix: Safe,
    }
}

impl Rule for ParamXMsSummaryCharset {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if !matches!(item.field, Field::ParameterSummary | Field::PropertySummary)
            || !shown(item, cx)
        {
            return;
        }
        let t = item.text.trim_end();
        if stray_final_period(t) {
            let at = t.len() - 1;
            let span = item.span_of(at..at + 1);
            cx.report(
                Diagnostic::on(
                    &Self::META,
                    item,
                    span.clone(),
                    "The x-ms-summary ends with a period; it is a label, not a sentence",
                )
                .with_fix(Fix::replace("Remove the period", span, "")),
            );
        }
    }
}

/// Short prepositions that stay lower case in a title besides `function-words.txt`.
const TITLE_SMALL_WORDS: [&str; 6] = ["as", "at", "in", "on", "per", "up"];

/// The title-case form of a label: every word capitalised except short function words that are
/// neither first nor last, parts of dotted names ("index.html"), an optional ending in brackets
/// ("Fundraiser(s)") and the words `keep` names. With `abbreviations`, the abbreviations of the
/// list are written in capitals too ("Database Id" -> "Database ID"), as `loc-abbreviation-caps`
/// asks.
fn title_case(text: &str, abbreviations: bool, keep: &dyn Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let words = find_words(text);
    let n = words.len();
    for (k, w) in words.into_iter().enumerate() {
        out.push_str(&text[last..w.start]);
        let word = &text[w.clone()];
        last = w.end;
        // Part of a dotted name ("desenmascara.me", "index.html"): kept as written.
        let (before, after) = (&text[..w.start], &text[w.end..]);
        let dotted = before
            .strip_suffix('.')
            .is_some_and(|b| b.ends_with(char::is_alphanumeric))
            || after
                .strip_prefix('.')
                .is_some_and(|a| a.starts_with(char::is_alphanumeric));
        if dotted {
            out.push_str(word);
            continue;
        }
        if let Some(caps) = abbreviations
            .then(|| crate::rules::localization::abbreviation_caps(word))
            .flatten()
        {
            out.push_str(&caps);
            continue;
        }
        let lower = word.to_lowercase();
        // The first and the last word are capitalised whatever they are ("Search For").
        let small = k > 0
            && k + 1 < n
            && (FUNCTION_WORD_SET.contains(lower.as_str())
                || TITLE_SMALL_WORDS.contains(&lower.as_str()));
        // Words with inner capitals (iPhone, eSignature) keep their form.
        let inner_capital = word.chars().skip(1).any(char::is_uppercase);
        // "file(s)", "entry(ies)": an ending, not a word.
        let ending = text[..w.start].ends_with('(')
            && text[..w.start - 1].ends_with(char::is_alphabetic)
            && text[w.end..].starts_with(')')
            && word.len() <= 3;
        if small
            || inner_capital
            || ending
            || keep(word)
            || !word.starts_with(|c: char| c.is_lowercase())
        {
            out.push_str(word);
        } else {
            let mut c = word.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Whether a label without a period is a sentence all the same: four words or more, the first a
/// verb in the third person ("Fetches a site by its ID", "Returns only open items"), or an article,
/// a noun and a finite "is", "was", "has" ("An error was detected"). Not "Is", "Has" or "Does"
/// first: those open the label of a yes/no field ("Is Document an Attachment").
fn reads_as_sentence(text: &str, words: &[std::ops::Range<usize>]) -> bool {
    if words.len() < 4 {
        return false;
    }
    let word = |k: usize| text[words[k].clone()].to_lowercase();
    let (first, second) = (word(0), word(1));
    if matches!(first.as_str(), "a" | "an" | "the")
        && matches!(
            word(2).as_str(),
            "is" | "are" | "was" | "were" | "has" | "have" | "will" | "can"
        )
    {
        return true;
    }
    // A noun followed by a preposition is a label: "Filters to Apply", "Updates for Today".
    first.ends_with('s')
        && !matches!(first.as_str(), "is" | "has" | "does" | "was")
        && !matches!(
            second.as_str(),
            "to" | "for" | "of" | "and" | "or" | "in" | "on" | "from" | "with"
        )
        && VERB_SET.contains(first.as_str())
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-summary` that is not in title case ("Start date" instead of "Start Date"),
    /// and gives the title-case form. Short function words (a, the, of, to, …) stay lower case
    /// unless they come first; words that start with a digit or are written with inner capitals are
    /// left as they are. Questions and sentences are not labels to title-case: a summary that ends
    /// in '.', '?' or '!', holds ". " or ';', or is four words or more opening with a verb in the
    /// third person ("Fetches a site by its ID") or with an article, a noun and a finite verb
    /// ("An error was detected") is skipped.
    ///
    /// ## Why is this bad?
    /// `x-ms-summary` is the field label in the designer, and labels use title case: "Calendar ID",
    /// "Event Description". Mixed styles look unfinished.
    ///
    /// ## Example
    /// ```json
    /// { "x-ms-summary": "Start date" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "x-ms-summary": "Start Date" }
    /// ```
    pub ParamXMsSummaryTitleCase {
        id: "param-x-ms-summary-title-case",
        category: Sentence,
        level: Note,
        summary: "x-ms-summary is not in title case",
    }
}

impl Rule for ParamXMsSummaryTitleCase {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if !matches!(item.field, Field::ParameterSummary | Field::PropertySummary)
            || !shown(item, cx)
            || item.is_non_english()
        {
            return;
        }
        // A final period is `param-x-ms-summary-charset`'s finding (its fix removes it): the label
        // is judged without it, so that removing it reveals no finding here.
        let text = item.text.trim();
        let text = match stray_final_period(text) {
            true => &text[..text.len() - 1],
            false => text,
        };
        // A question or sentences ("Do not call?", "Maximum number of rows to return.",
        // "Optional; specify the frame rate") are not labels to title-case. The connector's own
        // names ("zvelo") keep their case.
        if text.contains(['_', '{', '/', '@'])
            || text.ends_with(['.', '?', '!'])
            || text.contains(". ")
            || text.contains(';')
            || {
                let words = find_words(text);
                words.len() < 2 || reads_as_sentence(text, &words)
            }
        {
            return;
        }
        // Abbreviations in lower case are `loc-abbreviation-caps`' findings; the suggestion
        // writes them in capitals all the same.
        let keep = |w: &str| is_own_name(item, w, cx);
        if title_case(text, false, &keep) != text {
            let titled = title_case(text, true, &keep);
            cx.report(Diagnostic::on(
                &Self::META,
                item,
                item.content_span(),
                format!("Use title case for x-ms-summary: \"{titled}\""),
            ));
        }
    }
}

/// A path, identifier or format mask written without a space ("google/items/bounding_box/y_max",
/// "yyyy-MM-ddTHH:mm:ss"), or identifiers joined by arrows ("change_risk -> id").
fn is_path_like(text: &str) -> bool {
    if !text.contains(char::is_whitespace) {
        return text.contains(['/', '_', ':']);
    }
    // Alternately a name and an arrow, one name at least with a separator inside.
    let arrow = |c: &str| matches!(c, "->" | "=>" | "→");
    let name = |c: &str| {
        c.chars()
            .all(|ch| ch.is_alphanumeric() || "/_.-".contains(ch))
    };
    let chunks: Vec<&str> = text.split_whitespace().collect();
    chunks.len() % 2 == 1
        && chunks.iter().enumerate().all(|(k, c)| {
            if k % 2 == 1 {
                arrow(c)
            } else {
                name(c) && !arrow(c)
            }
        })
        && chunks.iter().any(|c| c.contains(['/', '_']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_that_read_as_sentences() {
        let sentence = |t: &str| reads_as_sentence(t, &find_words(t));
        assert!(sentence("Fetches a site by its ID"));
        assert!(sentence("Adds codes to the list"));
        assert!(sentence("An error was detected"));
        // Labels: too short, a yes/no field, a noun before a preposition, no verb.
        assert!(!sentence("Fetches a site"));
        assert!(!sentence("Is document an attachment"));
        assert!(!sentence("Filters to apply to the query"));
        assert!(!sentence("Start date of the event"));
        assert!(!sentence("The ID of the record"));
    }

    #[test]
    fn paths_masks_and_arrows_are_no_sentences() {
        for t in [
            "google/items/bounding_box/y_max",
            "yyyy-MM-ddTHH:mm:ss.fffZ",
            "change_risk -> id",
        ] {
            assert!(is_path_like(t), "{t}");
        }
        for t in [
            "Read-only",
            "Example",
            "The ID -> the name",
            "a -> b",
            "Maps old -> new_name values.",
        ] {
            assert!(!is_path_like(t), "{t}");
        }
    }

    #[test]
    fn title_case_keeps_small_words_and_acronyms() {
        assert_eq!(
            title_case("start date of the event", true, &|_| false),
            "Start Date of the Event"
        );
        assert_eq!(
            title_case("the ID to use", true, &|_| false),
            "The ID to Use"
        );
        assert_eq!(
            title_case("Fundraiser(s)", true, &|_| false),
            "Fundraiser(s)"
        );
        assert_eq!(
            title_case("Address type Url of the database id?", true, &|_| false),
            "Address Type URL of the Database ID?"
        );
        assert_eq!(
            title_case("Address type Url", false, &|_| false),
            "Address Type Url"
        );
        assert_eq!(
            title_case("location(s) to search for", true, &|_| false),
            "Location(s) to Search For"
        );
        assert_eq!(
            title_case("desenmascara.me method", true, &|_| false),
            "desenmascara.me Method"
        );
        assert_eq!(
            title_case("zvelo category", true, &|w| w == "zvelo"),
            "zvelo Category"
        );
    }
}
