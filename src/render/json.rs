//! `json` output: every finding with its rule, level, file, line and column, pointer, message and
//! fix. Serialized straight from borrowed structs, without an intermediate value tree.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::lint::Report;
use crate::source::SourceFile;

#[derive(Serialize)]
struct Doc<'a> {
    tool: &'static str,
    version: &'static str,
    summary: Summary,
    findings: Findings<'a>,
    notifications: Vec<Notice<'a>>,
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

/// The findings, serialized as they are read from the report.
struct Findings<'a>(&'a Report);

impl Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|(f, d)| finding(f, d)))
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
        fix,
    }
}

pub fn write(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let doc = Doc {
        tool: "connector-lint",
        version: env!("CARGO_PKG_VERSION"),
        summary: Summary {
            connectors: report.connectors,
            files: report.files_checked,
            strings: report.strings,
            findings: report.iter().count(),
        },
        findings: Findings(report),
        notifications: report
            .notifications
            .iter()
            .map(|n| Notice {
                file: &n.path,
                message: &n.message,
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    w.write_all(b"\n")
}
