//! Path and operation-parameter rules of the Swagger Validator (RULES.md §10.1, §10.4): path
//! syntax, template variables against path parameters, and body and formData parameters.

use std::collections::{HashMap, HashSet};

use super::{check_operations, check_operations_with, declare_rule, Ctx, Finding, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::json::{
    as_obj, compact_text, get_arr, get_obj, get_str, push_index, push_token, Json, Object,
    ObjectProp, Value,
};
use crate::swagger::{effective_parameters, resolve, template_variables, Operation};

/// Report, as `meta`, what `f` says about each path key of the swagger (span, pointer, message).
fn check_path_keys(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    mut f: impl FnMut(&str) -> Option<String>,
) {
    let Some(doc) = cx.connector.swagger else {
        return;
    };
    let Some(paths) = as_obj(&doc.root).and_then(|r| get_obj(r, "paths")) else {
        return;
    };
    let found: Vec<Finding> = doc
        .entries(paths)
        .filter(|p| !p.name.as_str().starts_with("x-"))
        .filter_map(|p| {
            let message = f(p.name.as_str())?;
            let mut pointer = String::from("/paths");
            push_token(&mut pointer, p.name.as_str());
            Some((p.name.range(), pointer, message))
        })
        .collect();
    cx.report_all(meta, doc.file, found);
}

/// Report, as `meta`, what `f` finds in each operation with the parameters that apply to it.
fn check_operation_parameters(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    f: impl Fn(&Operation<'_, '_>, &[&crate::json::Object<'_>]) -> Vec<String>,
) {
    check_operations(cx, meta, |doc, op| {
        let params = effective_parameters(doc, op);
        f(op, &params)
            .into_iter()
            .map(|message| (op.key.clone(), op.pointer.clone(), message))
            .collect()
    });
}

/// The location (`in`) and name of a parameter object.
fn in_and_name<'p>(p: &'p crate::json::Object<'_>) -> (&'p str, &'p str) {
    (
        get_str(p, "in").map_or("", |s| s.value.as_ref()),
        get_str(p, "name").map_or("", |s| s.value.as_ref()),
    )
}

declare_rule! {
    /// ## What it does
    /// Reports a path that does not start with `/`.
    ///
    /// ## Why is this bad?
    /// The platform joins the path to `basePath`; the validator rejects the file with
    /// OperationPathMustStartWithSlash.
    ///
    /// ## Example
    /// ```json
    /// { "paths": { "tasks": { } } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "paths": { "/tasks": { } } }
    /// ```
    pub SwgPathLeadingSlash {
        id: "swg-path-leading-slash",
        category: Operation,
        level: Error,
        summary: "Path does not start with '/'",
        validator: "OperationPathMustStartWithSlash",
    }
}

impl Rule for SwgPathLeadingSlash {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_path_keys(cx, &Self::META, |path| {
            (!path.starts_with('/'))
                .then(|| "The path is not valid, it must start with a '/' character.".to_string())
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a path with a query (`?`) or fragment (`#`) part.
    ///
    /// ## Why is this bad?
    /// Query values are parameters (`"in": "query"`); the validator rejects the file with
    /// OperationPathMayNotContainQueryOrFragment.
    ///
    /// ## Example
    /// ```json
    /// { "paths": { "/tasks?status=open": { } } }
    /// ```
    ///
    /// Use instead: `/tasks`, with a `status` query parameter.
    pub SwgPathQueryFragment {
        id: "swg-path-query-fragment",
        category: Operation,
        level: Error,
        summary: "Path contains '?' or '#'",
        validator: "OperationPathMayNotContainQueryOrFragment",
    }
}

impl Rule for SwgPathQueryFragment {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_path_keys(cx, &Self::META, |path| {
            path.contains(['?', '#']).then(|| {
                "The path is not valid, it must not contain a query part or fragment identifier. To include '?' or '#' characters in the path, they must be URL encoded.".to_string()
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a path with the wildcard character `*`.
    ///
    /// ## Why is this bad?
    /// Paths are routed exactly; the validator rejects the file with
    /// OperationPathContainsUnsupportedCharacters.
    ///
    /// ## Example
    /// ```json
    /// { "paths": { "/files/*": { } } }
    /// ```
    ///
    /// Use instead: a path parameter, `/files/{path}`.
    pub SwgPathWildcard {
        id: "swg-path-wildcard",
        category: Operation,
        level: Error,
        summary: "Path contains the wildcard '*'",
        validator: "OperationPathContainsUnsupportedCharacters",
    }
}

impl Rule for SwgPathWildcard {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_path_keys(cx, &Self::META, |path| {
            path.contains('*')
                .then(|| "The operation path cannot contain wildcard character '*'.".to_string())
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a path template variable with a default value (`{version=v1}`).
    ///
    /// ## Why is this bad?
    /// Defaults belong to the parameter (`"default"`); the validator rejects the file with
    /// OperationPathVariablesContainDefaults.
    ///
    /// ## Example
    /// ```json
    /// { "paths": { "/{version=v1}/tasks": { } } }
    /// ```
    ///
    /// Use instead: `/{version}/tasks`, and `"default": "v1"` on the `version` parameter.
    pub SwgPathVarDefaults {
        id: "swg-path-var-defaults",
        category: Operation,
        level: Error,
        summary: "Path template variable sets a default with '='",
        validator: "OperationPathVariablesContainDefaults",
    }
}

impl Rule for SwgPathVarDefaults {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_path_keys(cx, &Self::META, |path| {
            template_variables(path).iter().any(|v| v.contains('=')).then(|| {
                "The operation path template variables cannot set default values with character '='.".to_string()
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation whose path has a template variable (`{taskId}`) that no path
    /// parameter of the operation or of its path item defines (parameters given by `$ref`
    /// count).
    ///
    /// ## Why is this bad?
    /// The platform cannot fill the variable; the validator rejects the file with
    /// OperationMissingPathParameter.
    ///
    /// ## Example
    /// ```json
    /// { "/tasks/{taskId}": { "get": { "operationId": "GetTask", "parameters": [] } } }
    /// ```
    ///
    /// Use instead: add `{ "name": "taskId", "in": "path", "required": true, "type": "string" }`.
    pub SwgMissingPathParam {
        id: "swg-missing-path-param",
        category: Operation,
        level: Error,
        summary: "Path template variable has no path parameter",
        validator: "OperationMissingPathParameter",
    }
}

impl Rule for SwgMissingPathParam {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operation_parameters(cx, &Self::META, |op, params| {
            let defined: HashSet<&str> = params
                .iter()
                .map(|p| in_and_name(p))
                .filter(|(loc, _)| *loc == "path")
                .map(|(_, name)| name)
                .collect();
            template_variables(op.path)
                .into_iter()
                .filter(|v| !v.contains('='))
                .filter(|v| !defined.contains(v))
                .map(|v| {
                    format!(
                        "The operation '{}' does not define the '{v}' parameter which is required by the path.",
                        op.name()
                    )
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a path parameter whose name is not a template variable of the operation's path.
    ///
    /// ## Why is this bad?
    /// Its value would go nowhere; the validator rejects the file with
    /// PathParameterNotDefinedInTemplate.
    ///
    /// ## Example
    /// ```json
    /// { "/tasks": { "get": { "parameters": [ { "name": "taskId", "in": "path", "required": true, "type": "string" } ] } } }
    /// ```
    ///
    /// Use instead: the path `/tasks/{taskId}`, or a query parameter.
    pub SwgPathParamNotInTemplate {
        id: "swg-path-param-not-in-template",
        category: Operation,
        level: Error,
        summary: "Path parameter is not a variable of the path",
        validator: "PathParameterNotDefinedInTemplate",
    }
}

impl Rule for SwgPathParamNotInTemplate {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operation_parameters(cx, &Self::META, |op, params| {
            let vars: HashSet<&str> = template_variables(op.path).into_iter().collect();
            params
                .iter()
                .map(|p| in_and_name(p))
                .filter(|(loc, name)| *loc == "path" && !vars.contains(name))
                .map(|(_, name)| {
                    format!(
                        "The 'path' parameter '{name}' is not defined in the URI path template. To include the parameter as a variable in the path, use '{{' and '}}' characters to enclose the name of the parameter in the path."
                    )
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation with more than one `body` parameter, or with both `body` and
    /// `formData` parameters (its own and its path item's together).
    ///
    /// ## Why is this bad?
    /// A request has one body. The validator rejects the file with
    /// OperationParametersContainMultipleBodyParameters or ParameterListContainsFormDataAndBody.
    ///
    /// ## Example
    /// ```json
    /// { "parameters": [ { "name": "task", "in": "body", "schema": {} }, { "name": "file", "in": "formData", "type": "file" } ] }
    /// ```
    ///
    /// Use instead: one `body` parameter, or only `formData` parameters.
    pub SwgParamsMultiBody {
        id: "swg-params-multi-body",
        category: Operation,
        level: Error,
        summary: "More than one body, or body and formData parameters together",
        validator: "OperationParametersContainMultipleBodyParameters",
    }
}

impl Rule for SwgParamsMultiBody {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operation_parameters(cx, &Self::META, |op, params| {
            let count = |loc: &str| params.iter().filter(|p| in_and_name(p).0 == loc).count();
            let mut out = Vec::new();
            if count("body") > 1 {
                out.push(format!(
                    "The operation '{}' contains multiple parameters in the location 'body', at most one is allowed.",
                    op.name()
                ));
            }
            if count("body") > 0 && count("formData") > 0 {
                out.push("The 'parameters' list defines both a 'body' parameter, and a 'formData' parameter. Only one of these location types can be used in an operation.".to_string());
            }
            out
        });
    }
}

/// The entries of a `parameters` list (of a path item or an operation), each with its index and
/// what it is after its `$ref`.
fn listed<'j, 'a>(
    doc: &'j Json<'a>,
    holder: &'j Object<'a>,
) -> Vec<(usize, &'j Value<'a>, &'j Object<'a>)> {
    get_arr(holder, "parameters")
        .map(|a| {
            a.elements
                .iter()
                .enumerate()
                .filter_map(|(i, e)| Some((i, e, resolve(doc, e).ok().and_then(as_obj)?)))
                .collect()
        })
        .unwrap_or_default()
}

/// The entries of `holder`'s `parameters` that repeat an earlier entry's name and location:
/// `(index, entry, name, location, same text as the earlier one)`.
fn repeated_parameters<'j, 'a>(
    doc: &'j Json<'a>,
    holder: &'j Object<'a>,
) -> Vec<(usize, &'j Value<'a>, &'j str, &'j str, bool)> {
    let mut seen: HashMap<(&str, &str), &Value<'_>> = HashMap::new();
    let mut out = Vec::new();
    for (i, entry, p) in listed(doc, holder) {
        let (loc, name) = in_and_name(p);
        match seen.get(&(loc, name)) {
            Some(first) => {
                let same = compact_text(doc.text, first) == compact_text(doc.text, entry);
                out.push((i, entry, name, loc, same));
            }
            None => {
                seen.insert((loc, name), entry);
            }
        }
    }
    out
}

/// The pointer of entry `i` of the `parameters` of the object at `base`.
fn entry_pointer(base: &str, i: usize) -> String {
    let mut pointer = base.to_string();
    push_token(&mut pointer, "parameters");
    push_index(&mut pointer, i);
    pointer
}

/// Each path item of the swagger, with its path key, its pointer and its span.
fn path_items<'j, 'a>(doc: &'j Json<'a>) -> Vec<(&'j ObjectProp<'a>, &'j Object<'a>, String)> {
    let Some(paths) = as_obj(&doc.root).and_then(|r| get_obj(r, "paths")) else {
        return Vec::new();
    };
    doc.entries(paths)
        .filter(|p| !p.name.as_str().starts_with("x-"))
        .filter_map(|p| {
            let item = as_obj(&p.value)?;
            let mut pointer = String::from("/paths");
            push_token(&mut pointer, p.name.as_str());
            Some((p, item, pointer))
        })
        .collect()
}

declare_rule! {
    /// ## What it does
    /// Reports a parameter listed twice in one operation's `parameters`: the same name and
    /// location (`in`) in two different entries. Two identical entries are
    /// `swg-params-not-unique`.
    ///
    /// ## Why is this bad?
    /// The request can carry one value per name and location. The validator rejects the file with
    /// OperationParametersContainDuplicateParameter.
    ///
    /// ## Example
    /// ```json
    /// "parameters": [ { "name": "top", "in": "query", "type": "integer" }, { "name": "top", "in": "query", "type": "string" } ]
    /// ```
    ///
    /// Use instead: one `top` parameter.
    pub SwgParamsDuplicate {
        id: "swg-params-duplicate",
        category: Operation,
        level: Error,
        summary: "Operation lists a parameter name and location twice",
        validator: "OperationParametersContainDuplicateParameter",
    }
}

impl Rule for SwgParamsDuplicate {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations(cx, &Self::META, |doc, op| {
            repeated_parameters(doc, op.op)
                .into_iter()
                .filter(|r| !r.4)
                .map(|(i, entry, name, loc, _)| {
                    (
                        entry.range(),
                        entry_pointer(&op.pointer, i),
                        format!("The operation '{}' contains duplicate parameters with name '{name}', location '{loc}'.", op.name()),
                    )
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation whose `parameters` list one entry twice: the same `$ref`, or the same
    /// parameter object.
    ///
    /// ## Why is this bad?
    /// OpenAPI requires the entries to be unique. The validator rejects the file with
    /// OperationParametersAreNotUnique.
    ///
    /// ## Example
    /// ```json
    /// "parameters": [ { "$ref": "#/parameters/top" }, { "$ref": "#/parameters/top" } ]
    /// ```
    ///
    /// Use instead: list it once (the fix removes the repeat).
    pub SwgParamsNotUnique {
        id: "swg-params-not-unique",
        category: Operation,
        level: Error,
        summary: "Operation lists the same parameter entry twice",
        validator: "OperationParametersAreNotUnique",
        fix: Safe,
    }
}

impl Rule for SwgParamsNotUnique {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations_with(cx, |doc, op| {
            let Some(list) = get_arr(op.op, "parameters") else {
                return Vec::new();
            };
            repeated_parameters(doc, op.op)
                .into_iter()
                .filter(|r| r.4 && r.0 > 0)
                .map(|(i, entry, ..)| {
                    let remove = list.elements[i - 1].range().end..entry.range().end;
                    Diagnostic::new(
                        &Self::META,
                        doc.file,
                        entry.range(),
                        entry_pointer(&op.pointer, i),
                        format!(
                            "The parameters in the operation '{}' are not unique.",
                            op.name()
                        ),
                    )
                    .with_fix(Fix::edit(
                        "Remove the repeated entry",
                        Edit::replace(remove, ""),
                    ))
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a parameter listed twice in a path item's `parameters` (the ones every operation of
    /// the path takes): the same name and location.
    ///
    /// ## Why is this bad?
    /// The request can carry one value per name and location. The validator rejects the file with
    /// PathParametersContainDuplicateParameter.
    ///
    /// ## Example
    /// ```json
    /// "/tasks/{id}": { "parameters": [ { "name": "id", "in": "path", "required": true, "type": "string" }, { "name": "id", "in": "path", "required": true, "type": "integer" } ] }
    /// ```
    ///
    /// Use instead: one `id` parameter.
    pub SwgPathParamsDuplicate {
        id: "swg-path-params-duplicate",
        category: Operation,
        level: Error,
        summary: "Path item lists a parameter name and location twice",
        validator: "PathParametersContainDuplicateParameter",
    }
}

impl Rule for SwgPathParamsDuplicate {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(doc) = cx.connector.swagger else {
            return;
        };
        let found: Vec<Finding> = path_items(doc)
            .into_iter()
            .flat_map(|(key, item, pointer)| {
                repeated_parameters(doc, item)
                    .into_iter()
                    .map(move |(i, entry, name, loc, _)| {
                        (
                            entry.range(),
                            entry_pointer(&pointer, i),
                            format!("The path '{}' contains duplicate parameters with name '{name}', location '{loc}'.", key.name.as_str()),
                        )
                    })
            })
            .collect();
        cx.report_all(&Self::META, doc.file, found);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a path item whose `parameters` (the ones every operation of the path takes) hold
    /// more than one `body` parameter.
    ///
    /// ## Why is this bad?
    /// A request has one body. The validator rejects the file with
    /// PathParametersContainMultipleBodyParameters.
    ///
    /// ## Example
    /// ```json
    /// "/tasks": { "parameters": [ { "name": "task", "in": "body", "schema": {} }, { "name": "options", "in": "body", "schema": {} } ] }
    /// ```
    ///
    /// Use instead: one body parameter whose schema holds both.
    pub SwgPathParamsMultiBody {
        id: "swg-path-params-multi-body",
        category: Operation,
        level: Error,
        summary: "Path item has more than one body parameter",
        validator: "PathParametersContainMultipleBodyParameters",
    }
}

impl Rule for SwgPathParamsMultiBody {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(doc) = cx.connector.swagger else {
            return;
        };
        let found: Vec<Finding> = path_items(doc)
            .into_iter()
            .filter_map(|(key, item, pointer)| {
                let bodies: Vec<_> = listed(doc, item)
                    .into_iter()
                    .filter(|(_, _, p)| in_and_name(p).0 == "body")
                    .collect();
                let &(i, entry, _) = bodies.get(1)?;
                Some((
                    entry.range(),
                    entry_pointer(&pointer, i),
                    format!("The path '{}' contains multiple parameters in the location 'body', at most one is allowed.", key.name.as_str()),
                ))
            })
            .collect();
        cx.report_all(&Self::META, doc.file, found);
    }
}

/// Whether each template variable of `path` sits within one segment, with its own braces: no
/// lone `{` or `}`, no brace inside a variable, no empty variable.
fn template_is_valid(path: &str) -> bool {
    path.split('/').all(|segment| {
        let mut open: Option<usize> = None;
        for (i, c) in segment.char_indices() {
            match (c, open) {
                ('{', None) => open = Some(i),
                ('}', Some(start)) if i > start + 1 => open = None,
                ('{' | '}', _) => return false,
                _ => {}
            }
        }
        open.is_none()
    })
}

declare_rule! {
    /// ## What it does
    /// Reports a path whose braces do not each enclose one template variable within one segment:
    /// `/files/{path/name}`, `/tasks/{id`, `/a}b`, `/{}`.
    ///
    /// ## Why is this bad?
    /// The platform cannot tell the variables from the static text. The validator rejects the file
    /// with OperationPathTemplateNotValid.
    ///
    /// ## Example
    /// ```json
    /// { "paths": { "/files/{folder/name}": { } } }
    /// ```
    ///
    /// Use instead: `/files/{folder}/{name}`.
    pub SwgPathTemplate {
        id: "swg-path-template",
        category: Operation,
        level: Error,
        summary: "Path template variable spans segments, or a brace is unmatched",
        validator: "OperationPathTemplateNotValid",
    }
}

impl Rule for SwgPathTemplate {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_path_keys(cx, &Self::META, |path| {
            (!template_is_valid(path)).then(|| {
                "The path is not valid, each path template variable enclosed by '{' and '}' characters must be contained within a single URL segment. Individual '{' or '}' characters which are not enclosing a path template variable must be URL encoded.".to_string()
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a path that another path of the swagger repeats in another case
    /// (`/Tasks` and `/tasks`), on the later one.
    ///
    /// ## Why is this bad?
    /// Routing compares paths without regard to case, so one of them is never reached. The
    /// validator rejects the file with PathRedefined.
    ///
    /// ## Example
    /// ```json
    /// { "paths": { "/tasks": { "get": { } }, "/Tasks": { "post": { } } } }
    /// ```
    ///
    /// Use instead: one path item, `/tasks`, with both operations.
    pub SwgPathCaseDup {
        id: "swg-path-case-dup",
        category: Operation,
        level: Error,
        summary: "Path is defined twice with different capitalization",
        validator: "PathRedefined",
    }
}

impl Rule for SwgPathCaseDup {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let mut seen = HashSet::new();
        check_path_keys(cx, &Self::META, |path| {
            (!seen.insert(path.to_lowercase())).then(|| {
                format!("The path '{path}' is defined multiple times with different capitalization. Paths must be unique when compared case-insensitively.")
            })
        });
    }
}

/// A path segment as routing sees it: a variable alone, or text (lower-cased, with each variable
/// written `{}`).
#[derive(Debug, PartialEq, Eq, Hash, Clone)]
enum Segment {
    Variable,
    Text(String),
}

/// A trailing `/` is a segment of its own: merged certified connectors tell `/messages` and
/// `/messages/` apart (7 of them in the corpus), so the validator accepts it.
fn segments(path: &str) -> Vec<Segment> {
    path.split('/')
        .map(|s| {
            let vars = template_variables(s);
            if vars.len() == 1 && s.starts_with('{') && s.ends_with('}') {
                return Segment::Variable;
            }
            let mut text = s.to_lowercase();
            for v in vars {
                text = text.replacen(&format!("{{{}}}", v.to_lowercase()), "{}", 1);
            }
            Segment::Text(text)
        })
        .collect()
}

/// How the paths of two operations of one method compare for routing.
#[derive(PartialEq, Clone, Copy, Debug)]
enum Overlap {
    /// The same segments, variables in the same places: no request tells them apart.
    Full,
    /// A variable of one stands where the other has static text, and the rest match.
    Partial,
}

/// The paths of one method's operations as a tree of segments: an operation's path ends at a
/// node. Finding the paths one path overlaps walks the tree once, along its own segments (and,
/// where it has a variable, into each static child), so the cost follows the overlaps there are,
/// not the square of the number of operations.
#[derive(Default)]
struct Routes {
    nodes: Vec<RouteNode>,
}

#[derive(Default)]
struct RouteNode {
    children: HashMap<Segment, usize>,
    /// The operations (indices into the structure's operations) whose path ends here.
    ends: Vec<usize>,
}

impl Routes {
    fn insert(&mut self, segs: &[Segment], op: usize) {
        if self.nodes.is_empty() {
            self.nodes.push(RouteNode::default());
        }
        let mut at = 0;
        for s in segs {
            at = match self.nodes[at].children.get(s) {
                Some(&next) => next,
                None => {
                    self.nodes.push(RouteNode::default());
                    let next = self.nodes.len() - 1;
                    self.nodes[at].children.insert(s.clone(), next);
                    next
                }
            };
        }
        self.nodes[at].ends.push(op);
    }

    /// Each operation whose path overlaps `segs`, with how (itself included, as `Full`).
    fn overlapping(&self, segs: &[Segment], out: &mut Vec<(usize, Overlap)>) {
        if !self.nodes.is_empty() {
            self.walk(0, segs, Overlap::Full, out);
        }
    }

    fn walk(&self, at: usize, segs: &[Segment], how: Overlap, out: &mut Vec<(usize, Overlap)>) {
        let node = &self.nodes[at];
        let Some((first, rest)) = segs.split_first() else {
            out.extend(node.ends.iter().map(|&op| (op, how)));
            return;
        };
        match first {
            Segment::Text(_) => {
                if let Some(&next) = node.children.get(first) {
                    self.walk(next, rest, how, out);
                }
                if let Some(&next) = node.children.get(&Segment::Variable) {
                    self.walk(next, rest, Overlap::Partial, out);
                }
            }
            Segment::Variable => {
                for (seg, &next) in &node.children {
                    let how = match seg {
                        Segment::Variable => how,
                        Segment::Text(_) => Overlap::Partial,
                    };
                    self.walk(next, rest, how, out);
                }
            }
        }
    }
}

/// Report, as `meta`, what `f` says of each operation and the other operations of its method
/// whose paths overlap its own as `kind` (in source order). Paths that repeat another in another
/// case are left to `swg-path-case-dup`.
fn check_overlaps(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    kind: Overlap,
    f: impl Fn(&Operation<'_, '_>, &[&Operation<'_, '_>]) -> Option<String>,
) {
    let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
        return;
    };
    let segs: Vec<Vec<Segment>> = s.operations.iter().map(|op| segments(op.path)).collect();
    let mut routes: HashMap<&str, Routes> = HashMap::new();
    for (i, op) in s.operations.iter().enumerate() {
        routes.entry(op.verb).or_default().insert(&segs[i], i);
    }
    let lower: Vec<String> = s
        .operations
        .iter()
        .map(|op| op.path.to_lowercase())
        .collect();
    let mut found: Vec<Finding> = Vec::new();
    let mut hits = Vec::new();
    for (i, op) in s.operations.iter().enumerate() {
        hits.clear();
        routes[op.verb].overlapping(&segs[i], &mut hits);
        let mut others: Vec<usize> = hits
            .iter()
            .filter(|&&(j, how)| {
                j != i && how == kind && (kind == Overlap::Partial || j < i) && lower[j] != lower[i]
            })
            .map(|&(j, _)| j)
            .collect();
        if others.is_empty() {
            continue;
        }
        others.sort_unstable();
        others.dedup();
        let others: Vec<&Operation<'_, '_>> = others.iter().map(|&j| &s.operations[j]).collect();
        if let Some(message) = f(op, &others) {
            found.push((op.key.clone(), op.pointer.clone(), message));
        }
    }
    cx.report_all(meta, doc.file, found);
}

declare_rule! {
    /// ## What it does
    /// Reports two operations of one method whose paths differ only in the names of their
    /// template variables (`/tasks/{id}` and `/tasks/{taskId}`), on the later one.
    ///
    /// ## Why is this bad?
    /// No request can tell them apart, so one is never reached. The validator rejects the file
    /// with DuplicateOperationPath.
    ///
    /// ## Example
    /// `GET /tasks/{id}` and `GET /tasks/{taskId}`.
    ///
    /// Use instead: one operation, or a static segment that differs (`/tasks/{id}/details`).
    pub SwgDuplicatePath {
        id: "swg-duplicate-path",
        category: Operation,
        level: Error,
        summary: "Two operations have paths no request can tell apart",
        validator: "DuplicateOperationPath",
    }
}

impl Rule for SwgDuplicatePath {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_overlaps(cx, &Self::META, Overlap::Full, |op, others| {
            let first = others[0];
            Some(format!("The operations '{}' and '{}' have the path templates '{}' and '{}' which are duplicate and indistinguishable. They need to have a difference in static path segments for a deterministic routing.", first.name(), op.name(), first.path, op.path))
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation whose path matches another operation's of the same method where one
    /// has a template variable and the other static text (`/tasks/{id}` and `/tasks/count`).
    /// Each operation involved is reported, with the paths it overlaps.
    ///
    /// Merged certified connectors have such paths (68 in the corpus); the validator warns.
    ///
    /// ## Why is this bad?
    /// A request for `/tasks/count` can be routed to the operation for `/tasks/{id}` when the
    /// service's routing prefers it, and an id equal to `count` can never be fetched. The
    /// validator warns with PartialDuplicateOperationPath.
    ///
    /// ## Example
    /// `GET /tasks/{id}` and `GET /tasks/count`.
    ///
    /// Use instead: paths that differ in a static segment, `/tasks/items/{id}` and `/tasks/count`.
    pub SwgPartialDuplicatePath {
        id: "swg-partial-duplicate-path",
        category: Operation,
        level: Warning,
        summary: "Path overlaps another operation's where a variable meets static text",
        validator: "PartialDuplicateOperationPath",
    }
}

impl Rule for SwgPartialDuplicatePath {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_overlaps(cx, &Self::META, Overlap::Partial, |op, others| {
            let list: Vec<&str> = others.iter().map(|o| o.path).collect();
            Some(format!("The operation '{}' has the path template '{}' which is similar to other operation path templates, this can lead to an unexpected routing to a different operation in case an input path parameter value matches to a static value segment. It is better to have unconditional routing in all cases. Partially duplicated paths are: {}", op.name(), op.path, list.join(", ")))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{segments, Overlap, Routes};
    use crate::swagger::template_variables;

    #[test]
    fn routes_find_full_and_partial_overlaps() {
        let paths = [
            "/tasks/{id}",
            "/tasks/count",
            "/tasks/{taskId}",
            "/tasks/{id}/x",
            "/tasks/{id}/",
            "/lists/{id}",
            "/tasks/a{id}",
        ];
        let mut routes = Routes::default();
        for (i, p) in paths.iter().enumerate() {
            routes.insert(&segments(p), i);
        }
        let of = |i: usize| {
            let mut out = Vec::new();
            routes.overlapping(&segments(paths[i]), &mut out);
            out.sort_by_key(|&(j, _)| j);
            out
        };
        // A trailing slash is a segment of its own; "a{id}" is text with a variable, which a
        // variable overlaps in part.
        assert!(
            of(0)
                == vec![
                    (0, Overlap::Full),
                    (1, Overlap::Partial),
                    (2, Overlap::Full),
                    (6, Overlap::Partial)
                ]
        );
        assert!(
            of(1)
                == vec![
                    (0, Overlap::Partial),
                    (1, Overlap::Full),
                    (2, Overlap::Partial)
                ]
        );
        assert!(of(3) == vec![(3, Overlap::Full)]);
    }

    #[test]
    fn template_variables_between_braces() {
        assert_eq!(template_variables("/a/{x}/b/{y=1}/c{z}"), ["x", "y=1", "z"]);
        assert!(template_variables("/a/{unclosed").is_empty());
    }
}
