//! The previous version of each connector, for the breaking-change rules: the old side of
//! `connector-lint diff OLD NEW`, or the revision of `check --changed-since REV`. The old files are
//! read as bytes here; `lint` decodes and parses them beside the new ones.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use crate::connector::ConnectorPaths;
use crate::source::FileKind;

/// The files of a connector's previous version that the comparison reads.
#[derive(Debug, Default)]
pub struct OldFiles {
    /// `apiDefinition.swagger.json`: how it is named in messages, and its bytes.
    pub swagger: Option<(String, Vec<u8>)>,
    pub api_properties: Option<(String, Vec<u8>)>,
}

/// Where the previous versions come from.
pub struct Previous {
    /// How the user named the old version (`HEAD~1`, `old/`): messages say "line N of LABEL".
    pub label: String,
    source: Source,
}

enum Source {
    /// The same files at a git revision of the repository at `top`, read with one
    /// `git cat-file --batch` for the whole run.
    Git {
        top: PathBuf,
        rev: String,
        reader: Mutex<Option<BlobReader>>,
    },
    /// One old swagger file, compared with the one connector of the new side.
    File(PathBuf),
    /// A folder: the connector at `new_root/REL` is compared with the one at `old/REL`.
    Tree { old: PathBuf, new_root: PathBuf },
}

impl std::fmt::Debug for Previous {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Previous")
            .field("label", &self.label)
            .finish()
    }
}

impl Previous {
    /// The connectors below `new` at git revision `rev` of the repository holding them.
    pub fn git(new: &Path, rev: &str) -> Result<Previous, String> {
        let dir = crate::discover::input_dir(new);
        let top = crate::git::top_level(&dir)
            .ok_or_else(|| format!("{}: not inside a git work tree", dir.display()))?;
        crate::git::verify_revision(&top, rev)?;
        Ok(Previous {
            label: rev.to_string(),
            source: Source::Git {
                top,
                rev: rev.to_string(),
                reader: Mutex::new(None),
            },
        })
    }

    /// The connectors of the file or folder `old`, paired with those below `new` by their place
    /// below each (a swagger file is compared with the one connector of `new`).
    pub fn path(old: &Path, new: &Path) -> Previous {
        let label = crate::connector::display_path(old);
        let source = if old.is_file() {
            Source::File(old.to_path_buf())
        } else {
            Source::Tree {
                old: old.to_path_buf(),
                new_root: crate::discover::input_dir(new),
            }
        };
        Previous { label, source }
    }

    /// Whether the old versions come from a git revision (a connector without one there is new),
    /// rather than from files the user named (where a connector without one is unpaired).
    pub fn is_git(&self) -> bool {
        matches!(self.source, Source::Git { .. })
    }

    /// The old files of connector `c`: `Ok(None)` when it has no previous version (a new
    /// connector), `Err` when the previous version could not be read.
    pub fn files_of(&self, c: &ConnectorPaths, max_bytes: u64) -> Result<Option<OldFiles>, String> {
        match &self.source {
            Source::File(path) => {
                let bytes = crate::connector::read_regular(path, max_bytes)
                    .map_err(|e| format!("{}: {e}", crate::connector::display_path(path)))?;
                Ok(Some(OldFiles {
                    swagger: Some((crate::connector::display_path(path), bytes)),
                    api_properties: None,
                }))
            }
            Source::Tree { old, new_root } => {
                let dir = std::fs::canonicalize(&c.dir).unwrap_or_else(|_| c.dir.clone());
                let rel = dir.strip_prefix(new_root).unwrap_or(Path::new(""));
                let old_dir = old.join(rel);
                if !old_dir.is_dir() {
                    return Ok(None);
                }
                let mut files = OldFiles::default();
                for entry in std::fs::read_dir(&old_dir)
                    .map_err(|e| format!("{}: {e}", old_dir.display()))?
                    .flatten()
                {
                    let name = entry.file_name();
                    let kind = FileKind::from_file_name(&name.to_string_lossy());
                    let slot = match kind {
                        FileKind::Swagger => &mut files.swagger,
                        FileKind::ApiProperties => &mut files.api_properties,
                        _ => continue,
                    };
                    let path = entry.path();
                    let bytes = crate::connector::read_regular(&path, max_bytes)
                        .map_err(|e| format!("{}: {e}", crate::connector::display_path(&path)))?;
                    *slot = Some((crate::connector::display_path(&path), bytes));
                }
                Ok((files.swagger.is_some() || files.api_properties.is_some()).then_some(files))
            }
            Source::Git { top, rev, reader } => {
                let mut files = OldFiles::default();
                for (kind, slot) in [
                    (FileKind::Swagger, &mut files.swagger),
                    (FileKind::ApiProperties, &mut files.api_properties),
                ] {
                    let Some(path) = c.files.get(&kind) else {
                        continue;
                    };
                    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
                    let Ok(rel) = abs.strip_prefix(top) else {
                        return Err(format!(
                            "{}: outside the git work tree {}",
                            crate::connector::display_path(path),
                            top.display()
                        ));
                    };
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    let mut guard = reader.lock().unwrap_or_else(|e| e.into_inner());
                    if guard.is_none() {
                        *guard = Some(BlobReader::start(top)?);
                    }
                    let blob = guard
                        .as_mut()
                        .expect("started above")
                        .read(&format!("{rev}:{rel}"), max_bytes);
                    match blob {
                        Ok(found) => *slot = found.map(|b| (format!("{rev}:{rel}"), b)),
                        Err(e) => {
                            *guard = None; // a broken pipe: start afresh for the next one
                            return Err(e);
                        }
                    }
                }
                Ok((files.swagger.is_some() || files.api_properties.is_some()).then_some(files))
            }
        }
    }

    /// For a folder on the old side: its connectors (their folders relative to it) that the new
    /// side has no folder for, deleted in the new version. Empty otherwise.
    pub fn deleted_connectors(&self) -> Vec<String> {
        let Source::Tree { old, new_root } = &self.source else {
            return Vec::new();
        };
        let found = crate::discover::discover(old);
        let old_root = crate::discover::input_dir(old);
        let mut out: Vec<String> = found
            .connectors
            .iter()
            .filter_map(|c| {
                let dir = std::fs::canonicalize(&c.dir).ok()?;
                let rel = dir.strip_prefix(&old_root).ok()?;
                (!new_root.join(rel).is_dir()).then(|| crate::connector::display_path(&c.dir))
            })
            .collect();
        out.sort();
        out
    }
}

/// One `git cat-file --batch` process: object names in, contents out.
struct BlobReader {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl BlobReader {
    fn start(top: &Path) -> Result<BlobReader, String> {
        let mut child = Command::new("git")
            .arg("-C")
            .arg(top)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run git: {e}"))?;
        let stdin = child.stdin.take().expect("piped");
        let stdout = BufReader::new(child.stdout.take().expect("piped"));
        Ok(BlobReader {
            child,
            stdin,
            stdout,
        })
    }

    /// The bytes of object `name` (`REV:path`), `None` when the revision has no such file.
    fn read(&mut self, name: &str, max_bytes: u64) -> Result<Option<Vec<u8>>, String> {
        let broken = |e: std::io::Error| format!("git cat-file {name}: {e}");
        if name.contains('\n') {
            return Err(format!(
                "{name:?}: a path with a line break cannot be read from git"
            ));
        }
        writeln!(self.stdin, "{name}").map_err(broken)?;
        self.stdin.flush().map_err(broken)?;
        let mut header = String::new();
        self.stdout.read_line(&mut header).map_err(broken)?;
        let header = header.trim_end();
        if header.ends_with(" missing") || header.ends_with(" ambiguous") {
            return Ok(None);
        }
        let mut parts = header.split(' ');
        let (_, kind, size) = (parts.next(), parts.next(), parts.next());
        let size: u64 = size
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("git cat-file {name}: unexpected answer '{header}'"))?;
        let keep = kind == Some("blob") && size <= max_bytes;
        let mut bytes = Vec::new();
        if keep {
            bytes.reserve(size as usize);
            (&mut self.stdout)
                .take(size)
                .read_to_end(&mut bytes)
                .map_err(broken)?;
        } else {
            // Skipped, not held: the answer has to be read to reach the next one.
            std::io::copy(&mut (&mut self.stdout).take(size), &mut std::io::sink())
                .map_err(broken)?;
        }
        let mut newline = [0u8; 1];
        self.stdout.read_exact(&mut newline).map_err(broken)?;
        if kind != Some("blob") {
            return Ok(None);
        }
        if !keep {
            return Err(format!(
                "{name}: {size} bytes, above the size cap of {max_bytes} bytes: not read"
            ));
        }
        Ok(Some(bytes))
    }
}

impl Drop for BlobReader {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
