//! The syntax tree: every value, key and string literal keeps its byte range in the source text.

use std::borrow::Cow;
use std::ops::Range;

/// A JSON value with its byte range.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Object(Object<'a>),
    Array(Array<'a>),
    StringLit(StringLit<'a>),
    NumberLit(Range<usize>),
    BooleanLit(bool, Range<usize>),
    NullKeyword(Range<usize>),
}

impl Value<'_> {
    /// Byte range of the whole value in the source.
    pub fn range(&self) -> Range<usize> {
        match self {
            Value::Object(o) => o.range.clone(),
            Value::Array(a) => a.range.clone(),
            Value::StringLit(s) => s.range.clone(),
            Value::NumberLit(r) | Value::BooleanLit(_, r) | Value::NullKeyword(r) => r.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Object<'a> {
    /// From `{` to `}` inclusive.
    pub range: Range<usize>,
    /// In source order; duplicate keys are kept.
    pub properties: Vec<ObjectProp<'a>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectProp<'a> {
    pub name: StringLit<'a>,
    pub value: Value<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Array<'a> {
    /// From `[` to `]` inclusive.
    pub range: Range<usize>,
    pub elements: Vec<Value<'a>>,
}

/// A string literal: its range includes the quotes; `value` is decoded (borrowed when the literal
/// has no escape).
#[derive(Debug, Clone, PartialEq)]
pub struct StringLit<'a> {
    pub range: Range<usize>,
    pub value: Cow<'a, str>,
}

impl StringLit<'_> {
    pub fn as_str(&self) -> &str {
        &self.value
    }

    pub fn range(&self) -> Range<usize> {
        self.range.clone()
    }
}
