//! Webhook triggers (RULES.md §10.1, §10.8): the notification URL property that a webhook
//! registration sends, `x-ms-notification-content`, and `x-ms-notification`.
//!
//! A webhook operation is one whose request carries a property marked
//! `"x-ms-notification-url": true`: the platform fills it with the URL the service calls back.
//! Each operation's request is walked once per connector (`$ref`s and `allOf` followed), and what
//! it reaches is shared by the rules below.

use std::collections::HashSet;

use super::{declare_rule, Ctx, Finding, Rule, Subject};
use crate::diagnostic::{Diagnostic, Fix};
use crate::json::{
    as_obj, get, get_arr, get_obj, get_str, insert_member, prop, Object, ObjectProp, Value,
};
use crate::swagger::{effective_parameters, is_internal, is_required, resolve, Operation};

/// Schemas are followed at most this deep from a body parameter.
const MAX_DEPTH: usize = 32;

/// A notification URL property that an operation's request reaches.
#[derive(Debug)]
pub(crate) struct Reached<'a> {
    /// The operation (an index into the structure's operations).
    pub op: usize,
    /// The schema or parameter marked `x-ms-notification-url`.
    pub obj: &'a Object<'a>,
    /// Whether it, or a schema or parameter above it, is `x-ms-visibility: internal`.
    pub internal: bool,
    /// Whether it is required at every step from the parameter down.
    pub required: bool,
}

/// The `x-ms-notification-url` member of `o`, when it marks `o` (`true`, or `"true"`).
fn url_mark<'j, 'a>(o: &'j Object<'a>) -> Option<&'j ObjectProp<'a>> {
    let p = prop(o, "x-ms-notification-url")?;
    match &p.value {
        Value::BooleanLit(true, _) => Some(p),
        Value::StringLit(s) if s.value.eq_ignore_ascii_case("true") => Some(p),
        _ => None,
    }
}

/// The notification URL properties each operation's request reaches, found once per connector.
pub(crate) fn reached<'c, 'a>(subject: &'c Subject<'c, 'a>) -> &'c [Reached<'a>] {
    subject.notification_urls.get_or_init(|| {
        let Some(doc) = subject.swagger else {
            return Vec::new();
        };
        // Most swaggers have no webhook: their requests are not walked at all.
        if memchr::memmem::find(doc.text.as_bytes(), b"x-ms-notification-url").is_none() {
            return Vec::new();
        }
        let Some(s) = subject.structure() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, op) in s.operations.iter().enumerate() {
            for p in effective_parameters(doc, op) {
                let (internal, required) = (is_internal(p), is_required(p));
                if url_mark(p).is_some() {
                    out.push(Reached {
                        op: i,
                        obj: p,
                        internal,
                        required,
                    });
                }
                if let Some(schema) = get(p, "schema") {
                    let mut seen = HashSet::new();
                    walk_request(doc, schema, i, internal, required, 0, &mut seen, &mut out);
                }
            }
        }
        out
    })
}

#[allow(clippy::too_many_arguments)]
fn walk_request<'a>(
    doc: &'a crate::json::Json<'a>,
    v: &'a Value<'a>,
    op: usize,
    internal: bool,
    required: bool,
    depth: usize,
    seen: &mut HashSet<(usize, bool, bool)>,
    out: &mut Vec<Reached<'a>>,
) {
    let Some(o) = resolve(doc, v).ok().and_then(as_obj) else {
        return;
    };
    let internal = internal || is_internal(o);
    if depth > MAX_DEPTH || !seen.insert((o.range.start, internal, required)) {
        return;
    }
    if url_mark(o).is_some() {
        out.push(Reached {
            op,
            obj: o,
            internal,
            required,
        });
    }
    let names: Vec<&str> = get_arr(o, "required")
        .map(|a| {
            a.elements
                .iter()
                .filter_map(|e| match e {
                    Value::StringLit(s) => Some(s.value.as_ref()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(props) = get_obj(o, "properties") {
        for p in doc.entries(props) {
            let child_required = required && names.contains(&p.name.as_str());
            walk_request(
                doc,
                &p.value,
                op,
                internal,
                child_required,
                depth + 1,
                seen,
                out,
            );
        }
    }
    if let Some(all) = get_arr(o, "allOf") {
        for member in &all.elements {
            walk_request(doc, member, op, internal, required, depth + 1, seen, out);
        }
    }
    if let Some(items) = get(o, "items") {
        walk_request(doc, items, op, internal, required, depth + 1, seen, out);
    }
}

/// Report, as `meta`, each distinct notification URL property reached with `bad` true, once.
fn report_reached(
    cx: &mut Ctx<'_, '_>,
    meta: &'static super::RuleMeta,
    bad: impl Fn(&Reached<'_>) -> bool,
    message: &str,
    fix: impl Fn(&str, &Object<'_>) -> Option<Fix>,
) {
    let Some(doc) = cx.connector.swagger else {
        return;
    };
    let wanted: HashSet<usize> = reached(cx.connector)
        .iter()
        .filter(|r| bad(r))
        .map(|r| r.obj.range.start)
        .collect();
    if wanted.is_empty() {
        return;
    }
    // The marks' pointers come from the walk that finds every mark.
    for (o, mark, pointer) in marks(cx.connector) {
        if wanted.contains(&o.range.start) {
            let d = Diagnostic::new(
                meta,
                doc.file,
                mark.name.range(),
                pointer,
                message.to_string(),
            );
            cx.report(d.with_fix_if(fix(doc.text, o)));
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a notification URL property (`"x-ms-notification-url": true`) that neither it nor
    /// any schema or parameter above it in the request is `x-ms-visibility: internal`.
    ///
    /// ## Why is this bad?
    /// The platform fills the callback URL itself; a visible field invites users to type one. The
    /// validator rejects the file with NotificationUrlNotInternal.
    ///
    /// ## Example
    /// ```json
    /// "callbackUrl": { "type": "string", "x-ms-notification-url": true }
    /// ```
    ///
    /// Use instead: add `"x-ms-visibility": "internal"` (the fix does).
    pub SwgNotifUrlInternal {
        id: "swg-notif-url-internal",
        category: Operation,
        level: Error,
        summary: "Notification URL property is not internal",
        validator: "NotificationUrlNotInternal",
        fix: Safe,
    }
}

impl Rule for SwgNotifUrlInternal {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        report_reached(
            cx,
            &Self::META,
            |r| !r.internal,
            "The notification URL property itself or at least one of its parents must be internal.",
            |text, o| {
                // Replace a visibility that is not internal, or add one.
                match prop(o, "x-ms-visibility") {
                    Some(p) => Some(Fix::replace(
                        "Make it internal",
                        p.value.range(),
                        "\"internal\"",
                    )),
                    None => insert_member(text, o, "x-ms-visibility", "\"internal\"")
                        .map(|e| Fix::edit("Make it internal", e)),
                }
            },
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a notification URL property that is not required at every step from the body
    /// parameter down: the parameter `required: true`, and each property in its parent's
    /// `required` list.
    ///
    /// ## Why is this bad?
    /// An optional step can be left out of the request, and the service then has no URL to call;
    /// the trigger never fires. The validator warns with NotificationUrlNotRequired.
    ///
    /// ## Example
    /// `"callbackUrl"` marked `x-ms-notification-url` in a body schema without
    /// `"required": ["callbackUrl"]`.
    ///
    /// Use instead: add it to `required`, and make the body parameter required.
    pub SwgNotifUrlRequired {
        id: "swg-notif-url-required",
        category: Operation,
        level: Warning,
        summary: "Notification URL property is not required all the way down",
        validator: "NotificationUrlNotRequired",
    }
}

impl Rule for SwgNotifUrlRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        report_reached(
            cx,
            &Self::META,
            |r| !r.required,
            "The notification URL property must be required all the way through the schema chain.",
            |_, _| None,
        );
    }
}

/// Every object of the swagger marked as a notification URL, with its pointer.
fn marks<'c, 'a>(
    subject: &'c Subject<'c, 'a>,
) -> Vec<(&'a Object<'a>, &'a ObjectProp<'a>, String)> {
    super::keywords::constrained(subject, &["x-ms-notification-url"])
        .into_iter()
        .filter_map(|h| {
            let mark = url_mark(h.obj)?;
            Some((h.obj, mark, h.path.pointer_with("x-ms-notification-url")))
        })
        .collect()
}

declare_rule! {
    /// ## What it does
    /// Reports a notification URL property whose `type` is not `string`.
    ///
    /// ## Why is this bad?
    /// The platform fills it with a URL, which is a string. The validator rejects the file with
    /// NotificationUrlNotString.
    ///
    /// ## Example
    /// ```json
    /// "callbackUrl": { "type": "object", "x-ms-notification-url": true }
    /// ```
    ///
    /// Use instead: `"type": "string"`.
    pub SwgNotifUrlString {
        id: "swg-notif-url-string",
        category: Operation,
        level: Error,
        summary: "Notification URL property is not a string",
        validator: "NotificationUrlNotString",
    }
}

impl Rule for SwgNotifUrlString {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(doc) = cx.connector.swagger else {
            return;
        };
        let found: Vec<Finding> = marks(cx.connector)
            .into_iter()
            .filter_map(|(o, mark, pointer)| {
                let ty = get_str(o, "type")?;
                (ty.value != "string").then(|| {
                    (
                        mark.name.range(),
                        pointer,
                        "The notification URL property must be of type string.".to_string(),
                    )
                })
            })
            .collect();
        cx.report_all(&Self::META, doc.file, found);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a notification URL mark outside the request body: on a query, path, header or form
    /// parameter, or in a response.
    ///
    /// ## Why is this bad?
    /// The platform puts the callback URL in the body of the registration request only. The
    /// validator rejects the file with NotificationUrlNotAllowedInThisPosition.
    ///
    /// ## Example
    /// ```json
    /// { "name": "callback", "in": "query", "type": "string", "x-ms-notification-url": true }
    /// ```
    ///
    /// Use instead: a property of the body parameter's schema.
    pub SwgNotifUrlPosition {
        id: "swg-notif-url-position",
        category: Operation,
        level: Error,
        summary: "Notification URL property outside the request body",
        validator: "NotificationUrlNotAllowedInThisPosition",
    }
}

impl Rule for SwgNotifUrlPosition {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(doc) = cx.connector.swagger else {
            return;
        };
        let found: Vec<Finding> = marks(cx.connector)
            .into_iter()
            .filter(|(o, _, pointer)| {
                let in_response = pointer.contains("/responses/");
                let off_body = get_str(o, "in").is_some_and(|s| s.value != "body");
                in_response || off_body
            })
            .map(|(_, mark, pointer)| {
                (
                    mark.name.range(),
                    pointer,
                    "The notification URL property is not allowed in this position. It is allowed only in input body.".to_string(),
                )
            })
            .collect();
        cx.report_all(&Self::META, doc.file, found);
    }
}

/// How many notification URL properties the request of operation `i` reaches.
fn urls_of(cx: &Ctx<'_, '_>, i: usize) -> usize {
    let mut seen = HashSet::new();
    reached(cx.connector)
        .iter()
        .filter(|r| r.op == i && seen.insert(r.obj.range.start))
        .count()
}

/// Whether the operation or its path item has `x-ms-notification-content`.
fn has_notification_content(op: &Operation<'_, '_>) -> bool {
    get(op.op, "x-ms-notification-content").is_some()
        || get(op.item, "x-ms-notification-content").is_some()
}

/// The index of `op` in the structure's operations.
fn index_of(cx: &Ctx<'_, '_>, op: &Operation<'_, '_>) -> Option<usize> {
    let s = cx.connector.structure()?;
    s.operations.iter().position(|o| std::ptr::eq(o.op, op.op))
}

/// Report, as `meta`, what `f` says of each operation given how many notification URL
/// properties its request reaches.
fn check_webhooks(
    cx: &mut Ctx<'_, '_>,
    meta: &'static super::RuleMeta,
    f: impl Fn(&Operation<'_, '_>, usize) -> Option<(std::ops::Range<usize>, String, String)>,
) {
    let (Some(doc), Some(s)) = (cx.connector.swagger, cx.connector.structure()) else {
        return;
    };
    let mut counts = vec![0usize; s.operations.len()];
    let mut seen = HashSet::new();
    for r in reached(cx.connector) {
        if seen.insert((r.op, r.obj.range.start)) {
            counts[r.op] += 1;
        }
    }
    let found: Vec<Finding> = s
        .operations
        .iter()
        .zip(counts)
        .filter_map(|(op, n)| f(op, n))
        .collect();
    cx.report_all(meta, doc.file, found);
}

declare_rule! {
    /// ## What it does
    /// Reports a webhook operation (its request carries a notification URL property) with no
    /// `x-ms-notification-content` on it or on its path item.
    ///
    /// ## Why is this bad?
    /// `x-ms-notification-content` describes what the service posts to the callback URL: the
    /// trigger's outputs. Without it the trigger has none. The validator rejects the file with
    /// OperationMustHaveNotificationContentExtension.
    ///
    /// ## Example
    /// A `POST /hooks` with a `callbackUrl` marked `x-ms-notification-url` and no
    /// `x-ms-notification-content`.
    ///
    /// Use instead: add `"x-ms-notification-content": { "schema": { "$ref": "#/definitions/Event" } }` to the path item.
    pub SwgNotificationContentMissing {
        id: "swg-notification-content-missing",
        category: Operation,
        level: Error,
        summary: "Webhook operation has no x-ms-notification-content",
        validator: "OperationMustHaveNotificationContentExtension",
    }
}

impl Rule for SwgNotificationContentMissing {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_webhooks(cx, &Self::META, |op, n| {
            (n > 0 && !has_notification_content(op)).then(|| {
                (
                    op.key.clone(),
                    op.pointer.clone(),
                    format!("The operation '{}' is missing notification content extension as it has '{n}' properties marked as notification URL.", op.name()),
                )
            })
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a trigger (`x-ms-trigger`) with `x-ms-notification-content` on it or on its path
    /// item, a webhook trigger, whose request carries no notification URL property.
    ///
    /// ## Why is this bad?
    /// The service is never told where to send its events, so the trigger never fires. The
    /// validator rejects the file with WebhookOperationsMissingNotificationUrlProperty.
    ///
    /// ## Example
    /// A `POST /hooks` trigger whose body has `callbackUrl` without `"x-ms-notification-url": true`.
    ///
    /// Use instead: mark the callback URL property `"x-ms-notification-url": true` and
    /// `"x-ms-visibility": "internal"`.
    pub SwgWebhookNotificationUrl {
        id: "swg-webhook-notification-url",
        category: Operation,
        level: Error,
        summary: "Webhook trigger has no notification URL property",
        validator: "WebhookOperationsMissingNotificationUrlProperty",
    }
}

impl Rule for SwgWebhookNotificationUrl {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_webhooks(cx, &Self::META, |op, n| {
            let trigger = get(op.op, "x-ms-trigger").is_some();
            (trigger && n == 0 && has_notification_content(op)).then(|| {
                (
                    op.key.clone(),
                    op.pointer.clone(),
                    format!(
                        "The webhook operation '{}' is missing notification URL property.",
                        op.name()
                    ),
                )
            })
        });
    }
}

/// The `x-ms-notification` extension of an operation, when it has one.
fn notification<'j, 'a>(op: &Operation<'j, 'a>) -> Option<&'j ObjectProp<'a>> {
    prop(op.op, "x-ms-notification")
}

/// Report, as `meta`, `message` for each operation with `x-ms-notification` that `bad` holds.
fn check_notification(
    cx: &mut Ctx<'_, '_>,
    meta: &'static super::RuleMeta,
    bad: impl Fn(&Ctx<'_, '_>, &Operation<'_, '_>, &ObjectProp<'_>) -> bool,
    message: &'static str,
) {
    let Some(s) = cx.connector.structure() else {
        return;
    };
    let found: Vec<Finding> = s
        .operations
        .iter()
        .filter_map(|op| {
            let n = notification(op)?;
            bad(cx, op, n).then(|| {
                (
                    n.name.range(),
                    format!("{}/x-ms-notification", op.pointer),
                    message.to_string(),
                )
            })
        })
        .collect();
    if let Some(doc) = cx.connector.swagger {
        cx.report_all(meta, doc.file, found);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `x-ms-notification` on an operation that is not a trigger (`x-ms-trigger`).
    ///
    /// ## Why is this bad?
    /// The extension ties a trigger to the webhook that delivers its events; an action has none.
    /// The validator rejects the file with NotificationExtensionSupportedForTriggerOnly.
    ///
    /// ## Example
    /// `"x-ms-notification": { "operationId": "RegisterHook" }` on an action.
    ///
    /// Use instead: remove it, or add `"x-ms-trigger": "single"`.
    pub SwgNotificationTriggerOnly {
        id: "swg-notification-trigger-only",
        category: Operation,
        level: Error,
        summary: "x-ms-notification on an operation that is not a trigger",
        validator: "NotificationExtensionSupportedForTriggerOnly",
    }
}

impl Rule for SwgNotificationTriggerOnly {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_notification(
            cx,
            &Self::META,
            |_, op, _| get(op.op, "x-ms-trigger").is_none(),
            "The 'x-ms-notification' is supported for trigger operations only.",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `x-ms-notification` on a webhook operation (one whose request carries a
    /// notification URL property).
    ///
    /// ## Why is this bad?
    /// A webhook registers its callback itself; `x-ms-notification` is for a trigger that points
    /// to one. The validator rejects the file with
    /// NotificationExtensionNotSupportedInWebhookOperation.
    ///
    /// ## Example
    /// `"x-ms-notification": { "operationId": "RegisterHook" }` on `RegisterHook` itself.
    ///
    /// Use instead: remove it.
    pub SwgNotificationInWebhook {
        id: "swg-notification-in-webhook",
        category: Operation,
        level: Error,
        summary: "x-ms-notification on a webhook operation",
        validator: "NotificationExtensionNotSupportedInWebhookOperation",
    }
}

impl Rule for SwgNotificationInWebhook {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_notification(
            cx,
            &Self::META,
            |cx, op, _| index_of(cx, op).is_some_and(|i| urls_of(cx, i) > 0),
            "The 'x-ms-notification' extension must not be defined in a webhook operation.",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an `x-ms-notification` whose `operationId` names an operation that is not a
    /// webhook (its request carries no notification URL property). A missing operation is
    /// `swg-opid-not-found`'s.
    ///
    /// ## Why is this bad?
    /// The trigger's events come from the webhook it names; an ordinary operation registers
    /// nothing. The validator rejects the file with NotificationOperationMustBeWebhook.
    ///
    /// ## Example
    /// `"x-ms-notification": { "operationId": "ListTasks" }`.
    ///
    /// Use instead: the id of the operation that registers the webhook.
    pub SwgNotificationOpWebhook {
        id: "swg-notification-op-webhook",
        category: Operation,
        level: Error,
        summary: "x-ms-notification names an operation that is not a webhook",
        validator: "NotificationOperationMustBeWebhook",
    }
}

impl Rule for SwgNotificationOpWebhook {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_notification(
            cx,
            &Self::META,
            |cx, _, n| {
                let Some(id) = as_obj(&n.value).and_then(|o| get_str(o, "operationId")) else {
                    return false;
                };
                let Some(s) = cx.connector.structure() else {
                    return false;
                };
                s.by_id
                    .get(id.value.as_ref())
                    .is_some_and(|&i| urls_of(cx, i) == 0)
            },
            "The 'operationId' property in 'x-ms-notification' extension must be for a webhook operation.",
        );
    }
}
