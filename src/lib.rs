//! connector-lint: an offline analyzer for Microsoft Power Platform custom connectors.
//!
//! The pipeline runs in one direction: [`discover::discover`] → [`connector::load`] →
//! [`json::parse`] → [`extract`] → [`rules`] → [`config::Settings`] → [`render`].

pub mod baseline;
pub mod cli;
pub mod config;
pub mod connector;
pub mod diagnostic;
pub mod discover;
pub mod extract;
pub mod file_rules;
pub mod fix;
pub mod git;
pub mod icon;
pub mod json;
pub mod language;
pub mod lint;
pub mod meta;
pub mod paconn;
pub mod previous;
pub mod render;
pub mod report;
pub mod rules;
pub mod secrets;
pub mod source;
pub mod spell;
pub mod swagger;
pub mod text;

pub use meta::HOMEPAGE;

/// `connector-lint strings PATH`: every user-facing string with its location, one per line:
/// `file:line:col<TAB>field<TAB>pointer<TAB>string as JSON`. The field of a string of an internal
/// element, which users never see, ends with " (internal)".
pub fn strings_listing(path: &std::path::Path) -> String {
    strings_of(crate::discover::discover(path).connectors).text
}

/// The strings of some connectors, and what kept some of them out.
#[derive(Debug, Default)]
pub struct StringsListing {
    /// The listing (see [`strings_listing`]).
    pub text: String,
    /// `file:line:col: message` of each file that could not be read or parsed: its strings are
    /// missing from the listing.
    pub problems: Vec<String>,
}

/// [`strings_listing`] of connectors already found.
pub fn strings_of(connectors: Vec<connector::ConnectorPaths>) -> StringsListing {
    use std::fmt::Write;
    let mut out = StringsListing::default();
    for paths in connectors {
        let loaded = connector::load(&paths, connector::DEFAULT_MAX_FILE_MB << 20);
        let mut sink = loaded.diagnostics;
        // Files whose strings are missing: not read, or not parsed.
        let mut missing: Vec<u32> = Vec::new();
        for (i, f) in loaded.files.iter().enumerate() {
            if !f.kind.is_json() {
                continue;
            }
            if !f.readable {
                missing.push(i as u32);
                continue;
            }
            let Some(doc) = json::parse(&f.text, diagnostic::FileId(i as u32), &mut sink) else {
                missing.push(i as u32);
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
                    out.text,
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
        // Each at its first error.
        for i in missing {
            let f = &loaded.files[i as usize];
            let first = lint::first_problem(
                f,
                &f.display,
                sink.iter()
                    .filter(|d| d.file.0 == i && d.rule.category == rules::Category::File),
            )
            .unwrap_or_else(|| format!("{}:1:1: the file could not be parsed", f.display));
            out.problems
                .push(format!("{first} (its strings are not listed)"));
        }
        for n in loaded.notifications {
            out.problems.push(format!("{}: {}", n.path, n.message));
        }
    }
    out
}
