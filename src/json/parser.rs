//! A span-preserving JSON parser that reports, in the same single pass, everything a strict parser
//! would reject but that can be read anyway: trailing commas, comments, raw control characters in
//! strings and non-JSON white space. Each is a finding; the file is still parsed. Anything else
//! stops the parse with one error at the byte where the parser stopped.
//!
//! Nesting is bounded: the parser stops with an error before it descends past [`MAX_DEPTH`], so the
//! recursion never goes deeper than that, whatever the input.

use std::borrow::Cow;
use std::ops::Range;

use super::ast::{Array, Object, ObjectProp, StringLit, Value};

/// Deepest nesting accepted.
pub const MAX_DEPTH: usize = 128;

/// Something a strict JSON parser rejects but this one reads on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leniency {
    TrailingComma(usize),
    Comment(Range<usize>),
    /// A raw byte below U+0020 inside a string.
    ControlChar(usize),
    /// White space JSON does not allow (U+000B, U+000C, non-ASCII spaces) outside strings.
    OddWhitespace(usize, char),
}

/// Why the parse stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Where the parser stopped.
    pub offset: usize,
    pub message: String,
    /// The nesting limit was hit.
    pub too_deep: bool,
}

type PResult<T> = Result<T, ParseError>;

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    depth: usize,
    lenient: Vec<Leniency>,
    /// Members and elements of the objects and arrays being parsed, innermost last: each container
    /// takes its own off the top when it closes, in one allocation of the exact size (growing a
    /// vector per container cost a tenth of the parse in reallocations).
    members: Vec<ObjectProp<'a>>,
    elements: Vec<Value<'a>>,
    /// Whether some object has a key twice (they are reported by a walk only when there are any).
    duplicates: bool,
}

/// What [`parse`] found: the value or the error, the leniencies (even when parsing failed), and
/// whether some object has a duplicate key.
pub struct Parsed<'a> {
    pub result: Result<Value<'a>, ParseError>,
    pub leniencies: Vec<Leniency>,
    pub duplicates: bool,
}

/// Parse `text`.
pub fn parse(text: &str) -> Parsed<'_> {
    let mut p = Parser {
        text,
        b: text.as_bytes(),
        i: 0,
        depth: 0,
        lenient: Vec::new(),
        members: Vec::new(),
        elements: Vec::new(),
        duplicates: false,
    };
    let result = p.document();
    Parsed {
        result,
        leniencies: p.lenient,
        duplicates: p.duplicates,
    }
}

impl<'a> Parser<'a> {
    fn err<T>(&self, offset: usize, message: impl Into<String>) -> PResult<T> {
        Err(ParseError {
            offset,
            message: message.into(),
            too_deep: false,
        })
    }

    fn document(&mut self) -> PResult<Value<'a>> {
        self.ws()?;
        if self.i >= self.b.len() {
            return self.err(self.i, "the file is empty; a JSON value was expected");
        }
        let v = self.value()?;
        self.ws()?;
        if self.i < self.b.len() {
            return self.err(self.i, "unexpected content after the JSON value");
        }
        Ok(v)
    }

    /// Skip white space and comments, noting the ones JSON does not allow.
    fn ws(&mut self) -> PResult<()> {
        while self.i < self.b.len() {
            // Fast path: runs of ordinary white space (indentation).
            while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
                self.i += 1;
            }
            if self.i >= self.b.len() {
                break;
            }
            match self.b[self.i] {
                b' ' | b'\t' | b'\n' | b'\r' => self.i += 1,
                0x0B | 0x0C => {
                    self.lenient
                        .push(Leniency::OddWhitespace(self.i, self.b[self.i] as char));
                    self.i += 1;
                }
                b'/' if self.b.get(self.i + 1) == Some(&b'/') => {
                    let start = self.i;
                    let end =
                        memchr::memchr(b'\n', &self.b[start..]).map_or(self.b.len(), |n| start + n);
                    let end = if end > start && self.b[end - 1] == b'\r' {
                        end - 1
                    } else {
                        end
                    };
                    self.lenient.push(Leniency::Comment(start..end));
                    self.i = end;
                }
                b'/' if self.b.get(self.i + 1) == Some(&b'*') => {
                    let start = self.i;
                    match memchr::memmem::find(&self.b[start + 2..], b"*/") {
                        Some(n) => {
                            self.i = start + 2 + n + 2;
                            self.lenient.push(Leniency::Comment(start..self.i));
                        }
                        None => return self.err(start, "unterminated block comment"),
                    }
                }
                c if c >= 0x80 => match self.text[self.i..].chars().next() {
                    Some(ch) if ch.is_whitespace() => {
                        self.lenient.push(Leniency::OddWhitespace(self.i, ch));
                        self.i += ch.len_utf8();
                    }
                    _ => return Ok(()),
                },
                _ => return Ok(()),
            }
        }
        Ok(())
    }

    fn value(&mut self) -> PResult<Value<'a>> {
        let start = self.i;
        match self.b.get(self.i) {
            Some(b'{') => self.object().map(Value::Object),
            Some(b'[') => self.array().map(Value::Array),
            Some(b'"') => self.string().map(Value::StringLit),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::NumberLit),
            Some(b't') => self.literal("true").map(|r| Value::BooleanLit(true, r)),
            Some(b'f') => self.literal("false").map(|r| Value::BooleanLit(false, r)),
            Some(b'n') => self.literal("null").map(Value::NullKeyword),
            Some(_) => self.err(
                start,
                format!("expected a value, found {}", self.describe(start)),
            ),
            None => self.err(start, "expected a value, found the end of the file"),
        }
    }

    fn describe(&self, at: usize) -> String {
        match self.text[at..].chars().next() {
            Some(c) if c.is_control() || c.is_whitespace() => format!("'{}'", c.escape_debug()),
            Some(c) => format!("'{c}'"),
            None => "the end of the file".to_string(),
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError {
                offset: self.i,
                message: format!("nesting is deeper than {MAX_DEPTH} levels"),
                too_deep: true,
            });
        }
        Ok(())
    }

    fn object(&mut self) -> PResult<Object<'a>> {
        let start = self.i;
        self.enter()?;
        self.i += 1;
        let base = self.members.len();
        self.ws()?;
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Object::new(start..self.i, Vec::new()));
        }
        loop {
            if self.b.get(self.i) != Some(&b'"') {
                return match self.b.get(self.i) {
                    None => self.err(self.i, "unterminated object"),
                    _ => self.err(
                        self.i,
                        format!(
                            "expected a property name in double quotes, found {}",
                            self.describe(self.i)
                        ),
                    ),
                };
            }
            let name = self.string()?;
            self.ws()?;
            if self.b.get(self.i) != Some(&b':') {
                return self.err(
                    self.i,
                    format!(
                        "expected ':' after the property name, found {}",
                        self.describe(self.i)
                    ),
                );
            }
            self.i += 1;
            self.ws()?;
            let value = self.value()?;
            self.members.push(ObjectProp { name, value });
            if !self.separator(b'}', "object")? {
                break;
            }
        }
        if !self.duplicates {
            super::duplicate_members(&self.members[base..], |_| {
                self.duplicates = true;
                false
            });
        }
        let properties: Vec<ObjectProp<'a>> = self.members.drain(base..).collect();
        self.depth -= 1;
        Ok(Object::new(start..self.i, properties))
    }

    fn array(&mut self) -> PResult<Array<'a>> {
        let start = self.i;
        self.enter()?;
        self.i += 1;
        let base = self.elements.len();
        self.ws()?;
        if self.b.get(self.i) == Some(&b']') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Array {
                range: start..self.i,
                elements: Vec::new(),
            });
        }
        loop {
            if self.i >= self.b.len() {
                return self.err(self.i, "unterminated array");
            }
            let v = self.value()?;
            self.elements.push(v);
            if !self.separator(b']', "array")? {
                break;
            }
        }
        let elements: Vec<Value<'a>> = self.elements.drain(base..).collect();
        self.depth -= 1;
        Ok(Array {
            range: start..self.i,
            elements,
        })
    }

    /// After a member or element: `,` (true: another follows), the closing bracket (false), or an
    /// error. A `,` right before the closing bracket is a trailing comma: reported, then closed.
    fn separator(&mut self, close: u8, what: &str) -> PResult<bool> {
        self.ws()?;
        match self.b.get(self.i) {
            Some(b',') => {
                let comma = self.i;
                self.i += 1;
                self.ws()?;
                if self.b.get(self.i) == Some(&close) {
                    self.lenient.push(Leniency::TrailingComma(comma));
                    self.i += 1;
                    return Ok(false);
                }
                Ok(true)
            }
            Some(&c) if c == close => {
                self.i += 1;
                Ok(false)
            }
            None => self.err(self.i, format!("unterminated {what}")),
            Some(_) => self.err(
                self.i,
                format!(
                    "expected ',' or '{}', found {}",
                    close as char,
                    self.describe(self.i)
                ),
            ),
        }
    }

    fn literal(&mut self, word: &str) -> PResult<Range<usize>> {
        let start = self.i;
        if self.b[start..].starts_with(word.as_bytes()) {
            self.i += word.len();
            if !self
                .b
                .get(self.i)
                .is_some_and(|c| c.is_ascii_alphanumeric())
            {
                return Ok(start..self.i);
            }
        }
        self.err(
            start,
            format!("expected a value, found {}", self.describe(start)),
        )
    }

    fn number(&mut self) -> PResult<Range<usize>> {
        let start = self.i;
        let b = self.b;
        let mut i = self.i;
        if b[i] == b'-' {
            i += 1;
        }
        let digits = |i: &mut usize| {
            let s = *i;
            while *i < b.len() && b[*i].is_ascii_digit() {
                *i += 1;
            }
            *i - s
        };
        let int_start = i;
        if digits(&mut i) == 0 {
            return self.err(i, "expected a digit");
        }
        if b[int_start] == b'0' && i - int_start > 1 {
            return self.err(int_start, "numbers cannot have leading zeros");
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if digits(&mut i) == 0 {
                return self.err(i, "expected a digit after the decimal point");
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                return self.err(i, "expected a digit in the exponent");
            }
        }
        self.i = i;
        Ok(start..i)
    }

    fn string(&mut self) -> PResult<StringLit<'a>> {
        let start = self.i;
        let b = self.b;
        let mut i = start + 1;
        let mut owned: Option<String> = None;
        let mut seg = i;
        loop {
            let next = match memchr::memchr2(b'"', b'\\', &b[i..]) {
                Some(n) => i + n,
                None => return self.err(start, "unterminated string"),
            };
            if b[i..next].iter().any(|&c| c < 0x20) {
                self.lenient.extend(
                    (i..next)
                        .filter(|&k| b[k] < 0x20)
                        .map(Leniency::ControlChar),
                );
            }
            if b[next] == b'"' {
                let value = match owned {
                    Some(mut s) => {
                        s.push_str(&self.text[seg..next]);
                        Cow::Owned(s)
                    }
                    None => Cow::Borrowed(&self.text[seg..next]),
                };
                self.i = next + 1;
                return Ok(StringLit {
                    range: start..self.i,
                    value,
                });
            }
            // An escape.
            let s = owned.get_or_insert_with(String::new);
            s.push_str(&self.text[seg..next]);
            let (ch, len) = match b.get(next + 1) {
                Some(b'"') => ('"', 2),
                Some(b'\\') => ('\\', 2),
                Some(b'/') => ('/', 2),
                Some(b'b') => ('\u{8}', 2),
                Some(b'f') => ('\u{c}', 2),
                Some(b'n') => ('\n', 2),
                Some(b'r') => ('\r', 2),
                Some(b't') => ('\t', 2),
                Some(b'u') => {
                    let hex = |at: usize| -> Option<u32> {
                        let h = self.text.get(at..at + 4)?;
                        if h.bytes().all(|c| c.is_ascii_hexdigit()) {
                            u32::from_str_radix(h, 16).ok()
                        } else {
                            None
                        }
                    };
                    let Some(cp) = hex(next + 2) else {
                        return self.err(next, "invalid \\u escape: four hex digits expected");
                    };
                    if (0xD800..0xDC00).contains(&cp)
                        && self.text.get(next + 6..next + 8) == Some("\\u")
                    {
                        match hex(next + 8) {
                            Some(lo @ 0xDC00..0xE000) => {
                                let c = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                                (char::from_u32(c).unwrap_or('\u{FFFD}'), 12)
                            }
                            _ => ('\u{FFFD}', 6),
                        }
                    } else {
                        (char::from_u32(cp).unwrap_or('\u{FFFD}'), 6)
                    }
                }
                Some(_) => {
                    return self.err(
                        next,
                        format!("invalid escape {}", self.describe_escape(next)),
                    )
                }
                None => return self.err(start, "unterminated string"),
            };
            s.push(ch);
            i = next + len;
            seg = i;
        }
    }

    fn describe_escape(&self, at: usize) -> String {
        let end = self.text[at + 1..]
            .chars()
            .next()
            .map_or(at + 1, |c| at + 1 + c.len_utf8());
        format!("'{}'", &self.text[at..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> (Value<'_>, Vec<Leniency>) {
        let p = parse(text);
        (p.result.unwrap(), p.leniencies)
    }

    fn fails(text: &str) -> ParseError {
        parse(text).result.unwrap_err()
    }

    #[test]
    fn duplicate_keys_are_noticed() {
        assert!(!parse(r#"{"a": {"b": 1}, "b": [{"a": 1}]}"#).duplicates);
        assert!(parse(r#"{"a": [{"b": 1, "b": 2}]}"#).duplicates);
        // Large objects are checked with a set.
        let keys: Vec<String> = (0..20).map(|i| format!("\"k{i}\": {i}")).collect();
        let big = format!("{{{}}}", keys.join(", "));
        assert!(!parse(&big).duplicates);
        let big = format!("{{{}, \"k3\": 0}}", keys.join(", "));
        assert!(parse(&big).duplicates);
    }

    #[test]
    fn values_and_ranges() {
        let (v, l) = ok(r#" {"a": [1, -2.5e3, true, null, "x\"y"], "b": {}} "#);
        assert!(l.is_empty());
        assert_eq!(v.range(), 1..48);
        let Value::Object(o) = v else { panic!() };
        assert_eq!(o.properties[0].name.as_str(), "a");
        assert_eq!(o.properties[0].name.range, 2..5);
        let Value::Array(a) = &o.properties[0].value else {
            panic!()
        };
        assert_eq!(a.elements.len(), 5);
        let Value::StringLit(s) = &a.elements[4] else {
            panic!()
        };
        assert_eq!(s.as_str(), "x\"y");
        assert_eq!(s.range, 31..37);
    }

    #[test]
    fn escapes_decode_including_surrogate_pairs() {
        let (v, _) = ok(r#""\u00e9\ud83d\ude00\n\/\t""#);
        let Value::StringLit(s) = v else { panic!() };
        assert_eq!(s.as_str(), "é😀\n/\t");
    }

    #[test]
    fn leniencies_are_collected_and_parsing_goes_on() {
        let (_, l) = ok("{\"a\": [1,], // c\n \"b\": \"x\ty\",}");
        assert_eq!(
            l,
            vec![
                Leniency::TrailingComma(8),
                Leniency::Comment(12..16),
                Leniency::ControlChar(25),
                Leniency::TrailingComma(28)
            ]
        );
    }

    #[test]
    fn errors_stop_where_the_parser_stopped() {
        assert_eq!(fails("{\"a\": 1\n \"b\": 2}").offset, 9);
        assert_eq!(fails("{\"a\": 1").message, "unterminated object");
        assert_eq!(fails("[1, 2").offset, 5);
        assert_eq!(
            fails("{\"a\": 01}").message,
            "numbers cannot have leading zeros"
        );
        assert_eq!(fails("{\"a\": tru}").offset, 6);
        assert_eq!(
            fails("{a: 1}").message,
            "expected a property name in double quotes, found 'a'"
        );
        assert_eq!(
            fails("{} {}").message,
            "unexpected content after the JSON value"
        );
        assert_eq!(
            fails("  ").message,
            "the file is empty; a JSON value was expected"
        );
        assert_eq!(fails("\"abc").message, "unterminated string");
        assert_eq!(fails(r#""\x""#).message, "invalid escape '\\x'");
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(1_000_000);
        let e = fails(&deep);
        assert!(e.too_deep);
        assert_eq!(e.offset, MAX_DEPTH);
        let ok_depth = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok_depth).result.is_ok());
    }
}
