//! `json` output: every finding with its rule, level, file, line and column, pointer, message and
//! fix.

use serde_json::{json, Value};

use crate::lint::Report;

pub fn render(report: &Report) -> String {
    let findings: Vec<Value> = report
        .iter()
        .map(|(file, d)| {
            let (start, end) = (d.start, d.end);
            let fix = d.fix.as_ref().filter(|_| !file.lossy).map(|fix| {
                json!({
                    "description": fix.description,
                    "edits": fix.edits.iter().map(|e| {
                        let (s, t) = (e.start, e.end);
                        json!({
                            "byte_start": e.span.start + file.bom_len,
                            "byte_end": e.span.end + file.bom_len,
                            "line": s.line, "column": s.column,
                            "end_line": t.line, "end_column": t.column,
                            "replacement": e.replacement,
                        })
                    }).collect::<Vec<_>>(),
                })
            });
            json!({
                "rule": d.rule.id,
                "category": d.rule.category.as_str(),
                "level": d.level.as_str(),
                "file": file.display,
                "line": start.line,
                "column": start.column,
                "end_line": end.line,
                "end_column": end.column,
                "pointer": d.pointer,
                "message": d.message,
                "help": d.help,
                "fix": fix,
            })
        })
        .collect();
    let notifications: Vec<Value> = report
        .notifications
        .iter()
        .map(|n| json!({ "file": n.path, "message": n.message }))
        .collect();
    let doc = json!({
        "tool": "connector-lint",
        "version": env!("CARGO_PKG_VERSION"),
        "summary": {
            "connectors": report.connectors,
            "files": report.files_checked,
            "strings": report.strings,
            "findings": findings.len(),
        },
        "findings": findings,
        "notifications": notifications,
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON values serialize");
    s.push('\n');
    s
}
