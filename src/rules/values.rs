//! The Swagger Validator's schema checks of the swagger itself (RULES.md §10.5): a field of the
//! wrong JSON type, a value outside its field's enumeration, a member an extension object does
//! not have, an `x-ms-dynamic-values` without the call it needs. The fields and extensions
//! checked, and their types and values, are those of Swagger 2.0 and of the repository's schema
//! (`schemas/apiDefinition.swagger.schema.json`) that every connector the corpus holds agrees
//! with; the schema's stricter parts (unknown `x-ms-*` extensions, the `format` list) are not
//! applied, because Microsoft's own certified connectors break them. The checks run in the
//! scan of `keywords.rs`: one walk of the swagger for them and the keyword rules.

use super::keywords::report_scanned;
use super::{declare_rule, Ctx, Finding, Rule, Subject};
use crate::json::{as_obj, get_str, push_token, Json, Object, Path, Value};

/// The JSON type a field must have, wherever it is written. `required` (a boolean on a
/// parameter, a list in a schema) and `parameters` (a list, a map at the root) depend on where
/// they are.
fn expected_type(o: &Object<'_>, path: &Path<'_>, key: &str) -> Option<&'static str> {
    Some(match key {
        "$ref" | "basePath" | "collectionFormat" | "description" | "discriminator" | "format"
        | "host" | "in" | "name" | "operationId" | "pattern" | "summary" | "swagger" | "title"
        | "type" | "x-ms-summary" | "x-ms-trigger" | "x-ms-url-encoding" | "x-ms-visibility" => {
            "string"
        }
        "allowEmptyValue" | "deprecated" | "exclusiveMaximum" | "exclusiveMinimum" | "readOnly"
        | "uniqueItems" => "boolean",
        "maximum" | "minimum" | "multipleOf" => "number",
        "maxItems" | "maxLength" | "maxProperties" | "minItems" | "minLength" | "minProperties" => {
            "integer"
        }
        "allOf" | "consumes" | "enum" | "produces" | "schemes" | "security" | "tags" => "array",
        "definitions"
        | "externalDocs"
        | "headers"
        | "info"
        | "items"
        | "paths"
        | "properties"
        | "responses"
        | "schema"
        | "securityDefinitions" => "object",
        "parameters" if path.is_empty() => "object",
        "parameters" => "array",
        "required" if crate::json::get(o, "in").is_some() => "boolean",
        "required" => "array",
        _ => return None,
    })
}

declare_rule! {
    /// ## What it does
    /// Reports a Swagger field whose value has the wrong JSON type: an `x-ms-summary` that is a
    /// number, a parameter's `required` written as `"true"`, a `maxLength` of `"10"`.
    ///
    /// ## Why is this bad?
    /// The field is not read as meant (a string `"false"` is not `false`); the validator rejects
    /// the file with JsonTypeIncorrect.
    ///
    /// ## Example
    /// ```json
    /// { "name": "top", "in": "query", "type": "integer", "required": "false" }
    /// ```
    ///
    /// Use instead: `"required": false`.
    pub SwgJsonType {
        id: "swg-json-type",
        category: Schema,
        level: Error,
        summary: "Swagger field of the wrong JSON type",
        validator: "JsonTypeIncorrect",
    }
}

/// What `swg-json-type` finds in one object (see [`SwgJsonType`]).
pub(crate) fn json_type(
    _: &Subject<'_, '_>,
    doc: &Json<'_>,
    o: &Object<'_>,
    path: &Path<'_>,
) -> Vec<Finding> {
    o.properties
            .iter()
            .filter_map(|p| {
                let key = p.name.as_str();
                let want = expected_type(o, path, key)?;
                let got = crate::json::type_name(doc.text, &p.value);
                let fits = got == want || (want == "number" && got == "integer");
                (!fits).then(|| {
                    (
                        p.value.range(),
                        path.pointer_with(key),
                        format!("The type of the property is incorrect. Expected type '{want}', but value is of type '{got}'."),
                    )
                })
            })
            .collect()
}

impl Rule for SwgJsonType {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        report_scanned(cx, &Self::META, json_type);
    }
}

/// The values a field may take, where the field's context is known from its holder and
/// pointer. (`x-ms-visibility` has `op-visibility-valid`; `collectionFormat`
/// `swg-collectionformat`; `schemes` `swg-scheme-valid`.)
fn allowed_values(o: &Object<'_>, path: &Path<'_>, key: &str) -> Option<&'static [&'static str]> {
    // The key first: the context is only worked out for the few keys that have a list.
    if !matches!(
        key,
        "in" | "type" | "flow" | "x-ms-trigger" | "x-ms-url-encoding"
    ) {
        return None;
    }
    let security = path.key(0) == Some("securityDefinitions");
    let parameter = !security && crate::json::get(o, "in").is_some();
    Some(match key {
        "in" if security => &["query", "header"],
        "in" => &["query", "header", "path", "formData", "body"],
        "type" if security => &["basic", "apiKey", "oauth2"],
        "type" if parameter => &["string", "number", "integer", "boolean", "array", "file"],
        "type" => &[
            "string", "number", "integer", "boolean", "array", "object", "file", "null",
        ],
        "flow" if security => &["implicit", "password", "application", "accessCode"],
        "x-ms-trigger" => &["batch", "single"],
        "x-ms-url-encoding" => &["single", "double"],
        _ => return None,
    })
}

declare_rule! {
    /// ## What it does
    /// Reports a value outside its field's enumeration: a parameter's `in` or `type`, a schema's
    /// `type`, a security definition's `type`, `in` or `flow`, `x-ms-trigger`,
    /// `x-ms-url-encoding`.
    ///
    /// ## Why is this bad?
    /// The platform does not know what to do with the value (a parameter `"in": "Query"` is sent
    /// nowhere); the validator rejects the file with JsonValueNotInEnum.
    ///
    /// ## Example
    /// ```json
    /// { "name": "top", "in": "Query", "type": "int" }
    /// ```
    ///
    /// Use instead: `"in": "query", "type": "integer"`.
    pub SwgJsonEnum {
        id: "swg-json-enum",
        category: Schema,
        level: Error,
        summary: "Swagger field with a value outside its enumeration",
        validator: "JsonValueNotInEnum",
    }
}

/// What `swg-json-enum` finds in one object (see [`SwgJsonEnum`]).
pub(crate) fn json_enum(
    _: &Subject<'_, '_>,
    _: &Json<'_>,
    o: &Object<'_>,
    path: &Path<'_>,
) -> Vec<Finding> {
    o.properties
        .iter()
        .filter_map(|p| {
            let key = p.name.as_str();
            let allowed = allowed_values(o, path, key)?;
            let Value::StringLit(v) = &p.value else {
                return None; // the type is swg-json-type's
            };
            (!allowed.contains(&v.value.as_ref())).then(|| {
                (
                    v.range(),
                    path.pointer_with(key),
                    format!(
                        "The property value must be one of the following: {}.",
                        allowed.join(", ")
                    ),
                )
            })
        })
        .collect()
}

impl Rule for SwgJsonEnum {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        report_scanned(cx, &Self::META, json_enum);
    }
}

/// The members each extension object may have, by extension and by where it is written (the
/// repository schema's objects with `additionalProperties: false`). `None`: not checked there.
fn members(ext: &str, path: &Path<'_>) -> Option<&'static [&'static str]> {
    if !ext.starts_with("x-ms-") {
        return None;
    }
    let on_info = || path.len() == 1 && path.key(0) == Some("info");
    let on_root = || path.is_empty();
    let on_operation = || path.len() == 3 && path.key(0) == Some("paths");
    Some(match ext {
        "x-ms-dynamic-schema" => &["operationId", "parameters", "value-path"],
        "x-ms-dynamic-properties" => &["itemValuePath", "operationId", "parameters"],
        "x-ms-dynamic-tree" => &["browse", "open", "settings"],
        "x-ms-operation-context" => &["simulate"],
        "x-ms-pageable" => &["nextLinkName"],
        "x-ms-notification" => &["operationId"],
        "x-ms-api-annotation" if on_info() => &["status"],
        "x-ms-api-annotation" if on_operation() => &["family", "replacement", "revision", "status"],
        "x-ms-capabilities" if on_root() => &["file-picker", "testConnection"],
        "x-ms-capabilities" if on_operation() => &["chunkTransfer"],
        _ => return None,
    })
}

declare_rule! {
    /// ## What it does
    /// Reports a member that an extension object does not have: `x-ms-pageable`,
    /// `x-ms-notification`, `x-ms-dynamic-schema`, `-properties`, `-tree`,
    /// `x-ms-operation-context`, and `x-ms-api-annotation` and `x-ms-capabilities` on the API
    /// and on operations. Members that are extensions (`x-…`) are allowed.
    ///
    /// ## Why is this bad?
    /// The member is ignored, most often because its name is misspelt; the validator rejects
    /// the file with AdditionalPropertyNotAllowed.
    ///
    /// ## Example
    /// ```json
    /// { "x-ms-pageable": { "nextLink": "@odata.nextLink" } }
    /// ```
    ///
    /// Use instead: `"nextLinkName": "@odata.nextLink"`.
    pub SwgAdditionalProperty {
        id: "swg-additional-property",
        category: Schema,
        level: Error,
        summary: "Extension object with a member it does not have",
        validator: "AdditionalPropertyNotAllowed",
    }
}

/// What `swg-additional-property` finds in one object (see [`SwgAdditionalProperty`]).
pub(crate) fn additional_property(
    _: &Subject<'_, '_>,
    _: &Json<'_>,
    o: &Object<'_>,
    path: &Path<'_>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for ext in &o.properties {
        let Some(allowed) = members(ext.name.as_str(), path) else {
            continue;
        };
        let Some(e) = as_obj(&ext.value) else {
            continue;
        };
        for m in &e.properties {
            let name = m.name.as_str();
            if allowed.contains(&name) || name.starts_with("x-") {
                continue;
            }
            let mut at = path.pointer_with(ext.name.as_str());
            push_token(&mut at, name);
            out.push((
                m.name.range(),
                at,
                format!("The property '{name}' is not allowed and must be removed."),
            ));
        }
    }
    out
}

impl Rule for SwgAdditionalProperty {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        report_scanned(cx, &Self::META, additional_property);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-dynamic-values` without any of `operationId`, `builtInOperation` and
    /// `capability`: nothing says where the values come from.
    ///
    /// ## Why is this bad?
    /// The field shows an empty list; the validator rejects the file with
    /// OneOfPropertiesRequired.
    ///
    /// ## Example
    /// ```json
    /// { "x-ms-dynamic-values": { "value-path": "id", "value-title": "name" } }
    /// ```
    ///
    /// Use instead: add `"operationId": "ListBoards"`.
    pub SwgOneofRequired {
        id: "swg-oneof-required",
        category: Operation,
        level: Error,
        summary: "'x-ms-dynamic-values' without an operation",
        validator: "OneOfPropertiesRequired",
    }
}

/// What `swg-oneof-required` finds in one object (see [`SwgOneofRequired`]).
pub(crate) fn oneof_required(
    _: &Subject<'_, '_>,
    _: &Json<'_>,
    o: &Object<'_>,
    path: &Path<'_>,
) -> Vec<Finding> {
    const ONE_OF: [&str; 3] = ["operationId", "builtInOperation", "capability"];
    let Some(ext) = crate::json::prop(o, "x-ms-dynamic-values") else {
        return Vec::new();
    };
    let Some(e) = as_obj(&ext.value) else {
        return Vec::new();
    };
    if ONE_OF.iter().any(|k| get_str(e, k).is_some()) {
        return Vec::new();
    }
    vec![(
        ext.name.range(),
        path.pointer_with("x-ms-dynamic-values"),
        format!(
            "At least one of the properties is required: [{}].",
            ONE_OF.join(", ")
        ),
    )]
}

impl Rule for SwgOneofRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        report_scanned(cx, &Self::META, oneof_required);
    }
}
