//! Output formats. Each gets the finished, sorted report and writes it to a buffered writer.

use crate::lint::Report;

pub mod github;
pub mod json;
pub mod readiness;
pub mod sarif;
pub mod text;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style, with the source line and a caret under the span.
    Text,
    /// One line per finding: `file:line:col: level[rule] message`.
    Concise,
    /// Machine-readable findings.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// Options that shape output.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub color: bool,
    /// Most results in one SARIF run (GitHub keeps 25,000).
    pub sarif_max_results: usize,
    /// Width of the terminal, for trimming long lines.
    pub term_width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            sarif_max_results: sarif::GITHUB_MAX_RESULTS,
            term_width: 120,
        }
    }
}

/// Write the report to `w`, finding by finding: no format holds its whole output in memory (a
/// whole-repository JSON log is about 100 MB). `--output` files are written to a temporary file and
/// renamed, so a file is never left half-written.
pub fn render_to(
    report: &Report,
    format: Format,
    opts: &RenderOptions,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Text => text::write(report, opts, w),
        Format::Concise => text::write_concise(report, w),
        Format::Json => json::write(report, w),
        Format::Sarif => sarif::write(report, opts, w),
        Format::Github => github::write(report, w),
    }
}

/// Findings rendered by one parallel task of the `sarif`, `json` and `concise` formats: about
/// 45 KB of SARIF, 80 KB of JSON or 27 KB of concise output.
pub(crate) const CHUNK: usize = 128;

/// Chunks rendered at a time, however many threads there are: the output held in memory does not
/// grow with the thread count.
const MAX_WINDOW: usize = 16;

/// Render `chunks` in parallel and write them to `w` in order: the output does not depend on the
/// thread count. Windows of two chunks per thread (at most [`MAX_WINDOW`]) are rendered while the
/// window before is written, so two windows of output are in memory at a time, never the whole
/// output: on the whole corpus, with two threads, a window is at most 380 KB of JSON or 1.1 MB of
/// SARIF (one chunk of results with long messages is 900 KB). Each chunk is rendered by `render`
/// into a buffer that is reused two windows later. With one thread, chunk after chunk on the
/// calling thread.
pub(crate) fn write_in_order<T: Sync>(
    chunks: impl Iterator<Item = T>,
    w: &mut dyn std::io::Write,
    render: impl Fn(&T, &mut Vec<u8>) + Sync,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let threads = rayon::current_num_threads();
    if threads == 1 {
        let mut buf = Vec::new();
        for chunk in chunks {
            buf.clear();
            render(&chunk, &mut buf);
            w.write_all(&buf)?;
        }
        return Ok(());
    }
    let window = (2 * threads).min(MAX_WINDOW);
    let mut chunks = chunks.fuse();
    let mut batch: Vec<T> = Vec::with_capacity(window);
    let new_bufs = || (0..window).map(|_| Vec::new()).collect::<Vec<Vec<u8>>>();
    // `ready` holds the `done` rendered chunks of the window before, `next` is rendered into.
    let (mut ready, mut next) = (new_bufs(), new_bufs());
    let mut done = 0;
    loop {
        batch.clear();
        batch.extend(chunks.by_ref().take(window));
        if batch.is_empty() && done == 0 {
            return Ok(());
        }
        // The writer need not be `Send`: it is written to on this thread while the pool renders.
        rayon::in_place_scope(|s| {
            s.spawn(|_| {
                batch
                    .par_iter()
                    .zip(next.par_iter_mut())
                    .for_each(|(chunk, buf)| {
                        buf.clear();
                        render(chunk, buf);
                    });
            });
            ready[..done].iter().try_for_each(|buf| w.write_all(buf))
        })?;
        std::mem::swap(&mut ready, &mut next);
        done = batch.len();
    }
}

/// A finding and the file it is in.
pub(crate) type Found<'r> = (
    &'r crate::source::SourceFile,
    &'r crate::diagnostic::Diagnostic,
);

/// Consecutive findings of a report, in report order: `len` findings from finding `index` of file
/// `file`, possibly running over into the files after it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chunk {
    /// The chunk's place in the report: 0 for the first.
    pub ordinal: usize,
    file: usize,
    index: usize,
    len: usize,
}

impl Chunk {
    /// The findings of the chunk, in report order.
    pub fn findings<'r>(&self, report: &'r Report) -> impl Iterator<Item = Found<'r>> {
        let index = self.index;
        report.files[self.file..]
            .iter()
            .enumerate()
            .flat_map(move |(k, f)| {
                let from = if k == 0 { index } else { 0 };
                f.diagnostics[from..].iter().map(move |d| (&f.source, d))
            })
            .take(self.len)
    }
}

/// The findings of `report` cut into chunks of `size` (the last may be smaller), without listing
/// the findings.
pub(crate) fn chunks(report: &Report, size: usize) -> impl Iterator<Item = Chunk> + '_ {
    let size = size.max(1);
    let (mut file, mut index, mut ordinal) = (0, 0, 0);
    std::iter::from_fn(move || {
        let files = &report.files;
        while file < files.len() && index >= files[file].diagnostics.len() {
            file += 1;
            index = 0;
        }
        if file == files.len() {
            return None;
        }
        let chunk = Chunk {
            ordinal,
            file,
            index,
            len: 0,
        };
        let mut left = size;
        while left > 0 && file < files.len() {
            let take = left.min(files[file].diagnostics.len() - index);
            left -= take;
            index += take;
            if index == files[file].diagnostics.len() {
                file += 1;
                index = 0;
            }
        }
        ordinal += 1;
        Some(Chunk {
            len: size - left,
            ..chunk
        })
    })
}

/// The whole output as a string (for tests and small reports).
pub fn render(report: &Report, format: Format, opts: &RenderOptions) -> String {
    let mut out = Vec::new();
    render_to(report, format, opts, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("every format writes UTF-8")
}

/// Percent-encode a relative path for a URI, keeping `/` separators and unreserved characters.
pub fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn percent_encoding_keeps_separators() {
        assert_eq!(
            percent_encode_path(
                "certified-connectors/Revizto (Ireland)/apiDefinition.swagger.json"
            ),
            "certified-connectors/Revizto%20%28Ireland%29/apiDefinition.swagger.json"
        );
        assert_eq!(percent_encode_path("a/é"), "a/%C3%A9");
    }

    /// A report of the rule fixtures: 357 connectors, about 1,400 findings, some with fixes, and
    /// files without findings.
    pub(crate) fn fixture_report() -> Report {
        let overrides = crate::config::Overrides {
            select: Some(vec!["ALL".to_string()]),
            ..Default::default()
        };
        let settings = crate::config::Settings::load(None, &overrides).expect("ALL is a selection");
        let mut report = crate::lint::run(
            &[(PathBuf::from("fixtures/rules"), &settings)],
            crate::lint::RunOptions::default(),
        );
        report.elapsed = None;
        report
    }

    /// `f` on a pool of each of 1, 2 and 3 threads.
    pub(crate) fn on_pools<R>(f: impl Fn() -> R + Send + Sync) -> Vec<R>
    where
        R: Send,
    {
        [1, 2, 3]
            .into_iter()
            .map(|n| {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .expect("a pool starts")
                    .install(&f)
            })
            .collect()
    }

    #[test]
    fn chunks_cover_the_findings_in_order() {
        let mut report = fixture_report();
        // Files without findings, first, between and last, are passed over.
        let empty = || crate::lint::FileReport {
            source: crate::source::SourceFile::new(
                crate::source::FileKind::Swagger,
                "x.json".into(),
                "x.json".into(),
                String::new(),
            ),
            diagnostics: Vec::new(),
        };
        report.files.insert(0, empty());
        report.files.insert(5, empty());
        report.files.insert(6, empty());
        report.files.push(empty());
        let all: Vec<_> = report.iter().map(|(f, d)| (&f.path, &d.pointer)).collect();
        assert!(all.len() > 1000);
        for size in [1, 2, 7, 128, all.len() - 1, all.len(), all.len() + 1] {
            let chunks: Vec<Chunk> = chunks(&report, size).collect();
            assert_eq!(chunks.len(), all.len().div_ceil(size), "size {size}");
            let mut seen = Vec::new();
            for (k, c) in chunks.iter().enumerate() {
                assert_eq!(c.ordinal, k);
                let n = seen.len();
                seen.extend(c.findings(&report).map(|(f, d)| (&f.path, &d.pointer)));
                assert!(seen.len() - n == size || k + 1 == chunks.len());
            }
            assert_eq!(seen, all, "size {size}");
        }
        assert_eq!(chunks(&Report::default(), 5).count(), 0);
    }

    #[test]
    fn parallel_output_is_the_same_on_any_pool() {
        let report = fixture_report();
        let opts = RenderOptions {
            sarif_max_results: 300,
            ..RenderOptions::default()
        };
        for format in [Format::Concise, Format::Json, Format::Sarif] {
            let outs = on_pools(|| render(&report, format, &opts));
            assert!(outs.iter().all(|o| *o == outs[0]), "{format:?}");
        }
        let concise: String = report
            .iter()
            .map(|(f, d)| {
                let p = d.start;
                format!(
                    "{}:{}:{}: {}[{}] {}\n",
                    f.display, p.line, p.column, d.level, d.rule.id, d.message
                )
            })
            .collect();
        let out = render(&report, Format::Concise, &opts);
        assert_eq!(out, concise + &text::summary_line(&report) + "\n");
    }
}
