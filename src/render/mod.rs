//! Output formats. Each gets the finished, sorted report and writes it to a buffered writer.

use crate::lint::Report;

pub mod github;
pub mod ignore;
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
    /// `[[ignore]]` entries for connector-lint.toml that accept every finding (what --add-ignore
    /// would append).
    IgnoreToml,
}

/// Options that shape output.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    pub color: bool,
    /// Most results in one SARIF run (GitHub keeps 25,000).
    pub sarif_max_results: usize,
    /// Width of the terminal, for trimming long lines.
    pub term_width: usize,
    /// The config file and reason of `ignore-toml` entries.
    pub ignore: ignore::Options,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            sarif_max_results: sarif::GITHUB_MAX_RESULTS,
            term_width: 120,
            ignore: ignore::Options::default(),
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
        Format::IgnoreToml => ignore::write(report, &opts.ignore, w),
    }
}

/// Findings rendered by one parallel task of the `sarif`, `json` and `concise` formats: on the
/// whole corpus, 98 KB of SARIF, 78 KB of JSON or 26 KB of concise output on average (the largest
/// chunk is 900 KB of SARIF, results with long messages).
pub(crate) const CHUNK: usize = 128;

/// The room made for a chunk's output at first: most chunks fit, so a buffer seldom grows (each
/// growth leaves the smaller block behind in the allocator of the thread that rendered it).
const CHUNK_BYTES: usize = 128 << 10;

/// Most chunks rendering or rendered and not yet written, however many threads there are: the
/// output held in memory does not grow with the thread count.
const MAX_IN_FLIGHT: usize = 8;

/// Render `chunks` in parallel and write them to `w` in order: the output does not depend on the
/// thread count. Chunks are handed to the pool one at a time, at most two per thread (and
/// [`MAX_IN_FLIGHT`]) ahead of the one being written, so that only that many buffers of output
/// are in memory (about 0.5 MB with two threads), never the whole output; each buffer is reused
/// for a later chunk. The calling thread only writes: it waits for a chunk only when it has
/// written every chunk before it, while the pool renders the ones after. (Rendering a window of
/// chunks, then writing it while the next window rendered, saved nothing with two threads: the
/// pool sat idle at the end of every window, and the calling thread woke late.) With one thread,
/// chunk after chunk on the calling thread.
pub(crate) fn write_in_order<T: Send>(
    chunks: impl Iterator<Item = T>,
    w: &mut dyn std::io::Write,
    render: impl Fn(&T, &mut Vec<u8>) + Sync,
) -> std::io::Result<()> {
    let threads = rayon::current_num_threads();
    if threads == 1 {
        let mut buf = Vec::with_capacity(CHUNK_BYTES);
        for chunk in chunks {
            buf.clear();
            render(&chunk, &mut buf);
            w.write_all(&buf)?;
        }
        return Ok(());
    }
    let in_flight = (2 * threads).min(MAX_IN_FLIGHT);
    let render = &render;
    type Rendered = (usize, Vec<u8>, std::thread::Result<()>);
    let (tx, rx) = std::sync::mpsc::channel::<Rendered>();
    // The writer need not be `Send`: it is written to on this thread while the pool renders.
    rayon::in_place_scope(|s| {
        let mut chunks = chunks.fuse();
        // Rendered chunks waiting for the ones before them, at chunk number % `in_flight`.
        let mut ready: Vec<Option<Vec<u8>>> = (0..in_flight).map(|_| None).collect();
        let mut free: Vec<Vec<u8>> = Vec::new();
        let (mut handed, mut written) = (0, 0);
        let mut result = Ok(());
        loop {
            // After a write error, nothing more is handed out; the chunks out are waited for.
            while result.is_ok() && handed - written < in_flight {
                let Some(chunk) = chunks.next() else { break };
                let mut buf = free
                    .pop()
                    .unwrap_or_else(|| Vec::with_capacity(CHUNK_BYTES));
                let (tx, k) = (tx.clone(), handed);
                s.spawn(move |_| {
                    buf.clear();
                    // A panic is sent on, so that this thread never waits for a chunk that will
                    // not come, and raised here.
                    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        render(&chunk, &mut buf)
                    }));
                    let _ = tx.send((k, buf, r));
                });
                handed += 1;
            }
            if written == handed {
                return result;
            }
            while ready[written % in_flight].is_none() {
                let (k, buf, r) = rx.recv().expect("this thread holds a sender");
                if let Err(panic) = r {
                    std::panic::resume_unwind(panic);
                }
                ready[k % in_flight] = Some(buf);
            }
            let buf = ready[written % in_flight].take().expect("just received");
            if result.is_ok() {
                result = w.write_all(&buf);
            }
            free.push(buf);
            written += 1;
        }
    })
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
    fn chunks_are_written_in_order_and_failures_come_back() {
        // Chunks of very different costs, so that they finish out of order.
        let render = |&k: &u64, buf: &mut Vec<u8>| {
            let spin = (k * 7919) % 5000;
            let x = (0..spin).fold(k, |a, b| a.wrapping_mul(31).wrapping_add(b));
            buf.extend_from_slice(format!("{k} {}\n", x % 2).as_bytes());
        };
        let expected: Vec<u8> = (0..2000u64).fold(Vec::new(), |mut out, k| {
            render(&k, &mut out);
            out
        });
        for out in on_pools(|| {
            let mut out = Vec::new();
            write_in_order(0..2000u64, &mut out, render).unwrap();
            out
        }) {
            assert!(out == expected);
        }
        // A writer that fails: the error is returned once the chunks handed out are done.
        struct Full(usize);
        impl std::io::Write for Full {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                if self.0 + b.len() > 10_000 {
                    return Err(std::io::Error::other("full"));
                }
                self.0 += b.len();
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        for r in on_pools(|| write_in_order(0..2000u64, &mut Full(0), render)) {
            assert_eq!(r.unwrap_err().to_string(), "full");
        }
        // A chunk that panics: the panic reaches the caller, which does not wait forever.
        for r in on_pools(|| {
            std::panic::catch_unwind(|| {
                write_in_order(0..2000u64, &mut Vec::new(), |&k, buf| {
                    assert!(k != 1500, "chunk 1500");
                    render(&k, buf)
                })
            })
        }) {
            let panic = r.unwrap_err();
            let message = panic
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| panic.downcast_ref::<String>().map(String::as_str));
            assert_eq!(message, Some("chunk 1500"));
        }
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
