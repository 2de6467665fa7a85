//! Swagger Validator rules on the document's root fields, on schema references, and on where a
//! parameter may have a schema (RULES.md §10.2, §10.5, §10.6).

use super::{declare_rule, Ctx, Finding, Rule, RuleMeta};
use crate::json::{as_obj, get, prop, push_index, Object, Path, Value};
use crate::swagger::DATA_KEYS;
use crate::swagger::{follow, RefError};

/// Report, as `meta`, what `f` says about the swagger's root object.
fn check_root(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    f: impl Fn(&Object<'_>) -> Vec<Finding>,
) {
    let Some(doc) = cx.connector.swagger else {
        return;
    };
    let Some(root) = as_obj(&doc.root) else {
        return;
    };
    cx.report_all(meta, doc.file, f(root));
}

declare_rule! {
    /// ## What it does
    /// Reports a `basePath` that does not start with `/`.
    ///
    /// ## Why is this bad?
    /// The validator rejects the file with BasePathNotValid.
    ///
    /// ## Example
    /// ```json
    /// { "basePath": "v1" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "basePath": "/v1" }
    /// ```
    pub SwgBasepath {
        id: "swg-basepath",
        category: Schema,
        level: Error,
        summary: "basePath does not start with '/'",
        validator: "BasePathNotValid",
    }
}

impl Rule for SwgBasepath {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_root(cx, &Self::META, |root| match get(root, "basePath") {
            Some(Value::StringLit(s)) if !s.value.starts_with('/') => vec![(
                s.range(),
                "/basePath".to_string(),
                "The 'basePath' property, if present, must start with a '/' character.".to_string(),
            )],
            _ => Vec::new(),
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `schemes` array that is empty or holds anything but `http` and `https`
    /// (`ws`/`wss` included: WebSocket is not supported).
    ///
    /// ## Why is this bad?
    /// The validator rejects the file with SchemesArrayEmpty, SchemeNotValid or
    /// SchemeNotSupported.
    ///
    /// ## Example
    /// ```json
    /// { "schemes": ["wss"] }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "schemes": ["https"] }
    /// ```
    pub SwgSchemeValid {
        id: "swg-scheme-valid",
        category: Schema,
        level: Error,
        summary: "schemes is empty or not http/https",
        validator: "SchemeNotValid",
    }
}

impl Rule for SwgSchemeValid {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_root(cx, &Self::META, |root| {
            let Some(Value::Array(a)) = get(root, "schemes") else {
                return Vec::new();
            };
            if a.elements.is_empty() {
                return vec![(
                    a.range.clone(),
                    "/schemes".to_string(),
                    "The 'schemes' array requires at least one value.".to_string(),
                )];
            }
            a.elements
                .iter()
                .enumerate()
                .filter(|(_, v)| !matches!(v, Value::StringLit(s) if s.value == "http" || s.value == "https"))
                .map(|(i, v)| {
                    let mut pointer = String::from("/schemes");
                    push_index(&mut pointer, i);
                    (
                        v.range(),
                        pointer,
                        "The 'schemes' property must only contain transfer protocols from the list: http, https.".to_string(),
                    )
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `host` that is not a bare host name: with a scheme (`https://`), a path, a query
    /// or white space.
    ///
    /// ## Why is this bad?
    /// The scheme goes in `schemes`, the path in `basePath`; the validator rejects the file with
    /// HostNameNotValid.
    ///
    /// ## Example
    /// ```json
    /// { "host": "https://api.contoso.com/v1" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "host": "api.contoso.com", "basePath": "/v1", "schemes": ["https"] }
    /// ```
    pub SwgHost {
        id: "swg-host",
        category: Schema,
        level: Error,
        summary: "host has a scheme, a path or spaces",
        validator: "HostNameNotValid",
    }
}

impl Rule for SwgHost {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_root(cx, &Self::META, |root| match get(root, "host") {
            Some(Value::StringLit(s))
                if s.value.is_empty()
                    || s.value.contains("://")
                    || s.value.contains(['/', '?', '#', ' ']) =>
            {
                vec![(
                    s.range(),
                    "/host".to_string(),
                    "The 'host' property, if present, must be a valid URI host without a scheme or path.".to_string(),
                )]
            }
            _ => Vec::new(),
        });
    }
}

/// Every `$ref` of a schema in the swagger, with its pointer. `holder` says that `v` is a
/// response or parameter object (an entry of `responses` or `parameters`), whose own `$ref` other
/// rules check.
fn schema_refs<'j, 'a>(
    v: &'j Value<'a>,
    path: &mut Path<'j>,
    holder: bool,
    out: &mut Vec<(&'j crate::json::StringLit<'a>, String)>,
) {
    match v {
        Value::Object(o) => {
            for p in &o.properties {
                let k = p.name.as_str();
                if DATA_KEYS.contains(&k) {
                    continue;
                }
                path.push_key(k);
                match &p.value {
                    Value::StringLit(s) if k == "$ref" => {
                        if !holder {
                            out.push((s, path.pointer()));
                        }
                    }
                    Value::Object(map) if matches!(k, "responses" | "parameters") => {
                        for e in &map.properties {
                            path.push_key(e.name.as_str());
                            schema_refs(&e.value, path, true, out);
                            path.pop();
                        }
                    }
                    Value::Array(list) if k == "parameters" => {
                        for (i, e) in list.elements.iter().enumerate() {
                            path.push_index(i);
                            schema_refs(e, path, true, out);
                            path.pop();
                        }
                    }
                    child => schema_refs(child, path, false, out),
                }
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, e) in a.elements.iter().enumerate() {
                path.push_index(i);
                schema_refs(e, path, false, out);
                path.pop();
            }
        }
        _ => {}
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a schema `$ref` that points to nothing in the swagger, or cannot be followed (a
    /// reference to another file, or a loop); one that points outside `#/definitions/`
    /// (SchemaReferenceNotValid); and a definition that is itself a `$ref` to another
    /// (SchemaRefLoopNotAllowed).
    ///
    /// ## Why is this bad?
    /// The schema is unknown, so the designer shows no fields; the validator rejects the file
    /// with SchemaReferenceNotFound.
    ///
    /// ## Example
    /// ```json
    /// { "schema": { "$ref": "#/definitions/Taks" } }
    /// ```
    ///
    /// Use instead: `"#/definitions/Task"`, a definition that exists.
    pub SwgSchemaRefMissing {
        id: "swg-schema-ref-missing",
        category: Schema,
        level: Error,
        summary: "Schema reference points to nothing",
        validator: "SchemaReferenceNotFound",
    }
}

impl Rule for SwgSchemaRefMissing {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(doc) = cx.connector.swagger else {
            return;
        };
        let mut refs = Vec::new();
        schema_refs(&doc.root, &mut Path::default(), false, &mut refs);
        let found: Vec<_> = refs
            .into_iter()
            .filter_map(|(r, pointer)| {
                let holder = pointer.strip_suffix("/$ref").unwrap_or(&pointer);
                if let Some(f) =
                    super::misplaced_reference(r, holder, "schema", "#/definitions/")
                {
                    return Some(f);
                }
                let message = match follow(doc, &r.value) {
                    Ok(_) => return None,
                    Err(RefError::NotFound(x)) => format!(
                        "The schema reference '{x}' could not be found in the swagger document."
                    ),
                    Err(RefError::NotFollowed(why)) => format!(
                        "The schema reference '{}' cannot be followed ({why}): schema references must start with '#/definitions/'.",
                        r.value
                    ),
                };
                Some((r.range(), pointer, message))
            })
            .chain(super::root_references(doc, "definitions", "schema"))
            .collect();
        cx.report_all(&Self::META, doc.file, found);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `body` parameter without `schema`, and a parameter in any other location with a
    /// `schema`.
    ///
    /// ## Why is this bad?
    /// In Swagger 2.0 only the body is described by a schema; other parameters use `type`. The
    /// validator rejects the file with BodyParameterSchemaRequired or
    /// NonBodyParameterSchemaNotValid.
    ///
    /// ## Example
    /// ```json
    /// { "name": "filter", "in": "query", "schema": { "type": "string" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "name": "filter", "in": "query", "type": "string" }
    /// ```
    pub SwgBodySchema {
        id: "swg-body-schema",
        category: Parameter,
        level: Error,
        summary: "Body parameter without schema, or other parameter with one",
        validator: "BodyParameterSchemaRequired",
    }
}

impl Rule for SwgBodySchema {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
            return;
        };
        let mut found = Vec::new();
        for p in &s.parameters {
            let schema = prop(p.obj, "schema");
            match (p.location(), schema) {
                ("body", None) => found.push((
                    p.span(),
                    p.pointer.clone(),
                    "The 'body' parameter must define a 'schema' property.".to_string(),
                )),
                (loc, Some(sp)) if loc != "body" && !loc.is_empty() => found.push((
                    sp.name.range(),
                    format!("{}/schema", p.pointer),
                    "The parameter cannot define a schema as it is not in the 'body'.".to_string(),
                )),
                _ => {}
            }
        }
        cx.report_all(&Self::META, doc.file, found);
    }
}
