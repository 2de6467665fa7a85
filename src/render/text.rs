//! `text` (rustc-style snippets, via annotate-snippets) and `concise` output.

use std::io::Write;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level as SnippetLevel, Renderer, Snippet};

use super::RenderOptions;
use crate::diagnostic::Diagnostic;
use crate::lint::{FileReport, Report};
use crate::rules::Level;
use crate::source::SourceFile;

fn snippet_level(level: Level) -> SnippetLevel<'static> {
    match level {
        Level::Error => SnippetLevel::ERROR,
        Level::Warning => SnippetLevel::WARNING,
        Level::Note => SnippetLevel::NOTE,
    }
}

/// Render one finding as a rustc-style snippet.
pub fn render_one(file: &SourceFile, d: &Diagnostic, renderer: &Renderer) -> String {
    let idx = file.line_index();
    let first = idx.line_of(d.span.start.min(file.text.len()));
    let last = idx.line_of(d.span.end.min(file.text.len())).min(first + 4);
    let start = idx.line_range(&file.text, first).start;
    let end = idx.line_range(&file.text, last).end;
    let source = &file.text[start..end];
    let span_start = d.span.start.clamp(start, end) - start;
    let span_end = d.span.end.clamp(start, end) - start;
    let label = d.pointer.to_string();
    let title = d.message.clone();
    let mut groups = vec![snippet_level(d.level)
        .primary_title(title)
        .id(d.rule.id)
        .element(
            Snippet::source(source)
                .line_start(first + 1)
                .path(file.display.as_str())
                .annotation(
                    AnnotationKind::Primary
                        .span(span_start..span_end)
                        .label(label),
                ),
        )];
    if let Some(help) = &d.help {
        groups.push(Group::with_title(
            SnippetLevel::HELP.secondary_title(help.to_string()),
        ));
    }
    if let Some(fix) = &d.fix {
        groups.push(Group::with_title(
            SnippetLevel::HELP.secondary_title(format!("fix available: {}", fix.description)),
        ));
    }
    renderer.render(&groups)
}

/// Findings rendered per batch: batches are rendered in parallel and written in order, so the
/// output never depends on the thread count and at most one batch is held in memory.
const BATCH: usize = 4096;
/// Findings per parallel task within a batch.
const TASK: usize = 128;

pub fn write(report: &Report, opts: &RenderOptions, w: &mut dyn Write) -> std::io::Result<()> {
    use rayon::prelude::*;
    let renderer = if opts.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(opts.term_width)
    .decor_style(DecorStyle::Ascii);
    let files: Vec<&FileReport> = report
        .files
        .iter()
        .filter(|f| !f.diagnostics.is_empty())
        .collect();
    let mut i = 0;
    while i < files.len() {
        // Whole files up to about BATCH findings (always at least one file).
        let mut j = i + 1;
        let mut n = files[i].diagnostics.len();
        while j < files.len() && n + files[j].diagnostics.len() <= BATCH {
            n += files[j].diagnostics.len();
            j += 1;
        }
        let batch = &files[i..j];
        // Files whose text was dropped after the check are read again; `None` when a file
        // changed since it was checked.
        let reloaded: Vec<Option<SourceFile>> = batch
            .par_iter()
            .map(|f| {
                f.source
                    .text_hash
                    .is_some()
                    .then(|| crate::connector::reload(&f.source))
                    .flatten()
            })
            .collect();
        let tasks: Vec<(usize, std::ops::Range<usize>)> = batch
            .iter()
            .enumerate()
            .flat_map(|(k, f)| {
                (0..f.diagnostics.len())
                    .step_by(TASK)
                    .map(move |a| (k, a..(a + TASK).min(f.diagnostics.len())))
            })
            .collect();
        let out: Vec<Vec<u8>> = tasks
            .par_iter()
            .map(|(k, range)| {
                let f = batch[*k];
                let source = match &reloaded[*k] {
                    Some(r) => Some(r),
                    None => f.source.text_hash.is_none().then_some(&f.source),
                };
                let mut buf = Vec::new();
                for d in &f.diagnostics[range.clone()] {
                    render_into(&mut buf, &f.source, source, d, &renderer);
                }
                buf
            })
            .collect();
        for b in out {
            w.write_all(&b)?;
        }
        i = j;
    }
    writeln!(w, "{}", summary_line(report))
}

/// One finding and the blank line after it: a snippet of `source`, or, when the file changed
/// since it was checked, its position only.
fn render_into(
    buf: &mut Vec<u8>,
    file: &SourceFile,
    source: Option<&SourceFile>,
    d: &Diagnostic,
    renderer: &Renderer,
) {
    match source {
        Some(source) => buf.extend_from_slice(render_one(source, d, renderer).as_bytes()),
        None => {
            let _ = write!(
                buf,
                "{}[{}]: {}\n  --> {}:{}:{} ({})",
                d.level,
                d.rule.id,
                d.message,
                file.display,
                d.start.line,
                d.start.column,
                d.pointer
            );
        }
    }
    buf.extend_from_slice(b"\n\n");
}

/// `Checked N connectors (F files, S strings): E errors, W warnings, N notes.`
pub fn summary_line(report: &Report) -> String {
    let (mut e, mut w, mut n) = (0, 0, 0);
    for (_, d) in report.iter() {
        match d.level {
            Level::Error => e += 1,
            Level::Warning => w += 1,
            Level::Note => n += 1,
        }
    }
    let plural = |k: usize, s: &str| format!("{k} {s}{}", if k == 1 { "" } else { "s" });
    let unchanged = match report.unchanged {
        0 => String::new(),
        k => format!(", {k} unchanged skipped"),
    };
    let time = report
        .elapsed
        .map(|t| format!(" in {:.2} s", t.as_secs_f64()))
        .unwrap_or_default();
    format!(
        "Checked {} ({}, {}{unchanged}): {}, {}, {}{time}.",
        plural(report.connectors, "connector"),
        plural(report.files_checked, "file"),
        plural(report.strings, "string"),
        plural(e, "error"),
        plural(w, "warning"),
        plural(n, "note"),
    )
}

pub fn write_concise(report: &Report, w: &mut dyn Write) -> std::io::Result<()> {
    for (file, d) in report.iter() {
        let p = d.start;
        writeln!(
            w,
            "{}:{}:{}: {}[{}] {}",
            file.display, p.line, p.column, d.level, d.rule.id, d.message
        )?;
    }
    writeln!(w, "{}", summary_line(report))
}
