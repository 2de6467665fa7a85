//! Operation summary and description rules, and the sentence rule for parameter descriptions
//! (RULES.md §4 and §5).

use super::product_names::{report_product_names, List};
use super::{declare_rule, find_words, Ctx, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Fix};
use crate::extract::{Field, TextItem};

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
    fn check_text(&self, item: &TextItem<'_>, cx: &mut Ctx<'_, '_>) {
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
    fn check_text(&self, item: &TextItem<'_>, cx: &mut Ctx<'_, '_>) {
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
    /// Reports characters in an operation `summary` other than letters, digits, spaces and
    /// parentheses, apart from the restricted characters (`op-summary-restricted-chars`) and the last
    /// character (`op-summary-end-alnum`). One finding per summary, on the first such character.
    ///
    /// ## Why is this bad?
    /// The certification documents say summaries "should … contain only alphanumeric characters or
    /// parentheses". The validator does not enforce it (hyphens and apostrophes are common), so this
    /// is a note.
    ///
    /// ## Example
    /// ```json
    /// { "summary": "Get contact: details, notes" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "summary": "Get contact details and notes" }
    /// ```
    pub OpSummaryCharset {
        id: "op-summary-charset",
        category: Summary,
        level: Note,
        summary: "Operation summary has characters other than letters, digits, spaces and parentheses",
    }
}

impl Rule for OpSummaryCharset {
    fn check_text(&self, item: &TextItem<'_>, cx: &mut Ctx<'_, '_>) {
        if item.field != Field::OperationSummary {
            return;
        }
        let body = item.text.trim_end();
        let body = match body.char_indices().next_back() {
            Some((i, _)) => &body[..i],
            None => return,
        };
        let odd = |c: char| {
            !(c.is_alphanumeric() || c == ' ' || c == '(' || c == ')' || RESTRICTED.contains(c))
        };
        let Some(first) = body.find(odd) else { return };
        let mut chars: Vec<char> = body.chars().filter(|&c| odd(c)).collect();
        chars.dedup();
        chars.sort_unstable();
        chars.dedup();
        let list: Vec<String> = chars
            .iter()
            .map(|c| format!("'{}'", c.escape_debug()))
            .collect();
        let len = body[first..].chars().next().map_or(1, char::len_utf8);
        cx.report(Diagnostic::on(
            &Self::META,
            item,
            item.span_of(first..first + len),
            format!(
                "Summaries should contain only letters, digits, spaces or parentheses; found {}",
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
    }
}

impl Rule for OpSummaryEndAlnum {
    fn check_text(&self, item: &TextItem<'_>, cx: &mut Ctx<'_, '_>) {
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
    fn check_text(&self, item: &TextItem<'_>, cx: &mut Ctx<'_, '_>) {
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

/// Shared body of the description sentence rules.
fn check_sentence_end(
    item: &TextItem<'_>,
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    what: &str,
) {
    let text = item.text.trim_end();
    if text.is_empty() || ends_like_sentence(text) || find_words(text).len() <= 1 {
        return;
    }
    let (i, c) = text.char_indices().next_back().expect("not empty");
    let mut d = Diagnostic::on(
        meta,
        item,
        item.span_of(i..i + c.len_utf8()),
        format!("The {what} should be a full sentence ending in '.', '!' or '?'"),
    );
    if c.is_alphanumeric() || c == ')' {
        let at = item.span_of(text.len()..text.len());
        d = d.with_fix(Fix::replace("Add a final period", at, "."));
    }
    cx.report(d);
}

declare_rule! {
    /// ## What it does
    /// Reports an operation `description` that does not end with `.`, `!` or `?` (closing quotes and
    /// brackets after it are fine). A description of a single word is exempt.
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
    }
}

impl Rule for OpDescriptionSentence {
    fn check_text(&self, item: &TextItem<'_>, cx: &mut Ctx<'_, '_>) {
        if item.field == Field::OperationDescription {
            check_sentence_end(item, cx, &Self::META, "operation description");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a parameter `description` that does not end with `.`, `!` or `?` (closing quotes and
    /// brackets after it are fine). A description of a single word is exempt, as Microsoft's string
    /// guidance says ("No period required if there's a single word").
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
    }
}

impl Rule for ParamDescriptionSentence {
    fn check_text(&self, item: &TextItem<'_>, cx: &mut Ctx<'_, '_>) {
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
