//! connector-lint: an offline analyzer for Microsoft Power Platform custom connectors.
//!
//! The pipeline runs in one direction: [`connector::discover`] → [`connector::load`] →
//! [`json::parse`] → [`extract`] → [`rules`] → [`config::Settings`] → [`render`].

pub mod baseline;
pub mod cli;
pub mod config;
pub mod connector;
pub mod diagnostic;
pub mod extract;
pub mod git;
pub mod icon;
pub mod json;
pub mod language;
pub mod lint;
pub mod render;
pub mod report;
pub mod rules;
pub mod source;
pub mod spell;
pub mod swagger;
pub mod text;

/// Where the rule documentation lives (the README's rule table).
pub const HOMEPAGE: &str = "https://github.com/connector-lint/connector-lint/blob/main/README.md";

/// `connector-lint strings PATH`: every user-facing string with its location, one per line:
/// `file:line:col<TAB>field<TAB>pointer<TAB>string as JSON`. The field of a string of an internal
/// element, which users never see, ends with " (internal)".
pub fn strings_listing(path: &std::path::Path) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for paths in connector::discover(path).connectors {
        let loaded = connector::load(&paths, connector::DEFAULT_MAX_FILE_MB << 20);
        let mut sink = Vec::new();
        for (i, f) in loaded.files.iter().enumerate() {
            if !f.kind.is_json() || !f.readable {
                continue;
            }
            let Some(doc) = json::parse(&f.text, diagnostic::FileId(i as u32), &mut sink) else {
                continue;
            };
            let items = match f.kind {
                source::FileKind::Swagger => extract::swagger_strings(&doc),
                source::FileKind::ApiProperties => extract::api_properties_strings(&doc),
                _ => Vec::new(),
            };
            for item in items {
                let p = f.position(item.literal.start + 1);
                let _ = writeln!(
                    out,
                    "{}:{}:{}\t{}{}\t{}\t{}",
                    f.display,
                    p.line,
                    p.column,
                    item.field.as_str(),
                    if item.owner.internal {
                        " (internal)"
                    } else {
                        ""
                    },
                    item.pointer,
                    serde_json::to_string(item.text).unwrap_or_default()
                );
            }
        }
    }
    out
}
