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
}
