//! The little connector-lint asks of git, through the `git` command line: the top level of a
//! work tree, and the files changed since a revision.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(format!("git {}: {}", args.join(" "), err.trim()));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The top level of the git work tree holding `dir`, if any.
pub fn top_level(dir: &Path) -> Option<PathBuf> {
    let top = git(dir, &["rev-parse", "--show-toplevel"]).ok()?;
    let top = top.trim();
    (!top.is_empty()).then(|| std::fs::canonicalize(top).unwrap_or_else(|_| PathBuf::from(top)))
}

/// Whether `rev` names a commit of the repository at `top`.
pub fn verify_revision(top: &Path, rev: &str) -> Result<(), String> {
    // A revision is never an option: "--output=…" must not reach git as one.
    if rev.starts_with('-') {
        return Err(format!("'{rev}' is not a revision"));
    }
    git(
        top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map(|_| ())
    .map_err(|_| format!("'{rev}' is not a revision of this repository"))
}

/// The files (absolute paths) of the work tree holding `dir` that differ from revision `rev`:
/// committed since, staged, modified, or new and not ignored. Deleted files are included; they
/// simply match no connector file.
pub fn changed_since(dir: &Path, rev: &str) -> Result<Vec<PathBuf>, String> {
    let top =
        top_level(dir).ok_or_else(|| format!("{}: not inside a git work tree", dir.display()))?;
    verify_revision(&top, rev).map_err(|e| format!("--changed-since: {e}"))?;
    let mut files = Vec::new();
    // `--` ends the revisions: a revision named like a file is not read as a path.
    for args in [
        &["diff", "--name-only", "-z", "--no-renames", rev, "--"][..],
        &["ls-files", "--others", "--exclude-standard", "-z"][..],
    ] {
        for name in git(&top, args)?.split('\0').filter(|n| !n.is_empty()) {
            files.push(top.join(name));
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}
