//! Document and operation shape rules of the Swagger Validator and the certification guidance
//! (RULES.md §5, §7, §10.3–§10.6): path-item references, repeated tags, URLs, response headers
//! and examples, where the output schema sits, empty output properties, loops of required
//! references, fetch and subscribe parameters, required and empty values.

use std::collections::{HashMap, HashSet};

use super::{check_operations, declare_rule, Ctx, Finding, Rule};
use crate::json::{
    as_obj, get, get_arr, get_obj, get_str, prop, push_index, push_token, Json, Object, Value,
};
use crate::swagger::{effective_parameters, is_internal, Operation};

use crate::json::child_pointer as below;

/// The root object of the swagger.
fn root<'j, 'a>(doc: &'j Json<'a>) -> Option<&'j Object<'a>> {
    as_obj(&doc.root)
}

declare_rule! {
    /// ## What it does
    /// Reports a path item that is a `$ref` (`"/tasks": { "$ref": "…" }`).
    ///
    /// ## Why is this bad?
    /// The connector platform does not follow references to path items, so the operations are
    /// lost; the validator rejects the file with PathItemRefNotSuppored.
    ///
    /// ## Example
    /// ```json
    /// { "paths": { "/tasks": { "$ref": "tasks.json#/paths/~1tasks" } } }
    /// ```
    ///
    /// Use instead: write the operations in the path item.
    pub SwgPathitemRef {
        id: "swg-pathitem-ref",
        category: Operation,
        level: Error,
        summary: "Path item that is a '$ref'",
        validator: "PathItemRefNotSuppored",
    }
}

impl Rule for SwgPathitemRef {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(doc) = cx.connector.swagger else {
            return;
        };
        let Some(paths) = root(doc).and_then(|r| get_obj(r, "paths")) else {
            return;
        };
        let found: Vec<Finding> = doc
            .entries(paths)
            .filter_map(|p| {
                let r = as_obj(&p.value).and_then(|o| prop(o, "$ref"))?;
                let mut at = below("/paths", p.name.as_str());
                push_token(&mut at, "$ref");
                Some((
                    r.name.range(),
                    at,
                    "The '$ref' property in a path is not supported.".to_string(),
                ))
            })
            .collect();
        cx.report_all(&Self::META, doc.file, found);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a tag named twice in the root `tags` list.
    ///
    /// ## Why is this bad?
    /// Each tag is defined once; the validator rejects the file with TagRedefined.
    ///
    /// ## Example
    /// ```json
    /// { "tags": [{ "name": "Tasks" }, { "name": "Tasks", "description": "Task operations." }] }
    /// ```
    ///
    /// Use instead: one entry per tag.
    pub SwgTagDup {
        id: "swg-tag-dup",
        category: Metadata,
        level: Error,
        summary: "Tag defined twice",
        validator: "TagRedefined",
    }
}

impl Rule for SwgTagDup {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(doc) = cx.connector.swagger else {
            return;
        };
        let Some(tags) = root(doc).and_then(|r| get_arr(r, "tags")) else {
            return;
        };
        let mut seen = HashSet::new();
        let mut found = Vec::new();
        for (i, t) in tags.elements.iter().enumerate() {
            let Some(name) = as_obj(t).and_then(|o| get_str(o, "name")) else {
                continue;
            };
            if !seen.insert(name.value.as_ref()) {
                let mut at = "/tags".to_string();
                push_index(&mut at, i);
                push_token(&mut at, "name");
                found.push((
                    name.range(),
                    at,
                    format!(
                        "The 'tags' property defines tag '{}' multiple times.",
                        name.value
                    ),
                ));
            }
        }
        cx.report_all(&Self::META, doc.file, found);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `url` of `info.license` or of an `externalDocs` object (at the root, on a tag or
    /// on an operation) that is not an absolute `http` or `https` URL. The contact URL has
    /// `meta-contact-url`.
    ///
    /// ## Why is this bad?
    /// The link cannot be opened from the connector's page; the validator rejects the file with
    /// UrlNotValid.
    ///
    /// ## Example
    /// ```json
    /// { "externalDocs": { "url": "docs.contoso.com/tasks" } }
    /// ```
    ///
    /// Use instead: `"https://docs.contoso.com/tasks"`.
    pub SwgUrl {
        id: "swg-url",
        category: Metadata,
        level: Error,
        summary: "License or documentation URL that is not absolute",
        validator: "UrlNotValid",
    }
}

impl Rule for SwgUrl {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
            return;
        };
        let Some(r) = root(doc) else {
            return;
        };
        // (holder, its pointer)
        let mut holders: Vec<(&Object<'_>, String)> = Vec::new();
        if let Some(l) = get_obj(r, "info").and_then(|i| get_obj(i, "license")) {
            holders.push((l, "/info/license".to_string()));
        }
        if let Some(e) = get_obj(r, "externalDocs") {
            holders.push((e, "/externalDocs".to_string()));
        }
        for (i, t) in get_arr(r, "tags")
            .iter()
            .flat_map(|a| a.elements.iter())
            .enumerate()
        {
            if let Some(e) = as_obj(t).and_then(|t| get_obj(t, "externalDocs")) {
                holders.push((e, format!("/tags/{i}/externalDocs")));
            }
        }
        for op in &s.operations {
            if let Some(e) = get_obj(op.op, "externalDocs") {
                holders.push((e, below(&op.pointer, "externalDocs")));
            }
        }
        let found: Vec<Finding> = holders
            .into_iter()
            .filter_map(|(o, pointer)| {
                let u = get_str(o, "url")?;
                if super::metadata::is_absolute_url(&u.value) {
                    return None;
                }
                Some((
                    u.range(),
                    below(&pointer, "url"),
                    "The 'url' property must be a valid absolute URL.".to_string(),
                ))
            })
            .collect();
        cx.report_all(&Self::META, doc.file, found);
    }
}

/// The response objects of the swagger with their pointers: each operation's (not `$ref`s) and
/// the root `responses`.
fn response_objects<'j, 'a>(
    doc: &'j Json<'a>,
    s: &'j crate::swagger::Structure<'j, 'a>,
) -> Vec<(&'j Object<'a>, String, Option<&'j Operation<'j, 'a>>)> {
    let mut out = Vec::new();
    for op in &s.operations {
        for r in op.responses.iter().flat_map(|(_, list)| list) {
            if let Some(o) = as_obj(&r.entry.value).filter(|o| get(o, "$ref").is_none()) {
                out.push((o, r.pointer.clone(), Some(op)));
            }
        }
    }
    if let Some(map) = root(doc).and_then(|r| get_obj(r, "responses")) {
        for e in doc.entries(map) {
            if let Some(o) = as_obj(&e.value) {
                out.push((o, below("/responses", e.name.as_str()), None));
            }
        }
    }
    out
}

declare_rule! {
    /// ## What it does
    /// Reports a response header whose name another header of the same response has, in
    /// another case (`ETag` and `etag`).
    ///
    /// ## Why is this bad?
    /// HTTP header names are case-insensitive, so the two describe one header; the validator
    /// rejects the file with ResponseHeadersAreNotUnique. (The same name twice in one object is
    /// `file-duplicate-key`.)
    ///
    /// ## Example
    /// ```json
    /// { "headers": { "ETag": { "type": "string" }, "etag": { "type": "string" } } }
    /// ```
    ///
    /// Use instead: one of them.
    pub SwgRespHeadersUnique {
        id: "swg-resp-headers-unique",
        category: Response,
        level: Error,
        summary: "Response headers that differ only in case",
        validator: "ResponseHeadersAreNotUnique",
    }
}

impl Rule for SwgRespHeadersUnique {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
            return;
        };
        let mut found = Vec::new();
        for (o, pointer, _) in response_objects(doc, s) {
            let Some(headers) = get_obj(o, "headers") else {
                continue;
            };
            let mut seen = HashSet::new();
            for h in &headers.properties {
                let name = h.name.as_str();
                if !seen.insert(name.to_ascii_lowercase())
                    && headers
                        .properties
                        .iter()
                        .filter(|x| x.name.as_str() == name)
                        .count()
                        == 1
                {
                    let mut at = below(&pointer, "headers");
                    push_token(&mut at, name);
                    found.push((
                        h.name.range(),
                        at,
                        "The response headers are not unique.".to_string(),
                    ));
                }
            }
        }
        cx.report_all(&Self::META, doc.file, found);
    }
}

/// The MIME types an operation produces: its own `produces`, else the root's.
fn produces<'j>(doc: &'j Json<'_>, op: &'j Object<'_>) -> Option<Vec<&'j str>> {
    let list =
        get_arr(op, "produces").or_else(|| root(doc).and_then(|r| get_arr(r, "produces")))?;
    Some(
        list.elements
            .iter()
            .filter_map(|e| match e {
                Value::StringLit(s) => Some(s.value.as_ref()),
                _ => None,
            })
            .collect(),
    )
}

/// The media type of a MIME type, without parameters, in lower case.
fn essence(m: &str) -> String {
    m.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

declare_rule! {
    /// ## What it does
    /// Reports a response example whose MIME type the operation does not produce (its
    /// `produces`, or the root's). Operations that produce nothing declared are not judged.
    ///
    /// ## Why is this bad?
    /// The example describes a response the operation never returns; the validator rejects
    /// the file with ResponseExampleMustBeProducedByOperation.
    ///
    /// ## Example
    /// ```json
    /// { "produces": ["application/json"],
    ///   "responses": { "200": { "description": "OK", "examples": { "text/xml": "<task/>" } } } }
    /// ```
    ///
    /// Use instead: `"examples": { "application/json": { "id": "1" } }`.
    pub SwgExampleMime {
        id: "swg-example-mime",
        category: Response,
        level: Error,
        summary: "Response example of a MIME type the operation does not produce",
        validator: "ResponseExampleMustBeProducedByOperation",
    }
}

impl Rule for SwgExampleMime {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations(cx, &Self::META, |doc, op| {
            let Some(types) = produces(doc, op.op) else {
                return Vec::new();
            };
            let types: HashSet<String> = types.iter().map(|m| essence(m)).collect();
            let mut out = Vec::new();
            for r in op.responses.iter().flat_map(|(_, list)| list) {
                let Some(examples) = r.object().and_then(|o| get_obj(o, "examples")) else {
                    continue;
                };
                for e in &examples.properties {
                    let m = e.name.as_str();
                    if types.contains(&essence(m)) || types.contains("*/*") {
                        continue;
                    }
                    let mut at = below(&r.pointer, "examples");
                    push_token(&mut at, m);
                    out.push((
                        e.name.range(),
                        at,
                        format!(
                            "The response example '{m}' is not produced by the operation '{}'.",
                            op.name()
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
    /// Reports an operation whose output schema is on another success code than 200 or 201
    /// (such as 202), when neither 200 nor 201 has one and it is not a webhook with
    /// `x-ms-notification-content`.
    ///
    /// ## Why is this bad?
    /// The designer reads the outputs from 200 or 201 only, so the step shows no outputs; the
    /// validator warns with SchemaDefinitionSetIncorrectly.
    ///
    /// ## Example
    /// ```json
    /// { "responses": { "202": { "description": "Accepted", "schema": { "$ref": "#/definitions/Job" } } } }
    /// ```
    ///
    /// Use instead: describe the output on `200` (or `201`).
    pub RespSchema200201 {
        id: "resp-schema-200-201",
        category: Response,
        level: Warning,
        summary: "Output schema on another code than 200 or 201",
        validator: "SchemaDefinitionSetIncorrectly",
    }
}

impl Rule for RespSchema200201 {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations(cx, &Self::META, |_, op| {
            if get(op.op, "x-ms-notification-content").is_some() {
                return Vec::new();
            }
            let Some((_, list)) = &op.responses else {
                return Vec::new();
            };
            let with_schema: Vec<_> = list
                .iter()
                .filter(|r| {
                    r.schema()
                        .is_some_and(|s| as_obj(&s.value).is_some_and(|o| !o.properties.is_empty()))
                })
                .collect();
            if with_schema
                .iter()
                .any(|r| matches!(r.code(), "200" | "201"))
            {
                return Vec::new();
            }
            let Some(r) = with_schema.iter().find(|r| r.is_success()) else {
                return Vec::new();
            };
            vec![(
                r.entry.name.range(),
                r.pointer.clone(),
                format!("The operation '{}' should define an output schema on the 200 or 201 response code or in 'x-ms-notification-content' extension for a webhook to be visible in the designer.", op.name()),
            )]
        });
    }
}

/// Whether a property schema describes nothing: `{}` (with at most a label), or an object
/// whose `properties` are listed and empty. A bare `"type": "object"` is a free-form object, not
/// an empty one.
fn is_empty_property(o: &Object<'_>) -> bool {
    const TEXT: [&str; 5] = [
        "description",
        "title",
        "x-ms-summary",
        "x-ms-visibility",
        "readOnly",
    ];
    let mut empty_list = false;
    for p in &o.properties {
        match (p.name.as_str(), &p.value) {
            (k, _) if TEXT.contains(&k) => {}
            ("type", Value::StringLit(t)) if t.value == "object" => {}
            ("properties", Value::Object(m)) if m.properties.is_empty() => empty_list = true,
            _ => return false,
        }
    }
    empty_list || get(o, "type").is_none()
}

declare_rule! {
    /// ## What it does
    /// Reports a property of a response schema that describes nothing: `{}` (with at most a
    /// description or label), or an object whose `properties` list is empty, unless its schema
    /// lists it as required. A bare `"type": "object"` (a free-form object) is not reported.
    ///
    /// ## Why is this bad?
    /// "Remove empty properties unless required": the designer shows an output that holds no
    /// fields a flow can use, and translators get its label for nothing. A note: advice for
    /// the author.
    ///
    /// ## Example
    /// ```json
    /// { "type": "object", "properties": { "metadata": { "type": "object", "properties": {} } } }
    /// ```
    ///
    /// Use instead: describe the fields of `metadata`, or remove it.
    pub RespNoEmptyProps {
        id: "resp-no-empty-props",
        category: Response,
        level: Note,
        summary: "Response property that describes nothing",
    }
}

/// What `resp-no-empty-props` finds in one object: its properties that describe nothing, when
/// it is a response schema.
pub(crate) fn empty_properties(
    subject: &super::Subject<'_, '_>,
    _: &Json<'_>,
    o: &Object<'_>,
    path: &crate::json::Path<'_>,
) -> Vec<Finding> {
    let Some(props) = get_obj(o, "properties") else {
        return Vec::new();
    };
    let empty = |p: &crate::json::ObjectProp<'_>| as_obj(&p.value).is_some_and(is_empty_property);
    if !props.properties.iter().any(empty) {
        return Vec::new();
    }
    let pointer = path.pointer();
    let flows = subject.model.flows();
    if !flows.is_output(&pointer) || flows.is_input(&pointer) {
        return Vec::new();
    }
    let required: HashSet<&str> = get_arr(o, "required")
        .iter()
        .flat_map(|a| a.elements.iter())
        .filter_map(|e| match e {
            Value::StringLit(s) => Some(s.value.as_ref()),
            _ => None,
        })
        .collect();
    props
        .properties
        .iter()
        .filter(|p| !required.contains(p.name.as_str()) && empty(p))
        .map(|p| {
            let name = p.name.as_str();
            let mut at = below(&pointer, "properties");
            push_token(&mut at, name);
            (
                p.name.range(),
                at,
                format!(
                    "The property '{name}' describes nothing: describe its fields, or remove it."
                ),
            )
        })
        .collect()
}

impl Rule for RespNoEmptyProps {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        super::keywords::report_scanned(cx, &Self::META, empty_properties);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-summary` longer than 80 characters: of a parameter, or of a schema
    /// property (an output's name). Internal fields, whose labels nobody sees, are not
    /// reported.
    ///
    /// ## Why is this bad?
    /// The label of a field "has a limit of 80 characters" (certification guidance); a longer
    /// one is cut in the designer, and most languages make it longer still. A warning: the
    /// validator does not enforce it, and 29 merged values exceed it.
    ///
    /// ## Example
    /// ```json
    /// { "name": "q", "in": "query", "type": "string", "x-ms-summary": "The search text used to find tasks by their title, description, owner or any of their tags" }
    /// ```
    ///
    /// Use instead: `"x-ms-summary": "Search text"`, with the rest in `description`.
    pub ParamXMsSummaryMaxLength {
        id: "param-x-ms-summary-max-length",
        category: Parameter,
        level: Warning,
        summary: "Parameter label over 80 characters",
        validator: "FieldLengthExceeded",
    }
}

/// What `param-x-ms-summary-max-length` finds in one object: its `x-ms-summary`, when it is
/// over 80 characters and users see it.
pub(crate) fn long_label(
    _: &super::Subject<'_, '_>,
    _: &Json<'_>,
    o: &Object<'_>,
    path: &crate::json::Path<'_>,
) -> Vec<Finding> {
    let Some(label) = get_str(o, "x-ms-summary") else {
        return Vec::new();
    };
    let n = label.value.chars().count();
    // An operation's own x-ms-summary is not shown (op-x-ms-summary-on-operation), and neither
    // is the label of an internal field.
    let operation = path.len() == 3 && path.key(0) == Some("paths");
    if n <= 80 || operation || is_internal(o) {
        return Vec::new();
    }
    vec![(
        label.range(),
        path.pointer_with("x-ms-summary"),
        format!("The 'x-ms-summary' value goes over the character limit '80' ({n} characters)."),
    )]
}

impl Rule for ParamXMsSummaryMaxLength {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        super::keywords::report_scanned(cx, &Self::META, long_label);
    }
}

/// A required property that is a `$ref` to a definition: the definition's name, and the span
/// and pointer of the property's name in `required`.
type RequiredRef = (String, std::ops::Range<usize>, String);

declare_rule! {
    /// ## What it does
    /// Reports definitions that require each other in a loop: `A` requires a property that is
    /// a `$ref` to `B`, and `B` requires one that is a `$ref` to `A` (or `A` to itself).
    ///
    /// ## Why is this bad?
    /// No finite value can meet the schema; the validator rejects the file with
    /// RequiredLoopInSchemaNotAllowed. Optional references in a loop are fine (a tree).
    ///
    /// ## Example
    /// ```json
    /// { "Node": { "type": "object", "required": ["parent"],
    ///   "properties": { "parent": { "$ref": "#/definitions/Node" } } } }
    /// ```
    ///
    /// Use instead: make `parent` optional.
    pub SwgRequiredLoop {
        id: "swg-required-loop",
        category: Schema,
        level: Error,
        summary: "Definitions that require each other in a loop",
        validator: "RequiredLoopInSchemaNotAllowed",
    }
}

impl Rule for SwgRequiredLoop {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(doc) = cx.connector.swagger else {
            return;
        };
        let Some(defs) = root(doc).and_then(|r| get_obj(r, "definitions")) else {
            return;
        };
        // For each definition, its required properties that are a `$ref` to a definition:
        // (target, the span and pointer of the property's name in `required`).
        let mut edges: HashMap<&str, Vec<RequiredRef>> = HashMap::new();
        for d in doc.entries(defs) {
            let Some(o) = as_obj(&d.value) else { continue };
            let (Some(req), Some(props)) = (get_arr(o, "required"), get_obj(o, "properties"))
            else {
                continue;
            };
            for (i, e) in req.elements.iter().enumerate() {
                let Value::StringLit(name) = e else { continue };
                let target = get(props, &name.value)
                    .and_then(crate::swagger::ref_pointer)
                    .and_then(|p| {
                        p.strip_prefix("/definitions/")
                            .map(|t| crate::swagger::unescape_token(t).into_owned())
                    });
                if let Some(t) = target.filter(|t| !t.contains('/')) {
                    let mut at = below("/definitions", d.name.as_str());
                    push_token(&mut at, "required");
                    push_index(&mut at, i);
                    edges
                        .entry(d.name.as_str())
                        .or_default()
                        .push((t, name.range(), at));
                }
            }
        }
        // A definition is in a loop when it reaches itself through required references.
        let mut found = Vec::new();
        let mut names: Vec<&&str> = edges.keys().collect();
        names.sort_by_key(|n| edges[**n][0].1.start);
        for &&start in &names {
            let mut seen = HashSet::new();
            let mut stack: Vec<&str> = edges[start].iter().map(|(t, _, _)| t.as_str()).collect();
            let mut looped = false;
            while let Some(n) = stack.pop() {
                if n == start {
                    looped = true;
                    break;
                }
                if seen.insert(n) {
                    if let Some(next) = edges.get(n) {
                        stack.extend(next.iter().map(|(t, _, _)| t.as_str()));
                    }
                }
            }
            if looped {
                let (_, span, at) = &edges[start][0];
                found.push((
                    span.clone(),
                    at.clone(),
                    "Loops of required schema properties are not allowed.".to_string(),
                ));
            }
        }
        cx.report_all(&Self::META, doc.file, found);
    }
}

/// The `type` of a parameter (its schema's, for a body) and whether it is internal.
fn kind_of<'j>(doc: &'j Json<'_>, p: &'j Object<'_>) -> (Option<&'j str>, bool) {
    let t = get_str(p, "type").map(|t| t.value.as_ref()).or_else(|| {
        get(p, "schema")
            .and_then(|v| crate::swagger::resolve(doc, v).ok())
            .and_then(as_obj)
            .and_then(|s| get_str(s, "type"))
            .map(|t| t.value.as_ref())
    });
    (t, is_internal(p))
}

declare_rule! {
    /// ## What it does
    /// Reports a parameter of a polling (fetch) trigger whose namesake in the webhook
    /// (subscribe) operation its `x-ms-notification` names has another type or visibility.
    ///
    /// ## Why is this bad?
    /// The platform passes the same values to both operations, so the two must agree; the
    /// validator rejects the file with ParamtersWithSameNameMustHaveSameTypeAndVisibility.
    ///
    /// ## Example
    /// ```json
    /// "ListTasks": { "x-ms-notification": { "operationId": "RegisterHook" },
    ///   "parameters": [{ "name": "project", "in": "query", "type": "string" }] }
    /// "RegisterHook": { "parameters": [{ "name": "project", "in": "query", "type": "integer" }] }
    /// ```
    ///
    /// Use instead: the same `type` and `x-ms-visibility` in both.
    pub SwgFetchSubscribeParamMismatch {
        id: "swg-fetch-subscribe-param-mismatch",
        category: Parameter,
        level: Error,
        summary: "Fetch and subscribe parameters that disagree",
        validator: "ParamtersWithSameNameMustHaveSameTypeAndVisibility",
    }
}

impl Rule for SwgFetchSubscribeParamMismatch {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
            return;
        };
        let mut found = Vec::new();
        for op in &s.operations {
            let Some(target) = get_obj(op.op, "x-ms-notification")
                .and_then(|n| get_str(n, "operationId"))
                .and_then(|id| s.operation(&id.value))
            else {
                continue;
            };
            let theirs = effective_parameters(doc, target);
            let own = get_arr(op.op, "parameters");
            for (i, e) in own.iter().flat_map(|a| a.elements.iter()).enumerate() {
                let Some(p) = crate::swagger::resolve(doc, e).ok().and_then(as_obj) else {
                    continue;
                };
                let Some(name) = get_str(p, "name") else {
                    continue;
                };
                let Some(other) = theirs
                    .iter()
                    .find(|o| get_str(o, "name").is_some_and(|n| n.value == name.value))
                else {
                    continue;
                };
                if kind_of(doc, p) != kind_of(doc, other) {
                    let mut at = below(&op.pointer, "parameters");
                    push_index(&mut at, i);
                    found.push((
                        name.range(),
                        at,
                        "Parameters of the same name in fetch and subscribe operations must be of the same type and visibility.".to_string(),
                    ));
                }
            }
        }
        cx.report_all(&Self::META, doc.file, found);
    }
}

/// The values the validator requires, with where they are: each parameter's `name` and `in`,
/// and `info.version`. (Title, description, contact, operationId, summary and the parameter
/// labels have rules of their own.)
fn required_values<'j, 'a>(
    doc: &'j Json<'a>,
    s: &'j crate::swagger::Structure<'j, 'a>,
) -> Vec<(&'j Object<'a>, String, &'static str)> {
    let mut out = Vec::new();
    if let Some(info) = root(doc).and_then(|r| get_obj(r, "info")) {
        out.push((info, "/info".to_string(), "version"));
    }
    for p in &s.parameters {
        out.push((p.obj, p.pointer.clone(), "name"));
        out.push((p.obj, p.pointer.clone(), "in"));
    }
    out
}

declare_rule! {
    /// ## What it does
    /// Reports a parameter without `name` or `in`, and an `info` without `version`.
    ///
    /// ## Why is this bad?
    /// Swagger 2.0 requires them: a parameter without a name or a location cannot be sent. The
    /// validator rejects the file with RequiredPropertyMissing.
    ///
    /// ## Example
    /// ```json
    /// { "in": "query", "type": "string", "x-ms-summary": "Filter" }
    /// ```
    ///
    /// Use instead: `"name": "filter"` beside `in`.
    pub SwgRequiredMissing {
        id: "swg-required-missing",
        category: Parameter,
        level: Error,
        summary: "Parameter name or location, or API version, missing",
        validator: "RequiredPropertyMissing",
    }
}

impl Rule for SwgRequiredMissing {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
            return;
        };
        let found: Vec<Finding> = required_values(doc, s)
            .into_iter()
            .filter(|(o, _, key)| prop(o, key).is_none())
            .map(|(o, pointer, key)| {
                (
                    o.range.start..o.range.start + 1,
                    pointer,
                    format!("The '{key}' property is required."),
                )
            })
            .collect();
        cx.report_all(&Self::META, doc.file, found);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an empty (or blank) parameter `name` or `in`, or `info.version`.
    ///
    /// ## Why is this bad?
    /// The value is required and must say something; the validator rejects the file with
    /// RequiredValueEmpty.
    ///
    /// ## Example
    /// ```json
    /// { "name": "", "in": "query", "type": "string" }
    /// ```
    ///
    /// Use instead: `"name": "filter"`.
    pub SwgRequiredValueEmpty {
        id: "swg-required-value-empty",
        category: Parameter,
        level: Error,
        summary: "Parameter name or location, or API version, empty",
        validator: "RequiredValueEmpty",
    }
}

impl Rule for SwgRequiredValueEmpty {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
            return;
        };
        let found: Vec<Finding> = required_values(doc, s)
            .into_iter()
            .filter_map(|(o, pointer, key)| {
                let v = get_str(o, key).filter(|v| v.value.trim().is_empty())?;
                Some((
                    v.range(),
                    below(&pointer, key),
                    format!("The '{key}' property must have not empty value."),
                ))
            })
            .collect();
        cx.report_all(&Self::META, doc.file, found);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a property of a request or response schema without `title`, unless it is a
    /// `$ref` (the definition carries its own). Off by default: most merged connectors label
    /// properties with `x-ms-summary` instead, which `param-x-ms-summary-*` checks.
    ///
    /// ## Why is this bad?
    /// Many reviewers and tools treat `title` as the display name of a body or response
    /// property, and the designer's "Title" field maps to it; a property without one shows
    /// its raw name.
    ///
    /// ## Example
    /// ```json
    /// { "properties": { "dueDate": { "type": "string", "format": "date-time" } } }
    /// ```
    ///
    /// Use instead: `"title": "Due date"` (or `"x-ms-summary": "Due Date"`).
    pub SchemaPropTitle {
        id: "schema-prop-title",
        category: Schema,
        level: Note,
        summary: "Schema property without a title",
        default_enabled: false,
    }
}

impl Rule for SchemaPropTitle {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(doc) = cx.connector.swagger else {
            return;
        };
        let mut found = Vec::new();
        crate::swagger::walk_keyword_objects(
            &doc.root,
            &mut crate::json::Path::default(),
            &mut |o, path| {
                let Some(props) = get_obj(o, "properties") else {
                    return;
                };
                let pointer = path.pointer();
                if !pointer.starts_with("/paths/")
                    && !pointer.starts_with("/definitions/")
                    && !pointer.starts_with("/parameters/")
                    && !pointer.starts_with("/responses/")
                {
                    return;
                }
                for p in &props.properties {
                    let Some(schema) = as_obj(&p.value) else {
                        continue;
                    };
                    if ["title", "x-ms-summary", "$ref"]
                        .iter()
                        .any(|k| get(schema, k).is_some())
                    {
                        continue;
                    }
                    let mut at = below(&pointer, "properties");
                    push_token(&mut at, p.name.as_str());
                    found.push((
                    p.name.range(),
                    at,
                    format!("The property '{}' has no 'title' (or 'x-ms-summary'): the designer shows its raw name.", p.name.as_str()),
                ));
                }
            },
        );
        cx.report_all(&Self::META, doc.file, found);
    }
}
