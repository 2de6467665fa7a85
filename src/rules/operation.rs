//! Operation summary and description rules, and the sentence rule for parameter descriptions
//! (RULES.md §4 and §5).

use super::product_names::{report_product_names, List};
use super::shown;
use super::{declare_rule, find_words, Ctx, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Fix};
use crate::extract::{Field, TextItem};
use crate::language::Text;

pub const SUMMARY_MAX: usize = 80;
/// Characters the validator rejects in a summary (RestrictedCharactersInSummary).
pub const RESTRICTED: &str = "/\\<>*%&?";

declare_rule! {
    /// ## What it does
    /// Reports an operation `summary` longer than 80 characters (Unicode code points).
    ///
    /// ## Why is this bad?
    /// Summaries are the names of actions and triggers in the designer: "phrases of 80 characters or
    /// shorter". Of 15,931 summaries in the certified repository none is longer, so the limit is
    /// enforced in review. The validator reports OperationSummaryTooLong.
    ///
    /// ## Example
    /// ```json
    /// { "summary": "Gets all of the invoices of the current customer that were created in the given period of time" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "summary": "List invoices in a period" }
    /// ```
    pub OpSummaryMaxLength {
        id: "op-summary-max-length",
        category: Summary,
        level: Error,
        summary: "Operation summary is longer than 80 characters",
        validator: "OperationSummaryTooLong",
    }
}

impl Rule for OpSummaryMaxLength {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field != Field::OperationSummary {
            return;
        }
        let n = item.char_len();
        if n > SUMMARY_MAX {
            cx.report(Diagnostic::on(&Self::META, item, item.content_span(),
                format!("The operation 'summary' should be at most {SUMMARY_MAX} characters for improved readability: it has {n}"),
            ));
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports each of the characters `/ \ < > * % & ?` in an operation `summary`, on the character
    /// itself.
    ///
    /// ## Why is this bad?
    /// The validator rejects them: "Summary string contains any of the restricted characters
    /// [/\<>*%&?]".
    ///
    /// ## Example
    /// ```json
    /// { "summary": "Get/update a contact" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "summary": "Get or update a contact" }
    /// ```
    pub OpSummaryRestrictedChars {
        id: "op-summary-restricted-chars",
        category: Summary,
        level: Error,
        summary: "Operation summary contains one of the characters /\\<>*%&?",
        validator: "RestrictedCharactersInSummary",
    }
}

impl Rule for OpSummaryRestrictedChars {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field != Field::OperationSummary {
            return;
        }
        for (i, c) in item
            .text
            .char_indices()
            .filter(|(_, c)| RESTRICTED.contains(*c))
        {
            cx.report(Diagnostic::on(&Self::META, item, item.span_of(i..i + 1),
                format!("Summary string contains any of the restricted characters [{RESTRICTED}]: '{c}'"),
            ));
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports symbols and separating punctuation in an operation `summary`: `:`, `;`, `@`, `#`,
    /// `|`, `+`, `=`, `_`, `!`, quote marks, brackets other than parentheses, a dash that separates
    /// words (" - ", "--", an em dash), and a period that ends a sentence inside the summary
    /// ("Find documents. The results can be paged"). The punctuation of an ordinary phrase is
    /// fine: a hyphen, en dash or apostrophe inside a word ("E-mail", "trade-in", "user's",
    /// "users'"), a comma followed by a space ("Add, update or remove"), a period inside a name or
    /// number ("v1.5", "axiom.ai") or after an abbreviation ("etc."). The restricted characters
    /// (`op-summary-restricted-chars`) and the last character (`op-summary-end-alnum`) are left
    /// to their rules. One finding per summary, on the first such character.
    ///
    /// ## Why is this bad?
    /// Summaries are the names of actions in the designer. The certification documents say they
    /// "should … contain only alphanumeric characters or parentheses", but merged connectors
    /// write `-` 790 times, `'` 187 times and `,` 101 times in their summaries, nearly always as
    /// the ordinary punctuation of an English phrase, so that is not reported. What is left marks a
    /// label ("Text - Trim string"), code ("getStatus_v1", "[Beta]") or two sentences where one
    /// phrase should be, which read badly as an action name and translate poorly. The validator
    /// does not enforce it, so this is a note.
    ///
    /// ## Example
    /// ```json
    /// { "summary": "Contacts - Get details: notes" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "summary": "Get a contact's details and notes" }
    /// ```
    pub OpSummaryCharset {
        id: "op-summary-charset",
        category: Summary,
        level: Note,
        summary: "Operation summary has symbols, separator dashes or more than one sentence",
    }
}

/// Whether the character at `k` of `chars` (the summary's characters, `ends` the byte offsets
/// where a sentence ends before the last) is the punctuation of an ordinary phrase, or a letter,
/// digit, space or parenthesis.
fn plain_in_summary(chars: &[(usize, char)], k: usize, ends: &[usize]) -> bool {
    let (i, c) = chars[k];
    let prev = k.checked_sub(1).map(|k| chars[k].1);
    let next = chars.get(k + 1).map(|&(_, c)| c);
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    match c {
        c if c.is_alphanumeric() || c == ' ' || c == '(' || c == ')' => true,
        c if RESTRICTED.contains(c) => true,
        // Inside a word or number: "E-mail", "trade-in", "97-03"; an em dash always separates.
        '-' | '\u{2010}' | '\u{2011}' | '–' => alnum(prev) && alnum(next),
        // "user's", "weren't", and the plural possessive "users' ".
        '\'' | '’' => {
            alnum(prev)
                && (alnum(next)
                    || (matches!(prev, Some('s' | 'S')) && next.is_none_or(|n| n == ' ')))
        }
        // "Add, update or remove"; "1,000".
        ',' => {
            (alnum(prev) || prev == Some(')')) && next == Some(' ')
                || prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit())
        }
        // "v1.5", "axiom.ai", "etc.": only a period that ends a sentence separates.
        '.' => !ends.contains(&(i + 1)),
        _ => false,
    }
}

/// How a character that is not plain in a summary is named in the message.
fn charset_label(c: char) -> String {
    let quoted = format!("'{}'", c.escape_debug());
    match c {
        '-' | '\u{2010}' | '\u{2011}' | '–' | '—' => format!("{quoted} separating words"),
        '.' => format!("{quoted} ending a sentence"),
        _ => quoted,
    }
}

impl Rule for OpSummaryCharset {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field != Field::OperationSummary {
            return;
        }
        let text = item.text.trim_end();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let Some(&(last, _)) = chars.last() else {
            return;
        };
        let ends: Vec<usize> = if text.contains('.') {
            crate::text::sentences(text)
                .iter()
                .map(|r| r.end)
                .filter(|&e| e < text.len())
                .collect()
        } else {
            Vec::new()
        };
        let odd: Vec<(usize, char)> = (0..chars.len())
            .filter(|&k| chars[k].0 < last && !plain_in_summary(&chars, k, &ends))
            .map(|k| chars[k])
            .collect();
        let Some(&(first, c)) = odd.first() else {
            return;
        };
        let mut list: Vec<char> = odd.iter().map(|&(_, c)| c).collect();
        list.sort_unstable();
        list.dedup();
        let list: Vec<String> = list.into_iter().map(charset_label).collect();
        cx.report(Diagnostic::on(
            &Self::META,
            item,
            item.span_of(first..first + c.len_utf8()),
            format!(
                "Summaries should be plain phrases, without symbols or separators; found {}",
                list.join(", ")
            ),
        ));
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation `summary` that ends with anything but a letter, a digit or a closing
    /// parenthesis: a period, a colon, a space. A trailing period or white space comes with a fix.
    ///
    /// ## Why is this bad?
    /// Summaries are names, not sentences: "no ending punctuation". The validator's
    /// ValueMustEndWithAlphanumeric applies to them, and `)` is accepted ("List items (V2)").
    /// Microsoft does not block on it for summaries, so this is a warning.
    ///
    /// ## Example
    /// ```json
    /// { "summary": "Create a contact." }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "summary": "Create a contact" }
    /// ```
    pub OpSummaryEndAlnum {
        id: "op-summary-end-alnum",
        category: Summary,
        level: Warning,
        summary: "Operation summary ends with punctuation or white space",
        validator: "ValueMustEndWithAlphanumeric",
        fix: Safe,
    }
}

impl Rule for OpSummaryEndAlnum {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field != Field::OperationSummary {
            return;
        }
        let Some((i, c)) = item.text.char_indices().next_back() else {
            return;
        };
        if c.is_alphanumeric() || c == ')' {
            return;
        }
        let trimmed = item.text.trim_end();
        let mut d = Diagnostic::on(
            &Self::META,
            item,
            item.span_of(i..i + c.len_utf8()),
            format!(
                "The 'summary' value must end with alphanumeric character (it ends with '{}')",
                c.escape_default()
            ),
        );
        if c.is_whitespace() && trimmed.ends_with(|c: char| c.is_alphanumeric() || c == ')') {
            d = d.with_fix(Fix::replace(
                "Remove the trailing white space",
                item.span_of(trimmed.len()..item.text.len()),
                "",
            ));
        } else if c == '.' && !trimmed[..i].ends_with('.') {
            d = d.with_fix(Fix::replace(
                "Remove the final period",
                item.span_of(i..i + 1),
                "",
            ));
        }
        cx.report(d);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports Power Platform product names (Power Apps, Power Automate, …) in operation summaries.
    ///
    /// ## Why is this bad?
    /// Operation summaries "can't contain any of the Microsoft Power Platform product names".
    ///
    /// ## Example
    /// ```json
    /// { "summary": "Send a Power Automate approval" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "summary": "Send an approval" }
    /// ```
    pub OpSummaryNoProductNames {
        id: "op-summary-no-product-names",
        category: ProductName,
        level: Error,
        summary: "Operation summary names a Power Platform product",
        validator: "ValueContainsRestrictedWords",
    }
}

impl Rule for OpSummaryNoProductNames {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field == Field::OperationSummary {
            report_product_names(
                item,
                cx,
                &Self::META,
                Self::META.level,
                List::Default,
                "operation summary",
            );
        }
    }
}

/// Whether `text` ends like a sentence: `.`, `!` or `?`, possibly followed by closing quotes or
/// brackets, ignoring trailing white space.
pub fn ends_like_sentence(text: &str) -> bool {
    let t = text
        .trim_end()
        .trim_end_matches(['"', '\'', ')', ']', '”', '’', '»']);
    t.ends_with(['.', '!', '?', '…'])
}

/// The fix of a description that does not end like a sentence: a period after its last
/// character, when that is a letter, a digit or `)` (after other marks, such as `:` or `,`, the
/// sentence was cut short and needs a person), unless the text ends with a web address.
pub(crate) fn final_period(item: &TextItem<'_>) -> Option<Fix> {
    let text = item.text.trim_end();
    let last = text.chars().next_back()?;
    // A period after an address would read as part of it.
    let last_word = text.rsplit(char::is_whitespace).next().unwrap_or(text);
    if last_word.contains("://") || last_word.starts_with("www.") {
        return None;
    }
    (last.is_alphanumeric() || last == ')').then(|| {
        let at = item.span_of(text.len()..text.len());
        Fix::replace("Add a final period", at, ".")
    })
}

/// Shared body of the description sentence rules. Strings of internal elements (an
/// `x-ms-visibility: internal` parameter or operation) are never shown and are skipped, as the
/// language rules skip them (unless `check-internal` is on).
fn check_sentence_end(
    item: &TextItem<'_>,
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    what: &str,
) {
    let text = item.text.trim_end();
    if !shown(item, cx)
        || text.is_empty()
        || ends_like_sentence(text)
        || find_words(text).len() <= 1
    {
        return;
    }
    let (i, c) = text.char_indices().next_back().expect("not empty");
    let mut d = Diagnostic::on(
        meta,
        item,
        item.span_of(i..i + c.len_utf8()),
        format!("The {what} should be a full sentence ending in '.', '!' or '?'"),
    );
    if let Some(fix) = final_period(item) {
        d = d.with_fix(fix);
    }
    cx.report(d);
}

declare_rule! {
    /// ## What it does
    /// Reports an operation `description` that does not end with `.`, `!` or `?` (closing quotes and
    /// brackets after it are fine). A description of a single word is exempt, and so is the
    /// description of an `x-ms-visibility: internal` operation, which users never see (unless
    /// `[language] check-internal` is on).
    ///
    /// ## Why is this bad?
    /// Descriptions are "full descriptive sentences ending in punctuation", and translators need
    /// sentence boundaries. Microsoft does not enforce it, so this is a warning.
    ///
    /// ## Example
    /// ```json
    /// { "description": "Creates a contact in the address book" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "description": "Creates a contact in the address book." }
    /// ```
    pub OpDescriptionSentence {
        id: "op-description-sentence",
        category: Sentence,
        level: Warning,
        summary: "Operation description does not end with terminal punctuation",
        fix: Safe,
    }
}

impl Rule for OpDescriptionSentence {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field == Field::OperationDescription {
            check_sentence_end(item, cx, &Self::META, "operation description");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a parameter `description` that does not end with `.`, `!` or `?` (closing quotes and
    /// brackets after it are fine). A description of a single word is exempt, as Microsoft's string
    /// guidance says ("No period required if there's a single word"). Parameters that users never
    /// see are skipped: those of `x-ms-visibility: internal`, and those of internal operations
    /// (unless `[language] check-internal` is on).
    ///
    /// ## Why is this bad?
    /// Parameter descriptions are shown as the help text of an input and are translated as
    /// sentences. Microsoft does not enforce it, so this is a warning.
    ///
    /// ## Example
    /// ```json
    /// { "name": "folderId", "description": "The folder that holds the file" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "name": "folderId", "description": "The folder that holds the file." }
    /// ```
    pub ParamDescriptionSentence {
        id: "param-description-sentence",
        category: Sentence,
        level: Warning,
        summary: "Parameter description does not end with terminal punctuation",
        fix: Safe,
    }
}

impl Rule for ParamDescriptionSentence {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field == Field::ParameterDescription {
            check_sentence_end(item, cx, &Self::META, "parameter description");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ends_like_sentence;

    #[test]
    fn sentence_endings() {
        assert!(ends_like_sentence("Lists items."));
        assert!(ends_like_sentence("Is it done? "));
        assert!(ends_like_sentence("Lists items (see \"Help\".)"));
        assert!(ends_like_sentence("He said \"stop.\""));
        assert!(!ends_like_sentence("Lists items (deprecated)"));
        assert!(!ends_like_sentence("Lists items:"));
    }
}
