//! `json` output: every finding with its rule, level, file, line and column, pointer, message and
//! fix. Serialized straight from borrowed structs, without an intermediate value tree.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::lint::Report;
use crate::source::SourceFile;

/// The whole document. [`write`] serializes it with `findings` empty and writes the findings in
/// their place, in parallel; the tests serialize it with every finding, as one value.
#[derive(Serialize)]
struct Doc<'a, F> {
    tool: &'static str,
    version: &'static str,
    summary: Summary,
    findings: F,
    notifications: Vec<Notice<'a>>,
}

impl<'a, F> Doc<'a, F> {
    fn of(report: &'a Report, findings: F) -> Self {
        Doc {
            tool: "connector-lint",
            version: env!("CARGO_PKG_VERSION"),
            summary: Summary {
                connectors: report.connectors,
                files: report.files_checked,
                strings: report.strings,
                findings: report.iter().count(),
            },
            findings,
            notifications: report
                .notifications
                .iter()
                .map(|n| Notice {
                    file: &n.path,
                    message: &n.message,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct Summary {
    connectors: usize,
    files: usize,
    strings: usize,
    findings: usize,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'static str,
    category: &'static str,
    level: &'static str,
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    pointer: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    /// A breaking change's ValuePath, as Microsoft's Breaking Change Detector names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    value_path: Option<&'a str>,
    fix: Option<FixOut<'a>>,
}

#[derive(Serialize)]
struct FixOut<'a> {
    description: &'a str,
    edits: Vec<EditOut<'a>>,
}

/// An edit, with byte offsets into the file as it is on disk (a removed BOM counted back in).
#[derive(Serialize)]
struct EditOut<'a> {
    byte_start: usize,
    byte_end: usize,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    replacement: &'a str,
}

#[derive(Serialize)]
struct Notice<'a> {
    file: &'a str,
    message: &'a str,
}

/// The findings of a chunk, serialized as they are read from the report.
struct Findings<'a>(&'a Report, super::Chunk);

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.1.findings(self.0).map(|(f, d)| finding(f, d)))
    }
}

fn finding<'a>(file: &'a SourceFile, d: &'a Diagnostic) -> Finding<'a> {
    // No fix is offered when invalid UTF-8 was replaced: the offsets would not match the bytes.
    let fix = d.fix.as_ref().filter(|_| !file.lossy).map(|fix| FixOut {
        description: &fix.description,
        edits: fix
            .edits
            .iter()
            .map(|e| EditOut {
                byte_start: e.span.start + file.bom_len,
                byte_end: e.span.end + file.bom_len,
                line: e.start.line,
                column: e.start.column,
                end_line: e.end.line,
                end_column: e.end.column,
                replacement: &e.replacement,
            })
            .collect(),
    });
    Finding {
        rule: d.rule.id,
        category: d.rule.category.as_str(),
        level: d.level.as_str(),
        file: &file.display,
        line: d.start.line,
        column: d.start.column,
        end_line: d.end.line,
        end_column: d.end.column,
        pointer: &d.pointer,
        message: &d.message,
        help: d.help.as_deref(),
        value_path: d.value_path.as_deref(),
        fix,
    }
}

/// The `"findings": [` array is written in chunks rendered in parallel (see
/// [`super::write_in_order`]); the output is byte for byte what `serde_json::to_writer_pretty`
/// writes of the whole document.
pub fn write(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_chunked(report, w, super::CHUNK)
}

/// [`write`], `chunk` findings per parallel task.
fn write_chunked(report: &Report, w: &mut dyn std::io::Write, chunk: usize) -> std::io::Result<()> {
    let doc = Doc::of(report, [(); 0]);
    // The document with no findings, cut where they go. A key's quotes are never escaped, so the
    // marker cannot occur inside a string, and `findings` comes before `notifications`.
    let outline = serde_json::to_vec_pretty(&doc)?;
    const EMPTY: &[u8] = b"\"findings\": []";
    let at = outline
        .windows(EMPTY.len())
        .position(|x| x == EMPTY)
        .expect("the outline has an empty findings array")
        + EMPTY.len()
        - 2;
    w.write_all(&outline[..at])?;
    if report.files.iter().all(|f| f.diagnostics.is_empty()) {
        w.write_all(b"[]")?;
    } else {
        super::write_in_order(super::chunks(report, chunk), w, |chunk, buf| {
            // A pretty printer one object deep serializes the chunk as the elements of the
            // `findings` array: `[`, then each finding after a newline and four spaces, then a
            // newline, two spaces and `]`. The first chunk keeps the `[`, the others start with the
            // comma that separates them from the one before; the closing `]` is written once.
            let mut fmt = serde_json::ser::PrettyFormatter::new();
            serde_json::ser::Formatter::begin_object(&mut fmt, &mut std::io::sink())
                .expect("a sink takes anything");
            let mut ser = serde_json::Serializer::with_formatter(&mut *buf, fmt);
            Findings(report, *chunk)
                .serialize(&mut ser)
                .expect("findings serialize to memory");
            debug_assert!(buf.starts_with(b"[") && buf.ends_with(b"\n  ]"));
            buf.truncate(buf.len() - 4);
            if chunk.ordinal > 0 {
                buf[0] = b',';
            }
        })?;
        w.write_all(b"\n  ]")?;
    }
    w.write_all(&outline[at + 2..])?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    struct All<'a>(&'a Report);

    impl Serialize for All<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(self.0.iter().map(|(f, d)| finding(f, d)))
        }
    }

    /// The document as it was written before the findings were rendered in parallel: one
    /// `to_writer_pretty` of the whole document.
    fn whole(report: &Report) -> Vec<u8> {
        let doc = Doc::of(report, All(report));
        let mut out = serde_json::to_vec_pretty(&doc).unwrap();
        out.push(b'\n');
        out
    }

    fn chunked(report: &Report, chunk: usize) -> Vec<Vec<u8>> {
        crate::render::tests::on_pools(|| {
            let mut out = Vec::new();
            write_chunked(report, &mut out, chunk).unwrap();
            out
        })
    }

    #[test]
    fn chunks_make_the_bytes_of_one_pretty_document() {
        let report = crate::render::tests::fixture_report();
        assert!(report.iter().any(|(_, d)| d.fix.is_some()));
        assert!(report.iter().any(|(_, d)| d.help.is_none()));
        let expected = whole(&report);
        for chunk in [1, 2, 5, super::super::CHUNK, 100_000] {
            for out in chunked(&report, chunk) {
                assert!(out == expected, "chunks of {chunk} differ");
            }
        }
    }

    #[test]
    fn a_report_without_findings_has_an_empty_array() {
        let mut report = crate::render::tests::fixture_report();
        for f in &mut report.files {
            f.diagnostics.clear();
        }
        let expected = whole(&report);
        assert!(String::from_utf8_lossy(&expected).contains("\"findings\": [],"));
        for out in chunked(&report, 3) {
            assert!(out == expected);
        }
        let empty = Report::default();
        for out in chunked(&empty, 3) {
            assert!(out == whole(&empty));
        }
    }
}
