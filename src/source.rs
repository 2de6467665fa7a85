//! Source files as read from disk: bytes decoded once, byte spans resolved to line and column only
//! when a renderer asks for them.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

/// What a file is to a connector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    Swagger,
    ApiProperties,
    Settings,
    Readme,
    Icon,
    Config,
    Other,
}

impl FileKind {
    /// Classify a file by its name, case-insensitively, as the connectors repository names them.
    pub fn from_file_name(name: &str) -> FileKind {
        match name.to_ascii_lowercase().as_str() {
            "apidefinition.swagger.json" => FileKind::Swagger,
            "apiproperties.json" => FileKind::ApiProperties,
            "settings.json" => FileKind::Settings,
            "readme.md" => FileKind::Readme,
            "icon.png" => FileKind::Icon,
            "connector-lint.toml" => FileKind::Config,
            _ => FileKind::Other,
        }
    }

    pub fn is_json(self) -> bool {
        matches!(
            self,
            FileKind::Swagger | FileKind::ApiProperties | FileKind::Settings
        )
    }
}

/// Index of line starts, built lazily per file.
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// The number of characters before every [`BLOCK`]th byte, built when a column is first asked
    /// for far into a line: counting from the start of the line each time made a finding on a
    /// long line (minified JSON) cost as much as the line.
    blocks: OnceLock<Vec<usize>>,
}

/// Columns further than this many bytes into their line are counted from the nearest block.
const BLOCK: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            starts,
            blocks: OnceLock::new(),
        }
    }

    /// The number of characters in `text[..offset]` (`offset` at a character boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let blocks = self.blocks.get_or_init(|| {
            let mut blocks = Vec::with_capacity(text.len() / BLOCK + 1);
            let (mut at, mut chars) = (0, 0);
            for k in 0..=text.len() / BLOCK {
                let b = floor_char_boundary(text, k * BLOCK);
                chars += text[at..b].chars().count();
                blocks.push(chars);
                at = b;
            }
            blocks
        });
        let k = offset / BLOCK;
        blocks[k]
            + text[floor_char_boundary(text, k * BLOCK)..offset]
                .chars()
                .count()
    }

    /// 0-based line number holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte range of 0-based line `line`, without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).map_or(text.len(), |&n| n - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end.max(start)
    }

    /// 1-based line and 1-based column counted in Unicode code points.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let prefix = &text[self.starts[line]..offset];
        let column = if prefix.len() > BLOCK {
            self.chars_before(text, offset) - self.chars_before(text, self.starts[line])
        } else if prefix.is_ascii() {
            prefix.len()
        } else {
            prefix.chars().count()
        } + 1;
        Position::new(line + 1, column)
    }
}

/// Largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A 1-based line and column (columns count Unicode code points). 32 bits each: a corpus run
/// holds two of them for each of its 135,000 findings until it writes them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl Position {
    /// The position at `line` and `column`, each capped at `u32::MAX` (a file is at most
    /// `max-file-mb` long, 64 MB by default).
    pub fn new(line: usize, column: usize) -> Position {
        let cap = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Position {
            line: cap(line),
            column: cap(column),
        }
    }
}

/// A file of a connector, read once. `text` is the decoded content with any BOM removed; every span
/// in a diagnostic is a byte range into `text`.
#[derive(Debug)]
pub struct SourceFile {
    pub kind: FileKind,
    /// The path as found on disk.
    pub path: PathBuf,
    /// The path shown to users: relative to the scanned root (or as given), with `/` separators.
    pub display: String,
    pub text: String,
    /// Raw bytes, kept only for binary files (the icon).
    pub bytes: Vec<u8>,
    /// Whether the file could be read at all.
    pub readable: bool,
    /// Length of the byte order mark removed from the start (0 or 3): add it to a span to get an
    /// offset into the file on disk.
    pub bom_len: usize,
    /// Invalid UTF-8 was replaced, so spans no longer match the bytes on disk (no fixes are offered).
    pub lossy: bool,
    /// A hash of `text`, kept when the text itself was dropped after the check, so that the text
    /// format can read the file again for its snippets and tell whether it changed meanwhile.
    pub text_hash: Option<u64>,
    line_index: OnceLock<LineIndex>,
}

impl SourceFile {
    pub fn new(kind: FileKind, path: PathBuf, display: String, text: String) -> Self {
        SourceFile {
            kind,
            path,
            display,
            text,
            bytes: Vec::new(),
            readable: true,
            bom_len: 0,
            lossy: false,
            text_hash: None,
            line_index: OnceLock::new(),
        }
    }

    /// The hash kept in `text_hash`.
    pub fn hash_text(text: &str) -> u64 {
        use std::hash::BuildHasher;
        foldhash::fast::FixedState::default().hash_one(text.as_bytes())
    }

    /// Drop the text once the file is checked, with the line index built on it (a corpus run
    /// would otherwise hold the start of each of its 1.6 million lines until it ends).
    pub fn drop_text(&mut self) {
        self.text = String::new();
        self.line_index = OnceLock::new();
    }

    pub fn line_index(&self) -> &LineIndex {
        self.line_index.get_or_init(|| LineIndex::new(&self.text))
    }

    pub fn position(&self, offset: usize) -> Position {
        self.line_index().position(&self.text, offset)
    }

    /// Start and end positions of a span. The end position is exclusive, as SARIF's `endColumn` is.
    pub fn range_positions(&self, span: &Range<usize>) -> (Position, Position) {
        (self.position(span.start), self.position(span.end))
    }
}

/// Replace the regular file `path` (or create it) with what `fill` writes: through a temporary
/// file beside it, renamed over it with the old file's permission bits, so that a reader never
/// sees half a file. `sync` flushes the new file to disk before the rename. `before_rename` runs
/// last and may refuse: then, as on any failure, the temporary file is removed and `path` is
/// untouched. (`cli::write_atomically` for reports and `fix::write` for fixed files.)
pub fn replace_file(
    path: &std::path::Path,
    sync: bool,
    fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    before_rename: impl FnOnce() -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    // The renamed file replaces the old one, mode included: a file kept private (0600) or
    // shared with a group (0664), as a config file may be, keeps its permissions.
    let keep = std::fs::metadata(path).ok().map(|m| m.permissions());
    let result = (|| {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        fill(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        if sync {
            file.sync_all()?;
        }
        drop(file);
        if let Some(perms) = keep {
            std::fs::set_permissions(&tmp, perms)?;
        }
        before_rename()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_code_points() {
        let text = "{\n  \"a\": \"naïve é\"\n}";
        let idx = LineIndex::new(text);
        let off = text.find('é').unwrap();
        assert_eq!(
            idx.position(text, off),
            Position {
                line: 2,
                column: 15
            }
        );
        assert_eq!(idx.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(idx.line_range(text, 1), 2..20);
    }

    #[test]
    fn columns_far_into_a_long_line_count_code_points() {
        // Lines of a megabyte, with characters of one to four bytes, and a line break in the
        // middle: every column agrees with counting from the start of its line.
        let unit = "aé中😀 ";
        let line = unit.repeat(100_000);
        let text = format!("{line}\n{line}");
        let idx = LineIndex::new(&text);
        let second = line.len() + 1;
        for offset in (0..text.len())
            .step_by(7919)
            .chain([line.len(), second, text.len()])
        {
            let offset = floor_char_boundary(&text, offset);
            let (line_no, start) = if offset < second { (1, 0) } else { (2, second) };
            let column = text[start..offset].chars().count() + 1;
            assert_eq!(
                idx.position(&text, offset),
                Position::new(line_no, column),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn crlf_lines_exclude_the_carriage_return() {
        let text = "a\r\nbc\r\n";
        let idx = LineIndex::new(text);
        assert_eq!(&text[idx.line_range(text, 0)], "a");
        assert_eq!(&text[idx.line_range(text, 1)], "bc");
    }
}
