//! OAuth and security (RULES.md §9, §10.7) and the operation ids apiProperties names.

use super::{declare_rule, Ctx, Finding, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, FileId, Fix};
use crate::json::{as_obj, get, get_arr, get_obj, get_str, push_index, push_token, Object, Value};
use crate::source::FileKind;

/// The connection parameters of apiProperties, with their pointers: every `connectionParameters`
/// entry and every parameter of every `connectionParameterSets` value.
pub(super) fn connection_parameters<'c>(
    cx: &Ctx<'c, '_>,
) -> Option<(FileId, Vec<(String, &'c crate::json::ObjectProp<'c>)>)> {
    let doc = cx.connector.api_properties?;
    let props = get_obj(as_obj(&doc.root)?, "properties")?;
    let mut out = Vec::new();
    let mut collect = |params: &'c Object<'c>, base: &str| {
        for p in &params.properties {
            let mut pointer = base.to_string();
            push_token(&mut pointer, p.name.as_str());
            out.push((pointer, p));
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

/// The `oAuthSettings` objects of apiProperties, with their pointers (see
/// [`connection_parameters`]).
pub(super) fn oauth_settings<'c>(
    cx: &Ctx<'c, '_>,
) -> Option<(FileId, Vec<(String, &'c Object<'c>)>)> {
    let (file, params) = connection_parameters(cx)?;
    let settings = params
        .into_iter()
        .filter_map(|(pointer, p)| {
            let settings = as_obj(&p.value).and_then(|o| get_obj(o, "oAuthSettings"))?;
            Some((format!("{pointer}/oAuthSettings"), settings))
        })
        .collect();
    Some((file, settings))
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
            crate::secrets::looks_like_secret(&s.value).then(|| {
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
        let out: Vec<Finding> = requirements(root, s)
            .into_iter()
            .filter(|(p, _)| defined.is_none_or(|d| get(d, p.name.as_str()).is_none()))
            .map(|(p, pointer)| {
                (
                    p.name.range(),
                    pointer,
                    format!(
                        "The security requirement '{}' is not defined in the 'securityDefinitions' object.",
                        p.name.as_str()
                    ),
                )
            })
            .collect();
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

/// The types a connection parameter may have (paconn's schema).
const CONNECTION_PARAMETER_TYPES: [&str; 6] = [
    "string",
    "securestring",
    "int",
    "bool",
    "gatewaySetting",
    "oauthSetting",
];

/// A name paconn's schema allows for a connection parameter: letters, digits and `_`, with one
/// `:` between two such parts (`token:TenantId`).
fn is_connection_parameter_name(name: &str) -> bool {
    let part = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    match name.split_once(':') {
        Some((a, b)) => part(a) && part(b),
        None => part(name),
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a connection parameter (in `connectionParameters` or a parameter set) whose name
    /// has a character other than letters, digits and `_` (one `:` may join two such parts, as
    /// in `token:TenantId`), or whose `type` is none of `string`, `securestring`, `int`, `bool`,
    /// `gatewaySetting` and `oauthSetting`.
    ///
    /// ## Why is this bad?
    /// paconn's schema for apiProperties.json (`schemas/paconn-apiProperties.schema.json`)
    /// allows only those names and types: the connection's parameters are referred to by name
    /// (`@connectionParameters('name')`) in policies and scripts. A warning: the schema is the
    /// only source, and two merged certified connectors break it (a hyphen in a name, the type
    /// `oAuthSetting` in the wrong case, merged in 2024), so the validator lets them through.
    ///
    /// ## Example
    /// ```json
    /// { "properties": { "connectionParameters": { "api-key": { "type": "secureString" } } } }
    /// ```
    ///
    /// Use instead: `{ "api_key": { "type": "securestring" } }`. The fix writes a type given in
    /// the wrong case as the schema does; a name is the author's to choose.
    pub ConnParamName {
        id: "conn-param-name",
        category: Security,
        level: Warning,
        summary: "Connection parameter with a name or type paconn's schema does not allow",
        fix: Safe,
    }
}

impl Rule for ConnParamName {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some((file, params)) = connection_parameters(cx) else {
            return;
        };
        let (mut out, mut fixed) = (Vec::new(), Vec::new());
        for (pointer, p) in params {
            let name = p.name.as_str();
            if !is_connection_parameter_name(name) {
                out.push((
                    p.name.range(),
                    pointer.clone(),
                    format!("The connection parameter name '{name}' is not valid: use letters, digits and '_' only, with one ':' between two parts at most."),
                ));
            }
            let Some(ty) = as_obj(&p.value).and_then(|o| get_str(o, "type")) else {
                continue;
            };
            if !CONNECTION_PARAMETER_TYPES.contains(&ty.value.as_ref()) {
                let meant = CONNECTION_PARAMETER_TYPES
                    .iter()
                    .find(|t| t.eq_ignore_ascii_case(&ty.value));
                let d = Diagnostic::new(
                    &Self::META,
                    file,
                    ty.range(),
                    format!("{pointer}/type"),
                    format!(
                        "The connection parameter type '{}' is not valid: it must be one of {}.{}",
                        ty.value,
                        CONNECTION_PARAMETER_TYPES.join(", "),
                        meant
                            .map(|t| format!(" Did you mean '{t}'?"))
                            .unwrap_or_default()
                    ),
                );
                fixed.push(d.with_fix_if(meant.map(|t| {
                    Fix::replace(format!("Write '{t}'"), ty.range(), format!("\"{t}\""))
                })));
            }
        }
        cx.report_all(&Self::META, file, out);
        for d in fixed {
            cx.report(d);
        }
    }
}

/// The `uiDefinition` values paconn's schema fixes for the `token:TenantId` claim.
const TENANT_DISPLAY_NAME: &str = "Tenant";
const TENANT_DESCRIPTION: &str = "The tenant ID of for the Azure Active Directory application";

declare_rule! {
    /// ## What it does
    /// Reports a `token:TenantId` connection parameter (of `connectionParameters`; a parameter
    /// set may ask users for their tenant on purpose) that is not the fixed claim of paconn's
    /// schema: `type` `string`, `metadata` `{ "sourceType": "AzureActiveDirectoryTenant" }`, a
    /// `uiDefinition` whose `constraints` are `{ "hidden": "true", "required": "false" }`, and,
    /// when given, the `displayName` "Tenant" and the `description` "The tenant ID of for the
    /// Azure Active Directory application" (the schema's wording).
    ///
    /// ## Why is this bad?
    /// The platform fills the claim from the signed-in user's tenant; a visible or required
    /// tenant field asks users for something they cannot know. Every `connectionParameters`
    /// claim of the corpus follows the schema. A note: the schema is the only source, and it is
    /// out of date elsewhere.
    ///
    /// ## Example
    /// ```json
    /// { "token:TenantId": { "type": "string", "metadata": { "sourceType": "AzureActiveDirectoryTenant" },
    ///     "uiDefinition": { "displayName": "Tenant ID", "constraints": { "hidden": "false" } } } }
    /// ```
    ///
    /// Use instead: `"uiDefinition": { "constraints": { "hidden": "true", "required": "false" } }`.
    pub ConnTenantClaim {
        id: "conn-tenant-claim",
        category: Security,
        level: Note,
        summary: "token:TenantId parameter that is not the fixed hidden claim",
    }
}

impl Rule for ConnTenantClaim {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some((file, params)) = connection_parameters(cx) else {
            return;
        };
        let mut out = Vec::new();
        for (pointer, p) in params {
            // The schema's claim is a connection parameter's; a parameter set may ask for the
            // tenant on purpose (an app of the user's own, a service principal).
            if p.name.as_str() != "token:TenantId"
                || !pointer.starts_with("/properties/connectionParameters/")
            {
                continue;
            }
            let Some(claim) = as_obj(&p.value) else {
                continue;
            };
            let mut wrong: Vec<(std::ops::Range<usize>, String, &str)> = Vec::new();
            match get_str(claim, "type") {
                Some(t) if t.value == "string" => {}
                Some(t) => wrong.push((
                    t.range(),
                    format!("{pointer}/type"),
                    "'type' must be 'string'",
                )),
                None => wrong.push((p.name.range(), pointer.clone(), "'type' must be 'string'")),
            }
            let source = get_obj(claim, "metadata").and_then(|m| get_str(m, "sourceType"));
            if source.is_none_or(|s| s.value != "AzureActiveDirectoryTenant") {
                wrong.push((
                    p.name.range(),
                    pointer.clone(),
                    "'metadata' must be { \"sourceType\": \"AzureActiveDirectoryTenant\" }",
                ));
            }
            let ui = get_obj(claim, "uiDefinition");
            let flag = |k: &str| {
                ui.and_then(|u| get_obj(u, "constraints"))
                    .and_then(|c| get_str(c, k))
                    .map(|v| v.value.to_ascii_lowercase())
            };
            if flag("hidden").as_deref() != Some("true")
                || flag("required").as_deref() == Some("true")
            {
                wrong.push((
                    p.name.range(),
                    pointer.clone(),
                    "its 'uiDefinition' 'constraints' must be { \"hidden\": \"true\", \"required\": \"false\" }",
                ));
            }
            for (key, fixed) in [
                ("displayName", TENANT_DISPLAY_NAME),
                ("description", TENANT_DESCRIPTION),
            ] {
                if let Some(v) = ui
                    .and_then(|u| get_str(u, key))
                    .filter(|v| v.value != fixed)
                {
                    wrong.push((
                        v.range(),
                        format!("{pointer}/uiDefinition/{key}"),
                        if key == "displayName" {
                            "its 'displayName', if given, must be 'Tenant'"
                        } else {
                            "its 'description', if given, must be the schema's fixed text"
                        },
                    ));
                }
            }
            out.extend(wrong.into_iter().map(|(span, at, what)| {
                (
                    span,
                    at,
                    format!("The 'token:TenantId' claim is filled by the platform: {what}."),
                )
            }));
        }
        cx.report_all(&Self::META, file, out);
    }
}

/// Where OAuth redirects go: the per-connector URL has the connector's name after it.
const REDIRECT_URL: &str = "https://global.consent.azure-apim.net/redirect";

declare_rule! {
    /// ## What it does
    /// Reports an `oAuthSettings` `redirectUrl` that is not on
    /// `https://global.consent.azure-apim.net/redirect` (the per-connector form adds
    /// `/<connector-name>`), or that is not a string.
    ///
    /// ## Why is this bad?
    /// The platform's consent service receives the OAuth redirect there; an identity provider
    /// configured with another URL refuses the sign-in. Regional hosts
    /// (`europe-001.consent.azure-apim.net`) served older connectors, and five merged certified
    /// connectors still name one, or a URL of their own. A note: the platform fills the URL in
    /// for most connectors, so the field is often informational.
    ///
    /// ## Example
    /// ```json
    /// { "oAuthSettings": { "redirectUrl": "https://europe-001.consent.azure-apim.net/redirect" } }
    /// ```
    ///
    /// Use instead: `"redirectUrl": "https://global.consent.azure-apim.net/redirect"`.
    pub OauthRedirectUrlHost {
        id: "oauth-redirect-url-host",
        category: Security,
        level: Note,
        summary: "OAuth redirect URL not on global.consent.azure-apim.net",
    }
}

impl Rule for OauthRedirectUrlHost {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_oauth(cx, &Self::META, |o, p| {
            let v = get(o, "redirectUrl")?;
            let fine = match v {
                Value::StringLit(s) => {
                    s.value
                        .get(..REDIRECT_URL.len())
                        .is_some_and(|h| h.eq_ignore_ascii_case(REDIRECT_URL))
                        && matches!(
                            s.value.as_bytes().get(REDIRECT_URL.len()),
                            None | Some(b'/')
                        )
                }
                Value::NullKeyword(_) => true,
                _ => false,
            };
            (!fine).then(|| {
                (
                    v.range(),
                    format!("{p}/redirectUrl"),
                    format!("The OAuth redirect URL must be on '{REDIRECT_URL}' (the per-connector URL adds '/' and the connector's name)."),
                )
            })
        });
    }
}
/// Every security requirement of the swagger (the root `security` and each operation's): the
/// scheme's name, its value, and the pointer of the requirement's entry.
fn requirements<'j, 'a>(
    root: &'j Object<'a>,
    s: &crate::swagger::Structure<'j, 'a>,
) -> Vec<(&'j crate::json::ObjectProp<'a>, String)> {
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
                let mut pointer = base.clone();
                push_index(&mut pointer, i);
                push_token(&mut pointer, p.name.as_str());
                out.push((p, pointer));
            }
        }
    }
    out
}

/// What `f` finds in each security requirement of the swagger, given the scheme it names (a
/// requirement whose scheme `securityDefinitions` lacks is `sec-req-defined`'s finding).
fn requirement_findings(
    cx: &Ctx<'_, '_>,
    f: impl Fn(&crate::json::ObjectProp<'_>, &Object<'_>, &str) -> Vec<Finding>,
) -> Vec<Finding> {
    let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
        return Vec::new();
    };
    let Some(root) = as_obj(&doc.root) else {
        return Vec::new();
    };
    let defined = get_obj(root, "securityDefinitions");
    requirements(root, s)
        .into_iter()
        .flat_map(
            |(p, pointer)| match defined.and_then(|d| get_obj(d, p.name.as_str())) {
                Some(scheme) => f(p, scheme, &pointer),
                None => Vec::new(),
            },
        )
        .collect()
}

declare_rule! {
    /// ## What it does
    /// Reports a security requirement whose value is not a list of scopes, and a requirement of a
    /// `basic` or `apiKey` scheme that lists scopes.
    ///
    /// ## Why is this bad?
    /// A requirement's value is the list of OAuth scopes the operation needs: empty for schemes
    /// without scopes. The validator rejects the file with SecurityRequirementMustHaveValue ("The
    /// security requirement '{0}' must have have a value. Provide an empty array if no OAuth
    /// scopes are required.", its wording) and SecurityRequirementMustHaveEmptyValue. No merged
    /// connector of the corpus has either.
    ///
    /// ## Example
    /// ```json
    /// { "securityDefinitions": { "api_key": { "type": "apiKey", "name": "X-Key", "in": "header" } },
    ///   "security": [ { "api_key": ["read"] } ] }
    /// ```
    ///
    /// Use instead: `"security": [ { "api_key": [] } ]`. The fix writes that empty list.
    pub SecReqScopes {
        id: "sec-req-scopes",
        category: Security,
        level: Error,
        summary: "Security requirement without a scope list, or with scopes its scheme cannot have",
        validator: "SecurityRequirementMustHaveValue",
        fix: Safe,
    }
}

impl Rule for SecReqScopes {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(file) = cx.connector.swagger.map(|d| d.file) else {
            return;
        };
        let found = requirement_findings(cx, |p, scheme, pointer| {
            let name = p.name.as_str();
            let scopes = match &p.value {
                Value::Array(a) => a,
                other => {
                    return vec![(
                        other.range(),
                        pointer.to_string(),
                        format!("The security requirement '{name}' must have have a value. Provide an empty array if no OAuth scopes are required."),
                    )]
                }
            };
            let oauth = get_str(scheme, "type").is_some_and(|t| t.value == "oauth2");
            if oauth || scopes.elements.is_empty() {
                return Vec::new();
            }
            vec![(
                scopes.range.clone(),
                pointer.to_string(),
                format!("The security requirement '{name}' cannot specify any scopes, an empty array should be provided."),
            )]
        });
        for (span, pointer, message) in found {
            let fix = Fix::replace("Give an empty list of scopes", span.clone(), "[]");
            cx.report(Diagnostic::new(&Self::META, file, span, pointer, message).with_fix(fix));
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a scope of an OAuth security requirement that the scheme's `scopes` in
    /// `securityDefinitions` does not name. A requirement lists scope *names* (the keys of
    /// `scopes`), not their descriptions.
    ///
    /// ## Why is this bad?
    /// The validator lists OAuthSecurityRequirementValueMustBeScopeName among its errors, but
    /// lets it through: four merged certified connectors have one, among them Teams-Spirit,
    /// whose requirement names the scope's description and which was updated in March 2023
    /// with it (`../shared/history`, pair 138). A warning, then: the connection's scopes come
    /// from apiProperties.json, so nothing breaks, but the swagger contradicts itself.
    ///
    /// ## Example
    /// ```json
    /// { "securityDefinitions": { "oauth2_auth": { "type": "oauth2", "flow": "accessCode",
    ///     "authorizationUrl": "https://login.contoso.com/authorize",
    ///     "tokenUrl": "https://login.contoso.com/token", "scopes": { "api": "API" } } },
    ///   "security": [ { "oauth2_auth": ["API"] } ] }
    /// ```
    ///
    /// Use instead: `"security": [ { "oauth2_auth": ["api"] } ]`.
    pub SecReqScopeUndefined {
        id: "sec-req-scope-undefined",
        category: Security,
        level: Warning,
        summary: "OAuth security requirement names a scope its scheme does not define",
        validator: "OAuthSecurityRequirementValueMustBeScopeName",
    }
}

impl Rule for SecReqScopeUndefined {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(file) = cx.connector.swagger.map(|d| d.file) else {
            return;
        };
        let found = requirement_findings(cx, |p, scheme, pointer| {
            let name = p.name.as_str();
            let (Value::Array(a), true) = (
                &p.value,
                get_str(scheme, "type").is_some_and(|t| t.value == "oauth2"),
            ) else {
                return Vec::new();
            };
            let scopes = get_obj(scheme, "scopes");
            a.elements
                .iter()
                .enumerate()
                .filter_map(|(i, e)| {
                    let Value::StringLit(scope) = e else {
                        return None;
                    };
                    if scopes.is_some_and(|s| get(s, &scope.value).is_some()) {
                        return None;
                    }
                    let mut at = pointer.to_string();
                    push_index(&mut at, i);
                    Some((
                        scope.range(),
                        at,
                        format!("The OAuth security requirement '{name}' refers to scope name '{}', but this is not defined in the 'securityDefinitions' object.", scope.value),
                    ))
                })
                .collect()
        });
        cx.report_all(&Self::META, file, found);
    }
}

/// The properties a security scheme of each type may have, besides `x-` extensions.
fn scheme_properties(ty: &str) -> Option<&'static [&'static str]> {
    Some(match ty {
        "basic" => &["type", "description"],
        "apiKey" => &["type", "description", "name", "in"],
        "oauth2" => &[
            "type",
            "description",
            "flow",
            "authorizationUrl",
            "tokenUrl",
            "scopes",
        ],
        _ => return None,
    })
}

/// The properties a security scheme must have, by type and, for OAuth, by flow (Swagger 2.0's
/// Security Scheme Object).
fn required_scheme_properties(ty: &str, flow: Option<&str>) -> &'static [&'static str] {
    match (ty, flow) {
        ("apiKey", _) => &["name", "in"],
        ("oauth2", Some("implicit")) => &["flow", "authorizationUrl", "scopes"],
        ("oauth2", Some("password" | "application")) => &["flow", "tokenUrl", "scopes"],
        ("oauth2", Some("accessCode")) => &["flow", "authorizationUrl", "tokenUrl", "scopes"],
        ("oauth2", _) => &["flow", "scopes"],
        _ => &[],
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a property of a security scheme that its type does not have (`in` on an
    /// `oauth2` scheme, `flow` on `basic`), and a property its type requires that is missing:
    /// `name` and `in` for `apiKey`; `flow` and `scopes` for `oauth2`, with `authorizationUrl`
    /// for the `implicit` and `accessCode` flows and `tokenUrl` for `password`, `application`
    /// and `accessCode` (Swagger 2.0's Security Scheme Object). `x-` extensions are allowed.
    ///
    /// ## Why is this bad?
    /// The validator rejects the file with SecuritySchemePropertyNotValid and
    /// SecuritySchemePropertyRequired. One merged certified connector (OrbusInfinity) has an
    /// `implicit` scheme without `scopes`; none has a property its type does not allow.
    ///
    /// ## Example
    /// ```json
    /// { "api_key": { "type": "apiKey", "name": "X-Key", "flow": "implicit" } }
    /// ```
    ///
    /// Use instead: `{ "type": "apiKey", "name": "X-Key", "in": "header" }`.
    pub SecSchemeProps {
        id: "sec-scheme-props",
        category: Security,
        level: Error,
        summary: "Security scheme with a property its type does not have, or without one it needs",
        validator: "SecuritySchemePropertyNotValid",
    }
}

impl Rule for SecSchemeProps {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(doc) = cx.connector.swagger else {
            return;
        };
        let Some(defs) = as_obj(&doc.root).and_then(|r| get_obj(r, "securityDefinitions")) else {
            return;
        };
        let mut out = Vec::new();
        for def in &defs.properties {
            let Some(scheme) = as_obj(&def.value) else {
                continue;
            };
            let Some(ty) = get_str(scheme, "type").map(|t| t.value.as_ref()) else {
                continue; // a missing or odd type is swg-required-missing's or swg-json-enum's
            };
            let Some(allowed) = scheme_properties(ty) else {
                continue;
            };
            let mut base = String::from("/securityDefinitions");
            push_token(&mut base, def.name.as_str());
            for p in &scheme.properties {
                let k = p.name.as_str();
                if allowed.contains(&k) || k.starts_with("x-") {
                    continue;
                }
                let mut at = base.clone();
                push_token(&mut at, k);
                out.push((
                    p.name.range(),
                    at,
                    format!("The security definition property '{k}' is not valid for definitions of type '{ty}'."),
                ));
            }
            let flow = get_str(scheme, "flow").map(|f| f.value.as_ref());
            for k in required_scheme_properties(ty, flow) {
                if get(scheme, k).is_none() {
                    out.push((
                        def.name.range(),
                        base.clone(),
                        format!("The security definition property '{k}' is required for definitions of type '{ty}'."),
                    ));
                }
            }
        }
        cx.report_all(&Self::META, doc.file, out);
    }
}

/// Report, as `meta`, the secrets of each file of `kinds` (see [`crate::secrets`]), but not an
/// OAuth `clientSecret` of apiProperties.json, which is `oauth-no-secret`'s.
fn report_secrets(cx: &mut Ctx<'_, '_>, meta: &'static RuleMeta, kinds: &[FileKind]) {
    let mut out = Vec::new();
    for kind in kinds {
        let Some((file, f)) = cx.connector.file(*kind) else {
            continue;
        };
        if !f.readable {
            continue;
        }
        let doc = match kind {
            FileKind::Swagger => cx.connector.swagger,
            FileKind::ApiProperties => cx.connector.api_properties,
            FileKind::Settings => cx.connector.settings_json,
            _ => None,
        };
        for s in crate::secrets::find(&f.text) {
            let client_secret = s.labelled && s.what.to_ascii_lowercase().contains("clientsecret");
            if *kind == FileKind::ApiProperties && client_secret {
                continue;
            }
            let pointer = doc.map_or(String::new(), |d| {
                crate::json::pointer_at(&d.root, s.span.start)
            });
            out.push(Diagnostic::new(
                meta,
                file,
                s.span,
                pointer,
                format!("This looks like {}, a real secret: the files are public once submitted. Replace it with a dummy value, and revoke it.", s.what),
            ));
        }
    }
    for d in out {
        cx.report(d);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a key, token or secret written into the swagger, apiProperties.json or
    /// settings.json: a token of a well-known format (an AWS access key, a GitHub or Slack
    /// token, a Google API key, a private key, an Azure storage key or AD client secret, a
    /// Stripe live key, a JSON Web Token), or a value that looks like a secret (16 characters or
    /// more, no spaces, three kinds of characters, no dummy word) after a label that names one
    /// (`"apiKey": "…"`, `password=…`). An OAuth `clientSecret` of apiProperties.json is
    /// `oauth-no-secret`'s. The readme has `readme-no-secrets`.
    ///
    /// ## Why is this bad?
    /// "No real client IDs, client secrets or keys in any file; use dummy values clearly marked
    /// as such" (the connectors repository). The files are public once the pull request is
    /// open, so a leaked secret must be revoked. No merged connector of the corpus has one.
    ///
    /// ## Example
    /// ```json
    /// { "name": "api_key", "in": "header", "type": "string", "x-ms-test-value": "AKIAI44QH8DHBF3KP2XY" }
    /// ```
    ///
    /// Use instead: leave the value out, or write a dummy one (`"[[DUMMY]]"`).
    pub MetaNoSecrets {
        id: "meta-no-secrets",
        category: Security,
        level: Error,
        summary: "A key or secret written into the connector's files",
    }
}

impl Rule for MetaNoSecrets {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        report_secrets(
            cx,
            &Self::META,
            &[
                FileKind::Swagger,
                FileKind::ApiProperties,
                FileKind::Settings,
            ],
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a key, token or secret in the readme, found as `meta-no-secrets` finds them in
    /// the other files: a token of a well-known format, or a secret-looking value after a label
    /// that names one (`Client secret: …`).
    ///
    /// ## Why is this bad?
    /// "No keys or secrets in the readme" (the connectors repository): the readme is published
    /// on the documentation site. A leaked secret must be revoked.
    ///
    /// ## Example
    /// ```markdown
    /// Use the API key `AKIAI44QH8DHBF3KP2XY` to try the connector.
    /// ```
    ///
    /// Use instead: tell the reader where to get their own key.
    pub ReadmeNoSecrets {
        id: "readme-no-secrets",
        category: Readme,
        level: Error,
        summary: "A key or secret in readme.md",
    }
}

impl Rule for ReadmeNoSecrets {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        report_secrets(cx, &Self::META, &[FileKind::Readme]);
    }
}
