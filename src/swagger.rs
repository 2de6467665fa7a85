//! The swagger's structure as the certification rules see it: its operations, and local `$ref`
//! references resolved to what they point to.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::json::{
    as_obj, get, get_arr, get_obj, get_str, prop, push_index, push_token, Json, Object, ObjectProp,
    Path, StringLit, Value,
};

/// The HTTP methods an OpenAPI 2.0 path item may hold.
pub const VERBS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// References are followed at most this many times, so a loop of `$ref`s ends.
const MAX_REF_HOPS: usize = 32;

/// One response of an operation, with what its `$ref` (if any) points to.
#[derive(Debug)]
pub struct Response<'j, 'a> {
    /// The `responses` entry: its key is the status code.
    pub entry: &'j ObjectProp<'a>,
    /// The response object, after following `$ref`; `Err` when the reference leads nowhere.
    pub target: Result<&'j Value<'a>, RefError>,
    pub pointer: String,
}

impl<'j, 'a> Response<'j, 'a> {
    pub fn code(&self) -> &str {
        self.entry.name.as_str()
    }

    pub fn is_success(&self) -> bool {
        let c = self.code().as_bytes();
        c.len() == 3 && c[0] == b'2' && c[1..].iter().all(u8::is_ascii_digit)
    }

    pub fn object(&self) -> Option<&'j Object<'a>> {
        self.target.as_ref().ok().and_then(|v| as_obj(v))
    }

    /// The `schema` property of the response, if it has one.
    pub fn schema(&self) -> Option<&'j ObjectProp<'a>> {
        self.object().and_then(|o| prop(o, "schema"))
    }

    /// The JSON pointer of the response's `schema`: below the entry, or, for a response `$ref`,
    /// below the response it points to.
    pub fn schema_pointer(&self) -> String {
        let mut pointer = match &self.target {
            Ok(t) if !std::ptr::eq(*t, &self.entry.value) => {
                ref_pointer(&self.entry.value).unwrap_or_else(|| self.pointer.clone())
            }
            _ => self.pointer.clone(),
        };
        push_token(&mut pointer, "schema");
        pointer
    }
}

/// The `responses` object of an operation (`None` when it has none, or it is not an object) and
/// its responses.
fn responses<'j, 'a>(
    doc: &'j Json<'a>,
    op: &'j Object<'a>,
    op_pointer: &str,
) -> Option<Responses<'j, 'a>> {
    let p = prop(op, "responses")?;
    let o = as_obj(&p.value)?;
    let list = doc
        .entries(o)
        .map(|entry| {
            let mut pointer = op_pointer.to_string();
            push_token(&mut pointer, "responses");
            push_token(&mut pointer, entry.name.as_str());
            Response {
                entry,
                target: resolve(doc, &entry.value),
                pointer,
            }
        })
        .collect();
    Some((p, list))
}

/// The `responses` object of an operation and its responses.
pub type Responses<'j, 'a> = (&'j ObjectProp<'a>, Vec<Response<'j, 'a>>);

/// One operation: `paths/{path}/{verb}`.
#[derive(Debug)]
pub struct Operation<'j, 'a> {
    pub path: &'j str,
    /// The path item that holds the operation.
    pub item: &'j Object<'a>,
    pub verb: &'j str,
    pub op: &'j Object<'a>,
    /// JSON pointer of the operation object.
    pub pointer: String,
    /// Span of the verb key: where a finding about the whole operation points.
    pub key: Range<usize>,
    /// `None` when the operation has no `responses` object.
    pub responses: Option<Responses<'j, 'a>>,
}

impl Operation<'_, '_> {
    /// The name the validator uses in its messages: the operationId, or "VERB path" without one.
    pub fn name(&self) -> String {
        match get_str(self.op, "operationId") {
            Some(id) if !id.value.trim().is_empty() => id.value.to_string(),
            _ => format!("{} {}", self.verb.to_uppercase(), self.path),
        }
    }
}

/// Every operation of the swagger, in source order.
pub fn operations<'j, 'a>(doc: &'j Json<'a>) -> Vec<Operation<'j, 'a>> {
    let mut out = Vec::new();
    let Some(paths) = as_obj(&doc.root).and_then(|r| get_obj(r, "paths")) else {
        return out;
    };
    for p in doc.entries(paths) {
        let Some(item) = as_obj(&p.value) else {
            continue;
        };
        for v in doc.entries(item) {
            let verb = v.name.as_str();
            if !VERBS.contains(&verb) {
                continue;
            }
            let Some(op) = as_obj(&v.value) else {
                continue;
            };
            let mut pointer = String::from("/paths");
            push_token(&mut pointer, p.name.as_str());
            push_token(&mut pointer, verb);
            out.push(Operation {
                path: p.name.as_str(),
                item,
                verb,
                op,
                responses: responses(doc, op, &pointer),
                pointer,
                key: v.name.range(),
            });
        }
    }
    out
}

/// `required: true` on a parameter.
pub fn is_required(o: &Object<'_>) -> bool {
    matches!(get(o, "required"), Some(Value::BooleanLit(true, _)))
}

/// `x-ms-visibility: internal`: never shown to users.
pub fn is_internal(o: &Object<'_>) -> bool {
    get_str(o, "x-ms-visibility").is_some_and(|s| s.value == "internal")
}

/// A parameter written in the swagger: under the root `parameters`, a path item's or an
/// operation's `parameters`. A `$ref` entry is not one: it is judged where it points.
#[derive(Debug)]
pub struct Parameter<'j, 'a> {
    pub obj: &'j Object<'a>,
    pub pointer: String,
    /// The method of the operation it belongs to (`None` at the root or on a path item).
    pub verb: Option<&'j str>,
    /// Whether an operation that users see takes it: its operation, one of its path item's
    /// operations, or (at the root) an operation or path item that refers to it is not
    /// `x-ms-visibility: internal`. A parameter of internal operations only is never shown.
    pub in_shown_operation: bool,
}

impl<'j, 'a> Parameter<'j, 'a> {
    pub fn name(&self) -> &'j str {
        get_str(self.obj, "name").map_or("", |s| s.value.as_ref())
    }

    pub fn location(&self) -> &'j str {
        get_str(self.obj, "in").map_or("", |s| s.value.as_ref())
    }

    /// Whether the designer shows this parameter as a field of its own: it is not internal, an
    /// operation users see takes it, and it is not a body whose schema is an object or an array
    /// (the designer shows the schema's properties, or its items', as the fields instead).
    pub fn is_shown_field(&self, doc: &'j Json<'a>) -> bool {
        self.in_shown_operation && !is_internal(self.obj) && !self.is_structured_body(doc)
    }

    /// An `in: body` parameter whose schema is an object or an array (see
    /// [`is_structured_body`]).
    pub fn is_structured_body(&self, doc: &'j Json<'a>) -> bool {
        is_structured_body(doc, self.obj)
    }

    /// Whether the parameter has `key`, or, for a body, its schema (after `$ref`) has it: a body
    /// shown as one field may carry its label (`x-ms-summary`, `title`) and `description` there.
    pub fn has_text(&self, doc: &'j Json<'a>, key: &str) -> bool {
        if prop(self.obj, key).is_some() {
            return true;
        }
        if self.location() != "body" {
            return false;
        }
        let keys: &[&str] = if key == "x-ms-summary" {
            &["x-ms-summary", "title"]
        } else {
            &[key]
        };
        get(self.obj, "schema")
            .and_then(|v| resolve(doc, v).ok())
            .and_then(as_obj)
            .is_some_and(|s| keys.iter().any(|k| get(s, k).is_some()))
    }

    /// Where a finding about the whole parameter points: its `name` value, or its opening brace.
    pub fn span(&self) -> Range<usize> {
        get_str(self.obj, "name").map_or(self.obj.range.start..self.obj.range.start + 1, |s| {
            s.range()
        })
    }
}

/// Whether parameter `p` is an `in: body` parameter whose schema (after `$ref`) is an object or
/// an array: by `type`, or, with no `type`, by `properties`, `allOf`, `items` or
/// `additionalProperties`; or one with `x-ms-dynamic-schema` or `x-ms-dynamic-properties`. The
/// designer shows the schema's properties (or items) as the fields, not the parameter itself.
pub fn is_structured_body(doc: &Json<'_>, p: &Object<'_>) -> bool {
    if get_str(p, "in").is_none_or(|s| s.value != "body") {
        return false;
    }
    let Some(schema) = get(p, "schema")
        .and_then(|v| resolve(doc, v).ok())
        .and_then(as_obj)
    else {
        return false;
    };
    let dynamic = ["x-ms-dynamic-schema", "x-ms-dynamic-properties"];
    if dynamic
        .iter()
        .any(|k| get(schema, k).is_some() || get(p, k).is_some())
    {
        return true; // the designer shows the properties the dynamic schema gives
    }
    match get_str(schema, "type") {
        Some(t) => matches!(t.value.as_ref(), "object" | "array"),
        None => ["properties", "allOf", "items", "additionalProperties"]
            .iter()
            .any(|k| get(schema, k).is_some()),
    }
}

/// A `$ref` entry of a `parameters` list, with the pointer of the entry.
#[derive(Debug)]
pub struct ParameterRef<'j, 'a> {
    pub reference: &'j StringLit<'a>,
    pub pointer: String,
}

/// The parameters that apply to an operation: its path item's and its own (its own win on the
/// same name and location), `$ref`s followed; references that lead nowhere are left out
/// (`swg-param-ref-missing` reports them).
pub fn effective_parameters<'j, 'a>(
    doc: &'j Json<'a>,
    op: &Operation<'j, 'a>,
) -> Vec<&'j Object<'a>> {
    let resolved = |holder: &'j Object<'a>| -> Vec<&'j Object<'a>> {
        get_arr(holder, "parameters")
            .map(|a| {
                a.elements
                    .iter()
                    .filter_map(|e| resolve(doc, e).ok().and_then(as_obj))
                    .collect()
            })
            .unwrap_or_default()
    };
    let own = resolved(op.op);
    let shared = resolved(op.item);
    if shared.is_empty() {
        return own; // most path items share no parameters
    }
    let key = |o: &'j Object<'a>| {
        (
            get_str(o, "name").map(|s| s.value.as_ref()),
            get_str(o, "in").map(|s| s.value.as_ref()),
        )
    };
    let own_keys: HashSet<(Option<&str>, Option<&str>)> = own.iter().map(|o| key(o)).collect();
    let mut out: Vec<&'j Object<'a>> = shared
        .into_iter()
        .filter(|p| !own_keys.contains(&key(p)))
        .collect();
    out.extend(own);
    out
}

/// The template variables of a path (`/tasks/{taskId}` gives `taskId`), as written between braces.
pub fn template_variables(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    out
}

/// What the structural rules look at, computed once per connector.
#[derive(Debug)]
pub struct Structure<'j, 'a> {
    pub operations: Vec<Operation<'j, 'a>>,
    /// Every parameter written in the swagger.
    pub parameters: Vec<Parameter<'j, 'a>>,
    /// Every `$ref` entry of a `parameters` list.
    pub parameter_refs: Vec<ParameterRef<'j, 'a>>,
    /// The index in `operations` of the first operation with each `operationId`.
    pub by_id: HashMap<&'j str, usize>,
}

impl<'j, 'a> Structure<'j, 'a> {
    pub fn of(doc: &'j Json<'a>) -> Structure<'j, 'a> {
        let operations = operations(doc);
        let (parameters, parameter_refs) = parameters(doc, &operations);
        let mut by_id = HashMap::with_capacity(operations.len());
        for (i, op) in operations.iter().enumerate() {
            if let Some(id) = get_str(op.op, "operationId") {
                by_id.entry(id.value.as_ref()).or_insert(i);
            }
        }
        Structure {
            operations,
            parameters,
            parameter_refs,
            by_id,
        }
    }

    /// The operation with this `operationId`.
    pub fn operation(&self, id: &str) -> Option<&Operation<'j, 'a>> {
        self.by_id.get(id).map(|&i| &self.operations[i])
    }
}

/// Every parameter written in the swagger, and every `$ref` entry of a `parameters` list.
fn parameters<'j, 'a>(
    doc: &'j Json<'a>,
    operations: &[Operation<'j, 'a>],
) -> (Vec<Parameter<'j, 'a>>, Vec<ParameterRef<'j, 'a>>) {
    let (mut params, mut refs) = (Vec::new(), Vec::new());
    let Some(root) = as_obj(&doc.root) else {
        return (params, refs);
    };
    // The root parameters that a shown operation, or a path item with one, refers to.
    let mut shown_refs: HashSet<std::borrow::Cow<'_, str>> = HashSet::new();
    let mut list = |holder: &'j Object<'a>, base: &str, verb: Option<&'j str>, shown: bool| {
        let Some(arr) = get_arr(holder, "parameters") else {
            return;
        };
        for (i, e) in arr.elements.iter().enumerate() {
            let Some(obj) = as_obj(e) else { continue };
            let mut pointer = format!("{base}/parameters");
            push_index(&mut pointer, i);
            match get_str(obj, "$ref") {
                Some(reference) => {
                    if shown {
                        if let Some(name) = reference.value.strip_prefix("#/parameters/") {
                            shown_refs.insert(unescape_token(name));
                        }
                    }
                    refs.push(ParameterRef { reference, pointer })
                }
                None => params.push(Parameter {
                    obj,
                    pointer,
                    verb,
                    in_shown_operation: shown,
                }),
            }
        }
    };
    let shown_paths: HashSet<&str> = operations
        .iter()
        .filter(|op| !is_internal(op.op))
        .map(|op| op.path)
        .collect();
    if let Some(paths) = get_obj(root, "paths") {
        for p in doc.entries(paths) {
            let Some(item) = as_obj(&p.value) else {
                continue;
            };
            let mut base = String::from("/paths");
            push_token(&mut base, p.name.as_str());
            list(item, &base, None, shown_paths.contains(p.name.as_str()));
        }
    }
    for op in operations {
        list(op.op, &op.pointer, Some(op.verb), !is_internal(op.op));
    }
    let mut root_params = Vec::new();
    if let Some(shared) = get_obj(root, "parameters") {
        for p in doc.entries(shared) {
            if let Some(obj) = as_obj(&p.value) {
                let mut pointer = String::from("/parameters");
                push_token(&mut pointer, p.name.as_str());
                let shown = shown_refs.contains(p.name.as_str());
                root_params.push(Parameter {
                    obj,
                    pointer,
                    verb: None,
                    in_shown_operation: shown,
                });
            }
        }
    }
    root_params.append(&mut params);
    (root_params, refs)
}

/// Keys whose values are data or names, not swagger keywords: the walk over keywords does not
/// look inside them as keywords.
pub const DATA_KEYS: [&str; 5] = ["example", "examples", "default", "enum", "x-ms-test-value"];

/// Keys whose object values map names to definitions: the names are not keywords, their values
/// are.
const NAME_MAPS: [&str; 8] = [
    "paths",
    "definitions",
    "properties",
    "parameters",
    "responses",
    "securityDefinitions",
    "headers",
    "scopes",
];

/// Visit every object of the swagger that holds keywords, with its pointer: the root, operations,
/// parameters, schemas, responses… but not the insides of examples, defaults, enums or
/// extension values.
pub fn walk_keyword_objects<'j, 'a>(
    v: &'j Value<'a>,
    path: &mut Path<'j>,
    f: &mut impl FnMut(&'j Object<'a>, &Path<'j>),
) {
    match v {
        Value::Object(o) => {
            f(o, path);
            for p in &o.properties {
                let k = p.name.as_str();
                if DATA_KEYS.contains(&k) || k.starts_with("x-") {
                    continue;
                }
                path.push_key(k);
                match (&p.value, NAME_MAPS.contains(&k)) {
                    (Value::Object(map), true) => {
                        for entry in &map.properties {
                            path.push_key(entry.name.as_str());
                            walk_keyword_objects(&entry.value, path, f);
                            path.pop();
                        }
                    }
                    _ => walk_keyword_objects(&p.value, path, f),
                }
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, e) in a.elements.iter().enumerate() {
                path.push_index(i);
                walk_keyword_objects(e, path, f);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The `x-ms-dynamic-*` extensions, which fill a field from another operation's response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DynamicKind {
    Values,
    List,
    Schema,
    Properties,
    Tree,
}

impl DynamicKind {
    pub const ALL: [DynamicKind; 5] = [
        DynamicKind::Values,
        DynamicKind::List,
        DynamicKind::Schema,
        DynamicKind::Properties,
        DynamicKind::Tree,
    ];

    /// The extension's key.
    pub fn key(self) -> &'static str {
        match self {
            DynamicKind::Values => "x-ms-dynamic-values",
            DynamicKind::List => "x-ms-dynamic-list",
            DynamicKind::Schema => "x-ms-dynamic-schema",
            DynamicKind::Properties => "x-ms-dynamic-properties",
            DynamicKind::Tree => "x-ms-dynamic-tree",
        }
    }

    /// The newer extension that supersedes this one when both are present: the validator and the
    /// designer read `x-ms-dynamic-list` over `-values`, and `-properties` over `-schema`.
    pub fn successor(self) -> Option<DynamicKind> {
        match self {
            DynamicKind::Values => Some(DynamicKind::List),
            DynamicKind::Schema => Some(DynamicKind::Properties),
            _ => None,
        }
    }
}

/// One `x-ms-dynamic-*` extension in the swagger.
#[derive(Debug)]
pub struct DynamicUse<'j, 'a> {
    pub kind: DynamicKind,
    /// The extension member: its key and its value.
    pub member: &'j ObjectProp<'a>,
    /// The parameter or schema that carries it.
    pub holder: &'j Object<'a>,
    /// The JSON pointer of the extension.
    pub pointer: String,
    /// The operation it belongs to (an index into [`Structure::operations`]): the one it is
    /// written in, or for one in `definitions` the first operation whose parameters or responses
    /// reach that definition through `$ref`s; `None` when no operation does.
    pub source: Option<usize>,
}

impl<'j, 'a> DynamicUse<'j, 'a> {
    /// The extension's value, when it is an object.
    pub fn ext(&self) -> Option<&'j Object<'a>> {
        as_obj(&self.member.value)
    }

    /// Whether the holder also carries the extension of `kind`.
    pub fn holder_has(&self, kind: DynamicKind) -> bool {
        get(self.holder, kind.key()).is_some()
    }

    /// Whether the validator reads this extension: not when its successor is beside it.
    pub fn is_read(&self) -> bool {
        self.kind.successor().is_none_or(|k| !self.holder_has(k))
    }

    /// Whether this is the old file-picker form of `x-ms-dynamic-values`
    /// (`"capability": "file-picker"`), which names no operation.
    pub fn is_file_picker(&self) -> bool {
        self.kind == DynamicKind::Values
            && self
                .ext()
                .and_then(|e| get_str(e, "capability"))
                .is_some_and(|c| c.value == "file-picker")
    }
}

/// Every `x-ms-dynamic-*` extension of the swagger, in source order, from the keyword objects
/// that hold one (`holders`, with their paths, in source order).
pub fn dynamic_uses<'s, 'j, 'a: 's>(
    doc: &'j Json<'a>,
    s: &Structure<'j, 'a>,
    holders: impl Iterator<Item = (&'j Object<'a>, crate::json::PathRef<'s, 'a>)>,
) -> Vec<DynamicUse<'j, 'a>> {
    let by_place: HashMap<(&str, &str), usize> = s
        .operations
        .iter()
        .enumerate()
        .map(|(i, op)| ((op.path, op.verb), i))
        .collect();
    let mut out = Vec::new();
    let mut users: Option<DefinitionUsers> = None;
    for (o, path) in holders {
        for member in &o.properties {
            let key = member.name.as_str();
            if !key.starts_with("x-ms-dynamic-") {
                continue;
            }
            let Some(kind) = DynamicKind::ALL.into_iter().find(|k| k.key() == key) else {
                continue;
            };
            let pointer = path.pointer_with(key);
            let source = match operation_of(&pointer) {
                Some((path, verb)) => by_place.get(&(path.as_ref(), verb)).copied(),
                None => definition_of(&pointer).and_then(|name| {
                    users
                        .get_or_insert_with(|| DefinitionUsers::of(doc, s))
                        .first_operation(&name)
                }),
            };
            out.push(DynamicUse {
                kind,
                member,
                holder: o,
                pointer,
                source,
            });
        }
    }
    out
}

/// The definition a pointer lies in (`/definitions/Task/…` gives `Task`).
fn definition_of(pointer: &str) -> Option<std::borrow::Cow<'_, str>> {
    let rest = pointer.strip_prefix("/definitions/")?;
    Some(unescape_token(rest.split('/').next()?))
}

/// For each definition, the first operation (in source order) whose parameters or responses reach
/// it through `$ref`s: built once, when an extension in `definitions` needs the operation it
/// belongs to. The operations are taken in order and each definition is marked by the first that
/// reaches it, so each definition and each `$ref` is followed once: linear in the swagger.
struct DefinitionUsers {
    first: HashMap<String, usize>,
}

impl DefinitionUsers {
    fn of(doc: &Json<'_>, s: &Structure<'_, '_>) -> DefinitionUsers {
        let refs_of = definition_graph(doc);
        let mut first: HashMap<String, usize> = HashMap::new();
        for (i, op) in s.operations.iter().enumerate() {
            let mut stack = Vec::new();
            for p in effective_parameters(doc, op) {
                if let Some(schema) = get(p, "schema") {
                    definition_refs(schema, &mut stack, 0);
                }
            }
            if let Some(responses) = get(op.op, "responses") {
                definition_refs(responses, &mut stack, 0);
            }
            while let Some(name) = stack.pop() {
                if first.contains_key(&name) {
                    continue;
                }
                if let Some(next) = refs_of.get(&name) {
                    stack.extend(next.iter().cloned());
                }
                first.insert(name, i);
            }
        }
        DefinitionUsers { first }
    }

    /// The first operation that reaches definition `name`.
    fn first_operation(&self, name: &str) -> Option<usize> {
        self.first.get(name).copied()
    }
}

/// For each definition, the definitions its `$ref`s point to.
fn definition_graph(doc: &Json<'_>) -> HashMap<String, Vec<String>> {
    let mut refs_of: HashMap<String, Vec<String>> = HashMap::new();
    if let Some(defs) = as_obj(&doc.root).and_then(|r| get_obj(r, "definitions")) {
        for d in doc.entries(defs) {
            let mut targets = Vec::new();
            definition_refs(&d.value, &mut targets, 0);
            refs_of.insert(d.name.as_str().to_string(), targets);
        }
    }
    refs_of
}

/// The definition names that `$ref`s inside `v` point to (`#/definitions/X`), not looking into
/// data (`example`, `default`…).
fn definition_refs(v: &Value<'_>, out: &mut Vec<String>, depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Object(o) => {
            for p in &o.properties {
                let k = p.name.as_str();
                if k == "$ref" {
                    if let Value::StringLit(r) = &p.value {
                        if let Some(name) = r.value.strip_prefix("#/definitions/") {
                            out.push(unescape_token(name).into_owned());
                        }
                    }
                } else if !DATA_KEYS.contains(&k) {
                    definition_refs(&p.value, out, depth + 1);
                }
            }
        }
        Value::Array(a) => {
            for e in &a.elements {
                definition_refs(e, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// The path and verb of the operation a pointer lies in (`/paths/~1a/get/…`), the path unescaped.
fn operation_of(pointer: &str) -> Option<(std::borrow::Cow<'_, str>, &str)> {
    let rest = pointer.strip_prefix("/paths/")?;
    let (path, rest) = rest.split_once('/')?;
    let verb = rest.split('/').next()?;
    Some((unescape_token(path), verb))
}

/// `allOf` and `$ref` are followed at most this deep when collecting a schema's properties.
const MAX_SCHEMA_DEPTH: usize = 16;

/// What a path of property names leads to in a schema.
#[derive(Debug)]
pub enum Lookup<'j, 'a> {
    /// The schema at the path, `$ref` followed.
    Found(&'j Object<'a>),
    /// A step names a property that a closed schema does not list.
    Missing,
    /// The schema does not say: it lists no properties, allows others, is dynamic, or a `$ref`
    /// leads nowhere.
    Unknown,
}

/// The properties of schema `v` (its `$ref` and `allOf` members followed), and whether the list is
/// closed: the schema lists properties, allows no others and is not dynamic.
pub fn schema_properties<'j, 'a>(
    doc: &'j Json<'a>,
    v: &'j Value<'a>,
) -> (Vec<&'j ObjectProp<'a>>, bool) {
    let mut out = Vec::new();
    let closed = collect_schema_properties(doc, v, 0, &mut out) && !out.is_empty();
    (out, closed)
}

fn collect_schema_properties<'j, 'a>(
    doc: &'j Json<'a>,
    v: &'j Value<'a>,
    depth: usize,
    out: &mut Vec<&'j ObjectProp<'a>>,
) -> bool {
    let Some(o) = resolve(doc, v).ok().and_then(as_obj) else {
        return false;
    };
    if depth > MAX_SCHEMA_DEPTH {
        return false;
    }
    let mut closed = ["x-ms-dynamic-schema", "x-ms-dynamic-properties"]
        .iter()
        .all(|k| get(o, k).is_none())
        && get(o, "additionalProperties").is_none_or(|a| matches!(a, Value::BooleanLit(false, _)));
    if let Some(props) = get_obj(o, "properties") {
        out.extend(doc.entries(props));
    }
    if let Some(all) = get_arr(o, "allOf") {
        for member in &all.elements {
            closed &= collect_schema_properties(doc, member, depth + 1, out);
        }
    }
    closed
}

/// What the property path `path` (names joined by `/`, as the dynamic extensions write them)
/// leads to in schema `v`. An empty path is the schema itself. Names are matched as written, else
/// without regard to case, as the designer reads them.
pub fn schema_at<'j, 'a>(doc: &'j Json<'a>, v: &'j Value<'a>, path: &str) -> Lookup<'j, 'a> {
    let mut cur = v;
    for step in path.split('/').filter(|s| !s.is_empty()) {
        let (props, closed) = schema_properties(doc, cur);
        // The designer looks properties up without regard to case (a `value-path` of
        // `businessName` finds `businessname`), so a name that differs in case only is found.
        let found = props
            .iter()
            .rev()
            .find(|p| p.name.as_str() == step)
            .or_else(|| {
                props
                    .iter()
                    .rev()
                    .find(|p| p.name.as_str().eq_ignore_ascii_case(step))
            });
        match found {
            Some(p) => cur = &p.value,
            None if closed => return Lookup::Missing,
            None => return Lookup::Unknown,
        }
    }
    match resolve(doc, cur).ok().and_then(as_obj) {
        Some(o) => Lookup::Found(o),
        None => Lookup::Unknown,
    }
}

/// The type of a schema object: its `type`, or `array` with `items` and `object` with
/// `properties` when it has none.
pub fn schema_type<'j>(o: &'j Object<'_>) -> Option<&'j str> {
    match get_str(o, "type") {
        Some(t) => Some(t.value.as_ref()),
        None if get(o, "items").is_some() => Some("array"),
        None if get(o, "properties").is_some() => Some("object"),
        None => None,
    }
}

impl<'j, 'a> Operation<'j, 'a> {
    /// The schema of the operation's first successful (2xx) response that has one.
    pub fn success_schema(&self) -> Option<&'j Value<'a>> {
        let (_, list) = self.responses.as_ref()?;
        list.iter()
            .filter(|r| r.is_success())
            .find_map(|r| r.schema())
            .map(|p| &p.value)
    }
}

/// A JSON pointer token with its `~1` and `~0` escapes undone.
pub fn unescape_token(t: &str) -> std::borrow::Cow<'_, str> {
    if t.contains('~') {
        t.replace("~1", "/").replace("~0", "~").into()
    } else {
        t.into()
    }
}

/// The pointer a local `$ref` value points to (`#/definitions/Item` gives `/definitions/Item`).
pub fn ref_pointer(v: &Value<'_>) -> Option<String> {
    as_obj(v)
        .and_then(|o| get_str(o, "$ref"))
        .and_then(|r| r.value.strip_prefix('#').map(str::to_string))
}

/// Why a `$ref` could not be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// The reference names nothing in this document.
    NotFound(String),
    /// Not a local reference (`#/…`), or a loop of references: why.
    NotFollowed(&'static str),
}

/// `v` itself, or what its `$ref` (and theirs, in turn) points to within `doc`.
pub fn resolve<'j, 'a>(doc: &'j Json<'a>, v: &'j Value<'a>) -> Result<&'j Value<'a>, RefError> {
    match as_obj(v).and_then(|o| get_str(o, "$ref")) {
        None => Ok(v),
        Some(reference) => follow(doc, &reference.value),
    }
}

/// What the reference `r` points to within `doc`, following further `$ref`s.
pub fn follow<'j, 'a>(doc: &'j Json<'a>, r: &str) -> Result<&'j Value<'a>, RefError> {
    let mut r = r.to_string();
    for _ in 0..MAX_REF_HOPS {
        let Some(pointer) = r.strip_prefix('#') else {
            return Err(RefError::NotFollowed("not a reference within this file"));
        };
        let target =
            pointer_get(&doc.root, pointer).ok_or_else(|| RefError::NotFound(r.clone()))?;
        match as_obj(target).and_then(|o| get_str(o, "$ref")) {
            None => return Ok(target),
            Some(next) => r = next.value.to_string(),
        }
    }
    Err(RefError::NotFollowed("a loop of references"))
}

/// The value at an RFC 6901 JSON pointer (`/definitions/Task`), with `~1` and `~0` decoded.
pub fn pointer_get<'j, 'a>(root: &'j Value<'a>, pointer: &str) -> Option<&'j Value<'a>> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut cur = root;
    for raw in pointer.strip_prefix('/')?.split('/') {
        let token = unescape_token(raw);
        cur = match cur {
            Value::Object(o) => get(o, &token)?,
            Value::Array(a) => a.elements.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::FileId;

    fn doc(text: &str) -> Json<'_> {
        crate::json::parse(text, FileId(0), &mut Vec::new()).unwrap()
    }

    #[test]
    fn operations_in_source_order_with_pointers() {
        let d = doc(
            r#"{"paths":{"/a/{id}":{"parameters":[],"get":{"operationId":"GetA"},"x-ms-notes":{}},
                "/b":{"post":{}}}}"#,
        );
        let ops = operations(&d);
        let got: Vec<(String, String)> =
            ops.iter().map(|o| (o.pointer.clone(), o.name())).collect();
        assert_eq!(
            got,
            [
                ("/paths/~1a~1{id}/get".to_string(), "GetA".to_string()),
                ("/paths/~1b/post".to_string(), "POST /b".to_string()),
            ]
        );
    }

    #[test]
    fn each_operation_finds_its_path_item_and_references_in_a_few_lookups() {
        // 20,000 path items, each with a path-level parameter, a shared one by `$ref`, and a
        // response whose schema starts a chain of `$ref`s through the definitions. Finding an
        // operation's path item and following a reference look keys up in objects of 20,000
        // keys: a key or two compared each (some 130 an operation, with up to 32 hops through
        // the definitions), not half the object.
        let n = 20_000;
        let mut text = String::from(r#"{"paths": {"#);
        for i in 0..n {
            text.push_str(&format!(
                r##""/items{i}/{{id}}": {{"parameters": [{{"name": "id", "in": "path"}}],
                  "get": {{"parameters": [{{"$ref": "#/parameters/Top"}}, {{"name": "id", "in": "path"}}],
                  "responses": {{"200": {{"description": "OK", "schema": {{"$ref": "#/definitions/D{i}"}}}}}}}}}},"##
            ));
        }
        text.push_str(r#""/end": {}}, "parameters": {"Top": {"name": "top", "in": "query"}}, "definitions": {"#);
        for i in 0..n {
            text.push_str(&format!(
                r##""D{i}": {{"$ref": "#/definitions/D{}"}}, "##,
                i + 1
            ));
        }
        text.push_str(&format!(r#""D{n}": {{"type": "object"}}}}}}"#));
        let d = doc(&text);
        let before = crate::json::ast::KEYS_COMPARED.with(|c| c.get());
        let ops = operations(&d);
        assert_eq!(ops.len(), n);
        let mut followed = 0;
        for op in &ops {
            let names: Vec<&str> = effective_parameters(&d, op)
                .iter()
                .map(|p| get_str(p, "name").unwrap().value.as_ref())
                .collect();
            assert_eq!(names, ["top", "id"]);
            let schema = op.responses.as_ref().unwrap().1[0].schema().unwrap();
            followed += usize::from(resolve(&d, &schema.value).is_ok());
        }
        // Chains of up to 32 lookups end at the object; longer ones are taken for a loop.
        assert_eq!(followed, MAX_REF_HOPS - 1);
        let compared = crate::json::ast::KEYS_COMPARED.with(|c| c.get()) - before;
        assert!(
            compared >= n && compared <= n * 300,
            "{compared} keys compared for {n} operations"
        );
    }

    #[test]
    fn references_are_followed_and_dangling_ones_reported() {
        let d = doc(
            r##"{"responses":{"Ok":{"$ref":"#/responses/Real"},"Real":{"description":"OK"},
                 "Loop":{"$ref":"#/responses/Loop"}},
                "definitions":{"a/b":{"type":"string"}},
                "x":[{"$ref":"#/responses/Ok"},{"$ref":"#/responses/Gone"},{"$ref":"other.json#/a"},
                     {"$ref":"#/responses/Loop"},{"$ref":"#/definitions/a~1b"}]}"##,
        );
        let Value::Object(root) = &d.root else {
            panic!()
        };
        let Some(Value::Array(x)) = get(root, "x") else {
            panic!()
        };
        let description = |v: &Value<'_>| {
            as_obj(v)
                .and_then(|o| get_str(o, "description"))
                .map(|s| s.value.to_string())
        };
        assert_eq!(
            resolve(&d, &x.elements[0]).ok().and_then(description),
            Some("OK".to_string())
        );
        assert_eq!(
            resolve(&d, &x.elements[1]),
            Err(RefError::NotFound("#/responses/Gone".to_string()))
        );
        assert!(matches!(
            resolve(&d, &x.elements[2]),
            Err(RefError::NotFollowed(_))
        ));
        assert!(matches!(
            resolve(&d, &x.elements[3]),
            Err(RefError::NotFollowed(_))
        ));
        assert!(resolve(&d, &x.elements[4]).is_ok());
    }
}

/// Which definitions the requests and the responses of the operations reach through `$ref`s,
/// found once per connector: a schema rule that applies to inputs (or outputs) only reads a
/// definition's flow here.
#[derive(Debug, Default)]
pub struct Flows {
    /// Definitions reached from a body or form parameter's schema.
    pub input: HashSet<String>,
    /// Definitions reached from a response.
    pub output: HashSet<String>,
    /// Definitions that are, through `$ref`s only, the whole schema of a body parameter.
    pub body_roots: HashSet<String>,
    /// Definitions that are, through `$ref`s only, the whole schema of a response.
    pub response_roots: HashSet<String>,
}

impl Flows {
    pub fn of(doc: &Json<'_>, s: &Structure<'_, '_>) -> Flows {
        let refs_of = definition_graph(doc);
        let close = |mut stack: Vec<String>, seen: &mut HashSet<String>| {
            while let Some(name) = stack.pop() {
                if let Some(next) = refs_of.get(&name) {
                    if !seen.contains(&name) {
                        stack.extend(next.iter().cloned());
                    }
                }
                seen.insert(name);
            }
        };
        // A chain of whole-schema `$ref`s: `{"$ref": A}` where A is `{"$ref": B}` gives A and B.
        let root_chain = |v: &Value<'_>, out: &mut HashSet<String>| {
            let mut at = ref_pointer(v);
            let mut hops = 0;
            while let Some(name) = at
                .as_deref()
                .and_then(definition_of)
                .map(|c| c.into_owned())
            {
                hops += 1;
                if hops > MAX_REF_HOPS || !out.insert(name) {
                    break;
                }
                at = at
                    .as_deref()
                    .and_then(|p| pointer_get(&doc.root, p))
                    .and_then(ref_pointer);
            }
        };
        let mut flows = Flows::default();
        let (mut input, mut output) = (Vec::new(), Vec::new());
        for p in &s.parameters {
            if let Some(schema) = get(p.obj, "schema") {
                definition_refs(schema, &mut input, 0);
                if p.location() == "body" {
                    root_chain(schema, &mut flows.body_roots);
                }
            }
        }
        for op in &s.operations {
            for r in op.responses.iter().flat_map(|(_, list)| list) {
                if let Ok(v) = r.target {
                    definition_refs(v, &mut output, 0);
                }
                if let Some(schema) = r.schema() {
                    root_chain(&schema.value, &mut flows.response_roots);
                }
            }
        }
        if let Some(responses) = as_obj(&doc.root).and_then(|r| get(r, "responses")) {
            definition_refs(responses, &mut output, 0);
        }
        close(input, &mut flows.input);
        close(output, &mut flows.output);
        flows
    }

    /// Whether the schema at `pointer` is part of a request: under a parameter, or in a
    /// definition a request reaches.
    pub fn is_input(&self, pointer: &str) -> bool {
        match definition_of(pointer) {
            Some(name) => self.input.contains(name.as_ref()),
            None => pointer.contains("/parameters/"),
        }
    }

    /// Whether the schema at `pointer` is part of a response.
    pub fn is_output(&self, pointer: &str) -> bool {
        match definition_of(pointer) {
            Some(name) => self.output.contains(name.as_ref()),
            None => pointer.contains("/responses/"),
        }
    }

    /// Whether `pointer` is a whole definition that no operation reaches: how it is used is not
    /// known.
    pub fn is_unreached_definition(&self, pointer: &str) -> bool {
        match definition_of(pointer) {
            Some(name) => {
                pointer.matches('/').count() == 2
                    && !self.input.contains(name.as_ref())
                    && !self.output.contains(name.as_ref())
            }
            None => false,
        }
    }

    /// Whether `pointer` is the whole schema of a response (`…/responses/200/schema`, or a
    /// definition that one is a `$ref` to).
    pub fn is_response_root(&self, pointer: &str) -> bool {
        whole_schema(pointer, "responses", &self.response_roots)
    }

    /// Whether `pointer` is the whole schema of a body parameter (`…/parameters/0/schema`, or a
    /// definition that one is a `$ref` to).
    pub fn is_body_root(&self, pointer: &str) -> bool {
        whole_schema(pointer, "parameters", &self.body_roots)
    }
}

/// Whether `pointer` is the whole `schema` of an entry of a `section` (`responses`,
/// `parameters`), or a whole definition of `roots`.
fn whole_schema(pointer: &str, section: &str, roots: &HashSet<String>) -> bool {
    match definition_of(pointer) {
        Some(name) => pointer.matches('/').count() == 2 && roots.contains(name.as_ref()),
        None => {
            let mut it = pointer.rsplit('/');
            it.next() == Some("schema") && it.nth(1) == Some(section)
        }
    }
}
