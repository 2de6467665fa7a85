//! The numeric and keyword constraints of the Swagger Validator (RULES.md §10.9): limits below
//! zero, a lower limit above its upper limit, `exclusiveMinimum` / `exclusiveMaximum` without
//! their limit, and `allowEmptyValue` outside query and form parameters. One walk per connector
//! finds the objects that hold any of these keywords; each rule then looks at those only.

use std::collections::HashMap;

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
/// (and without `type: array`, `type: file` or `format: binary`) is not looked at again. A
/// `match`, which the compiler turns into a switch on the length and the bytes: every key of
/// every object of the swagger is tested.
fn keyword(k: &str) -> Option<&'static str> {
    Some(match k {
        "$ref" => "$ref",
        "allowEmptyValue" => "allowEmptyValue",
        "anyOf" => "anyOf",
        "collectionFormat" => "collectionFormat",
        "consumes" => "consumes",
        "default" => "default",
        "discriminator" => "discriminator",
        "enum" => "enum",
        "exclusiveMaximum" => "exclusiveMaximum",
        "exclusiveMinimum" => "exclusiveMinimum",
        "maxItems" => "maxItems",
        "maxLength" => "maxLength",
        "maxProperties" => "maxProperties",
        "maximum" => "maximum",
        "minItems" => "minItems",
        "minLength" => "minLength",
        "minProperties" => "minProperties",
        "minimum" => "minimum",
        "multipleOf" => "multipleOf",
        "not" => "not",
        "oneOf" => "oneOf",
        "pattern" => "pattern",
        "produces" => "produces",
        "required" => "required",
        "x-ms-capabilities" => "x-ms-capabilities",
        "x-ms-editor" => "x-ms-editor",
        _ => return None,
    })
}

/// The keys of `o` that the keyword rules look for, as the scan indexes them: the keywords,
/// and `type` (when `array` or `file`), `format` (when `binary`), `required` (when a list), `in`
/// (when `body`) and `$ref` (when it has siblings or is not a JSON pointer). A parameter's
/// `required: true` and a lone `$ref` are everywhere, and no rule here reads them.
fn indexed_keys<'o>(o: &'o Object<'_>) -> impl Iterator<Item = &'static str> + 'o {
    o.properties.iter().filter_map(move |p| {
        let k = p.name.as_str();
        let wanted = match (k, &p.value) {
            ("type", Value::StringLit(t)) => matches!(t.value.as_ref(), "array" | "file"),
            ("format", Value::StringLit(f)) => f.value == "binary",
            ("in", Value::StringLit(l)) => l.value == "body",
            ("required", v) => matches!(v, Value::Array(_)),
            ("$ref", Value::StringLit(r)) => {
                o.properties.len() > 1 || super::schemas::pointer_error(&r.value).is_some()
            }
            _ => return keyword(k),
        };
        wanted.then_some(match k {
            "type" => "type",
            "format" => "format",
            "in" => "in",
            "required" => "required",
            _ => "$ref",
        })
    })
}

/// A check of one object of the swagger (given with its path, turned into a pointer only for a
/// finding) that a rule reports from the scan ([`report_scanned`]).
pub(crate) type ObjectCheck =
    fn(&super::Subject<'_, '_>, &Json<'_>, &Object<'_>, &Path<'_>) -> Vec<super::Finding>;

/// The object checks run by the scan, each a rule's: [`report_scanned`] takes a rule's index here.
pub(crate) const OBJECT_CHECKS: [ObjectCheck; 6] = [
    super::values::json_type,
    super::values::json_enum,
    super::values::additional_property,
    super::values::oneof_required,
    super::shape::long_label,
    super::shape::empty_properties,
];

/// What one walk of every object of the swagger (outside data and extensions) finds, once per
/// connector: the keyword objects, with their pointers, that the rules of this file and of
/// `schemas.rs` read, and the findings of each of [`OBJECT_CHECKS`]. One walk serves them all:
/// on the corpus a walk of the swagger costs about as much as the rules that read it.
pub(crate) struct Scan<'a> {
    pub keyword_objects: Vec<(&'a Object<'a>, String)>,
    /// For each key [`indexed_keys`] gives, the indexes in `keyword_objects` of the objects that
    /// have it: a rule reads only the objects with the keys it asks about.
    pub by_key: HashMap<&'static str, Vec<u32>>,
    pub found: [Vec<super::Finding>; OBJECT_CHECKS.len()],
}

/// The scan of the connector's swagger (see [`Scan`]).
pub(crate) fn scan<'c, 'a>(subject: &'c super::Subject<'c, 'a>) -> &'c Scan<'a> {
    subject.scan.get_or_init(|| {
        let mut out = Scan {
            keyword_objects: Vec::new(),
            by_key: HashMap::new(),
            found: Default::default(),
        };
        let Some(doc) = subject.swagger else {
            return out;
        };
        walk_keyword_objects(&doc.root, &mut Path::default(), &mut |o, path| {
            let index = out.keyword_objects.len() as u32;
            let mut held = false;
            for k in indexed_keys(o) {
                held = true;
                let list = out.by_key.entry(k).or_default();
                if list.last() != Some(&index) {
                    list.push(index);
                }
            }
            if held {
                out.keyword_objects.push((o, path.pointer()));
            }
            for (found, check) in out.found.iter_mut().zip(OBJECT_CHECKS) {
                found.extend(check(subject, doc, o, path));
            }
        });
        out
    })
}

/// The keyword objects of the swagger that have one of `keys`, with their pointers, in source
/// order (see [`Scan`]).
pub(crate) fn constrained<'c, 'a>(
    subject: &'c super::Subject<'c, 'a>,
    keys: &[&str],
) -> Vec<&'c (&'a Object<'a>, String)> {
    let scan = scan(subject);
    let mut at: Vec<u32> = keys
        .iter()
        .filter_map(|k| scan.by_key.get(k))
        .flatten()
        .copied()
        .collect();
    if keys.len() > 1 {
        at.sort_unstable();
        at.dedup();
    }
    at.into_iter()
        .map(|i| &scan.keyword_objects[i as usize])
        .collect()
}

/// Report, as `meta`, the findings of the object check `check` (one of [`OBJECT_CHECKS`]).
pub(crate) fn report_scanned(cx: &mut Ctx<'_, '_>, meta: &'static RuleMeta, check: ObjectCheck) {
    let Some(doc) = cx.connector.swagger else {
        return;
    };
    let Some(i) = OBJECT_CHECKS
        .iter()
        .position(|c| std::ptr::fn_addr_eq(*c, check))
    else {
        debug_assert!(false, "{} reports a check the scan does not run", meta.id);
        return;
    };
    let found = scan(cx.connector).found[i].clone();
    cx.report_all(meta, doc.file, found);
}

/// Report, as `meta`, `message` at each keyword object of the swagger that `check` fails, on the
/// keyword it names.
fn check_keywords(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    key: &str,
    check: Check,
    message: &str,
) {
    let Some(doc) = cx.connector.swagger else {
        return;
    };
    let found: Vec<_> = constrained(cx.connector, &[key])
        .into_iter()
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

/// Report, as `meta`, what `f` finds in each keyword object of the swagger that has one of
/// `keys` (given with its pointer).
pub(crate) fn check_objects(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    keys: &[&str],
    f: impl Fn(&Json<'_>, &Object<'_>, &str) -> Vec<super::Finding>,
) {
    check_objects_with(cx, keys, |doc, o, pointer| {
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
    keys: &[&str],
    f: impl Fn(&Json<'_>, &Object<'_>, &str) -> Vec<crate::diagnostic::Diagnostic>,
) {
    let Some(doc) = cx.connector.swagger else {
        return;
    };
    for (o, pointer) in constrained(cx.connector, keys) {
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
        check_keywords(cx, &Self::META, "exclusiveMaximum", exclusive!("exclusiveMaximum", "maximum"), "The 'exclusiveMaximum' keyword can only be specified if the 'maximum' keyword is also specified.");
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
        check_keywords(cx, &Self::META, "exclusiveMinimum", exclusive!("exclusiveMinimum", "minimum"), "The 'exclusiveMinimum' keyword can only be specified if the 'minimum' keyword is also specified.");
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
            "maxItems",
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
            "maxLength",
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
            "maxProperties",
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
            "minItems",
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
            "minLength",
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
            "minProperties",
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
            "minimum",
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
            "minItems",
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
            "minLength",
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
            "allowEmptyValue",
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
