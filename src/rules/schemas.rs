//! The schema and parameter keyword rules of the Swagger Validator (RULES.md §10.2–§10.6, §10.9):
//! arrays without `items`, empty or misplaced `required` lists, values of the wrong type, `$ref`
//! siblings, `discriminator`, `pattern`, `collectionFormat`, MIME types, where `file` and
//! `string/binary` may stand, `filterFunctions`, read-only required inputs. They read the objects
//! of the keyword walk of `keywords.rs` (one walk per connector), and, where a rule applies to
//! requests or to responses only, the definitions each reaches ([`crate::swagger::Flows`]).

use super::keywords::{check_objects, check_objects_with};
use super::{declare_rule, Ctx, Finding, Rule};
use crate::diagnostic::{Diagnostic, Fix};
use crate::json::{
    as_obj, get, get_arr, get_obj, get_str, prop, push_index, push_token, Object, Value,
};
use crate::swagger::resolve;

use crate::json::child_pointer as below;

/// The declared `type` of `o` when it is one of the JSON types a value can be checked against.
fn value_type<'j>(o: &'j Object<'_>) -> Option<&'j str> {
    let t = get_str(o, "type")?.value.as_ref();
    matches!(
        t,
        "string" | "integer" | "number" | "boolean" | "array" | "object"
    )
    .then_some(t)
}

/// Whether a value of JSON type `kind` meets `type: declared` (an integer is a number).
fn accepts(declared: &str, kind: &str) -> bool {
    declared == kind || (declared == "number" && kind == "integer")
}

declare_rule! {
    /// ## What it does
    /// Reports `"type": "array"` without `items`, in a parameter, a header or a schema.
    ///
    /// ## Why is this bad?
    /// The designer cannot tell what the array holds, so it cannot show its fields or build the
    /// value; the validator rejects the file with ArrayHasNoItems.
    ///
    /// ## Example
    /// ```json
    /// { "name": "ids", "in": "query", "type": "array" }
    /// ```
    ///
    /// Use instead: `"items": { "type": "string" }` beside the type.
    pub SwgArrayItems {
        id: "swg-array-items",
        category: Schema,
        level: Error,
        summary: "Array without 'items'",
        validator: "ArrayHasNoItems",
    }
}

impl Rule for SwgArrayItems {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(cx, &Self::META, &["type"], |_, o, pointer| {
            let Some(t) = get_str(o, "type").filter(|t| t.value == "array") else {
                return Vec::new();
            };
            if get(o, "items").is_some() {
                return Vec::new();
            }
            vec![(
                t.range(),
                pointer.to_string(),
                "The array should have items specified.".to_string(),
            )]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `"required": []` in a schema.
    ///
    /// ## Why is this bad?
    /// An empty list says nothing; the validator rejects the file with
    /// RequiredPropertyArrayEmpty.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "required": [], "properties": { "id": { "type": "string" } } }
    /// ```
    ///
    /// Use instead: leave `required` out. The fix removes it (safe: an empty list requires
    /// nothing).
    pub SwgRequiredEmpty {
        id: "swg-required-empty",
        category: Schema,
        level: Error,
        summary: "Empty 'required' list",
        validator: "RequiredPropertyArrayEmpty",
        fix: Safe,
    }
}

impl Rule for SwgRequiredEmpty {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects_with(cx, &["required"], |doc, o, pointer| {
            let Some(i) = o.properties.iter().position(|p| {
                p.name.as_str() == "required"
                    && matches!(&p.value, Value::Array(a) if a.elements.is_empty())
            }) else {
                return Vec::new();
            };
            let fix = crate::json::remove_member(o, i)
                .map(|e| Fix::edit("Remove the empty 'required' list", e));
            vec![Diagnostic::new(
                &Self::META,
                doc.file,
                o.properties[i].value.range(),
                below(pointer, "required"),
                "The 'required' array requires at least one value. If no properties are required in the schema, remove the 'required' property.",
            )
            .with_fix_if(fix)]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `required` list in a schema whose `type` is not `object`.
    ///
    /// ## Why is this bad?
    /// Only an object has properties to require; the validator reports
    /// RequiredPropertyNotOnObject. A warning, not an error: 8 certified connectors were merged
    /// with such lists (most in array schemas that mean their items' properties).
    ///
    /// ## Example
    /// ```json
    /// { "type": "array", "required": ["id"], "items": { "type": "object" } }
    /// ```
    ///
    /// Use instead: move `required` to the object it means (here, `items`).
    pub SwgRequiredNonObject {
        id: "swg-required-non-object",
        category: Schema,
        level: Warning,
        summary: "'required' on a schema that is not an object",
        validator: "RequiredPropertyNotOnObject",
    }
}

impl Rule for SwgRequiredNonObject {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(cx, &Self::META, &["required"], |_, o, pointer| {
            let (Some(r), Some(t)) = (prop(o, "required"), get_str(o, "type")) else {
                return Vec::new();
            };
            if !matches!(r.value, Value::Array(_)) || t.value == "object" {
                return Vec::new();
            }
            vec![(
                r.name.range(),
                below(pointer, "required"),
                "The property 'required' is applicable to schemas with 'object' type only and should be removed.".to_string(),
            )]
        });
    }
}

/// Whether the properties of `o` are given elsewhere: by `allOf`, a `$ref`, or a dynamic schema.
fn properties_elsewhere(o: &Object<'_>) -> bool {
    [
        "allOf",
        "$ref",
        "x-ms-dynamic-schema",
        "x-ms-dynamic-properties",
    ]
    .iter()
    .any(|k| get(o, k).is_some())
}

declare_rule! {
    /// ## What it does
    /// Reports a name in an object schema's `required` list that is not one of its
    /// `properties`. Schemas whose properties come from `allOf`, a `$ref` or a dynamic schema
    /// are not judged.
    ///
    /// ## Why is this bad?
    /// The designer marks a field as required that it does not show, so the request can never
    /// be valid; the validator reports RequiredPropertyDefinitionMissing. A warning, not an
    /// error: 9 certified connectors were merged with such names (most a case or spelling
    /// slip, which the warning is for).
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "required": ["Id"], "properties": { "id": { "type": "string" } } }
    /// ```
    ///
    /// Use instead: `"required": ["id"]`.
    pub SwgRequiredUndefined {
        id: "swg-required-undefined",
        category: Schema,
        level: Warning,
        summary: "Required property that is not defined",
        validator: "RequiredPropertyDefinitionMissing",
    }
}

impl Rule for SwgRequiredUndefined {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(cx, &Self::META, &["required"], |_, o, pointer| {
            let Some(list) = get_arr(o, "required") else {
                return Vec::new();
            };
            let not_object = get_str(o, "type").is_some_and(|t| t.value != "object");
            if not_object || properties_elsewhere(o) {
                return Vec::new();
            }
            let props = get_obj(o, "properties");
            list.elements
                .iter()
                .enumerate()
                .filter_map(|(i, e)| {
                    let Value::StringLit(name) = e else {
                        return None;
                    };
                    if props.is_some_and(|p| prop(p, &name.value).is_some()) {
                        return None;
                    }
                    let mut at = below(pointer, "required");
                    push_index(&mut at, i);
                    Some((
                        name.range(),
                        at,
                        format!(
                            "The required property '{}' is not defined in the object schema.",
                            name.value
                        ),
                    ))
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `"enum": []`.
    ///
    /// ## Why is this bad?
    /// No value can be chosen; the validator rejects the file with
    /// EnumMustContainAtLeastOneElement.
    ///
    /// ## Example
    /// ```json
    /// { "name": "status", "in": "query", "type": "string", "enum": [] }
    /// ```
    ///
    /// Use instead: list the values, or leave `enum` out.
    pub SwgEnumEmpty {
        id: "swg-enum-empty",
        category: Schema,
        level: Error,
        summary: "Empty 'enum' list",
        validator: "EnumMustContainAtLeastOneElement",
    }
}

impl Rule for SwgEnumEmpty {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(cx, &Self::META, &["enum"], |_, o, pointer| {
            match get_arr(o, "enum") {
                Some(a) if a.elements.is_empty() => vec![(
                    a.range.clone(),
                    below(pointer, "enum"),
                    "The 'enum' array requires at least one value.".to_string(),
                )],
                _ => Vec::new(),
            }
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `multipleOf` of zero or below.
    ///
    /// ## Why is this bad?
    /// No value is a multiple of zero, and a negative step means nothing; the validator rejects
    /// the file with MultipleOfMustBeGreaterThanZero.
    ///
    /// ## Example
    /// ```json
    /// { "type": "number", "multipleOf": 0 }
    /// ```
    ///
    /// Use instead: `"multipleOf": 0.01`, or leave it out.
    pub SwgMultipleof {
        id: "swg-multipleof",
        category: Schema,
        level: Error,
        summary: "'multipleOf' not above zero",
        validator: "MultipleOfMustBeGreaterThanZero",
    }
}

impl Rule for SwgMultipleof {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(cx, &Self::META, &["multipleOf"], |doc, o, pointer| {
            let Some(Value::NumberLit(r)) = get(o, "multipleOf") else {
                return Vec::new();
            };
            let n: Option<f64> = doc.text.get(r.clone()).and_then(|t| t.parse().ok());
            if n.is_none_or(|n| n > 0.0) {
                return Vec::new();
            }
            vec![(
                r.clone(),
                below(pointer, "multipleOf"),
                "The 'multipleOf' value must be greater than zero.".to_string(),
            )]
        });
    }
}

/// Why `pattern` is not a regular expression in any dialect, when it is clearly not one: a group
/// or class never closed, a `)` without `(`, a quantifier with nothing to repeat, `{n,m}` with
/// n above m, a lone final backslash. The validator runs .NET regular expressions, which accept
/// more than most engines (lookbehind, named and balancing groups, `\p{IsBasicLatin}`): so only
/// what every dialect rejects is reported, never a construct one engine lacks.
pub(crate) fn regex_error(pattern: &str) -> Option<&'static str> {
    let mut chars = pattern.chars().peekable();
    let mut depth = 0usize;
    // Whether the last item can take a quantifier.
    let mut can_repeat = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if chars.next().is_none() {
                    return Some("it ends with a lone backslash");
                }
                can_repeat = true;
            }
            '[' => {
                if chars.peek() == Some(&'^') {
                    chars.next();
                }
                let mut first = true;
                loop {
                    match chars.next() {
                        None => return Some("a '[' is never closed"),
                        Some('\\') if chars.next().is_none() => {
                            return Some("it ends with a lone backslash");
                        }
                        Some(']') if !first => break,
                        _ => {}
                    }
                    first = false;
                }
                can_repeat = true;
            }
            '(' => {
                depth += 1;
                can_repeat = false;
                if chars.peek() == Some(&'?') {
                    chars.next(); // a group construct, not a quantifier
                }
            }
            ')' => {
                if depth == 0 {
                    return Some("a ')' has no '('");
                }
                depth -= 1;
                can_repeat = true;
            }
            '*' | '+' | '?' => {
                if !can_repeat {
                    return Some("a quantifier has nothing to repeat");
                }
                if matches!(chars.peek(), Some('?' | '+')) {
                    chars.next(); // lazy or possessive
                }
                can_repeat = false;
            }
            '{' => {
                let rest: String = chars.clone().take_while(|&c| c != '}').collect();
                let bounds: Vec<&str> = rest.split(',').collect();
                let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
                let quantifier = chars.clone().any(|c| c == '}')
                    && match bounds.as_slice() {
                        [n] => numeric(n),
                        [n, m] => numeric(n) && (m.is_empty() || numeric(m)),
                        _ => false,
                    };
                if !quantifier {
                    can_repeat = true; // a literal brace
                    continue;
                }
                if !can_repeat {
                    return Some("a quantifier has nothing to repeat");
                }
                if let [n, m] = bounds.as_slice() {
                    if let (Ok(n), Ok(m)) = (n.parse::<u64>(), m.parse::<u64>()) {
                        if n > m {
                            return Some("a '{n,m}' quantifier has n greater than m");
                        }
                    }
                }
                for _ in 0..=rest.chars().count() {
                    chars.next();
                }
                if chars.peek() == Some(&'?') {
                    chars.next();
                }
                can_repeat = false;
            }
            '|' => can_repeat = false,
            _ => can_repeat = true,
        }
    }
    (depth > 0).then_some("a '(' is never closed")
}

declare_rule! {
    /// ## What it does
    /// Reports a `pattern` that is not a regular expression: a group or class that is never
    /// closed, a `)` without `(`, a quantifier with nothing to repeat, `{n,m}` with n above m,
    /// a lone final backslash.
    ///
    /// ## Why is this bad?
    /// No value can be checked against it; the validator rejects the file with
    /// PatternShouldBeValidRegularExpression. The validator uses .NET regular expressions, so
    /// only what every dialect rejects is reported: a lookbehind or a named group is fine.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "pattern": "^([A-Z]{2,3}$" }
    /// ```
    ///
    /// Use instead: `"^([A-Z]{2,3})$"`.
    pub SwgPatternRegex {
        id: "swg-pattern-regex",
        category: Schema,
        level: Error,
        summary: "'pattern' that is not a regular expression",
        validator: "PatternShouldBeValidRegularExpression",
    }
}

impl Rule for SwgPatternRegex {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(cx, &Self::META, &["pattern"], |_, o, pointer| {
            let Some(p) = get_str(o, "pattern") else {
                return Vec::new();
            };
            let Some(why) = regex_error(&p.value) else {
                return Vec::new();
            };
            vec![(
                p.range(),
                below(pointer, "pattern"),
                format!("The 'pattern' value should be a valid regular expression ({why})."),
            )]
        });
    }
}

/// The text of a string value as the JSON literal of `kind`, when it is one: `"10"` as `10`,
/// `"true"` as `true`.
fn retyped(text: &str, kind: &str) -> Option<String> {
    let t = text.trim();
    let ok = match kind {
        "integer" => {
            !t.is_empty()
                && t.trim_start_matches('-')
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                && t.trim_start_matches('-').len() <= 15
        }
        "number" => {
            t.parse::<f64>().is_ok_and(f64::is_finite)
                && !t.contains(['i', 'I', 'n', 'N', '+'])
                && !t.starts_with('.')
                && !t.ends_with('.')
        }
        "boolean" => t == "true" || t == "false",
        _ => false,
    };
    ok.then(|| t.to_string())
}

declare_rule! {
    /// ## What it does
    /// Reports a `default` whose JSON type is not the declared `type`: `"10"` for an integer,
    /// `"true"` for a boolean. `"default": null` is not reported (it means no default).
    ///
    /// ## Why is this bad?
    /// The designer pre-fills a value of the wrong type, which the API may reject; the
    /// validator reports DefaultValueMustMatchType. A warning, not an error: 18 certified
    /// connectors were merged with such defaults.
    ///
    /// ## Example
    /// ```json
    /// { "name": "top", "in": "query", "type": "integer", "default": "10" }
    /// ```
    ///
    /// Use instead: `"default": 10`. The fix writes the string's value as a number or a boolean
    /// when it is one (unsafe: the API receives the same text, but code that reads the swagger
    /// sees another type).
    pub SwgDefaultType {
        id: "swg-default-type",
        category: Schema,
        level: Warning,
        summary: "'default' of another type than declared",
        validator: "DefaultValueMustMatchType",
        fix: Unsafe,
    }
}

impl Rule for SwgDefaultType {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects_with(cx, &["default"], |doc, o, pointer| {
            let (Some(t), Some(v)) = (value_type(o), get(o, "default")) else {
                return Vec::new();
            };
            let kind = crate::json::type_name(doc.text, v);
            if kind == "null" || accepts(t, kind) {
                return Vec::new();
            }
            let fix = match v {
                Value::StringLit(s) => retyped(&s.value, t).map(|lit| {
                    Fix::replace(
                        format!("Write the default as the {t} {lit}"),
                        s.range(),
                        lit,
                    )
                }),
                _ => None,
            };
            vec![Diagnostic::new(
                &Self::META,
                doc.file,
                v.range(),
                below(pointer, "default"),
                format!("The 'default' value is of type '{kind}', but should match the given type '{t}'."),
            )
            .with_fix_if(fix)]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a value of an `enum` whose JSON type is not the declared `type`: `"1"` in the
    /// enum of an integer. `null` values are not reported.
    ///
    /// ## Why is this bad?
    /// The designer offers a choice the API does not accept as that type; the validator reports
    /// InvalidEnumValue. A warning, not an error: 13 certified connectors were merged with such
    /// values.
    ///
    /// ## Example
    /// ```json
    /// { "name": "priority", "in": "query", "type": "integer", "enum": ["1", "2"] }
    /// ```
    ///
    /// Use instead: `"enum": [1, 2]`. The fix writes a string that holds a number or a boolean
    /// as that value (unsafe, as for `swg-default-type`).
    pub EnumValueType {
        id: "enum-value-type",
        category: Schema,
        level: Warning,
        summary: "Enum value of another type than declared",
        validator: "InvalidEnumValue",
        fix: Unsafe,
    }
}

impl Rule for EnumValueType {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects_with(cx, &["enum"], |doc, o, pointer| {
            let (Some(t), Some(list)) = (value_type(o), get_arr(o, "enum")) else {
                return Vec::new();
            };
            list.elements
                .iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    let kind = crate::json::type_name(doc.text, v);
                    if kind == "null" || accepts(t, kind) {
                        return None;
                    }
                    let fix = match v {
                        Value::StringLit(s) => retyped(&s.value, t).map(|lit| {
                            Fix::replace(format!("Write the value as the {t} {lit}"), s.range(), lit)
                        }),
                        _ => None,
                    };
                    let mut at = below(pointer, "enum");
                    push_index(&mut at, i);
                    Some(
                        Diagnostic::new(
                            &Self::META,
                            doc.file,
                            v.range(),
                            at,
                            format!("The type of the enum value is '{kind}' but it should be '{t}' as specified in the schema."),
                        )
                        .with_fix_if(fix),
                    )
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports keys written beside a `$ref` (in a schema, a parameter list or a response).
    ///
    /// ## Why is this bad?
    /// In Swagger 2.0 a `$ref` replaces the whole object: a `description` or `x-ms-summary`
    /// beside it is ignored by tools that follow the specification, so the text a user should
    /// see may not be shown. The validator reports AdditionalPropertyNotAllowedAdjacentToRef. A
    /// warning, not an error: 26 certified connectors were merged with keys beside a `$ref`.
    ///
    /// ## Example
    /// ```json
    /// { "$ref": "#/definitions/Address", "description": "The postal address." }
    /// ```
    ///
    /// Use instead: write the text in the definition, or wrap the reference:
    /// `{ "allOf": [{ "$ref": "#/definitions/Address" }], "description": "…" }`.
    pub SwgRefSiblings {
        id: "swg-ref-siblings",
        category: Schema,
        level: Warning,
        summary: "Keys beside a '$ref'",
        validator: "AdditionalPropertyNotAllowedAdjacentToRef",
    }
}

impl Rule for SwgRefSiblings {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(cx, &Self::META, &["$ref"], |_, o, pointer| {
            if !matches!(get(o, "$ref"), Some(Value::StringLit(_))) {
                return Vec::new();
            }
            let others: Vec<&str> = o
                .properties
                .iter()
                .map(|p| p.name.as_str())
                .filter(|k| *k != "$ref")
                .collect();
            let Some(first) = o.properties.iter().find(|p| p.name.as_str() != "$ref") else {
                return Vec::new();
            };
            vec![(
                first.name.range(),
                pointer.to_string(),
                format!(
                    "When '$ref' is defined, no other properties may be specified (found '{}').",
                    others.join("', '")
                ),
            )]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `discriminator` that does not name a required string property of its schema.
    ///
    /// ## Why is this bad?
    /// The discriminator tells which subtype a value is; without a required string property to
    /// read, no value can be told apart. The validator rejects the file with
    /// DiscriminatorMustBeARequiredStringProperty.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "discriminator": "kind", "properties": { "kind": { "type": "string" } } }
    /// ```
    ///
    /// Use instead: add `"required": ["kind"]`.
    pub SwgDiscriminator {
        id: "swg-discriminator",
        category: Schema,
        level: Error,
        summary: "'discriminator' that is not a required string property",
        validator: "DiscriminatorMustBeARequiredStringProperty",
    }
}

impl Rule for SwgDiscriminator {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(cx, &Self::META, &["discriminator"], |doc, o, pointer| {
            let Some(d) = get_str(o, "discriminator") else {
                return Vec::new();
            };
            let name = d.value.as_ref();
            let required = get_arr(o, "required").is_some_and(|a| {
                a.elements
                    .iter()
                    .any(|e| matches!(e, Value::StringLit(s) if s.value == name))
            });
            let string = get_obj(o, "properties")
                .and_then(|p| get(p, name))
                .and_then(|v| resolve(doc, v).ok())
                .and_then(as_obj)
                .and_then(|p| get_str(p, "type"))
                .is_some_and(|t| t.value == "string");
            if required && string {
                return Vec::new();
            }
            vec![(
                d.range(),
                below(pointer, "discriminator"),
                "The 'discriminator' value must be the name of a required string property."
                    .to_string(),
            )]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `collectionFormat` other than `csv`, `ssv`, `tsv`, `pipes` and `multi`, and
    /// `multi` on a parameter that is not in the query or the form.
    ///
    /// ## Why is this bad?
    /// The connector cannot serialise the array; the validator rejects the file with
    /// CollectionFormatValueNotSupported.
    ///
    /// ## Example
    /// ```json
    /// { "name": "ids", "in": "path", "type": "array", "items": { "type": "string" }, "collectionFormat": "multi" }
    /// ```
    ///
    /// Use instead: `"collectionFormat": "csv"`.
    pub SwgCollectionformat {
        id: "swg-collectionformat",
        category: Parameter,
        level: Error,
        summary: "Unsupported 'collectionFormat'",
        validator: "CollectionFormatValueNotSupported",
    }
}

impl Rule for SwgCollectionformat {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(cx, &Self::META, &["collectionFormat"], |_, o, pointer| {
            let Some(f) = get_str(o, "collectionFormat") else {
                return Vec::new();
            };
            let location = get_str(o, "in").map(|s| s.value.as_ref());
            let supported = match f.value.as_ref() {
                "csv" | "ssv" | "tsv" | "pipes" => true,
                "multi" => location.is_none_or(|l| l == "query" || l == "formData"),
                _ => false,
            };
            if supported {
                return Vec::new();
            }
            vec![(
                f.range(),
                below(pointer, "collectionFormat"),
                format!(
                    "The 'collectionFormat' keyword value '{}' is not supported.",
                    f.value
                ),
            )]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `"x-ms-editor": "dictionary"` on a schema that is not an object open to
    /// additional properties.
    ///
    /// ## Why is this bad?
    /// The dictionary editor lets a user add keys and values, which only an object with
    /// additional properties can hold; the validator rejects the file with
    /// InvalidCustomEditorExtensionDictionaryValue.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "x-ms-editor": "dictionary" }
    /// ```
    ///
    /// Use instead: `{ "type": "object", "additionalProperties": { "type": "string" }, "x-ms-editor": "dictionary" }`.
    pub SwgEditorDictionary {
        id: "swg-editor-dictionary",
        category: Schema,
        level: Error,
        summary: "Dictionary editor on a schema that is not an open object",
        validator: "InvalidCustomEditorExtensionDictionaryValue",
    }
}

impl Rule for SwgEditorDictionary {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(cx, &Self::META, &["x-ms-editor"], |_, o, pointer| {
            let Some(e) = get_str(o, "x-ms-editor").filter(|e| e.value == "dictionary") else {
                return Vec::new();
            };
            let object = get_str(o, "type").is_none_or(|t| t.value == "object");
            let closed = matches!(
                get(o, "additionalProperties"),
                Some(Value::BooleanLit(false, _))
            );
            if object && !closed {
                return Vec::new();
            }
            vec![(
                e.range(),
                below(pointer, "x-ms-editor"),
                "The 'x-ms-editor' extension can be specified as 'dictionary' only for schema with type object and additional properties allowed.".to_string(),
            )]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `anyOf`, `oneOf` and `not` in a schema: JSON Schema keywords that Swagger 2.0
    /// does not have.
    ///
    /// ## Why is this bad?
    /// The designer cannot show a choice of shapes; the validator rejects the file with
    /// SwaggerKeywordNotSupported.
    ///
    /// ## Example
    /// ```json
    /// { "oneOf": [{ "type": "string" }, { "type": "integer" }] }
    /// ```
    ///
    /// Use instead: one schema (here `"type": "string"`), or `x-ms-dynamic-schema` when the shape
    /// depends on another value.
    pub SwgKeywordUnsupported {
        id: "swg-keyword-unsupported",
        category: Schema,
        level: Error,
        summary: "'anyOf', 'oneOf' or 'not' in a schema",
        validator: "SwaggerKeywordNotSupported",
    }
}

impl Rule for SwgKeywordUnsupported {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(
            cx,
            &Self::META,
            &["anyOf", "oneOf", "not"],
            |_, o, pointer| {
                o.properties
                    .iter()
                    .filter(|p| matches!(p.name.as_str(), "anyOf" | "oneOf" | "not"))
                    .filter(|p| matches!(p.value, Value::Object(_) | Value::Array(_)))
                    .map(|p| {
                        (
                            p.name.range(),
                            below(pointer, p.name.as_str()),
                            format!("The '{}' keyword is not supported.", p.name.as_str()),
                        )
                    })
                    .collect()
            },
        );
    }
}

/// Whether `m` has the form of a MIME type: `type/subtype`, each a token, then parameters.
fn is_mime(m: &str) -> bool {
    let essence = m.split(';').next().unwrap_or("").trim();
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    matches!(essence.split_once('/'), Some((t, s)) if token(t) && token(s))
}

declare_rule! {
    /// ## What it does
    /// Reports an entry of `consumes` or `produces` that is not a MIME type (`type/subtype`).
    ///
    /// ## Why is this bad?
    /// The connector cannot set the request's `Content-Type` or read the response; the
    /// validator rejects the file with MimeTypeNotValid.
    ///
    /// ## Example
    /// ```json
    /// { "produces": ["json"] }
    /// ```
    ///
    /// Use instead: `"application/json"`.
    pub SwgMimeInvalid {
        id: "swg-mime-invalid",
        category: Operation,
        level: Error,
        summary: "'consumes' or 'produces' entry that is not a MIME type",
        validator: "MimeTypeNotValid",
    }
}

impl Rule for SwgMimeInvalid {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(
            cx,
            &Self::META,
            &["consumes", "produces"],
            |_, o, pointer| {
                let mut out = Vec::new();
                for key in ["consumes", "produces"] {
                    let Some(list) = get_arr(o, key) else {
                        continue;
                    };
                    for (i, e) in list.elements.iter().enumerate() {
                        let Value::StringLit(m) = e else {
                            continue;
                        };
                        if is_mime(&m.value) {
                            continue;
                        }
                        let mut at = below(pointer, key);
                        push_index(&mut at, i);
                        out.push((
                            m.range(),
                            at,
                            format!("The MIME type '{}' is not valid.", m.value),
                        ));
                    }
                }
                out
            },
        );
    }
}

/// Why a local `$ref` (`#…`) is not a JSON pointer, when it is not one.
pub(crate) fn pointer_error(r: &str) -> Option<&'static str> {
    let p = r.strip_prefix('#')?;
    if !p.is_empty() && !p.starts_with('/') {
        return Some("after '#' it must start with '/'");
    }
    let mut bytes = p.bytes().peekable();
    while let Some(b) = bytes.next() {
        if b == b'~' && !matches!(bytes.peek(), Some(b'0' | b'1')) {
            return Some("'~' must be followed by 0 or 1");
        }
    }
    None
}

declare_rule! {
    /// ## What it does
    /// Reports a local `$ref` that is not a JSON pointer: `#definitions/Task` (no `/` after
    /// `#`), or a `~` not followed by `0` or `1`.
    ///
    /// ## Why is this bad?
    /// The reference cannot be followed; the validator rejects the file with
    /// JsonPointerNotValid.
    ///
    /// ## Example
    /// ```json
    /// { "$ref": "#definitions/Task" }
    /// ```
    ///
    /// Use instead: `"#/definitions/Task"`.
    pub SwgJsonPointer {
        id: "swg-json-pointer",
        category: Schema,
        level: Error,
        summary: "'$ref' that is not a JSON pointer",
        validator: "JsonPointerNotValid",
    }
}

impl Rule for SwgJsonPointer {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(cx, &Self::META, &["$ref"], |_, o, pointer| {
            let Some(r) = get_str(o, "$ref") else {
                return Vec::new();
            };
            let Some(why) = pointer_error(&r.value) else {
                return Vec::new();
            };
            vec![(
                r.range(),
                below(pointer, "$ref"),
                format!("The JSON Pointer path is not valid ({why})."),
            )]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `"type": "file"` on a schema that is neither a form parameter nor the whole
    /// schema of a response: a property, an array's items, a body's schema.
    ///
    /// ## Why is this bad?
    /// Swagger 2.0 has `file` only for form uploads and whole-response downloads; the validator
    /// rejects the file with SchemaTypeFileNotValid.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "properties": { "content": { "type": "file" } } }
    /// ```
    ///
    /// Use instead: `{ "type": "string", "format": "binary" }` (or `byte` for base64 in JSON).
    pub SwgSchemaFile {
        id: "swg-schema-file",
        category: Schema,
        level: Error,
        summary: "'file' type inside a schema",
        validator: "SchemaTypeFileNotValid",
    }
}

impl Rule for SwgSchemaFile {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        // Found on first use: most connectors have no schema these rules ask about.
        let model = cx.connector.model;
        check_objects(cx, &Self::META, &["type"], |_, o, pointer| {
            let Some(t) = get_str(o, "type").filter(|t| t.value == "file") else {
                return Vec::new();
            };
            if get(o, "in").is_some() || model.flows().is_response_root(pointer) {
                return Vec::new(); // a parameter: swg-file-formdata judges its location
            }
            vec![(
                t.range(),
                below(pointer, "type"),
                "The schema type 'file' is not valid. Only parameters in 'formData' and the root response schema may be of type 'file'.".to_string(),
            )]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a parameter of `"type": "file"` that is not in `formData`.
    ///
    /// ## Why is this bad?
    /// Swagger 2.0 uploads files only as form fields; the validator rejects the file with
    /// FileParameterMustBeInFormData.
    ///
    /// ## Example
    /// ```json
    /// { "name": "content", "in": "query", "type": "file" }
    /// ```
    ///
    /// Use instead: `"in": "formData"` with `"consumes": ["multipart/form-data"]`, or a body
    /// with `{ "type": "string", "format": "binary" }`.
    pub SwgFileFormdata {
        id: "swg-file-formdata",
        category: Parameter,
        level: Error,
        summary: "File parameter outside the form",
        validator: "FileParameterMustBeInFormData",
    }
}

impl Rule for SwgFileFormdata {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(cx, &Self::META, &["type"], |_, o, pointer| {
            let (Some(t), Some(l)) = (get_str(o, "type"), get_str(o, "in")) else {
                return Vec::new();
            };
            if t.value != "file" || l.value == "formData" {
                return Vec::new();
            }
            vec![(
                t.range(),
                below(pointer, "type"),
                "Parameters of type 'file' are not valid in locations other than 'formData'."
                    .to_string(),
            )]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a schema of type `string` and format `binary` that is not the whole of a body, a
    /// form parameter or a response: a property or an array's items (the items of a form
    /// parameter are files, each a part of the form, and are not reported).
    ///
    /// ## Why is this bad?
    /// Binary content cannot sit inside a JSON document; the validator reports
    /// InvalidStringBinaryProperty. A warning, not an error: certified connectors were merged
    /// with binary properties in their responses (see BENCHMARKS.md, issue 21).
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "properties": { "content": { "type": "string", "format": "binary" } } }
    /// ```
    ///
    /// Use instead: `"format": "byte"` (base64) for content inside JSON, or make the binary the
    /// whole body.
    pub SwgStringBinaryPosition {
        id: "swg-string-binary-position",
        category: Schema,
        level: Warning,
        summary: "Binary string inside a JSON schema",
        validator: "InvalidStringBinaryProperty",
    }
}

impl Rule for SwgStringBinaryPosition {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        // Found on first use: most connectors have no schema these rules ask about.
        let model = cx.connector.model;
        // The items of a form parameter are files, each a part of the form of its own.
        let form_items: std::collections::HashSet<String> = cx
            .connector
            .model
            .structure()
            .map(|s| {
                s.parameters
                    .iter()
                    .filter(|p| p.location() == "formData")
                    .map(|p| below(&p.pointer, "items"))
                    .collect()
            })
            .unwrap_or_default();
        check_objects(cx, &Self::META, &["format"], |_, o, pointer| {
            let binary = get_str(o, "type").is_some_and(|t| t.value == "string");
            let Some(f) = get_str(o, "format").filter(|f| binary && f.value == "binary") else {
                return Vec::new();
            };
            if get(o, "in").is_some()
                || form_items.contains(&**pointer)
                || model.flows().is_body_root(pointer)
                || model.flows().is_response_root(pointer)
                || model.flows().is_unreached_definition(pointer)
            {
                return Vec::new();
            }
            vec![(
                f.range(),
                below(pointer, "format"),
                "A schema with type/format 'string/binary' can only be at the top level of a body or formData parameter.".to_string(),
            )]
        });
    }
}

/// The keys a body parameter may not have: they describe other parameters' values, and the body
/// is described by its `schema`.
const NON_BODY_KEYS: [&str; 18] = [
    "allowEmptyValue",
    "collectionFormat",
    "default",
    "enum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "format",
    "items",
    "maxItems",
    "maxLength",
    "maximum",
    "minItems",
    "minLength",
    "minimum",
    "multipleOf",
    "pattern",
    "type",
    "uniqueItems",
];

declare_rule! {
    /// ## What it does
    /// Reports a body parameter with keys that only other parameters have: `type`, `format`,
    /// `items`, `enum`, `default`, limits.
    ///
    /// ## Why is this bad?
    /// They are ignored: the body is described by its `schema`, so the type or limit the author
    /// meant is not applied; the validator rejects the file with BodyParameterPropertyNotValid.
    ///
    /// ## Example
    /// ```json
    /// { "name": "body", "in": "body", "type": "object", "schema": { "$ref": "#/definitions/Task" } }
    /// ```
    ///
    /// Use instead: move the key into the `schema`, or remove it.
    pub SwgBodyParamProps {
        id: "swg-body-param-props",
        category: Parameter,
        level: Error,
        summary: "Body parameter with a key that belongs in its schema",
        validator: "BodyParameterPropertyNotValid",
    }
}

impl Rule for SwgBodyParamProps {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(cx, &Self::META, &["in"], |_, o, pointer| {
            if get_str(o, "in").is_none_or(|l| l.value != "body") {
                return Vec::new();
            }
            o.properties
                .iter()
                .filter(|p| NON_BODY_KEYS.binary_search(&p.name.as_str()).is_ok())
                .map(|p| {
                    (
                        p.name.range(),
                        below(pointer, p.name.as_str()),
                        format!("The 'body' parameter cannot use property '{}', instead, the 'schema' property should be used to define the type used by the parameter.", p.name.as_str()),
                    )
                })
                .collect()
        });
    }
}

/// The `filterFunctions` list of a schema's `x-ms-capabilities`, with its pointer.
fn filter_functions<'j, 'a>(
    o: &'j Object<'a>,
    pointer: &str,
) -> Option<(&'j crate::json::ObjectProp<'a>, String)> {
    let f = get_obj(o, "x-ms-capabilities").and_then(|c| prop(c, "filterFunctions"))?;
    let mut at = below(pointer, "x-ms-capabilities");
    push_token(&mut at, "filterFunctions");
    Some((f, at))
}

declare_rule! {
    /// ## What it does
    /// Reports an empty `x-ms-capabilities.filterFunctions` list.
    ///
    /// ## Why is this bad?
    /// The list names the filter functions a column supports; an empty one says nothing. The
    /// validator rejects the file with FilterFunctionsPropertyEmpty.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "x-ms-capabilities": { "filterFunctions": [] } }
    /// ```
    ///
    /// Use instead: list the functions (`["eq", "startswith"]`), or leave the list out.
    pub SwgFilterfunctionsEmpty {
        id: "swg-filterfunctions-empty",
        category: Schema,
        level: Error,
        summary: "Empty 'filterFunctions' list",
        validator: "FilterFunctionsPropertyEmpty",
    }
}

impl Rule for SwgFilterfunctionsEmpty {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(cx, &Self::META, &["x-ms-capabilities"], |_, o, pointer| {
            match filter_functions(o, pointer) {
                Some((f, at)) if matches!(&f.value, Value::Array(a) if a.elements.is_empty()) => {
                    vec![(
                        f.value.range(),
                        at,
                        "The 'filterFunctions' property must have at least one element."
                            .to_string(),
                    )]
                }
                _ => Vec::new(),
            }
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a function named twice in `x-ms-capabilities.filterFunctions`.
    ///
    /// ## Why is this bad?
    /// The validator rejects the file with FilterFunctionsPropertyHasDuplicates.
    ///
    /// ## Example
    /// ```json
    /// { "x-ms-capabilities": { "filterFunctions": ["eq", "eq"] } }
    /// ```
    ///
    /// Use instead: `["eq"]`.
    pub SwgFilterfunctionsDup {
        id: "swg-filterfunctions-dup",
        category: Schema,
        level: Error,
        summary: "Repeated filter function",
        validator: "FilterFunctionsPropertyHasDuplicates",
    }
}

impl Rule for SwgFilterfunctionsDup {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_objects(cx, &Self::META, &["x-ms-capabilities"], |_, o, pointer| {
            let Some((f, at)) = filter_functions(o, pointer) else {
                return Vec::new();
            };
            let Value::Array(a) = &f.value else {
                return Vec::new();
            };
            let mut seen = std::collections::HashSet::new();
            a.elements
                .iter()
                .enumerate()
                .filter_map(|(i, e)| match e {
                    Value::StringLit(s) if !seen.insert(s.value.as_ref()) => {
                        let mut p = at.clone();
                        push_index(&mut p, i);
                        Some((
                            s.range(),
                            p,
                            "The 'filterFunctions' property cannot contain duplicates.".to_string(),
                        ))
                    }
                    _ => None,
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `x-ms-capabilities.filterFunctions` in a request schema (a body parameter, or a
    /// definition that only requests use).
    ///
    /// ## Why is this bad?
    /// The list tells the designer how it may filter the rows a response returns; in a request
    /// it means nothing. The validator rejects the file with FilterFunctionsPropertyInInputSchema.
    ///
    /// ## Example
    /// ```json
    /// { "in": "body", "name": "body", "schema": { "type": "string", "x-ms-capabilities": { "filterFunctions": ["eq"] } } }
    /// ```
    ///
    /// Use instead: move the list to the response schema's property.
    pub SwgFilterfunctionsInput {
        id: "swg-filterfunctions-input",
        category: Schema,
        level: Error,
        summary: "'filterFunctions' in a request schema",
        validator: "FilterFunctionsPropertyInInputSchema",
    }
}

impl Rule for SwgFilterfunctionsInput {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        // Found on first use: most connectors have no schema these rules ask about.
        let model = cx.connector.model;
        check_objects(cx, &Self::META, &["x-ms-capabilities"], |_, o, pointer| {
            let Some((f, at)) = filter_functions(o, pointer) else {
                return Vec::new();
            };
            if !model.flows().is_input(pointer) || model.flows().is_output(pointer) {
                return Vec::new();
            }
            vec![(
                f.name.range(),
                at,
                "The 'filterFunctions' property has to be in the response schema.".to_string(),
            )]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a property of a request schema that is both `readOnly` and `required`. A
    /// definition that responses use as well is not judged: there `readOnly` is meant for the
    /// response.
    ///
    /// ## Why is this bad?
    /// A read-only property is never sent, so a request that must hold it can never be made;
    /// the validator rejects the file with RequiredReadOnlyPropertyNotAllowedAsInput.
    ///
    /// ## Example
    /// ```json
    /// { "in": "body", "name": "body", "schema": { "type": "object", "required": ["id"],
    ///   "properties": { "id": { "type": "string", "readOnly": true } } } }
    /// ```
    ///
    /// Use instead: drop `id` from `required`, or drop `readOnly`.
    pub SwgReadonlyRequiredInput {
        id: "swg-readonly-required-input",
        category: Schema,
        level: Error,
        summary: "Read-only property required in a request",
        validator: "RequiredReadOnlyPropertyNotAllowedAsInput",
    }
}

impl Rule for SwgReadonlyRequiredInput {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        // Found on first use: most connectors have no schema these rules ask about.
        let model = cx.connector.model;
        check_objects(cx, &Self::META, &["required"], |doc, o, pointer| {
            let (Some(list), Some(props)) = (get_arr(o, "required"), get_obj(o, "properties"))
            else {
                return Vec::new();
            };
            let found: Vec<Finding> = list
                .elements
                .iter()
                .filter_map(|e| {
                    let Value::StringLit(name) = e else {
                        return None;
                    };
                    let p = prop(props, &name.value)?;
                    let schema = resolve(doc, &p.value).ok().and_then(as_obj)?;
                    let ro = prop(schema, "readOnly")
                        .filter(|r| matches!(r.value, Value::BooleanLit(true, _)))?;
                    let mut at = below(pointer, "properties");
                    push_token(&mut at, &name.value);
                    push_token(&mut at, "readOnly");
                    Some((
                        ro.name.range(),
                        at,
                        "An input property cannot be 'readonly' and required.".to_string(),
                    ))
                })
                .collect();
            // Where the schema is used is asked last: it needs the connector's flows.
            if found.is_empty()
                || !model.flows().is_input(pointer)
                || model.flows().is_output(pointer)
            {
                return Vec::new();
            }
            found
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{is_mime, pointer_error, regex_error};

    #[test]
    fn only_what_every_dialect_rejects_is_a_bad_pattern() {
        for good in [
            "^[A-Z]{2,3}$",
            "(?<=a)b",
            "(?<name>x)+",
            "\\p{IsBasicLatin}+",
            "a{,3}",
            "{literal}",
            "[]a]",
            "[^]]",
            "a*?",
            "a{2}?",
            "^\\d+(\\.\\d{1,2})?$",
            "",
        ] {
            assert_eq!(regex_error(good), None, "{good}");
        }
        for (bad, why) in [
            ("^([A-Z]{2,3}$", "a '(' is never closed"),
            ("abc)", "a ')' has no '('"),
            ("*abc", "a quantifier has nothing to repeat"),
            ("a|+b", "a quantifier has nothing to repeat"),
            ("[a-z", "a '[' is never closed"),
            ("a{3,1}", "a '{n,m}' quantifier has n greater than m"),
            ("a**", "a quantifier has nothing to repeat"),
            ("abc\\", "it ends with a lone backslash"),
        ] {
            assert_eq!(regex_error(bad), Some(why), "{bad}");
        }
        // `{2,3$` is not a quantifier, so a literal brace in every dialect.
        assert_eq!(regex_error("^[A-Z]{2,3$"), None);
    }

    #[test]
    fn mime_types_and_pointers() {
        assert!(is_mime("application/json"));
        assert!(is_mime("text/plain; charset=utf-8"));
        assert!(is_mime("*/*"));
        assert!(!is_mime("json"));
        assert!(!is_mime("application/"));
        assert!(!is_mime("application json/x"));
        assert_eq!(pointer_error("#/definitions/A~1B"), None);
        assert_eq!(pointer_error("#"), None);
        assert!(pointer_error("#definitions/A").is_some());
        assert!(pointer_error("#/definitions/A~2").is_some());
        assert_eq!(pointer_error("other.json#/x"), None);
    }
}
