//! Loading JSON files: decode the bytes once, parse with byte spans, and report every problem as a
//! diagnostic while the run goes on.
//!
//! Order of work for one file:
//! 1. strip a UTF-8 BOM (`file-encoding` warning), decode invalid UTF-8 lossily (`file-encoding`
//!    error);
//! 2. one parsing pass ([`parser`]) that reports each leniency as its own `file-json-valid` finding
//!    and reads on: a trailing comma, a comment, a raw control character in a string, non-JSON white
//!    space. Anything else stops the parse with one `file-json-valid` error where the parser stopped,
//!    and the file is skipped. Nesting deeper than [`MAX_DEPTH`] is such an error, raised before the
//!    parser descends further, so no recursion (the parser's or a rule's) goes deeper;
//! 3. duplicate keys are reported (`file-duplicate-key`); lookups take the last value, as most JSON
//!    readers (and Microsoft's validator) do.

use std::collections::HashSet;
use std::ops::Range;

pub mod ast;
pub mod parser;

pub use ast::{Array, Object, ObjectProp, StringLit, Value};
use parser::Leniency;
pub use parser::MAX_DEPTH;

use crate::diagnostic::{Diagnostic, Edit, FileId, Fix};
use crate::file_rules::{FileDuplicateKey, FileEncoding, FileJsonValid};
use crate::meta::Level;

/// Decoded text of a file.
pub struct Decoded {
    pub text: String,
    pub bom_len: usize,
    pub lossy: bool,
}

/// Decode raw bytes: strip a BOM, decode invalid UTF-8 lossily. Problems go to `out`. In
/// Markdown (`markdown`), a BOM is not reported (renderers skip it and no validator reads the
/// readme) and invalid bytes are a warning.
pub fn decode(bytes: Vec<u8>, file: FileId, markdown: bool, out: &mut Vec<Diagnostic>) -> Decoded {
    // UTF-16 with a byte order mark (Windows editors' "Unicode"): named as such, then read, so
    // that its findings still come (positions count characters; no fixes are offered).
    let utf16 = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(("little-endian", u16::from_le_bytes as fn([u8; 2]) -> u16)),
        Some([0xFE, 0xFF]) => Some(("big-endian", u16::from_be_bytes as fn([u8; 2]) -> u16)),
        _ => None,
    };
    if let Some((order, unit)) = utf16 {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| unit([c[0], c.get(1).copied().unwrap_or(0)]))
            .collect();
        out.push(
            Diagnostic::new(
                &FileEncoding::META,
                file,
                0..0,
                "",
                format!("File is UTF-16 ({order}, with a byte order mark), not UTF-8; it was checked as decoded from UTF-16"),
            )
            .with_level(if markdown { Level::Warning } else { Level::Error })
            .with_help("Save the file as UTF-8 without a BOM."),
        );
        return Decoded {
            text: String::from_utf16_lossy(&units),
            bom_len: 0,
            lossy: true,
        };
    }
    let (bytes, had_bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest.to_vec(), true),
        None => (bytes, false),
    };
    if had_bom && !markdown {
        out.push(
            Diagnostic::new(
                &FileEncoding::META,
                file,
                0..0,
                "",
                "File starts with a UTF-8 byte order mark (BOM); save it as UTF-8 without a BOM",
            )
            .with_help("Many JSON parsers, including strict ones used by Microsoft's tooling, reject a leading BOM."),
        );
    }
    let bom_len = if had_bom { 3 } else { 0 };
    match String::from_utf8(bytes) {
        Ok(text) => Decoded {
            text,
            bom_len,
            lossy: false,
        },
        Err(err) => {
            let first = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let bad = count_invalid_sequences(&bytes);
            out.push(
                Diagnostic::new(
                    &FileEncoding::META,
                    file,
                    first..first + '\u{FFFD}'.len_utf8(),
                    "",
                    format!(
                        "File is not valid UTF-8 ({bad} invalid byte sequence{}); the rest of the file was checked with each replaced by U+FFFD",
                        if bad == 1 { "" } else { "s" }
                    ),
                )
                .with_level(if markdown { Level::Warning } else { Level::Error })
                .with_help("Save the file as UTF-8."),
            );
            Decoded {
                text,
                bom_len,
                lossy: true,
            }
        }
    }
}

fn count_invalid_sequences(mut bytes: &[u8]) -> usize {
    let mut n = 0;
    loop {
        match std::str::from_utf8(bytes) {
            Ok(_) => return n,
            Err(e) => {
                n += 1;
                let skip = e.valid_up_to() + e.error_len().unwrap_or(bytes.len() - e.valid_up_to());
                bytes = &bytes[skip..];
            }
        }
    }
}

/// A parsed JSON document. `dup_objects` holds the start offsets of objects with duplicate keys.
pub struct Json<'a> {
    pub root: Value<'a>,
    pub text: &'a str,
    pub file: FileId,
    dup_objects: HashSet<usize>,
}

/// Parse `text`, reporting every problem to `out`. `None` when the file cannot be parsed at all.
pub fn parse<'a>(text: &'a str, file: FileId, out: &mut Vec<Diagnostic>) -> Option<Json<'a>> {
    let parser::Parsed {
        result,
        leniencies,
        duplicates,
    } = parser::parse(text);
    for l in leniencies {
        out.push(leniency_diagnostic(text, file, l));
    }
    let root = match result {
        Ok(v) => v,
        Err(e) => {
            let at = e.offset.min(text.len());
            let end = text[at..]
                .chars()
                .next()
                .filter(|c| !c.is_whitespace())
                .map_or(at, |c| at + c.len_utf8());
            let message = if e.too_deep {
                format!("JSON {}; the file was not checked further", e.message)
            } else {
                format!(
                    "Invalid JSON: {}; the file was not checked further",
                    e.message
                )
            };
            out.push(Diagnostic::new(
                &FileJsonValid::META,
                file,
                at..end,
                "",
                message,
            ));
            return None;
        }
    };
    let mut dup_objects = HashSet::new();
    if duplicates {
        find_duplicate_keys(&root, file, &mut Path::default(), &mut dup_objects, out);
    }
    Some(Json {
        root,
        text,
        file,
        dup_objects,
    })
}

/// A leniency is a warning: the file still parses with the readers Microsoft's pipeline uses (see
/// `file-json-valid`'s docs), and every other rule still checks it.
fn leniency_diagnostic(text: &str, file: FileId, l: Leniency) -> Diagnostic {
    leniency_finding(text, file, l).with_level(Level::Warning)
}

fn leniency_finding(text: &str, file: FileId, l: Leniency) -> Diagnostic {
    let meta = &FileJsonValid::META;
    match l {
        Leniency::TrailingComma(at) => Diagnostic::new(
            meta,
            file,
            at..at + 1,
            "",
            "Trailing comma is not allowed in JSON",
        )
        .with_fix(Fix::replace("Remove the trailing comma", at..at + 1, "")),
        Leniency::Comment(r) => {
            Diagnostic::new(meta, file, r, "", "Comments are not allowed in JSON")
        }
        Leniency::ControlChar(at) => {
            let c = text.as_bytes()[at];
            let escaped = match c {
                b'\t' => "\\t".to_string(),
                b'\n' => "\\n".to_string(),
                b'\r' => "\\r".to_string(),
                _ => format!("\\u{c:04x}"),
            };
            Diagnostic::new(
                meta,
                file,
                at..at + 1,
                "",
                format!("Raw control character U+{c:04X} inside a string is not allowed in JSON"),
            )
            .with_fix(Fix::replace(
                format!("Escape it as `{escaped}`"),
                at..at + 1,
                escaped,
            ))
        }
        Leniency::OddWhitespace(at, ch) => {
            let r = at..at + ch.len_utf8();
            Diagnostic::new(
                meta,
                file,
                r.clone(),
                "",
                format!(
                    "White space U+{:04X} is not allowed in JSON outside strings",
                    ch as u32
                ),
            )
            .with_fix(Fix::replace("Replace it with a space", r, " "))
        }
    }
}

/// Call `each` with the index of every member whose name an earlier member already has, until it
/// returns false. Small objects are compared pairwise, larger ones through a set.
pub(crate) fn duplicate_members(props: &[ObjectProp<'_>], mut each: impl FnMut(usize) -> bool) {
    if props.len() <= 16 {
        for i in 1..props.len() {
            let name = props[i].name.as_str();
            if props[..i].iter().any(|p| p.name.as_str() == name) && !each(i) {
                return;
            }
        }
    } else {
        let mut seen = HashSet::with_capacity(props.len());
        for (i, p) in props.iter().enumerate() {
            if !seen.insert(p.name.as_str()) && !each(i) {
                return;
            }
        }
    }
}

fn find_duplicate_keys<'t>(
    v: &'t Value<'_>,
    file: FileId,
    path: &mut Path<'t>,
    dups: &mut HashSet<usize>,
    out: &mut Vec<Diagnostic>,
) {
    match v {
        Value::Object(o) => {
            let mut found = false;
            duplicate_members(&o.properties, |i| {
                report_dup(o, i, file, &path.pointer(), out);
                found = true;
                true
            });
            if found {
                dups.insert(o.range.start);
            }
            for p in &o.properties {
                if matches!(p.value, Value::Object(_) | Value::Array(_)) {
                    path.push_key(p.name.as_str());
                    find_duplicate_keys(&p.value, file, path, dups, out);
                    path.pop();
                }
            }
        }
        Value::Array(a) => {
            for (i, e) in a.elements.iter().enumerate() {
                if matches!(e, Value::Object(_) | Value::Array(_)) {
                    path.push_index(i);
                    find_duplicate_keys(e, file, path, dups, out);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

fn report_dup(o: &Object<'_>, i: usize, file: FileId, ptr: &str, out: &mut Vec<Diagnostic>) {
    let p = &o.properties[i];
    let name = p.name.as_str();
    let mut pointer = ptr.to_string();
    push_token(&mut pointer, name);
    let key = p.name.range.clone();
    out.push(
        Diagnostic::new(
            &FileDuplicateKey::META,
            file,
            key.start..key.end,
            pointer,
            format!("Duplicate key '{name}': the last value wins, and some tools keep the first"),
        )
        .with_help("Remove or rename one of the keys."),
    );
}

/// The path to a value during a walk of the tree, kept as segments and turned into a JSON pointer
/// only when a finding needs one: walks visit every value, findings are few.
#[derive(Debug, Default)]
pub struct Path<'j> {
    segments: Vec<Segment<'j>>,
}

/// One step of a [`Path`]: a key or an array index.
#[derive(Debug, Clone, Copy)]
pub enum Segment<'j> {
    Key(&'j str),
    Index(usize),
}

impl<'j> Path<'j> {
    pub fn push_key(&mut self, key: &'j str) {
        self.segments.push(Segment::Key(key));
    }

    pub fn push_index(&mut self, i: usize) {
        self.segments.push(Segment::Index(i));
    }

    pub fn pop(&mut self) {
        self.segments.pop();
    }

    /// The path's segments, from the root: a walk that keeps a position copies these.
    pub fn segments(&self) -> &[Segment<'j>] {
        &self.segments
    }

    /// The path as a view, which [`PathRef`]'s methods read.
    pub fn view(&self) -> PathRef<'_, 'j> {
        PathRef(&self.segments)
    }

    /// How many segments the path has (0 at the root).
    pub fn len(&self) -> usize {
        self.segments.len()
    }

    /// Whether the path is the root's.
    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// The key of segment `i`, when it is a key.
    pub fn key(&self, i: usize) -> Option<&'j str> {
        self.view().key(i)
    }

    /// The RFC 6901 pointer of the path.
    pub fn pointer(&self) -> String {
        self.view().pointer()
    }

    /// The pointer of the path with `key` appended.
    pub fn pointer_with(&self, key: &str) -> String {
        self.view().pointer_with(key)
    }
}

/// A path kept as a slice of segments (a position a walk stored), with [`Path`]'s reading
/// methods.
#[derive(Debug, Clone, Copy)]
pub struct PathRef<'s, 'j>(pub &'s [Segment<'j>]);

impl<'j> PathRef<'_, 'j> {
    /// The key of segment `i`, when it is a key.
    pub fn key(&self, i: usize) -> Option<&'j str> {
        match self.0.get(i)? {
            Segment::Key(k) => Some(k),
            Segment::Index(_) => None,
        }
    }

    /// The RFC 6901 pointer of the path.
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        for s in self.0 {
            match *s {
                Segment::Key(k) => push_token(&mut out, k),
                Segment::Index(i) => push_index(&mut out, i),
            }
        }
        out
    }

    /// The pointer of the path with `key` appended.
    pub fn pointer_with(&self, key: &str) -> String {
        let mut out = self.pointer();
        push_token(&mut out, key);
        out
    }
}

/// The pointer of a stored path, written out the first time it is read: most objects a rule
/// looks at have no finding, and so need no pointer. Reads as a `&str`.
pub struct LazyPointer<'s, 'j> {
    path: PathRef<'s, 'j>,
    text: std::cell::OnceCell<String>,
}

impl<'s, 'j> LazyPointer<'s, 'j> {
    pub fn new(path: PathRef<'s, 'j>) -> Self {
        LazyPointer {
            path,
            text: std::cell::OnceCell::new(),
        }
    }
}

impl std::ops::Deref for LazyPointer<'_, '_> {
    type Target = str;

    fn deref(&self) -> &str {
        self.text.get_or_init(|| self.path.pointer())
    }
}

impl std::fmt::Display for LazyPointer<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

/// The pointer of the innermost value whose source holds byte `at` (a member's name counts as
/// the member's): where a finding made on a file's text lies in its JSON.
pub fn pointer_at(root: &Value<'_>, at: usize) -> String {
    let mut out = String::new();
    let mut v = root;
    loop {
        match v {
            Value::Object(o) => {
                let Some(p) = o
                    .properties
                    .iter()
                    .find(|p| p.name.range().contains(&at) || p.value.range().contains(&at))
                else {
                    break;
                };
                push_token(&mut out, p.name.as_str());
                if p.name.range().contains(&at) {
                    break;
                }
                v = &p.value;
            }
            Value::Array(a) => {
                let Some((i, e)) = a
                    .elements
                    .iter()
                    .enumerate()
                    .find(|(_, e)| e.range().contains(&at))
                else {
                    break;
                };
                push_index(&mut out, i);
                v = e;
            }
            _ => break,
        }
    }
    out
}

/// The pointer `pointer/key` (the key escaped).
pub fn child_pointer(pointer: &str, key: &str) -> String {
    let mut at = pointer.to_string();
    push_token(&mut at, key);
    at
}

/// The JSON type of a value, as JSON Schema and the validator name it: a number without
/// fraction or exponent is an `integer`.
pub fn type_name(text: &str, v: &Value<'_>) -> &'static str {
    match v {
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        Value::StringLit(_) => "string",
        Value::NumberLit(r) => match text.get(r.clone()) {
            Some(t) if !t.contains(['.', 'e', 'E']) => "integer",
            _ => "number",
        },
        Value::BooleanLit(..) => "boolean",
        Value::NullKeyword(_) => "null",
    }
}

/// The source text of `v` without the white space between its tokens (string contents kept):
/// two values with the same text are the same JSON, written with their keys in the same order.
pub fn compact_text(text: &str, v: &Value<'_>) -> String {
    let mut out = String::new();
    let (mut in_string, mut escaped) = (false, false);
    for c in text[v.range()].chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if !c.is_whitespace() {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

/// Append an RFC 6901 reference token.
pub fn push_token(ptr: &mut String, key: &str) {
    ptr.push('/');
    for c in key.chars() {
        match c {
            '~' => ptr.push_str("~0"),
            '/' => ptr.push_str("~1"),
            c => ptr.push(c),
        }
    }
}

pub fn push_index(ptr: &mut String, i: usize) {
    use std::fmt::Write;
    let _ = write!(ptr, "/{i}");
}

impl<'a> Json<'a> {
    /// Whether `o` holds duplicate keys (so iteration must skip shadowed entries).
    pub fn has_dups(&self, o: &Object<'_>) -> bool {
        !self.dup_objects.is_empty() && self.dup_objects.contains(&o.range.start)
    }

    /// The entries of an object, with duplicate keys resolved to the last one (as `get` does).
    pub fn entries<'b>(
        &'b self,
        o: &'b Object<'a>,
    ) -> impl Iterator<Item = &'b ObjectProp<'a>> + 'b {
        // With duplicates, the members whose name comes again later are left out: found once, by
        // name, rather than by searching the rest of the object from each member.
        let shadowed: Vec<bool> = if self.has_dups(o) {
            let mut seen = HashSet::with_capacity(o.properties.len());
            let mut shadowed: Vec<bool> = o
                .properties
                .iter()
                .rev()
                .map(|p| !seen.insert(p.name.as_str()))
                .collect();
            shadowed.reverse();
            shadowed
        } else {
            Vec::new()
        };
        o.properties
            .iter()
            .enumerate()
            .filter(move |(i, _)| !shadowed.get(*i).copied().unwrap_or(false))
            .map(|(_, p)| p)
    }
}

/// The property `key` of an object; with duplicate keys, the last one.
pub fn prop<'b, 'a>(o: &'b Object<'a>, key: &str) -> Option<&'b ObjectProp<'a>> {
    o.prop(key)
}

/// The value of `key` in an object.
pub fn get<'b, 'a>(o: &'b Object<'a>, key: &str) -> Option<&'b Value<'a>> {
    prop(o, key).map(|p| &p.value)
}

pub fn get_obj<'b, 'a>(o: &'b Object<'a>, key: &str) -> Option<&'b Object<'a>> {
    get(o, key).and_then(as_obj)
}

pub fn get_arr<'b, 'a>(o: &'b Object<'a>, key: &str) -> Option<&'b Array<'a>> {
    match get(o, key) {
        Some(Value::Array(a)) => Some(a),
        _ => None,
    }
}

pub fn get_str<'b, 'a>(o: &'b Object<'a>, key: &str) -> Option<&'b StringLit<'a>> {
    match get(o, key) {
        Some(Value::StringLit(s)) => Some(s),
        _ => None,
    }
}

pub fn get_bool(o: &Object<'_>, key: &str) -> Option<bool> {
    match get(o, key) {
        Some(Value::BooleanLit(b, _)) => Some(*b),
        _ => None,
    }
}

pub fn as_obj<'b, 'a>(v: &'b Value<'a>) -> Option<&'b Object<'a>> {
    match v {
        Value::Object(o) => Some(o),
        _ => None,
    }
}

pub fn span_of(v: &Value<'_>) -> Range<usize> {
    v.range()
}

/// Map a byte offset in a string's decoded value to a byte offset in the source text. `lit` is the
/// literal's span including its quotes. An offset inside an escape sequence maps to its end.
/// Each call reads the literal: to map many offsets of one literal, build an [`Escapes`] once.
pub fn decoded_to_source(text: &str, lit: &Range<usize>, decoded_offset: usize) -> usize {
    Escapes::new(text, lit).to_source(decoded_offset)
}

/// Map a range in a string's decoded value to a source byte range.
pub fn decoded_range_to_source(text: &str, lit: &Range<usize>, r: Range<usize>) -> Range<usize> {
    let escapes = Escapes::new(text, lit);
    escapes.to_source(r.start)..escapes.to_source(r.end)
}

/// The escape sequences of a string literal, read once, so that each decoded offset maps to its
/// source offset by a binary search rather than by reading the literal again (a finding per word
/// of a long description read the whole description per word).
#[derive(Debug, Clone)]
pub struct Escapes<'t> {
    /// Source offset of the literal's content (after the opening quote).
    inner_start: usize,
    /// Length of the literal's content in the source.
    raw_len: usize,
    /// Whether the content holds a backslash at all.
    escaped: bool,
    /// Each escape sequence: decoded start, decoded end and source end (offsets into the decoded
    /// value and the literal's content), in order.
    steps: Vec<Step>,
    /// The literal's content, to round an offset inside a character up to its end.
    raw: &'t str,
}

#[derive(Debug, Clone, Copy)]
struct Step {
    dec_start: usize,
    dec_end: usize,
    src_end: usize,
}

impl<'t> Escapes<'t> {
    pub fn new(text: &'t str, lit: &Range<usize>) -> Escapes<'t> {
        let inner_start = lit.start + 1;
        let inner_end = lit.end.saturating_sub(1).max(inner_start);
        let raw = &text[inner_start..inner_end];
        let escaped = raw.contains('\\');
        let mut steps = Vec::new();
        if escaped {
            let bytes = raw.as_bytes();
            let (mut src, mut dec) = (0usize, 0usize);
            while src < bytes.len() {
                if bytes[src] == b'\\' && src + 1 < bytes.len() {
                    let (src_len, dec_len) = escape_lengths(raw, src);
                    let dec_start = dec;
                    src += src_len.min(bytes.len() - src);
                    dec += dec_len;
                    steps.push(Step {
                        dec_start,
                        dec_end: dec,
                        src_end: src,
                    });
                } else {
                    // Plain text up to the next backslash maps one to one.
                    let next = memchr::memchr(b'\\', &bytes[src + 1..])
                        .map_or(bytes.len(), |i| src + 1 + i);
                    dec += next - src;
                    src = next;
                }
            }
        }
        Escapes {
            inner_start,
            raw_len: raw.len(),
            escaped,
            steps,
            raw,
        }
    }

    /// The source offset of `decoded_offset`: the end of the escape sequence or character it
    /// falls in, when it falls inside one.
    pub fn to_source(&self, decoded_offset: usize) -> usize {
        if !self.escaped {
            return self.inner_start + decoded_offset.min(self.raw_len);
        }
        if decoded_offset == 0 {
            return self.inner_start;
        }
        // The last escape sequence that starts before the offset.
        let k = self.steps.partition_point(|s| s.dec_start < decoded_offset);
        let (dec, src) = match k.checked_sub(1).map(|k| self.steps[k]) {
            Some(step) if step.dec_end >= decoded_offset => {
                return self.inner_start + step.src_end.min(self.raw_len)
            }
            Some(step) => (step.dec_end, step.src_end),
            None => (0, 0),
        };
        // Plain text after it: one to one, rounded up to the end of a character.
        let mut at = (src + (decoded_offset - dec)).min(self.raw_len);
        while !self.raw.is_char_boundary(at) {
            at += 1;
        }
        self.inner_start + at
    }
}

/// Source and decoded length of the escape sequence at `src` of a literal's content `raw`.
fn escape_lengths(raw: &str, src: usize) -> (usize, usize) {
    match raw.as_bytes()[src + 1] {
        b'u' => {
            let cp = raw
                .get(src + 2..src + 6)
                .and_then(|h| u32::from_str_radix(h, 16).ok());
            match cp {
                // A surrogate pair decodes to one 4-byte char from 12 source bytes.
                Some(0xD800..=0xDBFF) if raw.get(src + 6..src + 8) == Some("\\u") => (12, 4),
                Some(cp) => (6, char::from_u32(cp).map_or(3, char::len_utf8)),
                None => (2, 1),
            }
        }
        _ => (2, 1),
    }
}

/// The edit that adds the member `"key": value` (`value` in JSON form) after the last member of
/// `obj`, laid out as that member is: on a line of its own with the same indentation and line
/// ending, or after `, ` when the object is on one line. `None` for an empty object (there is no
/// layout to follow).
pub fn insert_member(text: &str, obj: &Object<'_>, key: &str, value: &str) -> Option<Edit> {
    let last = obj.properties.last()?;
    let name_at = last.name.range.start;
    let line_start = text[..name_at].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..name_at];
    let key = serde_json::to_string(key).expect("a string serializes");
    let sep = if line_start > obj.range.start && indent.trim().is_empty() {
        let newline = if text[..line_start].ends_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        format!(",{newline}{indent}")
    } else {
        ", ".to_string()
    };
    let at = last.value.range().end;
    Some(Edit::insert(at, format!("{sep}{key}: {value}")))
}

/// The edit that removes member `index` of `obj` with its separator: from the end of the member
/// before it, or, for the first member, up to the next member's name (so that the rest keeps its
/// layout).
pub fn remove_member(obj: &Object<'_>, index: usize) -> Option<Edit> {
    let member = obj.properties.get(index)?;
    let start = match index.checked_sub(1) {
        Some(before) => obj.properties[before].value.range().end,
        None => member.name.range.start,
    };
    let end = match (index, obj.properties.get(index + 1)) {
        (0, Some(next)) => next.name.range.start,
        _ => member.value.range().end,
    };
    Some(Edit::replace(start..end, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (bool, Vec<String>) {
        let mut out = Vec::new();
        let ok = parse(text, FileId(0), &mut out).is_some();
        (
            ok,
            out.iter()
                .map(|d| format!("{} {:?} {}", d.rule.id, d.span, d.message))
                .collect(),
        )
    }

    #[test]
    fn strict_json_has_no_findings() {
        assert_eq!(run(r#"{"a": [1, 2, {"b": "c"}]}"#), (true, vec![]));
    }

    #[test]
    fn trailing_commas_and_comments_are_reported_and_parsed() {
        let (ok, found) = run("{\"a\": 1, // note\n \"b\": [1,],}");
        assert!(ok);
        assert_eq!(
            found,
            vec![
                "file-json-valid 9..16 Comments are not allowed in JSON",
                "file-json-valid 25..26 Trailing comma is not allowed in JSON",
                "file-json-valid 27..28 Trailing comma is not allowed in JSON",
            ]
        );
    }

    #[test]
    fn unparsable_json_gives_one_finding_where_the_parser_stopped() {
        let (ok, found) = run("{\"a\": 1\n \"b\": 2}");
        assert!(!ok);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0],
            "file-json-valid 9..10 Invalid JSON: expected ',' or '}', found '\"'; the file was not checked further"
        );
    }

    #[test]
    fn unterminated_objects_are_reported_where_the_text_ends() {
        let (ok, found) = run("{\"a\": {\"b\": 1}\n  \n");
        assert!(!ok);
        assert_eq!(found, vec!["file-json-valid 18..18 Invalid JSON: unterminated object; the file was not checked further"]);
    }

    #[test]
    fn deep_nesting_is_rejected_without_recursion() {
        let text = "[".repeat(100_000);
        let (ok, found) = run(&text);
        assert!(!ok);
        assert_eq!(found, vec!["file-json-valid 128..129 JSON nesting is deeper than 128 levels; the file was not checked further"]);
    }

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        let text = format!("{{\"a\": \"{}\"}}", "[".repeat(500));
        assert!(run(&text).0);
    }

    #[test]
    fn duplicate_keys_are_reported_and_last_wins() {
        let text = r#"{"a": 1, "b": 2, "a": 3}"#;
        let mut out = Vec::new();
        let json = parse(text, FileId(0), &mut out).unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(&*out[0].pointer, "/a");
        assert_eq!(out[0].span, 17..20);
        let o = as_obj(&json.root).unwrap();
        assert_eq!(span_of(get(o, "a").unwrap()), 22..23);
        let keys: Vec<_> = json
            .entries(o)
            .map(|p| p.name.as_str().to_string())
            .collect();
        assert_eq!(keys, ["b", "a"]);
    }

    /// Key comparisons made by `f` on this thread.
    fn keys_compared(f: impl FnOnce()) -> usize {
        let before = ast::KEYS_COMPARED.with(|c| c.get());
        f();
        ast::KEYS_COMPARED.with(|c| c.get()) - before
    }

    #[test]
    fn lookups_in_a_large_object_compare_a_few_keys() {
        // `paths` and `definitions` are looked up by key per operation and per `$ref`: in an
        // object of 100,000 keys, each lookup compares a key or two, not 50,000.
        let n = 100_000;
        let mut text = String::from("{");
        for i in 0..n {
            text.push_str(&format!("\"k{i}\": {i}, "));
        }
        text.push_str("\"k7\": \"last\"}");
        let json = parse(&text, FileId(0), &mut Vec::new()).unwrap();
        let o = as_obj(&json.root).unwrap();
        let compared = keys_compared(|| {
            for i in (0..n).step_by(97) {
                let key = format!("k{i}");
                assert_eq!(prop(o, &key).map(|p| p.name.as_str()), Some(key.as_str()));
            }
            assert!(get(o, "k100000").is_none());
            assert!(get(o, "").is_none());
            // With duplicate keys, the last one.
            assert!(matches!(get(o, "k7"), Some(Value::StringLit(s)) if s.value == "last"));
        });
        let lookups = n / 97 + 4;
        assert!(
            compared >= lookups && compared <= lookups * 3,
            "{compared} keys compared in {lookups} lookups"
        );
    }

    #[test]
    fn entries_of_a_large_object_with_duplicates_keep_the_last_of_each() {
        let mut text = String::from("{");
        for i in 0..50_000 {
            text.push_str(&format!("\"k{}\": {i}, ", i % 20_000));
        }
        text.push_str("\"end\": 0}");
        let mut out = Vec::new();
        let json = parse(&text, FileId(0), &mut out).unwrap();
        assert_eq!(out.len(), 30_000, "each repeated key is reported");
        let o = as_obj(&json.root).unwrap();
        let entries: Vec<(&str, &str)> = json
            .entries(o)
            .map(|p| (p.name.as_str(), &text[p.value.range()]))
            .collect();
        assert_eq!(entries.len(), 20_001);
        assert_eq!(entries[0], ("k10000", "30000"));
        assert_eq!(entries[9_999], ("k19999", "39999"));
        assert_eq!(entries[10_000], ("k0", "40000"));
        assert_eq!(entries[20_000], ("end", "0"));
    }

    /// The mapping of decoded offsets as it was written first: walk the literal from its start
    /// for each offset.
    fn walk_to_source(text: &str, lit: &Range<usize>, decoded_offset: usize) -> usize {
        let inner_start = lit.start + 1;
        let raw = &text[inner_start..lit.end - 1];
        if !raw.contains('\\') {
            return inner_start + decoded_offset.min(raw.len());
        }
        let bytes = raw.as_bytes();
        let (mut src, mut dec) = (0, 0);
        while src < bytes.len() && dec < decoded_offset {
            if bytes[src] == b'\\' && src + 1 < bytes.len() {
                let (src_len, dec_len) = escape_lengths(raw, src);
                src += src_len.min(bytes.len() - src);
                dec += dec_len;
            } else {
                let ch_len = raw[src..].chars().next().map_or(1, char::len_utf8);
                src += ch_len;
                dec += ch_len;
            }
        }
        inner_start + src.min(raw.len())
    }

    #[test]
    fn escapes_map_every_offset_as_walking_the_literal_does() {
        let literals = [
            r#""plain words""#,
            r#""naïve café 中文 😀""#,
            r#""a\"b\u00e9c\ud83d\ude00 word\n\tend""#,
            r#""\\\\ back\/slash \u00""#,
            r#""\ud83d alone, then é\u4e2d""#,
            r#""ends with an escape\n""#,
        ];
        for lit_text in literals {
            let text = format!("{{\"d\": {lit_text}}}");
            let lit = 6..6 + lit_text.len();
            let escapes = Escapes::new(&text, &lit);
            for offset in 0..lit_text.len() + 8 {
                assert_eq!(
                    escapes.to_source(offset),
                    walk_to_source(&text, &lit, offset),
                    "offset {offset} of {lit_text}"
                );
            }
        }
    }

    #[test]
    fn unicode_white_space_outside_strings_is_a_leniency() {
        let (ok, found) = run("{\"a\": 1,\n\u{2003}\"b\": \"\u{2003}\"}");
        assert!(ok);
        assert_eq!(
            found,
            vec!["file-json-valid 9..12 White space U+2003 is not allowed in JSON outside strings"]
        );
    }

    #[test]
    fn raw_control_characters_are_a_leniency() {
        let (ok, found) = run("{\"a\": \"x\ty\"}");
        assert!(ok);
        assert_eq!(found, vec!["file-json-valid 8..9 Raw control character U+0009 inside a string is not allowed in JSON"]);
    }

    #[test]
    fn bom_and_invalid_utf8_are_encoding_findings() {
        let mut out = Vec::new();
        let decoded = decode(
            b"\xEF\xBB\xBF{\"a\": \"b\xFFc\"}".to_vec(),
            FileId(0),
            false,
            &mut out,
        );
        assert_eq!((decoded.bom_len, decoded.lossy), (3, true));
        assert_eq!(decoded.text, "{\"a\": \"b\u{FFFD}c\"}");
        let msgs: Vec<_> = out
            .iter()
            .map(|d| (d.rule.id, d.level, d.span.clone()))
            .collect();
        assert_eq!(
            msgs,
            vec![
                ("file-encoding", Level::Warning, 0..0),
                ("file-encoding", Level::Error, 8..11)
            ]
        );
    }

    #[test]
    fn a_readme_bom_is_not_reported_and_its_invalid_bytes_are_a_warning() {
        let mut out = Vec::new();
        let decoded = decode(b"\xEF\xBB\xBF# T\xFF".to_vec(), FileId(0), true, &mut out);
        assert_eq!((decoded.bom_len, decoded.lossy), (3, true));
        let found: Vec<_> = out.iter().map(|d| (d.rule.id, d.level)).collect();
        assert_eq!(found, vec![("file-encoding", Level::Warning)]);
    }

    #[test]
    fn decoded_offsets_map_through_escapes() {
        let text = r#"{"d": "a\"b\u00e9c\ud83d\ude00 word"}"#;
        let lit = 6..text.len() - 1;
        let decoded = "a\"béc😀 word";
        let w = decoded.find("word").unwrap();
        let src = decoded_to_source(text, &lit, w);
        assert_eq!(&text[src..src + 4], "word");
        let c = decoded.find('c').unwrap();
        assert_eq!(&text[decoded_to_source(text, &lit, c)..][..1], "c");
    }

    #[test]
    fn members_are_inserted_and_removed_in_the_object_s_layout() {
        let apply = |text: &str, e: crate::diagnostic::Edit| {
            format!(
                "{}{}{}",
                &text[..e.span.start],
                e.replacement,
                &text[e.span.end..]
            )
        };
        let obj = |text: &'static str| match parser::parse(text).result {
            Ok(Value::Object(o)) => o,
            other => panic!("{other:?}"),
        };
        let pretty = "{\r\n    \"name\": \"id\",\r\n    \"in\": \"path\"\r\n}";
        let e = insert_member(pretty, &obj(pretty), "x-ms-url-encoding", "\"single\"").unwrap();
        assert_eq!(
            apply(pretty, e),
            "{\r\n    \"name\": \"id\",\r\n    \"in\": \"path\",\r\n    \"x-ms-url-encoding\": \"single\"\r\n}"
        );
        let flat = r#"{ "name": "id", "in": "path" }"#;
        let e = insert_member(flat, &obj(flat), "k", "1").unwrap();
        assert_eq!(apply(flat, e), r#"{ "name": "id", "in": "path", "k": 1 }"#);
        assert!(insert_member("{}", &obj("{}"), "k", "1").is_none());

        let three = "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}";
        let o = obj(three);
        assert_eq!(
            apply(three, remove_member(&o, 0).unwrap()),
            "{\n  \"b\": 2,\n  \"c\": 3\n}"
        );
        assert_eq!(
            apply(three, remove_member(&o, 1).unwrap()),
            "{\n  \"a\": 1,\n  \"c\": 3\n}"
        );
        assert_eq!(
            apply(three, remove_member(&o, 2).unwrap()),
            "{\n  \"a\": 1,\n  \"b\": 2\n}"
        );
        let one = r#"{ "a": 1 }"#;
        assert_eq!(apply(one, remove_member(&obj(one), 0).unwrap()), "{  }");
    }
}
