//! The swagger's structure as the certification rules see it: its operations, and local `$ref`
//! references resolved to what they point to.

use std::ops::Range;

use crate::json::{as_obj, get, get_obj, get_str, push_token, Json, Object, Value};

/// The HTTP methods an OpenAPI 2.0 path item may hold.
pub const VERBS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// References are followed at most this many times, so a loop of `$ref`s ends.
const MAX_REF_HOPS: usize = 32;

/// One operation: `paths/{path}/{verb}`.
#[derive(Debug)]
pub struct Operation<'j, 'a> {
    pub path: &'j str,
    pub verb: &'j str,
    pub op: &'j Object<'a>,
    /// JSON pointer of the operation object.
    pub pointer: String,
    /// Span of the verb key: where a finding about the whole operation points.
    pub key: Range<usize>,
}

impl Operation<'_, '_> {
    /// The name the validator uses in its messages: the operationId, or "VERB path" without one.
    pub fn name(&self) -> String {
        match get_str(self.op, "operationId") {
            Some(id) if !id.value.trim().is_empty() => id.value.to_string(),
            _ => format!("{} {}", self.verb.to_uppercase(), self.path),
        }
    }
}

/// Every operation of the swagger, in source order.
pub fn operations<'j, 'a>(doc: &'j Json<'a>) -> Vec<Operation<'j, 'a>> {
    let mut out = Vec::new();
    let Some(paths) = as_obj(&doc.root).and_then(|r| get_obj(r, "paths")) else {
        return out;
    };
    for p in doc.entries(paths) {
        let Some(item) = as_obj(&p.value) else {
            continue;
        };
        for v in doc.entries(item) {
            let verb = v.name.as_str();
            if !VERBS.contains(&verb) {
                continue;
            }
            let Some(op) = as_obj(&v.value) else {
                continue;
            };
            let mut pointer = String::from("/paths");
            push_token(&mut pointer, p.name.as_str());
            push_token(&mut pointer, verb);
            out.push(Operation {
                path: p.name.as_str(),
                verb,
                op,
                pointer,
                key: v.name.range(),
            });
        }
    }
    out
}

/// Why a `$ref` could not be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    /// The reference names nothing in this document.
    NotFound(String),
    /// Not a local reference (`#/…`), or a loop of references: why.
    NotFollowed(&'static str),
}

/// `v` itself, or what its `$ref` (and theirs, in turn) points to within `doc`.
pub fn resolve<'j, 'a>(doc: &'j Json<'a>, v: &'j Value<'a>) -> Result<&'j Value<'a>, RefError> {
    let mut cur = v;
    for _ in 0..MAX_REF_HOPS {
        let Some(reference) = as_obj(cur).and_then(|o| get_str(o, "$ref")) else {
            return Ok(cur);
        };
        let r = reference.value.as_ref();
        let Some(pointer) = r.strip_prefix('#') else {
            return Err(RefError::NotFollowed("not a reference within this file"));
        };
        cur = pointer_get(&doc.root, pointer).ok_or_else(|| RefError::NotFound(r.to_string()))?;
    }
    Err(RefError::NotFollowed("a loop of references"))
}

/// The value at an RFC 6901 JSON pointer (`/definitions/Task`), with `~1` and `~0` decoded.
pub fn pointer_get<'j, 'a>(root: &'j Value<'a>, pointer: &str) -> Option<&'j Value<'a>> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut cur = root;
    for raw in pointer.strip_prefix('/')?.split('/') {
        let token = raw.replace("~1", "/").replace("~0", "~");
        cur = match cur {
            Value::Object(o) => get(o, &token)?,
            Value::Array(a) => a.elements.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::FileId;

    fn doc(text: &str) -> Json<'_> {
        crate::json::parse(text, FileId(0), &mut Vec::new()).unwrap()
    }

    #[test]
    fn operations_in_source_order_with_pointers() {
        let d = doc(
            r#"{"paths":{"/a/{id}":{"parameters":[],"get":{"operationId":"GetA"},"x-ms-notes":{}},
                "/b":{"post":{}}}}"#,
        );
        let ops = operations(&d);
        let got: Vec<(String, String)> =
            ops.iter().map(|o| (o.pointer.clone(), o.name())).collect();
        assert_eq!(
            got,
            [
                ("/paths/~1a~1{id}/get".to_string(), "GetA".to_string()),
                ("/paths/~1b/post".to_string(), "POST /b".to_string()),
            ]
        );
    }

    #[test]
    fn references_are_followed_and_dangling_ones_reported() {
        let d = doc(
            r##"{"responses":{"Ok":{"$ref":"#/responses/Real"},"Real":{"description":"OK"},
                 "Loop":{"$ref":"#/responses/Loop"}},
                "definitions":{"a/b":{"type":"string"}},
                "x":[{"$ref":"#/responses/Ok"},{"$ref":"#/responses/Gone"},{"$ref":"other.json#/a"},
                     {"$ref":"#/responses/Loop"},{"$ref":"#/definitions/a~1b"}]}"##,
        );
        let Value::Object(root) = &d.root else {
            panic!()
        };
        let Some(Value::Array(x)) = get(root, "x") else {
            panic!()
        };
        let description = |v: &Value<'_>| {
            as_obj(v)
                .and_then(|o| get_str(o, "description"))
                .map(|s| s.value.to_string())
        };
        assert_eq!(
            resolve(&d, &x.elements[0]).ok().and_then(description),
            Some("OK".to_string())
        );
        assert_eq!(
            resolve(&d, &x.elements[1]),
            Err(RefError::NotFound("#/responses/Gone".to_string()))
        );
        assert!(matches!(
            resolve(&d, &x.elements[2]),
            Err(RefError::NotFollowed(_))
        ));
        assert!(matches!(
            resolve(&d, &x.elements[3]),
            Err(RefError::NotFollowed(_))
        ));
        assert!(resolve(&d, &x.elements[4]).is_ok());
    }
}
