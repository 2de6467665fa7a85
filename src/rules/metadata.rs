//! Metadata rules (RULES.md §8 and §13): the swagger's version, size and host, its contact,
//! `x-ms-connector-metadata` and categories, and the publisher and stackOwner of apiProperties.

use std::ops::Range;

use super::{declare_rule, nearest_name, Ctx, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, FileId, Fix};
use crate::json::{as_obj, get, get_obj, get_str, prop, push_index, Json, Object, Value};
use crate::paconn::{Problem, Seg, Violation};
use crate::rules::Level;

/// The 19 connector categories, as Microsoft spells them (RULES.md §13).
pub const CATEGORIES: [&str; 19] = [
    "AI",
    "Business Management",
    "Business Intelligence",
    "Collaboration",
    "Commerce",
    "Communication",
    "Content and Files",
    "Finance",
    "Data",
    "Human Resources",
    "Internet of Things",
    "IT Operations",
    "Lifestyle and Entertainment",
    "Marketing",
    "Productivity",
    "Sales and CRM",
    "Security",
    "Social Media",
    "Website",
];

/// The entries `x-ms-connector-metadata` must hold.
const METADATA_ENTRIES: [&str; 3] = ["Website", "Privacy policy", "Categories"];

/// The swagger's root object, with its file.
fn swagger_root<'c>(cx: &Ctx<'c, '_>) -> Option<(&'c Json<'c>, &'c Object<'c>)> {
    let doc = cx.connector.swagger?;
    Some((doc, as_obj(&doc.root)?))
}

/// Report `message` as `meta` at `span` of the swagger.
fn report(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    file: FileId,
    span: Range<usize>,
    pointer: impl Into<Box<str>>,
    message: impl Into<std::borrow::Cow<'static, str>>,
) {
    cx.report(Diagnostic::new(meta, file, span, pointer, message));
}

/// An absolute http(s) URL with a host: what the validator calls "a valid absolute URL".
pub fn is_absolute_url(s: &str) -> bool {
    let s = s.trim();
    let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty()
        && !s.contains(char::is_whitespace)
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_' | '@'))
}

/// A plausible e-mail address: ASCII, one `@`, a local part, and a domain with a dot.
pub fn is_email(s: &str) -> bool {
    let s = s.trim();
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    s.is_ascii()
        && !local.is_empty()
        && !domain.contains('@')
        && !s.contains(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>'))
        && domain.split('.').count() >= 2
        && domain.split('.').all(|p| !p.is_empty())
}

/// Text left from a template: "[[Replace with …]]", "Full name", "_____", "<publisher>".
pub fn is_placeholder(s: &str) -> bool {
    let t = s.trim();
    let lower = t.to_lowercase();
    t.is_empty()
        || t.contains("[[")
        || t.contains("___")
        || (t.starts_with('<') && t.ends_with('>'))
        || [
            "full name",
            "contact url",
            "contact email address",
            "your name",
            "replace with",
        ]
        .iter()
        .any(|p| lower == *p || lower.starts_with("replace with"))
}

declare_rule! {
    /// ## What it does
    /// Reports a swagger that is not Swagger 2.0: an `openapi` key (OpenAPI 3), or a `swagger` key
    /// other than `"2.0"`.
    ///
    /// ## Why is this bad?
    /// Custom connectors are described in OpenAPI 2.0 only; the platform rejects other versions
    /// (SpecificationVersionIncorrect).
    ///
    /// ## Example
    /// ```json
    /// { "openapi": "3.0.1", "info": { "title": "Contoso" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "swagger": "2.0", "info": { "title": "Contoso" } }
    /// ```
    pub MetaSwagger2 {
        id: "meta-swagger2",
        category: Metadata,
        level: Error,
        summary: "The swagger is not Swagger (OpenAPI) 2.0",
        validator: "SpecificationVersionIncorrect",
    }
}

impl Rule for MetaSwagger2 {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some((doc, root)) = swagger_root(cx) else {
            return;
        };
        if let Some(p) = prop(root, "openapi") {
            report(
                cx,
                &Self::META,
                doc.file,
                p.name.range(),
                "/openapi",
                "The swagger is OpenAPI 3, which custom connectors do not support: write it in Swagger 2.0 (\"swagger\": \"2.0\").",
            );
            return;
        }
        match prop(root, "swagger") {
            None => report(
                cx,
                &Self::META,
                doc.file,
                root.range.start..root.range.start + 1,
                "",
                "The 'swagger' property is required, with the value \"2.0\".",
            ),
            Some(p) => {
                if !matches!(&p.value, Value::StringLit(s) if s.value == "2.0") {
                    report(
                        cx,
                        &Self::META,
                        doc.file,
                        p.value.range(),
                        "/swagger",
                        "The 'swagger' version must be \"2.0\".",
                    );
                }
            }
        }
    }
}

/// Above this size a swagger should be split (RULES.md §8.4).
pub const SWAGGER_MAX_BYTES: usize = 1024 * 1024;

declare_rule! {
    /// ## What it does
    /// Reports a swagger file larger than 1 MB (1,048,576 bytes).
    ///
    /// ## Why is this bad?
    /// "The swagger file should not exceed 1 MB; consider splitting the connector." Large
    /// definitions are slow to load in the designer and to review.
    ///
    /// ## Example
    /// A 1.4 MB `apiDefinition.swagger.json` with 400 operations.
    ///
    /// Use instead: split the operations over two connectors, or share schemas through
    /// `definitions` instead of repeating them.
    pub MetaSwaggerSize {
        id: "meta-swagger-size",
        category: Metadata,
        level: Warning,
        summary: "The swagger file is larger than 1 MB",
    }
}

impl Rule for MetaSwaggerSize {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some((doc, root)) = swagger_root(cx) else {
            return;
        };
        let len = doc.text.len();
        if len > SWAGGER_MAX_BYTES {
            report(
                cx,
                &Self::META,
                doc.file,
                root.range.start..root.range.start + 1,
                "",
                format!(
                    "The swagger file has {:.1} MB, more than 1 MB: consider splitting the connector.",
                    len as f64 / (1024.0 * 1024.0)
                ),
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `host` that names a development, test or staging server: a label of the host
    /// name left of the domain (not the top-level domain, `.dev`, and not the registered domain
    /// name: `dev.to` is a production site) is `dev`, `test`, `staging`,
    /// `stg`, `sandbox`, `uat`, `qa` or `localhost` (alone or next to a hyphen or digits, as in
    /// `api-dev` or `test2`), or the host is an IP address.
    ///
    /// ## Why is this bad?
    /// A certified connector must point at the production service; "staging, dev and test hosts
    /// are not allowed". Not reported when apiProperties.json applies the `dynamichosturl`
    /// policy, which replaces the host with the connection's own.
    ///
    /// ## Example
    /// ```json
    /// { "host": "api-staging.contoso.com" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "host": "api.contoso.com" }
    /// ```
    pub MetaHostProduction {
        id: "meta-host-production",
        category: Metadata,
        level: Warning,
        summary: "The host is a development, test or staging server",
        submission_only: true,
    }
}

/// The word of `host` that marks it as not production, if any.
fn non_production_word(host: &str) -> Option<String> {
    let name = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    if !name.is_empty() && name.split('.').all(|p| p.parse::<u8>().is_ok()) {
        return Some(name);
    }
    const WORDS: [&str; 8] = [
        "dev",
        "test",
        "staging",
        "stg",
        "sandbox",
        "uat",
        "qa",
        "localhost",
    ];
    // Only the labels left of the domain name are server names. The top-level domain (`.dev`)
    // and the domain a company registered (`dev.to`, a production site) are not: `dev` marks a
    // development server in `dev.contoso.com` or `contoso-dev.azurewebsites.net`.
    let labels: Vec<&str> = name.split('.').collect();
    let names = if labels.len() == 1 {
        &labels[..]
    } else {
        &labels[..labels.len().saturating_sub(2)]
    };
    names
        .iter()
        .flat_map(|l| l.split(['-', '_']))
        .map(|w| w.trim_end_matches(|c: char| c.is_ascii_digit()))
        .find(|w| WORDS.contains(w))
        .map(str::to_string)
}

/// Whether apiProperties.json applies a `dynamichosturl` policy template, which replaces the
/// swagger's host with one built from the connection (a tenant's own subdomain): the swagger's
/// host is then a placeholder.
fn sets_host_by_policy(cx: &Ctx<'_, '_>) -> bool {
    let Some(props) = cx.connector.properties() else {
        return false;
    };
    crate::json::get_arr(props, "policyTemplateInstances").is_some_and(|a| {
        a.elements.iter().filter_map(as_obj).any(|i| {
            get_str(i, "templateId").is_some_and(|t| t.value.eq_ignore_ascii_case("dynamichosturl"))
        })
    })
}

impl Rule for MetaHostProduction {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some((doc, root)) = swagger_root(cx) else {
            return;
        };
        let Some(host) = get_str(root, "host") else {
            return;
        };
        if sets_host_by_policy(cx) {
            return;
        }
        if let Some(word) = non_production_word(&host.value) {
            report(
                cx,
                &Self::META,
                doc.file,
                host.range(),
                "/host",
                format!(
                    "The host '{}' looks like a development, test or staging server ('{word}'): a submitted connector must use the production host.",
                    host.value
                ),
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a swagger without `info.contact`, or a contact without `name`, `url` or `email`, or
    /// with a value left from the template ("Full name", "Contact URL").
    ///
    /// ## Why is this bad?
    /// Certification requires the support team's name, site and e-mail address: that is whom users
    /// and Microsoft contact when the connector fails. The validator reports "The 'contact' property
    /// is required." at `/info`.
    ///
    /// ## Example
    /// ```json
    /// { "info": { "title": "Contoso", "version": "1.0" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "info": { "title": "Contoso", "version": "1.0",
    ///   "contact": { "name": "Contoso Support", "url": "https://contoso.com/support", "email": "support@contoso.com" } } }
    /// ```
    pub MetaContactRequired {
        id: "meta-contact-required",
        category: Metadata,
        level: Error,
        summary: "info.contact with name, url and email is missing",
        submission_only: true,
    }
}

impl Rule for MetaContactRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some((doc, root)) = swagger_root(cx) else {
            return;
        };
        let Some(info_prop) = prop(root, "info") else {
            return; // title-required reports the missing info object.
        };
        let Some(info) = as_obj(&info_prop.value) else {
            return;
        };
        let Some(contact_prop) = prop(info, "contact") else {
            report(
                cx,
                &Self::META,
                doc.file,
                info_prop.name.range(),
                "/info",
                "The 'contact' property is required.",
            );
            return;
        };
        let Some(contact) = as_obj(&contact_prop.value) else {
            return;
        };
        for key in ["name", "url", "email"] {
            match prop(contact, key) {
                None => report(
                    cx,
                    &Self::META,
                    doc.file,
                    contact_prop.name.range(),
                    "/info/contact",
                    format!("The contact '{key}' property is required."),
                ),
                Some(p) => {
                    if let Value::StringLit(s) = &p.value {
                        if is_placeholder(&s.value) {
                            report(
                                cx,
                                &Self::META,
                                doc.file,
                                s.range(),
                                format!("/info/contact/{key}"),
                                format!(
                                    "The contact '{key}' is a placeholder ('{}'): give the real value.",
                                    s.value
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
}

/// Report `message` when the contact's `key` is there, is no placeholder, and fails `valid`.
fn check_contact_value(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    key: &str,
    valid: fn(&str) -> bool,
    message: &'static str,
) {
    let Some((doc, root)) = swagger_root(cx) else {
        return;
    };
    let Some(v) = get_obj(root, "info")
        .and_then(|i| get_obj(i, "contact"))
        .and_then(|c| get_str(c, key))
    else {
        return;
    };
    if !is_placeholder(&v.value) && !valid(&v.value) {
        report(
            cx,
            meta,
            doc.file,
            v.range(),
            format!("/info/contact/{key}"),
            message,
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `info.contact.email` that is not a valid e-mail address (ASCII, one `@`, a
    /// domain with a dot).
    ///
    /// ## Why is this bad?
    /// It is where users and Microsoft write when the connector fails. The validator rejects it
    /// with ContactEmailNotValid: "The contact 'email' property, if present, must be a valid email
    /// address."
    ///
    /// ## Example
    /// ```json
    /// { "contact": { "email": "support at contoso.com" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "contact": { "email": "support@contoso.com" } }
    /// ```
    pub MetaContactEmail {
        id: "meta-contact-email",
        category: Metadata,
        level: Error,
        summary: "info.contact.email is not a valid e-mail address",
        validator: "ContactEmailNotValid",
    }
}

impl Rule for MetaContactEmail {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_contact_value(
            cx,
            &Self::META,
            "email",
            is_email,
            "The contact 'email' property, if present, must be a valid email address.",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `info.contact.url` that is not an absolute http(s) URL.
    ///
    /// ## Why is this bad?
    /// It is the support site users are sent to. The validator rejects it with UrlNotValid: "The
    /// 'url' property must be a valid absolute URL."
    ///
    /// ## Example
    /// ```json
    /// { "contact": { "url": "contoso.com/support" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "contact": { "url": "https://contoso.com/support" } }
    /// ```
    pub MetaContactUrl {
        id: "meta-contact-url",
        category: Metadata,
        level: Error,
        summary: "info.contact.url is not an absolute URL",
        validator: "UrlNotValid",
    }
}

impl Rule for MetaContactUrl {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_contact_value(
            cx,
            &Self::META,
            "url",
            is_absolute_url,
            "The 'url' property must be a valid absolute URL.",
        );
    }
}

/// One entry of `x-ms-connector-metadata`: its index, `propertyName` and `propertyValue`.
struct MetadataEntry<'j, 'a> {
    index: usize,
    name: &'j crate::json::StringLit<'a>,
    value: Option<&'j crate::json::StringLit<'a>>,
}

/// The root `x-ms-connector-metadata` entries, if the array is there.
fn metadata_entries<'j, 'a>(root: &'j Object<'a>) -> Option<Vec<MetadataEntry<'j, 'a>>> {
    let Some(Value::Array(a)) = get(root, "x-ms-connector-metadata") else {
        return None;
    };
    Some(
        a.elements
            .iter()
            .enumerate()
            .filter_map(|(index, e)| {
                let o = as_obj(e)?;
                Some(MetadataEntry {
                    index,
                    name: str_any_case(o, "propertyName")?,
                    value: str_any_case(o, "propertyValue"),
                })
            })
            .collect(),
    )
}

/// The string value of `key` written in any case: four merged certified connectors write
/// "PropertyName", which the validator evidently accepts.
fn str_any_case<'b, 'a>(o: &'b Object<'a>, key: &str) -> Option<&'b crate::json::StringLit<'a>> {
    o.properties
        .iter()
        .rev()
        .find(|p| p.name.as_str().eq_ignore_ascii_case(key))
        .and_then(|p| match &p.value {
            Value::StringLit(s) => Some(s),
            _ => None,
        })
}

fn entry_pointer(index: usize, key: &str) -> String {
    let mut p = String::from("/x-ms-connector-metadata");
    push_index(&mut p, index);
    p.push('/');
    p.push_str(key);
    p
}

declare_rule! {
    /// ## What it does
    /// Reports a swagger without the root `x-ms-connector-metadata` array, or with the array
    /// inside `info` instead of at the root.
    ///
    /// ## Why is this bad?
    /// Certification requires the product's website, privacy policy and categories in this array.
    /// The validator reports "The 'x-ms-connector-metadata' property is required."
    ///
    /// ## Example
    /// ```json
    /// { "info": { "title": "Contoso", "x-ms-connector-metadata": [] } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "info": { "title": "Contoso" }, "x-ms-connector-metadata": [
    ///   { "propertyName": "Website", "propertyValue": "https://contoso.com" },
    ///   { "propertyName": "Privacy policy", "propertyValue": "https://contoso.com/privacy" },
    ///   { "propertyName": "Categories", "propertyValue": "Productivity;Data" } ] }
    /// ```
    pub MetaXmsRequired {
        id: "meta-xms-required",
        category: Metadata,
        level: Error,
        summary: "x-ms-connector-metadata is missing at the root",
        submission_only: true,
    }
}

impl Rule for MetaXmsRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some((doc, root)) = swagger_root(cx) else {
            return;
        };
        if metadata_entries(root).is_some() {
            return;
        }
        let inside_info = get_obj(root, "info").and_then(|i| prop(i, "x-ms-connector-metadata"));
        let (span, pointer, message) = match inside_info {
            Some(p) => (
                p.name.range(),
                "/info/x-ms-connector-metadata",
                "The 'x-ms-connector-metadata' property is required at the root of the swagger, not inside 'info'.",
            ),
            None => (
                root.range.start..root.range.start + 1,
                "",
                "The 'x-ms-connector-metadata' property is required.",
            ),
        };
        report(cx, &Self::META, doc.file, span, pointer, message);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-connector-metadata` array without its `Website`, `Privacy policy` or
    /// `Categories` entry. A `propertyName` written in another case ("Privacy Policy") is a note
    /// that names the expected spelling.
    ///
    /// ## Why is this bad?
    /// "Ensure you enter the schema exactly as shown; don't change the propertyName." The
    /// validator reports ConnectorMetadataPropertiesMissing: "The connector metadata property
    /// '{0}' is required." The corpus has "Privacy Policy" 75 times, so the validator seems to
    /// accept another case, hence only a note for it.
    ///
    /// ## Example
    /// ```json
    /// { "x-ms-connector-metadata": [ { "propertyName": "Website", "propertyValue": "https://contoso.com" } ] }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "x-ms-connector-metadata": [
    ///   { "propertyName": "Website", "propertyValue": "https://contoso.com" },
    ///   { "propertyName": "Privacy policy", "propertyValue": "https://contoso.com/privacy" },
    ///   { "propertyName": "Categories", "propertyValue": "Productivity;Data" } ] }
    /// ```
    pub MetaXmsEntries {
        id: "meta-xms-entries",
        category: Metadata,
        level: Error,
        summary: "x-ms-connector-metadata lacks Website, Privacy policy or Categories",
        validator: "ConnectorMetadataPropertiesMissing",
        submission_only: true,
    }
}

impl Rule for MetaXmsEntries {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some((doc, root)) = swagger_root(cx) else {
            return;
        };
        let Some(entries) = metadata_entries(root) else {
            return; // meta-xms-required
        };
        let array = prop(root, "x-ms-connector-metadata").expect("the array is there");
        for expected in METADATA_ENTRIES {
            if entries.iter().any(|e| e.name.value == expected) {
                continue;
            }
            match entries
                .iter()
                .find(|e| e.name.value.eq_ignore_ascii_case(expected))
            {
                Some(e) => cx.report(
                    Diagnostic::new(
                        &Self::META,
                        doc.file,
                        e.name.range(),
                        entry_pointer(e.index, "propertyName"),
                        format!(
                            "The connector metadata property is spelled '{}': write '{expected}' exactly.",
                            e.name.value
                        ),
                    )
                    .with_level(Level::Note),
                ),
                None => report(
                    cx,
                    &Self::META,
                    doc.file,
                    array.name.range(),
                    "/x-ms-connector-metadata",
                    format!("The connector metadata property '{expected}' is required."),
                ),
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `Website` or `Privacy policy` entry of `x-ms-connector-metadata` whose
    /// `propertyValue` is not an absolute http(s) URL.
    ///
    /// ## Why is this bad?
    /// Both are links shown to users of the connector; they must be the product's public website
    /// and the public privacy policy. The validator reports "The 'url' property must be a valid
    /// absolute URL."
    ///
    /// Level `warning`: RULES.md §8.3 only presumes that the validator checks these values
    /// (UrlNotValid), and it lets them through: 6 merged certified connectors give a host without a
    /// scheme (`www.example.com`) or no URL at all.
    ///
    /// ## Example
    /// ```json
    /// { "propertyName": "Privacy policy", "propertyValue": "contoso.com/privacy" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "propertyName": "Privacy policy", "propertyValue": "https://contoso.com/privacy" }
    /// ```
    pub MetaXmsUrlValues {
        id: "meta-xms-url-values",
        category: Metadata,
        level: Warning,
        summary: "Website or Privacy policy is not an absolute URL",
        validator: "UrlNotValid",
    }
}

impl Rule for MetaXmsUrlValues {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some((doc, root)) = swagger_root(cx) else {
            return;
        };
        for e in metadata_entries(root).unwrap_or_default() {
            let name = e.name.value.to_ascii_lowercase();
            if name != "website" && name != "privacy policy" {
                continue;
            }
            let Some(v) = e.value else { continue };
            if !is_absolute_url(&v.value) {
                report(
                    cx,
                    &Self::META,
                    doc.file,
                    v.range(),
                    entry_pointer(e.index, "propertyValue"),
                    format!(
                        "The '{}' value '{}' is not a valid absolute URL: give the full address, starting with https://.",
                        e.name.value, v.value
                    ),
                );
            }
        }
    }
}

/// The `Categories` value of `x-ms-connector-metadata`: its span, pointer and text.
fn categories<'c>(cx: &Ctx<'c, '_>) -> Option<(FileId, Range<usize>, String, &'c str)> {
    let (doc, root) = swagger_root(cx)?;
    let entries = metadata_entries(root)?;
    let e = entries
        .iter()
        .find(|e| e.name.value.eq_ignore_ascii_case("Categories"))?;
    let v = e.value?;
    Some((
        doc.file,
        v.range(),
        entry_pointer(e.index, "propertyValue"),
        v.value.as_ref(),
    ))
}

/// The categories of a `Categories` value, whatever the separator.
fn category_list(value: &str) -> Vec<&str> {
    value
        .split([';', ',', '|'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

/// Report one finding per message `f` gives for the connector's categories.
fn check_categories(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    f: impl Fn(&str, &[&str]) -> Vec<String>,
) {
    let Some((file, span, pointer, value)) = categories(cx) else {
        return;
    };
    for message in f(value, &category_list(value)) {
        report(cx, meta, file, span.clone(), pointer.clone(), message);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a connector category that is not one of the 19 allowed values (AI, Business
    /// Management, Business Intelligence, Collaboration, Commerce, Communication, Content and
    /// Files, Finance, Data, Human Resources, Internet of Things, IT Operations, Lifestyle and
    /// Entertainment, Marketing, Productivity, Sales and CRM, Security, Social Media, Website), in
    /// any case (`cat-case` reports the case), and an empty `Categories` value.
    ///
    /// ## Why is this bad?
    /// The categories place the connector in the catalogue. The validator rejects other values
    /// with InvalidConnectorCategory.
    ///
    /// ## Example
    /// ```json
    /// { "propertyName": "Categories", "propertyValue": "Tools" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "propertyName": "Categories", "propertyValue": "Productivity" }
    /// ```
    pub CatAllowed {
        id: "cat-allowed",
        category: Metadata,
        level: Error,
        summary: "Connector category is not one of the 19 allowed values",
        validator: "InvalidConnectorCategory",
    }
}

impl Rule for CatAllowed {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_categories(cx, &Self::META, |_, list| {
            if list.is_empty() {
                return vec!["At least one connector category is required.".to_string()];
            }
            list.iter()
                .filter(|c| !CATEGORIES.iter().any(|a| a.eq_ignore_ascii_case(c)))
                .map(|c| {
                    format!(
                        "The connector category is invalid. Available categories are: [{}]. (found '{c}')",
                        CATEGORIES.join(", ")
                    )
                })
                .collect()
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports more than two connector categories.
    ///
    /// ## Why is this bad?
    /// Certification allows "a maximum of two"; the validator reports TooManyConnectorCategories.
    /// Every connector of the repository has one or two.
    ///
    /// ## Example
    /// ```json
    /// { "propertyName": "Categories", "propertyValue": "Productivity;Data;AI" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "propertyName": "Categories", "propertyValue": "Productivity;Data" }
    /// ```
    pub CatMaxTwo {
        id: "cat-max-two",
        category: Metadata,
        level: Error,
        summary: "More than two connector categories",
        validator: "TooManyConnectorCategories",
    }
}

impl Rule for CatMaxTwo {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_categories(cx, &Self::META, |_, list| {
            if list.len() > 2 {
                vec![format!(
                    "The maximum allowed number of categories for the connector is '2'. (found {})",
                    list.len()
                )]
            } else {
                Vec::new()
            }
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports connector categories separated by anything but `;` (a comma or a bar).
    ///
    /// ## Why is this bad?
    /// The value is "a semicolon-delimited string"; another separator makes one unknown category
    /// of the whole list.
    ///
    /// ## Example
    /// ```json
    /// { "propertyName": "Categories", "propertyValue": "Productivity, Data" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "propertyName": "Categories", "propertyValue": "Productivity;Data" }
    /// ```
    pub CatDelimiter {
        id: "cat-delimiter",
        category: Metadata,
        level: Error,
        summary: "Connector categories are not separated by ';'",
    }
}

impl Rule for CatDelimiter {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_categories(cx, &Self::META, |value, list| {
            if value.contains([',', '|']) {
                vec![format!(
                    "The categories must be separated by ';': write '{}'.",
                    list.join(";")
                )]
            } else {
                Vec::new()
            }
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an allowed connector category written in another case ("Social media",
    /// "collaboration"), with the canonical spelling.
    ///
    /// ## Why is this bad?
    /// The validator seems to accept it (three certified connectors do it), but the catalogue
    /// spells the categories one way; the canonical form avoids surprises.
    ///
    /// ## Example
    /// ```json
    /// { "propertyName": "Categories", "propertyValue": "Social media" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "propertyName": "Categories", "propertyValue": "Social Media" }
    /// ```
    pub CatCase {
        id: "cat-case",
        category: Metadata,
        level: Note,
        summary: "Connector category in another case than the canonical one",
    }
}

impl Rule for CatCase {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_categories(cx, &Self::META, |_, list| {
            list.iter()
                .filter(|c| !CATEGORIES.contains(c))
                .filter_map(|c| {
                    let canonical = CATEGORIES.iter().find(|a| a.eq_ignore_ascii_case(c))?;
                    Some(format!(
                        "The category '{c}' should be written '{canonical}'."
                    ))
                })
                .collect()
        });
    }
}

/// What `apiProperties.json` says for `properties.{key}`.
enum Owner<'c> {
    /// No such property: the span of the `properties` key.
    Missing(Range<usize>),
    /// A value that is not a string.
    NotString(Range<usize>),
    Value(Range<usize>, &'c str),
}

/// `properties.publisher` or `properties.stackOwner` of apiProperties, with its file.
fn owner<'c>(cx: &Ctx<'c, '_>, key: &str) -> Option<(FileId, Owner<'c>)> {
    let doc = cx.connector.api_properties?;
    let props_prop = prop(as_obj(&doc.root)?, "properties")?;
    let props = as_obj(&props_prop.value)?;
    let found = match prop(props, key) {
        None => Owner::Missing(props_prop.name.range()),
        Some(p) => match &p.value {
            Value::StringLit(s) => Owner::Value(s.range(), s.value.as_ref()),
            v => Owner::NotString(v.range()),
        },
    };
    Some((doc.file, found))
}

/// The `required` half of the publisher and stackOwner rules: present, a string, no placeholder.
fn check_owner_required(cx: &mut Ctx<'_, '_>, meta: &'static RuleMeta, key: &str) {
    let Some((file, found)) = owner(cx, key) else {
        return;
    };
    let pointer = format!("/properties/{key}");
    let (span, pointer, message) = match found {
        Owner::Missing(span) => (
            span,
            "/properties".to_string(),
            format!("The '{key}' property is required."),
        ),
        Owner::NotString(span) => (
            span,
            pointer,
            format!("The '{key}' property must be a string."),
        ),
        Owner::Value(span, v) if is_placeholder(v) => (
            span,
            pointer,
            format!("The '{key}' is a placeholder ('{v}'): give the company's name."),
        ),
        Owner::Value(..) => return,
    };
    report(cx, meta, file, span, pointer, message);
}

/// The `alphanumeric` half: letters, digits, spaces and `. , & ' -` only.
fn check_owner_charset(cx: &mut Ctx<'_, '_>, meta: &'static RuleMeta, key: &str) {
    let Some((file, Owner::Value(span, v))) = owner(cx, key) else {
        return;
    };
    if is_placeholder(v) {
        return;
    }
    let message = if is_address(v) {
        format!("The '{key}' '{v}' is an address: give the legal name of the company or person.")
    } else if let Some(c) = v.chars().find(|&c| !is_legal_name_char(c)) {
        format!(
            "The '{key}' '{v}' has the character '{c}': use the legal name, in letters, digits, spaces and . , & ' - ( ) / + only."
        )
    } else {
        return;
    };
    report(cx, meta, file, span, format!("/properties/{key}"), message);
}

/// A character that legal names of companies and people use: letters and digits, and the
/// punctuation of "Contoso, Inc.", "O'Brien & Co", "Larc AI (Pty) Ltd", "Lasso X A/S" and
/// "Luithle + Luithle GmbH".
fn is_legal_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == ' ' || ".,&'’-()/+".contains(c)
}

/// A URL or an email address given where a name belongs.
fn is_address(v: &str) -> bool {
    let lower = v.trim().to_ascii_lowercase();
    lower.contains("://")
        || lower.starts_with("www.")
        || lower.contains('@')
        // A host with a path: "contoso.com/api".
        || lower
            .split_whitespace()
            .any(|t| t.split_once('/').is_some_and(|(host, _)| host.contains('.')))
}

declare_rule! {
    /// ## What it does
    /// Reports a missing `publisher` in `apiProperties.json` `properties`, or a value left from
    /// the template ("[[Replace with …]]", "_____").
    ///
    /// ## Why is this bad?
    /// Certification requires it: "the name of your company or organization … full company name
    /// (for example, 'Contoso Corporation')"; for independent publishers, the author's name.
    ///
    /// ## Example
    /// ```json
    /// { "properties": { "publisher": "[[Replace with your company]]" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "properties": { "publisher": "Contoso Corporation" } }
    /// ```
    pub MetaPublisherRequired {
        id: "meta-publisher-required",
        category: Metadata,
        level: Error,
        summary: "apiProperties publisher is missing or a placeholder",
        submission_only: true,
    }
}

impl Rule for MetaPublisherRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_owner_required(cx, &Self::META, "publisher");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `publisher` that is a URL or an email address, or that has a character legal
    /// names do not use: anything but letters, digits, spaces and `. , & ' - ( ) / +`.
    ///
    /// ## Why is this bad?
    /// The documents ask for "alphanumeric format" and the company's full name. Their own example
    /// ("Contoso Corporation") has a space, and merged connectors use the punctuation of legal
    /// names ("Larc AI (PTY) Ltd", "Lasso X A/S", "Luithle + Luithle GmbH"), so those are
    /// allowed; an address, or symbols such as `@`, `#`, `|` or `*`, are no name.
    ///
    /// ## Example
    /// ```json
    /// { "properties": { "publisher": "https://contoso.com" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "properties": { "publisher": "Contoso Corporation" } }
    /// ```
    pub MetaPublisherAlphanumeric {
        id: "meta-publisher-alphanumeric",
        category: Metadata,
        level: Warning,
        summary: "apiProperties publisher is an address or has characters no legal name uses",
        submission_only: true,
    }
}

impl Rule for MetaPublisherAlphanumeric {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_owner_charset(cx, &Self::META, "publisher");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a missing `stackOwner` in `apiProperties.json` `properties`, or a value left from
    /// the template.
    ///
    /// ## Why is this bad?
    /// Certification requires the company that owns the service behind the connector. Reviewers
    /// write: "The stackOwner property is missing which is a required property" (pull request
    /// #1440).
    ///
    /// ## Example
    /// ```json
    /// { "properties": { "publisher": "Contoso Corporation" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "properties": { "publisher": "Contoso Corporation", "stackOwner": "Contoso Corporation" } }
    /// ```
    pub MetaStackownerRequired {
        id: "meta-stackowner-required",
        category: Metadata,
        level: Error,
        summary: "apiProperties stackOwner is missing or a placeholder",
        submission_only: true,
    }
}

impl Rule for MetaStackownerRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_owner_required(cx, &Self::META, "stackOwner");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `stackOwner` that is a URL or an email address, or that has a character legal
    /// names do not use: anything but letters, digits, spaces and `. , & ' - ( ) / +`.
    ///
    /// ## Why is this bad?
    /// The documents ask for "alphanumeric format", with spaces as in their example: the name of
    /// the company that owns the service. Legal names keep their punctuation ("Department of
    /// Primary Industries (DPIRD)", "r/SpaceX"), as for `meta-publisher-alphanumeric`.
    ///
    /// ## Example
    /// ```json
    /// { "properties": { "stackOwner": "contoso.com/api" } }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "properties": { "stackOwner": "Contoso Corporation" } }
    /// ```
    pub MetaStackownerAlphanumeric {
        id: "meta-stackowner-alphanumeric",
        category: Metadata,
        level: Warning,
        summary: "apiProperties stackOwner is an address or has characters no legal name uses",
        submission_only: true,
    }
}

impl Rule for MetaStackownerAlphanumeric {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_owner_charset(cx, &Self::META, "stackOwner");
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a certified connector whose `stackOwner` is not its `publisher`, compared as
    /// `readme-consistency` compares names: without regard to case, accents, punctuation, a
    /// part in brackets and the legal form ("DomainTools, LLC" and "DomainTools Integrations"
    /// are one company; so are a name and its initials).
    ///
    /// ## Why is this bad?
    /// For a verified publisher the two are "usually the same", unless an ISV builds the
    /// connector on behalf of the company that owns the service. A difference is worth a look:
    /// it is often a misspelling ("Microsot") or two forms of one company's name. A note: 40
    /// merged certified connectors differ, most of them on purpose.
    ///
    /// ## Example
    /// ```json
    /// { "properties": { "publisher": "Contosso Corporation", "stackOwner": "Contoso Corporation" } }
    /// ```
    ///
    /// Use instead: the same name in both, or an ISV as publisher and the service's owner as
    /// stackOwner.
    pub MetaStackownerEqPublisher {
        id: "meta-stackowner-eq-publisher",
        category: Metadata,
        level: Note,
        summary: "Certified connector whose stackOwner is not its publisher",
        submission_only: true,
    }
}

impl Rule for MetaStackownerEqPublisher {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        if cx.connector.publisher != crate::connector::PublisherKind::Certified {
            return;
        }
        let (Some((file, Owner::Value(_, publisher))), Some((_, Owner::Value(span, owner)))) =
            (owner(cx, "publisher"), owner(cx, "stackOwner"))
        else {
            return;
        };
        if super::readme::same_company(publisher, owner)
            || is_placeholder(publisher)
            || is_placeholder(owner)
        {
            return;
        }
        report(
            cx,
            &Self::META,
            file,
            span,
            "/properties/stackOwner".to_string(),
            format!("The stackOwner '{owner}' is not the publisher '{publisher}': for a verified publisher they are usually the same company."),
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Validates apiProperties.json against paconn's schema
    /// (`schemas/paconn-apiProperties.schema.json` of the connectors repository, vendored in
    /// `schemas/`), and reports each violation at the member it is about: a member the schema
    /// does not allow (at the root, in `properties`, a connection parameter, its `uiDefinition`,
    /// `oAuthSettings` and their `customParameters`, a policy template's `parameters`), a
    /// required member that is missing, a value the schema does not list (`redirectMode`, a
    /// policy `templateId`, `IsFirstParty`), and a value of the wrong JSON type.
    ///
    /// The schema is out of date: 106 of the corpus's 616 certified files break it
    /// (`scripts/schema-failures.py`). The vendored copy is corrected where merged certified
    /// connectors show what the platform accepts: `scriptOperations`, `script` and
    /// `connectionParameterSets`, the `GlobalPerConnector` redirect mode, boolean `hidden` and
    /// `required` constraints, more Azure AD custom parameters, the gateway's
    /// `gatewaySettings`, and policy templates the schema does not list
    /// (`schemas/paconn-apiProperties.corrections.json` gives each correction with its
    /// evidence). 18 certified files break the corrected schema. The schema's `oneOf`s are read
    /// as tagged unions: a connection parameter is checked as its `type` says, OAuth settings as
    /// their `identityProvider` says, a policy template as its `templateId` says.
    ///
    /// Other rules report some parts of the schema, and this one leaves them to them:
    /// `iconBrandColor` (`brand-color-required`), connection parameter names and types
    /// (`conn-param-name`), the `token:TenantId` claim (`conn-tenant-claim`) and the identity
    /// provider (`oauth-identity-provider`). A member or a value that differs from an allowed
    /// one in case only gets a fix.
    ///
    /// ## Why is this bad?
    /// The platform reads apiProperties.json as the schema describes it: a member it does not
    /// know is ignored (so what it meant to say is lost: one merged certified connector writes
    /// `stackowner` and is left without a stack owner), and a value it does not know breaks
    /// the connection or the policy. paconn and the repository's schema check are the tools a
    /// reviewer runs.
    ///
    /// ## Example
    /// ```json
    /// { "properties": { "connectionParameters": { "token": { "type": "oauthSetting",
    ///   "oAuthSettings": { "identityProvider": "oauth2", "redirectMode": "GlobalPerconnector",
    ///     "customParameters": { "AuthorizationUrl": { "value": "https://contoso.com/auth" } } } } } } }
    /// ```
    ///
    /// Use instead: `"redirectMode": "GlobalPerConnector"` and `"authorizationUrl"`.
    pub MetaApipropsSchema {
        id: "meta-apiprops-schema",
        category: Metadata,
        level: Warning,
        summary: "apiProperties.json breaks paconn's schema",
        fix: Safe,
    }
}

impl Rule for MetaApipropsSchema {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(doc) = cx.connector.api_properties else {
            return;
        };
        let mut out = Vec::new();
        let violations = crate::paconn::check(doc.text, &doc.root);
        for v in &violations {
            // A value that is not one of a list is of the wrong type too: say it once.
            let listed = |v: &Violation| {
                matches!(v.problem, Problem::WrongType { .. })
                    && violations.iter().any(|o| {
                        o.path == v.path && matches!(o.problem, Problem::NotAllowed { .. })
                    })
            };
            if !reported_elsewhere(v) && !listed(v) {
                out.extend(schema_finding(doc, v));
            }
        }
        for d in out {
            cx.report(d);
        }
    }
}

/// Whether another rule reports this part of the schema: `iconBrandColor`
/// (`brand-color-required`), connection parameter names and types (`conn-param-name`), the
/// `token:TenantId` claim (`conn-tenant-claim`) and the identity provider
/// (`oauth-identity-provider`).
fn reported_elsewhere(v: &Violation) -> bool {
    let keys: Vec<Option<&str>> = v
        .path
        .iter()
        .map(|s| match s {
            Seg::Key(k) => Some(k.as_str()),
            Seg::Index(_) => None,
        })
        .collect();
    // Where connection parameters are: `connectionParameters`, and a parameter set's.
    let parameters = |p: &[Option<&str>]| {
        matches!(
            p,
            [Some("properties"), Some("connectionParameters")]
                | [
                    Some("properties"),
                    Some("connectionParameterSets"),
                    Some("values"),
                    None,
                    Some("parameters")
                ]
        )
    };
    match (&v.problem, keys.as_slice()) {
        (Problem::Missing { key }, [Some("properties")]) if key == "iconBrandColor" => true,
        (_, [Some("properties"), Some("iconBrandColor")]) => true,
        (Problem::Unexpected { .. }, p) if parameters(p) => true,
        (_, [p @ .., Some(_), Some("type")]) if parameters(p) => true,
        (_, [.., Some("identityProvider")]) => true,
        (_, p) => p.contains(&Some("token:TenantId")),
    }
}

/// The object or value at `path`, with the name of the member it is the value of.
fn node_at<'v, 'a>(
    root: &'v Value<'a>,
    path: &[Seg],
) -> Option<(&'v Value<'a>, Option<&'v crate::json::StringLit<'a>>)> {
    let mut node = (root, None);
    for s in path {
        node = match (s, node.0) {
            (Seg::Key(k), Value::Object(o)) => {
                let p = prop(o, k)?;
                (&p.value, Some(&p.name))
            }
            (Seg::Index(i), Value::Array(a)) => (a.elements.get(*i)?, None),
            _ => return None,
        };
    }
    Some(node)
}

/// How a location is named in a message: its member's name, or the array's with the index.
fn place_name(path: &[Seg]) -> String {
    match path {
        [] => "the root object".to_string(),
        [.., Seg::Key(k)] => format!("'{k}'"),
        [rest @ .., Seg::Index(i)] => format!("item {i} of {}", place_name(rest)),
    }
}

fn seg_pointer(path: &[Seg]) -> String {
    let mut p = String::new();
    for s in path {
        match s {
            Seg::Key(k) => crate::json::push_token(&mut p, k),
            Seg::Index(i) => push_index(&mut p, *i),
        }
    }
    p
}

/// The allowed values, each case variant but the first left out ("setheader", not also
/// "SetHeader" and "setHeader").
fn distinct_values(allowed: &[String]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for a in allowed {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(a)) {
            out.push(a);
        }
    }
    out
}

fn schema_finding(doc: &Json<'_>, v: &Violation) -> Option<Diagnostic> {
    let meta = &MetaApipropsSchema::META;
    let (node, name) = node_at(&doc.root, &v.path)?;
    let at = place_name(&v.path);
    let pointer = seg_pointer(&v.path);
    let d = match &v.problem {
        Problem::Unexpected { key, known } => {
            let member = as_obj(node).and_then(|o| prop(o, key))?;
            let near = nearest_name(
                key,
                known.iter().map(String::as_str),
                str::to_ascii_lowercase,
            );
            let hint = near
                .map(|n| format!(" Did you mean '{n}'?"))
                .unwrap_or_default();
            let case_only = near.filter(|n| n.eq_ignore_ascii_case(key));
            // A rename onto a name the object already has would make a duplicate key.
            let taken =
                case_only.is_some_and(|n| as_obj(node).is_some_and(|o| prop(o, n).is_some()));
            // A connection parameter written beside `connectionParameters` instead of inside.
            let misplaced = known.iter().any(|k| k == "connectionParameters")
                && as_obj(&member.value).is_some_and(|o| get_str(o, "type").is_some());
            let message = match case_only {
                Some(n) if taken => format!(
                    "The property '{key}' in {at} repeats '{n}' in another case and must be removed."
                ),
                Some(n) => {
                    format!("The property '{key}' in {at} is written '{n}' in paconn's schema.")
                }
                None if misplaced => format!(
                    "The property '{key}' is not allowed in {at}: a connection parameter belongs in 'connectionParameters'."
                ),
                None => format!(
                    "The property '{key}' is not allowed in {at} and must be removed.{hint}"
                ),
            };
            let rename = case_only.filter(|_| !taken).map(|n| {
                Fix::replace(
                    format!("Rename to '{n}'"),
                    member.name.range(),
                    format!("\"{n}\""),
                )
            });
            Diagnostic::new(
                meta,
                doc.file,
                member.name.range(),
                crate::json::child_pointer(&pointer, key),
                message,
            )
            .with_fix_if(rename)
        }
        Problem::Missing { key } => {
            let span = name.map_or(node.range().start..node.range().start + 1, |n| n.range());
            Diagnostic::new(
                meta,
                doc.file,
                span,
                crate::json::child_pointer(&pointer, key),
                format!("The required property '{key}' is missing from {at}."),
            )
        }
        Problem::NotAllowed { allowed } => {
            let shown = distinct_values(allowed);
            let found = crate::json::compact_text(doc.text, node);
            let meant = match node {
                Value::StringLit(s) => allowed
                    .iter()
                    .filter_map(|a| serde_json::from_str::<String>(a).ok())
                    .find(|a| a.eq_ignore_ascii_case(s.as_str())),
                _ => None,
            };
            let hint = meant
                .as_ref()
                .map(|m| format!(" Did you mean '{m}'?"))
                .unwrap_or_default();
            let fix = meant
                .map(|m| Fix::replace(format!("Write '{m}'"), node.range(), format!("\"{m}\"")));
            Diagnostic::new(
                meta,
                doc.file,
                node.range(),
                pointer,
                format!(
                    "The value {found} is not allowed for {at}: it must be one of {}.{hint}",
                    shown.join(", ")
                ),
            )
            .with_fix_if(fix)
        }
        Problem::WrongType { expected } => Diagnostic::new(
            meta,
            doc.file,
            node.range(),
            pointer,
            format!(
                "The value of {at} must be of type {expected}, not {}.",
                crate::json::type_name(doc.text, node)
            ),
        ),
        Problem::Other(message) => Diagnostic::new(
            meta,
            doc.file,
            node.range(),
            pointer,
            format!("The value of {at} is not valid: {message}."),
        ),
    };
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_emails() {
        for u in [
            "https://contoso.com",
            "http://contoso.com/a?b=c",
            "https://a.b:8080/x",
        ] {
            assert!(is_absolute_url(u), "{u}");
        }
        for u in [
            "contoso.com",
            "https://",
            "ftp://contoso.com",
            "https://con toso.com",
            "/privacy",
        ] {
            assert!(!is_absolute_url(u), "{u}");
        }
        for e in ["support@contoso.com", "a.b+c@mail.contoso.co.uk"] {
            assert!(is_email(e), "{e}");
        }
        for e in [
            "support at contoso.com",
            "a@b",
            "a@@b.com",
            "a@b.com; c@d.com",
            "ü@contoso.com",
            "@contoso.com",
        ] {
            assert!(!is_email(e), "{e}");
        }
    }

    #[test]
    fn hosts() {
        assert_eq!(
            non_production_word("api-staging.contoso.com").as_deref(),
            Some("staging")
        );
        assert_eq!(
            non_production_word("test2.contoso.com").as_deref(),
            Some("test")
        );
        assert_eq!(non_production_word("10.0.0.1").as_deref(), Some("10.0.0.1"));
        assert_eq!(
            non_production_word("contoso-dev.azurewebsites.net").as_deref(),
            Some("dev")
        );
        assert_eq!(
            non_production_word("localhost:8080").as_deref(),
            Some("localhost")
        );
        for h in [
            "api.contoso.com",
            "devolutions.net",
            "contest.io",
            "testing-platform.com",
            "dev.to",
            "api.dev.to",
            "qa.com",
        ] {
            assert!(non_production_word(h).is_none(), "{h}");
        }
    }
}
