//! Every user-facing string of a connector, as a [`TextItem`] with its field kind, JSON pointer,
//! exact byte span and owner.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use crate::diagnostic::{Diagnostic, FileId};
use crate::json::{
    self, as_obj, get, get_arr, get_bool, get_obj, get_str, push_index, push_token, Json, Object,
    StringLit, Value,
};
use crate::meta::RuleMeta;

/// What a string is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    ConnectorTitle,
    ConnectorDescription,
    OperationSummary,
    OperationDescription,
    TriggerHint,
    /// Parameter `x-ms-summary`.
    ParameterSummary,
    ParameterDescription,
    /// Schema `title`: of a property or a value, not of an object or array at the root of a
    /// definition, response or body parameter, which no field shows.
    PropertyTitle,
    /// Schema `x-ms-summary`.
    PropertySummary,
    PropertyDescription,
    ResponseDescription,
    /// Response `x-ms-summary`: the label of a response that is one value.
    ResponseSummary,
    /// Response header `x-ms-summary`: the label of a header output.
    HeaderSummary,
    /// Response header `description`.
    HeaderDescription,
    EnumDisplayName,
    ConnectionParameterDisplayName,
    ConnectionParameterDescription,
    ConnectionParameterTooltip,
    AllowedValueText,
}

impl Field {
    pub const ALL: [Field; 19] = [
        Field::ConnectorTitle,
        Field::ConnectorDescription,
        Field::OperationSummary,
        Field::OperationDescription,
        Field::TriggerHint,
        Field::ParameterSummary,
        Field::ParameterDescription,
        Field::PropertyTitle,
        Field::PropertySummary,
        Field::PropertyDescription,
        Field::ResponseDescription,
        Field::ResponseSummary,
        Field::HeaderSummary,
        Field::HeaderDescription,
        Field::EnumDisplayName,
        Field::ConnectionParameterDisplayName,
        Field::ConnectionParameterDescription,
        Field::ConnectionParameterTooltip,
        Field::AllowedValueText,
    ];

    /// Name used in messages and in `connector-lint strings`.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::ConnectorTitle => "title",
            Field::ConnectorDescription => "description",
            Field::OperationSummary => "operation summary",
            Field::OperationDescription => "operation description",
            Field::TriggerHint => "x-ms-trigger-hint",
            Field::ParameterSummary => "parameter x-ms-summary",
            Field::ParameterDescription => "parameter description",
            Field::PropertyTitle => "schema title",
            Field::PropertySummary => "schema x-ms-summary",
            Field::PropertyDescription => "schema description",
            Field::ResponseDescription => "response description",
            Field::ResponseSummary => "response x-ms-summary",
            Field::HeaderSummary => "response header x-ms-summary",
            Field::HeaderDescription => "response header description",
            Field::EnumDisplayName => "x-ms-enum-values displayName",
            Field::ConnectionParameterDisplayName => "connection parameter displayName",
            Field::ConnectionParameterDescription => "connection parameter description",
            Field::ConnectionParameterTooltip => "connection parameter tooltip",
            Field::AllowedValueText => "allowed value text",
        }
    }

    /// Whether the field holds prose that should read as a sentence.
    pub fn is_description(self) -> bool {
        matches!(
            self,
            Field::ConnectorDescription
                | Field::OperationDescription
                | Field::ParameterDescription
                | Field::PropertyDescription
                | Field::HeaderDescription
                | Field::ConnectionParameterDescription
                | Field::ConnectionParameterTooltip
                | Field::TriggerHint
        )
    }
}

/// What a string describes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Owner<'a> {
    /// JSON key, parameter name or operationId the string belongs to.
    pub name: Option<&'a str>,
    /// `x-ms-visibility: internal` on the element or an ancestor: never shown to users.
    pub internal: bool,
    /// Part of a deprecated operation.
    pub deprecated: bool,
}

/// One user-facing string.
#[derive(Debug, Clone)]
pub struct TextItem<'a> {
    pub field: Field,
    pub file: FileId,
    /// RFC 6901 pointer to the string.
    pub pointer: String,
    /// Decoded value.
    pub text: &'a str,
    /// Byte span of the string literal in the file, quotes included.
    pub literal: Range<usize>,
    /// The file's text, to map decoded offsets back through escapes.
    pub source: &'a str,
    pub owner: Owner<'a>,
    /// Whether the string only repeats its owner's name (computed on first use).
    repeats_name: OnceLock<bool>,
    /// The literal's escape sequences, read on the first mapping of a decoded offset in a
    /// literal that has any.
    escapes: OnceLock<Box<json::Escapes<'a>>>,
}

/// Findings on user-facing strings.
impl Diagnostic {
    /// A finding on a user-facing string: its file and pointer, at `span`.
    pub fn on(
        rule: &'static RuleMeta,
        item: &TextItem<'_>,
        span: Range<usize>,
        message: impl Into<Cow<'static, str>>,
    ) -> Diagnostic {
        Diagnostic::new(rule, item.file, span, item.pointer.as_str(), message)
    }
}

impl<'a> TextItem<'a> {
    /// Span of the string's content, without its quotes.
    pub fn content_span(&self) -> Range<usize> {
        let start = (self.literal.start + 1).min(self.literal.end);
        start..self.literal.end.saturating_sub(1).max(start)
    }

    /// Source span of a byte range of the decoded text.
    pub fn span_of(&self, decoded: Range<usize>) -> Range<usize> {
        // Each escape sequence is longer than what it decodes to: a literal whose content is as
        // long as its value has none, and offsets map one to one.
        let content = self.content_span();
        if content.len() == self.text.len() {
            let at = |d: usize| content.start + d.min(content.len());
            return at(decoded.start)..at(decoded.end);
        }
        let escapes = self
            .escapes
            .get_or_init(|| Box::new(json::Escapes::new(self.source, &self.literal)));
        escapes.to_source(decoded.start)..escapes.to_source(decoded.end)
    }

    /// Number of Unicode code points.
    pub fn char_len(&self) -> usize {
        self.text.chars().count()
    }

    /// Whether the string only repeats the name of what it describes (see
    /// `loc-identifier-as-text`): equal to it, letters and digits compared without case, and a
    /// description or written as an identifier. Computed once. The other sentence and identifier
    /// rules stay silent on such a string: this is what is wrong with it.
    pub fn repeats_owner_name(&self) -> bool {
        *self.repeats_name.get_or_init(|| repeats_name(self))
    }
}

/// See [`TextItem::repeats_owner_name`].
fn repeats_name(item: &TextItem<'_>) -> bool {
    let Some(name) = item.owner.name else {
        return false;
    };
    let text = item.text.trim();
    // Cheap test first: the two can only be equal if their lengths are close.
    if text.is_empty() || text.len() > 2 * name.len() + 8 || name.len() > 2 * text.len() + 8 {
        return false;
    }
    if !text.chars().any(char::is_alphanumeric) || !letters(text).eq(letters(name)) {
        return false;
    }
    let identifier_like = !text.contains(char::is_whitespace)
        && (text.contains('_')
            || text
                .chars()
                .collect::<Vec<_>>()
                .windows(2)
                .any(|w| w[0].is_lowercase() && w[1].is_uppercase()));
    item.field.is_description() || identifier_like
}

/// The letters and digits of `s`, lower-cased, without allocating.
fn letters(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
}

use crate::swagger::{is_internal, VERBS};

/// Whether a schema is the root of a definition, of a response or of a body parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Root {
    Yes,
    No,
}

/// Whether a schema is an object or an array (by its `type` or by the keywords that make one),
/// rather than a single value.
fn is_structured(s: &Object<'_>) -> bool {
    matches!(
        get_str(s, "type").map(|t| &*t.value),
        Some("object" | "array")
    ) || ["properties", "items", "allOf", "additionalProperties"]
        .iter()
        .any(|k| get(s, k).is_some())
}

struct Walker<'j, 'a> {
    doc: &'j Json<'a>,
    ptr: String,
    out: Vec<TextItem<'j>>,
}

impl<'j, 'a: 'j> Walker<'j, 'a> {
    fn push(&mut self, field: Field, key: &str, lit: &'j StringLit<'a>, owner: Owner<'j>) {
        let len = self.ptr.len();
        push_token(&mut self.ptr, key);
        self.out.push(TextItem {
            field,
            file: self.doc.file,
            pointer: self.ptr.clone(),
            text: &lit.value,
            literal: lit.range.start..lit.range.end,
            source: self.doc.text,
            owner,
            repeats_name: OnceLock::new(),
            escapes: OnceLock::new(),
        });
        self.ptr.truncate(len);
    }

    fn string(&mut self, o: &'j Object<'a>, key: &str, field: Field, owner: Owner<'j>) {
        if let Some(s) = get_str(o, key) {
            self.push(field, key, s, owner);
        }
    }

    fn with<F: FnOnce(&mut Self)>(&mut self, key: &str, f: F) {
        let len = self.ptr.len();
        push_token(&mut self.ptr, key);
        f(self);
        self.ptr.truncate(len);
    }

    fn with_index<F: FnOnce(&mut Self)>(&mut self, i: usize, f: F) {
        let len = self.ptr.len();
        push_index(&mut self.ptr, i);
        f(self);
        self.ptr.truncate(len);
    }

    fn swagger(&mut self, root: &'j Object<'a>) {
        if let Some(info) = get_obj(root, "info") {
            let owner = Owner::default();
            self.with("info", |w| {
                w.string(info, "title", Field::ConnectorTitle, owner);
                w.string(info, "description", Field::ConnectorDescription, owner);
            });
        }
        if let Some(paths) = get_obj(root, "paths") {
            self.with("paths", |w| {
                for p in w.doc.entries(paths) {
                    let Some(item) = as_obj(&p.value) else {
                        continue;
                    };
                    w.with(p.name.as_str(), |w| w.path_item(item));
                }
            });
        }
        if let Some(params) = get_obj(root, "parameters") {
            self.with("parameters", |w| {
                for p in w.doc.entries(params) {
                    if let Some(o) = as_obj(&p.value) {
                        w.with(p.name.as_str(), |w| w.parameter(o, Owner::default()));
                    }
                }
            });
        }
        if let Some(responses) = get_obj(root, "responses") {
            self.with("responses", |w| {
                for p in w.doc.entries(responses) {
                    if let Some(o) = as_obj(&p.value) {
                        w.with(p.name.as_str(), |w| w.response(o, Owner::default()));
                    }
                }
            });
        }
        if let Some(defs) = get_obj(root, "definitions") {
            self.with("definitions", |w| {
                for p in w.doc.entries(defs) {
                    if let Some(o) = as_obj(&p.value) {
                        let owner = Owner {
                            name: Some(p.name.as_str()),
                            ..Owner::default()
                        };
                        w.with(p.name.as_str(), |w| w.schema(o, owner, Root::Yes));
                    }
                }
            });
        }
    }

    fn path_item(&mut self, item: &'j Object<'a>) {
        if let Some(params) = get_arr(item, "parameters") {
            self.with("parameters", |w| {
                for (i, p) in params.elements.iter().enumerate() {
                    if let Some(o) = as_obj(p) {
                        w.with_index(i, |w| w.parameter(o, Owner::default()));
                    }
                }
            });
        }
        for p in self.doc.entries(item) {
            let verb = p.name.as_str();
            if !VERBS.contains(&verb) {
                continue;
            }
            let Some(op) = as_obj(&p.value) else { continue };
            let owner = Owner {
                name: get_str(op, "operationId").map(|s| &*s.value),
                internal: is_internal(op),
                deprecated: get_bool(op, "deprecated") == Some(true),
            };
            self.with(verb, |w| w.operation(op, owner));
        }
        // The payload a webhook trigger delivers, documented on the path item: its description
        // and the labels of its outputs are shown like those of a response.
        if let Some(n) = get_obj(item, "x-ms-notification-content") {
            self.with("x-ms-notification-content", |w| {
                w.response(n, Owner::default())
            });
        }
    }

    fn operation(&mut self, op: &'j Object<'a>, owner: Owner<'j>) {
        self.string(op, "summary", Field::OperationSummary, owner);
        self.string(op, "description", Field::OperationDescription, owner);
        self.string(op, "x-ms-trigger-hint", Field::TriggerHint, owner);
        let inherited = Owner {
            name: None,
            ..owner
        };
        if let Some(params) = get_arr(op, "parameters") {
            self.with("parameters", |w| {
                for (i, p) in params.elements.iter().enumerate() {
                    if let Some(o) = as_obj(p) {
                        w.with_index(i, |w| w.parameter(o, inherited));
                    }
                }
            });
        }
        if let Some(responses) = get_obj(op, "responses") {
            self.with("responses", |w| {
                for p in w.doc.entries(responses) {
                    if let Some(o) = as_obj(&p.value) {
                        // The designer shows the outputs of a successful response only: the
                        // strings of an error response (4xx, 5xx, `default`) are never shown,
                        // like those of internal elements.
                        let code = p.name.as_str();
                        let owner = if code.starts_with('2') {
                            inherited
                        } else {
                            Owner {
                                internal: true,
                                ..inherited
                            }
                        };
                        w.with(code, |w| w.response(o, owner));
                    }
                }
            });
        }
        if let Some(n) = get_obj(op, "x-ms-notification-content") {
            self.with("x-ms-notification-content", |w| w.response(n, inherited));
        }
    }

    fn parameter(&mut self, p: &'j Object<'a>, inherited: Owner<'j>) {
        if get(p, "$ref").is_some() {
            return; // extracted where it is defined
        }
        let owner = Owner {
            name: get_str(p, "name").map(|s| &*s.value),
            internal: inherited.internal || is_internal(p),
            deprecated: inherited.deprecated,
        };
        // An object or array body is no field: the designer shows its schema's properties, and
        // the body's own summary and description are never shown.
        let own = Owner {
            internal: owner.internal || crate::swagger::is_structured_body(self.doc, p),
            ..owner
        };
        self.string(p, "x-ms-summary", Field::ParameterSummary, own);
        self.string(p, "description", Field::ParameterDescription, own);
        self.enum_values(p, owner);
        let child = Owner {
            name: None,
            ..owner
        };
        if let Some(s) = get_obj(p, "schema") {
            self.with("schema", |w| w.schema(s, child, Root::Yes));
        }
        if let Some(s) = get_obj(p, "items") {
            self.with("items", |w| w.schema(s, child, Root::No));
        }
    }

    fn response(&mut self, r: &'j Object<'a>, owner: Owner<'j>) {
        if get(r, "$ref").is_some() {
            return;
        }
        self.string(r, "description", Field::ResponseDescription, owner);
        self.string(r, "x-ms-summary", Field::ResponseSummary, owner);
        if let Some(headers) = get_obj(r, "headers") {
            self.with("headers", |w| {
                for p in w.doc.entries(headers) {
                    let Some(h) = as_obj(&p.value) else { continue };
                    // A header is an output of its own, named by its key.
                    let own = Owner {
                        name: Some(p.name.as_str()),
                        internal: owner.internal || is_internal(h),
                        ..owner
                    };
                    w.with(p.name.as_str(), |w| {
                        w.string(h, "x-ms-summary", Field::HeaderSummary, own);
                        w.string(h, "description", Field::HeaderDescription, own);
                    });
                }
            });
        }
        if let Some(s) = get_obj(r, "schema") {
            self.with("schema", |w| w.schema(s, owner, Root::Yes));
        }
    }

    fn enum_values(&mut self, o: &'j Object<'a>, owner: Owner<'j>) {
        if let Some(values) = get_arr(o, "x-ms-enum-values") {
            self.with("x-ms-enum-values", |w| {
                for (i, v) in values.elements.iter().enumerate() {
                    if let Some(v) = as_obj(v) {
                        w.with_index(i, |w| {
                            w.string(v, "displayName", Field::EnumDisplayName, owner)
                        });
                    }
                }
            });
        }
    }

    fn schema(&mut self, s: &'j Object<'a>, inherited: Owner<'j>, root: Root) {
        if get(s, "$ref").is_some() {
            return;
        }
        let owner = Owner {
            internal: inherited.internal || is_internal(s),
            ..inherited
        };
        // The `title` of an object or array at the root of a definition, a response or a body
        // parameter names the type, and no field shows it: the user sees its properties (with
        // their own titles) and the parameter's or response's own strings. A value at the root (a
        // string body, a definition of a string) is one field, and its title is its label.
        if root == Root::No || !is_structured(s) {
            self.string(s, "title", Field::PropertyTitle, owner);
        }
        self.string(s, "x-ms-summary", Field::PropertySummary, owner);
        self.string(s, "description", Field::PropertyDescription, owner);
        self.enum_values(s, owner);
        if let Some(props) = get_obj(s, "properties") {
            self.with("properties", |w| {
                for p in w.doc.entries(props) {
                    if let Some(o) = as_obj(&p.value) {
                        let child = Owner {
                            name: Some(p.name.as_str()),
                            ..owner
                        };
                        w.with(p.name.as_str(), |w| w.schema(o, child, Root::No));
                    }
                }
            });
        }
        let child = Owner {
            name: None,
            ..owner
        };
        match get(s, "items") {
            Some(Value::Object(o)) => self.with("items", |w| w.schema(o, child, Root::No)),
            Some(Value::Array(a)) => self.with("items", |w| {
                for (i, e) in a.elements.iter().enumerate() {
                    if let Some(o) = as_obj(e) {
                        w.with_index(i, |w| w.schema(o, child, Root::No));
                    }
                }
            }),
            _ => {}
        }
        if let Some(all) = get_arr(s, "allOf") {
            self.with("allOf", |w| {
                for (i, e) in all.elements.iter().enumerate() {
                    if let Some(o) = as_obj(e) {
                        w.with_index(i, |w| w.schema(o, child, Root::No));
                    }
                }
            });
        }
        if let Some(o) = get_obj(s, "additionalProperties") {
            self.with("additionalProperties", |w| w.schema(o, child, Root::No));
        }
    }

    fn api_properties(&mut self, root: &'j Object<'a>) {
        let Some(props) = get_obj(root, "properties") else {
            return;
        };
        self.with("properties", |w| {
            if let Some(cps) = get_obj(props, "connectionParameters") {
                w.with("connectionParameters", |w| w.connection_parameters(cps));
            }
            if let Some(sets) = get_obj(props, "connectionParameterSets") {
                w.with("connectionParameterSets", |w| {
                    w.ui_definition(sets, Owner::default());
                    if let Some(values) = get_arr(sets, "values") {
                        w.with("values", |w| {
                            for (i, v) in values.elements.iter().enumerate() {
                                let Some(v) = as_obj(v) else { continue };
                                w.with_index(i, |w| {
                                    let owner = Owner {
                                        name: get_str(v, "name").map(|s| &*s.value),
                                        ..Owner::default()
                                    };
                                    w.ui_definition(v, owner);
                                    if let Some(cps) = get_obj(v, "parameters") {
                                        w.with("parameters", |w| w.connection_parameters(cps));
                                    }
                                });
                            }
                        });
                    }
                });
            }
        });
    }

    fn connection_parameters(&mut self, cps: &'j Object<'a>) {
        for p in self.doc.entries(cps) {
            let Some(cp) = as_obj(&p.value) else { continue };
            let owner = Owner {
                name: Some(p.name.as_str()),
                ..Owner::default()
            };
            self.with(p.name.as_str(), |w| {
                w.ui_definition(cp, owner);
                if let Some(values) = get_arr(cp, "allowedValues") {
                    w.with("allowedValues", |w| {
                        for (i, v) in values.elements.iter().enumerate() {
                            let Some(ui) = as_obj(v).and_then(|v| get_obj(v, "uiDefinition"))
                            else {
                                continue;
                            };
                            w.with_index(i, |w| {
                                w.with("uiDefinition", |w| {
                                    w.string(ui, "displayName", Field::AllowedValueText, owner);
                                    w.string(ui, "description", Field::AllowedValueText, owner);
                                })
                            });
                        }
                    });
                }
            });
        }
    }

    /// `uiDefinition` of a connection parameter or parameter set.
    fn ui_definition(&mut self, holder: &'j Object<'a>, owner: Owner<'j>) {
        let Some(ui) = get_obj(holder, "uiDefinition") else {
            return;
        };
        self.with("uiDefinition", |w| {
            w.string(
                ui,
                "displayName",
                Field::ConnectionParameterDisplayName,
                owner,
            );
            w.string(
                ui,
                "description",
                Field::ConnectionParameterDescription,
                owner,
            );
            w.string(ui, "tooltip", Field::ConnectionParameterTooltip, owner);
            if let Some(values) =
                get_obj(ui, "constraints").and_then(|c| get_arr(c, "allowedValues"))
            {
                w.with("constraints", |w| {
                    w.with("allowedValues", |w| {
                        for (i, v) in values.elements.iter().enumerate() {
                            if let Some(v) = as_obj(v) {
                                w.with_index(i, |w| {
                                    w.string(v, "text", Field::AllowedValueText, owner)
                                });
                            }
                        }
                    })
                });
            }
        });
    }
}

/// Every user-facing string of a swagger document.
pub fn swagger_strings<'j, 'a: 'j>(doc: &'j Json<'a>) -> Vec<TextItem<'j>> {
    let mut w = Walker {
        doc,
        ptr: String::new(),
        out: Vec::new(),
    };
    if let Some(root) = as_obj(&doc.root) {
        w.swagger(root);
    }
    w.out
}

/// Every user-facing string of an apiProperties document.
pub fn api_properties_strings<'j, 'a: 'j>(doc: &'j Json<'a>) -> Vec<TextItem<'j>> {
    let mut w = Walker {
        doc,
        ptr: String::new(),
        out: Vec::new(),
    };
    if let Some(root) = as_obj(&doc.root) {
        w.api_properties(root);
    }
    w.out
}

#[cfg(test)]
mod tests {
    use super::letters;

    #[test]
    fn names_compare_across_styles() {
        assert!(letters("user_id").eq(letters("userId")));
        assert!(letters("First Name").eq(letters("firstName")));
    }
}
