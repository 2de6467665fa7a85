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

/// Lines longer than this many bytes are cut to a window around the span before annotate-snippets
/// lays them out. It measures and copies every character of the lines it is given, though it shows
/// at most `term_width` columns of them: a 1 GB line of minified JSON asked for 8.6 GB, and each
/// finding on a 716 KB line cost as much as the line.
pub const LONG_LINE: usize = 4096;

/// Characters kept on each side of the span on a long line: enough for annotate-snippets to trim
/// the window exactly as it would trim the whole line (it shows `term_width` columns at most, the
/// span about in their middle). Of a span longer than twice this, which annotate-snippets shows
/// as its start, "..." and its end, only these are kept.
fn window_chars(term_width: usize) -> usize {
    2 * term_width.min(LONG_LINE) + 32
}

/// The offset `n` characters before `at` in `text`, or `floor` when there are fewer.
fn chars_back(text: &str, floor: usize, at: usize, n: usize) -> usize {
    match n {
        0 => at,
        _ => text[floor..at]
            .char_indices()
            .rev()
            .nth(n - 1)
            .map_or(floor, |(i, _)| floor + i),
    }
}

/// The offset `n` characters after `at` in `text`, or `ceil` when there are fewer.
fn chars_forward(text: &str, at: usize, ceil: usize, n: usize) -> usize {
    text[at..ceil]
        .char_indices()
        .nth(n)
        .map_or(ceil, |(i, _)| at + i)
}

/// What annotate-snippets is given for one finding: the lines of the span (at most five), each
/// long line cut to a window around the span, and where the span and the first window start.
struct Excerpt<'t> {
    source: std::borrow::Cow<'t, str>,
    span: std::ops::Range<usize>,
    /// Characters of the first line left out before its window (0 when it is shown whole).
    first_cut: usize,
}

fn excerpt<'t>(file: &'t SourceFile, d: &Diagnostic, term_width: usize) -> (usize, Excerpt<'t>) {
    let text = file.text.as_str();
    let idx = file.line_index();
    let first = idx.line_of(d.span.start.min(text.len()));
    let last = idx.line_of(d.span.end.min(text.len())).min(first + 4);
    let lines: Vec<std::ops::Range<usize>> =
        (first..=last).map(|l| idx.line_range(text, l)).collect();
    let (start, end) = (lines[0].start, lines[lines.len() - 1].end);
    if lines.iter().all(|l| l.len() <= LONG_LINE) {
        let excerpt = Excerpt {
            source: text[start..end].into(),
            span: d.span.start.clamp(start, end) - start..d.span.end.clamp(start, end) - start,
            first_cut: 0,
        };
        return (first, excerpt);
    }
    // Each long line is cut around what the span marks on it: its start on the first line, its
    // end on the last, the line's start on those between.
    let side = window_chars(term_width);
    let s = crate::source::floor_char_boundary(text, d.span.start.clamp(start, end));
    let e = crate::source::floor_char_boundary(text, d.span.end.clamp(start, end));
    let mut source = String::new();
    let (mut span_start, mut span_end, mut first_cut) = (0, 0, 0);
    for (k, line) in lines.iter().enumerate() {
        let (is_first, is_last) = (k == 0, k + 1 == lines.len());
        let (s, e) = (s.clamp(line.start, line.end), e.clamp(line.start, line.end));
        if k > 0 {
            source.push('\n');
        }
        let at = source.len();
        if line.len() <= LONG_LINE {
            source.push_str(&text[line.clone()]);
            if is_first {
                span_start = at + s - line.start;
            }
            if is_last {
                span_end = at + e - line.start;
            }
            continue;
        }
        if is_first && is_last {
            // A span wider than twice the terminal is shown as its start, "..." and its end:
            // its middle is left out here too.
            let head_end = chars_forward(text, s, e, side);
            let tail_start = chars_back(text, head_end, e, side);
            let window = chars_back(text, line.start, s, side)..head_end;
            source.push_str(&text[window.clone()]);
            source.push_str(&text[tail_start..chars_forward(text, e, line.end, side)]);
            span_start = at + s - window.start;
            span_end = at + window.len() + e - tail_start;
            first_cut = idx.position(text, window.start).column as usize - 1;
            continue;
        }
        let window = if is_first {
            chars_back(text, line.start, s, side)..chars_forward(text, s, line.end, side)
        } else if is_last {
            chars_back(text, line.start, e, side)..chars_forward(text, e, line.end, side)
        } else {
            line.start..chars_forward(text, line.start, line.end, side)
        };
        source.push_str(&text[window.clone()]);
        if is_first {
            span_start = at + s - window.start;
            first_cut = idx.position(text, window.start).column as usize - 1;
        }
        if is_last {
            span_end = at + e - window.start;
        }
    }
    let excerpt = Excerpt {
        source: source.into(),
        span: span_start..span_end.max(span_start),
        first_cut,
    };
    (first, excerpt)
}

/// Render one finding as a rustc-style snippet, in `term_width` columns.
pub fn render_one(
    file: &SourceFile,
    d: &Diagnostic,
    renderer: &Renderer,
    term_width: usize,
) -> String {
    let (first, ex) = excerpt(file, d, term_width);
    let label = d.pointer.to_string();
    let title = d.message.clone();
    let mut groups = vec![snippet_level(d.level)
        .primary_title(title)
        .id(d.rule.id)
        .element(
            Snippet::source(ex.source.as_ref())
                .line_start(first + 1)
                .path(file.display.as_str())
                .annotation(AnnotationKind::Primary.span(ex.span.clone()).label(label)),
        )];
    if let Some(help) = &d.help {
        groups.push(Group::with_title(
            SnippetLevel::HELP.secondary_title(help.to_string()),
        ));
    }
    if let Some(fix) = &d.fix {
        groups.push(Group::with_title(SnippetLevel::HELP.secondary_title(
            match d.rule.fix {
                crate::meta::FixKind::Unsafe => {
                    format!(
                        "unsafe fix available (--fix --unsafe-fixes): {}",
                        fix.description
                    )
                }
                _ => format!("fix available (--fix): {}", fix.description),
            },
        )));
    }
    let out = renderer.render(&groups);
    if ex.first_cut == 0 {
        return out;
    }
    // annotate-snippets counts the column from the start of the window: count it from the start
    // of the line. The location follows the title, so the search starts past the message.
    let col = ex.source[..ex.span.start].chars().count() + 1;
    let shown = format!("{}:{}:{col}", file.display, first + 1);
    let from = crate::source::floor_char_boundary(&out, d.message.len());
    match out[from..].find(&shown) {
        Some(i) => {
            let at = from + i;
            let right = format!("{}:{}:{}", file.display, first + 1, col + ex.first_cut);
            format!("{}{right}{}", &out[..at], &out[at + shown.len()..])
        }
        None => out,
    }
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
                    render_into(&mut buf, &f.source, source, d, &renderer, opts.term_width);
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
    term_width: usize,
) {
    match source {
        Some(source) => {
            buf.extend_from_slice(render_one(source, d, renderer, term_width).as_bytes())
        }
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
    let compared = if report.compared + report.without_previous.len() > 0 {
        format!(
            ", {} compared with the previous version{}",
            report.compared,
            match report.without_previous.len() {
                0 => String::new(),
                k => format!(" ({k} new)"),
            }
        )
    } else {
        String::new()
    };
    format!(
        "Checked {} ({}, {}{unchanged}{compared}): {}, {}, {}{time}.",
        plural(report.connectors, "connector"),
        plural(report.files_checked, "file"),
        plural(report.strings, "string"),
        plural(e, "error"),
        plural(w, "warning"),
        plural(n, "note"),
    )
}

/// One line per finding, in chunks rendered in parallel and written in order.
pub fn write_concise(report: &Report, w: &mut dyn Write) -> std::io::Result<()> {
    super::write_in_order(super::chunks(report, super::CHUNK), w, |chunk, buf| {
        for (file, d) in chunk.findings(report) {
            let p = d.start;
            let _ = writeln!(
                buf,
                "{}:{}:{}: {}[{}] {}",
                file.display, p.line, p.column, d.level, d.rule.id, d.message
            );
        }
    })?;
    writeln!(w, "{}", summary_line(report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::FileId;
    use crate::source::FileKind;

    fn file(text: String) -> SourceFile {
        SourceFile::new(
            FileKind::Swagger,
            "c/x.json".into(),
            "c/x.json".into(),
            text,
        )
    }

    fn finding(span: std::ops::Range<usize>) -> Diagnostic {
        Diagnostic::new(
            &crate::rules::file::FileJsonValid::META,
            FileId(0),
            span,
            "/paths/~1items/get/description",
            "Something is wrong here",
        )
    }

    /// The snippet annotate-snippets makes of the whole lines of the span, as the renderer did
    /// before long lines were cut.
    fn whole_lines(file: &SourceFile, d: &Diagnostic) -> String {
        let idx = file.line_index();
        let first = idx.line_of(d.span.start);
        let last = idx.line_of(d.span.end).min(first + 4);
        let start = idx.line_range(&file.text, first).start;
        let end = idx.line_range(&file.text, last).end;
        let group = snippet_level(d.level)
            .primary_title(d.message.clone())
            .id(d.rule.id)
            .element(
                Snippet::source(&file.text[start..end])
                    .line_start(first + 1)
                    .path(file.display.as_str())
                    .annotation(
                        AnnotationKind::Primary
                            .span(d.span.start - start..d.span.end - start)
                            .label(d.pointer.to_string()),
                    ),
            );
        renderer().render(&[group])
    }

    fn renderer() -> Renderer {
        Renderer::plain()
            .term_width(RenderOptions::default().term_width)
            .decor_style(DecorStyle::Ascii)
    }

    fn render(file: &SourceFile, d: &Diagnostic) -> String {
        render_one(file, d, &renderer(), RenderOptions::default().term_width)
    }

    /// A line of `n` bytes or more of JSON-like text, with words of `letter`.
    fn long_line(n: usize, letter: &str) -> String {
        let mut line = String::from("{\"description\": \"");
        let mut k = 0;
        while line.len() < n {
            line.push_str(&format!("{letter}{k} word{letter}, "));
            k += 1;
        }
        line.push_str("\"}");
        line
    }

    #[test]
    fn a_long_line_shows_what_the_whole_line_would_show() {
        for letter in ["a", "é", "中"] {
            let line = long_line(20_000, letter);
            let text = format!("{{\n  \"x\": 1,\n{line}\n}}\n");
            let at = text.find(&line).unwrap();
            let n = line.len();
            let boundary = |o: usize| crate::source::floor_char_boundary(&text, at + o);
            let spans = [
                (0, 1),
                (40, 52),
                (n / 2, n / 2 + 9),
                (n / 3, n / 3 + 200),
                (n / 4, n / 4 + 3000),
                (n - 30, n - 2),
                (n - 1, n),
                (n, n),
            ];
            let file = file(text.clone());
            for (s, e) in spans {
                let d = finding(boundary(s)..boundary(e));
                let out = render(&file, &d);
                // annotate-snippets cuts the middle of a span wider than twice the terminal by
                // columns in a buffer of characters: with wide characters ('中' takes two
                // columns) the whole line showed the span's middle. The window shows a bounded
                // part of it.
                if letter == "中" && e - s > 1000 {
                    assert!(out.lines().all(|l| l.chars().count() < 1000), "{out}");
                    continue;
                }
                assert_eq!(
                    out,
                    whole_lines(&file, &d),
                    "span {s}..{e} of a line of '{letter}'"
                );
            }
        }
    }

    #[test]
    fn an_indented_long_line_shows_what_the_whole_line_would_show() {
        let line = format!("{}{}", " ".repeat(60), long_line(10_000, "w"));
        let file = file(format!("{{\n{line}\n}}"));
        for at in [70, 90, 200, 5_000, 9_000] {
            let d = finding(2 + at..2 + at + 5);
            assert_eq!(render(&file, &d), whole_lines(&file, &d), "at {at}");
        }
    }

    #[test]
    fn a_span_over_lines_keeps_its_lines_and_columns() {
        let short = "{\n  \"a\": {\n    \"b\": 1\n  }\n}\n".to_string();
        let small = file(short.clone());
        let d = finding(short.find("{\n    ").unwrap()..short.rfind('}').unwrap());
        assert_eq!(render(&small, &d), whole_lines(&small, &d));
        // A span from the middle of a long line to the next line: both lines are cut, and the
        // column still counts from the start of the line.
        let line = long_line(50_000, "x");
        let file = file(format!("{line}\n  \"end\": 1\n}}"));
        let d = finding(30_000..line.len() + 5);
        let out = render(&file, &d);
        assert!(out.contains("--> c/x.json:1:30001\n"), "{out}");
        assert!(out.lines().all(|l| l.len() < 300), "{out}");
    }

    #[test]
    fn a_line_of_a_megabyte_renders_a_bounded_snippet_at_the_right_column() {
        let line = long_line(1 << 20, "é");
        let at = crate::source::floor_char_boundary(&line, 700_000);
        let file = file(line.clone());
        for span in [at..at + 5, at..line.len() - 100, 0..line.len()] {
            let d = finding(span.clone());
            let (_, excerpt) = excerpt(&file, &d, 120);
            assert!(
                excerpt.source.len() <= 4 * 4 * window_chars(120),
                "{} bytes given to annotate-snippets",
                excerpt.source.len()
            );
            let out = render(&file, &d);
            let column = line[..span.start].chars().count() + 1;
            assert!(out.contains(&format!("--> c/x.json:1:{column}\n")), "{out}");
            assert!(out.lines().all(|l| l.chars().count() < 300), "{out}");
        }
    }
}
