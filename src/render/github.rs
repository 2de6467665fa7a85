//! `github` output: workflow commands that GitHub Actions turns into annotations.

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

/// GitHub shows at most 10 error and 10 warning annotations per step (and 50 per job): more are
/// dropped silently, so the rest are counted in one line instead.
pub const MAX_PER_LEVEL: usize = 10;

pub fn write(report: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    // Errors first, then warnings, then notes; report order within a level.
    let mut all: Vec<_> = report.iter().collect();
    all.sort_by_key(|(_, d)| std::cmp::Reverse(d.level));
    let mut shown = [0usize; 3];
    let mut left = [0usize; 3];
    for (file, d) in all {
        let k = match d.level {
            Level::Error => 0,
            Level::Warning => 1,
            Level::Note => 2,
        };
        if shown[k] == MAX_PER_LEVEL {
            left[k] += 1;
            continue;
        }
        shown[k] += 1;
        let (s, e) = (d.start, d.end);
        let cmd = match d.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "notice",
        };
        writeln!(
            out,
            "::{cmd} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&file.display),
            s.line,
            s.column,
            e.line,
            e.column,
            escape_property(d.rule.id),
            escape_data(&format!("{} [{}]", d.message, d.pointer)),
        )?;
    }
    if left.iter().any(|&k| k > 0) {
        writeln!(
            out,
            "Not annotated: {} more errors, {} more warnings, {} more notes (GitHub shows {MAX_PER_LEVEL} of each per step); upload the SARIF output for all of them, or run --format concise.",
            left[0], left[1], left[2]
        )?;
    }
    writeln!(out, "{}", super::text::summary_line(report))
}
