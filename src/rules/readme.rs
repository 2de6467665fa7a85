//! readme.md (RULES.md §11): present, with the sections of the template for the publisher kind,
//! no template text left in, and OAuth app steps for independent publishers.
//!
//! A section is looked for by its name as readmes really write it: a heading at any level, with
//! or without a space after the hashes, or a line that stands for a heading (bold text, or a label
//! ending in a colon). Names are compared by their words, ignoring case, emphasis, punctuation,
//! hyphens ("Pre-requisites"), "&" for "and" and plural endings. A section found that way under
//! the template's own name, as a heading at the readme's section level, is accepted silently;
//! under another wording, at a deeper level or not as a heading, it is accepted with a note.

use std::ops::Range;

use super::{declare_rule, report_missing_file, Ctx, Rule, RuleMeta};
use crate::connector::PublisherKind;
use crate::diagnostic::{Diagnostic, FileId};
use crate::rules::Level;
use crate::source::FileKind;

/// How a readme line gives a name that may be a section's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// An ATX heading of this level (`## Name`).
    Heading(usize),
    /// Hashes with no space after them (`##Name`): Markdown shows the line as text.
    NoSpace(usize),
    /// A line of bold text (`**Name**`) or a label before a colon (`Name:`, `**Name:** text`).
    Line,
    /// A short line of plain text (`How to get credentials?`).
    Plain,
}

/// A line of the readme that may name a section: its form, the name it gives and its span.
#[derive(Debug)]
pub(crate) struct Marker {
    form: Form,
    name: String,
    span: Range<usize>,
    /// The words of `name` (see [`words`]), and of its part before a colon or dash joined: what
    /// the sections are matched on, computed once per marker.
    words: Vec<String>,
    key: String,
}

impl Marker {
    fn new(form: Form, name: String, span: Range<usize>) -> Marker {
        Marker {
            words: words(&name),
            key: words(name_part(&name)).concat(),
            form,
            name,
            span,
        }
    }
}

/// The lines outside fenced code blocks (the fences excluded), each with its start offset and
/// without its line break or trailing white space. A fence never closed opens no block: the
/// readme's text goes on after a stray fence.
fn lines_outside_code(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let is_fence = |line: &str| {
        let t = line.trim();
        t.starts_with("```") || t.starts_with("~~~")
    };
    let fences = text.lines().filter(|l| is_fence(l)).count();
    let mut left = fences - fences % 2;
    let mut fenced = false;
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let start = offset;
        offset += line.len();
        let l = line.trim_end();
        if is_fence(l) && left > 0 {
            left -= 1;
            fenced = !fenced;
            return None;
        }
        (!fenced).then_some((start, l))
    })
}

/// Emphasis and code marks around or inside a name.
fn unemphasize(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect()
}

/// The name a non-heading line gives, if it stands for a heading, and its form: the whole line
/// in bold (`**Known Issues**`, `__Publisher:__`) or the label before a colon
/// (`Publisher: Contoso`, `**Prerequisites:** An account.`), a [`Form::Line`]; or a short line of
/// a few words with no final period (`Prerequisites`), a [`Form::Plain`]. List items, table rows
/// and quotes give none.
fn line_name(l: &str) -> Option<(Form, String)> {
    let t = l.trim_start();
    if l.len() - t.len() > 3
        || t.is_empty()
        || t.starts_with(['|', '>', '-', '+', '<', '!', '['])
        || t.starts_with("* ")
        || t.split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let few_words = |s: &str| (1..=6).contains(&s.split_whitespace().count());
    // The label before a colon, with its emphasis.
    // A line or label in code (`` `Get items`: … ``) names an operation or a field.
    if t.trim_start_matches(['*', '_']).starts_with('`') {
        return None;
    }
    if let Some((label, _)) = t.split_once(':') {
        let label = unemphasize(label);
        if few_words(&label) && !label.contains("http") {
            return Some((Form::Line, label.trim().to_string()));
        }
        return None;
    }
    let plain = unemphasize(t);
    let bold = ["**", "__"]
        .iter()
        .any(|b| t.starts_with(b) && t.ends_with(b) && t.len() > 4);
    let form = if bold { Form::Line } else { Form::Plain };
    (few_words(&plain) && !plain.ends_with(['.', ',', ';']) && plain.len() <= 60)
        .then(|| (form, plain.trim().to_string()))
}

/// The lines that may name a section: ATX headings (`#`…`######`, with or without a space after
/// the hashes) and lines that stand for one (see [`line_name`]), outside fenced code blocks.
fn markers(text: &str) -> Vec<Marker> {
    lines_outside_code(text)
        .filter_map(|(start, l)| {
            let t = l.trim_start();
            let indent = l.len() - t.len();
            let span = start + indent..start + l.len();
            let hashes = t.bytes().take_while(|&b| b == b'#').count();
            if indent <= 3 && hashes > 0 {
                let rest = &t[hashes..];
                let name = rest.trim().trim_end_matches('#').trim().to_string();
                let form = if !(1..=6).contains(&hashes) || name.is_empty() {
                    return None;
                } else if rest.starts_with(char::is_whitespace) {
                    Form::Heading(hashes)
                } else if rest.starts_with(|c: char| c.is_alphabetic() || c == '*') {
                    Form::NoSpace(hashes)
                } else {
                    return None;
                };
                return Some(Marker::new(form, name, span));
            }
            let (form, name) = line_name(l)?;
            Some(Marker::new(form, name, span))
        })
        .collect()
}

/// The words of a name, compared ignoring case and form: lower case; "&" read as "and"; hyphens
/// and apostrophes joining ("pre-requisites" → "prerequisites"); other punctuation, emphasis and
/// leading numbering ("2.") dropped; each word in the singular ("issues" → "issue",
/// "queries" → "query").
fn words(name: &str) -> Vec<String> {
    let lower = name.to_lowercase().replace('&', " and ");
    let mut out: Vec<String> = lower
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '\'' | '’')))
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    while out
        .first()
        .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
    {
        out.remove(0);
    }
    for w in &mut out {
        if w.len() > 4 && w.ends_with("ies") {
            w.truncate(w.len() - 3);
            w.push('y');
        } else if w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("us")
            && !w.ends_with("is")
        {
            w.pop();
        }
    }
    out
}

/// The name before a colon or a dash, if any ("Publisher: Contoso" → "Publisher").
fn name_part(name: &str) -> &str {
    let cut = [":", " - ", " – ", " — ", " ("]
        .iter()
        .filter_map(|s| name.find(s))
        .min()
        .unwrap_or(name.len());
    &name[..cut]
}

/// A section of the readme template: its heading, other spellings of the same name, and
/// whether the words of a name say the same in other words.
struct Section {
    /// The name of the section in the template.
    name: &'static str,
    /// The template's heading line.
    heading: &'static str,
    /// The same name in another order or form ("Limitations and Known Issues").
    same: &'static [&'static str],
    /// Other wordings of the section, given a name's words (see [`words`]).
    like: fn(&[String]) -> bool,
}

impl Section {
    /// Whether `name` is this section's name, in any case and form (see [`words`]).
    #[cfg(test)]
    fn is_named(&self, name: &str) -> bool {
        self.is_named_key(&words(name_part(name)).concat())
    }

    /// Whether a marker's key (see [`Marker`]) is this section's name.
    fn is_named_key(&self, key: &str) -> bool {
        !key.is_empty()
            && SECTION_KEYS
                .iter()
                .any(|(section, k)| *section == self.name && k == key)
    }

    /// Whether `name` gives this section in other words.
    #[cfg(test)]
    fn is_like(&self, name: &str) -> bool {
        self.is_like_words(&words(name))
    }

    fn is_like_words(&self, w: &[String]) -> bool {
        !w.is_empty() && (self.like)(w)
    }
}

/// Whether the words hold `phrase` (words, in the singular) in a row.
fn has(w: &[String], phrase: &[&str]) -> bool {
    w.windows(phrase.len())
        .any(|win| win.iter().zip(phrase).all(|(a, b)| a == b))
}

/// Whether a word of `w` starts with one of `stems`.
fn has_stem(w: &[String], stems: &[&str]) -> bool {
    w.iter().any(|x| stems.iter().any(|s| x.starts_with(s)))
}

const PUBLISHER: Section = Section {
    name: "Publisher",
    heading: "## Publisher: <name>",
    same: &[],
    like: |w| {
        w.first().is_some_and(|x| x == "publisher")
            || has(w, &["published", "by"])
            || has(w, &["about", "the", "publisher"])
            || has(w, &["developed", "by"])
            || has(w, &["maintained", "by"])
            || w.len() <= 3 && has_stem(w, &["author", "maintainer", "vendor"])
    },
};

const PREREQUISITES: Section = Section {
    name: "Prerequisites",
    heading: "## Prerequisites",
    same: &["Prerequisite", "Prereqs"],
    like: |w| {
        has_stem(w, &["prereq", "requirement"])
            || has(w, &["before", "you", "begin"])
            || has(w, &["before", "you", "start"])
            || has(w, &["before", "getting", "started"])
            || has(w, &["what", "you", "need"])
            || has(w, &["you", "will", "need"])
    },
};

const SUPPORTED_OPERATIONS: Section = Section {
    name: "Supported Operations",
    heading: "## Supported Operations",
    same: &["Operations supported", "Supported Operation"],
    like: |w| {
        w.len() <= 6 && has_stem(w, &["operation", "action", "trigger"])
            || w.len() <= 3 && has_stem(w, &["endpoint", "function", "capabilit", "feature"])
    },
};

const OBTAINING_CREDENTIALS: Section = Section {
    name: "Obtaining Credentials",
    heading: "## Obtaining Credentials",
    same: &[
        "Obtain Credentials",
        "Obtaining the Credentials",
        "Obtaining Credential",
    ],
    like: tells_how_to_get_credentials,
};

/// Words that say how to get the credentials in other words: "How to get credentials",
/// "Authentication and Credentials", "How to get API key", "Create a Blueink API key",
/// "Obtaining Token", "Authorization".
fn tells_how_to_get_credentials(w: &[String]) -> bool {
    let key = |k: &str| {
        [
            "api",
            "access",
            "subscription",
            "license",
            "licence",
            "secret",
            "client",
            "developer",
            "app",
            "application",
            "personal",
            "auth",
            "authentication",
        ]
        .iter()
        .any(|q| has(w, &[q, k]))
    };
    has_stem(
        w,
        &[
            "credential",
            "authenticat",
            "authoriz",
            "authoris",
            "oauth",
            "token",
            "apikey",
        ],
    ) || key("key")
        || has(w, &["auth"])
        || has(w, &["login"]) && w.len() <= 3
        || has(w, &["sign", "in"]) && w.len() <= 3
        || has(w, &["app", "registration"])
        || has(w, &["register", "an", "app"])
        || has(w, &["register", "an", "application"])
        || w.len() <= 4
            && has_stem(w, &["connection"])
            && has_stem(w, &["creat", "set", "configur", "new", "add"])
}

const KNOWN_ISSUES: Section = Section {
    name: "Known Issues and Limitations",
    heading: "## Known Issues and Limitations",
    same: &[
        "Limitations and Known Issues",
        "Known Issues and Limitation",
        "Known Issue and Limitations",
    ],
    like: |w| {
        has_stem(w, &["limitation", "restriction", "caveat", "throttl"])
            || has(w, &["limit"])
            || has(w, &["known"]) && has_stem(w, &["issue", "bug", "problem", "error"])
            || w.first().is_some_and(|x| x == "issue")
            || has_stem(w, &["troubleshoot"])
            || has(w, &["common"]) && has_stem(w, &["issue", "error", "problem"])
    },
};

const DEPLOYMENT: Section = Section {
    name: "Deployment Instructions",
    heading: "## Deployment Instructions",
    same: &["Deployment Instruction", "Instructions for Deployment"],
    like: |w| {
        has_stem(w, &["deploy", "paconn"])
            || has_stem(w, &["install"]) && has_stem(w, &["connector", "instruction"])
            || has_stem(w, &["build", "import", "creat"]) && has(w, &["connector"])
    },
};

/// The template sections, to find the heading level a readme gives its sections.
/// Each section's name and other spellings as keys (see [`Marker`]), with the section's name.
static SECTION_KEYS: std::sync::LazyLock<Vec<(&'static str, String)>> =
    std::sync::LazyLock::new(|| {
        SECTIONS
            .iter()
            .flat_map(|s| {
                std::iter::once(s.name)
                    .chain(s.same.iter().copied())
                    .map(|n| (s.name, words(n).concat()))
            })
            .collect()
    });

const SECTIONS: [&Section; 6] = [
    &PUBLISHER,
    &PREREQUISITES,
    &SUPPORTED_OPERATIONS,
    &OBTAINING_CREDENTIALS,
    &KNOWN_ISSUES,
    &DEPLOYMENT,
];

/// The heading level at which the readme writes the template's sections: the smallest level of
/// a heading (with its space) that names one of them under the template's name, or 2.
fn section_level(ms: &[Marker]) -> usize {
    ms.iter()
        .filter_map(|m| match m.form {
            Form::Heading(l) if SECTIONS.iter().any(|s| s.is_named_key(&m.key)) => Some(l),
            _ => None,
        })
        .min()
        .unwrap_or(2)
}

/// How a readme gives a section.
enum Found<'m> {
    /// As the template does, or with a difference of case, form or heading level that a reader
    /// does not see (`# Prerequisites` in a readme whose sections are all level 1).
    AsTemplate,
    /// Another way, reported as a note.
    Otherwise(&'m Marker, String),
    Missing,
}

/// Where the readme gives `s`: the template's name as a heading at the readme's section level
/// (or 2) first, then the first other way (see [`Found`]).
fn find_section<'m>(ms: &'m [Marker], s: &Section) -> Found<'m> {
    let level = section_level(ms).max(2);
    let named = |m: &&Marker| s.is_named_key(&m.key);
    if ms
        .iter()
        .filter(named)
        .any(|m| matches!(m.form, Form::Heading(l) if l <= level))
    {
        return Found::AsTemplate;
    }
    let shown = |m: &Marker| match m.form {
        Form::Heading(l) | Form::NoSpace(l) => format!("{} {}", "#".repeat(l), m.name),
        Form::Line | Form::Plain => m.name.clone(),
    };
    let why = |m: &Marker, named: bool| {
        match m.form {
        Form::NoSpace(l) => format!(
            "'{}{}' is no heading: Markdown needs a space after the '{}'; the template writes '{}'.",
            "#".repeat(l),
            m.name,
            "#".repeat(l),
            s.heading
        ),
        Form::Line | Form::Plain => format!(
            "The section '{}' is a line with no heading; the template writes it '{}'.",
            m.name, s.heading
        ),
        Form::Heading(_) if named => format!(
            "The section '{}' is a heading below the readme's section level; the template writes it '{}'.",
            shown(m),
            s.heading
        ),
        Form::Heading(_) => format!(
            "The section '{}' is written '{}' in the template.",
            shown(m),
            s.heading
        ),
    }
    };
    // The template's name another way first: a deeper heading, no space, a line; then another
    // wording as a heading, then as a line.
    let order = [
        ms.iter()
            .find(|m| {
                s.is_named_key(&m.key) && matches!(m.form, Form::Heading(_) | Form::NoSpace(_))
            })
            .map(|m| (m, true)),
        ms.iter()
            .find(|m| matches!(m.form, Form::Heading(_)) && s.is_like_words(&m.words))
            .map(|m| (m, false)),
        ms.iter()
            .find(|m| s.is_named_key(&m.key))
            .map(|m| (m, true)),
        ms.iter()
            .find(|m| matches!(m.form, Form::NoSpace(_)) && s.is_like_words(&m.words))
            .map(|m| (m, false)),
        ms.iter()
            .find(|m| matches!(m.form, Form::Line | Form::Plain) && s.is_like_words(&m.words))
            .map(|m| (m, false)),
    ];
    match order.into_iter().flatten().next() {
        Some((m, named)) => Found::Otherwise(m, why(m, named)),
        None => Found::Missing,
    }
}

/// The readme's file and text, for the submission kinds.
fn readme<'c>(cx: &Ctx<'c, '_>) -> Option<(FileId, &'c str)> {
    let (file, f) = cx.connector.file(FileKind::Readme)?;
    f.readable.then_some((file, f.text.as_str()))
}

/// Report section `s` as `meta` if the readme lacks it: at the level `missing` gives for the
/// readme's text when it is nowhere, as a note when it is given another way (see
/// [`find_section`]).
fn check_section(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    s: &Section,
    missing: impl FnOnce(&str) -> Level,
) {
    let Some((file, text)) = readme(cx) else {
        return;
    };
    let ms = cx.connector.readme_markers.get_or_init(|| markers(text));
    let diag = match find_section(ms, s) {
        Found::AsTemplate => return,
        Found::Otherwise(m, message) => {
            Diagnostic::new(meta, file, m.span.clone(), "", message).with_level(Level::Note)
        }
        Found::Missing => {
            let kind = match cx.connector.publisher {
                PublisherKind::IndependentPublisher => "independent-publisher",
                _ => "certified",
            };
            // Only the independent-publisher template marks a section (Deployment) optional.
            let marked = if s.name == DEPLOYMENT.name
                && cx.connector.publisher == PublisherKind::IndependentPublisher
            {
                "Optional"
            } else {
                "Required"
            };
            Diagnostic::new(
                meta,
                file,
                0..0,
                "",
                format!(
                    "The readme has no '{}' section under any heading or label; the {kind} template marks it {marked}.",
                    s.name
                ),
            )
            .with_level(missing(text))
        }
    };
    cx.report(diag);
}

/// The level of a missing required section for the connector's publisher kind: `certified` for
/// certified connectors, `ip` for independent publishers (custom connectors are not checked).
fn level_for(cx: &Ctx<'_, '_>, certified: Level, ip: Level) -> Level {
    match cx.connector.publisher {
        PublisherKind::IndependentPublisher => ip,
        _ => certified,
    }
}

/// Whether the connector folder holds `intro.md` (in any case), the older name of the readme.
fn has_intro_md(cx: &Ctx<'_, '_>) -> bool {
    std::fs::read_dir(cx.connector.dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            e.file_name()
                .to_string_lossy()
                .eq_ignore_ascii_case("intro.md")
        })
    })
}

declare_rule! {
    /// ## What it does
    /// Reports a certified or independent-publisher connector without `readme.md` (in any case:
    /// `README.md` and `Readme.md` are found too).
    ///
    /// ## Why is this bad?
    /// The repository's README asks for it in so many words: "Please submit the following files:
    /// An Open API 2.0 swagger definition, an API properties file, and a README.md", and "Put the
    /// readme.md in the same directory as the other connector files" (both publisher kinds).
    ///
    /// Level: an error, as the requirement is explicit and the file is really absent. Of the 619
    /// merged certified connectors, 8 have no readme: 2 of them document the connector in
    /// `intro.md`, the older name of the file, and get a warning instead (the text is there under
    /// a name the repository no longer asks for); the other 6 have no documentation at all.
    ///
    /// ## Example
    /// A connector folder with only `apiDefinition.swagger.json` and `apiProperties.json`.
    ///
    /// Use instead: add `readme.md` from the template of your publisher kind.
    pub ReadmeRequired {
        id: "readme-required",
        category: Readme,
        level: Error,
        summary: "The connector has no readme.md",
        submission_only: true,
    }
}

impl Rule for ReadmeRequired {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        if cx.connector.file(FileKind::Readme).is_some() {
            return;
        }
        if !has_intro_md(cx) {
            report_missing_file(
                cx,
                &Self::META,
                "The connector has no readme.md: add one from the template (Publisher, Prerequisites, Supported Operations, Obtaining Credentials, Known Issues and Limitations).",
            );
            return;
        }
        if let Some((file, _)) = cx.connector.file(FileKind::Swagger) {
            cx.report(
                Diagnostic::new(
                    &Self::META,
                    file,
                    0..0,
                    "",
                    "The connector is documented in intro.md, the older name of the readme: the repository now asks for readme.md.",
                )
                .with_level(Level::Warning),
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a readme without the `## Publisher` section of the template. The section is found
    /// in any case and form, at the readme's heading level, with or without the name after it
    /// (`## Publisher: Contoso`, `# Publisher`): that is accepted silently. Given another way, it
    /// is accepted with a note: a heading in other words ("Published by", "About the publisher"),
    /// a heading with no space after its hashes, or a line with no heading
    /// (`**Publisher:** Contoso`).
    ///
    /// ## Why is this bad?
    /// Both templates mark it "Required": certified, "It should be the company or organization
    /// name"; independent publisher, "it should be a first and last name of an individual or it
    /// can be a company name … separate the names with a comma".
    ///
    /// Level: an error for independent publishers, whose template requires it and describes what
    /// to write (12 of 13 independent-publisher readmes sampled from the repository give it). A
    /// warning for certified connectors: 335 of the 619 merged certified
    /// readmes have no Publisher section under any wording (they follow the older template,
    /// which had none), so reviewers do not reject a certified readme for it.
    ///
    /// ## Example
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks tracks the tasks of a team.
    /// ```
    ///
    /// Use instead: add `## Publisher: Contoso Corporation`, as the template of your publisher
    /// kind shows.
    pub ReadmePublisher {
        id: "readme-publisher",
        category: Readme,
        level: Error,
        summary: "readme.md has no 'Publisher' section",
        submission_only: true,
    }
}

impl Rule for ReadmePublisher {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let level = level_for(cx, Level::Warning, Level::Error);
        check_section(cx, &Self::META, &PUBLISHER, |_| level);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a readme without the `## Prerequisites` section of the template. The section is
    /// found in any case and form, at the readme's heading level: `## Pre-requisites` (167
    /// certified readmes), `# Prerequisites:`, `## Prerequisite` are accepted silently. Given
    /// another way, it is accepted with a note: other words ("Requirements", "Before you
    /// begin"), a deeper heading, no space after the hashes, or a line with no heading
    /// (`**Prerequisites:**`).
    ///
    /// ## Why is this bad?
    /// Both templates: "Required. Any plans or licenses, tools required from the connector."
    ///
    /// Level: an error for independent publishers (template "Required"; all 13
    /// independent-publisher readmes sampled from the repository give it). A warning for
    /// certified connectors: 20 of the 619 merged certified readmes have no such section under
    /// any wording, more than reviewers would let through if they rejected it.
    ///
    /// ## Example
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks tracks the tasks of a team.
    /// ```
    ///
    /// Use instead: add `## Prerequisites` with the plans, licences and tools the connector
    /// needs.
    pub ReadmePrerequisites {
        id: "readme-prerequisites",
        category: Readme,
        level: Error,
        summary: "readme.md has no 'Prerequisites' section",
        submission_only: true,
    }
}

impl Rule for ReadmePrerequisites {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let level = level_for(cx, Level::Warning, Level::Error);
        check_section(cx, &Self::META, &PREREQUISITES, |_| level);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a readme without the `## Supported Operations` section of the template. The
    /// section is found in any case and form (`# Supported operations:`, `## Supported
    /// Operation`) and accepted silently at the readme's heading level. Given another way, it is
    /// accepted with a note: other words ("Supported Actions", "Actions and Triggers",
    /// "Available Operations"), a deeper heading, no space after the hashes, or a line with no
    /// heading.
    ///
    /// ## Why is this bad?
    /// Both templates: "Required. Describe actions, triggers, and other endpoints", each under
    /// its own `###` heading.
    ///
    /// Level: an error for independent publishers (template "Required"; all 13
    /// independent-publisher readmes sampled from the repository give it). A warning for
    /// certified connectors: 84 of the 619 merged certified readmes have no such section under any
    /// wording, so reviewers accept a certified readme without it.
    ///
    /// ## Example
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks tracks the tasks of a team.
    /// ```
    ///
    /// Use instead: add `## Supported Operations` with a `###` heading per action and trigger.
    pub ReadmeSupportedOperations {
        id: "readme-supported-operations",
        category: Readme,
        level: Error,
        summary: "readme.md has no 'Supported Operations' section",
        submission_only: true,
    }
}

impl Rule for ReadmeSupportedOperations {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let level = level_for(cx, Level::Warning, Level::Error);
        check_section(cx, &Self::META, &SUPPORTED_OPERATIONS, |_| level);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a readme without the `## Obtaining Credentials` section of the template. The
    /// section is found in any case and form and accepted silently at the readme's heading
    /// level. Given another way, it is accepted with a note: other words that say how to get
    /// credentials ("How to get credentials", the older template's heading, about 100 readmes;
    /// "Authentication", "Authorization", "How to get an API key", "Obtaining Token"), a deeper
    /// heading, no space after the hashes, or a line with no heading.
    ///
    /// ## Why is this bad?
    /// Both templates: "Required. Explain the authentication method and how to get the
    /// credentials."
    ///
    /// Level: a warning for both publisher kinds, although both templates mark it "Required".
    /// 205 of the 619 merged certified readmes have no such section under any wording, and
    /// independent-publisher readmes often explain the credentials under Prerequisites instead
    /// (8 of 13 sampled from the repository have no such section), so reviewers do not reject a
    /// readme for the missing heading.
    ///
    /// ## Example
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks tracks the tasks of a team.
    /// ```
    ///
    /// Use instead: add `## Obtaining Credentials` saying how to get the API key or sign in.
    pub ReadmeObtainingCredentials {
        id: "readme-obtaining-credentials",
        category: Readme,
        level: Warning,
        summary: "readme.md has no 'Obtaining Credentials' section",
        submission_only: true,
    }
}

impl Rule for ReadmeObtainingCredentials {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        // A readme that tells how to get the key elsewhere (under Prerequisites, most often)
        // lacks only the section, not its content: a note.
        check_section(cx, &Self::META, &OBTAINING_CREDENTIALS, |text| {
            if tells_credentials_elsewhere(text) {
                Level::Note
            } else {
                Level::Warning
            }
        });
    }
}

/// Whether `text` says how to get credentials somewhere: a verb such as "get", "generate" or
/// "sign up" at most six words before a credential ("API key", "token", "client ID", "secret",
/// "credentials").
fn tells_credentials_elsewhere(text: &str) -> bool {
    let w = words(text);
    let verbs = [
        "get", "obtain", "generate", "create", "request", "retrieve", "find", "copy", "sign",
        "register", "issue", "issued",
    ];
    let credential = |i: usize| {
        let x = w[i].as_str();
        matches!(
            x,
            "key" | "keys" | "token" | "tokens" | "credentials" | "secret" | "apikey"
        ) || (x == "id" && i > 0 && w[i - 1] == "client")
    };
    w.iter()
        .enumerate()
        .any(|(i, x)| verbs.contains(&x.as_str()) && (i + 1..w.len().min(i + 7)).any(credential))
}

declare_rule! {
    /// ## What it does
    /// Reports a readme without the `## Known Issues and Limitations` section of the template.
    /// The section is found in any case and form (`## Known issues & limitations`, `# Known
    /// Issues and Limitation:`, `## Limitations and Known Issues`) and accepted silently at the
    /// readme's heading level. Given another way, it is accepted with a note: other words
    /// ("Limitations", "Known Issues", "API Limits", "Troubleshooting"), a deeper heading, no
    /// space after the hashes, or a line with no heading.
    ///
    /// ## Why is this bad?
    /// Both templates: "Required. Include any known issues and limitations a user may
    /// encounter", even if only to say that none are known.
    ///
    /// Level: an error for independent publishers (template "Required"; 11 of 13
    /// independent-publisher readmes sampled from the repository give it, the other two are
    /// early ones). A warning for certified connectors: 310 of the 619 merged certified readmes have no such section under any
    /// wording (the older template had none), so reviewers accept a certified readme without it.
    ///
    /// ## Example
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks tracks the tasks of a team.
    /// ```
    ///
    /// Use instead: add `## Known Issues and Limitations`, saying "There are no known issues"
    /// if there are none.
    pub ReadmeKnownIssues {
        id: "readme-known-issues",
        category: Readme,
        level: Error,
        summary: "readme.md has no 'Known Issues and Limitations' section",
        submission_only: true,
    }
}

impl Rule for ReadmeKnownIssues {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let level = level_for(cx, Level::Warning, Level::Error);
        check_section(cx, &Self::META, &KNOWN_ISSUES, |_| level);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a readme without `## Deployment Instructions`. The section is found in any case and
    /// form and accepted silently at the readme's heading level. Given another way, it is
    /// accepted with a note: other words ("Deploying the connector", "Building the connector",
    /// "Deploy and configure"), a deeper heading, no space after the hashes, or a line with no
    /// heading.
    ///
    /// ## Why is this bad?
    /// The certified template: "Required. Add instructions on how to deploy this connector as
    /// custom connector." The independent-publisher template marks the same section "Optional".
    ///
    /// Level: a note for independent publishers (template "Optional"). A warning for certified
    /// connectors: 248 of the 619 merged certified readmes have no such section under any
    /// wording, so reviewers accept a certified readme without it.
    ///
    /// ## Example
    /// A certified readme that ends with "Known Issues and Limitations".
    ///
    /// Use instead: add `## Deployment Instructions` with the paconn or portal steps.
    pub ReadmeDeployment {
        id: "readme-deployment",
        category: Readme,
        level: Warning,
        summary: "readme.md has no 'Deployment Instructions' section",
        submission_only: true,
    }
}

impl Rule for ReadmeDeployment {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let level = level_for(cx, Level::Warning, Level::Note);
        check_section(cx, &Self::META, &DEPLOYMENT, |_| level);
    }
}

/// Lines of the templates that must not survive into a submitted readme.
const TEMPLATE_TEXT: [&str; 9] = [
    "Required. ",
    "Optional. How to get started",
    "Optional. Include frequently asked questions",
    "Description of operation 1",
    "Description of operation 2",
    "Answer to question 1",
    "Answer to question 2",
    "## Publisher: Publisher's Name",
    "# Title",
];

declare_rule! {
    /// ## What it does
    /// Reports text left from the readme template: "Required. …", "Description of operation 1.",
    /// "Answer to question 1", "## Publisher: Publisher's Name", a `# Title` heading.
    ///
    /// ## Why is this bad?
    /// The template's instructions are not documentation; left in, they are published as the
    /// connector's page.
    ///
    /// Level: a warning. No rule says to remove them in so many words (the templates imply it),
    /// and 31 of the 619 merged certified readmes still hold such lines (most often `# Title`
    /// and `## Publisher: Publisher's Name`), so reviewers do not reject a readme for them.
    ///
    /// ## Example
    /// ```markdown
    /// ## Prerequisites
    /// Required. Any plans or licenses, tools required from the connector.
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ## Prerequisites
    /// A Contoso Tasks account on the Business plan.
    /// ```
    pub ReadmePlaceholderText {
        id: "readme-placeholder-text",
        category: Readme,
        level: Warning,
        summary: "readme.md still holds template text",
        submission_only: true,
    }
}

impl Rule for ReadmePlaceholderText {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some((file, text)) = readme(cx) else {
            return;
        };
        let mut offset = 0;
        let mut out = Vec::new();
        for line in text.split_inclusive('\n') {
            let l = line.trim_end();
            let t = l.trim_start();
            // Template headings must match whole; template sentences at the start of a line.
            let left = |p: &&&str| {
                if p.starts_with('#') {
                    t == **p
                } else {
                    t.starts_with(**p)
                }
            };
            if let Some(p) = TEMPLATE_TEXT.iter().find(left) {
                let start = offset + (l.len() - t.len());
                out.push((start..offset + l.len(), p.trim()));
            }
            offset += line.len();
        }
        for (span, p) in out {
            cx.report(Diagnostic::new(
                &Self::META,
                file,
                span,
                "",
                format!("Template text left in the readme ('{p}'): replace it with the connector's own."),
            ));
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an independent-publisher connector that signs in with OAuth (a connection parameter
    /// with `oAuthSettings`) whose readme does not say how to create the OAuth app. The steps may
    /// be a numbered or bulleted list or prose, under any heading or none: the readme must say to
    /// create or register an app ("Register an application in Azure AD", "create a new app",
    /// "app registration") and give the app's settings (its redirect or callback URL, client ID
    /// or secret).
    ///
    /// ## Why is this bad?
    /// The repository's README: "If you are submitting an Independent Publisher connector that
    /// requires OAuth, please make sure to explain how to create the OAuth app. The Microsoft
    /// Certification Team will use those instructions to create the app", and the pull-request
    /// template asks the submitter to confirm it. Certified publishers own their app, so the
    /// rule does not apply to them.
    ///
    /// Level: an error when the readme says nothing of the app (neither how to create it nor its
    /// settings), as the requirement is explicit and Microsoft cannot create the app; a warning
    /// when it gives only one of the two, as the steps may be too thin to follow.
    ///
    /// ## Example
    /// ```markdown
    /// ## Obtaining Credentials
    /// Sign in with your Contoso account.
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// ## Obtaining Credentials
    /// 1. Sign in to the Contoso developer portal and choose **New app**.
    /// 2. Set the redirect URL to `https://global.consent.azure-apim.net/redirect/...`.
    /// 3. Copy the client ID and secret.
    /// ```
    pub ReadmeOauthAppSteps {
        id: "readme-oauth-app-steps",
        category: Readme,
        level: Error,
        summary: "Independent publisher with OAuth does not say how to create the OAuth app",
        submission_only: true,
    }
}

/// Whether apiProperties declares an OAuth connection parameter (one with `oAuthSettings`, in
/// `connectionParameters` or `connectionParameterSets`).
fn uses_oauth(cx: &Ctx<'_, '_>) -> bool {
    super::security::oauth_settings(cx).is_some_and(|(_, s)| !s.is_empty())
}

/// What a readme says of the OAuth app: whether it says to create or register one (a verb such
/// as "create", "register" or "add" a few words before "app", "application", "client" or
/// "integration", or "app registration"), and whether it names the app's settings (redirect,
/// callback or reply URL, client or application ID, client secret, the consent redirect host).
fn oauth_app_told(text: &str) -> (bool, bool) {
    let w = words(text);
    let create = [
        "create",
        "creating",
        "register",
        "registering",
        "new",
        "add",
        "setup",
        "set",
        "configure",
        "configuring",
    ];
    let app = ["app", "application", "client", "integration"];
    let creates = w.iter().enumerate().any(|(i, x)| {
        create.contains(&x.as_str()) && w[i + 1..].iter().take(5).any(|y| app.contains(&y.as_str()))
    }) || has(&w, &["app", "registration"])
        || has(&w, &["application", "registration"]);
    let settings = [
        &["redirect"][..],
        &["callback"],
        &["reply", "url"],
        &["client", "id"],
        &["clientid"],
        &["client", "secret"],
        &["application", "id"],
        &["app", "id"],
        &["consent", "azure", "apim", "net"],
    ]
    .iter()
    .any(|p| has(&w, p));
    (creates, settings)
}

impl Rule for ReadmeOauthAppSteps {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        if cx.connector.publisher != PublisherKind::IndependentPublisher || !uses_oauth(cx) {
            return;
        }
        let Some((file, text)) = readme(cx) else {
            return;
        };
        let (message, level) = match oauth_app_told(text) {
            (true, true) => return,
            (false, false) => (
                "The connector signs in with OAuth, but the readme does not say how to create the OAuth app (register it, its redirect URL, client ID and secret): Microsoft follows these steps to create the app.",
                Level::Error,
            ),
            (true, false) => (
                "The readme says to create the OAuth app but not how to set it up: give its redirect URL and where to find the client ID and secret.",
                Level::Warning,
            ),
            (false, true) => (
                "The readme names the OAuth app's settings but not how to create the app: give the steps to register it with the service.",
                Level::Warning,
            ),
        };
        cx.report(Diagnostic::new(&Self::META, file, 0..0, "", message).with_level(level));
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a readme that does not open with a title: its first line of text (outside code,
    /// below any HTML, image, badge or `[[_TOC_]]` marker) is no heading. A title written as a deeper heading (`## Contoso Tasks`) or without the space
    /// Markdown needs (`#Contoso Tasks`), a readme that opens with a template section
    /// (`# Publisher: Contoso`), and a title followed by a heading rather than a paragraph are
    /// notes.
    ///
    /// ## Why is this bad?
    /// Both templates open with `# Title` and "two to three sentences about the service and the
    /// connector": the readme's first lines are what the documentation page and the
    /// repository's listing show. Older certified readmes (231 of 619) open with a level-2
    /// title, which the older template used, and some put the introduction under a
    /// `## Description` heading: those are notes. 27 merged certified readmes open with no
    /// heading at all.
    ///
    /// ## Example
    /// ```markdown
    /// ## Supported Operations
    /// ```
    ///
    /// Use instead:
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks tracks the tasks of a team. The connector lists, creates and closes tasks.
    ///
    /// ## Supported Operations
    /// ```
    pub ReadmeTitle {
        id: "readme-title",
        category: Readme,
        level: Warning,
        summary: "readme.md does not open with a title and a paragraph",
        submission_only: true,
    }
}

impl Rule for ReadmeTitle {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some((file, text)) = readme(cx) else {
            return;
        };
        // Blank lines, and what stands above a title without being text: HTML (a logo), an
        // image or badge, a `[[_TOC_]]` marker.
        let mut lines = lines_outside_code(text).filter(|(_, l)| {
            let t = l.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
            !t.is_empty()
                && !t.starts_with(['<', '!'])
                && !t.starts_with("[![")
                && !t.starts_with("[[")
        });
        let Some((start, first)) = lines.next() else {
            return; // an empty readme has no section either: the section rules say so
        };
        let t = first.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        let span = start + (first.len() - t.len())..start + first.len();
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        let spaced = t[hashes..].starts_with(char::is_whitespace);
        // A Setext heading: the line underlined with `===` (level 1) or `---` (level 2).
        let underline = text[span.end..].lines().nth(1).map(str::trim);
        let setext =
            |c: char| underline.is_some_and(|u| !u.is_empty() && u.chars().all(|x| x == c));
        let (hashes, spaced, name) = match hashes {
            0 if setext('=') => (1, true, t),
            0 if setext('-') => (2, true, t),
            _ => (hashes, spaced, t[hashes..].trim()),
        };
        if hashes > 0 && !t.starts_with('#') {
            lines.next(); // the underline
        }
        let (level, message) = match hashes {
            0 => (
                Level::Warning,
                "The readme does not open with a title: the template starts with '# ' and the connector's name.".to_string(),
            ),
            _ if spaced
                && (name.ends_with(':')
                    || SECTIONS
                        .iter()
                        .any(|s| s.is_named_key(&words(name_part(name)).concat()))) =>
            {
                (
                    Level::Note,
                    format!("The readme opens with the section '{t}', not with a title: the template starts with '# ' and the connector's name."),
                )
            }
            1 if spaced => {
                let paragraph = lines
                    .next()
                    .is_some_and(|(_, l)| !l.trim_start().starts_with('#'));
                if paragraph {
                    return;
                }
                (
                    Level::Note,
                    "The title is followed by a heading, not by a paragraph: the template gives two to three sentences about the service and the connector right after it.".to_string(),
                )
            }
            _ if !spaced => (
                Level::Note,
                format!("'{t}' is no heading: Markdown needs a space after the '{}'; the template opens with '# ' and the connector's name.", "#".repeat(hashes)),
            ),
            _ => (
                Level::Note,
                format!("The title is a level-{hashes} heading; the template opens with a level-1 heading ('# ')."),
            ),
        };
        cx.report(Diagnostic::new(&Self::META, file, span, "", message).with_level(level));
    }
}

/// The optional sections of both templates.
const OPTIONAL_SECTIONS: [(&str, &[&str]); 2] = [
    (
        "Getting Started",
        &[
            "getting started",
            "get started",
            "quick start",
            "quickstart",
            "how to use",
            "usage",
        ],
    ),
    (
        "Frequently Asked Questions",
        &["frequently asked questions", "faq", "faqs", "questions"],
    ),
];

declare_rule! {
    /// ## What it does
    /// Reports a readme without the optional sections of the templates, `## Getting Started` and
    /// `## Frequently Asked Questions`, under those names or close ones ("Quick start",
    /// "FAQ"). Off by default: the sections are optional, so a readme without them is
    /// complete; turn the rule on to review readmes against the whole template.
    ///
    /// ## Why is this bad?
    /// The templates offer them to answer what users ask most; a readme that has them saves
    /// support requests. A note, and only a suggestion.
    ///
    /// ## Example
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks tracks the tasks of a team.
    /// ```
    ///
    /// Use instead: add `## Getting Started` with the first steps, and
    /// `## Frequently Asked Questions`.
    pub ReadmeOptionalSections {
        id: "readme-optional-sections",
        category: Readme,
        level: Note,
        summary: "readme.md has no Getting Started or FAQ section (optional)",
        default_enabled: false,
        submission_only: true,
    }
}

impl Rule for ReadmeOptionalSections {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some((file, text)) = readme(cx) else {
            return;
        };
        let ms = cx.connector.readme_markers.get_or_init(|| markers(text));
        let names: Vec<String> = ms.iter().map(|m| m.words.join(" ")).collect();
        let mut out = Vec::new();
        for (section, like) in OPTIONAL_SECTIONS {
            if names
                .iter()
                .any(|n| like.iter().any(|l| n.contains(&words(l).join(" "))))
            {
                continue;
            }
            out.push(Diagnostic::new(
                &Self::META,
                file,
                0..0,
                "",
                format!(
                    "The readme has no '{section}' section; the templates offer it (optional)."
                ),
            ));
        }
        for d in out {
            cx.report(d);
        }
    }
}

/// The publisher the readme names: after the colon of its Publisher heading or label, or on
/// the line after a heading that names none, with the span of that text.
fn readme_publisher<'t>(text: &'t str, ms: &[Marker]) -> Option<(Range<usize>, &'t str)> {
    let m = ms.iter().find(|m| PUBLISHER.is_named_key(&m.key))?;
    let line = &text[m.span.clone()];
    if let Some(colon) = line.find(':') {
        let after = &line[colon + 1..];
        let value = after.trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '_');
        if !value.is_empty() {
            let start = m.span.start + colon + 1 + after.find(value)?;
            return Some((start..start + value.len(), value));
        }
    }
    // The heading names none: the next line with text.
    lines_outside_code(text)
        .skip_while(|(start, _)| *start < m.span.end)
        .find(|(_, l)| !l.trim().is_empty())
        .filter(|(_, l)| !l.trim_start().starts_with('#'))
        .map(|(start, l)| {
            let value = l.trim();
            let s = start + l.find(value).unwrap_or(0);
            (s..s + value.len(), value)
        })
}

/// The endings of company names that say its legal form, not who it is.
const LEGAL_FORMS: [&str; 30] = [
    "ab",
    "ag",
    "aps",
    "as",
    "asa",
    "bv",
    "co",
    "company",
    "corp",
    "corporation",
    "gmbh",
    "inc",
    "incorporated",
    "kg",
    "limited",
    "llc",
    "llp",
    "ltd",
    "ltda",
    "nv",
    "ou",
    "oy",
    "plc",
    "pte",
    "pty",
    "sa",
    "sarl",
    "sl",
    "sro",
    "srl",
];

/// A letter without its accent, for the Latin letters names use ("Comunicação", "OÜ").
fn unaccented(c: char) -> char {
    const FROM: &str = "àáâãäåçèéêëìíîïñòóôõöøùúûüýÿ";
    const TO: &str = "aaaaaaceeeeiiiinoooooouuuuyy";
    FROM.chars()
        .position(|f| f == c)
        .and_then(|i| TO.chars().nth(i))
        .unwrap_or(c)
}

/// A name compared without regard to case, punctuation, white space, a part in brackets
/// ("Alkymi (https://alkymi.io)") and the legal form at its end ("Contoso, Inc.").
fn plain_name(s: &str) -> String {
    let s = match s.find('(') {
        Some(i) if i > 0 => &s[..i],
        _ => s,
    };
    let mut words: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .map(unaccented)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1
        && words
            .last()
            .is_some_and(|w| LEGAL_FORMS.contains(&w.as_str()))
    {
        words.pop();
    }
    words.concat()
}

/// Whether two names are one company's: the same [`plain_name`], one inside the other (a longer
/// form: "Wild Mouse Australia", "This connector is published by Contoso"), or one the
/// initials of the other ("LMT", "Latvijas Mobilais Telefons"). Names shorter than three
/// letters are not compared.
pub(crate) fn same_company(x: &str, y: &str) -> bool {
    let (a, b) = (plain_name(x), plain_name(y));
    let initials = |s: &str| -> String {
        s.split(|c: char| !c.is_alphanumeric())
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_lowercase)
            .collect()
    };
    a.len() < 3
        || b.len() < 3
        || a.contains(&b)
        || b.contains(&a)
        || initials(x) == b
        || initials(y) == a
}

declare_rule! {
    /// ## What it does
    /// Reports a readme whose Publisher section names someone else than the `publisher` of
    /// apiProperties.json. Names are compared without regard to case, accents, punctuation,
    /// white space, a part in brackets and the legal form at the end ("Contoso, Inc." and
    /// "Contoso" are one name), and one name inside the other is a longer form of it ("Contoso
    /// Australia", "This connector is published by Contoso").
    ///
    /// ## Why is this bad?
    /// The two say who publishes the connector, and the documentation page shows the readme's;
    /// when they differ, one of them is out of date or mistyped. A note: some readmes name the
    /// company in a longer form on purpose.
    ///
    /// ## Example
    /// ```markdown
    /// ## Publisher: Contoso Ltd
    /// ```
    /// with `"publisher": "Contoso Corporation"` in apiProperties.json.
    ///
    /// Use instead: the same name in both.
    pub ReadmeConsistency {
        id: "readme-consistency",
        category: Readme,
        level: Note,
        summary: "readme.md names another publisher than apiProperties.json",
        submission_only: true,
    }
}

impl Rule for ReadmeConsistency {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some((file, text)) = readme(cx) else {
            return;
        };
        let Some(publisher) = cx
            .connector
            .api_properties
            .and_then(|d| crate::json::as_obj(&d.root))
            .and_then(|r| crate::json::get_obj(r, "properties"))
            .and_then(|p| crate::json::get_str(p, "publisher"))
        else {
            return;
        };
        let ms = cx.connector.readme_markers.get_or_init(|| markers(text));
        let Some((span, named)) = readme_publisher(text, ms) else {
            return;
        };
        // A template placeholder is readme-placeholder-text's finding.
        if same_company(named, &publisher.value) || plain_name(named) == "publishersname" {
            return;
        }
        cx.report(Diagnostic::new(
            &Self::META,
            file,
            span,
            "",
            format!(
                "The readme names the publisher '{named}', and apiProperties.json '{}'.",
                publisher.value
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(t: &str) -> Vec<(Form, String)> {
        markers(t).into_iter().map(|m| (m.form, m.name)).collect()
    }

    #[test]
    fn markers_outside_code() {
        let t = "# Contoso\n## Publisher: Contoso Ltd\n```\n## not a heading\n```\n### Op 1 ###\n##Known Issues\n#1 rated\n**Prerequisites:**\n- Publisher: a list item\n";
        assert_eq!(
            names(t),
            [
                (Form::Heading(1), "Contoso".to_string()),
                (Form::Heading(2), "Publisher: Contoso Ltd".to_string()),
                (Form::Heading(3), "Op 1".to_string()),
                (Form::NoSpace(2), "Known Issues".to_string()),
                (Form::Line, "Prerequisites".to_string()),
            ]
        );
    }

    #[test]
    fn names_in_any_form() {
        for (s, n) in [
            (&PUBLISHER, "Publisher: Contoso Ltd"),
            (&PUBLISHER, "PUBLISHER"),
            (&PREREQUISITES, "Pre-requisites:"),
            (&PREREQUISITES, "Pre Requisite"),
            (&SUPPORTED_OPERATIONS, "Supported operation"),
            (&KNOWN_ISSUES, "Known Issues & Limitations"),
            (&KNOWN_ISSUES, "Known issues and limitation"),
            (&KNOWN_ISSUES, "2. Known Issues and Limitations."),
            (&DEPLOYMENT, "Deployment instructions:"),
        ] {
            assert!(s.is_named(n), "{n}");
        }
        assert!(!PUBLISHER.is_named("Publishing a post"));
        assert!(!PREREQUISITES.is_named("Obtaining Credentials"));
    }

    #[test]
    fn other_wordings() {
        for h in [
            "How to get credentials?",
            "Authentication and Credentials",
            "How to get API key",
            "Obtaining Token",
            "Authorization",
        ] {
            assert!(OBTAINING_CREDENTIALS.is_like(h), "{h}");
        }
        for h in ["List tasks", "Key features", "Known issues"] {
            assert!(!OBTAINING_CREDENTIALS.is_like(h), "{h}");
        }
        for h in [
            "Limitations",
            "Known issues",
            "API Limits",
            "Issues and Limitations",
        ] {
            assert!(KNOWN_ISSUES.is_like(h), "{h}");
        }
        assert!(!KNOWN_ISSUES.is_like("Reporting a bug"));
        assert!(SUPPORTED_OPERATIONS.is_like("Supported Actions"));
        assert!(DEPLOYMENT.is_like("Deploying the connector"));
        assert!(DEPLOYMENT.is_like("Building the connector"));
    }

    #[test]
    fn section_level_and_notes() {
        let all_h1 = "# Contoso\n# Publisher\n# Prerequisites\n# Obtaining Credentials\n";
        assert!(matches!(
            find_section(&markers(all_h1), &OBTAINING_CREDENTIALS),
            Found::AsTemplate
        ));
        let nested = "# Contoso\n## Prerequisites\n### Obtaining credentials\n";
        assert!(matches!(
            find_section(&markers(nested), &OBTAINING_CREDENTIALS),
            Found::Otherwise(..)
        ));
        let none = "# Contoso\n## Prerequisites\nAn account.\n";
        assert!(matches!(
            find_section(&markers(none), &KNOWN_ISSUES),
            Found::Missing
        ));
    }

    #[test]
    fn credentials_told_outside_their_section() {
        assert!(tells_credentials_elsewhere(
            "## Prerequisites\n* Sign in to the portal and generate an API key under Settings."
        ));
        assert!(tells_credentials_elsewhere(
            "Register an app to get the client ID."
        ));
        assert!(!tells_credentials_elsewhere(
            "## Prerequisites\nYou need a Contoso account. The key feature is search."
        ));
    }

    #[test]
    fn oauth_app_steps_in_any_form() {
        let bullets = "- Register an application in Azure AD.\n- Set its redirect URI.\n";
        assert_eq!(oauth_app_told(bullets), (true, true));
        let prose = "Go to the portal, choose New app and keep the client ID it shows.";
        assert_eq!(oauth_app_told(prose), (true, true));
        assert_eq!(
            oauth_app_told("Sign in with your Contoso account."),
            (false, false)
        );
        assert_eq!(oauth_app_told("Enter your client ID."), (false, true));
    }
}
