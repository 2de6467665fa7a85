//! The dynamic extensions of the Swagger Validator (RULES.md §10.1): `x-ms-dynamic-values`,
//! `-list`, `-schema`, `-properties` and `-tree`, which fill a field, a list or a schema from
//! another operation's response.
//!
//! The extensions are found once per connector ([`super::Subject::dynamics`]) and
//! the operations they name are looked up by id in a map built with the swagger's structure, so
//! the cost of these rules is linear in the size of the swagger.
//!
//! An extension beside its successor (`-values` beside `-list`, `-schema` beside `-properties`)
//! is kept for older clients; the validator reads the successor, and so do these rules.

use std::borrow::Cow;

use super::{declare_rule, Ctx, Finding, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::json::{
    as_obj, get, get_obj, get_str, prop, push_token, Json, Object, ObjectProp, StringLit, Value,
};
use crate::swagger::{
    effective_parameters, is_required, schema_at, schema_properties, schema_type, DynamicKind,
    DynamicUse, Lookup, Operation, Structure,
};

/// One call of another operation that an extension makes: the object that holds its
/// `operationId` and `parameters` (the extension itself, or a `-tree`'s `open` or `browse`).
pub(crate) struct Call<'j, 'a> {
    pub use_: &'j DynamicUse<'j, 'a>,
    pub obj: &'j Object<'a>,
    /// The JSON pointer of `obj`.
    pub pointer: String,
    /// `browse` for a `-tree`'s browse call: the one place `selectedItemValuePath` may appear.
    pub browse: bool,
}

impl<'j, 'a> Call<'j, 'a> {
    pub fn operation_id(&self) -> Option<&'j StringLit<'a>> {
        get_str(self.obj, "operationId")
    }

    /// The entries of its `parameters` map, with their pointers.
    pub fn arguments(&self) -> Vec<Argument<'j, 'a>> {
        let Some(map) = get_obj(self.obj, "parameters") else {
            return Vec::new();
        };
        map.properties
            .iter()
            .map(|member| {
                let mut pointer = self.pointer.clone();
                push_token(&mut pointer, "parameters");
                push_token(&mut pointer, member.name.as_str());
                Argument { member, pointer }
            })
            .collect()
    }

    /// Whether the parameters are named by path (`body/name`), as `-list`, `-properties` and
    /// `-tree` allow, rather than by parameter name only.
    fn takes_paths(&self) -> bool {
        !matches!(self.use_.kind, DynamicKind::Values | DynamicKind::Schema)
    }
}

/// One entry of a call's `parameters`: the target's parameter and what fills it.
pub(crate) struct Argument<'j, 'a> {
    pub member: &'j ObjectProp<'a>,
    pub pointer: String,
}

/// Where an argument's value comes from.
enum Source<'j, 'a> {
    /// `{"value": …}`, or a bare value (the old form).
    Static(&'j Value<'a>),
    /// `{"parameter": "x"}` or `{"parameterReference": "x"}`: a parameter (or body property
    /// path) of the operation the extension is written in.
    Reference(&'j StringLit<'a>, &'static str),
    /// Anything else (`selectedItemValuePath`, an empty object…).
    Other,
}

impl<'j, 'a> Argument<'j, 'a> {
    fn source(&self) -> Source<'j, 'a> {
        let Some(o) = as_obj(&self.member.value) else {
            return Source::Static(&self.member.value);
        };
        for key in ["parameter", "parameterReference"] {
            if let Some(s) = get_str(o, key) {
                return Source::Reference(s, key);
            }
        }
        match get(o, "value") {
            Some(v) => Source::Static(v),
            None => Source::Other,
        }
    }
}

/// The calls that the validator reads: every extension but a superseded one and the old
/// file-picker form, and both calls of a `-tree`.
pub(crate) fn calls<'j, 'a>(uses: &'j [DynamicUse<'j, 'a>]) -> Vec<Call<'j, 'a>> {
    let mut out = Vec::new();
    for u in uses {
        let Some(ext) = u.ext() else { continue };
        if !u.is_read() || u.is_file_picker() {
            continue;
        }
        if u.kind == DynamicKind::Tree {
            for part in ["open", "browse"] {
                if let Some(obj) = get_obj(ext, part) {
                    let mut pointer = u.pointer.clone();
                    push_token(&mut pointer, part);
                    out.push(Call {
                        use_: u,
                        obj,
                        pointer,
                        browse: part == "browse",
                    });
                }
            }
        } else {
            out.push(Call {
                use_: u,
                obj: ext,
                pointer: u.pointer.clone(),
                browse: false,
            });
        }
    }
    out
}

/// Whether users can see the field an extension fills: neither its parameter or schema nor the
/// operation it belongs to is `x-ms-visibility: internal`. The warnings about what the user would
/// see (an empty list, a list that waits for an optional field) are only given for those.
fn is_seen(s: &Structure<'_, '_>, u: &DynamicUse<'_, '_>) -> bool {
    !crate::swagger::is_internal(u.holder)
        && u.source
            .is_none_or(|i| !crate::swagger::is_internal(s.operations[i].op))
}

/// Report, as `meta`, what `f` finds in each call, with the operation it names (when it exists).
fn check_calls(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    f: impl Fn(&Json<'_>, &Structure<'_, '_>, &Call<'_, '_>, Option<&Operation<'_, '_>>) -> Vec<Finding>,
) {
    let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
        return;
    };
    let found: Vec<Finding> = calls(cx.connector.dynamics())
        .iter()
        .flat_map(|call| {
            let target = call.operation_id().and_then(|id| s.operation(&id.value));
            f(doc, s, call, target)
        })
        .collect();
    cx.report_all(meta, doc.file, found);
}

/// Report, as `meta`, what `f` finds in each extension.
fn check_uses(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    f: impl Fn(&Json<'_>, &Structure<'_, '_>, &DynamicUse<'_, '_>) -> Vec<Finding>,
) {
    let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
        return;
    };
    let found: Vec<Finding> = cx
        .connector
        .dynamics()
        .iter()
        .flat_map(|u| f(doc, s, u))
        .collect();
    cx.report_all(meta, doc.file, found);
}

/// The span and pointer of member `key` of `o` (below `pointer`), or of `o` itself without one.
fn member_site(o: &Object<'_>, pointer: &str, key: &str) -> (std::ops::Range<usize>, String) {
    match prop(o, key) {
        Some(p) => {
            let mut at = pointer.to_string();
            push_token(&mut at, key);
            (p.value.range(), at)
        }
        None => (o.range.start..o.range.start + 1, pointer.to_string()),
    }
}

/// The parameter of `params` named `name`, or the body parameter's schema property at the path
/// `name` when it starts with the body parameter's name (`body/fields`).
enum Target<'j, 'a> {
    Parameter(&'j Object<'a>),
    BodyProperty,
    Missing,
    Unknown,
}

fn find_target<'j, 'a>(
    doc: &'j Json<'a>,
    params: &[&'j Object<'a>],
    name: &str,
    paths: bool,
) -> Target<'j, 'a> {
    let named = |n: &str| {
        params
            .iter()
            .copied()
            .find(|p| get_str(p, "name").is_some_and(|s| s.value == n))
    };
    if let Some(p) = named(name) {
        return Target::Parameter(p);
    }
    if !paths {
        return Target::Missing;
    }
    let Some((first, rest)) = name.split_once('/') else {
        return Target::Missing;
    };
    match named(first).and_then(|p| get(p, "schema")) {
        Some(schema) => match schema_at(doc, schema, rest) {
            Lookup::Found(_) => Target::BodyProperty,
            Lookup::Missing => Target::Missing,
            Lookup::Unknown => Target::Unknown,
        },
        None => Target::Missing,
    }
}

/// The type a parameter takes: its `type`, or its schema's for a body.
fn parameter_type<'j>(doc: &'j Json<'_>, p: &'j Object<'_>) -> Option<&'j str> {
    match get(p, "schema") {
        Some(schema) => crate::swagger::resolve(doc, schema)
            .ok()
            .and_then(as_obj)
            .and_then(|o| schema_type(o)),
        None => get_str(p, "type").map(|t| t.value.as_ref()),
    }
}

/// Whether a value of type `given` fills a parameter of type `wanted`.
fn type_fits(wanted: &str, given: &str) -> bool {
    wanted == given || (wanted == "number" && given == "integer")
}

/// The operation an extension belongs to and its parameters; `None` when no operation uses it.
fn source_of<'j, 'a>(
    doc: &'j Json<'a>,
    s: &'j Structure<'j, 'a>,
    u: &DynamicUse<'_, '_>,
) -> Option<(&'j Operation<'j, 'a>, Vec<&'j Object<'a>>)> {
    let op = &s.operations[u.source?];
    Some((op, effective_parameters(doc, op)))
}

fn body_property_names<'j>(doc: &'j Json<'_>, params: &[&'j Object<'_>]) -> Vec<&'j str> {
    params
        .iter()
        .filter(|p| get_str(p, "in").is_some_and(|s| s.value == "body"))
        .filter_map(|p| get(p, "schema"))
        .flat_map(|schema| schema_properties(doc, schema).0)
        .map(|p| p.name.as_str())
        .collect()
}

declare_rule! {
    /// ## What it does
    /// Reports `x-ms-dynamic-values`, `-list`, `-schema` or `-properties` written on an `in: body`
    /// parameter rather than in its `schema`.
    ///
    /// ## Why is this bad?
    /// The designer reads the dynamic extensions of a body from its schema. The validator rejects
    /// the file with DynamicExtensionDefinitionNotAllowedInParameter.
    ///
    /// ## Example
    /// ```json
    /// { "name": "body", "in": "body", "schema": { "type": "object" },
    ///   "x-ms-dynamic-schema": { "operationId": "GetTaskSchema", "value-path": "schema" } }
    /// ```
    ///
    /// Use instead: move the extension into `schema`.
    pub SwgDynamicOnBodyParam {
        id: "swg-dynamic-on-body-param",
        category: Operation,
        level: Error,
        summary: "Dynamic extension on a body parameter instead of its schema",
        validator: "DynamicExtensionDefinitionNotAllowedInParameter",
    }
}

impl Rule for SwgDynamicOnBodyParam {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_uses(cx, &Self::META, |_, _, u| {
            let body = get_str(u.holder, "in").is_some_and(|s| s.value == "body");
            if !body || u.kind == DynamicKind::Tree {
                return Vec::new();
            }
            vec![(
                u.member.name.range(),
                u.pointer.clone(),
                "Dynamic extensions are not allowed to be defined on the body parameter. It should be in the schema.".to_string(),
            )]
        });
    }
}

/// What `{"parameter": X}` in an `x-ms-dynamic-values` or `-schema` names in its operation.
#[derive(PartialEq)]
enum ReferenceKind {
    /// Not a parameter but a property of the body: only `-list` / `-properties` can say so.
    BodyProperty,
    /// More than one parameter, or a parameter and a body property.
    Ambiguous,
}

/// The `parameter` references of a `kind` extension (`-values` or `-schema`) without its
/// successor that are `wanted`, with the span and pointer of each.
fn references_of(
    doc: &Json<'_>,
    s: &Structure<'_, '_>,
    u: &DynamicUse<'_, '_>,
    kind: DynamicKind,
    wanted: ReferenceKind,
    message: &str,
) -> Vec<Finding> {
    if u.kind != kind || !u.is_read() {
        return Vec::new();
    }
    let Some((_, params)) = source_of(doc, s, u) else {
        return Vec::new();
    };
    let props = body_property_names(doc, &params);
    let mut out = Vec::new();
    for call in calls(std::slice::from_ref(u)) {
        for arg in call.arguments() {
            let Source::Reference(name, key) = arg.source() else {
                continue;
            };
            let matching = params
                .iter()
                .filter(|p| get_str(p, "name").is_some_and(|n| n.value == name.value))
                .count();
            let in_body = props.contains(&name.value.as_ref());
            let found = match matching {
                0 if in_body => Some(ReferenceKind::BodyProperty),
                1 if in_body => Some(ReferenceKind::Ambiguous),
                n if n > 1 => Some(ReferenceKind::Ambiguous),
                _ => None,
            };
            if found.as_ref() == Some(&wanted) {
                let mut pointer = arg.pointer.clone();
                push_token(&mut pointer, key);
                out.push((name.range(), pointer, message.to_string()));
            }
        }
    }
    out
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-dynamic-values` whose `{"parameter": …}` names a property of the body
    /// rather than a parameter, with no `x-ms-dynamic-list` beside it.
    ///
    /// An extension in `definitions` is checked against the first operation that uses its
    /// definition.
    ///
    /// ## Why is this bad?
    /// `-values` can only refer to parameters; a body property needs `x-ms-dynamic-list` and
    /// `"parameterReference": "body/name"`. The validator rejects the file with
    /// DynamicListExtensionRequiredForNonParameterReferences.
    ///
    /// ## Example
    /// ```json
    /// "x-ms-dynamic-values": { "operationId": "ListLists", "parameters": { "board": { "parameter": "boardId" } } }
    /// ```
    /// where `boardId` is a property of the body.
    ///
    /// Use instead: add `"x-ms-dynamic-list": { "operationId": "ListLists", "parameters": { "board": { "parameterReference": "body/boardId" } } }`.
    pub SwgDynamicListNonparam {
        id: "swg-dynamic-list-nonparam",
        category: Operation,
        level: Error,
        summary: "x-ms-dynamic-values refers to a body property without x-ms-dynamic-list",
        validator: "DynamicListExtensionRequiredForNonParameterReferences",
    }
}

impl Rule for SwgDynamicListNonparam {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_uses(cx, &Self::META, |doc, s, u| {
            references_of(doc, s, u, DynamicKind::Values, ReferenceKind::BodyProperty,
                "The 'x-ms-dynamic-values' extension references properties within parameters. You need to define the 'x-ms-dynamic-list' extension.")
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-dynamic-values` whose `{"parameter": …}` matches more than one parameter,
    /// or a parameter and a body property, with no `x-ms-dynamic-list` beside it.
    ///
    /// An extension in `definitions` is checked against the first operation that uses its
    /// definition.
    ///
    /// ## Why is this bad?
    /// The designer cannot tell which value to send. `x-ms-dynamic-list` names it by path
    /// (`"parameterReference": "body/id"`). The validator rejects the file with
    /// DynamicListExtensionRequiredForAmbiguousReferences.
    ///
    /// ## Example
    /// A path parameter `id` and a body property `id`, and
    /// `"x-ms-dynamic-values": { "operationId": "ListItems", "parameters": { "id": { "parameter": "id" } } }`.
    ///
    /// Use instead: add an `x-ms-dynamic-list` that names `id` or `body/id`.
    pub SwgDynamicListAmbiguous {
        id: "swg-dynamic-list-ambiguous",
        category: Operation,
        level: Error,
        summary: "x-ms-dynamic-values has an ambiguous parameter reference without x-ms-dynamic-list",
        validator: "DynamicListExtensionRequiredForAmbiguousReferences",
    }
}

impl Rule for SwgDynamicListAmbiguous {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_uses(cx, &Self::META, |doc, s, u| {
            references_of(doc, s, u, DynamicKind::Values, ReferenceKind::Ambiguous,
                "The 'x-ms-dynamic-values' extension references ambiguous parameter references. You need to define the 'x-ms-dynamic-list' extension.")
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-dynamic-schema` whose `{"parameter": …}` names a property of the body
    /// rather than a parameter, with no `x-ms-dynamic-properties` beside it.
    ///
    /// An extension in `definitions` is checked against the first operation that uses its
    /// definition.
    ///
    /// ## Why is this bad?
    /// `-schema` can only refer to parameters; a body property needs `x-ms-dynamic-properties`
    /// and `"parameterReference": "body/name"`. The validator rejects the file with
    /// DynamicPropertiesExtensionRequiredForNonParameterReferences.
    ///
    /// ## Example
    /// `"x-ms-dynamic-schema": { "operationId": "GetSchema", "parameters": { "table": { "parameter": "table" } }, "value-path": "schema" }`
    /// where `table` is a property of the body.
    ///
    /// Use instead: add `"x-ms-dynamic-properties": { "operationId": "GetSchema", "parameters": { "table": { "parameterReference": "body/table" } }, "itemValuePath": "schema" }`.
    pub SwgDynamicPropsNonparam {
        id: "swg-dynamic-props-nonparam",
        category: Operation,
        level: Error,
        summary: "x-ms-dynamic-schema refers to a body property without x-ms-dynamic-properties",
        validator: "DynamicPropertiesExtensionRequiredForNonParameterReferences",
    }
}

impl Rule for SwgDynamicPropsNonparam {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_uses(cx, &Self::META, |doc, s, u| {
            references_of(doc, s, u, DynamicKind::Schema, ReferenceKind::BodyProperty,
                "The 'x-ms-dynamic-schema' extension references properties within parameters. You need to define the 'x-ms-dynamic-properties' extension.")
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-dynamic-schema` whose `{"parameter": …}` matches more than one
    /// parameter, or a parameter and a body property, with no `x-ms-dynamic-properties` beside
    /// it.
    ///
    /// An extension in `definitions` is checked against the first operation that uses its
    /// definition.
    ///
    /// ## Why is this bad?
    /// The designer cannot tell which value to send. The validator rejects the file with
    /// DynamicPropertiesExtensionRequiredForAmbiguousReferences.
    ///
    /// ## Example
    /// A query parameter `table` and a body property `table`, and
    /// `"x-ms-dynamic-schema": { "operationId": "GetSchema", "parameters": { "table": { "parameter": "table" } } }`.
    ///
    /// Use instead: add an `x-ms-dynamic-properties` that names `table` or `body/table`.
    pub SwgDynamicPropsAmbiguous {
        id: "swg-dynamic-props-ambiguous",
        category: Operation,
        level: Error,
        summary: "x-ms-dynamic-schema has an ambiguous parameter reference without x-ms-dynamic-properties",
        validator: "DynamicPropertiesExtensionRequiredForAmbiguousReferences",
    }
}

impl Rule for SwgDynamicPropsAmbiguous {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_uses(cx, &Self::META, |doc, s, u| {
            references_of(doc, s, u, DynamicKind::Schema, ReferenceKind::Ambiguous,
                "The 'x-ms-dynamic-schema' extension references ambiguous parameter references. You need to define the 'x-ms-dynamic-properties' extension.")
        });
    }
}

/// An `x-ms-dynamic-schema` `value-path` with its last `properties` step removed.
fn without_properties(path: &str) -> Option<&str> {
    let rest = path.strip_suffix("properties")?;
    if rest.is_empty() {
        return Some("");
    }
    rest.strip_suffix('/')
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-dynamic-schema` whose `value-path` ends in `properties` (it points to a
    /// schema's properties, not to a schema), with no `x-ms-dynamic-properties` beside it.
    ///
    /// ## Why is this bad?
    /// `value-path` must point to a schema object; `x-ms-dynamic-properties` reads the schema
    /// that holds the properties. The validator rejects the file with
    /// DynamicPropertiesExtensionRequiredForPropertiesValuePath.
    ///
    /// ## Example
    /// `"x-ms-dynamic-schema": { "operationId": "GetSchema", "value-path": "schema/properties" }`
    ///
    /// Use instead: add `"x-ms-dynamic-properties": { "operationId": "GetSchema", "itemValuePath": "schema" }`.
    pub SwgDynamicPropsValuepath {
        id: "swg-dynamic-props-valuepath",
        category: Operation,
        level: Error,
        summary: "x-ms-dynamic-schema value-path points to properties without x-ms-dynamic-properties",
        validator: "DynamicPropertiesExtensionRequiredForPropertiesValuePath",
    }
}

impl Rule for SwgDynamicPropsValuepath {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_uses(cx, &Self::META, |_, _, u| {
            let Some(ext) = u.ext() else {
                return Vec::new();
            };
            let Some(path) = get_str(ext, "value-path") else {
                return Vec::new();
            };
            if u.kind != DynamicKind::Schema
                || !u.is_read()
                || without_properties(&path.value).is_none()
            {
                return Vec::new();
            }
            let (span, pointer) = member_site(ext, &u.pointer, "value-path");
            vec![(span, pointer, "The 'x-ms-dynamic-schema' extension property 'value-path' points to schema properties. You need to define the 'x-ms-dynamic-properties' extension, which points to schema object.".to_string())]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-dynamic-properties` whose `itemValuePath` is not the `value-path` of the
    /// `x-ms-dynamic-schema` beside it, less a final `properties`. A missing `itemValuePath` is
    /// the response itself.
    ///
    /// ## Why is this bad?
    /// Older clients read `-schema` and newer ones `-properties`: when the two point to different
    /// schemas, the same action shows different fields. The validator warns with
    /// DynamicPropertiesItemValuePathMismatch.
    ///
    /// ## Example
    /// `"x-ms-dynamic-schema": { "value-path": "schema/properties" }` beside
    /// `"x-ms-dynamic-properties": { "itemValuePath": "definition" }`.
    ///
    /// Use instead: `"itemValuePath": "schema"`.
    pub SwgDynamicPropsItemvaluepath {
        id: "swg-dynamic-props-itemvaluepath",
        category: Operation,
        level: Warning,
        summary: "x-ms-dynamic-properties itemValuePath differs from x-ms-dynamic-schema value-path",
        validator: "DynamicPropertiesItemValuePathMismatch",
    }
}

impl Rule for SwgDynamicPropsItemvaluepath {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_uses(cx, &Self::META, |_, _, u| {
            if u.kind != DynamicKind::Properties {
                return Vec::new();
            }
            let (Some(ext), Some(schema)) = (u.ext(), get_obj(u.holder, "x-ms-dynamic-schema"))
            else {
                return Vec::new();
            };
            let Some(value_path) = get_str(schema, "value-path") else {
                return Vec::new();
            };
            let expected = without_properties(&value_path.value).unwrap_or(&value_path.value);
            let trim = |p: &str| p.trim_matches('/').to_string();
            let given = get_str(ext, "itemValuePath").map_or(String::new(), |s| trim(&s.value));
            if given == trim(expected) {
                return Vec::new();
            }
            let (span, pointer) = if get(ext, "itemValuePath").is_some() {
                member_site(ext, &u.pointer, "itemValuePath")
            } else {
                (u.member.name.range(), u.pointer.clone())
            };
            vec![(span, pointer, format!("The 'x-ms-dynamic-properties' extension should have the same item value path as 'x-ms-dynamic-schema' extension without 'properties' ending. The expected path is '{expected}'."))]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports the old file-picker form of `x-ms-dynamic-values` (`"capability": "file-picker"`)
    /// with no `x-ms-dynamic-tree` beside it.
    ///
    /// ## Why is this bad?
    /// The file picker is now described by `x-ms-dynamic-tree` (its `open` and `browse` calls).
    /// The validator rejects the file with DynamicTreeExtensionMissing.
    ///
    /// ## Example
    /// `"x-ms-dynamic-values": { "capability": "file-picker", "value-path": "id" }` alone.
    ///
    /// Use instead: add `"x-ms-dynamic-tree": { "settings": { … }, "open": { "operationId": "ListRootFolder", … }, "browse": { "operationId": "ListFolder", … } }`.
    pub SwgDynamicTreeMissing {
        id: "swg-dynamic-tree-missing",
        category: Operation,
        level: Error,
        summary: "File picker without x-ms-dynamic-tree",
        validator: "DynamicTreeExtensionMissing",
    }
}

impl Rule for SwgDynamicTreeMissing {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_uses(cx, &Self::META, |_, _, u| {
            if !u.is_file_picker() || u.holder_has(DynamicKind::Tree) {
                return Vec::new();
            }
            let Some(ext) = u.ext() else {
                return Vec::new();
            };
            let (span, pointer) = member_site(ext, &u.pointer, "capability");
            vec![(
                span,
                pointer,
                "The 'x-ms-dynamic-tree' extension must be defined to enable file picker support."
                    .to_string(),
            )]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `selectedItemValuePath` in the `parameters` of a dynamic extension other than the
    /// `browse` call of `x-ms-dynamic-tree`.
    ///
    /// ## Why is this bad?
    /// Only browsing a tree has a selected item to take a value from. The validator rejects the
    /// file with SelectedItemValuePathNotAllowedInThisPosition.
    ///
    /// ## Example
    /// `"open": { "operationId": "ListRoot", "parameters": { "id": { "selectedItemValuePath": "id" } } }`
    ///
    /// Use instead: move the parameter to `browse`.
    pub SwgSelecteditemvaluepath {
        id: "swg-selecteditemvaluepath",
        category: Operation,
        level: Error,
        summary: "selectedItemValuePath outside the browse call of x-ms-dynamic-tree",
        validator: "SelectedItemValuePathNotAllowedInThisPosition",
    }
}

impl Rule for SwgSelecteditemvaluepath {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_calls(cx, &Self::META, |_, _, call, _| {
            if call.browse {
                return Vec::new();
            }
            call.arguments()
                .iter()
                .filter_map(|arg| {
                    let member = prop(as_obj(&arg.member.value)?, "selectedItemValuePath")?;
                    let mut pointer = arg.pointer.clone();
                    push_token(&mut pointer, "selectedItemValuePath");
                    Some((member.name.range(), pointer, "The 'selectedItemValuePath' property is not allowed in this position. It is allowed only in 'browse' operation of 'x-ms-dynamic-tree' extension.".to_string()))
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a key of a dynamic extension's `parameters` that names no parameter of the
    /// operation it calls. `x-ms-dynamic-list`, `-properties` and `-tree` may also name a property
    /// of the called operation's body by path (`body/name`); such a path must lead to a property
    /// the body's schema lists (a schema that allows other properties accepts any).
    ///
    /// ## Why is this bad?
    /// The value is sent nowhere, and the parameter the key was meant for stays empty. The
    /// validator rejects the file with OperationParameterNameNotFound.
    ///
    /// ## Example
    /// `"x-ms-dynamic-values": { "operationId": "ListLists", "parameters": { "boardID": { "parameter": "boardId" } } }`
    /// where ListLists takes `boardId`.
    ///
    /// Use instead: `"boardId": { "parameter": "boardId" }`.
    pub SwgParamNotFound {
        id: "swg-param-not-found",
        category: Operation,
        level: Error,
        summary: "Dynamic extension passes a parameter the called operation does not take",
        validator: "OperationParameterNameNotFound",
    }
}

impl Rule for SwgParamNotFound {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_calls(cx, &Self::META, |doc, _, call, target| {
            let Some(target) = target else {
                return Vec::new();
            };
            let params = effective_parameters(doc, target);
            call.arguments()
                .iter()
                .filter(|arg| {
                    matches!(
                        find_target(doc, &params, arg.member.name.as_str(), call.takes_paths()),
                        Target::Missing
                    )
                })
                .map(|arg| {
                    (
                        arg.member.name.range(),
                        arg.pointer.clone(),
                        format!(
                            "The parameter could not be found in operation '{}' in the swagger document.",
                            target.name()
                        ),
                    )
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a key of an `x-ms-dynamic-list`, `-properties` or `-tree` call's `parameters` that
    /// is both the name of a parameter of the called operation and the name of a property of its
    /// body.
    ///
    /// ## Why is this bad?
    /// The designer cannot tell which one the value is for. The validator rejects the file with
    /// OperationParameterNameIsAmbiguous.
    ///
    /// ## Example
    /// The called operation takes a query parameter `id` and a body with a property `id`, and the
    /// call passes `"id": { "value": 1 }`.
    ///
    /// Use instead: rename one of them, or pass `body/id` for the property.
    pub SwgParamNameAmbiguous {
        id: "swg-param-name-ambiguous",
        category: Operation,
        level: Error,
        summary: "Dynamic extension passes a name that is both a parameter and a body property",
        validator: "OperationParameterNameIsAmbiguous",
    }
}

impl Rule for SwgParamNameAmbiguous {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_calls(cx, &Self::META, |doc, _, call, target| {
            let Some(target) = target else {
                return Vec::new();
            };
            if !call.takes_paths() {
                return Vec::new();
            }
            let params = effective_parameters(doc, target);
            let props = body_property_names(doc, &params);
            call.arguments()
                .iter()
                .filter(|arg| {
                    let name = arg.member.name.as_str();
                    props.contains(&name)
                        && params
                            .iter()
                            .any(|p| get_str(p, "name").is_some_and(|n| n.value == name))
                })
                .map(|arg| {
                    (
                        arg.member.name.range(),
                        arg.pointer.clone(),
                        "The parameter name is ambiguous as it matches both a parameter name and a path to a body property.".to_string(),
                    )
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a dynamic extension that does not pass a required parameter of the operation it
    /// calls. Parameters with a `default`, and the body, are not counted.
    ///
    /// ## Why is this bad?
    /// The call cannot be made, so the list or the schema never loads. The validator rejects the
    /// file with OperationMissingRequiredProperty.
    ///
    /// ## Example
    /// `"x-ms-dynamic-values": { "operationId": "ListLists", "value-path": "id" }` where
    /// ListLists requires `boardId`.
    ///
    /// Use instead: `"parameters": { "boardId": { "parameter": "boardId" } }`.
    pub SwgTargetRequiresParam {
        id: "swg-target-requires-param",
        category: Operation,
        level: Error,
        summary: "Dynamic extension does not pass a required parameter of the called operation",
        validator: "OperationMissingRequiredProperty",
    }
}

impl Rule for SwgTargetRequiresParam {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_calls(cx, &Self::META, |doc, _, call, target| {
            let (Some(target), Some(id)) = (target, call.operation_id()) else {
                return Vec::new();
            };
            let args = call.arguments();
            let passed = |name: &str| {
                args.iter().any(|a| {
                    let key = a.member.name.as_str();
                    key == name || key.split('/').next() == Some(name)
                })
            };
            effective_parameters(doc, target)
                .into_iter()
                .filter(|p| is_required(p) && get(p, "default").is_none())
                .filter(|p| get_str(p, "in").is_none_or(|s| s.value != "body"))
                .filter_map(|p| get_str(p, "name"))
                .filter(|name| !passed(&name.value))
                .map(|name| {
                    let mut pointer = call.pointer.clone();
                    push_token(&mut pointer, "operationId");
                    (
                        id.range(),
                        pointer,
                        format!("The target operation requires parameter '{}'.", name.value),
                    )
                })
                .collect()
        });
    }
}

/// Each argument of a call that refers to a parameter of the operation the extension is written
/// in, with that parameter and the called operation's parameter it fills.
fn referenced<'j, 'a>(
    doc: &'j Json<'a>,
    s: &'j Structure<'j, 'a>,
    call: &Call<'j, 'a>,
    target: &'j Operation<'j, 'a>,
) -> Vec<(
    Argument<'j, 'a>,
    &'j StringLit<'a>,
    &'j Object<'a>,
    &'j Object<'a>,
)> {
    let Some((_, source_params)) = source_of(doc, s, call.use_) else {
        return Vec::new();
    };
    let target_params = effective_parameters(doc, target);
    let mut out = Vec::new();
    for arg in call.arguments() {
        let Source::Reference(name, _) = arg.source() else {
            continue;
        };
        let Target::Parameter(wanted) = find_target(
            doc,
            &target_params,
            arg.member.name.as_str(),
            call.takes_paths(),
        ) else {
            continue;
        };
        let mut given = source_params
            .iter()
            .filter(|p| get_str(p, "name").is_some_and(|n| n.value == name.value));
        let (Some(given), None) = (given.next(), given.next()) else {
            continue; // none, or ambiguous: other rules say so
        };
        out.push((arg, name, *given, wanted));
    }
    out
}

declare_rule! {
    /// ## What it does
    /// Reports a dynamic extension that fills a required parameter of the operation it calls
    /// from an optional parameter (one without a `default`) of its own operation.
    ///
    /// Merged certified connectors do this (8 of them in the corpus), so it is a warning: the
    /// list stays empty until the user fills the optional field. Fields users never see
    /// (internal parameters, internal operations) are not checked.
    ///
    /// ## Why is this bad?
    /// The call cannot be made until the user fills the optional field, and nothing tells them
    /// so. The validator reports OperationParameterRequiredMismatch.
    ///
    /// ## Example
    /// An optional `boardId` passed as `"boardId": { "parameter": "boardId" }` to an operation
    /// that requires it.
    ///
    /// Use instead: make `boardId` required, or give it a default.
    pub SwgParamRequiredMismatch {
        id: "swg-param-required-mismatch",
        category: Operation,
        level: Warning,
        summary: "Dynamic extension fills a required parameter from an optional one",
        validator: "OperationParameterRequiredMismatch",
    }
}

impl Rule for SwgParamRequiredMismatch {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_seen_references(cx, &Self::META, |given, wanted, _, source| {
            (is_required(wanted) && !is_required(given) && get(given, "default").is_none()).then(|| {
                format!("The parameter is required, but an optional value is provided by operation '{}'. The request cannot be made until a value for this parameter is provided.", source.name())
            })
        });
    }
}

/// Report, as `meta`, what `f` says of each argument of a call that fills a parameter of the
/// called operation (`wanted`) from a parameter of the extension's own operation (`given`, named
/// `name`), for fields users see: `f` gets (given, wanted, name, the extension's operation).
fn check_seen_references(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    f: impl Fn(&Object<'_>, &Object<'_>, &str, &crate::swagger::Operation<'_, '_>) -> Option<String>,
) {
    check_calls(cx, meta, |doc, s, call, target| {
        let Some(target) = target else {
            return Vec::new();
        };
        if !is_seen(s, call.use_) {
            return Vec::new();
        }
        let Some(source) = call.use_.source.map(|i| &s.operations[i]) else {
            return Vec::new();
        };
        referenced(doc, s, call, target)
            .into_iter()
            .filter_map(|(arg, name, given, wanted)| {
                let message = f(given, wanted, &name.value, source)?;
                Some((name.range(), arg.pointer.clone(), message))
            })
            .collect()
    });
}

declare_rule! {
    /// ## What it does
    /// Reports a dynamic extension that fills a parameter of the operation it calls from a
    /// parameter of another type (an integer may fill a number).
    ///
    /// ## Why is this bad?
    /// The value is sent in a form the called operation does not accept. The validator rejects the
    /// file with OperationParameterTypeMismatch.
    ///
    /// ## Example
    /// An integer `boardId` passed to an operation whose `boardId` is a string.
    ///
    /// Use instead: give both parameters one type.
    pub SwgParamTypeMismatch {
        id: "swg-param-type-mismatch",
        category: Operation,
        level: Error,
        summary: "Dynamic extension fills a parameter from one of another type",
        validator: "OperationParameterTypeMismatch",
    }
}

impl Rule for SwgParamTypeMismatch {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_calls(cx, &Self::META, |doc, s, call, target| {
            let Some(target) = target else {
                return Vec::new();
            };
            let Some(source) = call.use_.source.map(|i| &s.operations[i]) else {
                return Vec::new();
            };
            referenced(doc, s, call, target)
                .into_iter()
                .filter_map(|(arg, name, given, wanted)| {
                    let (g, w) = (parameter_type(doc, given)?, parameter_type(doc, wanted)?);
                    (!type_fits(w, g)).then(|| {
                        (
                            name.range(),
                            arg.pointer.clone(),
                            format!("The parameter has type '{w}', but operation '{}' is providing a parameter of type '{g}'.", source.name()),
                        )
                    })
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a static value (`{"value": …}`) in a dynamic extension's `parameters` whose JSON
    /// type is not the type of the parameter it fills (an integer may fill a number).
    ///
    /// ## Why is this bad?
    /// The call sends a value the operation does not accept. The validator rejects the file with
    /// OperationParameterStaticTypeMismatch.
    ///
    /// ## Example
    /// `"top": { "value": "50" }` for an integer parameter `top`.
    ///
    /// Use instead: `"top": { "value": 50 }`.
    pub SwgParamStaticType {
        id: "swg-param-static-type",
        category: Operation,
        level: Error,
        summary: "Static value in a dynamic extension does not match the parameter's type",
        validator: "OperationParameterStaticTypeMismatch",
    }
}

impl Rule for SwgParamStaticType {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_calls(cx, &Self::META, |doc, _, call, target| {
            let Some(target) = target else {
                return Vec::new();
            };
            let params = effective_parameters(doc, target);
            call.arguments()
                .iter()
                .filter_map(|arg| {
                    let Source::Static(v) = arg.source() else { return None };
                    let Target::Parameter(p) =
                        find_target(doc, &params, arg.member.name.as_str(), call.takes_paths())
                    else {
                        return None;
                    };
                    let wanted = parameter_type(doc, p)?;
                    let given = crate::json::type_name(doc.text, v);
                    (!type_fits(wanted, given)).then(|| {
                        (
                            v.range(),
                            arg.pointer.clone(),
                            format!("The parameter has type '{wanted}', but a static value is provided of type '{given}'."),
                        )
                    })
                })
                .collect()
        });
    }
}

/// The path to the list in the called operation's response, by extension: `value-collection`,
/// or `itemsPath` (the response itself without one).
fn collection_key(kind: DynamicKind) -> Option<&'static str> {
    match kind {
        DynamicKind::Values => Some("value-collection"),
        DynamicKind::List | DynamicKind::Tree => Some("itemsPath"),
        DynamicKind::Schema | DynamicKind::Properties => None,
    }
}

/// What a call's collection path leads to in the called operation's response: the items' schema
/// (`None` when the schema does not say), or `Err(path)` when the path leads to something other
/// than an array.
fn collection<'j, 'a>(
    doc: &'j Json<'a>,
    call: &Call<'j, 'a>,
    response: &'j Value<'a>,
) -> Result<Option<&'j Value<'a>>, Cow<'j, str>> {
    let Some(key) = collection_key(call.use_.kind) else {
        return Ok(Some(response));
    };
    let path =
        get_str(call.obj, key).map_or(Cow::Borrowed(""), |s| Cow::Borrowed(s.value.as_ref()));
    match schema_at(doc, response, &path) {
        Lookup::Found(o) => match schema_type(o) {
            Some("array") => Ok(get(o, "items")),
            None => Ok(None),
            Some(_) => Err(path),
        },
        Lookup::Missing => Err(path),
        Lookup::Unknown => Ok(None),
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-dynamic-values`, `-list` or `-tree` call whose collection path
    /// (`value-collection`, `itemsPath`; the response itself without one) does not lead to an
    /// array in the successful response of the operation it calls: it leads to a schema of
    /// another `type`, or names a property that a schema listing its properties lacks. A path
    /// into a schema that does not list its properties is not judged, and names are compared
    /// without regard to case, as the designer reads them. Fields users never see (internal
    /// parameters, internal operations) are not checked.
    ///
    /// ## Why is this bad?
    /// The dropdown reads its items from that array; without one it stays empty. The validator
    /// warns with InvokedOperationShouldProduceArray.
    ///
    /// ## Example
    /// `"x-ms-dynamic-values": { "operationId": "ListLists", "value-path": "id" }` where ListLists
    /// returns `{ "value": [ … ] }`.
    ///
    /// Use instead: `"value-collection": "value"`.
    pub SwgDynamicOpArray {
        id: "swg-dynamic-op-array",
        category: Operation,
        level: Warning,
        summary: "Dynamic list path does not lead to an array in the called operation's response",
        validator: "InvokedOperationShouldProduceArray",
    }
}

impl Rule for SwgDynamicOpArray {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_calls(cx, &Self::META, |doc, s, call, target| {
            let Some(target) = target else {
                return Vec::new();
            };
            if !is_seen(s, call.use_) {
                return Vec::new();
            }
            let Some(response) = target.success_schema() else {
                return Vec::new();
            };
            let Err(path) = collection(doc, call, response) else {
                return Vec::new();
            };
            let key = collection_key(call.use_.kind).unwrap_or("");
            let (span, pointer) = if get(call.obj, key).is_some() {
                member_site(call.obj, &call.pointer, key)
            } else {
                member_site(call.obj, &call.pointer, "operationId")
            };
            vec![(span, pointer, format!("The dynamic operation expects an array on the specified path '{path}' which should be defined in the successful response of the invoked operation '{}'.", target.name()))]
        });
    }
}

/// The keys of a call that name a property of each item (or, for `-schema` and `-properties`,
/// of the response).
fn property_keys(kind: DynamicKind) -> &'static [&'static str] {
    match kind {
        DynamicKind::Values => &["value-path", "value-title"],
        DynamicKind::List | DynamicKind::Tree => &["itemValuePath", "itemTitlePath"],
        DynamicKind::Schema => &["value-path"],
        DynamicKind::Properties => &["itemValuePath"],
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a property path of a dynamic extension (`value-path`, `value-title`,
    /// `itemValuePath`, `itemTitlePath`) that names a property the items of the called
    /// operation's response (for `-schema` and `-properties`, the response itself) do not have.
    /// A schema that does not list its properties, or allows others, is not judged; names are
    /// compared without regard to case, as the designer reads them. Fields users never see
    /// (internal parameters, internal operations) are not checked.
    ///
    /// ## Why is this bad?
    /// The dropdown shows empty entries, or the dynamic schema never loads. The validator warns
    /// with InvokedOperationShouldProduceProperty.
    ///
    /// ## Example
    /// `"value-title": "title"` where each item has `id` and `name`.
    ///
    /// Use instead: `"value-title": "name"`.
    pub SwgDynamicOpProperty {
        id: "swg-dynamic-op-property",
        category: Operation,
        level: Warning,
        summary: "Dynamic extension names a property the called operation's response lacks",
        validator: "InvokedOperationShouldProduceProperty",
    }
}

impl Rule for SwgDynamicOpProperty {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_calls(cx, &Self::META, |doc, s, call, target| {
            let Some(target) = target else {
                return Vec::new();
            };
            if !is_seen(s, call.use_) {
                return Vec::new();
            }
            let Some(response) = target.success_schema() else {
                return Vec::new();
            };
            let Ok(Some(items)) = collection(doc, call, response) else {
                return Vec::new();
            };
            property_keys(call.use_.kind)
                .iter()
                .filter_map(|key| {
                    let path = get_str(call.obj, key)?;
                    matches!(schema_at(doc, items, &path.value), Lookup::Missing).then(|| {
                        let (span, pointer) = member_site(call.obj, &call.pointer, key);
                        (span, pointer, format!("The dynamic operation expects a property on the specified path '{}' which should be defined in the successful response of the invoked operation '{}'.", path.value, target.name()))
                    })
                })
                .collect()
        });
    }
}

/// Each `operationId` a dynamic extension names that no operation of the swagger has: for
/// `swg-opid-not-found`, which also checks the ids apiProperties.json names.
pub(crate) fn report_missing_operations(cx: &mut Ctx<'_, '_>, meta: &'static RuleMeta) {
    let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
        return;
    };
    for call in calls(cx.connector.dynamics()) {
        let Some(id) = call.operation_id() else {
            continue;
        };
        if s.operation(&id.value).is_some() {
            continue;
        }
        let mut pointer = call.pointer.clone();
        push_token(&mut pointer, "operationId");
        cx.report(
            Diagnostic::new(
                meta,
                doc.file,
                id.range(),
                pointer,
                format!(
                    "The 'operationId' could not be found in this swagger document. (found '{}')",
                    id.value
                ),
            )
            .with_level(crate::rules::Level::Error),
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a dynamic extension that fills a parameter of the operation it calls from a
    /// parameter (`{"parameter": …}`) of its own operation that is `x-ms-visibility: internal`.
    ///
    /// ## Why is this bad?
    /// The user never sees or sets an internal parameter, so the list depends on a value they
    /// cannot choose; the validator rejects the file with SourcePropertyInternal ("Either make
    /// the property visible or update the parameter reference to a static value").
    ///
    /// ## Example
    /// `"x-ms-dynamic-values": { "operationId": "ListLists", "parameters": { "boardId": { "parameter": "boardId" } } }`
    /// where this operation's `boardId` is internal.
    ///
    /// Use instead: `"boardId": { "value": "…" }`, or make `boardId` visible.
    pub SwgSourceInternal {
        id: "swg-source-internal",
        category: Operation,
        level: Error,
        summary: "Dynamic extension reads an internal parameter",
        validator: "SourcePropertyInternal",
    }
}

impl Rule for SwgSourceInternal {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_seen_references(cx, &Self::META, |given, _, name, source| {
            crate::swagger::is_internal(given).then(|| {
                format!("The parameter reference '{name}' in the source operation '{}' is internal or one of its parent(s) are internal. Either make the property visible or update the parameter reference to a static value.", source.name())
            })
        });
    }
}
