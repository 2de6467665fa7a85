//! settings.json, the file of the paconn command-line tool (RULES.md §15).

use std::ops::Range;

use super::{declare_rule, nearest_name, Ctx, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, FileId};
use crate::json::{as_obj, push_token, Object, Value};
use crate::rules::metadata::is_absolute_url;
use crate::rules::Level;

/// The keys paconn's schema allows, and `script`, which paconn's README documents.
const KNOWN_KEYS: [&str; 11] = [
    "$schema",
    "connectorId",
    "environment",
    "apiProperties",
    "apiDefinition",
    "icon",
    "script",
    "powerAppsUrl",
    "powerAppsApiVersion",
    "flowUrl",
    "flowApiVersion",
];

/// The root object of settings.json, with its file.
fn settings<'c>(cx: &Ctx<'c, '_>) -> Option<(FileId, &'c Object<'c>)> {
    let doc = cx.connector.settings_json?;
    Some((doc.file, as_obj(&doc.root)?))
}

/// Report `f`'s findings about each property of settings.json as `meta`.
fn check_settings(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    f: impl Fn(&Ctx<'_, '_>, &str, &Value<'_>) -> Option<(Range<usize>, Level, String)>,
) {
    let Some((file, root)) = settings(cx) else {
        return;
    };
    let found: Vec<_> = root
        .properties
        .iter()
        .filter_map(|p| {
            let (span, level, message) = f(cx, p.name.as_str(), &p.value)?;
            let mut pointer = String::new();
            push_token(&mut pointer, p.name.as_str());
            Some((span, pointer, level, message))
        })
        .collect();
    for (span, pointer, level, message) in found {
        cx.report(Diagnostic::new(meta, file, span, pointer, message).with_level(level));
    }
}

/// The string value of a property, if it is one.
fn string<'v>(v: &'v Value<'_>) -> Option<(&'v str, Range<usize>)> {
    match v {
        Value::StringLit(s) => Some((s.value.as_ref(), s.range())),
        _ => None,
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a key of settings.json that paconn does not know. Known: `$schema`, `connectorId`,
    /// `environment`, `apiProperties`, `apiDefinition`, `icon`, `script`, `powerAppsUrl`,
    /// `powerAppsApiVersion`, `flowUrl`, `flowApiVersion`. (`script` is documented by paconn but
    /// missing from its schema; it is accepted.)
    ///
    /// ## Why is this bad?
    /// The schema allows no other key (`additionalProperties: false`); a misspelled key is
    /// silently ignored, so paconn uses its default instead.
    ///
    /// ## Example
    /// ```json
    /// { "apiDefintion": "apiDefinition.swagger.json" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "apiDefinition": "apiDefinition.swagger.json" }
    /// ```
    pub SettingsKnownKeys {
        id: "settings-known-keys",
        category: Settings,
        level: Error,
        summary: "settings.json has a key paconn does not know",
    }
}

impl Rule for SettingsKnownKeys {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some((file, root)) = settings(cx) else {
            return;
        };
        let found: Vec<_> = root
            .properties
            .iter()
            .filter(|p| !KNOWN_KEYS.contains(&p.name.as_str()))
            .map(|p| {
                let near = nearest_name(p.name.as_str(), KNOWN_KEYS, str::to_string)
                    .map(|k| format!(": did you mean '{k}'?"))
                    .unwrap_or_else(|| ".".to_string());
                let mut pointer = String::new();
                push_token(&mut pointer, p.name.as_str());
                (
                    p.name.range(),
                    pointer,
                    format!("'{}' is not a settings.json key{near}", p.name.as_str()),
                )
            })
            .collect();
        cx.report_all(&Self::META, file, found);
    }
}

/// Whether `s` is a GUID in lower-case hex, as paconn's schema writes it.
fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

declare_rule! {
    /// ## What it does
    /// Reports an `environment` that is not a GUID. `Default-<guid>`, the name of a tenant's
    /// default environment, is a warning: paconn's schema rejects it, but real environments have
    /// it.
    ///
    /// ## Why is this bad?
    /// paconn sends the value as the environment id; anything else fails when the connector is
    /// created or updated.
    ///
    /// ## Example
    /// ```json
    /// { "environment": "my test environment" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "environment": "3f2504e0-4f89-11d3-9a0c-0305e82c3301" }
    /// ```
    pub SettingsEnvironmentGuid {
        id: "settings-environment-guid",
        category: Settings,
        level: Error,
        summary: "settings.json environment is not a GUID",
    }
}

impl Rule for SettingsEnvironmentGuid {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_settings(cx, &Self::META, |_, key, v| {
            let (s, span) = string(v).filter(|_| key == "environment")?;
            if is_guid(s) {
                return None;
            }
            match s.strip_prefix("Default-").filter(|g| is_guid(g)) {
                Some(_) => Some((
                    span,
                    Level::Warning,
                    format!("The environment '{s}' is a default environment's name, which paconn's schema does not accept: use its GUID."),
                )),
                None => Some((
                    span,
                    Level::Error,
                    format!("The environment '{s}' is not a GUID."),
                )),
            }
        });
    }
}

/// The API version paconn's schema requires.
const API_VERSION: &str = "2016-11-01";

declare_rule! {
    /// ## What it does
    /// Reports a `powerAppsApiVersion` or `flowApiVersion` other than `"2016-11-01"`.
    ///
    /// ## Why is this bad?
    /// paconn's schema allows only that version; another one makes its calls fail.
    ///
    /// ## Example
    /// ```json
    /// { "flowApiVersion": "2020-06-01" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "flowApiVersion": "2016-11-01" }
    /// ```
    pub SettingsApiVersion {
        id: "settings-api-version",
        category: Settings,
        level: Error,
        summary: "settings.json API version is not 2016-11-01",
    }
}

impl Rule for SettingsApiVersion {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_settings(cx, &Self::META, |_, key, v| {
            if !matches!(key, "powerAppsApiVersion" | "flowApiVersion") {
                return None;
            }
            let (s, span) = string(v).unwrap_or(("", v.range()));
            (s != API_VERSION).then(|| {
                (
                    span,
                    Level::Error,
                    format!("'{key}' must be \"{API_VERSION}\"."),
                )
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `powerAppsUrl` or `flowUrl` that is not an absolute URL.
    ///
    /// ## Why is this bad?
    /// paconn calls these endpoints (by default `https://api.powerapps.com` and
    /// `https://api.flow.microsoft.com`).
    ///
    /// ## Example
    /// ```json
    /// { "flowUrl": "api.flow.microsoft.com" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "flowUrl": "https://api.flow.microsoft.com" }
    /// ```
    pub SettingsUrls {
        id: "settings-urls",
        category: Settings,
        level: Error,
        summary: "settings.json powerAppsUrl or flowUrl is not an absolute URL",
    }
}

impl Rule for SettingsUrls {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_settings(cx, &Self::META, |_, key, v| {
            if !matches!(key, "powerAppsUrl" | "flowUrl") {
                return None;
            }
            let (s, span) = string(v).unwrap_or(("", v.range()));
            (!is_absolute_url(s)).then(|| {
                (
                    span,
                    Level::Error,
                    format!("'{key}' must be an absolute URL, not '{s}'."),
                )
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `apiProperties`, `apiDefinition`, `icon` or `script` of settings.json that names
    /// a file that is not in the connector's folder.
    ///
    /// ## Why is this bad?
    /// paconn reads these files; a wrong name makes `paconn create` or `update` fail, or upload an
    /// older file.
    ///
    /// ## Example
    /// ```json
    /// { "apiDefinition": "swagger.json" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "apiDefinition": "apiDefinition.swagger.json" }
    /// ```
    pub SettingsFileRefs {
        id: "settings-file-refs",
        category: Settings,
        level: Warning,
        summary: "settings.json names a file that does not exist",
    }
}

impl Rule for SettingsFileRefs {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_settings(cx, &Self::META, |cx, key, v| {
            if !matches!(key, "apiProperties" | "apiDefinition" | "icon" | "script") {
                return None;
            }
            let (s, span) = string(v)?;
            let path = cx.connector.dir.join(s);
            (!path.is_file()).then(|| {
                (
                    span,
                    Level::Warning,
                    format!("'{key}' names '{s}', which is not a file of this connector."),
                )
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `environment` or `connectorId` in settings.json. The fix (unsafe: paconn then
    /// asks for them again) removes the value's member.
    ///
    /// ## Why is this bad?
    /// They identify your Power Platform environment and your copy of the connector, which
    /// nobody else has; the repository asks that pull requests hold no "sensitive or specific
    /// information". Two merged certified connectors commit them.
    ///
    /// ## Example
    /// ```json
    /// { "environment": "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "apiDefinition": "apiDefinition.swagger.json" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "apiDefinition": "apiDefinition.swagger.json" }
    /// ```
    pub SettingsNoEnvIdsInPr {
        id: "settings-no-env-ids-in-pr",
        category: Settings,
        level: Warning,
        summary: "settings.json holds your environment or connector id",
        fix: Unsafe,
    }
}

impl Rule for SettingsNoEnvIdsInPr {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some((file, root)) = settings(cx) else {
            return;
        };
        for (i, p) in root.properties.iter().enumerate() {
            let key = p.name.as_str();
            if !matches!(key, "environment" | "connectorId") {
                continue;
            }
            let Some((s, span)) = string(&p.value).filter(|(s, _)| !s.trim().is_empty()) else {
                continue;
            };
            let mut pointer = String::new();
            push_token(&mut pointer, key);
            let d = Diagnostic::new(
                &Self::META,
                file,
                span,
                pointer,
                format!("settings.json holds '{key}' ('{s}'), an id of your own environment: leave it out of the pull request."),
            );
            cx.report(
                d.with_fix_if(
                    crate::json::remove_member(root, i)
                        .map(|e| crate::diagnostic::Fix::edit(format!("Remove '{key}'"), e)),
                ),
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports the `stackOwner` of apiProperties.json when the connector has a settings.json,
    /// that is, when it is deployed with paconn.
    ///
    /// ## Why is this bad?
    /// paconn cannot create or update a connector whose apiProperties.json has `stackOwner`: the
    /// service answers "Could not find member 'stackOwner'" (paconn issue #614). Certification
    /// requires the member all the same, so this is a note about the tool: deploy a copy
    /// without it.
    ///
    /// ## Example
    /// ```json
    /// { "properties": { "publisher": "Contoso", "stackOwner": "Contoso" } }
    /// ```
    /// with a settings.json beside it.
    pub SettingsStackownerLimitation {
        id: "settings-stackowner-limitation",
        category: Settings,
        level: Note,
        summary: "paconn cannot deploy an apiProperties.json with stackOwner",
    }
}

impl Rule for SettingsStackownerLimitation {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        if settings(cx).is_none() {
            return;
        }
        let Some(doc) = cx.connector.api_properties else {
            return;
        };
        let Some(owner) = as_obj(&doc.root)
            .and_then(|r| crate::json::get_obj(r, "properties"))
            .and_then(|p| crate::json::prop(p, "stackOwner"))
        else {
            return;
        };
        cx.report(Diagnostic::new(
            &Self::META,
            doc.file,
            owner.name.range(),
            "/properties/stackOwner",
            "paconn cannot deploy an apiProperties.json with 'stackOwner' (\"Could not find member 'stackOwner'\"): deploy a copy without it, and keep it in the submission.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::is_guid;

    #[test]
    fn guids() {
        assert!(is_guid("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        assert!(!is_guid("3f2504e0-4f89-11d3-9a0c"));
        assert!(!is_guid("my environment"));
    }
}
