//! Connector title rules: `/info/title` (RULES.md §1).

use super::product_names::{report_product_names, List};
use super::{check_info_string_required, declare_rule, find_words, Ctx, Rule};
use crate::diagnostic::Diagnostic;
use crate::extract::Field;
use crate::language::Text;

/// Longest title accepted, in characters.
pub const TITLE_MAX: usize = 30;

declare_rule! {
    /// ## What it does
    /// Reports a swagger without `info.title`, or with an empty one. A missing title is reported on
    /// the `info` object, as the validator's ValuePath does.
    ///
    /// ## Why is this bad?
    /// The title is the connector's name in every product and language. Microsoft's validator rejects
    /// a connector without one: "The 'title' property is required."
    ///
    /// ## Example
    /// ```json
    /// { "swagger": "2.0", "info": { "version": "1.0" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" } }
    /// ```
    pub TitleRequired {
        id: "title-required",
        category: Title,
        level: Error,
        summary: "Connector has no title",
        validator: "RequiredPropertyMissing",
    }
}

impl Rule for TitleRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_info_string_required(cx, &Self::META, "title");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a title longer than 30 characters (Unicode code points).
    ///
    /// ## Why is this bad?
    /// The validator rejects it ("The 'title' value goes over the character limit '30'"), and long
    /// titles are cut off in the designer, worse so once translated.
    ///
    /// ## Example
    /// ```json
    /// { "info": { "title": "Contoso Document Management and Archiving" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "info": { "title": "Contoso Documents" } }
    /// ```
    pub TitleMaxLength {
        id: "title-max-length",
        category: Title,
        level: Error,
        summary: "Title is longer than 30 characters",
        validator: "FieldLengthExceeded",
    }
}

impl Rule for TitleMaxLength {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field != Field::ConnectorTitle {
            return;
        }
        let n = item.char_len();
        if n > TITLE_MAX {
            cx.report(Diagnostic::on(&Self::META, item, item.content_span(),
                format!("The 'title' value goes over the character limit '{TITLE_MAX}': it has {n} characters"),
            ));
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports the words "API" and "Connector" in the title, as whole words in any case, with their
    /// plurals and possessives ("API's").
    ///
    /// ## Why is this bad?
    /// The validator rejects them: "The value 'title' contains at least one of the restricted words:
    /// 'api, connector'." Every connector is a connector to an API, so the words add nothing.
    ///
    /// ## Example
    /// ```json
    /// { "info": { "title": "Contoso API Connector" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "info": { "title": "Contoso" } }
    /// ```
    pub TitleRestrictedWords {
        id: "title-restricted-words",
        category: Title,
        level: Error,
        summary: "Title contains the word API or Connector",
        validator: "ValueContainsRestrictedWords",
    }
}

/// The words of `text` that are one of `words` (given in lower case), as whole words in any
/// case, with their plurals and possessives ("APIs", "API's").
pub(super) fn restricted_words<'t>(
    text: &'t str,
    candidates: Vec<std::ops::Range<usize>>,
    words: &'static [&'static str],
) -> impl Iterator<Item = std::ops::Range<usize>> + 't {
    candidates.into_iter().filter(move |w| {
        let lower = text[w.clone()].to_lowercase();
        let lower = lower
            .strip_suffix("'s")
            .or_else(|| lower.strip_suffix("’s"))
            .unwrap_or(&lower);
        let singular = lower.strip_suffix('s').unwrap_or(lower);
        words.contains(&lower) || words.contains(&singular)
    })
}

impl Rule for TitleRestrictedWords {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field != Field::ConnectorTitle {
            return;
        }
        for w in restricted_words(item.text, find_words(item.text), &["api", "connector"]) {
            let word = &item.text[w.clone()];
            cx.report(
                Diagnostic::on(&Self::META, item, item.span_of(w),
                    format!("The value 'title' contains at least one of the restricted words: 'api, connector' (found '{word}')"),
                )
                .with_help("Name the service or organization; leave out 'API' and 'Connector'."),
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports Power Platform product names (Power Apps, Power Automate, Copilot Studio, …) in the
    /// title.
    ///
    /// ## Why is this bad?
    /// The title "can't contain the words API, Connector, Copilot Studio, or any of our other Power
    /// Platform product names (for example, Power Apps)". The validator reports
    /// ValueContainsRestrictedWords.
    ///
    /// ## Example
    /// ```json
    /// { "info": { "title": "Contoso for Power Apps" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "info": { "title": "Contoso" } }
    /// ```
    pub TitleNoProductNames {
        id: "title-no-product-names",
        category: ProductName,
        level: Error,
        summary: "Title names a Power Platform product",
        validator: "ValueContainsRestrictedWords",
    }
}

impl Rule for TitleNoProductNames {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field == Field::ConnectorTitle {
            report_product_names(
                item,
                cx,
                &Self::META,
                Self::META.level,
                List::Default,
                "title",
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a title whose last character is not a letter or a digit, such as a period. A
    /// closing parenthesis is accepted, as it is in operation summaries. Trailing white space is
    /// reported by `title-no-trailing-whitespace`, so this rule looks at the last character
    /// before it.
    ///
    /// ## Why is this bad?
    /// The validator rejects it: "The 'title' value must end with alphanumeric character."
    /// (ValueMustEndWithAlphanumeric, evidence V), so the level is `error`.
    ///
    /// A closing parenthesis is let through: 12 merged certified connectors have a title such as
    /// "Asite (Canada)" or "Dime.Scheduler (on-prem)", one of them changed in 2023
    /// (`../shared/history`), and RULES.md §4 finds the same for 578 summaries.
    ///
    /// ## Example
    /// ```json
    /// { "info": { "title": "Contoso Inc." } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "info": { "title": "Contoso" } }
    /// ```
    pub TitleEndAlphanumeric {
        id: "title-end-alphanumeric",
        category: Title,
        level: Error,
        summary: "Title does not end with a letter or digit",
        validator: "ValueMustEndWithAlphanumeric",
    }
}

impl Rule for TitleEndAlphanumeric {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field != Field::ConnectorTitle {
            return;
        }
        let Some((i, c)) = item.text.trim_end().char_indices().next_back() else {
            return;
        };
        if c.is_alphanumeric() || c == ')' {
            return;
        }
        cx.report(Diagnostic::on(
            &Self::META,
            item,
            item.span_of(i..i + c.len_utf8()),
            format!("The 'title' value must end with alphanumeric character (it ends with '{c}')"),
        ));
    }
}

declare_rule! {
    /// ## What it does
    /// Reports white space (spaces, tabs, line breaks) at the start or the end of the title, with a
    /// fix that removes it.
    ///
    /// ## Why is this bad?
    /// The validator rejects a title that does not end with a letter or digit (ValueMustEndWithAlphanumeric),
    /// and leading space misaligns the name in every list it appears in.
    ///
    /// ## Example
    /// ```json
    /// { "info": { "title": " Contoso " } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "info": { "title": "Contoso" } }
    /// ```
    pub TitleNoTrailingWhitespace {
        id: "title-no-trailing-whitespace",
        category: Title,
        level: Error,
        summary: "Title starts or ends with white space",
        validator: "ValueMustEndWithAlphanumeric",
        fix: Safe,
    }
}

impl Rule for TitleNoTrailingWhitespace {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field == Field::ConnectorTitle {
            super::report_edge_whitespace(item, cx, &Self::META, "'title' value");
        }
    }
}
