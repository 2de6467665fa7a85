//! Baselines: record the findings of a repository as they are, then report only new ones.
//!
//! A finding's key is (rule, file path relative to the git top level or the scanned root, JSON
//! pointer, hash of the offending text). No line or column is in it, so the baseline survives
//! line shifts and reformatting; a fixed finding's entry matches nothing and is counted as stale.
//! The file is JSON with one finding per line, sorted, so that it diffs well in git. A key that
//! occurs twice (two double spaces in one string) is listed twice, and suppresses two findings.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::discover::file_path;
use crate::lint::Report;

/// Marks the file format; bumped if the key ever changes.
const FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Key {
    pub file: String,
    pub pointer: String,
    pub rule: String,
    pub hash: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    #[serde(rename = "connector-lint-baseline")]
    format: u32,
    findings: Vec<Key>,
}

/// What applying a baseline did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Applied {
    /// Findings left out because the baseline has them.
    pub suppressed: usize,
    /// Baseline entries that matched no finding: fixed since the baseline was written.
    pub stale: Vec<Key>,
    /// Baseline entries of files this run did not check (outside its inputs, or in connectors
    /// that `--changed-since` left out): neither used nor stale.
    pub not_checked: usize,
}

/// The key of every finding of `report`, in report order.
fn keys(report: &Report) -> Vec<Vec<Key>> {
    let base = report.base();
    report
        .files
        .iter()
        .map(|fr| {
            let file = file_path(base, &fr.source);
            fr.diagnostics
                .iter()
                .map(|d| Key {
                    file: file.clone(),
                    pointer: d.pointer.to_string(),
                    rule: d.rule.id.to_string(),
                    hash: format!("{:016x}", d.text_hash),
                })
                .collect()
        })
        .collect()
}

/// Whether `report`'s run could have found the finding of `key`: its file was checked; for a
/// cross-connector rule, the run saw the whole repository; for an `unused-ignore`, no connector
/// was left out by `--changed-since` (an entry for one of those cannot be judged).
fn checked(report: &Report, key: &Key) -> bool {
    if !report.covers(&key.file) {
        return false;
    }
    if key.rule == crate::rules::file::UnusedIgnore::META.id {
        return report.unchecked.is_empty();
    }
    let cross_connector = crate::rules::find(&key.rule)
        .is_some_and(|r| r.meta().category == crate::rules::Category::Corpus);
    !cross_connector
        || report
            .root_dirs()
            .iter()
            .any(|r| report.base().starts_with(r))
}

/// The baseline of `report`'s findings, as written to a file, with the entries of `previous` (the
/// baseline it replaces) that are about files this run did not check: a run over part of a
/// repository updates that part of its baseline and keeps the rest. Returns the text and how many
/// entries were kept.
pub fn to_string(report: &Report, previous: Vec<Key>) -> (String, usize) {
    let mut all: Vec<Key> = keys(report).into_iter().flatten().collect();
    let before = all.len();
    all.extend(previous.into_iter().filter(|k| !checked(report, k)));
    let kept = all.len() - before;
    all.sort();
    let mut out = format!("{{\"connector-lint-baseline\": {FORMAT}, \"findings\": [\n");
    for (i, k) in all.iter().enumerate() {
        out.push_str(&serde_json::to_string(k).expect("a key serializes"));
        out.push_str(if i + 1 < all.len() { ",\n" } else { "\n" });
    }
    out.push_str("]}\n");
    (out, kept)
}

/// Read a baseline file; the error says what is wrong with it.
pub fn load(path: &Path) -> Result<Vec<Key>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read the baseline: {e}", path.display()))?;
    let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: not a connector-lint baseline: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    if file.format != FORMAT {
        return Err(format!(
            "{}: baseline format {} is not supported (this connector-lint writes format {FORMAT})",
            path.display(),
            file.format
        ));
    }
    Ok(file.findings)
}

/// Leave out of `report` every finding the baseline has (each entry once), and say which entries
/// matched nothing.
pub fn apply(report: &mut Report, baseline: Vec<Key>) -> Applied {
    let mut remaining: BTreeMap<Key, usize> = BTreeMap::new();
    for k in baseline {
        *remaining.entry(k).or_default() += 1;
    }
    let mut applied = Applied::default();
    let all = keys(report);
    for (fr, file_keys) in report.files.iter_mut().zip(all) {
        let mut keys = file_keys.into_iter();
        fr.diagnostics.retain_mut(|d| {
            let k = keys.next().expect("one key per finding");
            match remaining.get_mut(&k) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    applied.suppressed += 1;
                    // A breaking change in the baseline was acknowledged: it stays, as a note.
                    if d.rule.category == crate::rules::Category::BreakingChange {
                        d.level = crate::rules::Level::Note;
                        d.message = format!("{} Accepted in the baseline.", d.message).into();
                        return true;
                    }
                    false
                }
                _ => true,
            }
        });
    }
    report.files.retain(|f| !f.diagnostics.is_empty());
    for (k, n) in remaining {
        if checked(report, &k) {
            applied.stale.extend(std::iter::repeat_n(k, n));
        } else {
            applied.not_checked += n;
        }
    }
    applied
}
