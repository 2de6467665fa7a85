//! Path and operation-parameter rules of the Swagger Validator (RULES.md §10.1, §10.4): path
//! syntax, template variables against path parameters, and body and formData parameters.

use std::collections::HashSet;

use super::{check_operations, declare_rule, Ctx, Finding, Rule, RuleMeta};
use crate::json::{as_obj, get_obj, get_str, push_token};
use crate::swagger::{effective_parameters, template_variables, Operation};

/// Report, as `meta`, what `f` says about each path key of the swagger (span, pointer, message).
fn check_path_keys(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    f: impl Fn(&str) -> Option<String>,
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

#[cfg(test)]
mod tests {
    use crate::swagger::template_variables;

    #[test]
    fn template_variables_between_braces() {
        assert_eq!(template_variables("/a/{x}/b/{y=1}/c{z}"), ["x", "y=1", "z"]);
        assert!(template_variables("/a/{unclosed").is_empty());
    }
}
