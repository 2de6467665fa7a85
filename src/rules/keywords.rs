//! The numeric and keyword constraints of the Swagger Validator (RULES.md §10.9): limits below
//! zero, a lower limit above its upper limit, `exclusiveMinimum` / `exclusiveMaximum` without
//! their limit, and `allowEmptyValue` outside query and form parameters. One walk per connector
//! finds the objects that hold any of these keywords; each rule then looks at those only.

use std::collections::HashMap;

use super::{declare_rule, Ctx, Rule, RuleMeta};
use crate::json::{get, Json, LazyPointer, Object, ObjectProp, Path, PathRef, Segment, Value};
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
        "schemes" => "schemes",
        "tags" => "tags",
        "x-ms-capabilities" => "x-ms-capabilities",
        "x-ms-dynamic-list"
        | "x-ms-dynamic-properties"
        | "x-ms-dynamic-schema"
        | "x-ms-dynamic-tree"
        | "x-ms-dynamic-values" => DYNAMIC,
        "x-ms-editor" => "x-ms-editor",
        "x-ms-enum-values" => "x-ms-enum-values",
        "x-ms-notification-url" => "x-ms-notification-url",
        "x-ms-visibility" => "x-ms-visibility",
        _ => return None,
    })
}

/// The labels under which the scan indexes the property `p` of `o` (see [`Scan`]): the
/// keywords; `type` (when `array` or `file`); `format` (when a string); `required` (when a
/// list); `in` (when `body`); `$ref` (when it has siblings or is not a JSON pointer); the
/// extensions some rule reads; and [`ANY_EXTENSION`] for any key that starts with `x-ms-` in
/// any case. A parameter's `required: true` and a lone `$ref` are everywhere, and no rule reads
/// them.
fn labels(o: &Object<'_>, p: &ObjectProp<'_>, mut emit: impl FnMut(&'static str)) {
    let k = p.name.as_str();
    if k.get(..5).is_some_and(|x| x.eq_ignore_ascii_case("x-ms-")) {
        emit(ANY_EXTENSION);
    }
    let wanted = match (k, &p.value) {
        ("type", Value::StringLit(t)) => matches!(t.value.as_ref(), "array" | "file"),
        ("format", v) => matches!(v, Value::StringLit(_)),
        ("in", Value::StringLit(l)) => l.value == "body",
        ("required", v) => matches!(v, Value::Array(_)),
        ("$ref", Value::StringLit(r)) => {
            o.properties.len() > 1 || super::schemas::pointer_error(&r.value).is_some()
        }
        _ => {
            if let Some(label) = keyword(k) {
                emit(label);
            }
            return;
        }
    };
    if wanted {
        emit(match k {
            "type" => "type",
            "format" => "format",
            "in" => "in",
            "required" => "required",
            _ => "$ref",
        });
    }
}

/// The label of the objects that have a key starting with `x-ms-`, in any case.
pub(crate) const ANY_EXTENSION: &str = "x-ms-*";

/// The label of the objects that have one of the `x-ms-dynamic-*` extensions.
pub(crate) const DYNAMIC: &str = "x-ms-dynamic-*";

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
/// connector: the objects that hold a key some rule looks for, indexed by that key (see
/// [`labels`]), and the findings of each of [`OBJECT_CHECKS`]. One walk serves the keyword
/// rules, the schema rules, the extension rules and the object checks: on the corpus a walk of
/// the swagger costs about as much as the rules that read it.
pub(crate) struct Scan<'a> {
    /// The objects with a label, each with the range of its path in `segments`: a pointer is
    /// written out only for a finding.
    held: Vec<(&'a Object<'a>, u32, u32)>,
    segments: Vec<Segment<'a>>,
    /// For each label, the indexes in `held` of the objects that have it.
    by_key: HashMap<&'static str, Vec<u32>, foldhash::fast::FixedState>,
    pub found: [Vec<super::Finding>; OBJECT_CHECKS.len()],
}

/// An object the scan found, and its path.
pub(crate) struct Held<'s, 'a> {
    pub obj: &'a Object<'a>,
    pub path: PathRef<'s, 'a>,
}

/// The scan of the connector's swagger (see [`Scan`]).
pub(crate) fn scan<'c, 'a>(subject: &'c super::Subject<'c, 'a>) -> &'c Scan<'a> {
    subject.scan.get_or_init(|| {
        let mut out = Scan {
            held: Vec::new(),
            segments: Vec::new(),
            by_key: HashMap::default(),
            found: Default::default(),
        };
        let Some(doc) = subject.swagger else {
            return out;
        };
        walk_keyword_objects(&doc.root, &mut Path::default(), &mut |o, path| {
            let index = out.held.len() as u32;
            let mut held = false;
            for p in &o.properties {
                labels(o, p, |k| {
                    held = true;
                    let list = out.by_key.entry(k).or_default();
                    if list.last() != Some(&index) {
                        list.push(index);
                    }
                });
            }
            if held {
                let start = out.segments.len() as u32;
                out.segments.extend_from_slice(path.segments());
                out.held.push((o, start, out.segments.len() as u32));
            }
            for (found, check) in out.found.iter_mut().zip(OBJECT_CHECKS) {
                found.extend(check(subject, doc, o, path));
            }
        });
        out
    })
}

/// The objects of the swagger that have one of the labels `keys` (see [`labels`]), with their
/// paths, in source order.
pub(crate) fn constrained<'c, 'a>(
    subject: &'c super::Subject<'c, 'a>,
    keys: &[&str],
) -> Vec<Held<'c, 'a>> {
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
        .map(|i| {
            let (obj, start, end) = scan.held[i as usize];
            Held {
                obj,
                path: PathRef(&scan.segments[start as usize..end as usize]),
            }
        })
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
        .filter_map(|h| {
            let key = check(doc, h.obj)?;
            let member = crate::json::prop(h.obj, key)?;
            Some((
                member.value.range(),
                h.path.pointer_with(key),
                message.to_string(),
            ))
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
    f: impl Fn(&Json<'_>, &Object<'_>, &LazyPointer<'_, '_>) -> Vec<super::Finding>,
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
    f: impl Fn(&Json<'_>, &Object<'_>, &LazyPointer<'_, '_>) -> Vec<crate::diagnostic::Diagnostic>,
) {
    let Some(doc) = cx.connector.swagger else {
        return;
    };
    for h in constrained(cx.connector, keys) {
        for d in f(doc, h.obj, &LazyPointer::new(h.path)) {
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
