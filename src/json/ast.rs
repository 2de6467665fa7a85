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
    pub properties: Box<[ObjectProp<'a>]>,
    /// For an object of more than [`Object::INDEXED`] properties, a hash table of their
    /// positions, so that a lookup is one probe or two: `paths`, `definitions` and `parameters`
    /// are looked up by key per operation and per `$ref`. `None` for smaller objects, which are
    /// searched in order. (A thin pointer: an object, and so every value, is no larger than
    /// without it.)
    index: Option<Box<KeyIndex>>,
}

/// Open addressing over property positions: a power of two of slots, at least twice the
/// properties, each empty (`u32::MAX`) or the position of the last property of its name.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyIndex {
    slots: Box<[u32]>,
}

const EMPTY: u32 = u32::MAX;

fn key_hash(key: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(key)
}

impl KeyIndex {
    fn new(properties: &[ObjectProp<'_>]) -> KeyIndex {
        let mut slots = vec![EMPTY; (properties.len() * 2).next_power_of_two()].into_boxed_slice();
        let mask = slots.len() - 1;
        for (i, p) in properties.iter().enumerate() {
            let name = p.name.as_str();
            let mut at = key_hash(name) as usize & mask;
            loop {
                let s = slots[at];
                if s == EMPTY || properties[s as usize].name.as_str() == name {
                    // A later property of the same name takes the slot: the last one wins.
                    slots[at] = i as u32;
                    break;
                }
                at = (at + 1) & mask;
            }
        }
        KeyIndex { slots }
    }

    fn get<'o, 'a>(
        &self,
        properties: &'o [ObjectProp<'a>],
        key: &str,
    ) -> Option<&'o ObjectProp<'a>> {
        let mask = self.slots.len() - 1;
        let mut at = key_hash(key) as usize & mask;
        loop {
            let s = self.slots[at];
            if s == EMPTY {
                return None;
            }
            count_comparison();
            let p = &properties[s as usize];
            if p.name.as_str() == key {
                return Some(p);
            }
            at = (at + 1) & mask;
        }
    }
}

impl<'a> Object<'a> {
    /// Objects with more properties than this get an index.
    pub const INDEXED: usize = 16;

    pub fn new(range: Range<usize>, properties: Vec<ObjectProp<'a>>) -> Object<'a> {
        let index = (properties.len() > Self::INDEXED
            && properties.len() < (u32::MAX / 2) as usize)
            .then(|| Box::new(KeyIndex::new(&properties)));
        Object {
            range,
            properties: properties.into_boxed_slice(),
            index,
        }
    }

    /// The property `key`; with duplicate keys, the last one.
    pub fn prop(&self, key: &str) -> Option<&ObjectProp<'a>> {
        match &self.index {
            Some(index) => index.get(&self.properties, key),
            None => self.properties.iter().rev().find(|p| {
                count_comparison();
                p.name.as_str() == key
            }),
        }
    }
}

#[cfg(test)]
thread_local! {
    /// Keys compared by [`Object::prop`] on this thread: tests count the work of lookups.
    pub static KEYS_COMPARED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[cfg(test)]
fn count_comparison() {
    KEYS_COMPARED.with(|c| c.set(c.get() + 1));
}

#[cfg(not(test))]
#[inline(always)]
fn count_comparison() {}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_takes_no_more_room_than_before_objects_had_an_index() {
        // A large swagger holds millions of values: the index of an object is behind a thin
        // pointer, and its properties in a boxed slice, so a value stays at 48 bytes.
        assert_eq!(std::mem::size_of::<Object<'_>>(), 40);
        assert_eq!(std::mem::size_of::<Value<'_>>(), 48);
    }
}
