//! SARIF 2.1.0 for GitHub code scanning (DESIGN.md, "SARIF contract").
//!
//! - Every result has a physical location (URI relative to the git top level, percent-encoded,
//!   `uriBaseId: %SRCROOT%`, a line/column region in code points) and `logicalLocations[0]` with the
//!   JSON pointer.
//! - `partialFingerprints` hash the rule, the relative path, the pointer and the offending text, so
//!   they survive line shifts.
//! - Files that could not be read are tool execution notifications.
//! - GitHub keeps 25,000 results a run: above that, one run per category (each with its own
//!   `automationDetails.id`); a category still above keeps its most severe results and a
//!   notification says how many were left out.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification,
    PhysicalLocation, PropertyBag, ReportingConfiguration, ReportingDescriptor, Run,
    RunAutomationDetails, Tool, ToolComponent,
};

use super::{percent_encode_path, RenderOptions};
use crate::diagnostic::fnv1a64;
use crate::diagnostic::Diagnostic;
use crate::discover::relative_to;
use crate::lint::Report;
use crate::rules::{Category, Level, RuleMeta, RULES};
use crate::source::{Position, SourceFile};

pub const GITHUB_MAX_RESULTS: usize = 25_000;

/// The results of one run: its category (`None` when everything fits in one run) and results.
type RunGroup = (Option<Category>, Vec<(Level, Ref)>);

/// A finding of the report: (file index, finding index).
type Ref = (usize, usize);
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

/// The fingerprint of a finding: stable when lines move, different when the offending text changes.
pub fn fingerprint(rule: &str, rel_path: &str, pointer: &str, text_hash: u64) -> String {
    format!(
        "{:016x}",
        fnv1a64(&[rule, rel_path, pointer, &format!("{text_hash:016x}")])
    )
}

fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn level_str(level: Level) -> &'static str {
    level.as_str()
}

fn descriptor(meta: &RuleMeta) -> ReportingDescriptor {
    let docs = meta.docs();
    let mut props = BTreeMap::new();
    props.insert(
        "problem.severity".to_string(),
        json!(match meta.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "recommendation",
        }),
    );
    if let Some(code) = meta.validator_code {
        props.insert("validatorCode".to_string(), json!(code));
    }
    ReportingDescriptor::builder()
        .id(meta.id)
        .name(pascal_case(meta.id))
        .short_description(
            MultiformatMessageString::builder()
                .text(meta.summary)
                .build(),
        )
        .full_description(
            MultiformatMessageString::builder()
                .text(what_it_does(&docs))
                .build(),
        )
        .help(
            MultiformatMessageString::builder()
                .text(docs.clone())
                .markdown(docs)
                .build(),
        )
        .help_uri(meta.help_uri())
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level_str(meta.level)))
                .enabled(meta.default_enabled)
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(vec![meta.category.as_str().to_string()])
                .additional_properties(props)
                .build(),
        )
        .build()
}

/// The "What it does" paragraph of a rule's docs, as plain text.
fn what_it_does(docs: &str) -> String {
    let body = docs.split("## What it does").nth(1).unwrap_or(docs);
    let body = body.split("\n## ").next().unwrap_or(body);
    body.split("\n\n")
        .next()
        .unwrap_or(body)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn artifact(uri: &str) -> ArtifactLocation {
    ArtifactLocation {
        uri: Some(uri.to_string()),
        uri_base_id: Some(SRCROOT.to_string()),
        ..Default::default()
    }
}

/// A JSON string literal.
fn json_str(buf: &mut Vec<u8>, s: &str) {
    serde_json::to_writer(&mut *buf, s).expect("a string serializes");
}

/// A SARIF region object.
fn write_region(buf: &mut Vec<u8>, s: Position, e: Position) {
    use std::io::Write;
    let _ = write!(
        buf,
        r#"{{"endColumn":{},"endLine":{},"startColumn":{},"startLine":{}}}"#,
        e.column, e.line, s.column, s.line
    );
}

/// One result, written straight as JSON: building serde-sarif's structs for 135k results cost
/// more than the rest of rendering. The shape (and key order) is what serde-sarif writes; the CLI
/// tests check it against the SARIF schema.
fn write_result(buf: &mut Vec<u8>, file: &SourceFile, uri: &str, rel: &str, d: &Diagnostic) {
    // `uri` is already a JSON string literal: the artifact location of every result of the file.
    let artifact = |buf: &mut Vec<u8>| {
        buf.extend_from_slice(br#"{"uri":"#);
        buf.extend_from_slice(uri.as_bytes());
        buf.extend_from_slice(br#","uriBaseId":"%SRCROOT%"}"#);
    };
    buf.push(b'{');
    if let Some(fix) = d.fix.as_ref().filter(|_| !file.lossy) {
        buf.extend_from_slice(br#""fixes":[{"artifactChanges":[{"artifactLocation":"#);
        artifact(buf);
        buf.extend_from_slice(br#","replacements":["#);
        for (i, e) in fix.edits.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            buf.extend_from_slice(br#"{"deletedRegion":"#);
            write_region(buf, e.start, e.end);
            buf.extend_from_slice(br#","insertedContent":{"text":"#);
            json_str(buf, &e.replacement);
            buf.extend_from_slice(b"}}");
        }
        buf.extend_from_slice(br#"]}],"description":{"text":"#);
        json_str(buf, &fix.description);
        buf.extend_from_slice(b"}}],");
    }
    buf.extend_from_slice(br#""level":""#);
    buf.extend_from_slice(level_str(d.level).as_bytes());
    buf.extend_from_slice(br#"","locations":[{"logicalLocations":[{"fullyQualifiedName":"#);
    json_str(buf, &d.pointer);
    buf.extend_from_slice(br#","kind":"member"}],"physicalLocation":{"artifactLocation":"#);
    artifact(buf);
    buf.extend_from_slice(br#","region":"#);
    write_region(buf, d.start, d.end);
    buf.extend_from_slice(br#"}}],"message":{"text":"#);
    match &d.help {
        Some(help) => {
            let sep = if d.message.ends_with('.') { " " } else { ". " };
            json_str(buf, &format!("{}{sep}{help}", d.message));
        }
        None => json_str(buf, &d.message),
    }
    buf.extend_from_slice(br#"},"partialFingerprints":{"connectorLint/v1":""#);
    // Breaking changes at one place (a definition several operations share) differ by their
    // ValuePath: each keeps its own fingerprint.
    let pointer = match &d.value_path {
        Some(vp) => std::borrow::Cow::Owned(format!("{}#{vp}", d.pointer)),
        None => std::borrow::Cow::Borrowed(&*d.pointer),
    };
    buf.extend_from_slice(fingerprint(d.rule.id, rel, &pointer, d.text_hash).as_bytes());
    buf.push(b'"');
    if let Some(vp) = &d.value_path {
        buf.extend_from_slice(br#"},"properties":{"valuePath":"#);
        json_str(buf, vp);
    }
    buf.extend_from_slice(br#"},"ruleId":"#);
    json_str(buf, d.rule.id);
    use std::io::Write;
    let _ = write!(buf, r#","ruleIndex":{}}}"#, d.rule.index());
}

fn notification(text: String, level: &str, uri: Option<&str>) -> Notification {
    let mut n = Notification::builder()
        .message(Message::builder().text(text).build())
        .level(json!(level))
        .build();
    n.locations = uri.map(|u| {
        vec![Location {
            physical_location: Some(PhysicalLocation {
                artifact_location: Some(artifact(u)),
                ..Default::default()
            }),
            ..Default::default()
        }]
    });
    n
}

/// Relative path (for fingerprints) and URI of a file.
fn locate(base: &std::path::Path, file: &SourceFile) -> (String, String) {
    let rel = crate::discover::file_path(base, file);
    let uri = percent_encode_path(&rel);
    (rel, uri)
}

/// Write the SARIF log to `w` as it is produced: one run's results are in memory at a time, never
/// the whole log.
pub fn write(
    report: &Report,
    opts: &RenderOptions,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let base = report.base();
    let mut base_uri = format!(
        "file://{}",
        percent_encode_path(&crate::connector::display_path(base))
    );
    if !base_uri.ends_with('/') {
        base_uri.push('/');
    }
    // Where each file is, then (category, level, file, finding) in report order: results are built
    // and serialized only for the findings a run keeps, one run at a time.
    // (relative path, URI as a JSON string literal) of each file.
    let locations: Vec<(String, String)> = report
        .files
        .par_iter()
        .map(|fr| {
            let (rel, uri) = locate(base, &fr.source);
            (
                rel,
                serde_json::to_string(&uri).expect("a string serializes"),
            )
        })
        .collect();
    let all: Vec<(Category, Level, Ref)> = report
        .files
        .iter()
        .enumerate()
        .flat_map(|(f, fr)| {
            fr.diagnostics
                .iter()
                .enumerate()
                .map(move |(k, d)| (d.rule.category, d.level, (f, k)))
        })
        .collect();
    // Results are serialized in chunks of 128, in parallel, and written in order (see
    // `super::write_in_order`): a few chunks are in memory at a time, never the whole log. (An
    // earlier attempt that serialized whole batches in parallel saved nothing on two cores and held
    // about 6 MB more at peak. Handed out chunk by chunk, on the whole corpus with two threads,
    // rendering the 48 MB log took 137-151 ms instead of 167-181 ms, medians of 7 runs on a busy
    // machine, and the peak RSS stayed within noise of before: 138 MB.)
    let serialize = |refs: &[(Level, Ref)], w: &mut dyn std::io::Write| -> std::io::Result<()> {
        let chunks = refs.chunks(super::CHUNK).enumerate();
        super::write_in_order(chunks, w, |&(c, chunk), buf| {
            for (j, &(_, (f, k))) in chunk.iter().enumerate() {
                if c > 0 || j > 0 {
                    buf.push(b',');
                }
                let fr = &report.files[f];
                let (rel, uri) = &locations[f];
                write_result(buf, &fr.source, uri, rel, &fr.diagnostics[k]);
            }
        })
    };
    let unreadable: Vec<Notification> = report
        .notifications
        .iter()
        .map(|n| {
            let rel =
                relative_to(base, std::path::Path::new(&n.path)).unwrap_or_else(|| n.path.clone());
            notification(
                format!("{}: {}", n.path, n.message),
                "error",
                Some(&percent_encode_path(&rel)),
            )
        })
        .collect();

    let max = opts.sarif_max_results.max(1);
    let groups: Vec<RunGroup> = if all.len() <= max {
        vec![(None, all.into_iter().map(|(_, l, r)| (l, r)).collect())]
    } else {
        let mut by_cat: BTreeMap<Category, Vec<(Level, Ref)>> = BTreeMap::new();
        for (c, l, r) in all {
            by_cat.entry(c).or_default().push((l, r));
        }
        by_cat.into_iter().map(|(c, v)| (Some(c), v)).collect()
    };
    let rules: Vec<ReportingDescriptor> = RULES.iter().map(|r| descriptor(r.meta())).collect();
    w.write_all(b"{\"$schema\":")?;
    w.write_all(
        serde_json::to_string(SCHEMA_URI)
            .expect("a string serializes")
            .as_bytes(),
    )?;
    w.write_all(b",\"version\":\"2.1.0\",\"runs\":[")?;
    for (i, (cat, mut results)) in groups.into_iter().enumerate() {
        let mut notes = if i == 0 {
            unreadable.clone()
        } else {
            Vec::new()
        };
        if results.len() > max {
            let total = results.len();
            // Keep the most severe; the sort is stable, so report order holds within a level.
            results.sort_by_key(|(l, _)| std::cmp::Reverse(*l));
            results.truncate(max);
            notes.push(notification(
                format!(
                    "{} of {total} results in category '{}' were left out: a run holds at most {max} results. The most severe were kept; run with --select {} for the rest.",
                    total - max,
                    cat.map_or("all", Category::as_str),
                    cat.map_or("RULE", Category::as_str),
                ),
                "warning",
                None,
            ));
        }
        let automation_id = match cat {
            Some(c) => format!("connector-lint/{}/", c.as_str()),
            None => "connector-lint/".to_string(),
        };
        let mut bases = BTreeMap::new();
        bases.insert(
            SRCROOT.to_string(),
            ArtifactLocation {
                uri: Some(base_uri.clone()),
                ..Default::default()
            },
        );
        let driver = ToolComponent::builder()
            .name("connector-lint")
            .version(env!("CARGO_PKG_VERSION"))
            .semantic_version(env!("CARGO_PKG_VERSION"))
            .information_uri(crate::meta::HOMEPAGE)
            .rules(rules.clone())
            .build();
        let mut invocation = Invocation::builder().execution_successful(true).build();
        invocation.tool_execution_notifications = (!notes.is_empty()).then_some(notes);
        let run = Run::builder()
            .tool(Tool::builder().driver(driver).build())
            .automation_details(RunAutomationDetails::builder().id(automation_id).build())
            .original_uri_base_ids(bases)
            .column_kind(json!("unicodeCodePoints"))
            .invocations(vec![invocation])
            .build();
        // The run without results, then its results appended before the closing brace.
        let head = serde_json::to_string(&run).expect("SARIF runs serialize");
        if i > 0 {
            w.write_all(b",")?;
        }
        w.write_all(
            head.strip_suffix('}')
                .expect("a run is an object")
                .as_bytes(),
        )?;
        w.write_all(b",\"results\":[")?;
        serialize(&results, w)?;
        w.write_all(b"]}")?;
    }
    w.write_all(b"]}\n")
}
