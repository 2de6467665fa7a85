//! The pipeline: discover → load → parse → extract → rules → settings (levels, ignores) → sorted
//! report. Connectors are checked in parallel; the report's order never depends on thread count.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use rayon::prelude::*;

use crate::config::Settings;
use crate::connector::{self, Connector, ConnectorPaths, Notification, PublisherKind};
use crate::diagnostic::{Diagnostic, FileId};
use crate::extract::{self, TextItem};
use crate::json;
use crate::language::{Analyses, Text};
use crate::rules::file::UnusedIgnore;
use crate::rules::{Ctx, Subject, RULES};
use crate::source::{FileKind, SourceFile};

/// The findings of one file.
#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    /// Sorted by position, then rule id.
    pub diagnostics: Vec<Diagnostic>,
}

/// Everything a run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Files with findings, sorted by path.
    pub files: Vec<FileReport>,
    /// Files that could not be read.
    pub notifications: Vec<Notification>,
    pub connectors: usize,
    pub files_checked: usize,
    pub strings: usize,
    /// The inputs, for paths relative to a root.
    pub roots: Vec<PathBuf>,
    /// Where relative paths start (see [`Report::base`]), found once.
    base: std::sync::OnceLock<PathBuf>,
    /// The folders of `roots`, canonical, found once (see [`Report::covers`]).
    root_dirs: std::sync::OnceLock<Vec<PathBuf>>,
    /// Connectors left out by `--changed-since` because none of their files changed.
    pub unchanged: usize,
    /// The folders of those connectors, canonical and sorted: baselines and `[[ignore]]` entries
    /// that point into them were not tested by this run.
    pub unchecked: Vec<PathBuf>,
    /// Each connector's readiness score, in run order, when asked for (`RunOptions::inventory`).
    pub scores: Vec<crate::report::ConnectorScore>,
    /// How long the run took, when the summary line should say so (the CLI sets it).
    pub elapsed: Option<std::time::Duration>,
    /// Connectors whose check failed with an internal error (a bug), with the error: their
    /// findings are missing.
    pub internal_errors: Vec<(String, String)>,
    /// Folders that could not be read while looking for connectors: the connectors in them were
    /// not checked (also in `notifications`).
    pub walk_errors: Vec<Notification>,
    /// With a previous version (`RunOptions::previous`): the connectors compared with theirs.
    pub compared: usize,
    /// The connectors that have no previous version (new ones), by folder.
    pub without_previous: Vec<String>,
    /// Previous versions that could not be read or parsed: those connectors' breaking changes
    /// were not checked (also in `notifications`).
    pub previous_errors: Vec<Notification>,
}

impl Report {
    /// The folder that relative paths (SARIF, baselines, connector names) start from: the git top
    /// level of the first input, or its folder outside git.
    pub fn base(&self) -> &Path {
        self.base
            .get_or_init(|| crate::discover::base_dir(&self.roots))
    }

    /// Whether this run checked the file at `rel` (relative to [`Report::base`], as baselines give
    /// it): it lies in one of the inputs, outside the connectors that `--changed-since` left out.
    /// Baseline entries of other files say nothing about whether their findings were fixed.
    pub fn covers(&self, rel: &str) -> bool {
        let abs = self.base().join(rel);
        // `unchecked` is sorted: each folder above the file is looked up, not each connector.
        self.root_dirs().iter().any(|r| abs.starts_with(r))
            && !abs.ancestors().any(|a| {
                self.unchecked
                    .binary_search_by(|d| d.as_path().cmp(a))
                    .is_ok()
            })
    }

    /// The folders of the inputs, canonical.
    pub fn root_dirs(&self) -> &[PathBuf] {
        self.root_dirs.get_or_init(|| {
            self.roots
                .iter()
                .map(|r| crate::discover::input_dir(r))
                .collect()
        })
    }

    /// Every finding with its file, in output order.
    pub fn iter(&self) -> impl Iterator<Item = (&SourceFile, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (&f.source, d)))
    }
}

/// What one connector produced.
struct ConnectorResult {
    files: Vec<FileReport>,
    notifications: Vec<Notification>,
    strings: usize,
    internal_error: Option<(String, String)>,
    /// What the cross-connector rules need to know of this connector.
    facts: crate::rules::corpus::Facts,
    score: Option<crate::report::ConnectorScore>,
    /// Whether it was compared with its previous version.
    compared: bool,
    /// Its folder, when a comparison was asked and it has no previous version.
    no_previous: Option<String>,
    previous_error: Option<Notification>,
}

/// What a connector's check gathers for the cross-connector rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CorpusFacts {
    /// Nothing: no cross-connector rule runs.
    No,
    /// Its facts, beside its findings.
    Yes,
    /// Its facts alone, no rule: a connector `--changed-since` leaves out, which the changed ones
    /// are still compared with.
    Only,
}

/// Check one connector; a bug that panics costs that connector's findings (reported as a
/// notification), never the rest of the run.
fn lint_connector_guarded(
    paths: &ConnectorPaths,
    settings: &Settings,
    opts: RunOptions<'_>,
    facts: CorpusFacts,
    analyses: &Analyses,
) -> ConnectorResult {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        lint_connector(paths, settings, opts, facts, analyses)
    }))
    .unwrap_or_else(|payload| {
        let why = panic_message(payload.as_ref());
        let path = connector::display_path(&paths.dir);
        ConnectorResult {
            files: Vec::new(),
            notifications: vec![Notification {
                path: path.clone(),
                message: format!(
                    "internal error: connector-lint failed while checking this connector ({why}); its findings are missing. Please report this bug."
                ),
            }],
            strings: 0,
            internal_error: Some((path, why)),
            facts: Default::default(),
            score: None,
            compared: false,
            no_previous: None,
            previous_error: None,
        }
    })
}

/// The message of a panic caught by `catch_unwind`.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// What a run keeps of each file's text once positions are resolved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum KeepText {
    /// Nothing: memory stays flat on large runs.
    #[default]
    Nothing,
    /// A hash of the text, so that the text format can read the file again for its snippets and
    /// know whether it changed since (a whole-repository run would otherwise hold every file).
    Hash,
    /// The text itself.
    Text,
}

/// How a run keeps its results.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions<'p> {
    pub keep_text: KeepText,
    /// Compute spelling suggestions.
    pub suggest: bool,
    /// Show a progress bar on standard error when it is a terminal (never otherwise).
    pub progress: bool,
    /// Keep each connector's user-facing strings in the report, for the readiness report.
    pub inventory: bool,
    /// Where each connector's previous version is, for the breaking-change rules (`diff`,
    /// `check --changed-since`).
    pub previous: Option<&'p crate::previous::Previous>,
}

/// Whether the connector's folder (or, for a swagger given as a file, one of its files) holds one
/// of the `changed` files (absolute paths, sorted).
fn holds_a_changed_file(c: &ConnectorPaths, changed: &[PathBuf]) -> bool {
    let dir = std::fs::canonicalize(&c.dir).unwrap_or_else(|_| c.dir.clone());
    // Sorted paths that start with `dir` come right at or after `dir` itself.
    let first = changed.partition_point(|f| f < &dir);
    if changed.get(first).is_some_and(|f| f.starts_with(&dir)) {
        return true;
    }
    c.files
        .values()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .any(|p| changed.binary_search(&p).is_ok())
}

/// The connectors of a run's inputs, found before any is checked.
#[derive(Debug)]
pub struct Discovered<'s> {
    /// Each connector once, in the order found, with its input's settings.
    jobs: Vec<(ConnectorPaths, &'s Settings)>,
    /// The inputs that hold no connector, each with why (see [`crate::discover::why_none`]).
    pub empty: Vec<(PathBuf, String)>,
    /// Folders that could not be read.
    pub errors: Vec<Notification>,
    /// Symbolic links not followed.
    pub skipped: Vec<Notification>,
}

/// Find the connectors of every input. A connector reached twice (overlapping inputs, or a
/// symbolic link inside the tree) is kept once, where it was first found; if it was first found as
/// a swagger file named alone and later as its folder, the folder's files are checked.
pub fn discover<'s>(inputs: &[(PathBuf, &'s Settings)]) -> Discovered<'s> {
    let mut d = Discovered {
        jobs: Vec::new(),
        empty: Vec::new(),
        errors: Vec::new(),
        skipped: Vec::new(),
    };
    let mut seen: std::collections::HashMap<PathBuf, usize> = std::collections::HashMap::new();
    for (path, settings) in inputs {
        let found = crate::discover::discover(path);
        if found.connectors.is_empty() {
            d.empty
                .push((path.clone(), crate::discover::why_none(path, &found)));
        }
        for c in found.connectors {
            match seen.entry(c.identity()) {
                std::collections::hash_map::Entry::Occupied(e) => {
                    let kept = &mut d.jobs[*e.get()].0;
                    if c.files.len() > kept.files.len() {
                        *kept = c;
                    }
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(d.jobs.len());
                    d.jobs.push((c, *settings));
                }
            }
        }
        for n in found.errors {
            if !d.errors.iter().any(|e| e.path == n.path) {
                d.errors.push(n);
            }
        }
        for n in found.skipped {
            if !d.skipped.iter().any(|e| e.path == n.path) {
                d.skipped.push(n);
            }
        }
    }
    d
}

/// Check every connector below each input, each input with its own settings.
pub fn run(inputs: &[(PathBuf, &Settings)], opts: RunOptions<'_>) -> Report {
    run_only(inputs, opts, None)
}

/// Check the connectors below each input that hold one of the files `changed` (absolute paths,
/// sorted), or every connector when `changed` is `None`.
pub fn run_only(
    inputs: &[(PathBuf, &Settings)],
    opts: RunOptions<'_>,
    changed: Option<&[PathBuf]>,
) -> Report {
    run_discovered(inputs, discover(inputs), opts, changed)
}

/// [`run_only`] on connectors already found by [`discover`] from the same `inputs`.
pub fn run_discovered(
    inputs: &[(PathBuf, &Settings)],
    discovered: Discovered<'_>,
    opts: RunOptions<'_>,
    changed: Option<&[PathBuf]>,
) -> Report {
    let mut jobs: Vec<(ConnectorPaths, &Settings)> = Vec::new();
    let mut unchecked: Vec<(ConnectorPaths, &Settings)> = Vec::new();
    for (c, settings) in discovered.jobs {
        if let Some(changed) = changed {
            if !holds_a_changed_file(&c, changed) {
                unchecked.push((c, settings));
                continue;
            }
        }
        jobs.push((c, settings));
    }
    // Suggestions cost 10-20 ms a word: on for one connector (an author at work), opt-in otherwise.
    let opts = RunOptions {
        suggest: opts.suggest || jobs.len() == 1,
        ..opts
    };
    // What the cross-connector rules compare is gathered only when one of them runs.
    let facts_wanted = if jobs.iter().any(|(_, s)| {
        crate::rules::RULES
            .iter()
            .enumerate()
            .any(|(i, r)| r.meta().category == crate::rules::Category::Corpus && s.is_enabled(i))
    }) {
        CorpusFacts::Yes
    } else {
        CorpusFacts::No
    };
    // Largest connectors first, so that no big file is left for the end while the other cores idle;
    // results go back to discovery order, so output never depends on scheduling.
    let mut order: Vec<(u64, usize)> = jobs
        .iter()
        .enumerate()
        .map(|(i, (c, _))| {
            let size = c
                .files
                .values()
                .filter_map(|p| std::fs::metadata(p).ok())
                .map(|m| m.len())
                .sum();
            (size, i)
        })
        .collect();
    order.sort_by_key(|&(size, i)| (std::cmp::Reverse(size), i));
    let bar = (opts.progress && std::io::stderr().is_terminal() && jobs.len() > 1).then(|| {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} connectors, {elapsed} ({eta} left)",
            )
            .expect("the template is valid"),
        );
        bar
    });
    // The language analyses of the texts that several connectors share, kept for the whole run.
    let analyses = Analyses::default();
    let mut done: Vec<(usize, ConnectorResult)> = order
        .par_iter()
        .with_max_len(1)
        .map(|&(_, i)| {
            let r = lint_connector_guarded(&jobs[i].0, jobs[i].1, opts, facts_wanted, &analyses);
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            (i, r)
        })
        .collect();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    done.sort_by_key(|(i, _)| *i);
    // Cross-connector rules, over every connector of the run, each finding filed with its
    // connector under that connector's settings.
    let roots: Vec<PathBuf> = inputs.iter().map(|(p, _)| p.clone()).collect();
    let base = crate::discover::base_dir(&roots);
    // Connectors are named as in SARIF: relative to the git top level or scanned root.
    let name_of = |dir: &Path| {
        crate::discover::relative_to(&base, dir).unwrap_or_else(|| connector::display_path(dir))
    };
    let mut facts: Vec<crate::rules::corpus::Facts> = done
        .iter_mut()
        .map(|(job, r)| {
            let name = name_of(&jobs[*job].0.dir);
            if let Some(score) = &mut r.score {
                score.name = name.clone();
                // Files as SARIF names them, relative to the same folder as the connector.
                for w in &mut score.worst_strings {
                    if let Some(f) = r.files.iter().find(|f| f.source.display == w.file) {
                        w.file = crate::discover::file_path(&base, &f.source);
                    }
                }
            }
            crate::rules::corpus::Facts {
                name,
                ..std::mem::take(&mut r.facts)
            }
        })
        .collect();
    // The changed connectors are compared with the unchanged ones too (a new connector that takes
    // an existing title), whose own findings are not reported.
    if facts_wanted == CorpusFacts::Yes {
        let mut others: Vec<(usize, crate::rules::corpus::Facts)> = unchecked
            .par_iter()
            .enumerate()
            .with_max_len(1)
            .map(|(i, (c, s))| {
                let r = lint_connector_guarded(
                    c,
                    s,
                    RunOptions::default(),
                    CorpusFacts::Only,
                    &analyses,
                );
                let name = name_of(&c.dir);
                (i, crate::rules::corpus::Facts { name, ..r.facts })
            })
            .collect();
        others.sort_by_key(|(i, _)| *i);
        facts.extend(others.into_iter().map(|(_, f)| f));
    }
    for found in crate::rules::corpus::check_corpus(&facts) {
        let Some((job, result)) = done.get_mut(found.connector) else {
            continue;
        };
        let settings = jobs[*job].1;
        let Some(f) = result.files.get_mut(found.diagnostic.file.0 as usize) else {
            continue;
        };
        let rel = relative_paths([f.source.path.as_path()], settings).pop();
        let Some(d) = configured(settings, rel.flatten().as_deref(), found.diagnostic) else {
            continue;
        };
        if let Some(score) = &mut result.score {
            *score
                .findings_by_rule
                .entry(d.rule.id.to_string())
                .or_default() += 1;
        }
        f.diagnostics.push(d);
        sort_diagnostics(&mut f.diagnostics);
    }
    let results = done.into_iter().map(|(_, r)| r);
    let mut report = Report {
        connectors: jobs.len(),
        unchanged: unchecked.len(),
        unchecked: {
            let mut dirs: Vec<PathBuf> = unchecked
                .iter()
                .map(|(c, _)| std::fs::canonicalize(&c.dir).unwrap_or_else(|_| c.dir.clone()))
                .collect();
            dirs.sort();
            dirs
        },
        roots,
        base: base.into(),
        walk_errors: discovered.errors.clone(),
        ..Report::default()
    };
    report.notifications.extend(discovered.errors);
    report.notifications.extend(discovered.skipped);
    for r in results {
        report.compared += usize::from(r.compared);
        report.without_previous.extend(r.no_previous);
        if let Some(n) = r.previous_error {
            report.notifications.push(n.clone());
            report.previous_errors.push(n);
        }
        report.files_checked += r.files.len();
        report.strings += r.strings;
        report.internal_errors.extend(r.internal_error);
        report.scores.extend(r.score);
        report.notifications.extend(r.notifications);
        report
            .files
            .extend(r.files.into_iter().filter(|f| !f.diagnostics.is_empty()));
    }
    // Stale [[ignore]] entries, once per config file.
    let mut seen: Vec<&Settings> = Vec::new();
    for (_, settings) in inputs {
        if seen.iter().any(|s| std::ptr::eq(*s, *settings)) {
            continue;
        }
        seen.push(settings);
        // Files this run did not check, where an entry may still match: the connectors that
        // --changed-since left out and, when the inputs are part of the config's folder only,
        // the connectors of the rest of it.
        let untested = || {
            let mut files: Vec<PathBuf> = unchecked
                .iter()
                .filter(|(_, s)| std::ptr::eq(*s, *settings))
                .flat_map(|(c, _)| c.files.values().cloned())
                .collect();
            if let Some(dir) = settings.config_dir() {
                let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
                if !report.root_dirs().iter().any(|r| dir.starts_with(r)) {
                    let checked: std::collections::HashSet<PathBuf> =
                        jobs.iter().map(|(c, _)| c.identity()).collect();
                    for c in crate::discover::discover(&dir).connectors {
                        if !checked.contains(&c.identity()) {
                            files.extend(c.files.into_values());
                        }
                    }
                }
            }
            relative_paths(files.iter().map(PathBuf::as_path), settings)
        };
        if let Some(f) = unused_ignores(settings, untested) {
            report.files.push(f);
        }
    }
    report
        .files
        .sort_by(|a, b| a.source.display.cmp(&b.source.display));
    report
}

/// Check one connector.
fn lint_connector(
    paths: &ConnectorPaths,
    settings: &Settings,
    opts: RunOptions<'_>,
    corpus_facts: CorpusFacts,
    analyses: &Analyses,
) -> ConnectorResult {
    // A deliberate failure, for the test that a bug in one connector's check spares the others.
    if std::env::var_os("CONNECTOR_LINT_DEBUG_PANIC")
        .is_some_and(|name| paths.dir.file_name() == Some(name.as_os_str()))
    {
        panic!("CONNECTOR_LINT_DEBUG_PANIC is set for this connector");
    }
    let loaded = connector::load(paths, settings.max_file_bytes);
    let mut diags = loaded.diagnostics;
    let publisher = settings
        .publisher
        .unwrap_or_else(|| PublisherKind::of_folder(&paths.dir));
    let files = loaded.files;
    let analyses = analyses.for_connector();
    // The previous version, read and decoded beside the new one.
    let mut previous_error = None;
    let mut no_previous = None;
    // Read only when a breaking-change rule runs (`--changed-since` with them turned off reads
    // nothing).
    let compares = RULES.iter().enumerate().any(|(i, r)| {
        r.meta().category == crate::rules::Category::BreakingChange && settings.is_enabled(i)
    });
    let old_files: Vec<SourceFile> = match opts
        .previous
        .filter(|_| compares && corpus_facts != CorpusFacts::Only)
        .map(|p| p.files_of(paths, settings.max_file_bytes))
    {
        None => Vec::new(),
        Some(Ok(Some(old))) => [
            (FileKind::Swagger, old.swagger),
            (FileKind::ApiProperties, old.api_properties),
        ]
        .into_iter()
        .filter_map(|(kind, f)| {
            let (display, bytes) = f?;
            let path = PathBuf::from(&display);
            Some(connector::text_file(
                kind,
                &path,
                display,
                bytes,
                FileId(0),
                &mut Vec::new(),
            ))
        })
        .collect(),
        Some(Ok(None)) => {
            no_previous = Some(connector::display_path(&paths.dir));
            Vec::new()
        }
        Some(Err(why)) => {
            previous_error = Some(Notification {
                path: connector::display_path(&paths.dir),
                message: format!("the previous version could not be read ({why}): breaking changes were not checked"),
            });
            Vec::new()
        }
    };
    let compared;
    let strings;
    let facts;
    let inventory;
    let swagger_parsed;
    {
        let parse = |kind: FileKind, diags: &mut Vec<Diagnostic>| {
            files
                .iter()
                .enumerate()
                .find(|(_, f)| f.kind == kind && f.readable)
                .and_then(|(i, f)| json::parse(&f.text, FileId(i as u32), diags))
        };
        let swagger = parse(FileKind::Swagger, &mut diags);
        swagger_parsed = swagger.is_some();
        let props = parse(FileKind::ApiProperties, &mut diags);
        let settings_json = parse(FileKind::Settings, &mut diags);
        // The previous version's files, parsed; a file that does not parse is said once, as a
        // notification (its findings are not the new version's).
        let old_docs: Vec<(&SourceFile, json::Json<'_>)> = old_files
            .iter()
            .filter_map(|f| {
                let mut problems = Vec::new();
                let parsed = json::parse(&f.text, FileId(0), &mut problems);
                let error = problems
                    .iter()
                    .filter(|d| d.level == crate::meta::Level::Error)
                    .min_by_key(|d| d.span.start);
                match (parsed, error) {
                    (Some(doc), None) => Some((f, doc)),
                    (_, e) => {
                        let why = e.map_or_else(
                            || "it could not be parsed".to_string(),
                            |d| {
                                let p = f.position(d.span.start);
                                format!("{}:{}:{}: {}", f.display, p.line, p.column, d.message)
                            },
                        );
                        previous_error.get_or_insert(Notification {
                            path: connector::display_path(&paths.dir),
                            message: format!("the previous version could not be parsed ({why}): that file was not compared"),
                        });
                        None
                    }
                }
            })
            .collect();
        // What parsed is compared; a file that did not is named in `previous_error`.
        let previous = (!old_docs.is_empty()).then(|| connector::Previous {
            swagger: old_docs
                .iter()
                .find(|(f, _)| f.kind == FileKind::Swagger)
                .map(|(f, d)| (*f, d)),
            api_properties: old_docs
                .iter()
                .find(|(f, _)| f.kind == FileKind::ApiProperties)
                .map(|(f, d)| (*f, d)),
        });
        compared = previous.is_some();
        let mut items: Vec<TextItem<'_>> = swagger
            .as_ref()
            .map(extract::swagger_strings)
            .unwrap_or_default();
        if let Some(p) = &props {
            items.extend(extract::api_properties_strings(p));
        }
        strings = items.len();
        let model = Connector {
            dir: &paths.dir,
            publisher,
            files: &files,
            swagger: swagger.as_ref(),
            api_properties: props.as_ref(),
            settings_json: settings_json.as_ref(),
            items: &items,
            structure: std::sync::OnceLock::new(),
            flows: std::sync::OnceLock::new(),
            icon: std::sync::OnceLock::new(),
            previous: previous.as_ref(),
        };
        let connector = Subject::new(&model, &settings.options, opts.suggest);
        let active: Vec<usize> = (0..RULES.len())
            .filter(|&i| {
                corpus_facts != CorpusFacts::Only
                    && settings.is_enabled(i)
                    && RULES[i].meta().applies_to(publisher)
            })
            .collect();
        let mut cx = Ctx {
            connector: &connector,
            out: &mut diags,
            no_text_check: false,
        };
        for &i in &active {
            RULES[i].check_connector(&mut cx);
        }
        // The first string finds the rules that check strings at all; the others get only those.
        let mut text_rules: Vec<usize> = Vec::with_capacity(active.len());
        if let Some(first) = items.first() {
            let first = Text::new(first, &analyses);
            for &i in &active {
                cx.no_text_check = false;
                RULES[i].check_text(&first, &mut cx);
                if !cx.no_text_check {
                    text_rules.push(i);
                }
            }
        }
        for item in items.iter().skip(1) {
            let item = Text::new(item, &analyses);
            for &i in &text_rules {
                RULES[i].check_text(&item, &mut cx);
            }
        }
        // User-facing strings: those shown to users.
        inventory = opts.inventory.then(|| {
            items
                .iter()
                .filter(|i| !i.owner.internal || settings.options.check_internal)
                .map(|i| crate::report::StringEntry {
                    file: i.file.0 as usize,
                    offset: i.content_span().start,
                    pointer: i.pointer.as_str().into(),
                    text: i.text.into(),
                })
                .collect::<Vec<_>>()
        });
        facts = if corpus_facts != CorpusFacts::No {
            let publisher = connector
                .properties()
                .and_then(|p| crate::json::get_str(p, "publisher"))
                .map(|s| s.value.as_ref());
            crate::rules::corpus::facts(&files, &items, connector.icon(), publisher)
        } else {
            Default::default()
        };
    }
    let mut per_file: Vec<Vec<Diagnostic>> = vec![Vec::new(); files.len()];
    let rel_paths = relative_paths(files.iter().map(|f| f.path.as_path()), settings);
    for mut d in diags {
        d.level = d.rule.level_for(d.level, publisher);
        let f = d.file.0 as usize;
        if let Some(d) = configured(settings, rel_paths[f].as_deref(), d) {
            per_file[f].push(d);
        }
    }
    // The readiness score is computed here, while the connector's strings are at hand, so that a
    // report over a thousand connectors never holds all their strings at once.
    let score = inventory.map(|inv| {
        let unscored = unscored_reason(&files, &per_file, swagger_parsed);
        crate::report::score_connector(inv, &files, &per_file, unscored)
    });
    let files: Vec<FileReport> = files
        .into_iter()
        .zip(per_file)
        .map(|(mut source, mut diagnostics)| {
            sort_diagnostics(&mut diagnostics);
            resolve(&source, &mut diagnostics);
            // Held until the run ends: no room to spare.
            diagnostics.shrink_to_fit();
            if opts.keep_text != KeepText::Text {
                if opts.keep_text == KeepText::Hash && !source.text.is_empty() {
                    source.text_hash = Some(SourceFile::hash_text(&source.text));
                }
                source.drop_text();
            }
            FileReport {
                source,
                diagnostics,
            }
        })
        .collect();
    ConnectorResult {
        files,
        notifications: loaded.notifications,
        strings,
        internal_error: None,
        facts,
        score,
        compared,
        no_previous,
        previous_error,
    }
}

/// Why a connector gets no readiness score: its swagger, which holds nearly all its strings, is
/// missing or could not be read or parsed (its first finding says where). Scoring the rest would
/// put a connector at the top or bottom of the report on a fraction of its strings.
fn unscored_reason(
    files: &[SourceFile],
    findings: &[Vec<Diagnostic>],
    swagger_parsed: bool,
) -> Option<String> {
    if swagger_parsed {
        return None;
    }
    let Some(i) = files.iter().position(|f| f.kind == FileKind::Swagger) else {
        return Some("it has no apiDefinition.swagger.json".to_string());
    };
    let f = &files[i];
    let name = f
        .path
        .file_name()
        .map_or_else(|| f.display.clone(), |n| n.to_string_lossy().into_owned());
    Some(
        first_problem(f, &name, findings[i].iter())
            .unwrap_or_else(|| format!("{name} could not be parsed")),
    )
}

/// `NAME:line:col: message` of the first of `diags` (findings of file `f`, named `name`) in the
/// file: where to look first when the file could not be read or parsed.
pub fn first_problem<'d>(
    f: &SourceFile,
    name: &str,
    diags: impl Iterator<Item = &'d Diagnostic>,
) -> Option<String> {
    let d = diags.min_by_key(|d| (d.span.start, d.rule.id))?;
    let p = f.position(d.span.start);
    Some(format!("{name}:{}:{}: {}", p.line, p.column, d.message))
}

/// Resolve line and column of each finding and of its fix, and hash the offending text.
pub fn resolve(file: &SourceFile, diags: &mut [Diagnostic]) {
    for d in diags {
        let (s, e) = file.range_positions(&d.span);
        d.start = s;
        d.end = e;
        d.text_hash = crate::diagnostic::text_hash(file.text.get(d.span.clone()).unwrap_or(""));
        if let Some(fix) = &mut d.fix {
            for edit in &mut fix.edits {
                let (s, e) = file.range_positions(&edit.span);
                edit.start = s;
                edit.end = e;
            }
        }
    }
}

/// Sort findings by position, then rule id, then message: the output order.
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule.id, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            b.rule.id,
            &b.message,
        ))
    });
}

/// Paths of the files relative to the config file's folder, for `[[ignore]]` globs.
fn relative_paths<'p>(
    files: impl IntoIterator<Item = &'p Path>,
    settings: &Settings,
) -> Vec<Option<String>> {
    let files = files.into_iter();
    let Some(dir) = settings
        .config_dir()
        .filter(|_| !settings.ignores.is_empty())
    else {
        return files.map(|_| None).collect();
    };
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    files
        .map(|f| {
            let abs = std::fs::canonicalize(f).unwrap_or_else(|_| f.to_path_buf());
            abs.strip_prefix(&dir).ok().map(connector::display_path)
        })
        .collect()
}

/// `d` as the config has it: `None` when its rule is off or an `[[ignore]]` entry suppresses it
/// in the file at `rel` (the file's path relative to the config's folder), else at the configured
/// level.
fn configured(settings: &Settings, rel: Option<&str>, mut d: Diagnostic) -> Option<Diagnostic> {
    let idx = d.rule.index();
    if !settings.is_enabled(idx) {
        return None;
    }
    if let Some(level) = settings.level_override(idx) {
        d.level = level;
    }
    // A breaking change the author acknowledges is a note, never dropped: the reviewer sees it.
    if d.rule.category == crate::rules::Category::BreakingChange {
        let accepted = d.value_path.as_deref().and_then(|vp| {
            settings
                .accepted_breaking
                .iter()
                .find(|e| e.accepts(idx, rel, vp))
                .map(|e| e.reason.clone())
        });
        let ignored = || {
            rel.and_then(|rel| {
                settings
                    .ignores
                    .iter()
                    .find(|e| e.suppresses(idx, rel, &d.pointer))
                    .map(|e| e.reason.clone())
            })
        };
        if let Some(reason) = accepted.or_else(ignored) {
            d.level = crate::meta::Level::Note;
            d.message = format!("{} Accepted: {reason}", d.message).into();
        }
        return Some(d);
    }
    if rel.is_some_and(|rel| {
        settings
            .ignores
            .iter()
            .any(|e| e.suppresses(idx, rel, &d.pointer))
    }) {
        return None;
    }
    Some(d)
}

/// The `unused-ignore` findings of a config file, if any. An entry that could match one of the
/// `untested` files (connectors `--changed-since` left out, as paths relative to the config's
/// folder) is not reported: this run cannot tell whether it is still needed.
fn unused_ignores(
    settings: &Settings,
    untested: impl FnOnce() -> Vec<Option<String>>,
) -> Option<FileReport> {
    let path = settings.config_path.as_ref()?;
    let meta = &UnusedIgnore::META;
    let idx = meta.index();
    if !settings.is_enabled(idx) {
        return None;
    }
    let unmatched: Vec<(usize, &crate::config::IgnoreEntry)> = settings
        .ignores
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.matched.load(Ordering::Relaxed) == 0 && e.can_match(|i| settings.is_enabled(i))
        })
        .collect();
    if unmatched.is_empty() {
        return None;
    }
    let untested = untested();
    let mut diagnostics: Vec<Diagnostic> = unmatched
        .into_iter()
        .filter(|(_, e)| !untested.iter().flatten().any(|rel| e.may_apply_to(rel)))
        .map(|(i, e)| {
            let mut d = Diagnostic::new(
                meta,
                FileId(0),
                e.span.clone(),
                format!("/ignore/{i}"),
                format!(
                    "This [[ignore]] entry matched no finding (reason given: \"{}\")",
                    e.reason
                ),
            )
            .with_help("Remove the entry if the findings it excused are fixed.");
            if let Some(level) = settings.level_override(idx) {
                d.level = level;
            }
            d
        })
        .collect();
    if diagnostics.is_empty() {
        return None;
    }
    sort_diagnostics(&mut diagnostics);
    let source = SourceFile::new(
        FileKind::Config,
        path.clone(),
        connector::display_path(path),
        settings.config_text.clone(),
    );
    resolve(&source, &mut diagnostics);
    Some(FileReport {
        source,
        diagnostics,
    })
}

/// Find the config for an input: `--config` if given, else the nearest `connector-lint.toml` at or
/// above the input.
pub fn config_for(input: &Path, explicit: Option<&Path>) -> Option<PathBuf> {
    explicit
        .map(Path::to_path_buf)
        .or_else(|| crate::config::discover(input))
}
