//! Discovering connectors on disk and loading one connector's files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, FileId};
use crate::extract::TextItem;
use crate::json::Json;
use crate::rules::file::FileUnreadable;
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
    /// `independent-publisher-connectors/`, anything else is a custom connector.
    pub fn from_path(path: &Path) -> PublisherKind {
        for c in path.components() {
            let c = c.as_os_str().to_string_lossy().to_ascii_lowercase();
            if c == "certified-connectors" {
                return PublisherKind::Certified;
            }
            if c == "independent-publisher-connectors" {
                return PublisherKind::IndependentPublisher;
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
}

/// Find connectors below `input`. A folder holding `apiDefinition.swagger.json` (any case) is a
/// connector; a file given directly is linted on its own.
pub fn discover(input: &Path) -> Vec<ConnectorPaths> {
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
        return vec![ConnectorPaths {
            dir: input.parent().map(Path::to_path_buf).unwrap_or_default(),
            files,
        }];
    }
    let mut by_dir: BTreeMap<PathBuf, BTreeMap<FileKind, PathBuf>> = BTreeMap::new();
    let walker = ignore::WalkBuilder::new(input)
        .hidden(true)
        .git_ignore(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker.flatten() {
        let Some(name) = entry.file_name().to_str() else {
            continue;
        };
        let kind = FileKind::from_file_name(name);
        if matches!(kind, FileKind::Other | FileKind::Config) {
            continue;
        }
        let Some(parent) = entry.path().parent() else {
            continue;
        };
        by_dir
            .entry(parent.to_path_buf())
            .or_default()
            .entry(kind)
            .or_insert_with(|| entry.path().to_path_buf());
    }
    by_dir
        .into_iter()
        .filter(|(_, files)| files.contains_key(&FileKind::Swagger))
        .map(|(dir, files)| ConnectorPaths { dir, files })
        .collect()
}

/// Display form of a path: `/` separators, no leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
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

/// Read every file of a connector once. Nothing here fails: an unreadable file becomes a finding.
pub fn load(paths: &ConnectorPaths) -> LoadedFiles {
    let mut files = Vec::with_capacity(paths.files.len());
    let mut diagnostics = Vec::new();
    let mut notifications = Vec::new();
    for (&kind, path) in &paths.files {
        let id = FileId(files.len() as u32);
        let display = display_path(path);
        match std::fs::read(path) {
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
            Err(err) => {
                let message = format!("Could not read the file: {}", describe_io_error(path, &err));
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

/// The text of a checked file whose text was dropped, read again as `load` read it, if it is
/// still the text that was checked (see [`SourceFile::text_hash`]).
pub fn reload(file: &SourceFile) -> Option<SourceFile> {
    let hash = file.text_hash?;
    if file.kind == FileKind::Icon || !file.readable {
        return None;
    }
    let bytes = std::fs::read(&file.path).ok()?;
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
fn text_file(
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

fn describe_io_error(path: &Path, err: &std::io::Error) -> String {
    if path.is_dir() {
        "it is a folder, not a file".to_string()
    } else {
        err.to_string()
    }
}

/// A loaded connector as rules see it.
pub struct Connector<'a> {
    pub dir: &'a Path,
    pub publisher: PublisherKind,
    pub files: &'a [SourceFile],
    pub swagger: Option<&'a Json<'a>>,
    pub api_properties: Option<&'a Json<'a>>,
    pub settings_json: Option<&'a Json<'a>>,
    /// The settings this connector is checked with (config file and command line).
    pub config: &'a crate::config::Settings,
    /// Words the connector itself establishes (see [`crate::language::vocabulary`]), built on
    /// first use: only words the dictionaries do not know are looked up in it.
    pub vocabulary: std::sync::OnceLock<crate::language::Vocabulary>,
    /// Compute spelling suggestions (`--suggest`, or a single connector).
    pub suggest: bool,
    pub items: &'a [TextItem<'a>],
    /// Where product names may start in each file (filled on first use).
    pub product_hints: crate::rules::product_names::Hints,
    /// The swagger's operations and parameters (computed on first use).
    pub structure: std::sync::OnceLock<Option<crate::swagger::Structure<'a, 'a>>>,
    /// `icon.png`, decoded on first use.
    pub icon: std::sync::OnceLock<Option<DecodedIcon>>,
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

    /// The words the connector establishes: known to the language rules.
    pub fn vocabulary(&self) -> &crate::language::Vocabulary {
        self.vocabulary
            .get_or_init(|| crate::language::vocabulary(self.swagger, self.api_properties))
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
        };
        let mut file = load(&paths).files.remove(0);
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
    }
}
