//! `[[ignore]]` entries that accept a report's findings: the text `check --add-ignore` appends to
//! `connector-lint.toml`, and what `--format ignore-toml` prints. Both build it here, so what is
//! previewed is what is written.
//!
//! One entry per (file, pointer), in report order, naming the rules of the findings there. Its
//! `path` is the file's path relative to the config file's folder, escaped so that the glob
//! matches that file only; its `pointer` is the finding's, left out for a whole-file finding.
//! Every string is written by the `toml` crate, so quotes, backslashes, control characters and
//! `~1` in a pointer come out as valid TOML.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::lint::Report;

/// The reason `--format ignore-toml` writes when `--add-ignore` gives none: an entry needs one,
/// and this one says that it is still to be written.
pub const PLACEHOLDER_REASON: &str = "TODO: say why this finding is accepted";

/// Where the entries go and what they say.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The entries' `reason` (default: [`PLACEHOLDER_REASON`]).
    pub reason: Option<String>,
    /// The config file the entries are for: their paths are relative to its folder. Default:
    /// `connector-lint.toml` in the report's base folder (the git top level, or the scanned one).
    pub config: Option<PathBuf>,
}

/// One `[[ignore]]` entry, its fields in the order the README gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    pub rules: Vec<String>,
    pub reason: String,
}

/// The entries for a report's findings, and the findings no entry can accept.
#[derive(Debug, Default)]
pub struct Entries {
    pub entries: Vec<Entry>,
    /// Files with findings that lie outside the config file's folder: an entry's `path` is
    /// relative to that folder, so none can reach them.
    pub outside: Vec<String>,
    /// `unused-ignore` findings: they are about the config file's own stale entries, which are
    /// removed, not excused.
    pub unused: usize,
}

impl Entries {
    /// Why some findings get no entry because of where their files are, if any do.
    pub fn outside_note(&self, config: &Path) -> Option<String> {
        let first = self.outside.first()?;
        Some(format!(
            "{} outside the folder of {} (first: {first}): its [[ignore]] paths are relative to \
             that folder, so no entry there can match {}",
            match self.outside.len() {
                1 => "1 file with findings is".to_string(),
                n => format!("{n} files with findings are"),
            },
            config.display(),
            if self.outside.len() == 1 {
                "it"
            } else {
                "them"
            },
        ))
    }

    /// Why the `unused-ignore` findings get no entry, if there are any.
    pub fn unused_note(&self) -> Option<String> {
        match self.unused {
            0 => None,
            1 => Some(
                "1 unused-ignore finding gets no entry: remove the stale [[ignore]] entry instead"
                    .to_string(),
            ),
            n => Some(format!(
                "{n} unused-ignore findings get no entry: remove the stale [[ignore]] entries instead"
            )),
        }
    }
}

/// The folder a config file's `[[ignore]]` paths start from, canonical, as the run compares
/// them (`lint` canonicalizes both the folder and each file).
fn canonical_folder(config: &Path) -> PathBuf {
    let dir = crate::config::folder_of(config);
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// A glob that matches `path` and nothing else: each metacharacter is put alone in a class
/// (`[*]`), as `globset::escape` does; it leaves `\` as it is, which escapes the next character
/// where `\` is no separator, so `\` is put in a class too.
pub fn literal_glob(path: &str) -> String {
    globset::escape(path).replace('\\', "[\\]")
}

/// The entries that accept every finding of `report`, for the config file `config`.
pub fn entries(report: &Report, config: &Path, reason: &str) -> Entries {
    let unused_ignore = crate::rules::file::UnusedIgnore::META.id;
    let dir = canonical_folder(config);
    let mut out = Entries::default();
    for f in &report.files {
        let unused = f
            .diagnostics
            .iter()
            .filter(|d| d.rule.id == unused_ignore)
            .count();
        out.unused += unused;
        if unused == f.diagnostics.len() {
            continue;
        }
        let Some(rel) = crate::discover::relative_to(&dir, &f.source.path) else {
            out.outside.push(f.source.display.clone());
            continue;
        };
        let path = literal_glob(&rel);
        // The entries of this file, by pointer: a pointer's findings need not be consecutive
        // (findings are in the order of their positions, and an object's span holds its members').
        let mut at: HashMap<&str, usize> = HashMap::new();
        for d in f.diagnostics.iter().filter(|d| d.rule.id != unused_ignore) {
            let i = *at.entry(&d.pointer).or_insert_with(|| {
                out.entries.push(Entry {
                    path: path.clone(),
                    pointer: (!d.pointer.is_empty()).then(|| d.pointer.to_string()),
                    rules: Vec::new(),
                    reason: reason.to_string(),
                });
                out.entries.len() - 1
            });
            out.entries[i].rules.push(d.rule.id.to_string());
        }
    }
    for e in &mut out.entries {
        e.rules.sort_unstable();
        e.rules.dedup();
    }
    out
}

/// The entries as TOML: `[[ignore]]` tables, a blank line between two; nothing for no entry.
pub fn to_toml(entries: &[Entry]) -> String {
    #[derive(Serialize)]
    struct File<'e> {
        ignore: &'e [Entry],
    }
    if entries.is_empty() {
        // An empty list would be written as `ignore = []`, which a config file cannot also hold
        // as tables.
        return String::new();
    }
    toml::to_string(&File { ignore: entries }).expect("strings and lists of strings serialize")
}

/// `existing` (a config file's bytes, kept as they are) with `entries` (from [`to_toml`]) after
/// it, a blank line between them.
pub fn append(existing: &[u8], entries: &str) -> Vec<u8> {
    let mut out = existing.to_vec();
    if !existing.is_empty() && !entries.is_empty() {
        // The last line, without its line break (`\n` or `\r\n`): a blank line already there
        // ends with one more.
        let body = existing.strip_suffix(b"\n").unwrap_or(existing);
        let body = body.strip_suffix(b"\r").unwrap_or(body);
        if body.len() == existing.len() {
            out.push(b'\n');
        }
        if !body.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
    out.extend_from_slice(entries.as_bytes());
    out
}

/// `--format ignore-toml`: the entries, after comments that say which file they are for and
/// which findings get none.
pub fn write(report: &Report, opts: &Options, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let config = opts
        .config
        .clone()
        .unwrap_or_else(|| report.base().join(crate::config::FILE_NAME));
    let reason = opts.reason.as_deref().unwrap_or(PLACEHOLDER_REASON);
    let built = entries(report, &config, reason);
    writeln!(
        w,
        "# [[ignore]] entries for {} (their paths are relative to its folder).",
        config.display()
    )?;
    for note in [built.outside_note(&config), built.unused_note()]
        .into_iter()
        .flatten()
    {
        writeln!(w, "# {note}.")?;
    }
    // A blank line, so that the comments are not read as the first entry's.
    writeln!(w)?;
    w.write_all(to_toml(&built.entries).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_glob_matches_its_path_only() {
        for path in [
            "certified-connectors/Contoso [Preview]/apiDefinition.swagger.json",
            "a*b/c?d/{x,y}/e]f/[!g]/apiDefinition.swagger.json",
            r"Contoso\Tasks/apiDefinition.swagger.json",
            "Café/apiProperties.json",
        ] {
            let glob = globset::Glob::new(&literal_glob(path))
                .unwrap_or_else(|e| panic!("{path}: {e}"))
                .compile_matcher();
            assert!(glob.is_match(path), "{path}");
            assert!(!glob.is_match(format!("{path}x")), "{path}");
        }
        let star = globset::Glob::new(&literal_glob("a*/x.json"))
            .unwrap()
            .compile_matcher();
        assert!(!star.is_match("ab/x.json"));
    }

    #[test]
    fn entries_are_valid_toml_whatever_their_strings_hold() {
        let entries = vec![
            Entry {
                path: literal_glob("Contoso [1]/apiDefinition.swagger.json"),
                pointer: Some("/paths/~1items~1{id}/get/x-ms-summary \"q\" \\ é\n".to_string()),
                rules: vec!["loc-spelling".to_string(), "title-max-length".to_string()],
                reason: "Approved by \"Microsoft\"\tin 2021 'n'".to_string(),
            },
            Entry {
                path: "Contoso/apiProperties.json".to_string(),
                pointer: None,
                rules: vec!["file-json-valid".to_string()],
                reason: PLACEHOLDER_REASON.to_string(),
            },
        ];
        let text = to_toml(&entries);
        let file: crate::config::ConfigFile = toml::from_str(&text).unwrap();
        let back: Vec<Entry> = file
            .ignore
            .into_iter()
            .map(|e| {
                let e = e.into_inner();
                Entry {
                    path: e.path.unwrap(),
                    pointer: e.pointer,
                    rules: e.rules,
                    reason: e.reason,
                }
            })
            .collect();
        assert_eq!(back, entries);
        assert!(
            text.ends_with(
                "[[ignore]]\npath = \"Contoso/apiProperties.json\"\nrules = [\"file-json-valid\"]\nreason = \"TODO: say why this finding is accepted\"\n"
            ),
            "{text}"
        );
        assert_eq!(to_toml(&[]), "");
    }

    #[test]
    fn appending_keeps_the_file_and_leaves_one_blank_line() {
        let e = "[[ignore]]\n";
        for (existing, expected) in [
            ("", "[[ignore]]\n"),
            ("a = 1", "a = 1\n\n[[ignore]]\n"),
            ("a = 1\n", "a = 1\n\n[[ignore]]\n"),
            ("a = 1\n\n", "a = 1\n\n[[ignore]]\n"),
            ("# c\r\n", "# c\r\n\n[[ignore]]\n"),
            ("# c\r\n\r\n", "# c\r\n\r\n[[ignore]]\n"),
        ] {
            assert_eq!(
                String::from_utf8(append(existing.as_bytes(), e)).unwrap(),
                expected,
                "{existing:?}"
            );
        }
        assert_eq!(append(b"a = 1", ""), b"a = 1");
    }
}
