//! paconn's JSON schema for apiProperties.json (`schemas/paconn-apiProperties.schema.json`,
//! vendored from the connectors repository), with the corrections that merged certified
//! connectors show it needs (`schemas/paconn-apiProperties.corrections.json`, each with its
//! evidence), and the validation of a file against it.
//!
//! The validator (the `jsonschema` crate) reports a `oneOf` it cannot match as one error with
//! every branch's errors inside. The schema's `oneOf`s are tagged unions: a connection
//! parameter by its `type`, an OAuth setting by its `identityProvider`, a policy template by its
//! `templateId`. [`check`] picks the branch the tag names (ignoring case, so that a tag in the
//! wrong case is reported once, as such) and reports that branch's errors, each at the member
//! it is about; a tag no branch names is reported with every value the branches allow.

use std::sync::LazyLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{ValidationError, Validator};
use serde_json::Value as Sj;

use crate::json::{self, Value};

const SCHEMA: &str = include_str!("../schemas/paconn-apiProperties.schema.json");
const CORRECTIONS: &str = include_str!("../schemas/paconn-apiProperties.corrections.json");

/// The members whose value picks a `oneOf` branch.
const TAGS: [&str; 3] = ["type", "identityProvider", "templateId"];

/// One segment of a location in the checked file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// What is wrong at a location.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    /// A member the object's schema does not allow; `known` are the members it names.
    Unexpected { key: String, known: Vec<String> },
    /// A required member is missing.
    Missing { key: String },
    /// A value none of `allowed` (each written as JSON).
    NotAllowed { allowed: Vec<String> },
    /// A value of another JSON type than `expected` ("string or boolean").
    WrongType { expected: String },
    /// Any other error, in the validator's words.
    Other(String),
}

/// A problem at the location `path` (for [`Problem::Unexpected`] and [`Problem::Missing`], the
/// object's).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    pub path: Vec<Seg>,
    pub problem: Problem,
}

/// The corrected schema and its compiled validator.
struct Compiled {
    schema: Sj,
    validator: Validator,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let mut schema = parse(SCHEMA).expect("the vendored schema is JSON");
    let corrections = parse(CORRECTIONS).expect("the corrections are JSON");
    for c in corrections
        .as_array()
        .expect("the corrections are an array")
    {
        if let Err(why) = apply(&mut schema, c) {
            panic!("correction {} does not apply: {why}", c["path"]);
        }
    }
    encode_references(&mut schema);
    let validator = jsonschema::options()
        .should_validate_formats(false)
        .build(&schema)
        .expect("the corrected schema compiles");
    Compiled { schema, validator }
});

/// Reads JSON with comments (the schema has `//` lines) as a `serde_json` value.
fn parse(text: &str) -> Option<Sj> {
    let parsed = json::parser::parse(text);
    parsed.result.ok().map(|v| to_serde(text, &v))
}

/// The `serde_json` value of a parsed value (a number the standard cannot hold becomes `null`).
pub fn to_serde(text: &str, v: &Value<'_>) -> Sj {
    match v {
        Value::Object(o) => Sj::Object(
            o.properties
                .iter()
                .map(|p| (p.name.as_str().to_string(), to_serde(text, &p.value)))
                .collect(),
        ),
        Value::Array(a) => Sj::Array(a.elements.iter().map(|e| to_serde(text, e)).collect()),
        Value::StringLit(s) => Sj::String(s.as_str().to_string()),
        Value::NumberLit(r) => text
            .get(r.clone())
            .and_then(|t| serde_json::from_str::<serde_json::Number>(t).ok())
            .map_or(Sj::Null, Sj::Number),
        Value::BooleanLit(b, _) => Sj::Bool(*b),
        Value::NullKeyword(_) => Sj::Null,
    }
}

/// Percent-encodes `<` and `>` in every `$ref`: two definitions have them in their names
/// (`Parameter<x-ms-apimTemplate-policySection>-…`), which a URI may not hold.
fn encode_references(v: &mut Sj) {
    match v {
        Sj::Object(o) => {
            for (k, v) in o.iter_mut() {
                match v {
                    Sj::String(s) if k == "$ref" => *s = s.replace('<', "%3C").replace('>', "%3E"),
                    _ => encode_references(v),
                }
            }
        }
        Sj::Array(a) => a.iter_mut().for_each(encode_references),
        _ => {}
    }
}

/// Applies one correction: `add` (a new member, or `-` to append to an array) or `replace`.
fn apply(schema: &mut Sj, c: &Sj) -> Result<(), String> {
    let (Some(op), Some(path), Some(value)) =
        (c["op"].as_str(), c["path"].as_str(), c.get("value"))
    else {
        return Err("it needs op, path and value".into());
    };
    let (parent, last) = path.rsplit_once('/').ok_or("the path is not a pointer")?;
    let last = last.replace("~1", "/").replace("~0", "~");
    let target = schema
        .pointer_mut(parent)
        .ok_or("its parent is not in the schema")?;
    match (op, target) {
        ("add", Sj::Array(a)) if last == "-" => a.push(value.clone()),
        ("add", Sj::Object(o)) if !o.contains_key(&last) => {
            o.insert(last, value.clone());
        }
        ("replace", Sj::Object(o)) if o.contains_key(&last) => {
            o.insert(last, value.clone());
        }
        _ => return Err(format!("'{op}' does not fit the schema at {path}")),
    }
    Ok(())
}

fn segs(loc: &jsonschema::paths::Location) -> Vec<Seg> {
    loc.segments()
        .map(|s| match s {
            LocationSegment::Property(p) => Seg::Key(p.into_owned()),
            LocationSegment::Index(i) => Seg::Index(i),
        })
        .collect()
}

/// The violations of an apiProperties.json document (its parsed root), sorted and without
/// repeats.
pub fn check(text: &str, root: &Value<'_>) -> Vec<Violation> {
    let compiled = &*COMPILED;
    let instance = to_serde(text, root);
    let mut out = Vec::new();
    for e in compiled.validator.iter_errors(&instance) {
        flatten(compiled, &instance, &e, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

/// The value at `path` in `instance`.
fn at<'v>(instance: &'v Sj, path: &[Seg]) -> Option<&'v Sj> {
    path.iter().try_fold(instance, |v, s| match s {
        Seg::Key(k) => v.get(k),
        Seg::Index(i) => v.get(i),
    })
}

/// Whether `e` rejects the tag of the object at `base` (an enum, const or `not` on it).
fn tag_error<'e>(e: &'e ValidationError<'_>, base: &[Seg]) -> Option<&'e str> {
    let path = segs(e.instance_path());
    let (last, parent) = path.split_last()?;
    let Seg::Key(key) = last else { return None };
    let tag = TAGS.iter().find(|t| **t == key)?;
    let rejects = matches!(
        e.kind(),
        ValidationErrorKind::Enum { .. }
            | ValidationErrorKind::Constant { .. }
            | ValidationErrorKind::Not { .. }
    );
    (rejects && parent == base).then_some(tag)
}

fn enum_options(e: &ValidationError<'_>) -> Vec<Sj> {
    match e.kind() {
        ValidationErrorKind::Enum { options } => options.as_array().cloned().unwrap_or_default(),
        ValidationErrorKind::Constant { expected_value } => vec![(**expected_value).clone()],
        _ => Vec::new(),
    }
}

fn flatten(compiled: &Compiled, instance: &Sj, e: &ValidationError<'_>, out: &mut Vec<Violation>) {
    let path = segs(e.instance_path());
    let problem = match e.kind() {
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            return branch(compiled, instance, &path, context, out);
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let known = known_members(compiled, e);
            for key in unexpected {
                out.push(Violation {
                    path: path.clone(),
                    problem: Problem::Unexpected {
                        key: key.clone(),
                        known: known.clone(),
                    },
                });
            }
            return;
        }
        ValidationErrorKind::Required { property } => Problem::Missing {
            key: property
                .as_str()
                .map_or_else(|| property.to_string(), str::to_string),
        },
        ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. } => {
            Problem::NotAllowed {
                allowed: enum_options(e).iter().map(Sj::to_string).collect(),
            }
        }
        ValidationErrorKind::Type { kind } => Problem::WrongType {
            expected: match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => set
                    .into_iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            },
        },
        _ => Problem::Other(e.masked().to_string()),
    };
    out.push(Violation { path, problem });
}

/// A `oneOf` or `anyOf` no branch of which matches the object at `base`: the errors of the
/// branch its tag names, or the unknown tag.
fn branch(
    compiled: &Compiled,
    instance: &Sj,
    base: &[Seg],
    context: &[Vec<ValidationError<'static>>],
    out: &mut Vec<Violation>,
) {
    // A branch that only says "not one of the known tags" is the schema's catch-all.
    let catch_all = |b: &[ValidationError<'_>]| {
        !b.is_empty()
            && b.iter().all(|e| {
                matches!(e.kind(), ValidationErrorKind::Not { .. })
                    && segs(e.instance_path()) == base
            })
    };
    let tagged = |b: &[ValidationError<'_>]| b.iter().any(|e| tag_error(e, base).is_some());
    let mut open: Vec<&Vec<ValidationError<'static>>> = context
        .iter()
        .filter(|b| !tagged(b) && !catch_all(b))
        .collect();
    if open.is_empty() {
        // No branch for this tag: one whose tag differs only in case, else the unknown tag.
        let mut tag = None;
        let mut allowed: Vec<Sj> = Vec::new();
        for b in context {
            for e in b {
                let Some(t) = tag_error(e, base) else {
                    continue;
                };
                tag = Some(t);
                let value = at(instance, &path_with(base, t));
                let options = enum_options(e);
                let same_but_case = value.and_then(Sj::as_str).is_some_and(|v| {
                    options
                        .iter()
                        .filter_map(Sj::as_str)
                        .any(|o| o.eq_ignore_ascii_case(v))
                });
                if same_but_case && open.is_empty() {
                    open.push(b);
                }
                for o in options {
                    if !allowed.contains(&o) {
                        allowed.push(o);
                    }
                }
            }
        }
        if open.is_empty() {
            if let Some(t) = tag {
                out.push(Violation {
                    path: path_with(base, t),
                    problem: Problem::NotAllowed {
                        allowed: allowed.iter().map(Sj::to_string).collect(),
                    },
                });
            }
            return;
        }
    }
    // Of the branches left, the one with the fewest errors.
    let best = open
        .iter()
        .min_by_key(|b| b.len())
        .expect("a branch is left");
    for e in best.iter() {
        flatten(compiled, instance, e, out);
    }
}

fn path_with(base: &[Seg], key: &str) -> Vec<Seg> {
    let mut p = base.to_vec();
    p.push(Seg::Key(key.to_string()));
    p
}

/// The members the schema names for the object an `additionalProperties` error is about.
fn known_members(compiled: &Compiled, e: &ValidationError<'_>) -> Vec<String> {
    let schema_path = e.schema_path().as_str();
    let object = schema_path
        .strip_suffix("/additionalProperties")
        .and_then(|p| compiled.schema.pointer(p));
    let mut known: Vec<String> = object
        .and_then(|o| o.get("properties"))
        .and_then(Sj::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    known.sort();
    known
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violations(text: &str) -> Vec<Violation> {
        let parsed = json::parser::parse(text);
        check(text, &parsed.result.expect("JSON"))
    }

    #[test]
    fn every_correction_applies_and_the_schema_compiles() {
        let compiled = &*COMPILED;
        assert!(compiled.schema["definitions"]["ConnectionParameterSets"].is_object());
    }

    #[test]
    fn a_valid_file_has_no_violation() {
        let v = violations(
            r##"{ "properties": { "iconBrandColor": "#007ee5", "publisher": "Contoso",
                 "connectionParameters": { "api_key": { "type": "securestring",
                   "uiDefinition": { "displayName": "API key", "constraints": { "required": "true" } } } } } }"##,
        );
        assert_eq!(v, []);
    }

    #[test]
    fn the_tag_picks_the_branch() {
        let v = violations(
            r##"{ "properties": { "iconBrandColor": "#007ee5", "connectionParameters": {
                 "token": { "type": "oauthSetting", "oAuthSettings": {
                   "identityProvider": "oauth2", "redirectMode": "Globl",
                   "customParameters": { "authorizationUrl": {}, "loginUri": {} } } } } } }"##,
        );
        let token = |rest: &[&str]| -> Vec<Seg> {
            [
                "properties",
                "connectionParameters",
                "token",
                "oAuthSettings",
            ]
            .iter()
            .chain(rest)
            .map(|k| Seg::Key(k.to_string()))
            .collect()
        };
        assert_eq!(
            v,
            [
                Violation {
                    path: token(&["customParameters"]),
                    problem: Problem::Unexpected {
                        key: "loginUri".into(),
                        known: vec![
                            "authorizationUrl".into(),
                            "refreshUrl".into(),
                            "tokenUrl".into()
                        ],
                    },
                },
                Violation {
                    path: token(&["redirectMode"]),
                    problem: Problem::NotAllowed {
                        allowed: vec![
                            "\"Global\"".into(),
                            "\"Direct\"".into(),
                            "\"GlobalPerConnector\"".into()
                        ],
                    },
                },
            ]
        );
    }

    #[test]
    fn an_unknown_tag_lists_every_value() {
        let v = violations(
            r##"{ "properties": { "iconBrandColor": "#007ee5", "connectionParameters": {
                 "key": { "type": "text" } } } }"##,
        );
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].path.last(), Some(&Seg::Key("type".into())), "{v:?}");
        let Problem::NotAllowed { allowed } = &v[0].problem else {
            panic!("{v:?}")
        };
        assert!(allowed.contains(&"\"securestring\"".to_string()));
        assert!(allowed.contains(&"\"oauthSetting\"".to_string()));
    }

    #[test]
    fn a_tag_in_the_wrong_case_still_checks_its_branch() {
        let v = violations(
            r##"{ "properties": { "iconBrandColor": "#007ee5", "connectionParameters": {
                 "token": { "type": "oAuthSetting", "oAuthSettings": { "identityProvider": "aad", "scope": [] } } } } }"##,
        );
        let problems: Vec<_> = v.iter().map(|v| &v.problem).collect();
        assert!(
            problems
                .iter()
                .any(|p| matches!(p, Problem::Unexpected { key, .. } if key == "scope")),
            "{v:?}"
        );
    }
}
