//! `github` output: workflow commands that GitHub Actions turns into annotations.

use std::fmt::Write;

use crate::lint::Report;
use crate::rules::Level;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for (file, d) in report.iter() {
        let (s, e) = (d.start, d.end);
        let cmd = match d.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "notice",
        };
        let _ = writeln!(
            out,
            "::{cmd} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&file.display),
            s.line,
            s.column,
            e.line,
            e.column,
            escape_property(d.rule.id),
            escape_data(&format!("{} [{}]", d.message, d.pointer)),
        );
    }
    out.push_str(&super::text::summary_line(report));
    out.push('\n');
    out
}
