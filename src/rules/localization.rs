//! Localization rules (RULES.md §6): identifiers in prose, lower-case abbreviations, English only,
//! composite strings, white space, brackets, escaped markup.

use std::ops::Range;
use std::sync::LazyLock;

use heck::ToSnakeCase;

use super::spelling::Literals;
use super::{declare_rule, Ctx, Rule};
use super::{is_own_word, shown};
use crate::diagnostic::{Diagnostic, Fix};
use crate::extract::Field;
use crate::language::Text;
use crate::spell::{set, WordSet, ABBREVIATIONS, FUNCTION_WORD_SET, SPELLER, VERB_SET};
use crate::text::Kind;

static ABBREVIATION_LIST: LazyLock<WordSet> = LazyLock::new(|| set(ABBREVIATIONS));

declare_rule! {
    /// ## What it does
    /// Reports identifiers inside prose: camelCase, PascalCase (`minimizeHighways`,
    /// `MinimizeHighways`) and snake_case (`user_id`), on the token, with a translatable rewrite
    /// ("minimize highways").
    ///
    /// Brands written with inner capitals (SharePoint, HubSpot, iPhone; `dictionaries/brands.txt`),
    /// technical terms (OAuth, XPath; `dictionaries/technical.txt`), the "as a service"
    /// abbreviations (SaaS, PaaS) and the connector's own words (its title, publisher, host name,
    /// the hosts of URLs it names) are exempt, and so are code in backticks or quotes, e-mail
    /// addresses and their patterns (`name@domainFQDN`), and strings of internal elements.
    ///
    /// Literal values the string cites are not prose and are skipped by the same cues as
    /// `loc-spelling`'s: a value after "e.g.", "such as" or "default is"; the values after a
    /// label's colon ("Fields: firstName, lastName", "One of: newItem, updatedItem"); an item of
    /// a list of values ("Possible values are: unknown, expandSz, multiSz"); a term of a list of
    /// explained values ("Success = 0, NothingToDo = 91") and the value after "=".
    ///
    /// ## Why is this bad?
    /// "Strings in CaMel form (ex. minimizeHighways or MinimizeHighways) are typically considered
    /// non-translatable." Translators leave them as they are, so the localized string keeps an
    /// English identifier in the middle of a translated sentence.
    ///
    /// ## Example
    /// ```json
    /// { "description": "Set maxResults to limit the number of rows." }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "description": "Set the maximum number of results to limit the number of rows." }
    /// ```
    pub LocCamelcaseUntranslatable {
        id: "loc-camelcase-untranslatable",
        category: Localization,
        level: Warning,
        summary: "Identifier in camelCase, PascalCase or snake_case inside a string",
    }
}

impl Rule for LocCamelcaseUntranslatable {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if !shown(item, cx) || item.is_non_english() || item.repeats_owner_name() {
            return;
        }
        let literals = Literals::new(item.text);
        for t in item.tokens().iter().filter(|t| t.kind == Kind::Identifier) {
            let word = &item.text[t.range.clone()];
            if SPELLER.is_brand(word)
                || SPELLER.is_technical(word)
                || as_a_service(word)
                || is_own_word(word, cx)
                || literals.is_literal_value(t.range.clone())
            {
                continue;
            }
            let rewrite = word.to_snake_case().replace('_', " ");
            cx.report(
                Diagnostic::on(
                    &Self::META,
                    item,
                    item.span_of(t.range.clone()),
                    format!("'{word}' is an identifier, which translators leave untranslated"),
                )
                .with_help(format!(
                    "Write it as words, e.g. \"{rewrite}\", or put code in backticks."
                )),
            );
        }
    }
}

/// "SaaS", "PaaS", "DBaaS": the "as a service" abbreviations are written with inner capitals.
fn as_a_service(word: &str) -> bool {
    word.strip_suffix("aaS")
        .is_some_and(|head| !head.is_empty() && head.chars().all(|c| c.is_ascii_uppercase()))
}

/// Whether the lower-cased `word` is an abbreviation that must be upper case.
/// The upper-case form of an abbreviation of the list written in lower or title case ("url" ->
/// "URL", "Guid" -> "GUID"); a plural keeps a lower-case s ("ids" -> "IDs"), and "https" is no
/// plural.
pub fn abbreviation_caps(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    if !ABBREVIATION_LIST.contains(lower.as_str()) {
        return None;
    }
    Some(match lower.strip_suffix('s') {
        Some(stem) if ABBREVIATION_LIST.contains(stem) && lower != "https" => {
            format!("{}s", stem.to_uppercase())
        }
        _ => lower.to_uppercase(),
    })
}

pub fn is_abbreviation_word(lower: &str) -> bool {
    lower.len() <= 5
        && (ABBREVIATION_LIST.contains(lower)
            || lower
                .strip_suffix('s')
                .is_some_and(|s| ABBREVIATION_LIST.contains(s)))
}

declare_rule! {
    /// ## What it does
    /// Reports abbreviations written in lower or title case (`id`, `url`, `Guid`, `api`, `json`,
    /// `pdf`, `csv`, `sms`, `html`, `http`, …; `dictionaries/abbreviations.txt`) as words of prose,
    /// with the upper-case form as a fix (plurals keep a lower-case s: `IDs`). URLs, code and
    /// placeholders are not prose and are not checked.
    ///
    /// ## Why is this bad?
    /// "If you use abbreviations, make sure to capitalize them." A lower-case `id` reads as a word
    /// and is translated as one.
    ///
    /// ## Example
    /// ```json
    /// { "description": "The id of the pdf file." }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "description": "The ID of the PDF file." }
    /// ```
    pub LocAbbreviationCaps {
        id: "loc-abbreviation-caps",
        category: Localization,
        level: Note,
        summary: "Abbreviation written in lower case",
        fix: Safe,
    }
}

impl Rule for LocAbbreviationCaps {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if !shown(item, cx) || item.is_non_english() {
            return;
        }
        for t in item.tokens().iter().filter(|t| t.kind == Kind::Word) {
            let word = &item.text[t.range.clone()];
            // Lower case ("url") or title case ("Guid"), not ALL CAPS; not a scheme ("https://").
            if word.len() > 5
                || !word.is_ascii()
                || word.bytes().skip(1).any(|c| c.is_ascii_uppercase())
                || item.text[t.range.end..].starts_with(':')
            {
                continue;
            }
            let Some(upper) = abbreviation_caps(word) else {
                continue;
            };
            let span = item.span_of(t.range.clone());
            cx.report(
                Diagnostic::on(
                    &Self::META,
                    item,
                    span.clone(),
                    format!("Abbreviation '{word}' should be written '{upper}'"),
                )
                .with_fix(Fix::replace(format!("Write '{upper}'"), span, upper)),
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a string that is not written in English: at least 5 words, the language detector
    /// (whatlang) names another language, and fewer than half of the words are English; or a
    /// string of any length most of whose letters (two at least) are of a script other than Latin
    /// (Cyrillic, Greek, Arabic, CJK…). Spelling and the other word rules stay silent on such a
    /// string: this one finding says what is wrong.
    ///
    /// Shorter strings in the Latin script are not judged: a detector alone calls "Delete an
    /// item." Dutch.
    ///
    /// ## Why is this bad?
    /// Connector strings must be written in English (ValueMustBeInEnglish); Microsoft translates them
    /// from English into every other language.
    ///
    /// ## Example
    /// ```json
    /// { "description": "Obtiene la lista de facturas del cliente." }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "description": "Gets the list of invoices of the customer." }
    /// ```
    pub LocEnglishOnly {
        id: "loc-english-only",
        category: Localization,
        level: Error,
        summary: "String is not written in English",
        validator: "ValueMustBeInEnglish",
    }
}

impl Rule for LocEnglishOnly {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if shown(item, cx) && item.is_non_english() {
            cx.report(Diagnostic::on(
                &Self::META,
                item,
                item.content_span(),
                format!(
                    "The {} value must be written in English.",
                    item.field.as_str()
                ),
            ));
        }
    }
}

/// Placeholders of composed strings: `{0}`, `{name}`, `%s`, `%d`, `${…}`, `{{…}}`.
fn placeholders(text: &str) -> Vec<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    if !text.contains(['{', '%']) {
        return out;
    }
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' => {
                let double = b.get(i + 1) == Some(&b'{');
                let inner_start = i + if double { 2 } else { 1 };
                // The inner part is at most 40 bytes: look no further for its end (a string of
                // many `{` and no `}` would otherwise be read to its end once per `{`).
                let window = &b[inner_start.min(b.len())..(inner_start + 42).min(b.len())];
                if let Some(n) = window.iter().position(|&c| c == b'}') {
                    let inner = &text[inner_start..inner_start + n];
                    let ok = !inner.trim().is_empty()
                        && inner.len() <= 40
                        && inner.chars().all(|c| {
                            c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | ':' | ' ')
                        })
                        && !inner.contains("  ");
                    let end = inner_start + n + if double { 2 } else { 1 };
                    if ok && (!double || text[inner_start + n..].starts_with("}}")) {
                        let start = if i > 0 && b[i - 1] == b'$' { i - 1 } else { i };
                        out.push(start..end.min(text.len()));
                        i = end;
                        continue;
                    }
                }
            }
            b'%' if matches!(b.get(i + 1), Some(b's' | b'd' | b'i' | b'f' | b'1'..=b'9'))
                && b.get(i + 2).is_none_or(|c| !c.is_ascii_alphanumeric()) =>
            {
                out.push(i..i + 2);
                i += 2;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

declare_rule! {
    /// ## What it does
    /// Reports strings that are visibly pieces of a sentence built at run time: placeholders
    /// (`{0}`, `{name}`, `%s`, `${…}`, `{{…}}`), descriptions that end in an article, a
    /// preposition or a conjunction ("Send the message to"), and descriptions that end in a colon
    /// with nothing after it (a label ending in a colon, "Site URL:", is left to
    /// `param-x-ms-summary-charset`).
    ///
    /// Power Platform fills no placeholder in a connector's strings, so a placeholder the string
    /// writes about is literal text and is not reported:
    /// - one in code, a path or quotes, or glued to a longer literal (`{tenant}.example.com`);
    /// - one named like an identifier, a parameter or property called by its API name
    ///   (`{packetGUID}`, `{access_token}`);
    /// - any in a string that explains a format, a template or a syntax ("in the format
    ///   {Password:Name}", "e.g. {SHIFT}", "replaces {{tokens}}").
    ///
    /// English may end a clause with a preposition whose object stands earlier, so a final
    /// preposition is not reported after a past participle ("the event subscribed to", "Created
    /// by"), an infinitive ("the folder to move the file to"), a relative word ("the list that the
    /// item is added to"), or a clause whose subject follows a noun ("the team the user belongs
    /// to"), nor in "Sort by". It is reported after another function word ("the dates to delete
    /// from to"). A final word written with a capital is a label or a name ("Sent To", "OR"),
    /// labels (`x-ms-summary`, titles) may end in a preposition, and a string that only repeats its
    /// key ("lastname:") is left to `loc-identifier-as-text`.
    ///
    /// ## Why is this bad?
    /// "Avoid runtime composite strings … Concatenated strings or sentences make it difficult to
    /// translate": word order differs between languages, so a translator cannot translate half a
    /// sentence.
    ///
    /// ## Example
    /// ```json
    /// { "description": "Deletes the file {0} from" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "description": "Deletes the file from the folder." }
    /// ```
    pub LocCompositeStrings {
        id: "loc-composite-strings",
        category: Localization,
        level: Warning,
        summary: "String looks like a piece of a sentence composed at run time",
    }
}

impl Rule for LocCompositeStrings {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        // A string that only repeats its key ("lastname:", "{Name}") is `loc-identifier-as-text`'s.
        if !shown(item, cx) || item.repeats_owner_name() {
            return;
        }
        let found = placeholders(item.text);
        let mut at = PlaceholderContext::new(item.text, !found.is_empty());
        for r in found {
            if at.in_code_or_path(r.start) || at.written_about(r.clone()) {
                continue;
            }
            let ph = &item.text[r.clone()];
            cx.report(Diagnostic::on(
                &Self::META,
                item,
                item.span_of(r),
                format!("Placeholder '{ph}': the string is composed at run time"),
            ));
        }
        let trimmed = item.text.trim_end();
        // A label ending in a colon ("Site URL:") is punctuation in a label, which
        // `param-x-ms-summary-charset` reports; nothing is added to it at run time.
        if trimmed.ends_with(':') && trimmed.len() > 1 && item.field.is_description() {
            let at = trimmed.len() - 1;
            cx.report(Diagnostic::on(
                &Self::META,
                item,
                item.span_of(at..at + 1),
                "The string ends in ':' with nothing after it",
            ));
            return;
        }
        // Labels ("Assigned To", "Created By") are names, not sentences cut short.
        if !item.field.is_description() {
            return;
        }
        let tokens = item.tokens();
        // Two words at least: a lone "to" is a value, not a sentence cut short.
        let [.., _, last] = tokens else {
            return;
        };
        let w = &item.text[last.range.clone()];
        // Only a lower-case word ends a sentence cut short: "Sent To" is a column label, "OR" the
        // name of an operator, and "signed-in-by" one word.
        if !item.text[last.range.end..].trim().is_empty()
            || !FUNCTION_WORD_SET.contains(w)
            || item.text[..last.range.start].ends_with('-')
        {
            return;
        }
        if PREPOSITIONS.contains(&w) {
            // In lower case, but for a capitalized word inside the string: a name ("Email Done
            // to" names the status Done; "done" would be a participle).
            let before: Vec<String> = tokens[..tokens.len() - 1]
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let word = &item.text[t.range.clone()];
                    if i > 0 && word.starts_with(char::is_uppercase) {
                        word.to_string()
                    } else {
                        word.to_lowercase()
                    }
                })
                .collect();
            if stranded(w, &before) {
                return;
            }
        }
        cx.report(Diagnostic::on(
            &Self::META,
            item,
            item.span_of(last.range.clone()),
            format!("The string ends in '{w}', as if more text were appended at run time"),
        ));
    }
}

/// The prepositions of `dictionaries/function-words.txt`: English may leave them at the end of a
/// clause, which articles and conjunctions never end.
const PREPOSITIONS: [&str; 11] = [
    "between", "by", "for", "from", "into", "of", "to", "via", "with", "within", "without",
];

/// Words that open a noun phrase or the subject of a clause.
const OPENERS: [&str; 25] = [
    "a", "all", "an", "any", "each", "every", "he", "her", "his", "i", "it", "its", "my", "our",
    "she", "some", "the", "their", "these", "they", "this", "those", "we", "you", "your",
];

/// Whether the final `preposition` is stranded, its object standing earlier in the string as
/// English allows, rather than left for text appended at run time. `before` holds the words before
/// it, in lower case but for the capitalized names inside the string. Stranded after:
/// - a past participle: "the event subscribed to", "Created by" (not after an article: "the
///   processed by" has lost a word);
/// - an infinitive: "the folder to move the file to";
/// - a relative word: "the list that the item is added to";
/// - a clause with no relative word, its subject right after a noun: "the team the user belongs
///   to", "Project ID the task belongs to" (not after a verb: "assigns it to").
///
/// Nor is "Sort by" or "Order results by" cut short: it labels a sort key. A preposition right
/// after another function word is not stranded: "the dates to delete from to" has lost both
/// objects.
fn stranded(preposition: &str, before: &[String]) -> bool {
    const RELATIVES: [&str; 8] = [
        "that", "what", "when", "where", "which", "who", "whom", "whose",
    ];
    const IRREGULAR_PARTICIPLES: [&str; 16] = [
        "built", "done", "found", "given", "held", "kept", "known", "made", "paid", "put", "seen",
        "sent", "set", "shown", "taken", "written",
    ];
    let is = |list: &[&str], w: &str| list.contains(&w);
    let small = |w: &str| FUNCTION_WORD_SET.contains(w) || is(&OPENERS, w);
    let participle = |w: &str| (w.len() > 4 && w.ends_with("ed")) || is(&IRREGULAR_PARTICIPLES, w);
    // "Sort by", "Order results by": the label of a sort key.
    if preposition == "by" && before.len() <= 2 && is(&["group", "order", "sort"], &before[0]) {
        return true;
    }
    let [.., previous, last] = before else {
        return before.last().is_some_and(|w| participle(w));
    };
    if FUNCTION_WORD_SET.contains(last.as_str()) {
        return false;
    }
    if participle(last) && !is(&["a", "an", "the"], previous) {
        return true;
    }
    let infinitive = before.windows(2).any(|w| w[0] == "to" && !small(&w[1]));
    let relative = before.iter().any(|w| is(&RELATIVES, w));
    let contact = (2..before.len()).any(|i| {
        let noun = before[i - 1].as_str();
        is(&OPENERS, &before[i]) && !small(noun) && !VERB_SET.contains(noun)
    });
    infinitive || relative || contact
}

/// What decides whether each placeholder of a string is filled in or written about, read in one
/// pass: placeholders come in order, so the quote and backtick counts before each are carried
/// forward rather than counted from the start of the string for each (a long string of
/// placeholders would cost its length squared).
struct PlaceholderContext<'t> {
    text: &'t str,
    /// The string explains a format, a template or a syntax.
    cue: bool,
    /// Where the counts below were taken up to.
    pos: usize,
    backticks: usize,
    double_quotes: usize,
    left_quotes: usize,
    right_quotes: usize,
    /// Whether the last `'` or `‘` so far opens a quote (no letter or digit right before it).
    single_opens: Option<bool>,
    /// The string's white-space-separated words: (start, end, holds a `/`).
    words: Vec<(usize, usize, bool)>,
}

impl<'t> PlaceholderContext<'t> {
    fn new(text: &'t str, needed: bool) -> Self {
        const CUES: [&str; 10] = [
            "e.g",
            "example",
            "format",
            "phrase",
            "placeholder",
            "replace",
            "syntax",
            "template",
            "token",
            "variable",
        ];
        let mut words = Vec::new();
        let mut cue = false;
        if needed {
            let lower = text.to_lowercase();
            cue = CUES.iter().any(|c| lower.contains(c));
            let mut start = None;
            let mut slash = false;
            for (i, c) in text.char_indices() {
                if c.is_whitespace() {
                    if let Some(s) = start.take() {
                        words.push((s, i, slash));
                    }
                    slash = false;
                } else {
                    start.get_or_insert(i);
                    slash |= c == '/';
                }
            }
            if let Some(s) = start {
                words.push((s, text.len(), slash));
            }
        }
        PlaceholderContext {
            text,
            cue,
            pos: 0,
            backticks: 0,
            double_quotes: 0,
            left_quotes: 0,
            right_quotes: 0,
            single_opens: None,
            words,
        }
    }

    /// Carry the counts forward to byte `at` (never backwards: placeholders come in order).
    fn advance(&mut self, at: usize) {
        if at <= self.pos {
            return;
        }
        let mut prev = self.text[..self.pos].chars().next_back();
        for c in self.text[self.pos..at].chars() {
            match c {
                '`' => self.backticks += 1,
                '"' => self.double_quotes += 1,
                '“' => self.left_quotes += 1,
                '”' => self.right_quotes += 1,
                '\'' | '‘' => self.single_opens = Some(!prev.is_some_and(char::is_alphanumeric)),
                _ => {}
            }
            prev = Some(c);
        }
        self.pos = at;
    }

    /// Whether byte `at` is inside backticks or in a word with a `/` (a path or URL template).
    fn in_code_or_path(&mut self, at: usize) -> bool {
        self.advance(at);
        if self.backticks % 2 == 1 {
            return true;
        }
        let k = self.words.partition_point(|w| w.1 <= at);
        self.words.get(k).is_some_and(|w| w.0 <= at && w.2)
    }

    /// Whether byte `at` is inside quotation marks. A `'` or `‘` opens a quote when no letter or
    /// digit comes right before it (after one, it is an apostrophe: "the user's {name}").
    fn in_quotes(&mut self, at: usize) -> bool {
        self.advance(at);
        self.double_quotes % 2 == 1
            || self.left_quotes > self.right_quotes
            || self.single_opens == Some(true)
    }

    /// Whether the placeholder at `r` is written about rather than filled in: Power Platform
    /// fills no placeholder in a connector's strings, so one that a string documents is literal
    /// text. Such a placeholder:
    /// - names a parameter or property by its API name (`{packetGUID}`, `{access_token}`);
    /// - is part of a longer literal (`{tenant}.example.com`, `{user}.GUID`, `%{name}`);
    /// - is quoted (`'{0:00000}'`);
    /// - or is in a string that explains a format, a template or a syntax ("in the format
    ///   {Password:Name}", "e.g. {SHIFT}", "replaces {{tokens}}").
    fn written_about(&mut self, r: std::ops::Range<usize>) -> bool {
        let text = self.text;
        let name = text[r.clone()].trim_matches(['$', '{', '}', '%']);
        let identifier = name.contains('_')
            || name
                .as_bytes()
                .windows(2)
                .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
        let before = text[..r.start].chars().next_back();
        let mut after = text[r.end..].chars();
        let glued = before.is_some_and(|c| c.is_alphanumeric() || ".:%/@#=".contains(c))
            || match after.next() {
                Some(c) if c.is_alphanumeric() => true,
                Some('.' | ':' | '/' | '@') => after
                    .next()
                    .is_some_and(|c| c.is_alphanumeric() || c == '{'),
                _ => false,
            };
        identifier || glued || self.in_quotes(r.start) || self.cue
    }
}

declare_rule! {
    /// ## What it does
    /// Reports white space at the start or end of a string (the title has its own rule), with a fix
    /// that removes it.
    ///
    /// ## Why is this bad?
    /// Leading and trailing spaces and line breaks misalign text in the designer and are carried
    /// into every translation; reviewers ask to remove them.
    ///
    /// ## Example
    /// ```json
    /// { "summary": "Create a contact " }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "summary": "Create a contact" }
    /// ```
    pub LocTrailingSpace {
        id: "loc-trailing-space",
        category: Localization,
        level: Warning,
        summary: "String starts or ends with white space",
        fix: Safe,
    }
}

impl Rule for LocTrailingSpace {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field != Field::ConnectorTitle && shown(item, cx) {
            super::report_edge_whitespace(item, cx, &Self::META, item.field.as_str());
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports two or more spaces in a row inside a string, with a fix that leaves one.
    ///
    /// Spaces that lay text out are left alone: a run at the start of a line (indentation of a
    /// list or a code sample) or at its end (a Markdown line break), a run next to a tab (aligned
    /// columns), a run in a Markdown table row (a line starting with `|`), and a run inside code
    /// in backticks (including a fenced block).
    ///
    /// ## Why is this bad?
    /// Double spaces are usually left over from editing; they show in the product and in every
    /// translation.
    ///
    /// ## Example
    /// ```json
    /// { "description": "The name of  the folder." }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "description": "The name of the folder." }
    /// ```
    pub LocDoubleSpace {
        id: "loc-double-space",
        category: Localization,
        level: Warning,
        summary: "String has two spaces in a row",
        fix: Safe,
    }
}

impl Rule for LocDoubleSpace {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if !shown(item, cx) {
            return;
        }
        let t = item.text;
        let inner_start = t.len() - t.trim_start().len();
        let inner_end = t.trim_end().len();
        let mut i = inner_start;
        while let Some(n) = t[i..inner_end.max(i)].find("  ") {
            let start = i + n;
            let end = start + t[start..].bytes().take_while(|&b| b == b' ').count();
            i = end;
            if lays_out(t, start..end) {
                continue;
            }
            let span = item.span_of(start..end);
            cx.report(
                Diagnostic::on(
                    &Self::META,
                    item,
                    span.clone(),
                    "Two or more spaces in a row",
                )
                .with_fix(Fix::replace("Replace with one space", span, " ")),
            );
        }
    }
}

/// Whether the run of spaces `run` of `text` lays text out rather than separating two words: it
/// starts or ends a line, touches a tab, sits in a Markdown table row, or is inside code in
/// backticks (an odd number of backticks before it, which also covers fenced blocks).
fn lays_out(text: &str, run: Range<usize>) -> bool {
    let b = text.as_bytes();
    let before = run.start.checked_sub(1).map(|k| b[k]);
    let after = b.get(run.end).copied();
    if matches!(before, Some(b'\n' | b'\r' | b'\t')) || matches!(after, Some(b'\n' | b'\r' | b'\t'))
    {
        return true;
    }
    let line_start = text[..run.start].rfind('\n').map_or(0, |k| k + 1);
    text[line_start..run.start].trim_start().starts_with('|')
        || text[..run.start].bytes().filter(|&c| c == b'`').count() % 2 == 1
}

declare_rule! {
    /// ## What it does
    /// Reports a bracket written between two words with no space: "used(Organization settings)"
    /// and "(Overtime)Only". Only words of prose count: "file(s)", "(re)send", a function call
    /// such as `getItems(filter)` (an identifier before the bracket) and code in quotes or
    /// backticks are left alone. The fix adds the space.
    ///
    /// ## Why is this bad?
    /// Without the space, translation tools and spell checkers see one unknown word
    /// ("used(Organization") instead of two, so neither is translated or checked.
    ///
    /// ## Example
    /// ```json
    /// { "description": "The number of seats used(Organization settings)." }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "description": "The number of seats used (Organization settings)." }
    /// ```
    pub LocSpaceAroundBrackets {
        id: "loc-space-around-brackets",
        category: Localization,
        level: Warning,
        summary: "No space between a word and a bracket",
        fix: Safe,
    }
}

impl Rule for LocSpaceAroundBrackets {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if !shown(item, cx) || !item.text.contains(['(', ')']) {
            return;
        }
        let prose = |t: &crate::text::Token| {
            matches!(t.kind, Kind::Word | Kind::Acronym) && t.range.len() >= 2
        };
        for pair in item.tokens().windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let gap = &item.text[a.range.end..b.range.start];
            let (message, replacement) = match gap {
                "(" => ("No space before '('", " ("),
                ")" => ("No space after ')'", ") "),
                _ => continue,
            };
            if !prose(a) || !prose(b) {
                continue;
            }
            let span = item.span_of(a.range.end..b.range.start);
            cx.report(
                Diagnostic::on(&Self::META, item, span.clone(), message).with_fix(Fix::replace(
                    "Add a space",
                    span,
                    replacement,
                )),
            );
        }
    }
}

/// Fields shown as one-line names: no tabs or line breaks.
fn is_one_line(field: Field) -> bool {
    matches!(
        field,
        Field::ConnectorTitle
            | Field::OperationSummary
            | Field::ParameterSummary
            | Field::PropertySummary
            | Field::PropertyTitle
            | Field::ResponseSummary
            | Field::HeaderSummary
            | Field::EnumDisplayName
            | Field::ConnectionParameterDisplayName
    )
}

declare_rule! {
    /// ## What it does
    /// Reports tabs and line breaks in titles, summaries, `x-ms-summary` and display names, which are
    /// shown on one line.
    ///
    /// ## Why is this bad?
    /// The designer shows these strings on one line; a line break or tab shows as a gap or breaks the
    /// layout, and translation tools treat the pieces as separate segments.
    ///
    /// ## Example
    /// ```json
    /// { "summary": "Create a\ncontact" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "summary": "Create a contact" }
    /// ```
    pub LocLineBreak {
        id: "loc-line-break",
        category: Localization,
        level: Warning,
        summary: "Tab or line break in a one-line string",
        fix: Safe,
    }
}

impl Rule for LocLineBreak {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if !is_one_line(item.field) || !shown(item, cx) {
            return;
        }
        let t = item.text;
        let (lo, hi) = (t.len() - t.trim_start().len(), t.trim_end().len());
        for (i, c) in t
            .char_indices()
            // A CRLF pair is one line break.
            .filter(|&(i, c)| matches!(c, '\t' | '\n' | '\r') && i >= lo && i < hi)
            .filter(|&(i, c)| !(c == '\n' && i > 0 && t.as_bytes()[i - 1] == b'\r'))
        {
            let what = if c == '\t' { "tab" } else { "line break" };
            // The fix makes it a space (a CRLF pair one space), or nothing beside a space, so
            // that it does not leave a double space behind.
            let end = if t[i..].starts_with("\r\n") {
                i + 2
            } else {
                i + 1
            };
            let spaced = t[..i].ends_with(' ') || t[end..].starts_with(' ');
            cx.report(
                Diagnostic::on(
                    &Self::META,
                    item,
                    item.span_of(i..i + 1),
                    format!(
                        "A {what} in the {}, which is shown on one line",
                        item.field.as_str()
                    ),
                )
                .with_fix(Fix::replace(
                    format!("Replace the {what} with a space"),
                    item.span_of(i..end),
                    if spaced { "" } else { " " },
                )),
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports unbalanced brackets `()`, `[]`, `{}` and unbalanced double quotes in a string, on the
    /// bracket or quote that has no partner. Not reported (the last three only where reading them
    /// so leaves fewer brackets and quotes unmatched):
    /// - a closing parenthesis after a list marker ("1) first, a) second");
    /// - half-open intervals ("[0, 10)", "(0, 1]");
    /// - a straight quote closed by a curly one ("List all folders”), and a `"` between a digit
    ///   and a letter or space outside quotes, a mark of seconds or inches (`45° 26’ 21"N`);
    /// - brackets in a word of symbols only, a cited set of characters ("such as :{", "`*()[]~|`");
    /// - a closing bracket that starts a word, part of a name written with it ("}exghts").
    ///
    /// ## Why is this bad?
    /// An unclosed parenthesis or quote is usually a typo or a string cut in two; translators cannot
    /// tell where the aside ends.
    ///
    /// ## Example
    /// ```json
    /// { "description": "The start date (in UTC of the event." }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "description": "The start date (in UTC) of the event." }
    /// ```
    pub LocUnbalancedBrackets {
        id: "loc-unbalanced-brackets",
        category: Localization,
        level: Warning,
        summary: "Unbalanced bracket or quote",
    }
}

impl Rule for LocUnbalancedBrackets {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if !shown(item, cx) || !item.text.contains(['(', ')', '[', ']', '{', '}', '"']) {
            return;
        }
        // Read the string twice, strictly and with the leniencies for cited symbols, marks of
        // seconds, curly quotes and names, and report the reading that leaves fewer unmatched.
        let strict = unmatched(item.text, false);
        let mut bad = if strict.is_empty() {
            strict
        } else {
            let lenient = unmatched(item.text, true);
            if lenient.len() < strict.len() {
                lenient
            } else {
                strict
            }
        };
        bad.sort_unstable();
        for (i, c) in bad {
            cx.report(Diagnostic::on(
                &Self::META,
                item,
                item.span_of(i..i + c.len_utf8()),
                format!("'{c}' has no matching partner"),
            ));
        }
    }
}

/// The brackets and double quotes of `text` that have no partner, in order. `lenient` also pairs a
/// straight quote with a curly one, takes a `"` between a digit and a letter or space outside
/// quotes for a mark of seconds or inches (`21"N`, `12" screen`), and skips the brackets of cited
/// symbols ([`cited_symbols`]) and a closing bracket that starts a word ("}exghts").
fn unmatched(text: &str, lenient: bool) -> Vec<(usize, char)> {
    let cited = if lenient {
        cited_symbols(text)
    } else {
        Vec::new()
    };
    let mut stack: Vec<(usize, char)> = Vec::new();
    let mut bad: Vec<(usize, char)> = Vec::new();
    // The open quote, and whether it is a straight one (an open curly quote is not reported).
    let mut quote: Option<(usize, bool)> = None;
    for (i, c) in text.char_indices() {
        if cited.iter().any(|r| r.contains(&i)) {
            continue;
        }
        match c {
            '(' | '[' | '{' => stack.push((i, c)),
            ')' | ']' | '}' => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                let interval = stack.last().is_some_and(|&(o, oc)| {
                    matches!((oc, c), ('[', ')') | ('(', ']')) && is_interval(&text[o + 1..i])
                });
                let starts_word = lenient
                    && text[..i]
                        .chars()
                        .next_back()
                        .is_none_or(char::is_whitespace)
                    && text[i + 1..].starts_with(char::is_alphabetic);
                if interval || stack.last().is_some_and(|&(_, o)| o == open) {
                    stack.pop();
                } else if !(starts_word || c == ')' && looks_like_list_marker(text, i)) {
                    bad.push((i, c));
                }
            }
            '"' if lenient
                && quote.is_none()
                && text[..i].ends_with(|p: char| p.is_ascii_digit())
                && text[i + 1..].starts_with(|n: char| n.is_alphanumeric() || n == ' ') => {}
            '"' => {
                quote = if quote.is_some() {
                    None
                } else {
                    Some((i, true))
                }
            }
            '“' if lenient && quote.is_none() => quote = Some((i, false)),
            '”' if lenient => quote = None,
            _ => {}
        }
    }
    bad.extend(stack);
    if let Some((q, true)) = quote {
        bad.push((q, '"'));
    }
    bad
}

/// The words of `text` made of symbols only, two or more, one of them a symbol that code after a
/// bracket does not use (not `,`, `.`, `"`): a cited set of characters ("such as :{",
/// "*().&-_[]~|"), whose brackets pair with nothing. "}," and ")." close brackets.
fn cited_symbols(text: &str) -> Vec<std::ops::Range<usize>> {
    text.split_whitespace()
        .filter(|w| {
            w.chars().all(|c| !c.is_alphanumeric())
                && w.chars().count() >= 2
                && w.contains([
                    '&', '^', '|', '~', '@', '$', '%', '=', '\\', '#', '*', ':', '?', '!',
                ])
        })
        .map(|w| {
            let start = w.as_ptr() as usize - text.as_ptr() as usize;
            start..start + w.len()
        })
        .collect()
}

/// The inside of a half-open interval, "[0, 10)" or "(0, 1]": two numbers (or ∞) and a comma.
fn is_interval(inner: &str) -> bool {
    let mut parts = inner.split(',');
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let bound = |p: &str| {
        let p = p.trim().trim_start_matches(['-', '+']);
        p == "∞" || (!p.is_empty() && p.parse::<f64>().is_ok())
    };
    bound(a) && bound(b)
}

/// "1) first 2) second", "a) …": a closing parenthesis used as a list marker.
fn looks_like_list_marker(text: &str, close: usize) -> bool {
    let before = text[..close]
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    !before.is_empty() && before.len() <= 2 && before.chars().all(|c| c.is_ascii_alphanumeric())
}

declare_rule! {
    /// ## What it does
    /// Reports backslash escapes that show up literally in the product: a decoded string that still
    /// holds `\"`, `\'`, `\n` or `\t` (in the JSON file: `\\\"`, `\\n`, …).
    ///
    /// An escape the string writes about is left alone: one standing as a word of its own
    /// ("separated by the \n symbol", "default = \t", "like \t and \n") unless it follows the end
    /// of a sentence ("etc. \n For example"), and a `\n` or `\t` inside a word
    /// (`DOMAIN\name`). So are Windows paths (`C:\Users\tasks`, `\\server\share`).
    ///
    /// ## Why is this bad?
    /// "The backslashes won't be parsed when the description is shown in-product" (reviewer, PR
    /// #540): users see the backslash.
    ///
    /// ## Example
    /// ```json
    /// { "description": "Use the \\\"Name\\\" field." }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "description": "Use the Name field." }
    /// ```
    pub LocNoEscapedMarkup {
        id: "loc-no-escaped-markup",
        category: Localization,
        level: Note,
        summary: "Backslash escape shown literally in the product",
    }
}

impl Rule for LocNoEscapedMarkup {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if !shown(item, cx) || !item.text.contains('\\') {
            return;
        }
        let b = item.text.as_bytes();
        for i in 0..b.len().saturating_sub(1) {
            if b[i] == b'\\'
                && matches!(b[i + 1], b'"' | b'\'' | b'n' | b't')
                && (i == 0 || b[i - 1] != b'\\')
            {
                // Windows paths (C:\Users\tasks, \\server\share) hold backslashes on purpose.
                let start = item.text[..i]
                    .rfind(char::is_whitespace)
                    .map_or(0, |k| k + 1);
                let end = item.text[i..]
                    .find(char::is_whitespace)
                    .map_or(item.text.len(), |k| i + k);
                let chunk = &item.text[start..end];
                if chunk.contains(":\\")
                    || chunk.starts_with("\\\\")
                    || chunk.matches('\\').count() >= 2
                {
                    continue;
                }
                if written_about_escape(item.text, i) {
                    continue;
                }
                let shown_as = &item.text[i..i + 2];
                cx.report(Diagnostic::on(
                    &Self::META,
                    item,
                    item.span_of(i..i + 2),
                    format!("'{shown_as}' is shown literally, backslash included"),
                ));
            }
        }
    }
}

/// Whether the escape at `i` (a backslash and one of `"'nt`) is written about rather than left over:
/// a word of its own ("the \n symbol", "default = \t") that does not follow the end of a sentence,
/// or `\n` and `\t` inside a word ("DOMAIN\name").
fn written_about_escape(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    let before = i.checked_sub(1).map(|k| b[k]);
    let after = b.get(i + 2).copied();
    if matches!(b[i + 1], b'n' | b't')
        && before.is_some_and(|c| c.is_ascii_alphanumeric())
        && after.is_some_and(|c| c.is_ascii_lowercase())
    {
        return true;
    }
    let alone_before = before.is_none_or(|c| c == b' ' || c == b'(');
    let alone_after = after.is_none_or(|c| matches!(c, b' ' | b'.' | b',' | b';' | b':' | b')'));
    let sentence_end = text[..i].trim_end().ends_with(['.', '!', '?']);
    alone_before && alone_after && !sentence_end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_a_service_abbreviations() {
        for w in ["SaaS", "PaaS", "DBaaS", "CPaaS"] {
            assert!(as_a_service(w), "{w}");
        }
        for w in ["aaS", "dataaaS", "SaaSApp", "Saas"] {
            assert!(!as_a_service(w), "{w}");
        }
    }

    #[test]
    fn escapes_written_about() {
        let at = |t: &str| t.find('\\').unwrap();
        for t in [
            "Rows are separated by the \\n symbol.",
            "The separator, default = \\t",
            "White space such as \\t and more.",
            "Log on as DOMAIN\\name.",
            "Every character (except \\n) matches.",
        ] {
            assert!(written_about_escape(t, at(t)), "{t}");
        }
        for t in [
            "See the list, etc. \\n For example, a task.",
            "The tasks of a team.\\nIt shows them.",
            "Use the \\\"Status\\\" field.",
            "Fields:\\n- name",
        ] {
            assert!(!written_about_escape(t, at(t)), "{t}");
        }
    }

    #[test]
    fn placeholder_forms() {
        let t = "Hi {0} and {name}, ${user} {{id}} %s 100% {not a placeholder because too many  spaces}";
        let p: Vec<&str> = placeholders(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(p, ["{0}", "{name}", "${user}", "{{id}}", "%s"]);
    }
}
