//! Parameter rules (RULES.md §5 and §10.4): what every parameter must say, how path and query
//! parameters are encoded, reserved names, internal defaults, body parameters in fetch
//! operations, and parameter references.

use std::ops::Range;

use super::{declare_rule, Ctx, Rule};
use crate::diagnostic::{Diagnostic, Fix};
use crate::json::{get, prop, Json};
use crate::rules::{Level, RuleMeta};
use crate::swagger::{follow, is_internal, Parameter, RefError};

/// Report, as `meta`, the message `f` gives for each parameter written in the swagger.
fn check_parameters(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    f: impl Fn(&Parameter<'_, '_>) -> Option<(Range<usize>, String)>,
) {
    check_parameters_levelled(cx, meta, |_, p| {
        f(p).map(|(span, message)| (span, message, meta.level))
    });
}

/// [`check_parameters`] for a rule whose findings carry their own level.
fn check_parameters_levelled(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    f: impl Fn(&Json<'_>, &Parameter<'_, '_>) -> Option<(Range<usize>, String, Level)>,
) {
    check_parameters_fixed(cx, meta, |doc, p| {
        f(doc, p).map(|(span, message, level)| (span, message, level, None))
    });
}

/// [`check_parameters_levelled`] for a rule whose findings may carry a fix.
fn check_parameters_fixed(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    f: impl Fn(&Json<'_>, &Parameter<'_, '_>) -> Option<(Range<usize>, String, Level, Option<Fix>)>,
) {
    let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
        return;
    };
    for p in &s.parameters {
        if let Some((span, message, level, fix)) = f(doc, p) {
            let d =
                Diagnostic::new(meta, doc.file, span, p.pointer.clone(), message).with_level(level);
            cx.report(d.with_fix_if(fix));
        }
    }
}

/// The `required` flag of a parameter (absent means optional).
fn is_required(p: &Parameter<'_, '_>) -> bool {
    crate::swagger::is_required(p.obj)
}

/// The required-property check shared by `x-ms-summary` and `description`: every parameter that
/// the designer shows as a field has the property. Internal parameters, parameters of internal
/// operations only, and body parameters whose schema is an object or an array (the designer shows
/// the schema's properties instead) are not fields. A body shown as one field (a string or a file)
/// is reported as a note: the validator lets it through (see the rules' docs).
fn check_required_string(cx: &mut Ctx<'_, '_>, meta: &'static RuleMeta, key: &str) {
    check_parameters_levelled(cx, meta, |doc, p| {
        if p.has_text(doc, key) || !p.is_shown_field(doc) {
            return None;
        }
        let level = if p.location() == "body" {
            Level::Note
        } else {
            meta.level
        };
        Some((
            p.span(),
            format!("The '{key}' property is required."),
            level,
        ))
    });
}

declare_rule! {
    /// ## What it does
    /// Reports a parameter that the designer shows as a field of its own and that has no
    /// `x-ms-summary`, the field's label. Not reported, because they are no field: parameters of
    /// `x-ms-visibility: internal`, parameters that only internal operations take, and `in: body`
    /// parameters whose schema is an object or an array (the designer shows the schema's
    /// properties, which `schema-prop-*` rules check). A body shown as one field (a string or a
    /// file) is reported as a note.
    ///
    /// ## Why is this bad?
    /// Without it the designer shows the raw parameter name. Level `error`, with the validator's
    /// evidence: it reports "The 'x-ms-summary' property is required." at the parameter (pull
    /// requests #1003, #2637, #3407, #3841; RULES.md §5, evidence V). The shapes come from what it
    /// let through: in the 74 certified swaggers changed in 2023–2024
    /// (`../shared/history/certified-swagger-changes`), every one of 2,720 path, query, header
    /// and formData parameters of visible operations has an `x-ms-summary`, while 941 of 1,119
    /// object bodies, 19 of 21 array bodies, 5 of 5 string bodies and 111 parameters of internal
    /// operations have none. Certified connectors merged before the rule keep older files, so the
    /// rule still fires on many of them.
    ///
    /// ## Example
    /// ```json
    /// { "name": "taskId", "in": "path", "required": true, "type": "string", "description": "The task's ID." }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "name": "taskId", "in": "path", "required": true, "type": "string", "x-ms-summary": "Task ID", "description": "The task's ID." }
    /// ```
    pub ParamXMsSummaryRequired {
        id: "param-x-ms-summary-required",
        category: Parameter,
        level: Error,
        summary: "Parameter has no x-ms-summary",
        validator: "RequiredPropertyMissing",
    }
}

impl Rule for ParamXMsSummaryRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_required_string(cx, &Self::META, "x-ms-summary");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a parameter that the designer shows as a field of its own and that has no
    /// `description`. The same parameters as `param-x-ms-summary-required` are left out
    /// (internal ones, those of internal operations only, object and array bodies), and a body
    /// shown as one field is a note.
    ///
    /// ## Why is this bad?
    /// The description is the help text of the field in the designer. Level `error`, with the
    /// validator's evidence: it reports "The 'description' property is required." at the
    /// parameter (pull requests #2637, #3407, #4160; RULES.md §5, evidence V). In the 74
    /// certified swaggers changed in 2023–2024 (`../shared/history`), every one of 2,720 path,
    /// query, header and formData parameters of visible operations has a description, while 576
    /// of 1,119 object bodies have none.
    ///
    /// ## Example
    /// ```json
    /// { "name": "taskId", "in": "path", "x-ms-summary": "Task ID" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "name": "taskId", "in": "path", "x-ms-summary": "Task ID", "description": "The unique identifier of the task." }
    /// ```
    pub ParamDescriptionRequired {
        id: "param-description-required",
        category: Parameter,
        level: Error,
        summary: "Parameter has no description",
        validator: "RequiredPropertyMissing",
    }
}

impl Rule for ParamDescriptionRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_required_string(cx, &Self::META, "description");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a path parameter that is not `"required": true`.
    ///
    /// ## Why is this bad?
    /// A path cannot be built without it. The validator rejects the file with
    /// PathParameterMustBeRequired.
    ///
    /// ## Example
    /// ```json
    /// { "name": "taskId", "in": "path", "type": "string" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "name": "taskId", "in": "path", "required": true, "type": "string" }
    /// ```
    pub ParamPathRequired {
        id: "param-path-required",
        category: Parameter,
        level: Error,
        summary: "Path parameter is not required",
        validator: "PathParameterMustBeRequired",
    }
}

impl Rule for ParamPathRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_parameters(cx, &Self::META, |p| {
            (p.location() == "path" && !is_required(p)).then(|| {
                (
                    p.span(),
                    "The parameter must be marked as required as it is used in the operation path. Include the 'required' property, with the value 'true'.".to_string(),
                )
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a path parameter without `x-ms-url-encoding`.
    ///
    /// ## Why is this bad?
    /// A value with `/` or `?` would change the path. The validator warns with
    /// PathParameterMissingEncoding.
    ///
    /// ## Example
    /// ```json
    /// { "name": "folderPath", "in": "path", "required": true, "type": "string" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "name": "folderPath", "in": "path", "required": true, "type": "string", "x-ms-url-encoding": "single" }
    /// ```
    pub ParamPathEncoding {
        id: "param-path-encoding",
        category: Parameter,
        level: Warning,
        summary: "Path parameter has no x-ms-url-encoding",
        validator: "PathParameterMissingEncoding",
        fix: Unsafe,
    }
}

impl Rule for ParamPathEncoding {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_parameters_fixed(cx, &Self::META, |doc, p| {
            (p.location() == "path" && prop(p.obj, "x-ms-url-encoding").is_none()).then(|| {
                (
                    p.span(),
                    format!(
                        "Encoding for path parameter '{}' is missing, which might lead to invalid requests. Use \"x-ms-url-encoding\": \"single\" to ensure the value is URL encoded.",
                        p.name()
                    ),
                    Self::META.level,
                    // Unsafe: the platform then encodes values it sent as they were.
                    crate::json::insert_member(doc.text, p.obj, "x-ms-url-encoding", "\"single\"")
                        .map(|e| Fix::edit("Add \"x-ms-url-encoding\": \"single\"", e)),
                )
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `x-ms-url-encoding` on a query parameter.
    ///
    /// ## Why is this bad?
    /// Query parameters are always encoded once; the validator rejects the extension there with
    /// QueryParameterEncodingNotSupported.
    ///
    /// Level `warning`: the message is on Microsoft's list of validator errors
    /// (QueryParameterEncodingNotSupported), but the validator passed it in 2 of the 74 certified
    /// swaggers changed in 2023–2024 (`../shared/history`), and 10 merged certified connectors have
    /// it.
    ///
    /// ## Example
    /// ```json
    /// { "name": "filter", "in": "query", "type": "string", "x-ms-url-encoding": "double" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "name": "filter", "in": "query", "type": "string" }
    /// ```
    pub ParamQueryEncoding {
        id: "param-query-encoding",
        category: Parameter,
        level: Warning,
        summary: "Query parameter has x-ms-url-encoding",
        validator: "QueryParameterEncodingNotSupported",
        fix: Safe,
    }
}

impl Rule for ParamQueryEncoding {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_parameters_fixed(cx, &Self::META, |_, p| {
            let encoding = prop(p.obj, "x-ms-url-encoding").filter(|_| p.location() == "query")?;
            let index = p
                .obj
                .properties
                .iter()
                .position(|m| std::ptr::eq(m, encoding))?;
            Some((
                encoding.name.range(),
                format!(
                    "Encoding for query parameter '{}' is not supported. All query parameters are single encoded by default.",
                    p.name()
                ),
                Self::META.level,
                // Safe: query values are encoded once whatever the extension says.
                crate::json::remove_member(p.obj, index)
                    .map(|e| Fix::edit("Remove \"x-ms-url-encoding\"", e)),
            ))
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a parameter named `connectionId` (in any case).
    ///
    /// ## Why is this bad?
    /// The platform passes the connection under that name; the validator rejects the file with
    /// ConnectionIdParameterNotAllowed.
    ///
    /// ## Example
    /// ```json
    /// { "name": "connectionId", "in": "query", "type": "string" }
    /// ```
    ///
    /// Use instead: another name, such as `accountConnectionId`.
    pub ParamReservedConnectionid {
        id: "param-reserved-connectionid",
        category: Parameter,
        level: Error,
        summary: "Parameter is named connectionId",
        validator: "ConnectionIdParameterNotAllowed",
    }
}

impl Rule for ParamReservedConnectionid {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_parameters(cx, &Self::META, |p| {
            p.name().eq_ignore_ascii_case("connectionId").then(|| {
                (
                    p.span(),
                    "A parameter cannot be named as 'connectionId'.".to_string(),
                )
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-visibility: internal` parameter that has a `default` but is not required,
    /// and one that is required but has no `default`.
    ///
    /// ## Why is this bad?
    /// Users never see an internal parameter, so its value must come from `default`, and only
    /// required parameters are sure to be sent: "The property is internal and has a default
    /// value, it must be required. Optional internal fields are ignored." (PropertyMustBeRequired,
    /// InternalPropertyWithDefaultOptional). A required internal parameter without a default can
    /// never be filled in.
    ///
    /// Level `warning`: the messages are on Microsoft's list of validator errors, but the validator
    /// passed an optional internal parameter with a default in 3 of the 74 certified swaggers
    /// changed in 2023–2024 (`../shared/history`), and 9 merged certified connectors have one.
    ///
    /// ## Example
    /// ```json
    /// { "name": "api-version", "in": "query", "type": "string", "default": "2024-01-01", "x-ms-visibility": "internal" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "name": "api-version", "in": "query", "type": "string", "default": "2024-01-01", "required": true, "x-ms-visibility": "internal" }
    /// ```
    pub ParamInternalRequiredDefault {
        id: "param-internal-required-default",
        category: Parameter,
        level: Warning,
        summary: "Internal parameter with a default is not required, or required without a default",
        validator: "PropertyMustBeRequired",
    }
}

impl Rule for ParamInternalRequiredDefault {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_parameters(cx, &Self::META, |p| {
            // A body parameter's value is its schema's; the check is about simple parameters.
            if !is_internal(p.obj) || p.location() == "body" {
                return None;
            }
            match (get(p.obj, "default").is_some(), is_required(p)) {
                (true, false) => Some((
                    p.span(),
                    "The property is internal and has a default value, it must be required. Optional internal fields are ignored.".to_string(),
                )),
                (false, true) => Some((
                    p.span(),
                    "The parameter is internal and required, but has no 'default': users cannot give it a value.".to_string(),
                )),
                _ => None,
            }
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `body` or `formData` parameter in a `get` (fetch) operation.
    ///
    /// ## Why is this bad?
    /// GET requests carry no body; the validator rejects it with
    /// BodyOrFormDataParameterInFetchOperationNotAllowed.
    ///
    /// Level `warning`: the message is on Microsoft's list of validator errors, but the validator
    /// passed it in 6 of the 74 certified swaggers changed in 2023–2024 (`../shared/history`), and
    /// 5 merged certified connectors have it. The body is still never sent.
    ///
    /// ## Example
    /// ```json
    /// { "get": { "parameters": [ { "name": "body", "in": "body", "schema": { "type": "object" } } ] } }
    /// ```
    ///
    /// Use instead: query parameters, or a `post` operation.
    pub SwgGetNoBody {
        id: "swg-get-no-body",
        category: Parameter,
        level: Warning,
        summary: "Body or formData parameter in a GET operation",
        validator: "BodyOrFormDataParameterInFetchOperationNotAllowed",
    }
}

impl Rule for SwgGetNoBody {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_parameters(cx, &Self::META, |p| {
            (p.verb == Some("get") && matches!(p.location(), "body" | "formData")).then(|| {
                (
                    p.span(),
                    "Body or form data parameters are not supported in a fetch operation."
                        .to_string(),
                )
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a parameter `$ref` that points to nothing in the swagger, or cannot be followed (a
    /// reference to another file, or a loop); one that points outside `#/parameters/`
    /// (ParameterReferenceNotValid); and an entry of the root `parameters` that is itself a
    /// `$ref` to another (ParameterRefLoopNotAllowed).
    ///
    /// ## Why is this bad?
    /// The operation's input is unknown; the validator rejects the file with
    /// ParameterReferenceNotFound.
    ///
    /// ## Example
    /// ```json
    /// { "parameters": [ { "$ref": "#/parameters/TaskId" } ] }
    /// ```
    ///
    /// Use instead: define `TaskId` under the root `parameters`.
    pub SwgParamRefMissing {
        id: "swg-param-ref-missing",
        category: Parameter,
        level: Error,
        summary: "Parameter reference points to nothing",
        validator: "ParameterReferenceNotFound",
    }
}

impl Rule for SwgParamRefMissing {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
            return;
        };
        let mut found = super::root_references(doc, "parameters", "parameter");
        for r in &s.parameter_refs {
            let misplaced =
                super::misplaced_reference(r.reference, &r.pointer, "parameter", "#/parameters/");
            if let Some(f) = misplaced {
                found.push(f);
                continue;
            }
            let Some(message) = dangling(doc, r.reference) else {
                continue;
            };
            cx.report(Diagnostic::new(
                &Self::META,
                doc.file,
                r.reference.range(),
                format!("{}/$ref", r.pointer),
                message,
            ));
        }
        cx.report_all(&Self::META, doc.file, found);
    }
}

/// The message for a `$ref` string that cannot be followed, if it cannot.
fn dangling(doc: &Json<'_>, reference: &crate::json::StringLit<'_>) -> Option<String> {
    match follow(doc, &reference.value) {
        Ok(_) => None,
        Err(RefError::NotFound(r)) => Some(format!(
            "The parameter reference '{r}' could not be found in the swagger document."
        )),
        Err(RefError::NotFollowed(why)) => Some(format!(
            "The parameter reference '{}' cannot be followed ({why}): parameter references must start with '#/parameters/'.",
            reference.value
        )),
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::FileId;
    use crate::swagger::Structure;

    #[test]
    fn parameters_are_found_where_they_are_written() {
        let text = r##"{"parameters":{"Shared":{"name":"s","in":"query"}},
            "paths":{"/a/{id}":{"parameters":[{"name":"id","in":"path"},{"$ref":"#/parameters/Shared"}],
                "get":{"parameters":[{"name":"q","in":"query"},{"$ref":"#/parameters/Gone"}]}}}}"##;
        let doc = crate::json::parse(text, FileId(0), &mut Vec::new()).unwrap();
        let s = Structure::of(&doc);
        let (params, refs) = (&s.parameters, &s.parameter_refs);
        let got: Vec<(&str, &str, Option<&str>)> = params
            .iter()
            .map(|p| (p.pointer.as_str(), p.name(), p.verb))
            .collect();
        assert_eq!(
            got,
            [
                ("/parameters/Shared", "s", None),
                ("/paths/~1a~1{id}/parameters/0", "id", None),
                ("/paths/~1a~1{id}/get/parameters/0", "q", Some("get")),
            ]
        );
        let refs: Vec<&str> = refs.iter().map(|r| r.pointer.as_str()).collect();
        assert_eq!(
            refs,
            [
                "/paths/~1a~1{id}/parameters/1",
                "/paths/~1a~1{id}/get/parameters/1"
            ]
        );
        let gone = &s.parameter_refs[1];
        assert_eq!(
            super::dangling(&doc, gone.reference).as_deref(),
            Some("The parameter reference '#/parameters/Gone' could not be found in the swagger document.")
        );
        assert_eq!(super::dangling(&doc, s.parameter_refs[0].reference), None);
    }
}
