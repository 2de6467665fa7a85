//! The command line.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::{Overrides, Settings};
use crate::connector::PublisherKind;
use crate::lint;
use crate::render::{self, Format, RenderOptions};
use crate::rules::{Level, RULES};

#[derive(Debug, Parser)]
#[command(
    name = "connector-lint",
    version,
    about = "Offline linter for Power Platform custom connectors"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check connectors: a swagger file, a connector folder, or a tree of connectors.
    Check(Box<CheckArgs>),
    /// List every rule: id, category, level, summary.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
    },
    /// Print a rule's documentation.
    Explain {
        /// Rule id, e.g. title-max-length.
        rule: String,
    },
    /// Print every user-facing string of a connector with its field and JSON pointer.
    Strings { path: PathBuf },
    /// Write a translation-readiness report of connectors (all default rules are run).
    Report(ReportArgs),
    /// Report the breaking changes from an old version to a new one: deleted operations, removed
    /// or retyped outputs, inputs removed or made required, connection changes.
    Diff(Box<DiffArgs>),
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old version: a swagger file, a connector folder, a tree of connectors, or a git
    /// revision (`HEAD~1`, `origin/main`) of the repository that holds NEW.
    pub old: String,
    /// The new version: a swagger file, a connector folder, or a tree of connectors (connectors
    /// of two trees are paired by their folder below each).
    pub new: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Fail (exit 1) when a finding at or above this level remains.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Use this config file instead of discovering connector-lint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Breaking changes in this baseline file are acknowledged: reported as notes.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the breaking changes found in FILE as a baseline (acknowledged), then exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Size cap of a connector file in MB (default 64).
    #[arg(long, value_name = "MB")]
    pub max_file_mb: Option<u64>,
    /// Most results in one SARIF run; above it, one run per category.
    #[arg(long, default_value_t = render::sarif::GITHUB_MAX_RESULTS)]
    pub sarif_max_results: usize,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained page: inline CSS and SVG charts, a sortable, filterable table.
    Html,
    /// For a pull-request comment: a short table, details collapsed.
    Markdown,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Files or folders to report on.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Use this config file instead of discovering connector-lint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Publisher kind of every connector (default: from the path).
    #[arg(long, value_enum)]
    pub publisher: Option<PublisherKind>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Size cap of a connector file in MB: a larger file is reported, not read (default 64).
    #[arg(long, value_name = "MB")]
    pub max_file_mb: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
    /// The README's rule table (Markdown).
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders to check.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Fail (exit 1) when a finding at or above this level remains.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Use this config file instead of discovering connector-lint.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Run only these rules or categories (comma-separated); `ALL` for every rule.
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Add rules or categories to the selection.
    #[arg(long, value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Turn rules or categories off.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Publisher kind of every connector checked (default: from the path).
    #[arg(long, value_enum)]
    pub publisher: Option<PublisherKind>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Size cap of a connector file in MB: a larger file is reported, not read (default 64).
    #[arg(long, value_name = "MB")]
    pub max_file_mb: Option<u64>,
    /// Most results in one SARIF run; above it, one run per category.
    #[arg(long, default_value_t = render::sarif::GITHUB_MAX_RESULTS)]
    pub sarif_max_results: usize,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Suggest corrections for misspelled words (always on when one connector is checked).
    #[arg(long)]
    pub suggest: bool,
    /// Print a count of findings per rule, and spelling figures, to standard error.
    #[arg(long)]
    pub statistics: bool,
    /// Check only the connectors with a file that git reports as changed since REV (committed,
    /// staged, modified or new): what a pull-request workflow runs.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
    /// Report only findings that are not in this baseline file (see --write-baseline).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in FILE as a baseline, then exit 0.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "fix_only", "diff"])]
    pub write_baseline: Option<PathBuf>,
    /// Accept the findings that remain: append an [[ignore]] entry for each to the
    /// connector-lint.toml that applies (created when none does), with this reason, then exit 0.
    /// With --format ignore-toml, print the entries instead.
    #[arg(
        long,
        value_name = "REASON",
        conflicts_with_all = ["fix", "fix_only", "diff", "write_baseline"]
    )]
    pub add_ignore: Option<String>,
    /// Apply the safe fixes of the findings, check again, and report what remains.
    #[arg(long)]
    pub fix: bool,
    /// Apply the unsafe fixes too (with --fix, --fix-only or --diff): they may change meaning.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Apply the fixes and report nothing else: exit 0 unless a file could not be fixed.
    #[arg(long, conflicts_with = "diff")]
    pub fix_only: bool,
    /// Print the fixes as a unified diff and write nothing: exit 1 when there is something to fix.
    #[arg(long)]
    pub diff: bool,
    /// The old side of `connector-lint diff` (set by `diff`, not a flag).
    #[arg(skip)]
    pub compare_with: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
}

impl FailOn {
    fn level(self) -> Level {
        match self {
            FailOn::Error => Level::Error,
            FailOn::Warning => Level::Warning,
            FailOn::Note => Level::Note,
        }
    }
}

fn usage_error(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

/// What became of output written to standard output: a reader that went away (`| head -1`) is no
/// error, and the run ends quietly; any other write error (a full disk) is exit 2 with a message.
fn stdout_failed(written: std::io::Result<()>, what: &str) -> Option<ExitCode> {
    match written {
        Ok(()) => None,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => None,
        Err(e) => Some(usage_error(format!(
            "standard output: cannot write the {what}: {e}"
        ))),
    }
}

/// Print `text` to standard output, or say why it could not be (see [`stdout_failed`]).
fn print_out(text: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    stdout_failed(written, "output").unwrap_or(ExitCode::SUCCESS)
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check(args) => check(*args),
        Command::Report(args) => report(args),
        Command::Diff(args) => diff(*args),
        Command::Rules { format } => print_out(&rules_listing(format)),
        Command::Explain { rule } => match crate::rules::find(&rule) {
            Some(r) => print_out(&explain(r.meta())),
            None => usage_error(format!(
                "unknown rule '{rule}' (see `connector-lint rules`).{}",
                crate::rules::did_you_mean(&rule, false)
            )),
        },
        Command::Strings { path } => {
            if !path.exists() {
                return usage_error(format!("{}: no such file or folder", path.display()));
            }
            let found = crate::discover::discover(&path);
            for n in found.errors.iter().chain(&found.skipped) {
                eprintln!("warning: {}: {}", n.path, n.message);
            }
            if found.connectors.is_empty() {
                return usage_error(format!(
                    "{}: no connector found: {}",
                    path.display(),
                    crate::discover::why_none(&path, &found)
                ));
            }
            let listing = crate::strings_of(found.connectors);
            let code = print_out(&listing.text);
            for p in &listing.problems {
                eprintln!("error: {p}");
            }
            // Strings are missing from the listing: not a success.
            if listing.problems.is_empty() {
                code
            } else {
                ExitCode::from(2)
            }
        }
    }
}

/// `connector-lint explain RULE`.
pub fn explain(m: &crate::rules::RuleMeta) -> String {
    let mut s = format!("# {}\n\n", m.id);
    s.push_str(&format!(
        "Category: {}. Default level: {}.",
        m.category, m.level
    ));
    if !m.default_enabled {
        s.push_str(" Off by default: turn it on with `extend-select`.");
    }
    if m.submission_only {
        s.push_str(" Submission rule: checked on certified and independent-publisher connectors, not on custom ones.");
    }
    if let Some(code) = m.validator_code {
        s.push_str(&format!(" Microsoft validator code: {code}."));
    }
    s.push_str(match m.fix {
        crate::rules::FixKind::None => " Fix: none.",
        crate::rules::FixKind::Safe => " Fix: safe (`check --fix` applies it).",
        crate::rules::FixKind::Unsafe => {
            " Fix: unsafe (`check --fix --unsafe-fixes` applies it; it may change meaning)."
        }
    });
    s.push_str("\n\n");
    s.push_str(&m.docs());
    s
}

/// `connector-lint rules` in its three forms.
pub fn rules_listing(format: RulesFormat) -> String {
    match format {
        RulesFormat::Table => {
            let id_width = RULES.iter().map(|r| r.meta().id.len()).max().unwrap_or(4);
            let cat_width = crate::rules::Category::ALL
                .iter()
                .map(|c| c.as_str().len())
                .max()
                .unwrap_or(8);
            let mut s = format!(
                "{:<id_width$} {:<cat_width$} {:<9} {:<6} {}\n",
                "RULE", "CATEGORY", "LEVEL", "FIX", "SUMMARY"
            );
            for r in RULES {
                let m = r.meta();
                let level = if m.default_enabled {
                    m.level.as_str().to_string()
                } else {
                    format!("({})", m.level)
                };
                s.push_str(&format!(
                    "{:<id_width$} {:<cat_width$} {:<9} {:<6} {}\n",
                    m.id,
                    m.category,
                    level,
                    m.fix.as_str(),
                    m.summary
                ));
            }
            s
        }
        RulesFormat::Json => {
            let list: Vec<serde_json::Value> = RULES
                .iter()
                .map(|r| {
                    let m = r.meta();
                    serde_json::json!({
                        "id": m.id,
                        "category": m.category.as_str(),
                        "level": m.level.as_str(),
                        "default_enabled": m.default_enabled,
                        "submission_only": m.submission_only,
                        "summary": m.summary,
                        "validator_code": m.validator_code,
                        "fix": m.fix.as_str(),
                        "docs": m.docs(),
                    })
                })
                .collect();
            serde_json::to_string_pretty(&list).expect("serializes") + "\n"
        }
        RulesFormat::Markdown => {
            let mut s = String::from("| Rule | Category | Level | Fix | Validator code | What it finds |\n|---|---|---|---|---|---|\n");
            for r in RULES {
                let m = r.meta();
                let level = if m.default_enabled {
                    m.level.as_str().to_string()
                } else {
                    format!("{} (off by default)", m.level)
                };
                s.push_str(&format!(
                    "| <a id=\"{id}\"></a>`{id}` | {} | {level} | {} | {} | {} |\n",
                    m.category,
                    m.fix.as_str(),
                    m.validator_code.unwrap_or(""),
                    m.summary.replace('|', "\\|"),
                    id = m.id,
                ));
            }
            s
        }
    }
}

/// The settings of each input: one per distinct config file.
struct Loaded {
    settings: Vec<Settings>,
    which: Vec<usize>,
}

impl Loaded {
    fn inputs(&self, paths: &[PathBuf]) -> Vec<(PathBuf, &Settings)> {
        paths
            .iter()
            .zip(&self.which)
            .map(|(p, &i)| (p.clone(), &self.settings[i]))
            .collect()
    }
}

/// Threads per core above which more threads only cost (each one is started, and holds a stack).
const MAX_THREADS_PER_CORE: usize = 8;

/// The most worker threads `--threads` starts on a machine with `cores` cores.
fn max_threads(cores: usize) -> usize {
    cores.saturating_mul(MAX_THREADS_PER_CORE).clamp(1, 256)
}

/// Start the thread pool and load each input's settings, or say why not (exit 2).
fn load_settings(
    paths: &[PathBuf],
    config: Option<&Path>,
    threads: Option<usize>,
    overrides: Overrides,
) -> Result<Loaded, ExitCode> {
    for p in paths {
        if !p.exists() {
            return Err(usage_error(format!(
                "{}: no such file or folder",
                p.display()
            )));
        }
    }
    if let Some(n) = threads {
        if n == 0 {
            return Err(usage_error(
                "--threads 0: at least one thread is needed (leave the flag out for one per core)",
            ));
        }
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let max = max_threads(cores);
        let n = if n > max {
            eprintln!(
                "warning: --threads {n} is more than {MAX_THREADS_PER_CORE} per core ({cores} cores): using {max}"
            );
            max
        } else {
            n
        };
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
        {
            return Err(usage_error(format!("cannot start {n} threads: {e}")));
        }
    }
    let mut configs: Vec<Option<PathBuf>> = Vec::new();
    let mut loaded = Loaded {
        settings: Vec::new(),
        which: Vec::new(),
    };
    for p in paths {
        let cfg = lint::config_for(p, config);
        let i = match configs.iter().position(|c| *c == cfg) {
            Some(i) => i,
            None => match Settings::load(cfg.as_deref(), &overrides) {
                Ok(s) => {
                    configs.push(cfg);
                    loaded.settings.push(s);
                    loaded.settings.len() - 1
                }
                Err(e) => return Err(usage_error(e)),
            },
        };
        loaded.which.push(i);
    }
    Ok(loaded)
}

fn report(args: ReportArgs) -> ExitCode {
    let loaded = match load_settings(
        &args.paths,
        args.config.as_deref(),
        args.threads,
        Overrides {
            publisher: args.publisher,
            max_file_mb: args.max_file_mb,
            ..Overrides::default()
        },
    ) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let inputs = loaded.inputs(&args.paths);
    let discovered = match discover_or_fail(&inputs) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let t0 = std::time::Instant::now();
    let mut report = lint::run_discovered(
        &inputs,
        discovered,
        lint::RunOptions {
            progress: true,
            inventory: true,
            ..Default::default()
        },
        None,
    );
    report.elapsed = Some(t0.elapsed());
    let readiness = crate::report::readiness(&mut report);
    let text = match args.format {
        ReportFormat::Html => crate::render::readiness::render_html(&readiness),
        ReportFormat::Markdown => crate::render::readiness::render_markdown(&readiness),
        ReportFormat::Json => crate::render::readiness::render_json(&readiness),
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = write_atomically(path, |w| w.write_all(text.as_bytes())) {
                return usage_error(format!("{}: cannot write the report: {e}", path.display()));
            }
        }
        None => {
            let mut out = std::io::stdout().lock();
            let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
            if let Some(code) = stdout_failed(written, "report") {
                return code;
            }
        }
    }
    eprintln!("{}", render::text::summary_line(&report));
    let incomplete = !report.walk_errors.is_empty();
    std::mem::forget(report);
    if incomplete {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// The connectors of the inputs, or exit 2 when an input holds none: a run that checks nothing
/// must not pass. Folders that could not be read and links not followed are told on standard
/// error (and are notifications in the report).
fn discover_or_fail<'s>(
    inputs: &[(PathBuf, &'s Settings)],
) -> Result<lint::Discovered<'s>, ExitCode> {
    let d = lint::discover(inputs);
    for n in &d.errors {
        eprintln!("error: {}: {}", n.path, n.message);
    }
    for n in &d.skipped {
        eprintln!("warning: {}: {}", n.path, n.message);
    }
    if !d.empty.is_empty() {
        for (path, why) in &d.empty {
            eprintln!("error: {}: no connector found: {why}", path.display());
        }
        return Err(ExitCode::from(2));
    }
    Ok(d)
}

/// `diff OLD NEW`: a check of NEW with the breaking-change rules (and the file rules, which say
/// why a file could not be compared) against OLD.
fn diff(args: DiffArgs) -> ExitCode {
    check(CheckArgs {
        paths: vec![args.new],
        format: args.format,
        output: args.output,
        fail_on: args.fail_on,
        config: args.config,
        select: Some(vec!["breaking-change".to_string(), "file".to_string()]),
        extend_select: Vec::new(),
        ignore: Vec::new(),
        publisher: None,
        threads: args.threads,
        max_file_mb: args.max_file_mb,
        sarif_max_results: args.sarif_max_results,
        color: args.color,
        suggest: false,
        statistics: false,
        changed_since: None,
        baseline: args.baseline,
        write_baseline: args.write_baseline,
        add_ignore: None,
        fix: false,
        unsafe_fixes: false,
        fix_only: false,
        diff: false,
        compare_with: Some(args.old),
    })
}

/// Where the previous versions of a run's connectors are: the old side of `diff`, or the revision
/// of `--changed-since`.
fn previous_of(args: &CheckArgs) -> Result<Option<crate::previous::Previous>, String> {
    if let Some(old) = &args.compare_with {
        let path = Path::new(old);
        if path.exists() {
            return Ok(Some(crate::previous::Previous::path(path, &args.paths[0])));
        }
        return crate::previous::Previous::git(&args.paths[0], old)
            .map(Some)
            .map_err(|e| format!("{old}: not a file or folder, nor a git revision ({e})"));
    }
    match &args.changed_since {
        Some(rev) => crate::previous::Previous::git(&args.paths[0], rev)
            .map(Some)
            .map_err(|e| format!("--changed-since: {e}")),
        None => Ok(None),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    if args.sarif_max_results == 0 {
        return usage_error(
            "--sarif-max-results 0: a SARIF run must be allowed one result at least",
        );
    }
    if args.unsafe_fixes && !(args.fix || args.fix_only || args.diff) {
        return usage_error("--unsafe-fixes goes with --fix, --fix-only or --diff");
    }
    // Said before the run: the config would refuse the entries anyway.
    if args
        .add_ignore
        .as_deref()
        .is_some_and(|r| r.trim().is_empty())
    {
        return usage_error(
            "--add-ignore needs a reason: an [[ignore]] entry without one is a config error",
        );
    }
    let loaded = match load_settings(
        &args.paths,
        args.config.as_deref(),
        args.threads,
        Overrides {
            select: args.select.clone(),
            extend_select: args.extend_select.clone(),
            ignore: args.ignore.clone(),
            publisher: args.publisher,
            max_file_mb: args.max_file_mb,
        },
    ) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let inputs: Vec<(PathBuf, &Settings)> = loaded.inputs(&args.paths);
    let ignore_target = if args.add_ignore.is_some() || args.format == Format::IgnoreToml {
        match ignore_target(&args.paths, &loaded) {
            Ok(t) => Some(t),
            Err(e) => return usage_error(e),
        }
    } else {
        None
    };
    let discovered = match discover_or_fail(&inputs) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let timings = std::env::var_os("CONNECTOR_LINT_TIMINGS").is_some();
    let t0 = std::time::Instant::now();
    let changed = match &args.changed_since {
        Some(rev) => {
            match crate::git::changed_since(&crate::discover::input_dir(&args.paths[0]), rev) {
                Ok(files) => Some(files),
                Err(e) => return usage_error(e),
            }
        }
        None => None,
    };
    let previous = match previous_of(&args) {
        Ok(p) => p,
        Err(e) => return usage_error(e),
    };
    let fixing = args.fix || args.fix_only || args.diff;
    let run_opts = lint::RunOptions {
        previous: previous.as_ref(),
        // The text format reads files again for its snippets, and --fix before it writes:
        // either compares them with a hash of what was checked.
        keep_text: if args.format == Format::Text || fixing {
            lint::KeepText::Hash
        } else {
            lint::KeepText::Nothing
        },
        suggest: args.suggest,
        progress: true,
        inventory: false,
    };
    let mut report = lint::run_discovered(&inputs, discovered, run_opts, changed.as_deref());
    let mut fix_failed = false;
    if fixing {
        let done = apply_fixes(&args, report, |report: &mut lint::Report| {
            let again = discover_or_fail(&inputs)?;
            *report = lint::run_discovered(&inputs, again, run_opts, changed.as_deref());
            Ok(())
        });
        let done = match done {
            Ok(r) => r,
            Err(code) => return code,
        };
        (report, fix_failed) = (done.report, done.failed);
        if args.diff || args.fix_only {
            return if fix_failed {
                ExitCode::from(2)
            } else if args.diff && done.fixes > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    }
    report.elapsed = Some(t0.elapsed());
    if timings {
        eprintln!("timing: check {:?}", t0.elapsed());
    }
    // The one run that may check nothing and pass: a change that touches no connector.
    if let (Some(rev), 0) = (&args.changed_since, report.connectors) {
        eprintln!(
            "No connector changed since {rev}: nothing to check ({} unchanged).",
            report.unchanged
        );
    }
    if let Some(previous) = &previous {
        if args.compare_with.is_some() {
            for dir in previous.deleted_connectors() {
                eprintln!(
                    "warning: {dir}: connector deleted in the new version (every operation of it is deleted); not compared"
                );
            }
        }
        for dir in &report.without_previous {
            eprintln!(
                "note: {dir}: no previous version in {}: a new connector, nothing to compare",
                previous.label
            );
        }
        if args.compare_with.is_some()
            && report.compared == 0
            && report.previous_errors.is_empty()
            && !previous.is_git()
        {
            eprintln!(
                "error: no connector of {} has a counterpart in {}: nothing was compared",
                args.paths[0].display(),
                previous.label
            );
            return ExitCode::from(2);
        }
    }
    if let Some(path) = &args.write_baseline {
        // The entries of connectors this run did not check are kept: with --changed-since the
        // run updates the baseline, so there has to be one.
        let previous = if path.exists() {
            match crate::baseline::load(path) {
                Ok(k) => k,
                Err(e) => {
                    return usage_error(format!("{e} (it is not overwritten; remove it first)"));
                }
            }
        } else if args.changed_since.is_some() {
            return usage_error(format!(
                "{}: --write-baseline with --changed-since updates an existing baseline, and there \
                 is none: write it first without --changed-since, so that it holds every connector",
                path.display()
            ));
        } else {
            Vec::new()
        };
        let (text, kept) = crate::baseline::to_string(&report, previous);
        let n = report.iter().count();
        if let Err(e) = write_atomically(path, |w| w.write_all(text.as_bytes())) {
            return usage_error(format!(
                "{}: cannot write the baseline: {e}",
                path.display()
            ));
        }
        let kept = match kept {
            0 => String::new(),
            k => format!(", and kept its {k} entries of files this run did not check"),
        };
        eprintln!(
            "Wrote {n} findings to the baseline {}{kept}",
            path.display()
        );
        return ExitCode::SUCCESS;
    }
    if let Some(path) = &args.baseline {
        let keys = match crate::baseline::load(path) {
            Ok(k) => k,
            Err(e) => return usage_error(e),
        };
        let applied = crate::baseline::apply(&mut report, keys);
        eprintln!(
            "Baseline {}: {} findings already known, {} stale entries{}{}",
            path.display(),
            applied.suppressed,
            applied.stale.len(),
            if applied.stale.is_empty() {
                String::new()
            } else {
                " (fixed since; rewrite the baseline with --write-baseline to drop them)"
                    .to_string()
            },
            match applied.not_checked {
                0 => String::new(),
                n => format!(", {n} entries of files this run did not check"),
            }
        );
        const SHOWN: usize = 20;
        for k in applied.stale.iter().take(SHOWN) {
            eprintln!("  stale: {} {} {}", k.rule, k.file, k.pointer);
        }
        if applied.stale.len() > SHOWN {
            eprintln!("  … and {} more", applied.stale.len() - SHOWN);
        }
    }

    if let (Some(reason), Some(target)) = (&args.add_ignore, &ignore_target) {
        // `--format ignore-toml` shows the entries; only without it are they written.
        if args.format != Format::IgnoreToml {
            return add_ignore(&report, target, reason);
        }
    }

    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let opts = RenderOptions {
        color,
        sarif_max_results: args.sarif_max_results,
        ignore: render::ignore::Options {
            reason: args.add_ignore.clone(),
            config: ignore_target.map(|t| t.config),
        },
        ..RenderOptions::default()
    };
    let t1 = std::time::Instant::now();
    let written = match &args.output {
        Some(path) => write_atomically(path, |w| render::render_to(&report, args.format, &opts, w)),
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            let written = render::render_to(&report, args.format, &opts, &mut stdout)
                .and_then(|_| stdout.flush());
            if let Some(code) = stdout_failed(written, "report") {
                return code;
            }
            Ok(())
        }
    };
    if timings {
        eprintln!("timing: render {:?}", t1.elapsed());
    }
    if let (Err(e), Some(path)) = (written, &args.output) {
        return usage_error(format!("{}: cannot write the report: {e}", path.display()));
    }
    if args.statistics {
        eprint!("{}", statistics(&report));
    }
    // Machine formats and files keep standard output clean: the summary goes to standard error.
    if matches!(
        args.format,
        Format::Json | Format::Sarif | Format::IgnoreToml
    ) || args.output.is_some()
    {
        eprintln!("{}", render::text::summary_line(&report));
    }
    let threshold = args.fail_on.level();
    let failed = report.iter().any(|(_, d)| d.level >= threshold);
    let internal_errors = std::mem::take(&mut report.internal_errors);
    let incomplete = !report.walk_errors.is_empty();
    let previous_errors = std::mem::take(&mut report.previous_errors);
    let compared = report.compared;
    // Some connectors compared, some not: the others are named; none compared is exit 2 below.
    if compared > 0 {
        for n in &previous_errors {
            eprintln!("warning: {}: {}", n.path, n.message);
        }
    }
    // The process ends here: freeing hundreds of thousands of small allocations one by one would
    // only delay the exit.
    std::mem::forget(report);
    if !internal_errors.is_empty() {
        for (path, why) in &internal_errors {
            eprintln!("error: {path}: internal error, the connector was not checked: {why}");
        }
        ExitCode::from(2)
    } else if fix_failed {
        eprintln!("error: some files could not be fixed (see above): they were left as they were");
        ExitCode::from(2)
    } else if !previous_errors.is_empty() && compared == 0 {
        for n in &previous_errors {
            eprintln!("error: {}: {}", n.path, n.message);
        }
        ExitCode::from(2)
    } else if incomplete {
        eprintln!(
            "error: some folders could not be read (see above): the connectors in them were not checked"
        );
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The config file that `[[ignore]]` entries for a run's findings go in.
#[derive(Debug)]
struct IgnoreTarget {
    config: PathBuf,
    /// Whether it is there already; otherwise `--add-ignore` creates it.
    exists: bool,
}

/// The config file that applies to every input (found as the run finds it, or `--config`), or,
/// when none does, a new one at the top of the checked tree: the first input if it is a folder,
/// or its folder, as the user spelled it. Inputs under different config files are an error
/// (entries are written to one file), and so are inputs without one that the first input's
/// folder does not hold: a file created above them all (the folder they share may be `/tmp` or
/// a home folder) would apply to every other tree below it.
fn ignore_target(paths: &[PathBuf], loaded: &Loaded) -> Result<IgnoreTarget, String> {
    if let [settings] = &loaded.settings[..] {
        if let Some(config) = &settings.config_path {
            return Ok(IgnoreTarget {
                config: config.clone(),
                exists: true,
            });
        }
        let first = &paths[0];
        let top = crate::discover::input_dir(first);
        if let Some(out) = paths[1..]
            .iter()
            .find(|p| !crate::discover::input_dir(p).starts_with(&top))
        {
            return Err(format!(
                "no connector-lint.toml applies to the inputs, and {} is outside {}, where the \
                 [[ignore]] entries would go: create one in a folder above both, or give --config",
                out.display(),
                top.display()
            ));
        }
        let dir = if first.is_dir() {
            first.as_path()
        } else {
            crate::config::folder_of(first)
        };
        return Ok(IgnoreTarget {
            config: dir.join(crate::config::FILE_NAME),
            exists: false,
        });
    }
    let names: Vec<String> = loaded
        .settings
        .iter()
        .map(|s| {
            s.config_path
                .as_ref()
                .map_or_else(|| "none".to_string(), |p| p.display().to_string())
        })
        .collect();
    Err(format!(
        "[[ignore]] entries go in one config file, and these inputs have {}: {}; check them one \
         config at a time, or give --config",
        names.len(),
        names.join(", ")
    ))
}

/// `check --add-ignore REASON`: append an entry for each remaining finding to the config file,
/// keeping its bytes, and say what was written. Exit 0, or 2 when the entries cannot be written
/// or could not match.
fn add_ignore(report: &lint::Report, target: &IgnoreTarget, reason: &str) -> ExitCode {
    use crate::render::ignore;
    let path = &target.config;
    let built = ignore::entries(report, path, reason);
    if let Some(why) = built.outside_note(path) {
        return usage_error(format!("--add-ignore: {why}; nothing was written"));
    }
    if let Some(note) = built.unused_note() {
        eprintln!("warning: {note}");
    }
    let n = built.entries.len();
    if n == 0 {
        eprintln!(
            "No finding to ignore: {} {}",
            path.display(),
            if target.exists {
                "is left as it was"
            } else {
                "is not created"
            }
        );
        return ExitCode::SUCCESS;
    }
    let existing = if target.exists {
        match std::fs::metadata(path).and_then(|m| Ok((m, std::fs::read(path)?))) {
            // A rename would replace a read-only file: its mode says it is not to be changed.
            Ok((m, _)) if m.permissions().readonly() => {
                return usage_error(format!(
                    "{}: the config file is read-only: no [[ignore]] entry was added",
                    path.display()
                ));
            }
            Ok((_, bytes)) => bytes,
            Err(e) => return usage_error(format!("{}: cannot read: {e}", path.display())),
        }
    } else {
        Vec::new()
    };
    let text = ignore::append(&existing, &ignore::to_toml(&built.entries));
    // The file must still load: a config that already has `ignore = [...]` as an inline array
    // cannot take [[ignore]] tables after it, and a broken config would stop every later run.
    let parsed = std::str::from_utf8(&text)
        .map_err(|e| e.to_string())
        .and_then(|t| {
            toml::from_str::<crate::config::ConfigFile>(t).map_err(|e| e.message().to_string())
        });
    if let Err(e) = parsed {
        return usage_error(format!(
            "{}: the [[ignore]] entries cannot be appended to it ({e}): it is left as it was",
            path.display()
        ));
    }
    if let Err(e) = write_atomically(path, |w| w.write_all(&text)) {
        return usage_error(format!("{}: cannot write: {e}", path.display()));
    }
    let entries = format!(
        "{n} [[ignore]] {}",
        if n == 1 { "entry" } else { "entries" }
    );
    if target.exists {
        eprintln!("Added {entries} to {}", path.display());
    } else {
        eprintln!(
            "Added {entries} to {} (created: no {} was found in or above the checked folder)",
            path.display(),
            crate::config::FILE_NAME
        );
    }
    ExitCode::SUCCESS
}

/// What `check --fix`, `--fix-only` or `--diff` did.
struct FixRun {
    /// The report of the last check: what remains.
    report: lint::Report,
    /// Findings fixed (or, with `--diff`, that would be).
    fixes: usize,
    /// Some file could not be fixed (said on standard error).
    failed: bool,
}

/// `check --fix`, `--fix-only` and `--diff`: apply the fixes of `report` pass after pass (`check`
/// checks the tree again after each), and print the diff or a summary on standard error.
fn apply_fixes(
    args: &CheckArgs,
    mut report: lint::Report,
    mut check: impl FnMut(&mut lint::Report) -> Result<(), ExitCode>,
) -> Result<FixRun, ExitCode> {
    use crate::fix;
    let mut skip: Vec<PathBuf> = Vec::new();
    let (mut fixes, mut files, mut deferred) = (0, std::collections::BTreeSet::new(), 0);
    let mut diff = String::new();
    let mut passes = 0;
    while passes < fix::MAX_PASSES {
        let roots = report.root_dirs().to_vec();
        let plans = fix::plan(&report, args.unsafe_fixes, &skip);
        if plans.is_empty() {
            break;
        }
        passes += 1;
        let outcomes = fix::run_pass(&plans, &roots, args.diff);
        drop(plans);
        let mut written = 0;
        deferred = 0;
        for o in outcomes {
            match o.result {
                Ok(fixed) => {
                    if args.diff {
                        diff.push_str(&fix::unified_diff(&o.display, &fixed));
                    }
                    fixes += o.fixes;
                    deferred += o.deferred;
                    files.insert(o.display);
                    written += 1;
                }
                Err(why) => {
                    eprintln!("error: {}: {why}", o.display);
                    skip.push(o.path);
                }
            }
        }
        if args.diff || written == 0 {
            break;
        }
        check(&mut report)?;
    }
    let plural = |k: usize, s: &str| match (k, s) {
        (1, _) => format!("1 {s}"),
        (_, "fix") => format!("{k} fixes"),
        _ => format!("{k} {s}s"),
    };
    let more_unsafe = if args.unsafe_fixes {
        0
    } else {
        report
            .iter()
            .filter(|(f, d)| {
                !f.lossy && d.fix.is_some() && d.rule.fix == crate::rules::FixKind::Unsafe
            })
            .count()
    };
    let unsafe_note = match more_unsafe {
        0 => String::new(),
        1 => " (1 more fix with --unsafe-fixes)".to_string(),
        k => format!(" ({k} more fixes with --unsafe-fixes)"),
    };
    if args.diff {
        if let Some(code) =
            stdout_failed(std::io::stdout().lock().write_all(diff.as_bytes()), "diff")
        {
            return Err(code);
        }
        let later = match deferred {
            0 => String::new(),
            k => format!(
                "; {} overlap these and wait for --fix's next pass",
                plural(k, "fix")
            ),
        };
        eprintln!(
            "Would fix {} in {}{later}{unsafe_note}.",
            plural(fixes, "finding"),
            plural(files.len(), "file")
        );
    } else {
        eprintln!(
            "Fixed {} in {}{}{unsafe_note}.",
            plural(fixes, "finding"),
            plural(files.len(), "file"),
            match passes {
                0 | 1 => String::new(),
                k => format!(" ({k} passes)"),
            }
        );
    }
    Ok(FixRun {
        report,
        fixes,
        failed: !skip.is_empty(),
    })
}

/// `--statistics`: findings per rule, most frequent first, and the spelling engine's figures.
pub fn statistics(report: &lint::Report) -> String {
    let mut counts: std::collections::BTreeMap<&str, (usize, Level)> =
        std::collections::BTreeMap::new();
    for (_, d) in report.iter() {
        let e = counts.entry(d.rule.id).or_insert((0, d.level));
        e.0 += 1;
        e.1 = e.1.max(d.level);
    }
    let mut rows: Vec<(&str, usize, Level)> =
        counts.into_iter().map(|(id, (n, l))| (id, n, l)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut s = format!("{:>8}  {:<32} {}\n", "COUNT", "RULE", "LEVEL");
    for (id, n, level) in &rows {
        s.push_str(&format!("{n:>8}  {id:<32} {level}\n"));
    }
    let total: usize = rows.iter().map(|r| r.1).sum();
    s.push_str(&format!("{total:>8}  total\n"));
    s.push_str(&format!(
        "spelling: {} distinct words, {} dictionary checks\n",
        crate::spell::SPELLER.distinct_words(),
        crate::spell::SPELLER.checks()
    ));
    s
}

/// Write to a temporary file beside `path` through `fill`, then rename, so a reader never sees half
/// a report; on failure the temporary file is removed and `path` is untouched.
pub fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    // A symlink is written through to its target, which keeps the link.
    let resolved = std::fs::canonicalize(path).ok();
    let path = resolved.as_deref().unwrap_or(path);
    // Only a regular file (or a new one) is replaced by renaming: `/dev/null`, a FIFO or a
    // terminal is written to in place, never replaced by a file.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let mut w = std::io::BufWriter::new(std::fs::OpenOptions::new().write(true).open(path)?);
        fill(&mut w)?;
        return w.flush();
    }
    crate::source::replace_file(path, false, fill, || Ok(()))
}
