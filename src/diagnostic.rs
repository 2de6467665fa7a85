//! A finding: which rule, how severe, where (file, byte span, JSON pointer), what, and an optional
//! fix carried as data.

use std::borrow::Cow;
use std::ops::Range;

use crate::meta::{Level, RuleMeta};
use crate::source::Position;

/// Index of a file within one connector's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// One byte-range replacement.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Edit {
    pub span: Range<usize>,
    pub replacement: String,
    /// Resolved from `span` once linting is done.
    pub start: Position,
    pub end: Position,
}

/// A safe, obvious fix: what it does and the edits that do it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub description: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn replace(
        description: impl Into<String>,
        span: Range<usize>,
        replacement: impl Into<String>,
    ) -> Fix {
        Fix::edit(description, Edit::replace(span, replacement))
    }

    /// A fix of one edit.
    pub fn edit(description: impl Into<String>, edit: Edit) -> Fix {
        Fix {
            description: description.into(),
            edits: vec![edit],
        }
    }
}

impl Edit {
    /// Replace the bytes of `span` with `replacement` (source text, escaped as the file needs).
    pub fn replace(span: Range<usize>, replacement: impl Into<String>) -> Edit {
        Edit {
            span,
            replacement: replacement.into(),
            start: Position::default(),
            end: Position::default(),
        }
    }

    /// Insert `text` at byte `at`.
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit::replace(at..at, text)
    }
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub level: Level,
    pub file: FileId,
    /// Byte range into the file's decoded text. Empty spans point at a position.
    pub span: Range<usize>,
    /// RFC 6901 JSON pointer of the value (or of the object that should hold a missing value).
    /// (Boxed strings: a corpus run holds about 150,000 findings until they are written.)
    pub pointer: Box<str>,
    pub message: Cow<'static, str>,
    pub help: Option<Box<str>>,
    pub fix: Option<Box<Fix>>,
    /// For a breaking change, the path Microsoft's Breaking Change Detector names the change by
    /// (`operation/GetItem/responses/200/schema/id`): what `[[accept-breaking]]` entries match.
    pub value_path: Option<Box<str>>,
    /// Line and column of `span`, resolved once linting is done (end exclusive).
    pub start: Position,
    pub end: Position,
    /// FNV-1a hash of the offending text (the bytes under `span`), for fingerprints and baselines.
    pub text_hash: u64,
}

impl Diagnostic {
    pub fn new(
        rule: &'static RuleMeta,
        file: FileId,
        span: Range<usize>,
        pointer: impl Into<Box<str>>,
        message: impl Into<Cow<'static, str>>,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            level: rule.level,
            file,
            span,
            pointer: pointer.into(),
            message: message.into(),
            help: None,
            fix: None,
            value_path: None,
            start: Position::default(),
            end: Position::default(),
            text_hash: 0,
        }
    }

    pub fn with_help(mut self, help: impl Into<Box<str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attach a fix. The rule must declare one (`fix: Safe` or `fix: Unsafe` in
    /// `declare_rule!`): that declaration is what `--fix` reads.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        debug_assert!(
            self.rule.fix != crate::meta::FixKind::None,
            "{} offers a fix but declares none",
            self.rule.id
        );
        self.fix = Some(Box::new(fix));
        self
    }

    /// Attach `fix` when there is one (see [`Diagnostic::with_fix`]).
    pub fn with_fix_if(self, fix: Option<Fix>) -> Self {
        match fix {
            Some(fix) => self.with_fix(fix),
            None => self,
        }
    }

    pub fn with_value_path(mut self, value_path: impl Into<Box<str>>) -> Self {
        self.value_path = Some(value_path.into());
        self
    }

    pub fn with_level(mut self, level: Level) -> Self {
        self.level = level;
        self
    }
}

/// The hash of a finding's offending text, for fingerprints and baselines. A span over a JSON
/// object or array is hashed without the white space between tokens, so that re-indenting the file
/// keeps the hash; other spans (a string, a word) are hashed as they are.
pub fn text_hash(text: &str) -> u64 {
    if !text.starts_with(['{', '[']) {
        return fnv1a64(&[text]);
    }
    let mut compact = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c.is_whitespace() {
            continue;
        }
        compact.push(c);
    }
    fnv1a64(&[&compact])
}

/// 64-bit FNV-1a: a stable hash for fingerprints and baselines (same value on every platform and
/// in every version).
pub fn fnv1a64(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in part.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::{fnv1a64, text_hash};

    #[test]
    fn fnv_is_stable() {
        assert_eq!(fnv1a64(&[""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(&["a"]), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(fnv1a64(&["ab", "c"]), fnv1a64(&["a", "bc"]));
    }

    #[test]
    fn text_hash_ignores_indentation_of_objects_only() {
        let a = "{\"type\": \"string\", \"description\": \"a  b\"}";
        let b = "{\n    \"type\":\"string\",\n    \"description\": \"a  b\"\n}";
        assert_eq!(text_hash(a), text_hash(b));
        // Spaces inside strings count.
        assert_ne!(
            text_hash(a),
            text_hash("{\"type\": \"string\", \"description\": \"a b\"}")
        );
        // A string or a word is hashed as it is.
        assert_ne!(text_hash("a  b"), text_hash("a b"));
    }
}
