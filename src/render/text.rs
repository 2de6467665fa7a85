//! `text` (rustc-style snippets, via annotate-snippets) and `concise` output.

use std::io::Write;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level as SnippetLevel, Renderer, Snippet};

use super::RenderOptions;
use crate::diagnostic::Diagnostic;
use crate::lint::Report;
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

pub fn write(report: &Report, opts: &RenderOptions, w: &mut dyn Write) -> std::io::Result<()> {
    let renderer = if opts.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(opts.term_width)
    .decor_style(DecorStyle::Ascii);
    // Files whose text was dropped after the check are read again, one at a time.
    let mut reloaded: Option<(*const SourceFile, Option<SourceFile>)> = None;
    for (file, d) in report.iter() {
        let source = if file.text_hash.is_none() {
            Some(file)
        } else {
            if reloaded
                .as_ref()
                .is_none_or(|(p, _)| !std::ptr::eq(*p, file))
            {
                reloaded = Some((file, crate::connector::reload(file)));
            }
            reloaded.as_ref().and_then(|(_, f)| f.as_ref())
        };
        match source {
            Some(source) => w.write_all(render_one(source, d, &renderer).as_bytes())?,
            // Changed since it was checked: no snippet, the position only.
            None => write!(
                w,
                "{}[{}]: {}\n  --> {}:{}:{} ({})",
                d.level,
                d.rule.id,
                d.message,
                file.display,
                d.start.line,
                d.start.column,
                d.pointer
            )?,
        }
        w.write_all(b"\n\n")?;
    }
    writeln!(w, "{}", summary_line(report))
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
