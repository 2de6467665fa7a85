//! Response rules (RULES.md §7 and the response codes of §10.6): every operation has responses, a
//! successful one among them, and one schema where the designer looks for it.

use super::{
    check_operations, check_operations_levelled, declare_rule, Ctx, Finding, Level,
    LevelledFinding, Rule, RuleMeta,
};

use crate::json::{as_obj, get, get_str, Json, ObjectProp, Value};
use crate::swagger::{is_internal, resolve, Operation, RefError, Response, Responses};

/// Report, as `meta`, what `f` finds in each operation and its responses.
fn check_responses(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    mut f: impl FnMut(&Json<'_>, &Operation<'_, '_>, Option<&Responses<'_, '_>>) -> Vec<Finding>,
) {
    check_operations(cx, meta, |doc, op| f(doc, op, op.responses.as_ref()));
}

/// A finding about the operation's `responses` object as a whole, on its key.
fn on_responses(op: &Operation<'_, '_>, p: &ObjectProp<'_>, message: String) -> Finding {
    (p.name.range(), format!("{}/responses", op.pointer), message)
}

/// Whether a schema is `{}`: present but describing nothing.
fn is_empty_schema(v: &Value<'_>) -> bool {
    as_obj(v).is_some_and(|o| o.properties.is_empty())
}

declare_rule! {
    /// ## What it does
    /// Reports an operation without responses: no `responses` object, or an empty one.
    ///
    /// ## Why is this bad?
    /// "Empty operations aren't allowed". The Swagger Validator rejects the file with
    /// OperationMustHaveResponse (evidence V, RULES.md §10.1), so the level is `error`.
    ///
    /// A trigger (`x-ms-trigger`) with `"responses": {}` is a warning: the validator passed it in
    /// 6 of the 74 certified swaggers changed in 2023–2024 (`../shared/history`), all of them
    /// webhook triggers whose output `x-ms-notification-content` describes. OpenAPI 2.0 still
    /// requires one response.
    ///
    /// ## Example
    /// ```json
    /// { "get": { "operationId": "ListTasks", "responses": {} } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "get": { "operationId": "ListTasks", "responses": { "200": { "description": "OK" } } } }
    /// ```
    pub RespAtLeastOne {
        id: "resp-at-least-one",
        category: Response,
        level: Error,
        summary: "Operation has no response",
        validator: "OperationMustHaveResponse",
    }
}

impl Rule for RespAtLeastOne {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations_levelled(cx, &Self::META, |_, op| {
            if op
                .responses
                .as_ref()
                .is_some_and(|(_, list)| !list.is_empty())
            {
                return Vec::new();
            }
            // The validator lets a trigger with `"responses": {}` through (see the docs).
            let level = if get(op.op, "x-ms-trigger").is_some() {
                Level::Warning
            } else {
                Level::Error
            };
            vec![(
                op.key.clone(),
                op.pointer.clone(),
                "The operation is not valid, it must contain at least one response definition."
                    .to_string(),
                level,
            )]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation whose responses hold no successful (2xx) status: only `default`, or only
    /// errors.
    ///
    /// ## Why is this bad?
    /// The designer takes the output of an action from its successful response. The Swagger
    /// Validator reports OperationShouldHaveSuccessfulResponse, and `default` must not be the only
    /// response.
    ///
    /// Level `warning`: the validator's message says "should", and it lets the file through. Five
    /// of the 74 certified swaggers changed in 2023–2024 (`../shared/history`) passed it with an
    /// operation whose only response is `default` (the shape the custom connector wizard writes),
    /// and 73 merged certified connectors have such operations.
    ///
    /// ## Example
    /// ```json
    /// { "responses": { "default": { "description": "Error" } } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "responses": { "200": { "description": "OK" }, "default": { "description": "Error" } } }
    /// ```
    pub RespSuccessRequired {
        id: "resp-success-required",
        category: Response,
        level: Warning,
        summary: "Operation has no successful (2xx) response",
        validator: "OperationShouldHaveSuccessfulResponse",
    }
}

impl Rule for RespSuccessRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_responses(cx, &Self::META, |_, op, r| match r {
            Some((p, list)) if !list.is_empty() && !list.iter().any(Response::is_success) => {
                vec![on_responses(
                    op,
                    p,
                    format!(
                        "The operation '{}' should have at least one successful response definition.",
                        op.name()
                    ),
                )]
            }
            _ => Vec::new(),
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `default` response that defines a `schema`. An empty schema (`"schema": {}`,
    /// which the custom connector wizard writes on its `default` response) defines nothing and is
    /// not reported.
    ///
    /// ## Why is this bad?
    /// "Don't use default responses with an exact schema definition": the designer would take the
    /// error shape for the action's output. The Swagger Validator rejects it with
    /// DefaultResponseHasSchema, seen as an error on pull request #4181 (evidence V), so the level
    /// is `error`. The validator passed `"default": { "schema": {} }` in 5 of the 74 certified
    /// swaggers changed in 2023–2024 (`../shared/history`), which is why an empty schema is left
    /// alone.
    ///
    /// ## Example
    /// ```json
    /// { "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Task" } },
    ///                  "default": { "description": "Error", "schema": { "$ref": "#/definitions/Error" } } } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Task" } },
    ///                  "default": { "description": "Error" } } }
    /// ```
    pub RespDefaultNoSchema {
        id: "resp-default-no-schema",
        category: Response,
        level: Error,
        summary: "The default response defines a schema",
        validator: "DefaultResponseHasSchema",
    }
}

impl Rule for RespDefaultNoSchema {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_responses(cx, &Self::META, |doc, _, r| {
            let mut out = Vec::new();
            let Some((_, list)) = r else { return out };
            for resp in list.iter().filter(|r| r.code() == "default") {
                let Some(schema) = resp.schema() else {
                    continue;
                };
                if resolve(doc, &schema.value).is_ok_and(is_empty_schema) {
                    continue;
                }
                // A shared response points into #/responses: the finding goes where the schema is
                // written when that is in this operation, and to the reference otherwise.
                let span = if resp.entry.value.range().contains(&schema.name.range.start) {
                    schema.name.range()
                } else {
                    as_obj(&resp.entry.value)
                        .and_then(|o| get_str(o, "$ref"))
                        .map_or_else(|| resp.entry.value.range(), |r| r.range())
                };
                out.push((
                    span,
                    resp.pointer.clone(),
                    "The 'default' response should not have schema definition. Schemas should be defined on expected responses only.".to_string(),
                ));
            }
            out
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a response key that is neither an HTTP status code (100–599) nor `default`.
    ///
    /// ## Why is this bad?
    /// The Swagger Validator rejects it with ResponseMustBeDefaultOrHttpStatusCode: the platform
    /// cannot match such a response to any reply of the service.
    ///
    /// ## Example
    /// ```json
    /// { "responses": { "OK": { "description": "OK" } } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "responses": { "200": { "description": "OK" } } }
    /// ```
    pub RespCodeValid {
        id: "resp-code-valid",
        category: Response,
        level: Error,
        summary: "Response key is not an HTTP status code or 'default'",
        validator: "ResponseMustBeDefaultOrHttpStatusCode",
    }
}

/// `default`, or a three-digit status from 100 to 599.
fn is_valid_code(code: &str) -> bool {
    code == "default"
        || (code.len() == 3
            && code.bytes().all(|b| b.is_ascii_digit())
            && (b'1'..=b'5').contains(&code.as_bytes()[0]))
}

impl Rule for RespCodeValid {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_responses(cx, &Self::META, |_, _, r| {
            let Some((_, list)) = r else {
                return Vec::new();
            };
            list.iter()
                .filter(|r| !is_valid_code(r.code()))
                .map(|resp| {
                    (
                        resp.entry.name.range(),
                        resp.pointer.clone(),
                        "The response is not valid, the response must be a valid HTTP status code, or the string 'default'.".to_string(),
                    )
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a successful (2xx) response whose `schema` is empty (`{}`), and an operation none of
    /// whose successful responses has a schema although one answers 200 or 201.
    ///
    /// Levels by shape:
    /// - `"schema": {}`: **error**; a **warning** on a webhook's registration call or an
    ///   internal operation, whose outputs no one sees.
    /// - no schema on a `get` operation or a trigger: **warning**.
    /// - no schema on a `post`, `put` or `patch` operation: **note**, since many such calls return
    ///   no body and the file cannot tell.
    ///
    /// Not reported: operations whose successful responses are all 202 or 204 (no body), a
    /// response whose description says it has no body ("No content"), webhook triggers, whose
    /// output is described by `x-ms-notification-content` (on the operation or its path item),
    /// internal operations (a missing schema only), whose outputs no one sees, and `delete` and
    /// `head` operations, which usually return no body.
    ///
    /// ## Why is this bad?
    /// "Valid response schemas are required for all operations unless the response is dynamic"
    /// (certification submission guide, RULES.md §7). Without a schema the designer offers no
    /// outputs for later steps.
    ///
    /// Evidence for the levels: reviewers asked for `"schema": {}` to be replaced in pull
    /// requests #1316, #2145 and #2433 (evidence R), so it stays an error. A missing schema is
    /// let through: the validator passed it in 30 of the 74 certified swaggers changed in
    /// 2023–2024 (`../shared/history`), and 215 merged certified connectors have it, so it is
    /// a warning at most.
    ///
    /// ## Example
    /// ```json
    /// { "responses": { "200": { "description": "OK", "schema": {} } } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Task" } } } }
    /// ```
    pub RespSchemaRequired {
        id: "resp-schema-required",
        category: Response,
        level: Error,
        summary: "Successful response has no schema, or an empty one",
    }
}

impl Rule for RespSchemaRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations_levelled(cx, &Self::META, schema_findings);
    }
}

/// What `resp-schema-required` finds in one operation, each with its level.
fn schema_findings(doc: &Json<'_>, op: &Operation<'_, '_>) -> Vec<LevelledFinding> {
    let mut out = Vec::new();
    let Some((_, list)) = op.responses.as_ref() else {
        return out;
    };
    let success: Vec<&Response<'_, '_>> = list.iter().filter(|r| r.is_success()).collect();
    // Webhook triggers describe their output in `x-ms-notification-content`, written on the
    // operation or on its path item.
    let webhook = get(op.op, "x-ms-notification-content").is_some()
        || get(op.item, "x-ms-notification-content").is_some();
    // An empty schema whose outputs no one sees (a webhook's registration call, an internal
    // operation) is a warning: reviewers asked for a schema, but nothing reaches a later step.
    let unseen = webhook || is_internal(op.op);
    let mut described = false;
    for resp in &success {
        let Some(schema) = resp.schema() else {
            continue;
        };
        match resolve(doc, &schema.value) {
            Ok(v) if is_empty_schema(v) => out.push((
                schema.value.range(),
                format!("{}/schema", resp.pointer),
                "The response schema is empty: describe the response body, or remove 'schema' if the response has none.".to_string(),
                if unseen { Level::Warning } else { Level::Error },
            )),
            _ => described = true,
        }
    }
    let body_expected = success.iter().any(|r| matches!(r.code(), "200" | "201"));
    if described
        || webhook
        || !body_expected
        || matches!(op.verb, "delete" | "head")
        || success.iter().any(|r| r.schema().is_some())
    {
        return out; // (An empty schema is reported above.)
    }
    let first = success
        .iter()
        .find(|r| matches!(r.code(), "200" | "201"))
        .expect("body_expected");
    // No one sees the outputs of an internal operation (one that feeds a dynamic schema).
    if first.object().is_some_and(says_no_body) || is_internal(op.op) {
        return out;
    }
    let (level, message) = if get(op.op, "x-ms-trigger").is_some() {
        (
                    Level::Warning,
                    format!(
                        "The trigger '{}' returns {} without a schema: describe what it delivers (in the response, or in 'x-ms-notification-content' for a webhook) so that later steps can use it.",
                        op.name(),
                        first.code()
                    ),
                )
    } else if op.verb == "get" {
        (
                    Level::Warning,
                    format!(
                        "The operation '{}' returns {} without a schema: describe the response body so that its outputs can be used in later steps.",
                        op.name(),
                        first.code()
                    ),
                )
    } else {
        (
                    Level::Note,
                    format!(
                        "The operation '{}' returns {} without a schema: if the call returns a body, describe it so that its outputs can be used in later steps; if it returns none, say so in the response's description.",
                        op.name(),
                        first.code()
                    ),
                )
    };
    out.push((
        first.entry.name.range(),
        first.pointer.clone(),
        message,
        level,
    ));
    out
}

/// A response whose description says that it carries no body ("No content", "Empty response").
fn says_no_body(resp: &crate::json::Object<'_>) -> bool {
    let Some(d) = get_str(resp, "description") else {
        return false;
    };
    let d = d.value.to_ascii_lowercase();
    [
        "no content",
        "no body",
        "empty response",
        "empty body",
        "no response body",
        "nothing is returned",
        "returns nothing",
    ]
    .iter()
    .any(|cue| d.contains(cue))
}

declare_rule! {
    /// ## What it does
    /// Reports an operation with more than one response that defines a schema.
    ///
    /// ## Why is this bad?
    /// The designer uses one response schema only; the others are dead weight, and schemas on error
    /// responses mislead. The Swagger Validator warns with OperationHasManyResponsesWithSchema.
    ///
    /// ## Example
    /// ```json
    /// { "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Task" } },
    ///                  "404": { "description": "Not found", "schema": { "$ref": "#/definitions/Error" } } } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "responses": { "200": { "description": "OK", "schema": { "$ref": "#/definitions/Task" } },
    ///                  "404": { "description": "Not found" } } }
    /// ```
    pub RespSingleSchema {
        id: "resp-single-schema",
        category: Response,
        level: Warning,
        summary: "More than one response defines a schema",
        validator: "OperationHasManyResponsesWithSchema",
    }
}

impl Rule for RespSingleSchema {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_responses(cx, &Self::META, |_, op, r| match r {
            Some((p, list)) if list.iter().filter(|r| r.schema().is_some()).count() > 1 => {
                vec![on_responses(
                    op,
                    p,
                    format!(
                        "The operation '{}' has more than one response with specified schema, only one schema will be used in the designer.",
                        op.name()
                    ),
                )]
            }
            _ => Vec::new(),
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a response `description` that says nothing: empty, or the word "default".
    ///
    /// ## Why is this bad?
    /// Reviewers ask for meaningful response descriptions ("OK", "Created", "Not found"; pull
    /// requests #2433 and #1425); they are shown in the designer's documentation of the action.
    ///
    /// ## Example
    /// ```json
    /// { "responses": { "default": { "description": "default" } } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "responses": { "default": { "description": "Operation failed." } } }
    /// ```
    pub RespDescriptionMeaningful {
        id: "resp-description-meaningful",
        category: Response,
        level: Warning,
        summary: "Response description says nothing ('default' or empty)",
    }
}

impl Rule for RespDescriptionMeaningful {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_responses(cx, &Self::META, |_, _, r| {
            let mut out = Vec::new();
            let Some((_, list)) = r else { return out };
            for resp in list {
                // Judged where it is written: a shared response is judged once, not per use.
                let Some(d) = as_obj(&resp.entry.value).and_then(|o| get_str(o, "description"))
                else {
                    continue;
                };
                let t = d.value.trim();
                if t.is_empty() || t.eq_ignore_ascii_case("default") {
                    out.push((
                        d.range(),
                        format!("{}/description", resp.pointer),
                        format!(
                            "The description of response '{}' says nothing: say what the response is (\"OK\", \"Created\", \"Not found\")",
                            resp.code()
                        ),
                    ));
                }
            }
            out
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a response `$ref` that points to nothing in the swagger (or cannot be followed: a
    /// reference to another file, or a loop of references); one that points outside
    /// `#/responses/` (ResponseReferenceNotValid); and an entry of the root `responses` that is
    /// itself a `$ref` to another (ResponseRefLoopNotAllowed).
    ///
    /// ## Why is this bad?
    /// The platform cannot know what the operation returns. The Swagger Validator rejects the file
    /// with ResponseReferenceNotFound.
    ///
    /// ## Example
    /// ```json
    /// { "responses": { "200": { "$ref": "#/responses/TaskList" } }, "responses": {} }
    /// ```
    ///
    /// Use instead: define `TaskList` under the root `responses`, or describe the response in place.
    pub SwgRespRefMissing {
        id: "swg-resp-ref-missing",
        category: Response,
        level: Error,
        summary: "Response reference points to nothing",
        validator: "ResponseReferenceNotFound",
    }
}

impl Rule for SwgRespRefMissing {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_responses(cx, &Self::META, |_, _, r| {
            let mut out = Vec::new();
            let Some((_, list)) = r else { return out };
            for resp in list {
                let reference = as_obj(&resp.entry.value).and_then(|o| get_str(o, "$ref"));
                let misplaced = reference.and_then(|r| {
                    super::misplaced_reference(r, &resp.pointer, "response", "#/responses/")
                });
                if let Some(f) = misplaced {
                    out.push(f);
                    continue;
                }
                let Err(e) = &resp.target else { continue };
                let Some(reference) = as_obj(&resp.entry.value).and_then(|o| get_str(o, "$ref"))
                else {
                    continue;
                };
                let message = match e {
                    RefError::NotFound(r) => format!(
                        "The response reference '{r}' could not be found in the swagger document."
                    ),
                    RefError::NotFollowed(why) => format!(
                        "The response reference '{}' cannot be followed ({why}): response references must start with '#/responses/'.",
                        reference.value
                    ),
                };
                out.push((reference.range(), format!("{}/$ref", resp.pointer), message));
            }
            out
        });
        if let Some(doc) = cx.connector.swagger {
            let found = super::root_references(doc, "responses", "response");
            cx.report_all(&Self::META, doc.file, found);
        }
    }
}
