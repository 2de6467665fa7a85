//! OAuth and security (RULES.md §9, §10.7) and the operation ids apiProperties names.

use super::{declare_rule, Ctx, Finding, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, FileId};
use crate::json::{as_obj, get, get_arr, get_obj, get_str, push_index, push_token, Object, Value};

/// The `oAuthSettings` objects of apiProperties, with their pointers: under every
/// `connectionParameters` entry and under every parameter of every `connectionParameterSets`
/// value.
pub(super) fn oauth_settings<'c>(
    cx: &Ctx<'c, '_>,
) -> Option<(FileId, Vec<(String, &'c Object<'c>)>)> {
    let doc = cx.connector.api_properties?;
    let props = get_obj(as_obj(&doc.root)?, "properties")?;
    let mut out = Vec::new();
    let mut collect = |params: &'c Object<'c>, base: &str| {
        for p in &params.properties {
            let Some(settings) = as_obj(&p.value).and_then(|o| get_obj(o, "oAuthSettings")) else {
                continue;
            };
            let mut pointer = base.to_string();
            push_token(&mut pointer, p.name.as_str());
            pointer.push_str("/oAuthSettings");
            out.push((pointer, settings));
        }
    };
    if let Some(params) = get_obj(props, "connectionParameters") {
        collect(params, "/properties/connectionParameters");
    }
    if let Some(values) =
        get_obj(props, "connectionParameterSets").and_then(|s| get_arr(s, "values"))
    {
        for (i, v) in values.elements.iter().enumerate() {
            if let Some(params) = as_obj(v).and_then(|o| get_obj(o, "parameters")) {
                let mut base = String::from("/properties/connectionParameterSets/values");
                push_index(&mut base, i);
                base.push_str("/parameters");
                collect(params, &base);
            }
        }
    }
    Some((doc.file, out))
}

/// Report, as `meta`, what `f` finds in each `oAuthSettings` object.
fn check_oauth(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    f: impl Fn(&Object<'_>, &str) -> Option<Finding>,
) {
    let Some((file, settings)) = oauth_settings(cx) else {
        return;
    };
    let found: Vec<_> = settings.iter().filter_map(|(p, o)| f(o, p)).collect();
    cx.report_all(meta, file, found);
}

declare_rule! {
    /// ## What it does
    /// Reports an OAuth connection parameter whose `redirectMode` is not `GlobalPerConnector`:
    /// the legacy `Global`, or none at all (which means `Global`). `Direct` is another mode and is
    /// not reported.
    ///
    /// ## Why is this bad?
    /// Since February 17, 2024, "any custom connector not updated to use a per-connector redirect
    /// URI stops working for new connections". The corpus still has 182 `Global` settings.
    ///
    /// ## Example
    /// ```json
    /// { "oAuthSettings": { "identityProvider": "oauth2", "redirectMode": "Global" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "oAuthSettings": { "identityProvider": "oauth2", "redirectMode": "GlobalPerConnector" } }
    /// ```
    pub OauthPerConnectorRedirect {
        id: "oauth-per-connector-redirect",
        category: Security,
        level: Warning,
        summary: "OAuth redirectMode is not GlobalPerConnector",
    }
}

impl Rule for OauthPerConnectorRedirect {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_oauth(cx, &Self::META, |o, ptr| {
            match get_str(o, "redirectMode") {
            Some(m) if m.value == "GlobalPerConnector" || m.value.eq_ignore_ascii_case("direct") => None,
            Some(m) => Some((
                m.range(),
                format!("{ptr}/redirectMode"),
                format!(
                    "The redirect mode '{}' is legacy: use \"GlobalPerConnector\", the per-connector redirect URI new connections need.",
                    m.value
                ),
            )),
            None => Some((
                o.range.start..o.range.start + 1,
                ptr.to_string(),
                "The OAuth settings have no 'redirectMode', which means the legacy global redirect URI: set \"redirectMode\": \"GlobalPerConnector\".".to_string(),
            )),
        }
        });
    }
}

/// Whether a `clientSecret` value looks like a real secret rather than a placeholder: long, no
/// spaces, several kinds of characters, and none of the usual dummy words.
pub fn looks_like_secret(s: &str) -> bool {
    let t = s.trim();
    let lower = t.to_lowercase();
    const DUMMY: [&str; 9] = [
        "dummy",
        "your",
        "secret",
        "placeholder",
        "xxx",
        "***",
        "replace",
        "example",
        "value",
    ];
    if t.len() < 16 || t.contains(char::is_whitespace) || DUMMY.iter().any(|d| lower.contains(d)) {
        return false;
    }
    let kinds = [
        t.chars().any(|c| c.is_ascii_lowercase()),
        t.chars().any(|c| c.is_ascii_uppercase()),
        t.chars().any(|c| c.is_ascii_digit()),
        t.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    kinds.iter().filter(|k| **k).count() >= 3
}

declare_rule! {
    /// ## What it does
    /// Reports an OAuth `clientSecret` that looks like a real secret: 16 characters or more, no
    /// spaces, at least three of lower case, upper case, digits and symbols, and no dummy word
    /// ("dummy", "your", "secret", "xxx", …).
    ///
    /// ## Why is this bad?
    /// The files are public once submitted: "No real client IDs, client secrets or keys in any
    /// file; use dummy values clearly marked as such." A leaked secret must be rotated.
    ///
    /// ## Example
    /// ```json
    /// { "clientSecret": "q8Z~xT3.kLw9_Vr2mQ7pN4sY" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "clientSecret": "[[DUMMY]]" }
    /// ```
    pub OauthNoSecret {
        id: "oauth-no-secret",
        category: Security,
        level: Error,
        summary: "OAuth clientSecret looks like a real secret",
    }
}

impl Rule for OauthNoSecret {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_oauth(cx, &Self::META, |o, ptr| {
            let s = get_str(o, "clientSecret")?;
            looks_like_secret(&s.value).then(|| {
                (
                    s.range(),
                    format!("{ptr}/clientSecret"),
                    "The 'clientSecret' looks like a real secret: replace it with a dummy value (and rotate the secret, since the file may have been shared).".to_string(),
                )
            })
        });
    }
}

/// The identity providers of the repository's schema.
const IDENTITY_PROVIDERS: [&str; 5] = [
    "oauth2",
    "oauth2generic",
    "aad",
    "aadcertificate",
    "facebook",
];

declare_rule! {
    /// ## What it does
    /// Reports an OAuth `identityProvider` that is not one of the repository schema's values:
    /// `oauth2`, `oauth2generic`, `aad`, `aadcertificate`, `facebook`.
    ///
    /// A note, not an error: the list is not closed (two certified connectors use `DocuSign`).
    ///
    /// ## Why is this bad?
    /// An unknown provider usually means a typo or the wrong case, and the connection cannot be
    /// created.
    ///
    /// ## Example
    /// ```json
    /// { "oAuthSettings": { "identityProvider": "OAuth2" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "oAuthSettings": { "identityProvider": "oauth2" } }
    /// ```
    pub OauthIdentityProvider {
        id: "oauth-identity-provider",
        category: Security,
        level: Note,
        summary: "OAuth identityProvider is not a known value",
    }
}

impl Rule for OauthIdentityProvider {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_oauth(cx, &Self::META, |o, ptr| {
            let p = get_str(o, "identityProvider")?;
            (!IDENTITY_PROVIDERS.contains(&p.value.as_ref())).then(|| {
                (
                    p.range(),
                    format!("{ptr}/identityProvider"),
                    format!(
                        "The identity provider '{}' is not one of {}.",
                        p.value,
                        IDENTITY_PROVIDERS.join(", ")
                    ),
                )
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a security requirement (the root `security` or an operation's) that names no
    /// scheme of `securityDefinitions`.
    ///
    /// ## Why is this bad?
    /// The platform cannot tell how to authenticate; the validator rejects the file with
    /// SecurityRequirementMustBeDefined.
    ///
    /// Level `warning`: the message is on Microsoft's list of validator errors
    /// (SecurityRequirementMustBeDefined), but the validator lets the file through. Four of the 74
    /// certified swaggers changed in 2023–2024 (`../shared/history`) passed with an undefined
    /// requirement, and 27 merged certified connectors have one. The connection's authentication
    /// comes from apiProperties.json, so the designer still works; the swagger is wrong all the
    /// same.
    ///
    /// ## Example
    /// ```json
    /// { "securityDefinitions": { "oauth2_auth": { "type": "oauth2" } }, "security": [ { "oauth2": [] } ] }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "securityDefinitions": { "oauth2_auth": { "type": "oauth2" } }, "security": [ { "oauth2_auth": [] } ] }
    /// ```
    pub SecReqDefined {
        id: "sec-req-defined",
        category: Security,
        level: Warning,
        summary: "Security requirement names no securityDefinitions entry",
        validator: "SecurityRequirementMustBeDefined",
    }
}

impl Rule for SecReqDefined {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
            return;
        };
        let Some(root) = as_obj(&doc.root) else {
            return;
        };
        let defined = get_obj(root, "securityDefinitions");
        let mut lists: Vec<(&Value<'_>, String)> = Vec::new();
        if let Some(v) = get(root, "security") {
            lists.push((v, "/security".to_string()));
        }
        for op in &s.operations {
            if let Some(v) = get(op.op, "security") {
                lists.push((v, format!("{}/security", op.pointer)));
            }
        }
        let mut out = Vec::new();
        for (v, base) in lists {
            let Value::Array(a) = v else { continue };
            for (i, req) in a.elements.iter().enumerate() {
                let Some(req) = as_obj(req) else { continue };
                for p in &req.properties {
                    let name = p.name.as_str();
                    if defined.is_some_and(|d| get(d, name).is_some()) {
                        continue;
                    }
                    let mut pointer = base.clone();
                    push_index(&mut pointer, i);
                    push_token(&mut pointer, name);
                    out.push((
                        p.name.range(),
                        pointer,
                        format!("The security requirement '{name}' is not defined in the 'securityDefinitions' object."),
                    ));
                }
            }
        }
        cx.report_all(&Self::META, doc.file, out);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation id that the connector names but the swagger does not define: in the
    /// `operationId` of an `x-ms-dynamic-values`, `-list`, `-schema`, `-properties` or of a
    /// `-tree`'s `open` and `browse` calls (an error), and in apiProperties' `scriptOperations`
    /// and the `x-ms-apimTemplate-operationName` lists of policy templates (a warning).
    ///
    /// ## Why is this bad?
    /// A dynamic list or schema that calls a missing operation never loads; the Swagger Validator
    /// rejects the file with OperationIdNotFound: "The 'operationId' could not be found in this
    /// swagger document." No merged certified connector names a missing operation there.
    ///
    /// The apiProperties findings are warnings: the message is the Swagger Validator's, but it
    /// does not read apiProperties.json, and 6 merged certified connectors name an operation
    /// their swagger lacks there. A policy or script bound to a missing operation never runs.
    ///
    /// ## Example
    /// ```json
    /// { "properties": { "scriptOperations": ["GetTask", "ListTask"] } }
    /// ```
    /// with a swagger that defines `GetTask` and `ListTasks`.
    ///
    /// Use instead: the exact operation ids, `["GetTask", "ListTasks"]`.
    pub SwgOpidNotFound {
        id: "swg-opid-not-found",
        category: Operation,
        level: Warning,
        summary: "An operationId named by a dynamic extension or apiProperties is not defined",
        validator: "OperationIdNotFound",
    }
}

/// Every operation id string of apiProperties: `scriptOperations` items and
/// `x-ms-apimTemplate-operationName` items of policy template instances, with their pointers.
fn named_operation_ids<'j, 'a>(
    props: &'j Object<'a>,
) -> Vec<(&'j crate::json::StringLit<'a>, String)> {
    let mut out = Vec::new();
    if let Some(ops) = get_arr(props, "scriptOperations") {
        for (i, v) in ops.elements.iter().enumerate() {
            if let Value::StringLit(s) = v {
                let mut p = String::from("/properties/scriptOperations");
                push_index(&mut p, i);
                out.push((s, p));
            }
        }
    }
    if let Some(instances) = get_arr(props, "policyTemplateInstances") {
        for (i, inst) in instances.elements.iter().enumerate() {
            let Some(params) = as_obj(inst).and_then(|o| get_obj(o, "parameters")) else {
                continue;
            };
            let Some(names) = get_arr(params, "x-ms-apimTemplate-operationName") else {
                continue;
            };
            for (k, v) in names.elements.iter().enumerate() {
                if let Value::StringLit(s) = v {
                    let mut p = String::from("/properties/policyTemplateInstances");
                    push_index(&mut p, i);
                    p.push_str("/parameters/x-ms-apimTemplate-operationName");
                    push_index(&mut p, k);
                    out.push((s, p));
                }
            }
        }
    }
    out
}

impl Rule for SwgOpidNotFound {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        super::dynamic::report_missing_operations(cx, &Self::META);
        let (Some(doc), Some(s)) = (cx.connector.api_properties, cx.connector.structure()) else {
            return;
        };
        let Some(props) = as_obj(&doc.root).and_then(|r| get_obj(r, "properties")) else {
            return;
        };
        let ids: Vec<&str> = s
            .operations
            .iter()
            .filter_map(|o| get_str(o.op, "operationId").map(|s| s.value.as_ref()))
            .collect();
        let missing: Vec<_> = named_operation_ids(props)
            .into_iter()
            .filter(|(name, _)| !ids.contains(&name.value.as_ref()))
            .collect();
        for (name, pointer) in missing {
            cx.report(Diagnostic::new(
                &Self::META,
                doc.file,
                name.range(),
                pointer,
                format!(
                    "The 'operationId' could not be found in this swagger document. (found '{}')",
                    name.value
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::looks_like_secret;

    #[test]
    fn secrets_and_placeholders() {
        for s in ["q8Z~xT3.kLw9_Vr2mQ7pN4sY", "AbCdEf0123456789GhIj"] {
            assert!(looks_like_secret(s), "{s}");
        }
        for s in [
            "[[DUMMY]]",
            "YOUR_CLIENT_SECRET",
            "Value-From-Your-App-Registration",
            "test",
            "short1A!",
            "xxxxxxxxxxxxxxxxxxxx",
            "my client secret value 123",
        ] {
            assert!(!looks_like_secret(s), "{s}");
        }
    }
}
