//! The connector model: one connector's files, loaded once (see [`load`]), and what the rules read
//! of them ([`Connector`]). Finding connectors on disk is [`crate::discover`]'s.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, FileId};
use crate::extract::TextItem;
use crate::file_rules::FileUnreadable;
use crate::json::Json;
use crate::source::{FileKind, SourceFile};

/// Who publishes a connector; some rules differ by kind.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum PublisherKind {
    Certified,
    IndependentPublisher,
    Custom,
}

impl PublisherKind {
    /// From the connectors repository's layout: `certified-connectors/`,
    /// `independent-publisher-connectors/`, anything else is a custom connector. The folder
    /// nearest the connector decides, so that where the repository is checked out (say, below a
    /// folder that happens to be called `certified-connectors`) does not.
    pub fn from_path(path: &Path) -> PublisherKind {
        for c in path.components().rev() {
            let c = c.as_os_str().to_string_lossy().to_ascii_lowercase();
            if c == "certified-connectors" {
                return PublisherKind::Certified;
            }
            if c == "independent-publisher-connectors" {
                return PublisherKind::IndependentPublisher;
            }
            if c == "custom-connectors" {
                return PublisherKind::Custom;
            }
        }
        PublisherKind::Custom
    }

    /// The kind of the connector in folder `dir` (`""` is the current folder), from where the
    /// folder really is: its canonical path, so that `.` inside a connector, a relative path, the
    /// swagger file named alone and a symlink all give the kind the absolute path gives.
    pub fn of_folder(dir: &Path) -> PublisherKind {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        match std::fs::canonicalize(dir).or_else(|_| std::path::absolute(dir)) {
            Ok(abs) => PublisherKind::from_path(&abs),
            Err(_) => PublisherKind::from_path(dir),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PublisherKind::Certified => "certified",
            PublisherKind::IndependentPublisher => "independent-publisher",
            PublisherKind::Custom => "custom",
        }
    }
}

/// The files of one connector as found on disk.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConnectorPaths {
    pub dir: PathBuf,
    /// Files by kind, in [`FileKind`] order.
    pub files: BTreeMap<FileKind, PathBuf>,
    /// Files that are not read, and why (a symbolic link leading outside the scanned folder, or
    /// broken): each is reported as `file-unreadable`.
    pub refused: BTreeMap<FileKind, String>,
}

impl ConnectorPaths {
    /// What identifies the connector however it was reached (a relative path, a symbolic link, a
    /// folder given twice): its swagger's canonical path.
    pub fn identity(&self) -> PathBuf {
        let swagger = self.files.get(&FileKind::Swagger).unwrap_or(&self.dir);
        std::fs::canonicalize(swagger)
            .or_else(|_| std::path::absolute(swagger))
            .unwrap_or_else(|_| swagger.clone())
    }
}

/// Display form of a path: `/` separators, no leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    // `\` separates folders on Windows only: elsewhere it is a character of the name.
    let s = if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    };
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// A file that could not be read.
#[derive(Debug, Clone)]
pub struct Notification {
    pub path: String,
    pub message: String,
}

/// A connector's files, loaded; problems found while loading are in `diagnostics`.
pub struct LoadedFiles {
    pub files: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
    pub notifications: Vec<Notification>,
}

/// The default of the size cap (`max-file-mb`): far above the largest real swagger (about 1.1 MB
/// in the corpus, 2.2 MB in Microsoft's public repository), low enough that memory stays bounded.
pub const DEFAULT_MAX_FILE_MB: u64 = 64;

/// Read every file of a connector once, none larger than `max_bytes`. Nothing here fails: a file
/// that cannot be read, or is not read, becomes a finding.
pub fn load(paths: &ConnectorPaths, max_bytes: u64) -> LoadedFiles {
    let mut files = Vec::with_capacity(paths.files.len());
    let mut diagnostics = Vec::new();
    let mut notifications = Vec::new();
    for (&kind, path) in &paths.files {
        let id = FileId(files.len() as u32);
        let display = display_path(path);
        let read = match paths.refused.get(&kind) {
            Some(why) => Err(why.clone()),
            None => read_regular(path, max_bytes),
        };
        match read {
            Ok(bytes) => {
                let f = if kind == FileKind::Icon {
                    let mut f = SourceFile::new(kind, path.clone(), display, String::new());
                    f.bytes = bytes;
                    f
                } else {
                    text_file(kind, path, display, bytes, id, &mut diagnostics)
                };
                files.push(f);
            }
            Err(why) => {
                let message = format!("Could not read the file: {why}");
                diagnostics.push(Diagnostic::new(
                    &FileUnreadable::META,
                    id,
                    0..0,
                    "",
                    message.clone(),
                ));
                notifications.push(Notification {
                    path: display.clone(),
                    message,
                });
                let mut f = SourceFile::new(kind, path.clone(), display, String::new());
                f.readable = false;
                files.push(f);
            }
        }
    }
    LoadedFiles {
        files,
        diagnostics,
        notifications,
    }
}

/// The bytes of `path` if it is a regular file (after links) of at most `max_bytes`, or why not.
/// The type and size are checked before the file is opened, so that a FIFO, `/dev/zero` or a huge
/// file is never read; the open file is checked again in case it was replaced in between.
pub fn read_regular(path: &Path, max_bytes: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    not_regular(&meta).map_or(Ok(()), Err)?;
    let too_large = |len: u64| {
        format!(
            "it is {}, above the size cap of {} (`max-file-mb` in connector-lint.toml, or `--max-file-mb`): not read",
            megabytes(len),
            megabytes(max_bytes)
        )
    };
    if meta.len() > max_bytes {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    not_regular(&meta).map_or(Ok(()), Err)?;
    let mut bytes = Vec::with_capacity(meta.len().min(max_bytes) as usize);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Why a file of this type is not read, if it is not a regular file.
fn not_regular(meta: &std::fs::Metadata) -> Option<String> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("it is a folder, not a file".to_string());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let what = if t.is_fifo() {
            "a FIFO (named pipe)"
        } else if t.is_char_device() {
            "a character device"
        } else if t.is_block_device() {
            "a block device"
        } else if t.is_socket() {
            "a socket"
        } else {
            "a special file"
        };
        Some(format!("it is {what}, not a regular file: not read"))
    }
    #[cfg(not(unix))]
    Some("it is not a regular file: not read".to_string())
}

/// `n` bytes in MB (10^6 would confuse against `max-file-mb`; MB here is 2^20 bytes).
fn megabytes(n: u64) -> String {
    let mb = n as f64 / (1u64 << 20) as f64;
    if mb >= 10.0 || mb.fract() == 0.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

/// The text of a checked file whose text was dropped, read again as `load` read it, if it is
/// still the text that was checked (see [`SourceFile::text_hash`]).
pub fn reload(file: &SourceFile) -> Option<SourceFile> {
    let hash = file.text_hash?;
    if file.kind == FileKind::Icon || !file.readable {
        return None;
    }
    let bytes = read_regular(&file.path, u64::MAX).ok()?;
    let f = text_file(
        file.kind,
        &file.path,
        file.display.clone(),
        bytes,
        FileId(0),
        &mut Vec::new(),
    );
    (SourceFile::hash_text(&f.text) == hash).then_some(f)
}

/// A text file from its bytes: a BOM removed, invalid UTF-8 replaced (reported in `diagnostics`).
pub fn text_file(
    kind: FileKind,
    path: &Path,
    display: String,
    bytes: Vec<u8>,
    id: FileId,
    diagnostics: &mut Vec<Diagnostic>,
) -> SourceFile {
    let d = crate::json::decode(bytes, id, kind == FileKind::Readme, diagnostics);
    let mut f = SourceFile::new(kind, path.to_path_buf(), display, d.text);
    f.bom_len = d.bom_len;
    f.lossy = d.lossy;
    f
}

/// A loaded connector: its files, parsed, and its strings.
pub struct Connector<'a> {
    pub dir: &'a Path,
    pub publisher: PublisherKind,
    pub files: &'a [SourceFile],
    pub swagger: Option<&'a Json<'a>>,
    pub api_properties: Option<&'a Json<'a>>,
    pub settings_json: Option<&'a Json<'a>>,
    pub items: &'a [TextItem<'a>],
    /// The swagger's operations and parameters (computed on first use).
    pub structure: std::sync::OnceLock<Option<crate::swagger::Structure<'a, 'a>>>,
    /// Which definitions requests and responses reach (found on first use).
    pub flows: std::sync::OnceLock<crate::swagger::Flows>,
    /// `icon.png`, decoded on first use.
    pub icon: std::sync::OnceLock<Option<DecodedIcon>>,
    /// The connector's previous version, when the run compares with one (`diff`,
    /// `check --changed-since`): what the breaking-change rules read.
    pub previous: Option<&'a Previous<'a>>,
}

/// A connector's previous version, parsed: the old side of a comparison.
pub struct Previous<'a> {
    /// The old `apiDefinition.swagger.json`, with its text (for line numbers; its `display` is
    /// `REV:path` for a git revision).
    pub swagger: Option<(&'a SourceFile, &'a Json<'a>)>,
    /// The old `apiProperties.json`.
    pub api_properties: Option<(&'a SourceFile, &'a Json<'a>)>,
}

/// The connector's `icon.png`: its file, size in bytes, and pixels (or why there are none).
#[derive(Debug)]
pub struct DecodedIcon {
    pub file: FileId,
    pub size: usize,
    pub image: Result<crate::icon::Icon, crate::icon::IconError>,
}

impl<'a> Connector<'a> {
    /// The swagger's operations, their responses and its parameters, computed once.
    pub fn structure(&self) -> Option<&crate::swagger::Structure<'a, 'a>> {
        self.structure
            .get_or_init(|| self.swagger.map(crate::swagger::Structure::of))
            .as_ref()
    }

    /// Which definitions the requests and the responses reach, found once.
    pub fn flows(&self) -> &crate::swagger::Flows {
        self.flows
            .get_or_init(|| match (self.swagger, self.structure()) {
                (Some(doc), Some(s)) => crate::swagger::Flows::of(doc, s),
                _ => crate::swagger::Flows::default(),
            })
    }

    /// The `properties` object of apiProperties.json, if it has one.
    pub fn properties(&self) -> Option<&'a crate::json::Object<'a>> {
        self.api_properties
            .and_then(|d| crate::json::as_obj(&d.root))
            .and_then(|r| crate::json::get_obj(r, "properties"))
    }

    /// `icon.png`, if the connector has a readable one, decoded once.
    pub fn icon(&self) -> Option<&DecodedIcon> {
        self.icon
            .get_or_init(|| {
                let (file, f) = self.file(FileKind::Icon)?;
                f.readable.then(|| DecodedIcon {
                    file,
                    size: f.bytes.len(),
                    image: crate::icon::decode(&f.bytes),
                })
            })
            .as_ref()
    }

    pub fn file(&self, kind: FileKind) -> Option<(FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .find(|(_, f)| f.kind == kind)
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_again_only_while_it_holds_the_text_that_was_checked() {
        let dir =
            std::env::temp_dir().join(format!("connector-lint-reload-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("apiDefinition.swagger.json");
        std::fs::write(&path, "\u{feff}{\"swagger\": \"2.0\"}").unwrap();
        let paths = ConnectorPaths {
            dir: dir.clone(),
            files: BTreeMap::from([(FileKind::Swagger, path.clone())]),
            refused: BTreeMap::new(),
        };
        let mut file = load(&paths, u64::MAX).files.remove(0);
        file.text_hash = Some(SourceFile::hash_text(&file.text));
        let text = std::mem::take(&mut file.text);
        let again = reload(&file).expect("unchanged");
        assert_eq!((again.text.as_str(), again.bom_len), (text.as_str(), 3));
        std::fs::write(&path, "{\"swagger\": \"2.0\", \"host\": \"x\"}").unwrap();
        assert!(reload(&file).is_none(), "changed since the check");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn publisher_kind_from_path() {
        assert_eq!(
            PublisherKind::from_path(Path::new("repo/certified-connectors/Contoso")),
            PublisherKind::Certified
        );
        assert_eq!(
            PublisherKind::from_path(Path::new("independent-publisher-connectors/X")),
            PublisherKind::IndependentPublisher
        );
        assert_eq!(
            PublisherKind::from_path(Path::new("custom-connectors/X")),
            PublisherKind::Custom
        );
        assert_eq!(
            PublisherKind::from_path(Path::new("elsewhere")),
            PublisherKind::Custom
        );
        // Where the repository is checked out does not decide: the folder nearest does.
        assert_eq!(
            PublisherKind::from_path(Path::new(
                "/srv/certified-connectors/fork/independent-publisher-connectors/X"
            )),
            PublisherKind::IndependentPublisher
        );
        assert_eq!(
            PublisherKind::from_path(Path::new(
                "/srv/certified-connectors/fork/custom-connectors/X"
            )),
            PublisherKind::Custom
        );
    }
}
