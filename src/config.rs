//! `connector-lint.toml`: rule selection, level overrides, and `[[ignore]]` entries. Found upward
//! from each input, or given with `--config`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use globset::{Glob, GlobMatcher};
use serde::Deserialize;

use crate::connector::PublisherKind;
use crate::rules::{self, Category, IconConfig, Level, Options, RULES};

pub const FILE_NAME: &str = "connector-lint.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Publisher kind for every connector under this config (otherwise from the path).
    pub publisher: Option<PublisherKind>,
    /// Size cap of a connector file, in MB (2^20 bytes): a larger file is reported, not read.
    pub max_file_mb: Option<u64>,
    #[serde(default)]
    pub rules: RulesConfig,
    #[serde(default)]
    pub language: LanguageConfig,
    #[serde(default)]
    pub icon: IconConfig,
    #[serde(default)]
    pub ignore: Vec<toml::Spanned<IgnoreConfig>>,
    /// Breaking changes the author acknowledges: reported as notes.
    #[serde(default)]
    pub accept_breaking: Vec<AcceptBreakingConfig>,
}

/// `[[accept-breaking]]`: a breaking change the author acknowledges, by rule and the validator's
/// ValuePath (as the finding prints it).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AcceptBreakingConfig {
    /// A `bc-*` rule id.
    pub rule: String,
    /// The finding's ValuePath, e.g. `operation/GetItem/responses/200/schema/id`.
    pub value_path: String,
    /// Glob of paths, relative to the config file's folder. Default: every file.
    pub path: Option<String>,
    /// Why the change is accepted (the reviewer reads it). Required.
    pub reason: String,
}

/// An `[[accept-breaking]]` entry, compiled.
#[derive(Debug)]
pub struct AcceptEntry {
    rule: usize,
    value_path: String,
    glob: Option<GlobMatcher>,
    pub reason: String,
}

impl AcceptEntry {
    /// Whether the entry accepts a finding of `rule` with `value_path` in a file at `rel`
    /// (relative to the config folder).
    pub fn accepts(&self, rule: usize, rel: Option<&str>, value_path: &str) -> bool {
        self.rule == rule
            && self.value_path == value_path
            && self
                .glob
                .as_ref()
                .is_none_or(|g| rel.is_some_and(|r| g.is_match(r)))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RulesConfig {
    /// Rules to run (ids, categories, `default` or `ALL`); replaces the default set.
    pub select: Option<Vec<String>>,
    /// Rules to add to the selection.
    #[serde(default)]
    pub extend_select: Vec<String>,
    /// Rules to turn off.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Level per rule id.
    #[serde(default)]
    pub levels: BTreeMap<String, Level>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LanguageConfig {
    /// Extra words the spelling rule accepts (any case).
    #[serde(default)]
    pub words: Vec<String>,
    /// Also check strings of `x-ms-visibility: internal` elements, which users never see.
    #[serde(default)]
    pub check_internal: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IgnoreConfig {
    /// Glob of paths, relative to the config file's folder. Default: every file.
    pub path: Option<String>,
    /// JSON pointer prefix. Default: the whole file.
    pub pointer: Option<String>,
    /// Rule ids or categories. Default: every rule.
    #[serde(default)]
    pub rules: Vec<String>,
    /// Why the findings are accepted. Required.
    pub reason: String,
}

/// A config error: exit code 2.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A selector: a rule id, a category, `ALL` or `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Selector {
    All,
    Default,
    Category(Category),
    Rule(usize),
}

impl Selector {
    fn parse(s: &str) -> Result<Selector, ConfigError> {
        if s == "ALL" {
            return Ok(Selector::All);
        }
        if s == "default" {
            return Ok(Selector::Default);
        }
        if let Some(c) = Category::parse(s) {
            return Ok(Selector::Category(c));
        }
        if let Some(r) = rules::find(s) {
            return Ok(Selector::Rule(r.meta().index()));
        }
        Err(ConfigError(format!(
            "unknown rule or category '{s}' (see `connector-lint rules`).{}",
            rules::did_you_mean(s, true)
        )))
    }

    /// Whether this selector turns rule `i` on. Off-by-default rules are turned on only by id or `ALL`.
    fn selects(self, i: usize) -> bool {
        let m = RULES[i].meta();
        match self {
            Selector::All => true,
            Selector::Default => m.default_enabled,
            Selector::Category(c) => m.category == c && m.default_enabled,
            Selector::Rule(r) => r == i,
        }
    }

    /// Whether this selector matches rule `i` at all (for ignoring).
    fn matches(self, i: usize) -> bool {
        match self {
            Selector::Category(c) => RULES[i].meta().category == c,
            Selector::Default => RULES[i].meta().default_enabled,
            s => s.selects(i),
        }
    }
}

/// Parse a list of selectors.
fn selectors(list: &[String]) -> Result<Vec<Selector>, ConfigError> {
    list.iter().map(|s| Selector::parse(s)).collect()
}

/// What the command line adds to the config.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub publisher: Option<PublisherKind>,
    /// `--max-file-mb`.
    pub max_file_mb: Option<u64>,
}

/// An `[[ignore]]` entry, compiled.
#[derive(Debug)]
pub struct IgnoreEntry {
    pub glob: Option<GlobMatcher>,
    pub pointer: Option<String>,
    rules: Vec<Selector>,
    pub reason: String,
    /// Byte span of the entry in the config file.
    pub span: std::ops::Range<usize>,
    pub matched: AtomicUsize,
}

impl IgnoreEntry {
    /// Whether any rule this entry names is enabled (an entry for rules that are not running cannot
    /// match, so it is not reported as stale).
    pub fn can_match(&self, enabled: impl Fn(usize) -> bool) -> bool {
        self.rules.is_empty()
            || (0..RULES.len()).any(|i| enabled(i) && self.rules.iter().any(|s| s.matches(i)))
    }

    /// Whether the entry could suppress some finding in a file at `rel` (relative to the config
    /// folder).
    pub fn may_apply_to(&self, rel: &str) -> bool {
        self.glob.as_ref().is_none_or(|g| g.is_match(rel))
    }

    /// Whether the entry suppresses rule `rule` at `pointer` in a file at `rel` (relative to the
    /// config folder).
    pub fn suppresses(&self, rule: usize, rel: &str, pointer: &str) -> bool {
        let hit = self.may_apply_to(rel)
            && self
                .pointer
                .as_deref()
                .is_none_or(|p| pointer_has_prefix(pointer, p))
            && (self.rules.is_empty() || self.rules.iter().any(|s| s.matches(rule)));
        if hit {
            self.matched.fetch_add(1, Ordering::Relaxed);
        }
        hit
    }
}

/// Prefix match on whole reference tokens: `/paths/~1a` is a prefix of `/paths/~1a/get` but not of
/// `/paths/~1ab`.
pub fn pointer_has_prefix(pointer: &str, prefix: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    pointer == prefix
        || (pointer.starts_with(prefix) && pointer.as_bytes().get(prefix.len()) == Some(&b'/'))
        || prefix.is_empty()
}

/// Effective settings for a set of connectors.
#[derive(Debug)]
pub struct Settings {
    enabled: Vec<bool>,
    levels: Vec<Option<Level>>,
    pub publisher: Option<PublisherKind>,
    /// The size cap of a connector file, in bytes (`max-file-mb`).
    pub max_file_bytes: u64,
    pub ignores: Vec<IgnoreEntry>,
    /// `[[accept-breaking]]` entries.
    pub accepted_breaking: Vec<AcceptEntry>,
    /// The config file, if one was used.
    pub config_path: Option<PathBuf>,
    pub config_text: String,
    /// What the rules themselves read: `[language]` words and `check-internal`, `[icon]`.
    pub options: Options,
}

impl Settings {
    /// Default settings (no config file).
    pub fn default_settings() -> Settings {
        Settings::build(
            ConfigFile::default(),
            None,
            String::new(),
            &Overrides::default(),
        )
        .expect("defaults are valid")
    }

    /// Only `id` enabled, as the fixture tests run each rule.
    pub fn for_rule(id: &str) -> Settings {
        let mut s = Settings::default_settings();
        let idx = rules::find(id).expect("known rule").meta().index();
        s.enabled = (0..RULES.len()).map(|i| i == idx).collect();
        s
    }

    pub fn is_enabled(&self, rule: usize) -> bool {
        self.enabled[rule]
    }

    pub fn level_override(&self, rule: usize) -> Option<Level> {
        self.levels[rule]
    }

    /// Load a config file, apply command-line overrides.
    pub fn load(path: Option<&Path>, overrides: &Overrides) -> Result<Settings, ConfigError> {
        // A mistake on the command line is the command line's, not the config file's.
        for (flag, list) in [
            ("--select", overrides.select.as_deref().unwrap_or_default()),
            ("--extend-select", &overrides.extend_select[..]),
            ("--ignore", &overrides.ignore[..]),
        ] {
            selectors(list).map_err(|e| ConfigError(format!("{flag}: {}", e.0)))?;
        }
        let Some(path) = path else {
            return Settings::build(ConfigFile::default(), None, String::new(), overrides);
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError(format!("{}: cannot read: {e}", path.display())))?;
        let file: ConfigFile = toml::from_str(&text).map_err(|e| {
            let at = e
                .span()
                .map(|s| {
                    let p = crate::source::LineIndex::new(&text).position(&text, s.start);
                    format!(":{}:{}", p.line, p.column)
                })
                .unwrap_or_default();
            ConfigError(format!("{}{at}: {}", path.display(), e.message()))
        })?;
        Settings::build(file, Some(path.to_path_buf()), text, overrides)
            .map_err(|e| ConfigError(format!("{}: {}", path.display(), e.0)))
    }

    fn build(
        file: ConfigFile,
        path: Option<PathBuf>,
        text: String,
        overrides: &Overrides,
    ) -> Result<Settings, ConfigError> {
        let n = RULES.len();
        let select = match overrides.select.as_ref().or(file.rules.select.as_ref()) {
            Some(list) => selectors(list)?,
            None => vec![Selector::Default],
        };
        let mut extend = selectors(&file.rules.extend_select)?;
        extend.extend(selectors(&overrides.extend_select)?);
        let mut ignore = selectors(&file.rules.ignore)?;
        ignore.extend(selectors(&overrides.ignore)?);
        let enabled: Vec<bool> = (0..n)
            .map(|i| {
                let on = select.iter().chain(&extend).any(|s| s.selects(i));
                // An id named in a selection beats a category or ALL in `ignore`.
                let named = select
                    .iter()
                    .chain(&extend)
                    .any(|s| *s == Selector::Rule(i));
                let off = ignore
                    .iter()
                    .any(|s| s.matches(i) && (!named || *s == Selector::Rule(i)));
                on && !off
            })
            .collect();
        if !enabled.iter().any(|&on| on) {
            return Err(ConfigError(
                "no rule is selected: the selection (`select`, `extend-select`) is entirely turned off by `ignore`, so nothing would be checked".into(),
            ));
        }
        let max_file_mb = overrides
            .max_file_mb
            .or(file.max_file_mb)
            .unwrap_or(crate::connector::DEFAULT_MAX_FILE_MB);
        if max_file_mb == 0 {
            return Err(ConfigError(
                "`max-file-mb` must be at least 1: no file could be read".into(),
            ));
        }
        let max_file_bytes = max_file_mb.saturating_mul(1 << 20);
        let mut levels = vec![None; n];
        for (id, level) in &file.rules.levels {
            let r = rules::find(id).ok_or_else(|| {
                ConfigError(format!(
                    "unknown rule '{id}' in [rules.levels] (see `connector-lint rules`).{}",
                    rules::did_you_mean(id, false)
                ))
            })?;
            levels[r.meta().index()] = Some(*level);
        }
        let mut ignores = Vec::new();
        for entry in file.ignore {
            let span = entry.span();
            let entry = entry.into_inner();
            if entry.reason.trim().is_empty() {
                return Err(ConfigError(
                    "an [[ignore]] entry needs a non-empty `reason`".into(),
                ));
            }
            if entry.path.is_none() && entry.pointer.is_none() && entry.rules.is_empty() {
                let line = text
                    .get(..span.start)
                    .map_or(0, |t| t.matches('\n').count())
                    + 1;
                return Err(ConfigError(format!(
                    "the [[ignore]] entry at line {line} has only a `reason`: it would suppress every finding; give a `path`, a `pointer` or `rules`"
                )));
            }
            let glob = match &entry.path {
                Some(p) => Some(
                    Glob::new(p)
                        .map_err(|e| ConfigError(format!("invalid glob '{p}' in [[ignore]]: {e}")))?
                        .compile_matcher(),
                ),
                None => None,
            };
            ignores.push(IgnoreEntry {
                glob,
                pointer: entry.pointer,
                rules: selectors(&entry.rules)?,
                reason: entry.reason,
                span,
                matched: AtomicUsize::new(0),
            });
        }
        let mut accepted_breaking = Vec::new();
        for entry in file.accept_breaking {
            let rule = rules::find(&entry.rule)
                .map(|r| r.meta())
                .filter(|m| m.category == Category::BreakingChange)
                .ok_or_else(|| {
                    ConfigError(format!(
                        "[[accept-breaking]]: '{}' is not a breaking-change rule (bc-*; see `connector-lint rules`)",
                        entry.rule
                    ))
                })?;
            if entry.reason.trim().is_empty() {
                return Err(ConfigError(
                    "an [[accept-breaking]] entry needs a non-empty `reason`".into(),
                ));
            }
            if entry.value_path.trim().is_empty() {
                return Err(ConfigError(
                    "an [[accept-breaking]] entry needs the finding's `value-path`".into(),
                ));
            }
            let glob = match &entry.path {
                Some(p) => Some(
                    Glob::new(p)
                        .map_err(|e| {
                            ConfigError(format!("invalid glob '{p}' in [[accept-breaking]]: {e}"))
                        })?
                        .compile_matcher(),
                ),
                None => None,
            };
            accepted_breaking.push(AcceptEntry {
                rule: rule.index(),
                value_path: entry.value_path.trim().to_string(),
                glob,
                reason: entry.reason,
            });
        }
        Ok(Settings {
            enabled,
            levels,
            publisher: overrides.publisher.or(file.publisher),
            max_file_bytes,
            ignores,
            accepted_breaking,
            config_path: path,
            config_text: text,
            options: Options {
                words: file
                    .language
                    .words
                    .iter()
                    .map(|w| w.to_lowercase())
                    .collect(),
                check_internal: file.language.check_internal,
                icon: file.icon,
            },
        })
    }

    /// The folder `[[ignore]]` paths are relative to.
    pub fn config_dir(&self) -> Option<&Path> {
        self.config_path.as_deref().map(folder_of)
    }
}

/// The folder a config file is in. `--config connector-lint.toml` has the empty path as its
/// parent, which names no folder (it cannot be canonicalized, and every path has it as a prefix):
/// it is the current folder.
pub fn folder_of(config: &Path) -> &Path {
    config
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Find `connector-lint.toml` in `start` or the nearest folder above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let mut dir = if start.is_dir() {
        Some(start.as_path())
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(toml_text: &str) -> Result<Settings, ConfigError> {
        let file: ConfigFile = toml::from_str(toml_text).map_err(|e| ConfigError(e.to_string()))?;
        Settings::build(file, None, toml_text.to_string(), &Overrides::default())
    }

    fn idx(id: &str) -> usize {
        rules::find(id).unwrap().meta().index()
    }

    #[test]
    fn defaults_leave_opt_in_rules_off() {
        let s = settings("").unwrap();
        assert!(s.is_enabled(idx("title-max-length")));
        assert!(!s.is_enabled(idx("legacy-product-names")));
    }

    #[test]
    fn select_by_category_replaces_defaults_and_ignore_by_id_wins() {
        let s = settings("[rules]\nselect = [\"title\"]\nignore = [\"title-max-length\"]").unwrap();
        assert!(s.is_enabled(idx("title-required")));
        assert!(!s.is_enabled(idx("title-max-length")));
        assert!(!s.is_enabled(idx("desc-length")));
    }

    #[test]
    fn extend_select_turns_on_an_opt_in_rule() {
        let s = settings(
            "[rules]\nextend-select = [\"legacy-product-names\"]\nignore = [\"product-name\"]",
        )
        .unwrap();
        assert!(s.is_enabled(idx("legacy-product-names")));
        assert!(!s.is_enabled(idx("text-no-product-names")));
    }

    #[test]
    fn unknown_keys_and_rules_are_errors() {
        let e = settings("[rules]\nselekt = []").unwrap_err();
        assert!(e.0.contains("unknown field `selekt`"), "{}", e.0);
        let e = settings("[rules]\nselect = [\"no-such-rule\"]").unwrap_err();
        assert!(e.0.contains("no-such-rule"), "{}", e.0);
        let e = settings("[[ignore]]\nrules = [\"title\"]").unwrap_err();
        assert!(e.0.contains("reason"), "{}", e.0);
    }

    #[test]
    fn pointer_prefix_matches_whole_tokens() {
        assert!(pointer_has_prefix("/paths/~1a/get", "/paths/~1a"));
        assert!(pointer_has_prefix("/paths/~1a", "/paths/~1a/"));
        assert!(!pointer_has_prefix("/paths/~1ab", "/paths/~1a"));
        assert!(pointer_has_prefix("/info/title", ""));
    }
}
