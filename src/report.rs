//! The translation-readiness report: per connector, the share of its user-facing strings that no
//! finding of the language categories touches, with its worst strings; over the run, the spread of
//! scores, the top rules and the worst and best connectors. Computed here, as part of the run;
//! rendered as JSON, Markdown (for a pull-request comment) or one self-contained HTML file by
//! [`crate::render::readiness`].

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::lint::Report;
use crate::rules::Category;

/// The categories whose findings make a string not ready for translation (DESIGN.md).
pub const READINESS: [Category; 4] = [
    Category::Sentence,
    Category::Spelling,
    Category::Localization,
    Category::ProductName,
];

/// One user-facing string of a connector, as the report needs it.
#[derive(Debug)]
pub struct StringEntry {
    /// Index of the connector's file.
    pub file: usize,
    /// Byte offset of the string's text in the file.
    pub offset: usize,
    pub pointer: Box<str>,
    pub text: Box<str>,
}

#[derive(Debug, Serialize)]
pub struct WorstString {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub pointer: String,
    pub text: String,
    /// (rule, message) of each readiness finding on the string.
    pub findings: Vec<(String, String)>,
}

#[derive(Debug, Serialize)]
pub struct ConnectorScore {
    pub name: String,
    /// User-facing strings.
    pub strings: usize,
    /// Strings with no finding in the readiness categories.
    pub ready: usize,
    /// `100 * ready / strings`, rounded to one decimal; `None` without strings, or when the
    /// connector is not scored.
    pub score: Option<f64>,
    /// Why the connector is not scored (its swagger could not be parsed), if it is not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_scored: Option<String>,
    /// Findings of every rule on the connector, by rule id.
    pub findings_by_rule: BTreeMap<String, usize>,
    /// Up to 10 strings with the most readiness findings.
    pub worst_strings: Vec<WorstString>,
}

#[derive(Debug, Serialize)]
pub struct Readiness {
    pub connectors: Vec<ConnectorScore>,
    /// Connectors per score bucket: `[0, 10)`, `[10, 20)`, … `[90, 100]`.
    pub histogram: [usize; 10],
    /// The 10 rules with the most findings over the run: (rule, findings).
    pub top_rules: Vec<(String, usize)>,
    /// Names of the 10 lowest- and highest-scoring connectors (with strings).
    pub worst: Vec<String>,
    pub best: Vec<String>,
    /// Share of all user-facing strings of the scored connectors that are ready.
    pub overall: Option<f64>,
    /// The folder all connector names started with, taken off them (empty when none is shared).
    pub prefix: String,
}

/// (rule, message) of each readiness finding on one string.
type StringFindings = Vec<(String, String)>;

fn score(ready: usize, strings: usize) -> Option<f64> {
    (strings > 0).then(|| (1000.0 * ready as f64 / strings as f64).round() / 10.0)
}

/// Score one connector: `strings` are its user-facing strings, `findings` its findings by file
/// (after the config's levels and ignores), `files` its files. The run sets its name.
pub fn score_connector(
    strings: Vec<StringEntry>,
    files: &[crate::source::SourceFile],
    findings: &[Vec<crate::diagnostic::Diagnostic>],
    not_scored: Option<String>,
) -> ConnectorScore {
    let mut findings_by_rule: BTreeMap<String, usize> = BTreeMap::new();
    // (file, pointer) -> readiness findings.
    let mut on_string: HashMap<(usize, &str), StringFindings> = HashMap::new();
    for (f, diags) in findings.iter().enumerate() {
        for d in diags {
            *findings_by_rule.entry(d.rule.id.to_string()).or_default() += 1;
            if READINESS.contains(&d.rule.category) {
                on_string
                    .entry((f, &d.pointer))
                    .or_default()
                    .push((d.rule.id.to_string(), d.message.to_string()));
            }
        }
    }
    let mut flagged: Vec<(usize, &StringEntry, &StringFindings)> = strings
        .iter()
        .enumerate()
        .filter_map(|(k, s)| on_string.get(&(s.file, &*s.pointer)).map(|f| (k, s, f)))
        .collect();
    let ready = strings.len() - flagged.len();
    flagged.sort_by_key(|(k, _, f)| (std::cmp::Reverse(f.len()), *k));
    ConnectorScore {
        name: String::new(),
        strings: strings.len(),
        ready,
        score: if not_scored.is_some() {
            None
        } else {
            score(ready, strings.len())
        },
        not_scored,
        findings_by_rule,
        worst_strings: flagged
            .into_iter()
            .take(10)
            .map(|(_, s, f)| {
                let p = files[s.file].position(s.offset);
                WorstString {
                    file: files[s.file].display.clone(),
                    line: p.line,
                    column: p.column,
                    pointer: s.pointer.to_string(),
                    text: s.text.to_string(),
                    findings: f.clone(),
                }
            })
            .collect(),
    }
}

/// The run-wide figures over the connectors' scores (which are moved out of `report`).
pub fn readiness(report: &mut Report) -> Readiness {
    let mut connectors: Vec<ConnectorScore> = std::mem::take(&mut report.scores);
    let prefix = common_folder(connectors.iter().map(|c| c.name.as_str()));
    if !prefix.is_empty() {
        for c in &mut connectors {
            c.name = c.name[prefix.len()..].to_string();
        }
    }
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, d) in report.iter() {
        *totals.entry(d.rule.id).or_default() += 1;
    }
    let (all_strings, all_ready) = connectors
        .iter()
        .filter(|c| c.not_scored.is_none())
        .fold((0, 0), |(s, r), c| (s + c.strings, r + c.ready));
    let mut histogram = [0usize; 10];
    for s in connectors.iter().filter_map(|c| c.score) {
        histogram[((s / 10.0) as usize).min(9)] += 1;
    }
    let mut top_rules: Vec<(String, usize)> = totals
        .into_iter()
        .map(|(r, n)| (r.to_string(), n))
        .collect();
    top_rules.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top_rules.truncate(10);
    let mut ranked: Vec<(f64, &str)> = connectors
        .iter()
        .filter_map(|c| c.score.map(|s| (s, c.name.as_str())))
        .collect();
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let worst = ranked.iter().take(10).map(|(_, n)| n.to_string()).collect();
    let best = ranked
        .iter()
        .rev()
        .take(10)
        .map(|(_, n)| n.to_string())
        .collect();
    Readiness {
        overall: score(all_ready, all_strings),
        connectors,
        histogram,
        top_rules,
        worst,
        best,
        prefix,
    }
}

/// The longest folder path, ending with `/`, that every name starts with and that leaves each
/// name a folder of its own: `a/b/` for `a/b/c` and `a/b/d`, `a/` for the single name `a/b`.
fn common_folder<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut common: Option<&str> = None;
    for name in names {
        let folder = name.rfind('/').map_or("", |i| &name[..=i]);
        common = Some(match common {
            None => folder,
            Some(c) => {
                let mut end = 0;
                for (i, (a, b)) in c.bytes().zip(folder.bytes()).enumerate() {
                    if a != b {
                        break;
                    }
                    if a == b'/' {
                        end = i + 1;
                    }
                }
                &c[..end]
            }
        });
    }
    common.unwrap_or("").to_string()
}
