//! Breaking changes (RULES.md §14): the connector compared with its previous version, as
//! Microsoft's Breaking Change Detector compares the new swagger of a pull request with the
//! published one. The rules run only when the run has an old version (`connector-lint diff`,
//! `check --changed-since`). Every finding points at the new file; a deletion points at the
//! nearest parent that survived and names the old location with its line.
//!
//! What counts as breaking (decided from S-VER, S-DEP and the validator messages of §14):
//! - Operations are matched by `operationId`. A deleted (or renamed) operation is an error,
//!   unless it was already deprecated or internal in the old version: then it is a note.
//! - Inputs: a removed parameter or body property, an input made required, a new required input,
//!   a changed type or format, an enum value no longer accepted. A new optional input, a removed
//!   enum, a dropped format, `integer` widened to `number` or a type removed (any value) are looser,
//!   so not breaking (S-VER: "accepting more flexible inputs").
//! - Outputs (the schemas of the success responses): a removed field or a changed type. New fields
//!   and new enum values are "returning more data" (S-VER), so not breaking.
//! - Elements that were `x-ms-visibility: internal` in the old version were never shown, and
//!   schemas with `x-ms-dynamic-schema` or `x-ms-dynamic-properties` are given at run time: neither
//!   is compared.
//! - Connections (apiProperties.json): a removed or renamed connection parameter, a new or newly
//!   required one, a changed parameter type, identity provider or OAuth client id, or a switch to
//!   `connectionParameterSets`: each makes existing connections fail or ask to sign in again.
//!
//! Levels: an error is a change the validator reports (its message is in §14) or that S-VER calls
//! breaking. The detector compares swaggers only (`ValidateChange` with the old and new swagger,
//! S-REPO `.pipelines/swagger_validation.yml`), and no source names visibility: the connection
//! rules and `bc-visibility-internal` are our judgment, so they are warnings.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::structure::says_deprecated;
use super::{declare_rule, Ctx, Rule, RuleMeta};
use crate::connector::Previous;
use crate::diagnostic::{Diagnostic, FileId};
use crate::json::{
    as_obj, get, get_arr, get_bool, get_obj, get_str, push_token, Json, Object, Value,
};
use crate::source::{FileKind, SourceFile};
use crate::swagger::{self, ref_pointer, Operation};

/// Schemas nest no deeper than this in a comparison (recursive schemas also stop at a repeat).
const MAX_DEPTH: usize = 48;

macro_rules! breaking_rule {
    ($($rule:ident),* $(,)?) => {$(
        impl Rule for $rule {
            fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
                report_own(cx, &Self::META);
            }
        }
    )*};
}

breaking_rule!(
    BcOperationDeleted,
    BcPathOrVerbChanged,
    BcOutputFieldDeleted,
    BcOutputTypeChanged,
    BcInputRemoved,
    BcInputTypeChanged,
    BcInputOptionalToRequired,
    BcRequiredInputAdded,
    BcVisibilityInternal,
    BcDeprecateInstead,
    BcConnectionParameterRemoved,
    BcConnectionParameterRequired,
    BcConnectionAuthChanged,
);

/// Report the findings of `meta` among the connector's breaking changes (computed once for all the
/// breaking-change rules).
fn report_own(cx: &mut Ctx<'_, '_>, meta: &'static RuleMeta) {
    let found = cx
        .connector
        .breaking_changes
        .get_or_init(|| match cx.connector.previous {
            Some(previous) => compare(cx.connector.model, previous),
            None => Vec::new(),
        });
    for d in found.iter().filter(|d| std::ptr::eq(d.rule, meta)) {
        cx.out.push(d.clone());
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation of the previous version whose `operationId` is gone: deleted, or
    /// renamed. The finding points at the nearest part of the new swagger that survived (the path
    /// item, or `paths`) and names the old operation's line. Removing an operation that was
    /// already deprecated or `internal` in the old version is a note: that is how operations are
    /// meant to be retired.
    ///
    /// ## Why is this bad?
    /// Flows call an action by its operationId. Microsoft's Breaking Change Detector rejects the
    /// pull request ("The operation has been deleted. This change breaks existing flows."), and
    /// reviewers accept it only when the author acknowledges it. Deprecate the operation instead:
    /// `deprecated: true`, "(deprecated)" in its summary, and a replacement in the same
    /// `x-ms-api-annotation` family with a higher revision.
    ///
    /// ## Example
    /// ```json
    /// // old: "/leads": { "get": { "operationId": "TriggerNewLead", … } }
    /// // new: "/leads": { }
    /// ```
    /// Keep the operation with `"deprecated": true` and add `TriggerNewLead_V2`.
    pub BcOperationDeleted {
        id: "bc-operation-deleted",
        category: BreakingChange,
        level: Error,
        summary: "Operation of the previous version deleted or renamed",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation whose path or HTTP method differs from the previous version's for the
    /// same `operationId`. Renaming a path's template variable (`{id}` to `{itemId}`) is not a
    /// change of path; the parameter rules judge the renamed parameter.
    ///
    /// ## Why is this bad?
    /// Each operation has "a unique operationId and a unique urlPath and HttpVerb combination"
    /// (S-VER). Existing flows keep the operationId but the request now goes elsewhere, to an
    /// endpoint that may expect other inputs.
    ///
    /// ## Example
    /// ```json
    /// // old: "/items/{id}": { "get": { "operationId": "GetItem" } }
    /// // new: "/v2/items/{id}": { "post": { "operationId": "GetItem" } }
    /// ```
    pub BcPathOrVerbChanged {
        id: "bc-path-or-verb-changed",
        category: BreakingChange,
        level: Error,
        summary: "Operation path or method changed",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a field of a success response's schema that the previous version had and the new
    /// one lacks (after `$ref`s, so renaming a definition is not a change), and a success response
    /// whose schema is gone (unless it was empty: no properties, no items, no type but
    /// `object`, so it gave flows no field). Fields that were `internal` are not compared, and
    /// neither are
    /// schemas that became free-form (no type and no properties) or dynamic.
    ///
    /// ## Why is this bad?
    /// Flows use output fields as dynamic content. The validator says: "The output field has been
    /// deleted. Existing flows may be broken if they are using this field and actual payload has
    /// been changed."
    ///
    /// ## Example
    /// ```json
    /// // old: "properties": { "id": {…}, "Type": {…} }
    /// // new: "properties": { "id": {…} }
    /// ```
    pub BcOutputFieldDeleted {
        id: "bc-output-field-deleted",
        category: BreakingChange,
        level: Error,
        summary: "Output field of the previous version deleted",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a field of a success response whose `type` changed (a schema with `properties` or
    /// `items` and no `type` counts as an object or an array).
    ///
    /// ## Why is this bad?
    /// Flows that use the field expect its old type. The validator says: "The type has been
    /// changed for the output field. Existing flows may be broken if they are using this field
    /// and actual payload has been changed."
    ///
    /// ## Example
    /// ```json
    /// // old: "paramDef": { "type": "string" }
    /// // new: "paramDef": { "type": "object" }
    /// ```
    pub BcOutputTypeChanged {
        id: "bc-output-type-changed",
        category: BreakingChange,
        level: Error,
        summary: "Output field type changed",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an input of the previous version that is gone: a parameter (matched by name and
    /// location; the body by location), a property of a body schema, or an enum value that the
    /// input no longer accepts. A renamed path variable is a removed input and a new one, as for
    /// any parameter: flows keep their values by parameter name. Inputs that were `internal` are
    /// not compared (flows never set them).
    ///
    /// ## Why is this bad?
    /// "Removing parameters, no longer supporting certain inputs, or changing the meaning and
    /// behavior of an input … fall into the 'breaking change' category" (S-VER): flows that set
    /// the input fail or silently lose it.
    ///
    /// ## Example
    /// ```json
    /// // old: "parameters": [ { "name": "top", "in": "query" } ]
    /// // new: "parameters": [ ]
    /// ```
    pub BcInputRemoved {
        id: "bc-input-removed",
        category: BreakingChange,
        level: Error,
        summary: "Input of the previous version removed or no longer accepted",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an input (parameter or body property) whose `type` or `format` changed, or a
    /// string input that was given a format (`date-time`, `email`). Looser inputs are not
    /// reported: `integer` to `number`, `int32` to `int64`, any integer or `float` to `double`, or
    /// a type or format removed.
    ///
    /// ## Why is this bad?
    /// Flows send the values they were built with; a stricter or different type rejects them
    /// (S-VER).
    ///
    /// ## Example
    /// ```json
    /// // old: { "name": "count", "in": "query", "type": "string" }
    /// // new: { "name": "count", "in": "query", "type": "integer" }
    /// ```
    pub BcInputTypeChanged {
        id: "bc-input-type-changed",
        category: BreakingChange,
        level: Error,
        summary: "Input type or format changed",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an input (parameter or body property) that was optional and is now required.
    ///
    /// ## Why is this bad?
    /// Existing flows that left it empty now fail. The validator says: "The input field has been
    /// changed from optional to required."
    ///
    /// ## Example
    /// ```json
    /// // old: "required": [ "id" ]
    /// // new: "required": [ "id", "SearchName" ]
    /// ```
    pub BcInputOptionalToRequired {
        id: "bc-input-optional-to-required",
        category: BreakingChange,
        level: Error,
        summary: "Input changed from optional to required",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a new required input: a required parameter (a new path variable among them), or a
    /// required property of a body schema that the previous version also had. A new `internal`
    /// input is not reported: the platform sends its default.
    ///
    /// ## Why is this bad?
    /// Existing flows do not send it. The validator says: "The required input field has been
    /// added. Existing flows will not send this new field." Add it as optional instead.
    ///
    /// ## Example
    /// ```json
    /// // new: { "name": "format", "in": "query", "required": true, "type": "string" }
    /// ```
    pub BcRequiredInputAdded {
        id: "bc-required-input-added",
        category: BreakingChange,
        level: Error,
        summary: "Required input added",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation or a parameter that users saw in the previous version and that is now
    /// `x-ms-visibility: internal`.
    ///
    /// ## Why is this bad?
    /// Internal elements are hidden from makers: an internal operation disappears from the
    /// designer of flows that use it, and an internal parameter's value in existing flows is no
    /// longer sent as the maker set it. No Microsoft source names this change, so it is a
    /// warning, not an error.
    ///
    /// ## Example
    /// ```json
    /// // old: { "operationId": "GetItem" }
    /// // new: { "operationId": "GetItem", "x-ms-visibility": "internal" }
    /// ```
    pub BcVisibilityInternal {
        id: "bc-visibility-internal",
        category: BreakingChange,
        level: Warning,
        summary: "Published operation or parameter became internal",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation deprecated in this version without a replacement: no other active
    /// (neither deprecated nor `internal`) operation of the same `x-ms-api-annotation` family (its `family`, or its operationId when
    /// it has none) with a higher `revision`, and no `replacement` naming an operation of the
    /// swagger. `op-deprecated-labels` checks its "(deprecated)" label.
    ///
    /// ## Why is this bad?
    /// Deprecation is the way to retire an operation without breaking flows (S-DEP, S-VER):
    /// existing flows keep working while makers move to the replacement. Without one, they have
    /// nowhere to move.
    ///
    /// ## Example
    /// ```json
    /// "GetItems": { "deprecated": true, "summary": "Get items (deprecated)",
    ///   "x-ms-api-annotation": { "family": "GetItems", "revision": 1 } },
    /// "GetItems_V2": { "summary": "Get items (V2)",
    ///   "x-ms-api-annotation": { "family": "GetItems", "revision": 2 } }
    /// ```
    pub BcDeprecateInstead {
        id: "bc-deprecate-instead",
        category: BreakingChange,
        level: Warning,
        summary: "Operation deprecated without a replacement of a higher revision",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a connection parameter of apiProperties.json (`connectionParameters`, or a
    /// parameter of a `connectionParameterSets` entry) that the previous version had and the new
    /// one lacks: removed or renamed.
    ///
    /// ## Why is this bad?
    /// Existing connections hold a value for each connection parameter by name; without it they
    /// stop working and every maker must create the connection again.
    /// Microsoft's Breaking Change Detector compares swaggers only, so this is our judgment and a
    /// warning.
    ///
    /// ## Example
    /// ```json
    /// // old: "connectionParameters": { "api_key": {…} }
    /// // new: "connectionParameters": { "apiKey": {…} }
    /// ```
    pub BcConnectionParameterRemoved {
        id: "bc-connection-parameter-removed",
        category: BreakingChange,
        level: Warning,
        summary: "Connection parameter removed or renamed",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a connection parameter that is new and required, or that was optional and is now
    /// required (`uiDefinition.constraints.required`). Hidden parameters and the OAuth parameter
    /// (`oauthSetting`), which the platform fills, are not reported.
    ///
    /// ## Why is this bad?
    /// Existing connections have no value for it and fail until they are edited or made again.
    /// Microsoft's Breaking Change Detector compares swaggers only, so this is our judgment and a
    /// warning.
    ///
    /// ## Example
    /// ```json
    /// "region": { "type": "string", "uiDefinition": { "constraints": { "required": "true" } } }
    /// ```
    pub BcConnectionParameterRequired {
        id: "bc-connection-parameter-required",
        category: BreakingChange,
        level: Warning,
        summary: "Connection parameter added as, or made, required",
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a change to how connections sign in: a connection parameter's `type` changed
    /// (`securestring` to `oauthSetting`), the OAuth `identityProvider` or `clientId` changed, or
    /// the connector moved from `connectionParameters` to `connectionParameterSets`. Scope changes
    /// are not reported: existing tokens keep the scopes they were granted until they are renewed.
    ///
    /// ## Why is this bad?
    /// The tokens and keys existing connections hold belong to the old sign-in: they are no
    /// longer valid, and every connection has to be signed in again.
    /// Microsoft's Breaking Change Detector compares swaggers only, so this is our judgment and a
    /// warning.
    ///
    /// ## Example
    /// ```json
    /// // old: "oAuthSettings": { "identityProvider": "oauth2", "clientId": "abc" }
    /// // new: "oAuthSettings": { "identityProvider": "aad", "clientId": "abc" }
    /// ```
    pub BcConnectionAuthChanged {
        id: "bc-connection-auth-changed",
        category: BreakingChange,
        level: Warning,
        summary: "Connection sign-in changed (identity provider, client id, parameter type)",
    }
}

/// The Breaking Change Detector's words (RULES.md §14), each used where its change is found.
const MADE_REQUIRED: &str = "The input field has been changed from optional to required.";
const REQUIRED_ADDED: &str =
    "The required input field has been added. Existing flows will not send this new field.";
const OUTPUT_DELETED: &str = "The output field has been deleted. Existing flows may be broken if they are using this field and actual payload has been changed.";

/// One side of a comparison: a parsed file, and its text for line numbers.
#[derive(Clone, Copy)]
struct Side<'x, 'a> {
    doc: &'x Json<'a>,
    file: &'x SourceFile,
}

impl Side<'_, '_> {
    fn line(&self, offset: usize) -> u32 {
        self.file.position(offset).line
    }
}

/// A node of the new file: the object, its JSON pointer, and where a finding about it points (the
/// key of the member that holds it, or its opening brace).
#[derive(Clone)]
struct At<'x, 'a> {
    obj: &'x Object<'a>,
    pointer: String,
    span: Range<usize>,
}

/// Where a schema comparison stands: the old node's pointer, the new node's pointer, and where a
/// finding about the new node points.
struct Sides {
    old_pointer: String,
    pointer: String,
    span: Range<usize>,
}

/// Whether a schema is read or written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Input,
    Output,
}

struct Cmp<'x, 'o, 'n> {
    old: Side<'x, 'o>,
    new: Side<'x, 'n>,
    new_id: FileId,
    /// The `basePath` of each side, without a final `/`.
    base_paths: (String, String),
    out: Vec<Diagnostic>,
}

fn base_path(doc: &Json<'_>) -> String {
    as_obj(&doc.root)
        .and_then(|r| get_str(r, "basePath"))
        .map_or(String::new(), |b| b.value.trim_end_matches('/').to_string())
}

/// Every breaking change between `previous` and the connector's files.
pub fn compare(
    model: &crate::connector::Connector<'_>,
    previous: &Previous<'_>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let sides = [
        (FileKind::Swagger, previous.swagger, model.swagger),
        (
            FileKind::ApiProperties,
            previous.api_properties,
            model.api_properties,
        ),
    ];
    for (kind, old, new) in sides {
        let (Some((old_file, old_doc)), Some(new_doc), Some((new_id, new_file))) =
            (old, new, model.file(kind))
        else {
            continue;
        };
        let mut cmp = Cmp {
            old: Side {
                doc: old_doc,
                file: old_file,
            },
            new: Side {
                doc: new_doc,
                file: new_file,
            },
            new_id,
            base_paths: Default::default(),
            out: Vec::new(),
        };
        match kind {
            FileKind::Swagger => cmp.swagger(),
            _ => cmp.connection(),
        }
        out.append(&mut cmp.out);
    }
    out
}

/// The name of an operation as the validator's ValuePath gives it: its operationId.
fn op_key(op: &Operation<'_, '_>) -> Option<String> {
    get_str(op.op, "operationId")
        .map(|s| s.value.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// A path with its template variables' names left out: `/items/{}`. Nothing else is
/// normalised: `/items/` and `/Items` are other URLs than `/items`.
fn path_shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_var = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_var = true;
                out.push('{');
            }
            '}' => {
                in_var = false;
                out.push('}');
            }
            _ if in_var => {}
            _ => out.push(c),
        }
    }
    out
}

/// A schema that describes no field: no properties (its `allOf` members' included), no items, and
/// no type but `object`.
fn is_empty_schema(doc: &Json<'_>, o: &Object<'_>) -> bool {
    matches!(schema_type(o), None | Some("object"))
        && get(o, "items").is_none()
        && get(o, "additionalProperties").is_none()
        && properties(doc, o, "").is_empty()
}

fn is_deprecated(op: &Object<'_>) -> bool {
    get_bool(op, "deprecated") == Some(true)
}

/// A schema's type: its `type`, or `object` / `array` by its shape; `None` when it says nothing.
fn schema_type<'x>(o: &'x Object<'_>) -> Option<&'x str> {
    match get(o, "type") {
        Some(Value::StringLit(s)) => Some(s.value.as_ref()),
        Some(_) => None,
        None if ["properties", "allOf", "additionalProperties"]
            .iter()
            .any(|k| get(o, k).is_some()) =>
        {
            Some("object")
        }
        None if get(o, "items").is_some() => Some("array"),
        None => None,
    }
}

fn is_dynamic(o: &Object<'_>) -> bool {
    ["x-ms-dynamic-schema", "x-ms-dynamic-properties"]
        .iter()
        .any(|k| get(o, k).is_some())
}

/// Whether a value of type `old` is still accepted as `new` (an input), or is the same.
fn type_accepts(old: &str, new: &str) -> bool {
    old == new || (old == "integer" && new == "number")
}

/// Whether a value of format `old` is still accepted as `new` (an input): the same, or wider
/// (`int32` to `int64`, any integer or `float` to `double`).
fn format_accepts(old: &str, new: &str) -> bool {
    old == new
        || matches!(
            (old, new),
            ("int32", "int64") | ("int32" | "int64", "float" | "double") | ("float", "double")
        )
}

/// `uiDefinition.constraints.required` (written `"true"` or `true`).
fn connection_required(p: &Object<'_>) -> bool {
    constraint(p, "required")
}

fn constraint(p: &Object<'_>, key: &str) -> bool {
    get_obj(p, "uiDefinition")
        .and_then(|u| get_obj(u, "constraints"))
        .and_then(|c| get(c, key))
        .is_some_and(|v| match v {
            Value::StringLit(s) => s.value.eq_ignore_ascii_case("true"),
            Value::BooleanLit(b, _) => *b,
            _ => false,
        })
}

/// A property of a schema, after `allOf`.
struct Prop<'x, 'a> {
    name: &'x str,
    value: &'x Value<'a>,
    pointer: String,
    key: Range<usize>,
}

impl<'x, 'o, 'n> Cmp<'x, 'o, 'n> {
    fn push(
        &mut self,
        meta: &'static RuleMeta,
        span: Range<usize>,
        pointer: &str,
        value_path: &str,
        message: String,
    ) -> &mut Diagnostic {
        let message = format!("{message} ValuePath: {value_path}");
        self.out.push(
            Diagnostic::new(meta, self.new_id, span, pointer, message).with_value_path(value_path),
        );
        self.out.last_mut().expect("just pushed")
    }

    /// " It was at line N of OLD (/pointer)." for a deletion.
    fn was_at(&self, offset: usize, pointer: &str) -> String {
        format!(
            " It was at line {} of {} ({pointer}).",
            self.old.line(offset),
            self.old.file.display
        )
    }

    /// The deepest node of the new file on the way to `pointer` (an old pointer): the nearest
    /// parent that survived. Its span is the key that holds it (the root's first byte for `""`).
    fn surviving_parent(&self, pointer: &str) -> (Range<usize>, String) {
        let root = &self.new.doc.root;
        let mut span = root.range().start..root.range().start + 1;
        let mut at = String::new();
        let mut cur = root;
        for raw in pointer.split('/').skip(1) {
            let token = swagger::unescape_token(raw);
            let Some(o) = as_obj(cur) else { break };
            let Some(p) = crate::json::prop(o, &token) else {
                break;
            };
            span = p.name.range();
            push_token(&mut at, &token);
            cur = &p.value;
        }
        (span, at)
    }

    fn swagger(&mut self) {
        self.base_paths = (base_path(self.old.doc), base_path(self.new.doc));
        let old_ops = swagger::operations(self.old.doc);
        let new_ops = swagger::operations(self.new.doc);
        let mut by_id: HashMap<String, &Operation<'_, '_>> = HashMap::new();
        for op in &new_ops {
            if let Some(k) = op_key(op) {
                by_id.entry(k).or_insert(op);
            }
        }
        let mut seen: HashSet<String> = HashSet::new();
        for old in &old_ops {
            let Some(id) = op_key(old) else { continue };
            if !seen.insert(id.clone()) {
                continue; // a duplicate operationId: the validator reports it, and it matches once
            }
            match by_id.get(&id) {
                None => self.operation_deleted(old, &id, &new_ops),
                Some(new) => self.operation(old, new, &id, &new_ops),
            }
        }
    }

    fn operation_deleted(
        &mut self,
        old: &Operation<'_, 'o>,
        id: &str,
        new_ops: &[Operation<'_, 'n>],
    ) {
        let (span, pointer) = self.surviving_parent(&old.pointer);
        let retired = if is_deprecated(old.op) {
            Some("deprecated")
        } else if swagger::is_internal(old.op) {
            Some("internal")
        } else {
            None
        };
        let was = self.was_at(old.key.start, &old.pointer);
        let renamed = new_ops
            .iter()
            .find(|n| n.path == old.path && n.verb == old.verb)
            .and_then(op_key);
        let d = self.push(
            &BcOperationDeleted::META,
            span,
            &pointer,
            &format!("operation/{id}"),
            format!("The operation has been deleted. This change breaks existing flows.{was}"),
        );
        if let Some(new_id) = renamed {
            d.help = Some(
                format!("The same path and method now have the operationId '{new_id}': a renamed operation is a deleted one for existing flows.")
                    .into(),
            );
        }
        if let Some(how) = retired {
            d.level = crate::meta::Level::Note;
            d.help = Some(
                format!("It was already {how} in the old version: retiring it is expected.").into(),
            );
        } else if d.help.is_none() {
            d.help = Some("Deprecate it instead: \"deprecated\": true, \"(deprecated)\" in its summary, and a replacement in its x-ms-api-annotation family with a higher revision.".into());
        }
    }

    fn operation(
        &mut self,
        old: &Operation<'_, 'o>,
        new: &Operation<'_, 'n>,
        id: &str,
        new_ops: &[Operation<'_, 'n>],
    ) {
        let vp = format!("operation/{id}");
        if swagger::is_internal(old.op) {
            return; // never shown: flows did not use it
        }
        // The URL is the base path and the path: moving a segment from one to the other is no
        // change.
        let (old_url, new_url) = (
            format!("{}{}", self.base_paths.0, old.path),
            format!("{}{}", self.base_paths.1, new.path),
        );
        if path_shape(&old_url) != path_shape(&new_url) || old.verb != new.verb {
            let message = format!(
                "The operation's path or method has changed from {} {} to {} {}: existing flows call the new endpoint with the inputs of the old one.",
                old.verb.to_uppercase(),
                old_url,
                new.verb.to_uppercase(),
                new_url
            );
            self.push(
                &BcPathOrVerbChanged::META,
                new.key.clone(),
                &new.pointer,
                &vp,
                message,
            );
        }
        if swagger::is_internal(new.op) {
            let (span, pointer) = visibility_site(new.op, &new.pointer, &new.key);
            self.push(
                &BcVisibilityInternal::META,
                span,
                &pointer,
                &vp,
                "The operation has been made internal: it is no longer shown to makers, and flows that use it can no longer be edited.".to_string(),
            );
        }
        if !is_deprecated(old.op)
            && is_deprecated(new.op)
            && !has_replacement(self.new.doc.text, new, new_ops)
        {
            let span =
                crate::json::prop(new.op, "deprecated").map_or(new.key.clone(), |p| p.name.range());
            let mut pointer = new.pointer.clone();
            push_token(&mut pointer, "deprecated");
            let labelled = ["summary", "description"].iter().any(|k| {
                get_str(new.op, k).is_some_and(|s| says_deprecated(&s.value, *k == "description"))
            });
            let d = self.push(
                &BcDeprecateInstead::META,
                span,
                &pointer,
                &vp,
                "The operation is deprecated in this version, but no operation replaces it: no active operation of its x-ms-api-annotation family has a higher revision.".to_string(),
            );
            d.help = Some(
                if labelled {
                    "Add the replacement with \"x-ms-api-annotation\": { \"family\": …, \"revision\": N+1 }, or name it in the annotation's \"replacement\"."
                } else {
                    "Add the replacement with \"x-ms-api-annotation\": { \"family\": …, \"revision\": N+1 }, and say \"(deprecated)\" in the summary."
                }
                .into(),
            );
        }
        self.parameters(old, new, &vp);
        self.responses(old, new, &vp);
    }

    fn parameters(&mut self, old: &Operation<'_, 'o>, new: &Operation<'_, 'n>, vp: &str) {
        let old_params = swagger::effective_parameters(self.old.doc, old);
        let new_params = swagger::effective_parameters(self.new.doc, new);
        let key = |p: &Object<'_>| -> (String, String) {
            let location = get_str(p, "in").map_or(String::new(), |s| s.value.to_string());
            // One body per operation: a renamed body is the same input.
            let name = if location == "body" {
                String::new()
            } else {
                get_str(p, "name").map_or(String::new(), |s| s.value.to_string())
            };
            (location, name)
        };
        let new_by_key: HashMap<(String, String), &Object<'_>> =
            new_params.iter().map(|p| (key(p), *p)).collect();
        let old_keys: HashSet<(String, String)> = old_params.iter().map(|p| key(p)).collect();
        for o in &old_params {
            let k = key(o);
            let name = get_str(o, "name").map_or("", |s| s.value.as_ref());
            let pvp = format!("{vp}/parameter/{name}");
            if swagger::is_internal(o) {
                continue;
            }
            let Some(n) = new_by_key.get(&k) else {
                let (span, pointer) = params_site(new);
                let was = self.was_at(o.range.start, &param_pointer(self.old.doc, old, o));
                self.push(
                    &BcInputRemoved::META,
                    span,
                    &pointer,
                    &pvp,
                    format!("The input '{name}' has been removed: existing flows that set it will fail or lose it.{was}"),
                );
                continue;
            };
            let new_name = get_str(n, "name").map_or("", |s| s.value.as_ref());
            let pvp = format!("{vp}/parameter/{new_name}");
            let npointer = param_pointer(self.new.doc, new, n);
            if swagger::is_internal(n) {
                let (span, pointer) = visibility_site(n, &npointer, &param_span(n));
                self.push(
                    &BcVisibilityInternal::META,
                    span,
                    &pointer,
                    &pvp,
                    format!("The input '{new_name}' has been made internal: the value existing flows set is no longer sent."),
                );
                continue;
            }
            if get_bool(o, "required") != Some(true) && get_bool(n, "required") == Some(true) {
                let span =
                    crate::json::prop(n, "required").map_or(param_span(n), |p| p.value.range());
                let mut pointer = npointer.clone();
                push_token(&mut pointer, "required");
                self.push(
                    &BcInputOptionalToRequired::META,
                    span,
                    &pointer,
                    &format!("{pvp}/required"),
                    MADE_REQUIRED.to_string(),
                );
            }
            if k.0 == "body" {
                if let (Some(os), Some(ns)) = (get(o, "schema"), get(n, "schema")) {
                    let mut pointer = npointer.clone();
                    push_token(&mut pointer, "schema");
                    let span =
                        crate::json::prop(n, "schema").map_or(param_span(n), |p| p.name.range());
                    let old_pointer = format!("{}/schema", param_pointer(self.old.doc, old, o));
                    self.schema(
                        os,
                        old_pointer,
                        ns,
                        pointer,
                        span,
                        format!("{pvp}/schema"),
                        Dir::Input,
                    );
                }
            } else {
                let at = At {
                    obj: n,
                    pointer: npointer,
                    span: param_span(n),
                };
                self.scalar_input(o, &param_pointer(self.old.doc, old, o), &at, &pvp);
            }
        }
        for n in &new_params {
            let k = key(n);
            if old_keys.contains(&k) || swagger::is_internal(n) {
                continue;
            }
            if get_bool(n, "required") != Some(true) {
                continue;
            }
            let name = get_str(n, "name").map_or("", |s| s.value.as_ref());
            self.push(
                &BcRequiredInputAdded::META,
                param_span(n),
                &param_pointer(self.new.doc, new, n),
                &format!("{vp}/parameter/{name}"),
                REQUIRED_ADDED.to_string(),
            );
        }
    }

    /// Type, format and enum of an input that is not a body schema (a parameter, or a property's
    /// leaf).
    fn scalar_input(&mut self, o: &Object<'o>, old_pointer: &str, n: &At<'_, 'n>, vp: &str) {
        let (ot, nt) = (schema_type(o), schema_type(n.obj));
        if let (Some(ot), Some(nt)) = (ot, nt) {
            if !type_accepts(ot, nt) {
                let (span, pointer) = member_site(n, "type");
                self.push(
                    &BcInputTypeChanged::META,
                    span,
                    &pointer,
                    &format!("{vp}/type"),
                    format!("The type of the input has changed from '{ot}' to '{nt}': existing flows send the old type."),
                );
                return;
            }
        }
        // A format given to a string that had none restricts it (`date-time`, `email`, `uuid`).
        if let (None, Some(nf), Some("string")) = (
            get_str(o, "format"),
            get_str(n.obj, "format"),
            schema_type(n.obj),
        ) {
            let (span, pointer) = member_site(n, "format");
            self.push(
                &BcInputTypeChanged::META,
                span,
                &pointer,
                &format!("{vp}/format"),
                format!("The input now has the format '{}', which it did not have: existing flows may send values it does not accept.", nf.value),
            );
        }
        if let (Some(of), Some(nf)) = (get_str(o, "format"), get_str(n.obj, "format")) {
            if !format_accepts(&of.value, &nf.value) {
                let (span, pointer) = member_site(n, "format");
                self.push(
                    &BcInputTypeChanged::META,
                    span,
                    &pointer,
                    &format!("{vp}/format"),
                    format!("The format of the input has changed from '{}' to '{}': existing flows send the old format.", of.value, nf.value),
                );
            }
        }
        // The items of an array parameter (`in: query`, `collectionFormat`), compared as a schema.
        if schema_type(o) == Some("array") && get(o, "schema").is_none() && get(o, "in").is_some() {
            if let (Some(oi), Some(ni)) = (get(o, "items"), crate::json::prop(n.obj, "items")) {
                let mut pointer = n.pointer.clone();
                push_token(&mut pointer, "items");
                self.schema(
                    oi,
                    format!("{old_pointer}/items"),
                    &ni.value,
                    pointer,
                    ni.name.range(),
                    format!("{vp}/items"),
                    Dir::Input,
                );
            }
        }
        if let (Some(oe), Some(ne)) = (get_arr(o, "enum"), get_arr(n.obj, "enum")) {
            // Values as written: a string by its text, a number by its value (`1.0` is `1`).
            let key = |doc: &str, v: &Value<'_>| match v {
                Value::StringLit(s) => format!("{:?}", s.value),
                Value::NumberLit(r) => {
                    let text = doc.get(r.clone()).unwrap_or("");
                    text.parse::<f64>()
                        .map_or_else(|_| text.to_string(), |n| n.to_string())
                }
                other => doc.get(other.range()).unwrap_or("").to_string(),
            };
            let kept: HashSet<String> = ne
                .elements
                .iter()
                .map(|v| key(self.new.doc.text, v))
                .collect();
            let gone: Vec<String> = oe
                .elements
                .iter()
                .map(|v| key(self.old.doc.text, v))
                .filter(|v| !kept.contains(v))
                .collect();
            if !gone.is_empty() {
                let (span, pointer) = member_site(n, "enum");
                // Strings are quoted (`"closed"`), numbers not (`3`).
                let list = gone
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ");
                self.push(
                    &BcInputRemoved::META,
                    span,
                    &pointer,
                    &format!("{vp}/enum"),
                    format!("The input no longer accepts {list}: existing flows that send {} will fail.", if gone.len() == 1 { "it" } else { "them" }),
                );
            }
        }
    }

    fn responses(&mut self, old: &Operation<'_, 'o>, new: &Operation<'_, 'n>, vp: &str) {
        let Some((_, old_list)) = &old.responses else {
            return;
        };
        let new_list: &[swagger::Response<'_, 'n>] = new.responses.as_ref().map_or(&[], |(_, l)| l);
        let schema_of = |r: &swagger::Response<'_, '_>| r.schema().is_some();
        let first_old_success = old_list
            .iter()
            .find(|r| r.is_success() && schema_of(r))
            .map(|r| r.code().to_string());
        for o in old_list.iter().filter(|r| r.is_success()) {
            let Some(os) = o.schema() else { continue };
            if o.object().is_some_and(|ob| is_dynamic(ob)) {
                continue;
            }
            let n = new_list.iter().find(|n| n.code() == o.code()).or_else(|| {
                // The success code changed (200 to 201): flows read the body, not the code.
                (first_old_success.as_deref() == Some(o.code()))
                    .then(|| new_list.iter().find(|n| n.is_success() && schema_of(n)))
                    .flatten()
            });
            let rvp = format!("{vp}/responses/{}/schema", o.code());
            match n.and_then(|n| n.schema().map(|s| (n, s))) {
                Some((n, ns)) => {
                    let (pointer, old_pointer) = (n.schema_pointer(), o.schema_pointer());
                    self.schema(
                        &os.value,
                        old_pointer,
                        &ns.value,
                        pointer,
                        ns.name.range(),
                        rvp,
                        Dir::Output,
                    );
                }
                // An empty schema (no properties, no items, no type but `object`) gave flows no
                // field: losing it loses nothing they use.
                None if swagger::resolve(self.old.doc, &os.value)
                    .ok()
                    .and_then(as_obj)
                    .is_some_and(|s| is_empty_schema(self.old.doc, s)) => {}
                None => {
                    let (span, pointer) = match n {
                        Some(n) => (n.entry.name.range(), n.pointer.clone()),
                        None => self.surviving_parent(&o.pointer),
                    };
                    let was = self.was_at(os.name.range().start, &format!("{}/schema", o.pointer));
                    self.push(
                        &BcOutputFieldDeleted::META,
                        span,
                        &pointer,
                        &rvp,
                        format!("{OUTPUT_DELETED}{was}"),
                    );
                }
            }
        }
    }

    /// Compare two schemas (old `o` at `old_pointer`, new `n` at `pointer`) of one input or
    /// output.
    #[allow(clippy::too_many_arguments)]
    fn schema(
        &mut self,
        o: &Value<'o>,
        old_pointer: String,
        n: &Value<'n>,
        pointer: String,
        span: Range<usize>,
        vp: String,
        dir: Dir,
    ) {
        let mut stack = Vec::new();
        let mut done = HashSet::new();
        let sides = Sides {
            old_pointer,
            pointer,
            span,
        };
        self.schema_at(o, n, sides, vp, dir, &mut stack, &mut done);
    }

    #[allow(clippy::too_many_arguments)]
    fn schema_at(
        &mut self,
        o: &Value<'o>,
        n: &Value<'n>,
        sides: Sides,
        vp: String,
        dir: Dir,
        stack: &mut Vec<(usize, usize)>,
        done: &mut HashSet<(usize, usize)>,
    ) {
        if stack.len() >= MAX_DEPTH {
            return;
        }
        let Sides {
            mut old_pointer,
            mut pointer,
            span,
        } = sides;
        if let Some(p) = ref_pointer(n) {
            pointer = p;
        }
        if let Some(p) = ref_pointer(o) {
            old_pointer = p;
        }
        let (Ok(ov), Ok(nv)) = (
            swagger::resolve(self.old.doc, o),
            swagger::resolve(self.new.doc, n),
        ) else {
            return;
        };
        let (Some(oo), Some(no)) = (as_obj(ov), as_obj(nv)) else {
            return;
        };
        let pair = (oo.range.start, no.range.start);
        // A recursive schema stops where it repeats; a shared one is compared once per input.
        if stack.contains(&pair) || !done.insert(pair) {
            return;
        }
        if is_dynamic(oo) || is_dynamic(no) {
            return;
        }
        let at = At {
            obj: no,
            pointer,
            span,
        };
        let (ot, nt) = (schema_type(oo), schema_type(no));
        match dir {
            Dir::Input => {
                if let (Some(a), Some(b)) = (ot, nt) {
                    if !type_accepts(a, b) {
                        self.scalar_input(oo, &old_pointer, &at, &vp);
                        return;
                    }
                }
                if !matches!(nt, Some("object") | Some("array")) {
                    self.scalar_input(oo, &old_pointer, &at, &vp);
                }
            }
            Dir::Output => {
                if let (Some(a), Some(b)) = (ot, nt) {
                    if a != b {
                        let (span, pointer) = member_site(&at, "type");
                        self.push(
                            &BcOutputTypeChanged::META,
                            span,
                            &pointer,
                            &format!("{vp}/type"),
                            format!("The type has been changed for the output field. Existing flows may be broken if they are using this field and actual payload has been changed. (It was '{a}' and is now '{b}'.)"),
                        );
                        return;
                    }
                }
            }
        }
        stack.push(pair);
        if let (Some(oi), Some(ni)) = (get(oo, "items"), crate::json::prop(no, "items")) {
            let mut p = at.pointer.clone();
            push_token(&mut p, "items");
            let sides = Sides {
                old_pointer: format!("{old_pointer}/items"),
                pointer: p,
                span: ni.name.range(),
            };
            self.schema_at(
                oi,
                &ni.value,
                sides,
                format!("{vp}/items"),
                dir,
                stack,
                done,
            );
        }
        let old_props = properties(self.old.doc, oo, &old_pointer);
        let new_props = properties(self.new.doc, no, &at.pointer);
        // An output schema that became free-form (no type, no properties) says nothing of its
        // fields: they are not compared.
        let free_form = new_props.is_empty() && dir == Dir::Output && schema_type(no).is_none();
        if !old_props.is_empty() && !free_form {
            let new_by_name: HashMap<&str, &Prop<'_, 'n>> =
                new_props.iter().map(|p| (p.name, p)).collect();
            for op in &old_props {
                let Some(ob) = as_obj(op.value) else { continue };
                let ob = swagger::resolve(self.old.doc, op.value)
                    .ok()
                    .and_then(as_obj)
                    .unwrap_or(ob);
                if swagger::is_internal(ob)
                    || (dir == Dir::Input && get_bool(ob, "readOnly") == Some(true))
                {
                    continue;
                }
                let pvp = format!("{vp}/{}", op.name);
                match new_by_name.get(op.name) {
                    Some(np) => {
                        if dir == Dir::Input {
                            if let Some(nb) = swagger::resolve(self.new.doc, np.value)
                                .ok()
                                .and_then(as_obj)
                            {
                                if swagger::is_internal(nb) {
                                    continue;
                                }
                            }
                        }
                        let sides = Sides {
                            old_pointer: op.pointer.clone(),
                            pointer: np.pointer.clone(),
                            span: np.key.clone(),
                        };
                        self.schema_at(op.value, np.value, sides, pvp, dir, stack, done);
                    }
                    None if new_props.is_empty() && get(no, "additionalProperties").is_some() => {}
                    None => {
                        let (span, pointer) = match crate::json::prop(no, "properties") {
                            Some(p) => {
                                let mut ptr = at.pointer.clone();
                                push_token(&mut ptr, "properties");
                                (p.name.range(), ptr)
                            }
                            None => (at.span.clone(), at.pointer.clone()),
                        };
                        let old_ptr = op.pointer.clone();
                        let was = self.was_at(op.key.start, &old_ptr);
                        let (meta, message) = match dir {
                            Dir::Output => (&BcOutputFieldDeleted::META, format!("{OUTPUT_DELETED}{was}")),
                            Dir::Input => (&BcInputRemoved::META, format!("The input field '{}' has been removed: existing flows that set it will fail or lose it.{was}", op.name)),
                        };
                        self.push(meta, span, &pointer, &pvp, message);
                    }
                }
            }
        }
        if dir == Dir::Input && !old_props.is_empty() {
            self.required(oo, no, &at, &old_props, &new_props, &vp);
        }
        stack.pop();
    }

    /// Properties that became required, and new required properties, of an input object.
    fn required(
        &mut self,
        oo: &Object<'o>,
        no: &Object<'n>,
        at: &At<'_, 'n>,
        old_props: &[Prop<'_, 'o>],
        new_props: &[Prop<'_, 'n>],
        vp: &str,
    ) {
        let old_req: HashSet<String> = required_names(self.old.doc, oo, "")
            .into_iter()
            .map(|(n, _, _)| n)
            .collect();
        for (name, span, pointer) in required_names(self.new.doc, no, &at.pointer) {
            if old_req.contains(&name) {
                continue;
            }
            let pvp = format!("{vp}/{name}");
            let pointer = if pointer.is_empty() {
                at.pointer.clone()
            } else {
                pointer
            };
            if old_props.iter().any(|p| p.name == name) {
                self.push(
                    &BcInputOptionalToRequired::META,
                    span,
                    &pointer,
                    &format!("{pvp}/required"),
                    MADE_REQUIRED.to_string(),
                );
            } else if let Some(np) = new_props.iter().find(|p| p.name == name) {
                let hidden = swagger::resolve(self.new.doc, np.value)
                    .ok()
                    .and_then(as_obj)
                    .is_some_and(|o| {
                        swagger::is_internal(o) || get_bool(o, "readOnly") == Some(true)
                    });
                if !hidden {
                    self.push(
                        &BcRequiredInputAdded::META,
                        span,
                        &pointer,
                        &pvp,
                        REQUIRED_ADDED.to_string(),
                    );
                }
            }
        }
    }

    /// apiProperties.json: the connection parameters and how connections sign in.
    fn connection(&mut self) {
        let old = connection_parameters(self.old.doc);
        let new = connection_parameters(self.new.doc);
        let new_by: HashMap<&str, &ConnParam<'_, 'n>> =
            new.iter().map(|p| (p.key.as_str(), p)).collect();
        let old_keys: HashSet<&str> = old.iter().map(|p| p.key.as_str()).collect();
        let old_sets = has_sets(self.old.doc);
        if !old_sets && has_sets(self.new.doc) && !old.is_empty() {
            let (span, pointer) = self.surviving_parent("/properties/connectionParameterSets");
            self.push(
                &BcConnectionAuthChanged::META,
                span,
                &pointer,
                "connectionParameterSets",
                "The connector now signs in with connectionParameterSets instead of connectionParameters: existing connections have no authentication type and must be made again.".to_string(),
            );
            return; // each parameter moved: reporting each as removed says nothing more
        }
        for o in &old {
            let vp = format!("connectionParameters/{}", o.key);
            let Some(n) = new_by.get(o.key.as_str()) else {
                let (span, pointer) = self.surviving_parent(&o.pointer);
                let was = self.was_at(o.span.start, &o.pointer);
                self.push(
                    &BcConnectionParameterRemoved::META,
                    span,
                    &pointer,
                    &vp,
                    format!("The connection parameter '{}' has been removed or renamed: existing connections hold a value for it and stop working.{was}", o.key),
                );
                continue;
            };
            if let Some((was, now)) = changed_str(o.obj, n.obj, "type") {
                self.push(
                    &BcConnectionAuthChanged::META,
                    now.range(),
                    &format!("{}/type", n.pointer),
                    &format!("{vp}/type"),
                    format!("The type of the connection parameter has changed from '{was}' to '{}': existing connections must be made again.", now.value),
                );
                continue;
            }
            if !connection_required(o.obj) && connection_required(n.obj) && !fills_itself(n.obj) {
                self.push(
                    &BcConnectionParameterRequired::META,
                    n.span.clone(),
                    &n.pointer,
                    &format!("{vp}/required"),
                    "The connection parameter has been made required: existing connections have no value for it.".to_string(),
                );
            }
            if let (Some(os), Some(ns)) = (
                get_obj(o.obj, "oAuthSettings"),
                get_obj(n.obj, "oAuthSettings"),
            ) {
                for key in ["identityProvider", "clientId"] {
                    if let Some((was, now)) = changed_str(os, ns, key) {
                        self.push(
                            &BcConnectionAuthChanged::META,
                            now.range(),
                            &format!("{}/oAuthSettings/{key}", n.pointer),
                            &format!("{vp}/oAuthSettings/{key}"),
                            format!("The OAuth {key} has changed from '{was}' to '{}': the tokens of existing connections are no longer valid, and every connection must sign in again.", now.value),
                        );
                    }
                }
            }
        }
        for n in &new {
            if old_keys.contains(n.key.as_str())
                || !connection_required(n.obj)
                || fills_itself(n.obj)
            {
                continue;
            }
            self.push(
                &BcConnectionParameterRequired::META,
                n.span.clone(),
                &n.pointer,
                &format!("connectionParameters/{}", n.key),
                format!("The required connection parameter '{}' has been added: existing connections have no value for it.", n.key),
            );
        }
    }
}

/// The string member `key` when both objects have it and its value differs: the old value, and
/// the new literal.
fn changed_str<'x, 'a>(
    old: &Object<'_>,
    new: &'x Object<'a>,
    key: &str,
) -> Option<(String, &'x crate::json::StringLit<'a>)> {
    let (a, b) = (get_str(old, key)?, get_str(new, key)?);
    (a.value != b.value).then(|| (a.value.to_string(), b))
}

/// A parameter the platform fills: hidden, or the OAuth sign-in itself.
fn fills_itself(p: &Object<'_>) -> bool {
    constraint(p, "hidden") || get_str(p, "type").is_some_and(|t| t.value == "oauthSetting")
}

struct ConnParam<'x, 'a> {
    /// `name`, or `set/name` in a `connectionParameterSets` entry.
    key: String,
    obj: &'x Object<'a>,
    pointer: String,
    span: Range<usize>,
}

fn has_sets(doc: &Json<'_>) -> bool {
    as_obj(&doc.root)
        .and_then(|r| get_obj(r, "properties"))
        .and_then(|p| get_obj(p, "connectionParameterSets"))
        .is_some()
}

fn connection_parameters<'x, 'a>(doc: &'x Json<'a>) -> Vec<ConnParam<'x, 'a>> {
    let mut out = Vec::new();
    let Some(props) = as_obj(&doc.root).and_then(|r| get_obj(r, "properties")) else {
        return out;
    };
    let mut add = |holder: &'x Object<'a>, base: String, prefix: &str| {
        for p in doc.entries(holder) {
            let Some(obj) = as_obj(&p.value) else {
                continue;
            };
            let mut pointer = base.clone();
            push_token(&mut pointer, p.name.as_str());
            out.push(ConnParam {
                key: format!("{prefix}{}", p.name.as_str()),
                obj,
                pointer,
                span: p.name.range(),
            });
        }
    };
    if let Some(cp) = get_obj(props, "connectionParameters") {
        add(cp, "/properties/connectionParameters".to_string(), "");
    }
    if let Some(values) =
        get_obj(props, "connectionParameterSets").and_then(|s| get_arr(s, "values"))
    {
        for (i, v) in values.elements.iter().enumerate() {
            let Some(set) = as_obj(v) else { continue };
            let name = get_str(set, "name").map_or(i.to_string(), |s| s.value.to_string());
            if let Some(params) = get_obj(set, "parameters") {
                add(
                    params,
                    format!("/properties/connectionParameterSets/values/{i}/parameters"),
                    &format!("{name}/"),
                );
            }
        }
    }
    out
}

/// Whether a deprecated operation has a replacement: an active operation of its family with a
/// higher revision, or the operation its annotation's `replacement` names. `text` is the text of
/// the swagger (numbers keep only their span).
fn has_replacement(text: &str, op: &Operation<'_, '_>, ops: &[Operation<'_, '_>]) -> bool {
    let annotation = get_obj(op.op, "x-ms-api-annotation");
    if let Some(target) = annotation
        .and_then(|a| get_obj(a, "replacement"))
        .and_then(|r| get_str(r, "operationId"))
    {
        if ops
            .iter()
            .any(|o| op_key(o).as_deref() == Some(target.value.as_ref()))
        {
            return true;
        }
    }
    let (family, revision) = family_of(text, op);
    ops.iter().any(|o| {
        !std::ptr::eq(o.op, op.op) && !is_deprecated(o.op) && !swagger::is_internal(o.op) && {
            let (f, r) = family_of(text, o);
            f == family && r > revision
        }
    })
}

/// An operation's `x-ms-api-annotation` family (its operationId without one) and revision (1
/// without one).
fn family_of(text: &str, op: &Operation<'_, '_>) -> (String, f64) {
    let annotation = get_obj(op.op, "x-ms-api-annotation");
    let family = annotation
        .and_then(|a| get_str(a, "family"))
        .map(|s| s.value.to_string())
        .or_else(|| op_key(op))
        .unwrap_or_default();
    let revision = annotation.and_then(|a| revision_of(text, a)).unwrap_or(1.0);
    (family, revision)
}

/// The `revision` of an annotation, written as a number or a string.
pub fn revision_of(text: &str, annotation: &Object<'_>) -> Option<f64> {
    match get(annotation, "revision")? {
        Value::StringLit(s) => s.value.trim().parse().ok(),
        Value::NumberLit(r) => text.get(r.clone())?.parse().ok(),
        _ => None,
    }
}

/// Properties of an object schema, its `allOf` members' included (after `$ref`).
fn properties<'y, 'a>(doc: &'y Json<'a>, o: &'y Object<'a>, pointer: &str) -> Vec<Prop<'y, 'a>> {
    let mut out = Vec::new();
    collect_properties(doc, o, pointer, &mut out, 0);
    out
}

fn collect_properties<'y, 'a>(
    doc: &'y Json<'a>,
    o: &'y Object<'a>,
    pointer: &str,
    out: &mut Vec<Prop<'y, 'a>>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    if let Some(props) = get_obj(o, "properties") {
        let mut base = pointer.to_string();
        push_token(&mut base, "properties");
        for p in doc.entries(props) {
            if out.iter().any(|q| q.name == p.name.as_str()) {
                continue;
            }
            let mut ptr = base.clone();
            push_token(&mut ptr, p.name.as_str());
            out.push(Prop {
                name: p.name.as_str(),
                value: &p.value,
                pointer: ptr,
                key: p.name.range(),
            });
        }
    }
    if let Some(all) = get_arr(o, "allOf") {
        for (i, m) in all.elements.iter().enumerate() {
            let ptr = ref_pointer(m).unwrap_or_else(|| format!("{pointer}/allOf/{i}"));
            if let Some(mo) = swagger::resolve(doc, m).ok().and_then(as_obj) {
                collect_properties(doc, mo, &ptr, out, depth + 1);
            }
        }
    }
}

/// The names in an object schema's `required` lists (its own and its `allOf` members'), with the
/// span and pointer of each.
fn required_names(
    doc: &Json<'_>,
    o: &Object<'_>,
    pointer: &str,
) -> Vec<(String, Range<usize>, String)> {
    let mut out = Vec::new();
    let mut add = |obj: &Object<'_>, base: String| {
        if let Some(req) = get_arr(obj, "required") {
            for (i, v) in req.elements.iter().enumerate() {
                if let Value::StringLit(s) = v {
                    out.push((
                        s.value.to_string(),
                        s.range(),
                        if base.is_empty() {
                            String::new()
                        } else {
                            format!("{base}/required/{i}")
                        },
                    ));
                }
            }
        }
    };
    add(o, pointer.to_string());
    if let Some(all) = get_arr(o, "allOf") {
        for m in &all.elements {
            if let Some(mo) = swagger::resolve(doc, m).ok().and_then(as_obj) {
                add(mo, ref_pointer(m).unwrap_or_default());
            }
        }
    }
    out
}

/// Where a finding about member `key` of a node points: its value, or the node.
fn member_site(at: &At<'_, '_>, key: &str) -> (Range<usize>, String) {
    match crate::json::prop(at.obj, key) {
        Some(p) => {
            let mut pointer = at.pointer.clone();
            push_token(&mut pointer, key);
            (p.value.range(), pointer)
        }
        None => (at.span.clone(), at.pointer.clone()),
    }
}

/// The `x-ms-visibility` value of an element, or its `span`.
fn visibility_site(o: &Object<'_>, pointer: &str, span: &Range<usize>) -> (Range<usize>, String) {
    match crate::json::prop(o, "x-ms-visibility") {
        Some(p) => (p.value.range(), format!("{pointer}/x-ms-visibility")),
        None => (span.clone(), pointer.to_string()),
    }
}

fn param_span(p: &Object<'_>) -> Range<usize> {
    get_str(p, "name").map_or(p.range.start..p.range.start + 1, |s| s.range())
}

/// The operation's `parameters` key (where a removed parameter was), or its verb key.
fn params_site(op: &Operation<'_, '_>) -> (Range<usize>, String) {
    match crate::json::prop(op.op, "parameters") {
        Some(p) => (p.name.range(), format!("{}/parameters", op.pointer)),
        None => (op.key.clone(), op.pointer.clone()),
    }
}

/// The JSON pointer of parameter `p` of `op`: its place in the operation's or path item's list,
/// or in the root `parameters` when it is referenced.
fn param_pointer(doc: &Json<'_>, op: &Operation<'_, '_>, p: &Object<'_>) -> String {
    let path_item = op
        .pointer
        .rsplit_once('/')
        .map_or("", |(a, _)| a)
        .to_string();
    for (holder, base) in [(op.op, op.pointer.clone()), (op.item, path_item)] {
        if let Some(list) = get_arr(holder, "parameters") {
            for (i, e) in list.elements.iter().enumerate() {
                if let Value::Object(o) = e {
                    if std::ptr::eq(o, p) {
                        return format!("{base}/parameters/{i}");
                    }
                }
                if let Some(r) = ref_pointer(e) {
                    if swagger::resolve(doc, e)
                        .ok()
                        .and_then(as_obj)
                        .is_some_and(|t| std::ptr::eq(t, p))
                    {
                        return r;
                    }
                }
            }
        }
    }
    op.pointer.clone()
}
