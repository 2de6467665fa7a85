//! File-level findings: those of reading and decoding a file (declared in [`crate::file_rules`],
//! where the loader and the JSON decoder report them) and those of the config machinery.

use super::{declare_rule, Rule};
pub use crate::file_rules::{FileDuplicateKey, FileEncoding, FileJsonValid, FileUnreadable};

impl Rule for FileJsonValid {}
impl Rule for FileEncoding {}
impl Rule for FileDuplicateKey {}
impl Rule for FileUnreadable {}

declare_rule! {
    /// ## What it does
    /// Reports an `[[ignore]]` entry of `connector-lint.toml` that suppressed nothing in this run.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides nothing today but will silently hide a new finding tomorrow. Remove
    /// it once the problem it excused is fixed.
    ///
    /// ## Example
    /// ```toml
    /// [[ignore]]
    /// path = "certified-connectors/Contoso/*"
    /// rules = ["title-restricted-words"]
    /// reason = "Grandfathered title"
    /// ```
    /// after the title no longer contains "API".
    ///
    /// Use instead: delete the entry.
    pub UnusedIgnore {
        id: "unused-ignore",
        category: File,
        level: Warning,
        summary: "An [[ignore]] entry of the config matched nothing",
    }
}
impl Rule for UnusedIgnore {}
