//! Operation and extension structure (RULES.md §4, §5 and §10): operation ids, deprecated
//! operations, `x-ms-enum-values`, and extension names.

use crate::diagnostic::{Diagnostic, Fix};
use std::collections::HashMap;
use std::sync::LazyLock;

use super::keywords::{constrained, ANY_EXTENSION};
use super::{check_operations, declare_rule, nearest_name, Ctx, Finding, Rule, RuleMeta};
use crate::json::{as_obj, get, get_bool, get_str, prop, push_index, push_token, Object, Value};
use crate::spell::{list, EXTENSIONS};

declare_rule! {
    /// ## What it does
    /// Reports an operation without `operationId`, or with an empty one.
    ///
    /// ## Why is this bad?
    /// The operation id names the action in flows and in the SDKs generated from the connector;
    /// the validator rejects the file with OperationIdRequired.
    ///
    /// ## Example
    /// ```json
    /// { "get": { "summary": "List tasks", "responses": { "200": { "description": "OK" } } } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "get": { "operationId": "ListTasks", "summary": "List tasks", "responses": { "200": { "description": "OK" } } } }
    /// ```
    pub SwgOpidRequired {
        id: "swg-opid-required",
        category: Operation,
        level: Error,
        summary: "Operation has no operationId",
        validator: "OperationIdRequired",
    }
}

impl Rule for SwgOpidRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations(cx, &Self::META, |_, op| {
            match get_str(op.op, "operationId") {
                Some(id) if !id.value.trim().is_empty() => Vec::new(),
                _ => vec![(
                    op.key.clone(),
                    op.pointer.clone(),
                    "The operation 'operationId' property is required.".to_string(),
                )],
            }
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `operationId` used by more than one operation, on every use after the first.
    ///
    /// ## Why is this bad?
    /// Flows refer to actions by operation id; two operations with one id cannot be told apart.
    /// The validator rejects the file with OperationIdNotUnique.
    ///
    /// ## Example
    /// ```json
    /// { "/tasks": { "get": { "operationId": "GetTasks" } }, "/tasks/{id}": { "get": { "operationId": "GetTasks" } } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "/tasks": { "get": { "operationId": "ListTasks" } }, "/tasks/{id}": { "get": { "operationId": "GetTask" } } }
    /// ```
    pub SwgOpidUnique {
        id: "swg-opid-unique",
        category: Operation,
        level: Error,
        summary: "operationId is used by more than one operation",
        validator: "OperationIdNotUnique",
    }
}

impl Rule for SwgOpidUnique {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let mut seen: HashMap<String, ()> = HashMap::new();
        check_operations(cx, &Self::META, |_, op| {
            let Some(id) = get_str(op.op, "operationId") else {
                return Vec::new();
            };
            if seen.insert(id.value.to_string(), ()).is_none() {
                return Vec::new();
            }
            vec![(
                id.range(),
                format!("{}/operationId", op.pointer),
                format!(
                    "The operationId '{}' is used multiple times. Operation identifiers must be unique.",
                    id.value
                ),
            )]
        });
    }
}

/// An operation id with only ASCII letters, digits and underscores kept.
fn sanitized(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

declare_rule! {
    /// ## What it does
    /// Reports an `operationId` with characters other than ASCII letters, digits and `_`
    /// (`Get-Document`, `tasks.list`), with the sanitized id the platform will use.
    ///
    /// The validator's sanitizer is not published; underscores are kept here because 2,704
    /// certified operation ids use them.
    ///
    /// ## Why is this bad?
    /// The platform sanitizes the id, so the name flows and SDKs see differs from the file's. The
    /// validator warns with OperationIdSanitized.
    ///
    /// ## Example
    /// ```json
    /// { "operationId": "Get-Document" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "operationId": "GetDocument" }
    /// ```
    pub OpOperationidSanitized {
        id: "op-operationid-sanitized",
        category: Operation,
        level: Warning,
        summary: "operationId has characters the platform removes",
        validator: "OperationIdSanitized",
    }
}

impl Rule for OpOperationidSanitized {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations(cx, &Self::META, |_, op| {
            let Some(id) = get_str(op.op, "operationId") else {
                return Vec::new();
            };
            let clean = sanitized(&id.value);
            if clean == id.value || clean.is_empty() {
                return Vec::new();
            }
            vec![(
                id.range(),
                format!("{}/operationId", op.pointer),
                format!(
                    "The 'operationId' property value is different from its sanitized value '{clean}'. Please avoid the useage of non-alphanumeric characters to have matching values."
                ),
            )]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a deprecated operation (`"deprecated": true`) whose `summary` or `description` does
    /// not say "(deprecated)". Any case and any brackets are accepted ("[DEPRECATED]",
    /// "(Deprecated)"), and so is the word set off at either end ("DEPRECATED: Get task",
    /// "Get task - DEPRECATED"). A description may also say it in a sentence ("This action is
    /// deprecated.").
    ///
    /// ## Why is this bad?
    /// The designer hides deprecated operations from new flows, but existing flows still show
    /// them; the label tells makers to move on. The deprecation guidance asks for "(deprecated)"
    /// on both strings.
    ///
    /// ## Example
    /// ```json
    /// { "deprecated": true, "summary": "Get task", "description": "Gets a task." }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "deprecated": true, "summary": "Get task (deprecated)", "description": "Gets a task (deprecated). Use Get task (V2) instead." }
    /// ```
    pub OpDeprecatedLabels {
        id: "op-deprecated-labels",
        category: Operation,
        level: Warning,
        summary: "Deprecated operation does not say '(deprecated)'",
        fix: Safe,
    }
}

/// Whether `text` marks itself deprecated: the word "deprecated" (any case) in brackets, or set
/// off at the start or the end of the text; anywhere as a word when `in_prose`.
pub fn says_deprecated(text: &str, in_prose: bool) -> bool {
    let lower = text.to_lowercase();
    let is_edge = |s: &str| s.chars().all(|c| !c.is_alphanumeric());
    let mut from = 0;
    while let Some(i) = lower[from..].find("deprecated").map(|i| from + i) {
        let end = i + "deprecated".len();
        let (before, after) = (&lower[..i], &lower[end..]);
        let word =
            !before.ends_with(char::is_alphanumeric) && !after.starts_with(char::is_alphanumeric);
        let bracketed = before.trim_end().ends_with(['(', '[', '{', '<'])
            && after.trim_start().starts_with([')', ']', '}', '>']);
        if word && (in_prose || bracketed || is_edge(before) || is_edge(after)) {
            return true;
        }
        from = end;
    }
    false
}

impl Rule for OpDeprecatedLabels {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
            return;
        };
        for op in &s.operations {
            if get_bool(op.op, "deprecated") != Some(true) {
                continue;
            }
            for key in ["summary", "description"] {
                let Some(lit) = get_str(op.op, key) else {
                    continue;
                };
                if says_deprecated(&lit.value, key == "description") {
                    continue;
                }
                let d = Diagnostic::new(
                    &Self::META,
                    doc.file,
                    lit.range(),
                    format!("{}/{key}", op.pointer),
                    format!("The operation is deprecated: its {key} should say '(deprecated)'."),
                );
                cx.report(d.with_fix_if(deprecated_label(doc.text, lit, key == "summary")));
            }
        }
    }
}

/// The fix of a missing "(deprecated)": the label after the last word of a summary, or before
/// the final `.`, `!` or `?` of a description ("Gets a task (deprecated)."). None when the text
/// ends otherwise (a summary must end with a letter, a digit or `)` anyway), or when the label
/// would take a summary past its 80 characters (`op-summary-max-length`).
fn deprecated_label(text: &str, lit: &crate::json::StringLit<'_>, summary: bool) -> Option<Fix> {
    const LABEL: &str = " (deprecated)";
    let value = lit.value.trim_end();
    let last = value.chars().next_back()?;
    let at = if last.is_alphanumeric() || last == ')' {
        value.len()
    } else if !summary && matches!(last, '.' | '!' | '?') {
        value.len() - 1
    } else {
        return None;
    };
    if summary && lit.value.chars().count() + LABEL.len() > super::operation::SUMMARY_MAX {
        return None;
    }
    let at = crate::json::decoded_to_source(text, &lit.range(), at);
    Some(Fix::replace("Add '(deprecated)'", at..at, LABEL))
}

/// The known `x-ms-*` extensions (dictionaries/extensions.txt).
static KNOWN_EXTENSIONS: LazyLock<Vec<&'static str>> = LazyLock::new(|| list(EXTENSIONS));

/// The known extension nearest to `key`, if one is close (same letters in another case, or at most
/// two edits away).
fn nearest_extension(key: &str) -> Option<&'static str> {
    let lower = key.to_lowercase();
    // "x-ms-summary title": a known name with something stuck to it.
    let prefix = KNOWN_EXTENSIONS
        .iter()
        .filter(|k| {
            let k = k.to_lowercase();
            lower.len() > k.len()
                && lower.starts_with(&k)
                && !lower[k.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '-')
        })
        .max_by_key(|k| k.len());
    if let Some(k) = prefix {
        return Some(k);
    }
    nearest_name(key, KNOWN_EXTENSIONS.iter().copied(), str::to_lowercase)
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-` key that is not a known extension (`x-ms-sumary`, `x-ms-visiblity`,
    /// `x-ms-summary title`), with the nearest known name (at most two edits away, or a known
    /// name with something stuck to it). The known extensions are listed in
    /// `dictionaries/extensions.txt`: the connector extensions Microsoft documents and the AutoRest
    /// ones connectors carry.
    ///
    /// This is connector-lint's own rule: the validator ignores unknown extensions, so a misspelled
    /// one silently does nothing.
    ///
    /// ## Why is this bad?
    /// A misspelled `x-ms-visibility` leaves an internal parameter visible; a misspelled
    /// `x-ms-summary` leaves the raw name in the designer.
    ///
    /// ## Example
    /// ```json
    /// { "name": "api-version", "x-ms-visiblity": "internal" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "name": "api-version", "x-ms-visibility": "internal" }
    /// ```
    pub ExtensionUnknown {
        id: "extension-unknown",
        category: Schema,
        level: Warning,
        summary: "x-ms- key that is not a known extension",
    }
}

impl Rule for ExtensionUnknown {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(doc) = cx.connector.swagger else {
            return;
        };
        let mut out = Vec::new();
        for h in constrained(cx.connector, &[ANY_EXTENSION]) {
            let (o, path) = (h.obj, h.path);
            for p in &o.properties {
                let k = p.name.as_str();
                if !k.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("x-ms-"))
                    || KNOWN_EXTENSIONS.binary_search(&k).is_ok()
                {
                    continue;
                }
                let pointer = path.pointer_with(k);
                let message = match nearest_extension(k) {
                    Some(n) => format!("'{k}' is not a known extension: did you mean '{n}'?"),
                    None => format!("'{k}' is not a known extension: the platform ignores it."),
                };
                out.push((p.name.range(), pointer, message));
            }
        }
        cx.report_all(&Self::META, doc.file, out);
    }
}

/// The fixed fields of a Swagger 2.0 operation object.
const OPERATION_FIELDS: [&str; 12] = [
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "consumes",
    "produces",
    "parameters",
    "responses",
    "schemes",
    "deprecated",
    "security",
];

/// The fixed fields of a Swagger 2.0 parameter object.
const PARAMETER_FIELDS: [&str; 23] = [
    "name",
    "in",
    "description",
    "required",
    "schema",
    "type",
    "format",
    "allowEmptyValue",
    "items",
    "collectionFormat",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

declare_rule! {
    /// ## What it does
    /// Reports a key of an operation or parameter object that is neither a Swagger 2.0 field nor
    /// an extension (`x-…`): most often an extension written without its prefix (`ms-summary`,
    /// `visibility`).
    ///
    /// ## Why is this bad?
    /// The validator rejects the file with ExtensionNameNotValid: "If this property is an
    /// extension, its name must begin with "x-"."
    ///
    /// ## Example
    /// ```json
    /// { "name": "top", "in": "query", "type": "integer", "ms-summary": "Top" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "name": "top", "in": "query", "type": "integer", "x-ms-summary": "Top" }
    /// ```
    pub SwgExtensionPrefix {
        id: "swg-extension-prefix",
        category: Schema,
        level: Error,
        summary: "Unknown key without the x- prefix in an operation or parameter",
        validator: "ExtensionNameNotValid",
    }
}

impl Rule for SwgExtensionPrefix {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
            return;
        };
        let objects = s
            .operations
            .iter()
            .map(|o| (o.op, &o.pointer, &OPERATION_FIELDS[..]))
            .chain(
                s.parameters
                    .iter()
                    .map(|p| (p.obj, &p.pointer, &PARAMETER_FIELDS[..])),
            );
        let mut out = Vec::new();
        for (o, ptr, fields) in objects {
            for p in &o.properties {
                let k = p.name.as_str();
                if k.starts_with("x-") || fields.contains(&k) {
                    continue;
                }
                let mut pointer = ptr.clone();
                push_token(&mut pointer, k);
                out.push((
                    p.name.range(),
                    pointer,
                    format!(
                        "The property '{k}' is not valid. If this property is an extension, its name must begin with \"x-\"."
                    ),
                ));
            }
        }
        cx.report_all(&Self::META, doc.file, out);
    }
}

/// Every `x-ms-enum-values` array with the object that holds it and its pointer.
fn enum_values<'c, 'a>(
    subject: &'c super::Subject<'c, 'a>,
) -> Vec<(&'a Object<'a>, &'a [Value<'a>], String)> {
    constrained(subject, &["x-ms-enum-values"])
        .into_iter()
        .filter_map(|h| match get(h.obj, "x-ms-enum-values") {
            Some(Value::Array(a)) => Some((
                h.obj,
                &a.elements[..],
                h.path.pointer_with("x-ms-enum-values"),
            )),
            _ => None,
        })
        .collect()
}

/// The JSON text of a scalar value, for comparing `value`s with `enum` members.
fn scalar_key(doc_text: &str, v: &Value<'_>) -> Option<String> {
    match v {
        Value::StringLit(s) => Some(format!("s:{}", s.value)),
        Value::NumberLit(r) => Some(format!("n:{}", &doc_text[r.clone()])),
        Value::BooleanLit(b, _) => Some(format!("b:{b}")),
        Value::NullKeyword(_) => Some("null".to_string()),
        _ => None,
    }
}

/// Report `f`'s findings for each item of each `x-ms-enum-values` as `meta`.
fn check_enum_values(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    mut f: impl FnMut(&str, &Object<'_>, &[Value<'_>], &str) -> Vec<Finding>,
) {
    let Some(doc) = cx.connector.swagger else {
        return;
    };
    for (holder, items, pointer) in enum_values(cx.connector) {
        cx.report_all(meta, doc.file, f(doc.text, holder, items, &pointer));
    }
}

fn item_pointer(base: &str, i: usize) -> String {
    let mut p = base.to_string();
    push_index(&mut p, i);
    p
}

declare_rule! {
    /// ## What it does
    /// Reports an item of `x-ms-enum-values` without `displayName`.
    ///
    /// ## Why is this bad?
    /// The display name is what users pick from the list, and it is localized; without it the
    /// validator rejects the file with MissingEnumValuesDisplayName.
    ///
    /// ## Example
    /// ```json
    /// { "enum": ["open", "closed"], "x-ms-enum-values": [ { "value": "open" }, { "value": "closed", "displayName": "Closed" } ] }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "enum": ["open", "closed"], "x-ms-enum-values": [ { "value": "open", "displayName": "Open" }, { "value": "closed", "displayName": "Closed" } ] }
    /// ```
    pub EnumValuesDisplayname {
        id: "enum-values-displayname",
        category: Schema,
        level: Error,
        summary: "x-ms-enum-values item has no displayName",
        validator: "MissingEnumValuesDisplayName",
    }
}

impl Rule for EnumValuesDisplayname {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_enum_values(cx, &Self::META, |_, _, items, ptr| {
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let o = as_obj(item)?;
                    prop(o, "displayName").is_none().then(|| {
                        (
                            o.range.start..o.range.start + 1,
                            item_pointer(ptr, i),
                            "The 'x-ms-enum-values' extension is invalid. Please specify the property 'displayName'.".to_string(),
                        )
                    })
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-enum-values` item whose `value` is not one of the `enum` values of the
    /// parameter or schema that holds it.
    ///
    /// ## Why is this bad?
    /// The designer would offer a value the API does not accept. The validator rejects the file
    /// with InvalidEnumValuesExtensionValue.
    ///
    /// ## Example
    /// ```json
    /// { "enum": ["open", "closed"], "x-ms-enum-values": [ { "value": "Open", "displayName": "Open" } ] }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "enum": ["open", "closed"], "x-ms-enum-values": [ { "value": "open", "displayName": "Open" } ] }
    /// ```
    pub EnumValuesMatch {
        id: "enum-values-match",
        category: Schema,
        level: Error,
        summary: "x-ms-enum-values value is not in enum",
        validator: "InvalidEnumValuesExtensionValue",
    }
}

impl Rule for EnumValuesMatch {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_enum_values(cx, &Self::META, |text, holder, items, ptr| {
            let Some(Value::Array(allowed)) = get(holder, "enum") else {
                return Vec::new();
            };
            let allowed: Vec<String> = allowed
                .elements
                .iter()
                .filter_map(|v| scalar_key(text, v))
                .collect();
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let v = get(as_obj(item)?, "value")?;
                    let key = scalar_key(text, v)?;
                    (!allowed.contains(&key)).then(|| {
                        let mut pointer = item_pointer(ptr, i);
                        pointer.push_str("/value");
                        (
                            v.range(),
                            pointer,
                            "The 'value' field must match one of the enums as defined in the 'enum' property of the schema.".to_string(),
                        )
                    })
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-enum-values` item whose `value` an earlier item already has.
    ///
    /// ## Why is this bad?
    /// Each value has one display name. The validator rejects the file with
    /// DuplicateEnumValuesInExtension.
    ///
    /// ## Example
    /// ```json
    /// { "x-ms-enum-values": [ { "value": "open", "displayName": "Open" }, { "value": "open", "displayName": "Active" } ] }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "x-ms-enum-values": [ { "value": "open", "displayName": "Open" } ] }
    /// ```
    pub EnumValuesDuplicate {
        id: "enum-values-duplicate",
        category: Schema,
        level: Error,
        summary: "x-ms-enum-values has a value twice",
        validator: "DuplicateEnumValuesInExtension",
    }
}

impl Rule for EnumValuesDuplicate {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_enum_values(cx, &Self::META, |text, _, items, ptr| {
            let mut seen: Vec<String> = Vec::new();
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let Some(v) = as_obj(item).and_then(|o| get(o, "value")) else {
                    continue;
                };
                let Some(key) = scalar_key(text, v) else {
                    continue;
                };
                if seen.contains(&key) {
                    let mut pointer = item_pointer(ptr, i);
                    pointer.push_str("/value");
                    out.push((
                        v.range(),
                        pointer,
                        "The 'x-ms-enum-values' extension has duplicate values. You can only have one display name mapped to a value.".to_string(),
                    ));
                } else {
                    seen.push(key);
                }
            }
            out
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-api-annotation` family with more than two active operations (not
    /// `deprecated`), at the third active one in source order.
    ///
    /// ## Why is this bad?
    /// A family is one action across its revisions: while callers move from one revision to the
    /// next, two are active, never more. The validator rejects the file with
    /// OperationFamilyHasManyActiveOperations.
    ///
    /// ## Example
    /// ```json
    /// "GetItems":    { "x-ms-api-annotation": { "family": "GetItems", "revision": 1 } },
    /// "GetItems_V2": { "x-ms-api-annotation": { "family": "GetItems", "revision": 2 } },
    /// "GetItems_V3": { "x-ms-api-annotation": { "family": "GetItems", "revision": 3 } }
    /// ```
    /// Mark `GetItems` `"deprecated": true`.
    pub SwgFamilyTooManyActive {
        id: "swg-family-too-many-active",
        category: Operation,
        level: Error,
        summary: "Operation family has more than two active operations",
        validator: "OperationFamilyHasManyActiveOperations",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation whose `x-ms-api-annotation` has the same `family` and `revision` as
    /// an operation before it.
    ///
    /// ## Why is this bad?
    /// Revisions order a family's operations: the replacement of a deprecated operation is the
    /// one with the higher revision. The validator rejects the file with
    /// OperationFamilyHasDuplicateRevisions.
    ///
    /// ## Example
    /// ```json
    /// "GetItems":    { "x-ms-api-annotation": { "family": "GetItems", "revision": 1 } },
    /// "GetItems_V2": { "x-ms-api-annotation": { "family": "GetItems", "revision": 1 } }
    /// ```
    pub SwgFamilyDupRevisions {
        id: "swg-family-dup-revisions",
        category: Operation,
        level: Error,
        summary: "Operation family has two operations of one revision",
        validator: "OperationFamilyHasDuplicateRevisions",
    }
}

/// A member of an `x-ms-api-annotation` family: the operation, its annotation and its revision.
type FamilyMember<'s, 'j, 'a> = (
    &'s crate::swagger::Operation<'j, 'a>,
    &'j Object<'a>,
    Option<f64>,
);

/// The operations that name an `x-ms-api-annotation` family, by family in source order.
fn families<'s, 'j, 'a>(
    doc: &crate::json::Json<'_>,
    ops: &'s [crate::swagger::Operation<'j, 'a>],
) -> Vec<(String, Vec<FamilyMember<'s, 'j, 'a>>)> {
    let mut out: Vec<(String, Vec<_>)> = Vec::new();
    for op in ops {
        let Some(annotation) = get(op.op, "x-ms-api-annotation").and_then(as_obj) else {
            continue;
        };
        let Some(family) = get_str(annotation, "family").map(|f| f.value.trim().to_string()) else {
            continue;
        };
        if family.is_empty() {
            continue;
        }
        let revision = super::breaking::revision_of(doc.text, annotation);
        match out.iter_mut().find(|(f, _)| *f == family) {
            Some((_, members)) => members.push((op, annotation, revision)),
            None => out.push((family, vec![(op, annotation, revision)])),
        }
    }
    out
}

impl Rule for SwgFamilyTooManyActive {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        nth_in_family(
            cx,
            &Self::META,
            2,
            "family",
            |(op, _, _)| get_bool(op.op, "deprecated") != Some(true),
            |family| {
                format!("The operation family '{family}' has more than two active operations. Extra operations must be deprecated.")
            },
        );
    }
}

impl Rule for SwgFamilyDupRevisions {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
            return;
        };
        for (family, members) in families(doc, &s.operations) {
            for (i, (op, annotation, revision)) in members.iter().enumerate() {
                let Some(revision) = revision else { continue };
                if !members[..i].iter().any(|(_, _, r)| *r == Some(*revision)) {
                    continue;
                }
                let (span, pointer, message) = annotation_finding(
                    op,
                    annotation,
                    "revision",
                    format!(
                        "The operation family '{family}' has operations with duplicate revision."
                    ),
                );
                cx.report(Diagnostic::new(
                    &Self::META,
                    doc.file,
                    span,
                    pointer,
                    message,
                ));
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation family with more than one operation whose `x-ms-api-annotation` has
    /// no `revision` (or an empty one), at the second of them.
    ///
    /// ## Why is this bad?
    /// Revisions order a family's operations; without them the platform cannot tell which one
    /// replaces which. The validator rejects the file with OperationFamilyHasManyEmptyRevisions.
    ///
    /// ## Example
    /// ```json
    /// "GetItems":    { "x-ms-api-annotation": { "family": "GetItems" } },
    /// "GetItems_V2": { "x-ms-api-annotation": { "family": "GetItems" } }
    /// ```
    pub SwgFamilyEmptyRevisions {
        id: "swg-family-empty-revisions",
        category: Operation,
        level: Error,
        summary: "Operation family has several operations without a revision",
        validator: "OperationFamilyHasManyEmptyRevisions",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation family with more than one active (not `deprecated`) operation whose
    /// `x-ms-api-annotation` `status` is `Production`, at the second of them.
    ///
    /// ## Why is this bad?
    /// When a new revision reaches production, the previous one should be deprecated, so that
    /// makers are steered to one of them. The validator warns with
    /// OperationFamilyHasManyActiveProductionOperations.
    ///
    /// ## Example
    /// ```json
    /// "GetItems":    { "x-ms-api-annotation": { "family": "GetItems", "revision": 1, "status": "Production" } },
    /// "GetItems_V2": { "x-ms-api-annotation": { "family": "GetItems", "revision": 2, "status": "Production" } }
    /// ```
    /// Mark `GetItems` `"deprecated": true`.
    pub SwgFamilyManyProduction {
        id: "swg-family-many-production",
        category: Operation,
        level: Warning,
        summary: "Operation family has several active operations in Production status",
        validator: "OperationFamilyHasManyActiveProductionOperations",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-api-annotation` that names a `family` but gives no `revision`.
    ///
    /// ## Why is this bad?
    /// The revision tells which operation of the family replaces which. The validator's message
    /// is OperationRevisionEmpty. It is a warning here, not an error: two merged certified
    /// connectors (Adobe Experience Manager's `GeneratePDFOutput` and `GeneratePrintedOutput`)
    /// have a family without a revision, so the validator does not reject it in every case.
    ///
    /// ## Example
    /// ```json
    /// "x-ms-api-annotation": { "family": "GetItems", "status": "Production" }
    /// ```
    /// Use `{ "family": "GetItems", "revision": 1, "status": "Production" }`.
    pub SwgRevisionEmpty {
        id: "swg-revision-empty",
        category: Operation,
        level: Warning,
        summary: "API annotation names a family but no revision",
        validator: "OperationRevisionEmpty",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-api-annotation` with a `replacement` on an operation that is not
    /// `deprecated`.
    ///
    /// ## Why is this bad?
    /// A replacement tells makers where to go from an operation that is going away; on an active
    /// operation it points them away from one that works. The validator rejects the file with
    /// ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations.
    ///
    /// ## Example
    /// ```json
    /// { "operationId": "GetItems",
    ///   "x-ms-api-annotation": { "replacement": { "api": "contoso", "operationId": "GetItems_V2" } } }
    /// ```
    pub SwgAnnotationReplacementNondeprecated {
        id: "swg-annotation-replacement-nondeprecated",
        category: Operation,
        level: Error,
        summary: "API annotation replacement on an operation that is not deprecated",
        validator: "ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-api-annotation` `replacement` without an `api` property.
    ///
    /// ## Why is this bad?
    /// The replacement names an operation of an API; without the API it names nothing. The
    /// validator rejects the file with ApiAnnotationExtensionReplacementInfoMissingApiProperty.
    ///
    /// ## Example
    /// ```json
    /// "x-ms-api-annotation": { "replacement": { "operationId": "GetItems_V2" } }
    /// ```
    pub SwgAnnotationReplacementApi {
        id: "swg-annotation-replacement-api",
        category: Operation,
        level: Error,
        summary: "API annotation replacement without 'api'",
        validator: "ApiAnnotationExtensionReplacementInfoMissingApiProperty",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-api-annotation` `replacement` without an `operationId` property.
    ///
    /// ## Why is this bad?
    /// The replacement must name the operation makers should move to. The validator rejects the
    /// file with ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty.
    ///
    /// ## Example
    /// ```json
    /// "x-ms-api-annotation": { "replacement": { "api": "contoso" } }
    /// ```
    pub SwgAnnotationReplacementOpid {
        id: "swg-annotation-replacement-opid",
        category: Operation,
        level: Error,
        summary: "API annotation replacement without 'operationId'",
        validator: "ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty",
    }
}

/// A finding at member `key` of an operation's `x-ms-api-annotation` (its value), or at the
/// annotation when it has no such member.
fn annotation_finding(
    op: &crate::swagger::Operation<'_, '_>,
    annotation: &Object<'_>,
    key: &str,
    message: String,
) -> Finding {
    let mut pointer = op.pointer.clone();
    push_token(&mut pointer, "x-ms-api-annotation");
    let span = match prop(annotation, key) {
        Some(p) => {
            push_token(&mut pointer, key);
            p.value.range()
        }
        None => prop(op.op, "x-ms-api-annotation").map_or(op.key.clone(), |p| p.name.range()),
    };
    (span, pointer, message)
}

/// Report, for each family, the member after the first `n` that `counts` picks (its annotation's
/// `key`), with `message(family)`.
fn nth_in_family(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    n: usize,
    key: &str,
    counts: impl Fn(&FamilyMember<'_, '_, '_>) -> bool,
    message: impl Fn(&str) -> String,
) {
    let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
        return;
    };
    for (family, members) in families(doc, &s.operations) {
        if let Some((op, annotation, _)) = members.iter().filter(|m| counts(m)).nth(n) {
            let (span, pointer, message) =
                annotation_finding(op, annotation, key, message(&family));
            cx.report(Diagnostic::new(meta, doc.file, span, pointer, message));
        }
    }
}

impl Rule for SwgFamilyEmptyRevisions {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        nth_in_family(
            cx,
            &Self::META,
            1,
            "family",
            |(_, annotation, revision)| revision.is_none() && !has_number(annotation, "revision"),
            |family| {
                format!("The operation family '{family}' has several operations with empty revision. Only one operation can have empty revision.")
            },
        );
    }
}

/// Whether member `key` is there and not an empty string (a revision written as a number that
/// does not parse is still one).
fn has_number(o: &Object<'_>, key: &str) -> bool {
    match get(o, key) {
        None | Some(Value::NullKeyword(_)) => false,
        Some(Value::StringLit(s)) => !s.value.trim().is_empty(),
        Some(_) => true,
    }
}

impl Rule for SwgFamilyManyProduction {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        nth_in_family(
            cx,
            &Self::META,
            1,
            "status",
            |(op, annotation, _)| {
                get_bool(op.op, "deprecated") != Some(true)
                    && get_str(annotation, "status")
                        .is_some_and(|s| s.value.trim().eq_ignore_ascii_case("production"))
            },
            |family| {
                format!("The operation family '{family}' has several active operations in Production status. Previous revisions should be deprecated.")
            },
        );
    }
}

/// Each operation's `x-ms-api-annotation` object, with the operation.
fn annotations<'s, 'j, 'a>(
    ops: &'s [crate::swagger::Operation<'j, 'a>],
) -> impl Iterator<Item = (&'s crate::swagger::Operation<'j, 'a>, &'j Object<'a>)> {
    ops.iter().filter_map(|op| {
        get(op.op, "x-ms-api-annotation")
            .and_then(as_obj)
            .map(|a| (op, a))
    })
}

impl Rule for SwgRevisionEmpty {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_annotations(cx, &Self::META, |op, annotation| {
            let named = get_str(annotation, "family").is_some_and(|f| !f.value.trim().is_empty());
            (named && !has_number(annotation, "revision")).then(|| {
                let key = if prop(annotation, "revision").is_some() {
                    "revision"
                } else {
                    "family"
                };
                annotation_finding(
                    op,
                    annotation,
                    key,
                    format!(
                        "The operation '{}' does not specify a revision in api annotation.",
                        op.name()
                    ),
                )
            })
        });
    }
}

/// Run `f` on every operation's annotation and report what it finds.
fn check_annotations(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    f: impl Fn(&crate::swagger::Operation<'_, '_>, &Object<'_>) -> Option<Finding>,
) {
    let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
        return;
    };
    for (op, annotation) in annotations(&s.operations) {
        if let Some((span, pointer, message)) = f(op, annotation) {
            cx.report(Diagnostic::new(meta, doc.file, span, pointer, message));
        }
    }
}

/// The `replacement` object of an annotation, with the finding for `key` missing from it.
fn replacement_lacks(
    op: &crate::swagger::Operation<'_, '_>,
    annotation: &Object<'_>,
    key: &str,
    what: &str,
) -> Option<Finding> {
    let replacement = get(annotation, "replacement").and_then(as_obj)?;
    if get_str(replacement, key).is_some_and(|s| !s.value.trim().is_empty()) {
        return None;
    }
    Some(annotation_finding(
        op,
        annotation,
        "replacement",
        format!(
            "The 'x-ms-api-annotation' extension for operation '{}' is invalid. The replacement property must specify '{what}' property.",
            op.name()
        ),
    ))
}

impl Rule for SwgAnnotationReplacementNondeprecated {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_annotations(cx, &Self::META, |op, annotation| {
            (prop(annotation, "replacement").is_some() && get_bool(op.op, "deprecated") != Some(true)).then(|| {
                annotation_finding(
                    op,
                    annotation,
                    "replacement",
                    format!("The 'x-ms-api-annotation' extension for operation '{}' is invalid. The replacement property should be specified for deprecated operations only.", op.name()),
                )
            })
        });
    }
}

impl Rule for SwgAnnotationReplacementApi {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_annotations(cx, &Self::META, |op, a| {
            replacement_lacks(op, a, "api", "api")
        });
    }
}

impl Rule for SwgAnnotationReplacementOpid {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_annotations(cx, &Self::META, |op, a| {
            replacement_lacks(op, a, "operationId", "operationId")
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation users see (not `x-ms-visibility: internal`) without a `summary`, or
    /// with an empty one.
    ///
    /// ## Why is this bad?
    /// The summary is the action's or trigger's name in the designer. The validator rejects the
    /// file: "The 'summary' property is required." (PR #609). Internal operations are not
    /// reported: every merged certified operation without a summary is internal (45 of them in
    /// the corpus), so the validator accepts them.
    ///
    /// ## Example
    /// ```json
    /// { "operationId": "GetTask", "responses": { "200": { "description": "OK" } } }
    /// ```
    /// Add `"summary": "Get task"`.
    pub OpSummaryRequired {
        id: "op-summary-required",
        category: Summary,
        level: Error,
        summary: "Operation users see has no summary",
        validator: "RequiredPropertyMissing",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation users see (not `x-ms-visibility: internal`) without a `description`,
    /// or with an empty one.
    ///
    /// ## Why is this bad?
    /// The description is the action's tooltip in the designer, and operations "should always
    /// have a summary and description" (S-CODE; the certification checklist asks that "no
    /// operations are missing a summary, description, or visibility information"). It is a
    /// warning: merged certified connectors have operations without one.
    ///
    /// ## Example
    /// ```json
    /// { "operationId": "GetTask", "summary": "Get task" }
    /// ```
    /// Add `"description": "Gets a task by its ID."`.
    pub OpDescriptionRequired {
        id: "op-description-required",
        category: Description,
        level: Warning,
        summary: "Operation users see has no description",
    }
}

/// An operation without a non-empty `key` (one users see): the finding at its verb key.
fn lacks_text(op: &crate::swagger::Operation<'_, '_>, key: &str) -> Option<Finding> {
    let has = get_str(op.op, key).is_some_and(|s| !s.value.trim().is_empty());
    (!has && !crate::swagger::is_internal(op.op)).then(|| {
        (
            op.key.clone(),
            op.pointer.clone(),
            format!("The '{key}' property is required."),
        )
    })
}

impl Rule for OpSummaryRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations(cx, &Self::META, |_, op| {
            lacks_text(op, "summary").into_iter().collect()
        });
    }
}

impl Rule for OpDescriptionRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations(cx, &Self::META, |_, op| {
            lacks_text(op, "description").into_iter().collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-visibility` (on an operation, a parameter or a schema) whose value is not
    /// one of `important`, `advanced`, `internal` or `none`. Case is not checked, and an empty
    /// value reads as the default: merged certified connectors write `"Advanced"` (16 times) and
    /// `""` (91 times), which the validator accepted.
    ///
    /// ## Why is this bad?
    /// Any other value is not a visibility: the validator rejects it with JsonValueNotInEnum.
    ///
    /// ## Example
    /// ```json
    /// { "name": "top", "in": "query", "x-ms-visibility": "hidden" }
    /// ```
    /// Use `"internal"` to hide the parameter.
    pub OpVisibilityValid {
        id: "op-visibility-valid",
        category: Schema,
        level: Error,
        summary: "x-ms-visibility value is not important, advanced, internal or none",
        validator: "JsonValueNotInEnum",
    }
}

/// The values `x-ms-visibility` takes.
const VISIBILITIES: [&str; 4] = ["important", "advanced", "internal", "none"];

impl Rule for OpVisibilityValid {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(doc) = cx.connector.swagger else {
            return;
        };
        let mut out = Vec::new();
        for h in constrained(cx.connector, &["x-ms-visibility"]) {
            let (o, path) = (h.obj, h.path);
            let Some(p) = prop(o, "x-ms-visibility") else {
                continue;
            };
            let Value::StringLit(v) = &p.value else {
                continue;
            };
            let value = v.value.trim();
            if value.is_empty() || VISIBILITIES.iter().any(|k| k.eq_ignore_ascii_case(value)) {
                continue;
            }
            out.push((
                v.range(),
                path.pointer_with("x-ms-visibility"),
                format!(
                    "The property value must be one of the following: {}. ('{value}' is not.)",
                    VISIBILITIES.join(", ")
                ),
            ));
        }
        cx.report_all(&Self::META, doc.file, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deprecation_markers_in_any_case_and_bracket() {
        for marked in [
            "Get task (deprecated)",
            "[DEPRECATED] Get task",
            "Get task (Deprecated)",
            "Get task [ deprecated ]",
            "DEPRECATED: Get task",
            "Get task - DEPRECATED",
        ] {
            assert!(says_deprecated(marked, false), "{marked}");
        }
        for unmarked in [
            "Get task",
            "Get undeprecated tasks",
            "Get the deprecated tasks list",
        ] {
            assert!(!says_deprecated(unmarked, false), "{unmarked}");
        }
        assert!(says_deprecated(
            "This action is deprecated. Use Get task (V2).",
            true
        ));
    }

    #[test]
    fn nearest_known_extension() {
        assert_eq!(nearest_extension("x-ms-visiblity"), Some("x-ms-visibility"));
        assert_eq!(nearest_extension("x-ms-summmary"), Some("x-ms-summary"));
        assert_eq!(nearest_extension("x-ms-Summary"), Some("x-ms-summary"));
        assert_eq!(
            nearest_extension("x-ms-summary title"),
            Some("x-ms-summary")
        );
        assert_eq!(nearest_extension("x-ms-something-else"), None);
    }

    #[test]
    fn sanitized_ids_keep_letters_digits_and_underscores() {
        assert_eq!(sanitized("Get-Document_V2.1"), "GetDocument_V21");
    }
}
