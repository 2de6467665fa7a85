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
    /// Reports the word "API" in the connector's description, as a whole word in any case, with
    /// its plural and possessive. (The title has `title-restricted-words`, an error.)
    ///
    /// ## Why is this bad?
    /// The certification guidance says "the connector title and description can't include the
    /// word API": every connector talks to an API, so the word tells the user nothing, and it is
    /// left untranslated in every language. A warning, not an error: the validator checks the
    /// description for product names only, and 71 merged certified descriptions have the word.
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
    }
}

impl Rule for DescNoApiWord {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field != Field::ConnectorDescription {
            return;
        }
        for w in super::title::restricted_words(item.text, &["api"]) {
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
