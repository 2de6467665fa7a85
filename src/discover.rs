//! Finding connectors on disk: the walk of each input (hidden and git-ignored entries skipped,
//! symbolic links followed inside the scanned folder only), why an input holds none, and where the
//! relative paths of SARIF and baselines start. Part of the engine: the model ([`crate::connector`])
//! loads what this finds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::connector::{display_path, ConnectorPaths, Notification};
use crate::source::FileKind;

/// What the walk of one input found.
#[derive(Debug, Default)]
pub struct Discovery {
    pub connectors: Vec<ConnectorPaths>,
    /// Folders that could not be read: part of the tree was not checked (exit 2).
    pub errors: Vec<Notification>,
    /// Symbolic links that were not followed: leading outside the scanned folder, into a loop, or
    /// nowhere.
    pub skipped: Vec<Notification>,
}

/// Find connectors below `input`. A folder holding `apiDefinition.swagger.json` (any case) is a
/// connector; a file given directly is linted on its own.
///
/// Hidden and git-ignored entries are skipped. Symbolic links to folders inside the scanned
/// folder are followed (a connector reached twice is checked once, see
/// [`ConnectorPaths::identity`]); a link, to a folder or a file, that resolves outside it is not
/// read, and is reported. A folder that cannot be read is reported in [`Discovery::errors`].
pub fn discover(input: &Path) -> Discovery {
    if !input.is_dir() {
        let name = input
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let kind = match FileKind::from_file_name(&name) {
            FileKind::Other | FileKind::Config => FileKind::Swagger,
            k => k,
        };
        let mut files = BTreeMap::new();
        files.insert(kind, input.to_path_buf());
        return Discovery {
            connectors: vec![ConnectorPaths {
                dir: input.parent().map(Path::to_path_buf).unwrap_or_default(),
                files,
                refused: BTreeMap::new(),
            }],
            ..Discovery::default()
        };
    }
    let root = std::fs::canonicalize(input).unwrap_or_else(|_| input.to_path_buf());
    let skipped = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let mut found = Discovery::default();
    let mut by_dir: BTreeMap<PathBuf, ConnectorPaths> = BTreeMap::new();
    let walker = {
        let root = root.clone();
        let skipped = skipped.clone();
        ignore::WalkBuilder::new(input)
            .hidden(true)
            .git_ignore(true)
            .follow_links(true)
            .sort_by_file_name(|a, b| a.cmp(b))
            // A link to a folder outside the scanned folder is not entered.
            .filter_entry(move |e| {
                if e.depth() == 0
                    || !e.path_is_symlink()
                    || !e.file_type().is_some_and(|t| t.is_dir())
                {
                    return true;
                }
                match outside(&root, e.path()) {
                    Some(why) => {
                        skipped.lock().expect("not poisoned").push(Notification {
                            path: display_path(e.path()),
                            message: format!("{why}: not followed"),
                        });
                        false
                    }
                    None => true,
                }
            })
            .build()
    };
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = error_path(&err);
                // A link into a loop or to nothing is left out; a folder that cannot be read
                // means part of the tree went unchecked.
                let link = path
                    .as_deref()
                    .and_then(|p| std::fs::symlink_metadata(p).ok())
                    .is_some_and(|m| m.file_type().is_symlink());
                let kind = path
                    .as_deref()
                    .and_then(Path::file_name)
                    .and_then(|n| n.to_str())
                    .map_or(FileKind::Other, FileKind::from_file_name);
                if link && !matches!(kind, FileKind::Other | FileKind::Config) {
                    // A connector file that is a broken link is reported with its connector.
                    let path = path.expect("a link has a path");
                    if let Some(parent) = path.parent() {
                        let c = by_dir.entry(parent.to_path_buf()).or_default();
                        c.refused
                            .insert(kind, "it is a broken symbolic link".to_string());
                        c.files.entry(kind).or_insert(path);
                    }
                    continue;
                }
                let n = Notification {
                    path: path
                        .as_deref()
                        .map(display_path)
                        .unwrap_or_else(|| display_path(input)),
                    message: describe_walk_error(&err),
                };
                if link || matches!(root_error(&err), ignore::Error::Loop { .. }) {
                    found.skipped.push(n);
                } else {
                    found.errors.push(n);
                }
                continue;
            }
        };
        let Some(name) = entry.file_name().to_str() else {
            continue;
        };
        let kind = FileKind::from_file_name(name);
        if matches!(kind, FileKind::Other | FileKind::Config) || entry.depth() == 0 {
            continue;
        }
        let Some(parent) = entry.path().parent() else {
            continue;
        };
        let c = by_dir.entry(parent.to_path_buf()).or_default();
        if c.files.contains_key(&kind) {
            continue;
        }
        c.files.insert(kind, entry.path().to_path_buf());
        if entry.path_is_symlink() {
            if let Some(why) = outside(&root, entry.path()) {
                c.refused.insert(kind, format!("{why}: not read"));
            }
        }
    }
    found
        .skipped
        .extend(std::mem::take(&mut *skipped.lock().expect("not poisoned")));
    found.connectors = by_dir
        .into_iter()
        .filter(|(_, c)| c.files.contains_key(&FileKind::Swagger))
        .map(|(dir, c)| ConnectorPaths { dir, ..c })
        .collect();
    found
}

/// Why the symbolic link `path` is not followed, if it leads outside `root` (canonical).
fn outside(root: &Path, path: &Path) -> Option<String> {
    match std::fs::canonicalize(path) {
        Ok(target) if target.starts_with(root) => None,
        Ok(target) => Some(format!(
            "it is a symbolic link to {}, outside the scanned folder {}",
            display_path(&target),
            display_path(root)
        )),
        Err(e) => Some(format!(
            "it is a symbolic link that cannot be resolved ({e})"
        )),
    }
}

/// The innermost error of a walk error.
fn root_error(err: &ignore::Error) -> &ignore::Error {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => root_error(err),
        ignore::Error::Partial(errs) if errs.len() == 1 => root_error(&errs[0]),
        e => e,
    }
}

/// The path a walk error is about, if it says.
fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Partial(errs) => errs.iter().find_map(error_path),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

/// A walk error in words, without the path (given beside it).
fn describe_walk_error(err: &ignore::Error) -> String {
    match root_error(err) {
        ignore::Error::Io(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            "the folder cannot be read (permission denied): the connectors in it were not checked"
                .to_string()
        }
        ignore::Error::Io(e) => format!("cannot be read ({e}): it was not checked"),
        ignore::Error::Loop { ancestor, .. } => format!(
            "it is a symbolic link to {}, which holds it (a loop): not followed",
            display_path(ancestor)
        ),
        e => format!("cannot be read ({e}): it was not checked"),
    }
}

/// Why `input` (a folder) holds no connector, for the error message: what the walk skipped or could
/// not read.
pub fn why_none(input: &Path, found: &Discovery) -> String {
    let mut why = "no folder in it holds an apiDefinition.swagger.json".to_string();
    if !input.is_dir() {
        return why;
    }
    // Each was told on its own line before.
    if !found.errors.is_empty() {
        why.push_str(&format!(
            "; {} could not be read",
            plural(found.errors.len(), "folder", "folders")
        ));
    }
    if !found.skipped.is_empty() {
        why.push_str(&format!(
            "; {} not followed",
            plural(
                found.skipped.len(),
                "symbolic link was",
                "symbolic links were"
            )
        ));
    }
    // What the filters left out: hidden and git-ignored folders.
    let hidden = ignore::WalkBuilder::new(input)
        .standard_filters(false)
        .build()
        .flatten()
        .filter(|e| {
            e.depth() > 0
                && e.file_name()
                    .to_str()
                    .is_some_and(|n| FileKind::from_file_name(n) == FileKind::Swagger)
        })
        .count();
    if hidden > 0 {
        why.push_str(&format!(
            "; {} in hidden or git-ignored folders, which are skipped (name such a folder to check it)",
            plural(hidden, "apiDefinition.swagger.json is", "apiDefinition.swagger.json files are")
        ));
    }
    why
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The folder that relative paths in SARIF and baselines start from: the git top level of the first
/// input, or the first input's folder outside git.
pub fn base_dir(roots: &[PathBuf]) -> PathBuf {
    let Some(first) = roots.first() else {
        return std::env::current_dir().unwrap_or_default();
    };
    let dir = input_dir(first);
    crate::git::top_level(&dir).unwrap_or(dir)
}

/// The folder of an input, absolute: the input itself, or the folder of a file given.
pub fn input_dir(input: &Path) -> PathBuf {
    let abs = std::fs::canonicalize(input).unwrap_or_else(|_| input.to_path_buf());
    if abs.is_dir() {
        abs
    } else {
        abs.parent().map(Path::to_path_buf).unwrap_or(abs)
    }
}

/// The path of `file` as SARIF and baselines give it: relative to `base` (see
/// [`crate::lint::Report::base`]), or as displayed when it lies outside.
pub fn file_path(base: &Path, file: &crate::source::SourceFile) -> String {
    relative_to(base, &file.path).unwrap_or_else(|| file.display.clone())
}

/// `path` relative to `base`, with `/` separators; `None` when it is outside `base`.
pub fn relative_to(base: &Path, path: &Path) -> Option<String> {
    let abs = std::fs::canonicalize(path)
        .unwrap_or_else(|_| std::path::absolute(path).unwrap_or(path.to_path_buf()));
    abs.strip_prefix(base)
        .ok()
        .map(crate::connector::display_path)
}
