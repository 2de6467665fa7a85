//! Connector description rules: `/info/description` (RULES.md §2).

use super::product_names::{report_product_names, List};
use super::{check_info_string_required, declare_rule, Ctx, Rule};
use crate::diagnostic::Diagnostic;
use crate::extract::Field;
use crate::language::Text;

pub const DESC_MIN: usize = 30;
pub const DESC_MAX: usize = 500;

declare_rule! {
    /// ## What it does
    /// Reports a swagger without `info.description`, or with an empty one. A missing description is
    /// reported on the `info` object, as the validator's ValuePath does.
    ///
    /// ## Why is this bad?
    /// The description is what users read before they add the connector. The validator rejects a
    /// connector without one: "The 'description' property is required."
    ///
    /// ## Example
    /// ```json
    /// { "info": { "title": "Contoso", "version": "1.0" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "info": { "title": "Contoso", "description": "Contoso manages invoices and the payments made against them.", "version": "1.0" } }
    /// ```
    pub DescRequired {
        id: "desc-required",
        category: Description,
        level: Error,
        summary: "Connector has no description",
        validator: "RequiredPropertyMissing",
    }
}

impl Rule for DescRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_info_string_required(cx, &Self::META, "description");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a connector description shorter than 30 or longer than 500 characters (Unicode code
    /// points).
    ///
    /// ## Why is this bad?
    /// The validator rejects it: "The 'description' value must be between '30' and '500'
    /// characters." A very short description does not say what the service does.
    ///
    /// ## Example
    /// ```json
    /// { "info": { "description": "Contoso connector." } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "info": { "description": "Contoso manages invoices and the payments made against them." } }
    /// ```
    pub DescLength {
        id: "desc-length",
        category: Description,
        level: Error,
        summary: "Connector description is not 30 to 500 characters long",
        validator: "FieldLengthNotInRange",
    }
}

impl Rule for DescLength {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field != Field::ConnectorDescription || item.text.trim().is_empty() {
            return;
        }
        let n = item.char_len();
        if !(DESC_MIN..=DESC_MAX).contains(&n) {
            cx.report(Diagnostic::on(&Self::META, item, item.content_span(),
                format!("The 'description' value must be between '{DESC_MIN}' and '{DESC_MAX}' characters: it has {n}"),
            ));
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports Power Platform product names (Power Apps, Power Automate, Logic Apps, …) in the
    /// connector description.
    ///
    /// ## Why is this bad?
    /// The validator rejects them: "The value 'description' contains at least one of the restricted
    /// words: 'power apps, power automate, logic apps'." (pull requests #550, #3407; evidence V).
    ///
    /// "Power Platform", the platform's own name, is a warning in this rule and in every other
    /// product-name rule: the validator's list lacks it, and a certified description naming it
    /// passed in 2023 (`../shared/history`, Emigo).
    ///
    /// ## Example
    /// ```json
    /// { "info": { "description": "Use Contoso invoices in Power Automate and Power Apps." } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "info": { "description": "Contoso manages invoices and the payments made against them." } }
    /// ```
    pub DescNoProductNames {
        id: "desc-no-product-names",
        category: ProductName,
        level: Error,
        summary: "Connector description names a Power Platform product",
        validator: "ValueContainsRestrictedWords",
    }
}

impl Rule for DescNoProductNames {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field == Field::ConnectorDescription {
            report_product_names(
                item,
                cx,
                &Self::META,
                Self::META.level,
                List::Default,
                "description",
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports the word "API" in the connector's description, as a whole word of its prose in any
    /// case, with its plural and possessive; not inside a URL, a placeholder or code. (The
    /// title has `title-restricted-words`, an error.)
    ///
    /// ## Why is this bad?
    /// The certification guidance says "the connector title and description can't include the
    /// word API": every connector talks to an API, so the word tells the user nothing, and it is
    /// left untranslated in every language. A warning, not an error: the validator checks the
    /// description for product names only, and 71 merged certified descriptions have the word.
    /// Custom connectors are not checked: the guidance is certification's.
    ///
    /// ## Example
    /// ```json
    /// { "info": { "description": "Use the Contoso API to manage invoices." } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "info": { "description": "Contoso manages invoices and the payments made against them." } }
    /// ```
    pub DescNoApiWord {
        id: "desc-no-api-word",
        category: Description,
        level: Warning,
        summary: "Connector description contains the word API",
        submission_only: true,
    }
}

impl Rule for DescNoApiWord {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field != Field::ConnectorDescription {
            return;
        }
        // Prose only: not a URL ("api.contoso.com"), a placeholder (`<API_KEY>`) or code.
        // The string's tokens, computed once for the language rules.
        let prose = item
            .tokens()
            .iter()
            .filter(|t| matches!(t.kind, crate::text::Kind::Word | crate::text::Kind::Acronym))
            .map(|t| t.range.clone())
            .collect();
        for w in super::title::restricted_words(item.text, prose, &["api"]) {
            let word = &item.text[w.clone()];
            cx.report(
                Diagnostic::on(
                    &Self::META,
                    item,
                    item.span_of(w.clone()),
                    format!("The description contains the word '{word}': the title and description can't include the word API."),
                )
                .with_help("Say what the service does for the user; leave out 'API'."),
            );
        }
    }
}

/// The HTML elements a description might use.
const HTML_TAGS: [&str; 30] = [
    "a", "b", "br", "code", "div", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "li", "ol", "p", "pre", "small", "span", "strong", "sub", "sup", "table", "td", "th",
    "tr", "ul",
];

/// The markup in a text, with what it is: HTML tags (`<b>`, `</a>`, `<br/>`), HTML entities
/// (`&amp;`) and Markdown links, bold text and headings.
fn markup(text: &str) -> Vec<(std::ops::Range<usize>, &'static str)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        let found = match b[i] {
            // A tag of HTML's: `<b>`, `</a>`, `<br/>`, `<a href="…">`.
            b'<' => {
                let body = rest[1..].strip_prefix('/').unwrap_or(&rest[1..]);
                let n = body.bytes().take_while(u8::is_ascii_alphanumeric).count();
                let name = body[..n].to_ascii_lowercase();
                match rest.find('>') {
                    Some(close)
                        if HTML_TAGS.contains(&name.as_str())
                            && body[n..].starts_with(['>', '/', ' '])
                            && !rest[1..close].contains('<') =>
                    {
                        Some((close + 1, "an HTML tag"))
                    }
                    _ => None,
                }
            }
            b'&' => {
                let n = rest[1..]
                    .bytes()
                    .take_while(u8::is_ascii_alphabetic)
                    .count();
                ((2..=8).contains(&n) && rest.as_bytes().get(n + 1) == Some(&b';'))
                    .then_some((n + 2, "an HTML entity"))
            }
            b'[' => rest.find("](").and_then(|m| {
                let close = rest[m..].find(')')?;
                (!rest[1..m].contains(['[', '\n'])).then_some((m + close + 1, "a Markdown link"))
            }),
            b'*' if rest.starts_with("**") => rest[2..]
                .find("**")
                .filter(|&e| e > 0 && !rest[2..2 + e].contains('\n'))
                .map(|e| (e + 4, "Markdown bold text")),
            b'#' if (i == 0 || b[i - 1] == b'\n') => {
                let hashes = rest.bytes().take_while(|&c| c == b'#').count();
                (hashes <= 6 && rest[hashes..].starts_with(' '))
                    .then(|| (rest.find('\n').unwrap_or(rest.len()), "a Markdown heading"))
            }
            _ => None,
        };
        match found {
            Some((len, what)) if len > 0 => {
                out.push((i..i + len, what));
                i += len;
            }
            _ => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// Whether `pointer` is inside an error response written in place (`…/responses/400/…`): the
/// designer and the connector's page show the success responses only.
fn in_error_response(pointer: &str) -> bool {
    pointer
        .match_indices("/responses/")
        .any(|(at, m)| pointer[at + m.len()..].starts_with(['1', '3', '4', '5']))
}

declare_rule! {
    /// ## What it does
    /// Reports markup in a description (the connector's, an operation's, a parameter's, a
    /// property's, a response's or header's, a connection parameter's): an HTML tag (`<b>`,
    /// `<br/>`, `<a href="…">`), an HTML entity (`&amp;`), or Markdown (a link, bold text, a
    /// heading). One finding a description, at its first markup, with the count of the rest.
    /// Descriptions inside an error response written in place (`responses/400/schema/…`) are
    /// left out: users do not see them.
    ///
    /// ## Why is this bad?
    /// Descriptions are plain text: the designer's tooltips, the connector's page and every
    /// translation show the markup as it is written ("Plain text, no HTML"), and translators
    /// must carry tags they cannot read through every language. A note: 35 merged certified
    /// connectors have some, mostly descriptions copied from an API's HTML or Markdown
    /// reference.
    ///
    /// ## Example
    /// ```json
    /// { "info": { "description": "Manage <b>tasks</b> with [Contoso](https://contoso.com)." } }
    /// ```
    ///
    /// Use instead: `"Manage tasks with Contoso."`
    pub DescPlainText {
        id: "desc-plain-text",
        category: Description,
        level: Note,
        summary: "Description with HTML or Markdown",
    }
}

impl Rule for DescPlainText {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if !matches!(
            item.field,
            Field::ConnectorDescription
                | Field::OperationDescription
                | Field::ParameterDescription
                | Field::PropertyDescription
                | Field::ResponseDescription
                | Field::HeaderDescription
                | Field::ConnectionParameterDescription
        ) || in_error_response(&item.pointer)
        {
            return;
        }
        // One finding a description, at its first markup: a list written in HTML has dozens.
        let found = markup(item.text);
        let Some((range, what)) = found.first() else {
            return;
        };
        let shown = &item.text[range.clone()];
        let more = match found.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more markup after it)".to_string(),
            n => format!(" (and {n} more markup after it)"),
        };
        cx.report(Diagnostic::on(
            &Self::META,
            item,
            item.span_of(range.clone()),
            format!(
                "The description is plain text, and '{shown}' is {what}{more}: it is shown as written."
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::markup;

    #[test]
    fn error_responses_are_not_shown() {
        use super::in_error_response;
        assert!(in_error_response(
            "/paths/~1a/get/responses/400/schema/properties/x/description"
        ));
        assert!(in_error_response(
            "/paths/~1a/get/responses/500/description"
        ));
        assert!(!in_error_response(
            "/paths/~1a/get/responses/200/schema/description"
        ));
        assert!(!in_error_response(
            "/paths/~1a/get/responses/default/description"
        ));
        assert!(!in_error_response(
            "/definitions/Error/properties/message/description"
        ));
    }

    #[test]
    fn html_and_markdown_but_not_placeholders_or_prose() {
        let found = |t: &str| {
            markup(t)
                .into_iter()
                .map(|(r, w)| (t[r].to_string(), w))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            found("Manage <b>tasks</b> &amp; [Contoso](https://contoso.com) **now**"),
            [
                ("<b>".to_string(), "an HTML tag"),
                ("</b>".to_string(), "an HTML tag"),
                ("&amp;".to_string(), "an HTML entity"),
                (
                    "[Contoso](https://contoso.com)".to_string(),
                    "a Markdown link"
                ),
                ("**now**".to_string(), "Markdown bold text"),
            ]
        );
        for t in [
            "Use your <API_KEY> and a value < 10 > 5.",
            "Tasks & projects; A&B [optional] (see below) *note*",
            "Issue #12 and C# code",
        ] {
            assert!(markup(t).is_empty(), "{t}: {:?}", found(t));
        }
    }
}
