//! The numeric and keyword constraints of the Swagger Validator (RULES.md §10.9): limits below
//! zero, a lower limit above its upper limit, `exclusiveMinimum` / `exclusiveMaximum` without
//! their limit, and `allowEmptyValue` outside query and form parameters. One walk per connector
//! finds the objects that hold any of these keywords; each rule then looks at those only.

use super::{declare_rule, Ctx, Rule, RuleMeta};
use crate::json::{get, Json, Object, Path, Value};
use crate::swagger::walk_keyword_objects;

/// The number a keyword holds, when it is one.
fn number(doc: &Json<'_>, o: &Object<'_>, key: &str) -> Option<f64> {
    match get(o, key)? {
        Value::NumberLit(r) => doc.text.get(r.clone())?.parse().ok(),
        _ => None,
    }
}

/// What a rule asks of one keyword object: the keyword to point at when it fails.
type Check = fn(&Json<'_>, &Object<'_>) -> Option<&'static str>;

/// The keywords the rules of this file and of `schemas.rs` read: an object without any of them
/// (and without `type: array`, `type: file` or `format: binary`) is not looked at again.
const KEYWORDS: [&str; 26] = [
    "$ref",
    "allowEmptyValue",
    "anyOf",
    "collectionFormat",
    "consumes",
    "default",
    "discriminator",
    "enum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "maxItems",
    "maxLength",
    "maxProperties",
    "maximum",
    "minItems",
    "minLength",
    "minProperties",
    "minimum",
    "multipleOf",
    "not",
    "oneOf",
    "pattern",
    "produces",
    "required",
    "x-ms-capabilities",
    "x-ms-editor",
];

/// Whether the keyword rules look at `o`.
fn is_constrained(o: &Object<'_>) -> bool {
    o.properties.iter().any(|p| {
        let k = p.name.as_str();
        KEYWORDS.binary_search(&k).is_ok()
            || match (k, &p.value) {
                ("type", Value::StringLit(t)) => matches!(t.value.as_ref(), "array" | "file"),
                ("format", Value::StringLit(f)) => f.value == "binary",
                _ => false,
            }
    })
}

/// The keyword objects of the swagger that hold one of [`KEYWORDS`], with their
/// pointers: found in one walk per connector, shared by the rules of this file.
pub(crate) fn constrained<'c, 'a>(
    subject: &'c super::Subject<'c, 'a>,
) -> &'c [(&'a Object<'a>, String)] {
    subject.keyword_objects.get_or_init(|| {
        let Some(doc) = subject.swagger else {
            return Vec::new();
        };
        let mut out = Vec::new();
        walk_keyword_objects(&doc.root, &mut Path::default(), &mut |o, path| {
            if is_constrained(o) {
                out.push((o, path.pointer()));
            }
        });
        out
    })
}

/// Report, as `meta`, `message` at each keyword object of the swagger that `check` fails, on the
/// keyword it names.
fn check_keywords(cx: &mut Ctx<'_, '_>, meta: &'static RuleMeta, check: Check, message: &str) {
    let Some(doc) = cx.connector.swagger else {
        return;
    };
    let found: Vec<_> = constrained(cx.connector)
        .iter()
        .filter_map(|(o, pointer)| {
            let key = check(doc, o)?;
            let member = crate::json::prop(o, key)?;
            let mut at = pointer.clone();
            crate::json::push_token(&mut at, key);
            Some((member.value.range(), at, message.to_string()))
        })
        .collect();
    cx.report_all(meta, doc.file, found);
}

/// Report, as `meta`, what `f` finds in each keyword object of the swagger (given with its
/// pointer).
pub(crate) fn check_objects(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    f: impl Fn(&Json<'_>, &Object<'_>, &str) -> Vec<super::Finding>,
) {
    check_objects_with(cx, |doc, o, pointer| {
        f(doc, o, pointer)
            .into_iter()
            .map(|(span, at, message)| {
                crate::diagnostic::Diagnostic::new(meta, doc.file, span, at, message)
            })
            .collect()
    });
}

/// Report the diagnostics `f` makes of each keyword object of the swagger: for a rule whose
/// findings carry fixes.
pub(crate) fn check_objects_with(
    cx: &mut Ctx<'_, '_>,
    f: impl Fn(&Json<'_>, &Object<'_>, &str) -> Vec<crate::diagnostic::Diagnostic>,
) {
    let Some(doc) = cx.connector.swagger else {
        return;
    };
    for (o, pointer) in constrained(cx.connector) {
        for d in f(doc, o, pointer) {
            cx.report(d);
        }
    }
}

/// `key` below zero.
macro_rules! negative {
    ($key:literal) => {
        |doc: &Json<'_>, o: &Object<'_>| number(doc, o, $key).filter(|n| *n < 0.0).map(|_| $key)
    };
}

/// `low` greater than `high`: reported on `low`.
macro_rules! above {
    ($low:literal, $high:literal) => {
        |doc: &Json<'_>, o: &Object<'_>| match (number(doc, o, $low), number(doc, o, $high)) {
            (Some(l), Some(h)) if l > h => Some($low),
            _ => None,
        }
    };
}

/// `flag` set to `true` without `limit`.
macro_rules! exclusive {
    ($flag:literal, $limit:literal) => {
        |_: &Json<'_>, o: &Object<'_>| {
            // `false` is the default and says nothing (IdealPostcodes writes it without a limit).
            let set = matches!(get(o, $flag), Some(Value::BooleanLit(true, _)));
            (set && get(o, $limit).is_none()).then_some($flag)
        }
    };
}

declare_rule! {
    /// ## What it does
    /// Reports `"exclusiveMaximum": true` without `maximum` in a parameter or a schema.
    ///
    /// ## Why is this bad?
    /// No value can meet the constraint, or it means nothing; the validator rejects the file with
    /// ExclusiveMaximumRequiresMaximum.
    ///
    /// ## Example
    /// ```json
    /// { "type": "integer", "exclusiveMaximum": true }
    /// ```
    ///
    /// Use instead: `"maximum": 100, "exclusiveMaximum": true`, or neither.
    pub SwgExclusivemax {
        id: "swg-exclusivemax",
        category: Operation,
        level: Error,
        summary: "'exclusiveMaximum' without 'maximum'",
        validator: "ExclusiveMaximumRequiresMaximum",
    }
}

impl Rule for SwgExclusivemax {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_keywords(cx, &Self::META, exclusive!("exclusiveMaximum", "maximum"), "The 'exclusiveMaximum' keyword can only be specified if the 'maximum' keyword is also specified.");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `"exclusiveMinimum": true` without `minimum` in a parameter or a schema.
    ///
    /// ## Why is this bad?
    /// No value can meet the constraint, or it means nothing; the validator rejects the file with
    /// ExclusiveMinimumRequiresMinimum.
    ///
    /// ## Example
    /// ```json
    /// { "type": "integer", "exclusiveMinimum": true }
    /// ```
    ///
    /// Use instead: `"minimum": 0, "exclusiveMinimum": true`, or neither.
    pub SwgExclusivemin {
        id: "swg-exclusivemin",
        category: Operation,
        level: Error,
        summary: "'exclusiveMinimum' without 'minimum'",
        validator: "ExclusiveMinimumRequiresMinimum",
    }
}

impl Rule for SwgExclusivemin {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_keywords(cx, &Self::META, exclusive!("exclusiveMinimum", "minimum"), "The 'exclusiveMinimum' keyword can only be specified if the 'minimum' keyword is also specified.");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a negative `maxItems` in a parameter or a schema.
    ///
    /// ## Why is this bad?
    /// No value can meet the constraint, or it means nothing; the validator rejects the file with
    /// MaxItemsMustBeGreaterThanOrEqualToZero.
    ///
    /// ## Example
    /// ```json
    /// { "type": "array", "maxItems": -1 }
    /// ```
    ///
    /// Use instead: leave `maxItems` out for no limit.
    pub SwgMaxitemsNeg {
        id: "swg-maxitems-neg",
        category: Operation,
        level: Error,
        summary: "'maxItems' below zero",
        validator: "MaxItemsMustBeGreaterThanOrEqualToZero",
    }
}

impl Rule for SwgMaxitemsNeg {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_keywords(
            cx,
            &Self::META,
            negative!("maxItems"),
            "The 'maxItems' value must be greater than or equal to zero.",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a negative `maxLength` in a parameter or a schema.
    ///
    /// ## Why is this bad?
    /// No value can meet the constraint, or it means nothing; the validator rejects the file with
    /// MaxLengthMustBeGreaterThanOrEqualToZero.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "maxLength": -1 }
    /// ```
    ///
    /// Use instead: leave `maxLength` out for no limit.
    pub SwgMaxlengthNeg {
        id: "swg-maxlength-neg",
        category: Operation,
        level: Error,
        summary: "'maxLength' below zero",
        validator: "MaxLengthMustBeGreaterThanOrEqualToZero",
    }
}

impl Rule for SwgMaxlengthNeg {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_keywords(
            cx,
            &Self::META,
            negative!("maxLength"),
            "The 'maxLength' value must be greater than or equal to zero.",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a negative `maxProperties` in a parameter or a schema.
    ///
    /// ## Why is this bad?
    /// No value can meet the constraint, or it means nothing; the validator rejects the file with
    /// MaxPropertiesMustBeGreaterThanOrEqualToZero.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "maxProperties": -1 }
    /// ```
    ///
    /// Use instead: leave `maxProperties` out for no limit.
    pub SwgMaxpropsNeg {
        id: "swg-maxprops-neg",
        category: Operation,
        level: Error,
        summary: "'maxProperties' below zero",
        validator: "MaxPropertiesMustBeGreaterThanOrEqualToZero",
    }
}

impl Rule for SwgMaxpropsNeg {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_keywords(
            cx,
            &Self::META,
            negative!("maxProperties"),
            "The 'maxProperties' value must be greater than or equal to zero.",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a negative `minItems` in a parameter or a schema.
    ///
    /// ## Why is this bad?
    /// No value can meet the constraint, or it means nothing; the validator rejects the file with
    /// MinItemsMustBeGreaterThanOrEqualToZero.
    ///
    /// ## Example
    /// ```json
    /// { "type": "array", "minItems": -1 }
    /// ```
    ///
    /// Use instead: `"minItems": 0`, or leave it out.
    pub SwgMinitemsNeg {
        id: "swg-minitems-neg",
        category: Operation,
        level: Error,
        summary: "'minItems' below zero",
        validator: "MinItemsMustBeGreaterThanOrEqualToZero",
    }
}

impl Rule for SwgMinitemsNeg {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_keywords(
            cx,
            &Self::META,
            negative!("minItems"),
            "The 'minItems' value must be greater than or equal to zero.",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a negative `minLength` in a parameter or a schema.
    ///
    /// ## Why is this bad?
    /// No value can meet the constraint, or it means nothing; the validator rejects the file with
    /// MinLengthMustBeGreaterThanOrEqualToZero.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "minLength": -1 }
    /// ```
    ///
    /// Use instead: `"minLength": 0`, or leave it out.
    pub SwgMinlengthNeg {
        id: "swg-minlength-neg",
        category: Operation,
        level: Error,
        summary: "'minLength' below zero",
        validator: "MinLengthMustBeGreaterThanOrEqualToZero",
    }
}

impl Rule for SwgMinlengthNeg {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_keywords(
            cx,
            &Self::META,
            negative!("minLength"),
            "The 'minLength' value must be greater than or equal to zero.",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a negative `minProperties` in a parameter or a schema.
    ///
    /// ## Why is this bad?
    /// No value can meet the constraint, or it means nothing; the validator rejects the file with
    /// MinPropertiesMustBeGreaterThanOrEqualToZero.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "minProperties": -1 }
    /// ```
    ///
    /// Use instead: `"minProperties": 0`, or leave it out.
    pub SwgMinpropsNeg {
        id: "swg-minprops-neg",
        category: Operation,
        level: Error,
        summary: "'minProperties' below zero",
        validator: "MinPropertiesMustBeGreaterThanOrEqualToZero",
    }
}

impl Rule for SwgMinpropsNeg {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_keywords(
            cx,
            &Self::META,
            negative!("minProperties"),
            "The 'minProperties' value must be greater than or equal to zero.",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `minimum` greater than its `maximum` in a parameter or a schema.
    ///
    /// ## Why is this bad?
    /// No value can meet the constraint, or it means nothing; the validator rejects the file with
    /// MinimumShouldBeLessThanOrEqualToMaximum.
    ///
    /// ## Example
    /// ```json
    /// { "type": "integer", "minimum": 10, "maximum": 1 }
    /// ```
    ///
    /// Use instead: `"minimum": 1, "maximum": 10`.
    pub SwgMinLeMax {
        id: "swg-min-le-max",
        category: Operation,
        level: Error,
        summary: "'minimum' above 'maximum'",
        validator: "MinimumShouldBeLessThanOrEqualToMaximum",
    }
}

impl Rule for SwgMinLeMax {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_keywords(
            cx,
            &Self::META,
            above!("minimum", "maximum"),
            "The 'minimum' value should be less than or equal to the 'maximum' value.",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `minItems` greater than its `maxItems` in a parameter or a schema.
    ///
    /// ## Why is this bad?
    /// No value can meet the constraint, or it means nothing; the validator rejects the file with
    /// MinItemsShouldBeLessThanOrEqualToMaxItems.
    ///
    /// ## Example
    /// ```json
    /// { "type": "array", "minItems": 5, "maxItems": 2 }
    /// ```
    ///
    /// Use instead: `"minItems": 2, "maxItems": 5`.
    pub SwgMinitemsLeMax {
        id: "swg-minitems-le-max",
        category: Operation,
        level: Error,
        summary: "'minItems' above 'maxItems'",
        validator: "MinItemsShouldBeLessThanOrEqualToMaxItems",
    }
}

impl Rule for SwgMinitemsLeMax {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_keywords(
            cx,
            &Self::META,
            above!("minItems", "maxItems"),
            "The 'minItems' value should be less than or equal to the 'maxItems' value.",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `minLength` greater than its `maxLength` in a parameter or a schema.
    ///
    /// ## Why is this bad?
    /// No value can meet the constraint, or it means nothing; the validator rejects the file with
    /// MinLengthShouldBeLessThanOrEqualToMaxLength.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "minLength": 10, "maxLength": 5 }
    /// ```
    ///
    /// Use instead: `"minLength": 5, "maxLength": 10`.
    pub SwgMinlengthLeMax {
        id: "swg-minlength-le-max",
        category: Operation,
        level: Error,
        summary: "'minLength' above 'maxLength'",
        validator: "MinLengthShouldBeLessThanOrEqualToMaxLength",
    }
}

impl Rule for SwgMinlengthLeMax {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_keywords(
            cx,
            &Self::META,
            above!("minLength", "maxLength"),
            "The 'minLength' value should be less than or equal to the 'maxLength' value.",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `allowEmptyValue` on a parameter that is not in `query` or `formData`.
    ///
    /// ## Why is this bad?
    /// Only query and form values can be sent empty; elsewhere the keyword means nothing. The
    /// validator rejects the file with AllowEmptyValueOnlyValidForQueryFormData.
    ///
    /// ## Example
    /// ```json
    /// { "name": "id", "in": "path", "required": true, "type": "string", "allowEmptyValue": true }
    /// ```
    ///
    /// Use instead: remove `allowEmptyValue`.
    pub SwgAllowemptyvalue {
        id: "swg-allowemptyvalue",
        category: Operation,
        level: Error,
        summary: "allowEmptyValue on a parameter not in query or formData",
        validator: "AllowEmptyValueOnlyValidForQueryFormData",
    }
}

impl Rule for SwgAllowemptyvalue {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_keywords(
            cx,
            &Self::META,
            |_, o| {
                let place = crate::json::get_str(o, "in")?;
                (get(o, "allowEmptyValue").is_some()
                    && !matches!(place.value.as_ref(), "query" | "formData"))
                .then_some("allowEmptyValue")
            },
            "The parameter cannot use the 'allowEmptyValue' keyword as it is not in the 'query' or 'formData' location.",
        );
    }
}
