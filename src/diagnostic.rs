//! A finding: which rule, how severe, where (file, byte span, JSON pointer), what, and an optional
//! fix carried as data.

use std::ops::Range;

use crate::rules::{Level, RuleMeta};

/// Index of a file within one connector's report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// One byte-range replacement.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Edit {
    pub span: Range<usize>,
    pub replacement: String,
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
        Fix {
            description: description.into(),
            edits: vec![Edit {
                span,
                replacement: replacement.into(),
            }],
        }
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
    pub pointer: String,
    pub message: String,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(
        rule: &'static RuleMeta,
        file: FileId,
        span: Range<usize>,
        pointer: impl Into<String>,
        message: impl Into<String>,
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
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_level(mut self, level: Level) -> Self {
        self.level = level;
        self
    }
}
