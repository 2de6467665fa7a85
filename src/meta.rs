//! Rule metadata, the ground of every layer: a finding's level, the categories, and what each rule
//! declares about itself with [`declare_rule!`]. The registry of rules ([`crate::rules::RULES`]) and
//! what a rule checks live in the rules layer; this module knows nothing of connectors.

use std::fmt;

/// Where the rule documentation lives (the README's rule table).
pub const HOMEPAGE: &str = "https://github.com/connector-lint/connector-lint/blob/main/README.md";

/// How severe a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Note,
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "note" => Some(Level::Note),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `pad`, not `write_str`: widths such as `{:<8}` apply.
        f.pad(self.as_str())
    }
}

/// The fixed list of categories (DESIGN.md). `--select` and `--ignore` accept them, SARIF tags carry
/// them, and a split SARIF log has one run per category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    File,
    Title,
    Description,
    Summary,
    Sentence,
    Spelling,
    Localization,
    ProductName,
    Operation,
    Parameter,
    Response,
    Schema,
    Metadata,
    Icon,
    Security,
    Readme,
    Settings,
    Corpus,
    /// Changes from the previous version that break existing flows or connections (`diff`,
    /// `check --changed-since`).
    BreakingChange,
}

impl Category {
    pub const ALL: [Category; 19] = [
        Category::File,
        Category::Title,
        Category::Description,
        Category::Summary,
        Category::Sentence,
        Category::Spelling,
        Category::Localization,
        Category::ProductName,
        Category::Operation,
        Category::Parameter,
        Category::Response,
        Category::Schema,
        Category::Metadata,
        Category::Icon,
        Category::Security,
        Category::Readme,
        Category::Settings,
        Category::Corpus,
        Category::BreakingChange,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::File => "file",
            Category::Title => "title",
            Category::Description => "description",
            Category::Summary => "summary",
            Category::Sentence => "sentence",
            Category::Spelling => "spelling",
            Category::Localization => "localization",
            Category::ProductName => "product-name",
            Category::Operation => "operation",
            Category::Parameter => "parameter",
            Category::Response => "response",
            Category::Schema => "schema",
            Category::Metadata => "metadata",
            Category::Icon => "icon",
            Category::Security => "security",
            Category::Readme => "readme",
            Category::Settings => "settings",
            Category::Corpus => "corpus",
            Category::BreakingChange => "breaking-change",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Whether a rule's findings come with a fix, and whether `--fix` applies it on its own (ruff's
/// "safe" and "unsafe" fixes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FixKind {
    /// No fix: the remedy needs a person (wording, a decision, a file to draw).
    None,
    /// A fix that keeps the meaning: `--fix` applies it.
    Safe,
    /// A fix that may change meaning or behaviour (a spelling with one suggestion, an extension
    /// that changes how a request is sent): applied only with `--unsafe-fixes`.
    Unsafe,
}

impl FixKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::None => "none",
            FixKind::Safe => "safe",
            FixKind::Unsafe => "unsafe",
        }
    }
}

/// Static metadata of a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Kebab-case id from spec/RULES.md.
    pub id: &'static str,
    pub category: Category,
    /// Default level.
    pub level: Level,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Raw doc comment: "## What it does / ## Why is this bad? / ## Example".
    docs_raw: &'static str,
    /// The code of Microsoft's Swagger Validator message this rule matches, if any.
    pub validator_code: Option<&'static str>,
    /// Off unless selected (submission-only and opt-in rules).
    pub default_enabled: bool,
    /// A certification requirement of the submission (contact, metadata, publisher, icon, readme):
    /// checked on certified and independent-publisher connectors, not on custom ones.
    pub submission_only: bool,
    /// Where the rule is declared.
    pub source: &'static str,
    /// Whether its findings carry a fix, and how safe it is.
    pub fix: FixKind,
}

impl RuleMeta {
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)]
    pub const fn new(
        id: &'static str,
        category: Category,
        level: Level,
        summary: &'static str,
        docs_raw: &'static str,
        validator_code: Option<&'static str>,
        default_enabled: bool,
        submission_only: bool,
        source: &'static str,
        fix: FixKind,
    ) -> RuleMeta {
        RuleMeta {
            id,
            category,
            level,
            summary,
            docs_raw,
            validator_code,
            default_enabled,
            submission_only,
            source,
            fix,
        }
    }

    /// The rule's documentation as Markdown (doc-comment indentation removed).
    pub fn docs(&self) -> String {
        let mut out = String::with_capacity(self.docs_raw.len());
        for line in self.docs_raw.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string() + "\n"
    }

    /// A link to the rule's section of the README's rule table.
    pub fn help_uri(&self) -> String {
        format!("{}#{}", HOMEPAGE, self.id)
    }
}

/// Declare a rule: a unit struct whose doc comment becomes its docs.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub $name:ident {
            id: $id:literal,
            category: $cat:ident,
            level: $lvl:ident,
            summary: $summary:literal
            $(, validator: $code:literal)?
            $(, default_enabled: $enabled:literal)?
            $(, submission_only: $submission:literal)?
            $(, fix: $fix:ident)?
            $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        pub struct $name;

        impl $name {
            pub const META: $crate::meta::RuleMeta = $crate::meta::RuleMeta::new(
                $id,
                $crate::meta::Category::$cat,
                $crate::meta::Level::$lvl,
                $summary,
                concat!($($doc, "\n"),*),
                declare_rule!(@code $($code)?),
                declare_rule!(@enabled $($enabled)?),
                declare_rule!(@submission $($submission)?),
                concat!(file!(), ":", line!()),
                declare_rule!(@fix $($fix)?),
            );
        }

        impl $crate::meta::HasMeta for $name {
            fn meta(&self) -> &'static $crate::meta::RuleMeta {
                &Self::META
            }
        }
    };
    (@code) => { None };
    (@code $code:literal) => { Some($code) };
    (@enabled) => { true };
    (@enabled $e:literal) => { $e };
    (@submission) => { false };
    (@submission $e:literal) => { $e };
    (@fix) => { $crate::meta::FixKind::None };
    (@fix $f:ident) => { $crate::meta::FixKind::$f };
}
pub(crate) use declare_rule;

/// The static metadata of a rule; [`declare_rule!`] implements it.
pub trait HasMeta {
    fn meta(&self) -> &'static RuleMeta;
}
