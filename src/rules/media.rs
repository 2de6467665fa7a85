//! Request content and keyword values of the Swagger Validator (RULES.md §10.1): `consumes`
//! against form parameters, form parameter names, formats, paging and unique arrays.

use std::collections::HashSet;

use super::keywords::constrained;
use super::{check_operations, check_operations_with, declare_rule, Ctx, Finding, Rule};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::json::{
    as_obj, compact_text, get, get_arr, get_obj, get_str, insert_member, Object, Value,
};
use crate::swagger::{effective_parameters, Operation};

const MULTIPART: &str = "multipart/form-data";
const URLENCODED: &str = "application/x-www-form-urlencoded";

/// The MIME types an operation consumes: its own `consumes`, else the swagger's. `None` when
/// neither says.
fn consumes<'j>(doc: &'j crate::json::Json<'_>, op: &'j Operation<'_, '_>) -> Option<Vec<&'j str>> {
    let list = get_arr(op.op, "consumes")
        .or_else(|| as_obj(&doc.root).and_then(|r| get_arr(r, "consumes")))?;
    Some(
        list.elements
            .iter()
            .filter_map(|v| match v {
                Value::StringLit(s) => Some(s.value.as_ref()),
                _ => None,
            })
            .collect(),
    )
}

/// Whether a MIME type from `consumes` is `wanted` (parameters such as `; charset=utf-8` aside).
fn is_type(mime: &str, wanted: &str) -> bool {
    mime.split(';')
        .next()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case(wanted))
}

/// The `formData` parameters an operation takes.
fn form_parameters<'j, 'a>(
    doc: &'j crate::json::Json<'a>,
    op: &Operation<'j, 'a>,
) -> Vec<&'j Object<'a>> {
    effective_parameters(doc, op)
        .into_iter()
        .filter(|p| get_str(p, "in").is_some_and(|s| s.value == "formData"))
        .collect()
}

/// A `formData` parameter that carries a file: `type: file`, or a binary string.
fn is_binary(p: &Object<'_>) -> bool {
    let ty = get_str(p, "type").map(|s| s.value.as_ref());
    ty == Some("file") || get_str(p, "format").is_some_and(|f| f.value == "binary")
}

declare_rule! {
    /// ## What it does
    /// Reports an operation with `formData` parameters and no MIME type in `consumes` (its own,
    /// or the swagger's).
    ///
    /// A body without `consumes` is not reported: it is sent as JSON, and 123 merged certified
    /// connectors rely on that.
    ///
    /// ## Why is this bad?
    /// Form parameters are sent as `multipart/form-data` or `application/x-www-form-urlencoded`;
    /// without `consumes` the platform cannot tell which. The validator rejects the file with
    /// ConsumesMissing.
    ///
    /// ## Example
    /// ```json
    /// { "post": { "operationId": "UploadFile", "parameters": [ { "name": "file", "in": "formData", "type": "file" } ] } }
    /// ```
    ///
    /// Use instead: add `"consumes": ["multipart/form-data"]` (the fix does, as an unsafe fix:
    /// the service must accept that type).
    pub SwgConsumesMissing {
        id: "swg-consumes-missing",
        category: Operation,
        level: Error,
        summary: "Operation with form parameters has no consumes",
        validator: "ConsumesMissing",
        fix: Unsafe,
    }
}

impl Rule for SwgConsumesMissing {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations_with(cx, |doc, op| {
            let form = form_parameters(doc, op);
            if form.is_empty() || consumes(doc, op).is_some_and(|c| !c.is_empty()) {
                return None;
            }
            let wanted = if form.iter().any(|p| is_binary(p)) {
                MULTIPART
            } else {
                URLENCODED
            };
            let d = Diagnostic::new(
                &Self::META,
                doc.file,
                op.key.clone(),
                op.pointer.clone(),
                format!(
                    "At least one supported MIME type must be provided in 'consumes' for operation '{}'.",
                    op.name()
                ),
            );
            let fix = if get(op.op, "consumes").is_none() {
                insert_member(doc.text, op.op, "consumes", &format!("[\"{wanted}\"]"))
                    .map(|e| Fix::edit(format!("Add \"consumes\": [\"{wanted}\"]"), e))
            } else {
                None
            };
            Some(d.with_fix_if(fix))
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation with `formData` parameters whose `consumes` names neither
    /// `multipart/form-data` nor `application/x-www-form-urlencoded`.
    ///
    /// ## Why is this bad?
    /// Form parameters can only be sent in a form; the request would carry a content type its
    /// body does not have. The validator rejects the file with
    /// MimeTypeNotCompatibleWithRequestContentSchemaType.
    ///
    /// ## Example
    /// ```json
    /// { "consumes": ["application/form-data"], "parameters": [ { "name": "file", "in": "formData", "type": "file" } ] }
    /// ```
    ///
    /// Use instead: `"consumes": ["multipart/form-data"]`.
    pub SwgMimeIncompatible {
        id: "swg-mime-incompatible",
        category: Operation,
        level: Error,
        summary: "Form parameters with a consumes type that is not a form",
        validator: "MimeTypeNotCompatibleWithRequestContentSchemaType",
    }
}

impl Rule for SwgMimeIncompatible {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations(cx, &Self::META, |doc, op| {
            let form = form_parameters(doc, op);
            let Some(types) = consumes(doc, op) else {
                return Vec::new();
            };
            if form.is_empty()
                || types.is_empty()
                || types
                    .iter()
                    .any(|t| is_type(t, MULTIPART) || is_type(t, URLENCODED))
            {
                return Vec::new();
            }
            let wanted = if form.iter().any(|p| is_binary(p)) {
                MULTIPART
            } else {
                URLENCODED
            };
            let (span, pointer) = match get_arr(op.op, "consumes") {
                Some(a) => (a.range.clone(), format!("{}/consumes", op.pointer)),
                None => (op.key.clone(), op.pointer.clone()),
            };
            vec![(
                span,
                pointer,
                format!(
                    "The MIME type(s) are not compatible with the request content type '{wanted}' for operation '{}'.",
                    op.name()
                ),
            )]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a file parameter (`type: file`, or a `binary` string) in `formData` of an
    /// operation that consumes `application/x-www-form-urlencoded` and not
    /// `multipart/form-data`.
    ///
    /// ## Why is this bad?
    /// A URL-encoded form cannot carry a file. The validator rejects the file with
    /// StringBinaryNotSupportedForFormUrlEncoded.
    ///
    /// ## Example
    /// ```json
    /// { "consumes": ["application/x-www-form-urlencoded"], "parameters": [ { "name": "file", "in": "formData", "type": "file" } ] }
    /// ```
    ///
    /// Use instead: `"consumes": ["multipart/form-data"]`.
    pub SwgFormurlencodedBinary {
        id: "swg-formurlencoded-binary",
        category: Operation,
        level: Error,
        summary: "File parameter in a URL-encoded form",
        validator: "StringBinaryNotSupportedForFormUrlEncoded",
    }
}

impl Rule for SwgFormurlencodedBinary {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations(cx, &Self::META, |doc, op| {
            let Some(types) = consumes(doc, op) else {
                return Vec::new();
            };
            if !types.iter().any(|t| is_type(t, URLENCODED))
                || types.iter().any(|t| is_type(t, MULTIPART))
            {
                return Vec::new();
            }
            form_parameters(doc, op)
                .into_iter()
                .filter(|p| is_binary(p))
                .map(|p| {
                    (
                        get_str(p, "name").map_or(p.range.clone(), |n| n.range()),
                        op.pointer.clone(),
                        format!(
                            "String/binary parameters are not supported for operation '{}' with 'application/x-www-form-urlencoded' consumes type.",
                            op.name()
                        ),
                    )
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `formData` parameter whose name has a character outside US-ASCII.
    ///
    /// ## Why is this bad?
    /// Form field names are sent as ASCII. The validator rejects the file with
    /// InvalidFormDataParameterName.
    ///
    /// ## Example
    /// ```json
    /// { "name": "pièce", "in": "formData", "type": "file" }
    /// ```
    ///
    /// Use instead: `"name": "piece"`, with `"x-ms-summary": "Pièce"` for the label.
    pub SwgFormdataNameAscii {
        id: "swg-formdata-name-ascii",
        category: Operation,
        level: Error,
        summary: "formData parameter name is not US-ASCII",
        validator: "InvalidFormDataParameterName",
    }
}

impl Rule for SwgFormdataNameAscii {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
            return;
        };
        let found: Vec<Finding> = s
            .parameters
            .iter()
            .filter(|p| p.location() == "formData" && !p.name().is_ascii())
            .map(|p| {
                (
                    p.span(),
                    format!("{}/name", p.pointer),
                    format!(
                        "The form data parameter name '{}' is invalid. All characters must be part of the US-ASCII character set.",
                        p.name()
                    ),
                )
            })
            .collect();
        cx.report_all(&Self::META, doc.file, found);
    }
}

/// The formats the validator recognizes (RULES.md §10.1, from the repository's schema).
const FORMATS: [&str; 14] = [
    "binary",
    "byte",
    "date",
    "date-no-tz",
    "date-time",
    "double",
    "email",
    "float",
    "html",
    "int32",
    "int64",
    "password",
    "uri",
    "uuid",
];

/// The recognized format an unrecognized one means, where that is plain.
fn format_meant(format: &str) -> Option<&'static str> {
    match format.to_ascii_lowercase().as_str() {
        "guid" => Some("uuid"),
        "url" => Some("uri"),
        f => FORMATS.iter().find(|k| **k == f && **k != format).copied(),
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `format` the validator does not recognize: one other than `int32`, `int64`,
    /// `float`, `double`, `byte`, `binary`, `date`, `date-time`, `date-no-tz`, `password`,
    /// `email`, `html`, `uri` and `uuid`. `guid` and `url` get a fix to `uuid` and `uri`.
    ///
    /// A warning, not the catalogue's error: 32 merged certified connectors use other formats
    /// (`guid` ×183, `enum`, `decimal`, `phone`, an empty string), so the validator lets them
    /// through.
    ///
    /// ## Why is this bad?
    /// The designer and the SDKs ignore a format they do not know, so the field gets no picker or
    /// validation. The validator reports UnrecognizedTypeFormat.
    ///
    /// ## Example
    /// ```json
    /// { "name": "id", "in": "path", "type": "string", "format": "guid" }
    /// ```
    ///
    /// Use instead: `"format": "uuid"`.
    pub SwgTypeFormat {
        id: "swg-type-format",
        category: Operation,
        level: Warning,
        summary: "Format is not one the validator recognizes",
        validator: "UnrecognizedTypeFormat",
        fix: Unsafe,
    }
}

impl Rule for SwgTypeFormat {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(doc) = cx.connector.swagger else {
            return;
        };
        let mut out = Vec::new();
        for h in constrained(cx.connector, &["format"]) {
            let (o, path) = (h.obj, h.path);
            let Some(format) = get_str(o, "format") else {
                continue;
            };
            if FORMATS.contains(&format.value.as_ref()) {
                continue;
            }
            let ty = get_str(o, "type").map_or("", |t| t.value.as_ref());
            let d = Diagnostic::new(
                &Self::META,
                doc.file,
                format.range(),
                path.pointer_with("format"),
                format!("The type/format '{ty}/{}' is not recognized.", format.value),
            );
            out.push(d.with_fix_if(format_meant(&format.value).map(|meant| {
                Fix::replace(
                    format!("Use the format '{meant}'"),
                    format.range(),
                    format!("\"{meant}\""),
                )
            })));
        }
        for d in out {
            cx.report(d);
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-pageable` whose `nextLinkName` is neither `nextLink` nor
    /// `@odata.nextLink`. Case is not compared: Almabase, a certified connector, merged
    /// `nextlink` three times, so the validator accepts it.
    ///
    /// ## Why is this bad?
    /// The platform pages through those two names only; any other leaves the action on its first
    /// page. The validator rejects the file with InvalidNextLinkNameValue.
    ///
    /// ## Example
    /// ```json
    /// "x-ms-pageable": { "nextLinkName": "next" }
    /// ```
    ///
    /// Use instead: `"nextLinkName": "nextLink"`, with the service's response to match.
    pub SwgNextlinkName {
        id: "swg-nextlink-name",
        category: Operation,
        level: Error,
        summary: "x-ms-pageable nextLinkName is not nextLink or @odata.nextLink",
        validator: "InvalidNextLinkNameValue",
    }
}

impl Rule for SwgNextlinkName {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations(cx, &Self::META, |_, op| {
            let Some(name) =
                get_obj(op.op, "x-ms-pageable").and_then(|p| get_str(p, "nextLinkName"))
            else {
                return Vec::new();
            };
            // Compared without regard to case: Almabase merged `nextlink` in three pull requests,
            // and the response it pages through has that property.
            if ["nextLink", "@odata.nextLink"]
                .iter()
                .any(|n| n.eq_ignore_ascii_case(&name.value))
            {
                return Vec::new();
            }
            vec![(
                name.range(),
                format!("{}/x-ms-pageable/nextLinkName", op.pointer),
                format!(
                    "The nextLinkName value for operation '{}' is invalid. Supported values are 'nextLink' or '@odata.nextLink'.",
                    op.name()
                ),
            )]
        });
    }
}

/// The arrays whose values must be unique (OpenAPI 2.0's `uniqueItems` lists).
const UNIQUE_ARRAYS: [&str; 6] = [
    "enum", "required", "consumes", "produces", "schemes", "tags",
];

declare_rule! {
    /// ## What it does
    /// Reports a value repeated in an array whose values must be unique: `enum`, `required`,
    /// `consumes`, `produces`, `schemes` and an operation's `tags`. The fix removes the repeat.
    ///
    /// ## Why is this bad?
    /// OpenAPI requires these values to be unique; a repeated enum value shows twice in the
    /// dropdown. The validator rejects the file with ArrayDuplicateValue.
    ///
    /// ## Example
    /// ```json
    /// { "type": "string", "enum": ["open", "closed", "open"] }
    /// ```
    ///
    /// Use instead: `"enum": ["open", "closed"]`.
    pub SwgArrayDuplicate {
        id: "swg-array-duplicate",
        category: Operation,
        level: Error,
        summary: "Array of unique values repeats a value",
        validator: "ArrayDuplicateValue",
        fix: Safe,
    }
}

impl Rule for SwgArrayDuplicate {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(doc) = cx.connector.swagger else {
            return;
        };
        let mut out = Vec::new();
        for h in constrained(cx.connector, &UNIQUE_ARRAYS) {
            let (o, path) = (h.obj, h.path);
            for key in UNIQUE_ARRAYS {
                let Some(a) = get_arr(o, key) else { continue };
                let mut seen = HashSet::new();
                for (i, v) in a.elements.iter().enumerate() {
                    if seen.insert(compact_text(doc.text, v)) || i == 0 {
                        continue;
                    }
                    let mut pointer = path.pointer_with(key);
                    crate::json::push_index(&mut pointer, i);
                    let remove = a.elements[i - 1].range().end..v.range().end;
                    out.push(
                        Diagnostic::new(
                            &Self::META,
                            doc.file,
                            v.range(),
                            pointer,
                            "The array contains duplicate values, values must be unique.",
                        )
                        .with_fix(Fix::edit(
                            "Remove the repeated value",
                            Edit::replace(remove, ""),
                        )),
                    );
                }
            }
        }
        for d in out {
            cx.report(d);
        }
    }
}
