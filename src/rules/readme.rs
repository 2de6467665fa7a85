//! readme.md (RULES.md §11): present, with the sections of the template for the publisher kind,
//! no template text left in, and OAuth app steps for independent publishers.

use std::ops::Range;

use super::{declare_rule, report_file, report_missing_file, Ctx, Rule, RuleMeta};
use crate::connector::PublisherKind;
use crate::diagnostic::{Diagnostic, FileId};
use crate::rules::Level;
use crate::source::FileKind;

/// A Markdown heading of the readme: its level, text and the span of its line.
#[derive(Debug)]
struct Heading<'t> {
    level: usize,
    text: &'t str,
    span: Range<usize>,
}

/// The lines outside fenced code blocks (the fences excluded), each with its start offset and
/// without its line break or trailing white space.
fn lines_outside_code(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut fenced = false;
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let start = offset;
        offset += line.len();
        let l = line.trim_end();
        if l.trim_start().starts_with("```") || l.trim_start().starts_with("~~~") {
            fenced = !fenced;
            return None;
        }
        (!fenced).then_some((start, l))
    })
}

/// The ATX headings (`#`…`######`) outside fenced code blocks.
fn headings(text: &str) -> Vec<Heading<'_>> {
    lines_outside_code(text)
        .filter_map(|(start, l)| {
            let hashes = l.bytes().take_while(|&b| b == b'#').count();
            ((1..=6).contains(&hashes) && l[hashes..].starts_with(' ')).then(|| Heading {
                level: hashes,
                text: l[hashes..].trim().trim_end_matches('#').trim(),
                span: start..start + l.len(),
            })
        })
        .collect()
}

/// The readme's file and text, for the submission kinds.
fn readme<'c>(cx: &Ctx<'c, '_>) -> Option<(FileId, &'c str)> {
    let (file, f) = cx.connector.file(FileKind::Readme)?;
    f.readable.then_some((file, f.text.as_str()))
}

/// Whether a heading names the section `name` (see [`names`]).
fn names_section(h: &Heading<'_>, name: &str) -> bool {
    names(h.text, name)
}

/// Whether `text` names the section `name`: the same words in any case, with an optional final
/// colon, period or question mark and, for "Publisher", the name after it.
fn names(text: &str, name: &str) -> bool {
    let t = text.to_lowercase();
    let t = t.trim_end_matches([':', '.', '?']).trim();
    let n = name.to_lowercase();
    t == n
        || t.strip_prefix(&n)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

/// A line that is no heading but gives the section's name as a label, in bold or not
/// ("Publisher: Contoso", "**Prerequisites:**"): the span of the first one.
fn label_line(text: &str, name: &str) -> Option<Range<usize>> {
    let n = name.to_lowercase();
    lines_outside_code(text)
        .find(|(_, l)| {
            let plain: String = l
                .trim_start()
                .chars()
                .filter(|&c| c != '*' && c != '_')
                .collect();
            !l.starts_with('#')
                && plain.len() < name.len() + 80
                && plain.to_lowercase().strip_prefix(&n).is_some_and(|rest| {
                    let rest = rest.trim_start();
                    rest.is_empty() || rest.starts_with(':')
                })
        })
        .map(|(start, l)| start..start + l.len())
}

/// Report a missing level-2 section `name` as `meta` at `level`. Found another way, it gets a
/// note naming the template's spelling: under another heading level, under a heading in
/// `variants` ("Pre-requisites") or one that `like` accepts (given the heading's lower-cased text),
/// or as a label line with no heading ("Publisher: Contoso").
fn check_section(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    name: &str,
    variants: &[&str],
    like: fn(&str) -> bool,
    level: Level,
) {
    let Some((file, text)) = readme(cx) else {
        return;
    };
    let hs = headings(text);
    if hs.iter().any(|h| h.level == 2 && names_section(h, name)) {
        return;
    }
    // The section under another heading level, or a known variant of its name: a note.
    let found = hs.iter().find(|h| {
        h.level <= 3
            && (names_section(h, name)
                || variants.iter().any(|v| names_section(h, v))
                || like(&h.text.to_lowercase()))
    });
    let label = found.is_none().then(|| label_line(text, name)).flatten();
    let diag = match (found, label) {
        (None, Some(span)) => Diagnostic::new(
            meta,
            file,
            span,
            "",
            format!(
                "The section '{name}' is a line with no heading; the template writes it '## {name}'."
            ),
        )
        .with_level(Level::Note),
        (Some(h), _) => Diagnostic::new(
            meta,
            file,
            h.span.clone(),
            "",
            format!(
                "The section '{} {}' is written '## {name}' in the template.",
                "#".repeat(h.level),
                h.text
            ),
        )
        .with_level(Level::Note),
        (None, None) => Diagnostic::new(
            meta,
            file,
            0..0,
            "",
            format!("The readme has no '## {name}' section, which the template requires."),
        )
        .with_level(level),
    };
    cx.report(diag);
}

declare_rule! {
    /// ## What it does
    /// Reports a certified or independent-publisher connector without `readme.md` (in any case:
    /// `README.md` and `Readme.md` are found too).
    ///
    /// ## Why is this bad?
    /// "A readme.md is required for both publisher types": it is the connector's documentation
    /// page.
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
        if cx.connector.file(FileKind::Readme).is_none() {
            report_missing_file(
                cx,
                &Self::META,
                "The connector has no readme.md: add one from the template (Publisher, Prerequisites, Supported Operations, Obtaining Credentials, Known Issues and Limitations).",
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a readme without the `## Publisher` section of the template (found in any case,
    /// with or without a final colon). A known variant of the heading, or the name written on a
    /// line of its own with no heading ("**Publisher:** Contoso"), is accepted with a note.
    ///
    /// ## Why is this bad?
    /// The template requires `## Publisher: <name>`: the company (certified) or the person or
    /// company (independent publisher) behind the connector.
    ///
    /// ## Example
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks tracks the tasks of a team.
    /// ```
    ///
    /// Use instead: add `## Publisher: Contoso Corporation` with its text, as the template of your publisher kind
    /// shows.
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
        check_section(cx, &Self::META, "Publisher", &[], |_| false, Level::Error);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a readme without the `## Prerequisites` section of the template (found in any case,
    /// with or without a final colon). A known variant of the heading, or the name written on a
    /// line of its own with no heading ("**Publisher:** Contoso"), is accepted with a note.
    ///
    /// ## Why is this bad?
    /// Users must know the plans, licences and tools they need before they connect. The spelling
    /// "Pre-requisites" (167 certified readmes) is accepted with a note.
    ///
    /// ## Example
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks tracks the tasks of a team.
    /// ```
    ///
    /// Use instead: add `## Prerequisites` with its text, as the template of your publisher kind
    /// shows.
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
        check_section(
            cx,
            &Self::META,
            "Prerequisites",
            &["Pre-requisites", "Requirements"],
            |_| false,
            Level::Error,
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a readme without the `## Supported Operations` section of the template (found in any case,
    /// with or without a final colon). A known variant of the heading, or the name written on a
    /// line of its own with no heading ("**Publisher:** Contoso"), is accepted with a note.
    ///
    /// ## Why is this bad?
    /// The template requires the list of actions and triggers, each under its own `###` heading.
    ///
    /// ## Example
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks tracks the tasks of a team.
    /// ```
    ///
    /// Use instead: add `## Supported Operations` with its text, as the template of your publisher kind
    /// shows.
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
        check_section(
            cx,
            &Self::META,
            "Supported Operations",
            &["Supported Actions", "Operations", "Actions and Triggers"],
            |_| false,
            Level::Error,
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a readme without the `## Obtaining Credentials` section of the template (found in any case,
    /// with or without a final colon). A known variant of the heading, or the name written on a
    /// line of its own with no heading ("**Publisher:** Contoso"), is accepted with a note. The
    /// variants are "Getting Credentials", "Authentication", and headings that say how to get
    /// the credentials in other words: "How to get credentials" (the older template's heading,
    /// about 100 readmes), "Authentication and Credentials", "How to get an API key".
    ///
    /// ## Why is this bad?
    /// Users must learn how to get the credentials the connection asks for.
    ///
    /// ## Example
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks tracks the tasks of a team.
    /// ```
    ///
    /// Use instead: add `## Obtaining Credentials` with its text, as the template of your publisher kind
    /// shows.
    pub ReadmeObtainingCredentials {
        id: "readme-obtaining-credentials",
        category: Readme,
        level: Error,
        summary: "readme.md has no 'Obtaining Credentials' section",
        submission_only: true,
    }
}

impl Rule for ReadmeObtainingCredentials {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_section(
            cx,
            &Self::META,
            "Obtaining Credentials",
            &["Getting Credentials", "Authentication"],
            tells_how_to_get_credentials,
            Level::Error,
        );
    }
}

/// A heading (lower-cased) that says how to get the credentials in other words: "How to get
/// credentials", "Authentication and Credentials", "How to get API key", "Create a Blueink API key".
fn tells_how_to_get_credentials(h: &str) -> bool {
    h.contains("credential")
        || h.starts_with("authentication")
        || h.starts_with("how to authenticate")
        || (h.contains("api key") || h.contains("api token") || h.contains("access token"))
            && [
                "how to", "get", "obtain", "generate", "create", "access", "retriev", "configur",
            ]
            .iter()
            .any(|v| h.contains(v))
}

declare_rule! {
    /// ## What it does
    /// Reports a readme without the `## Known Issues and Limitations` section of the template (found in any case,
    /// with or without a final colon). A known variant of the heading, or the name written on a
    /// line of its own with no heading ("**Publisher:** Contoso"), is accepted with a note.
    ///
    /// ## Why is this bad?
    /// The template requires it, even if only to say that none are known.
    ///
    /// ## Example
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks tracks the tasks of a team.
    /// ```
    ///
    /// Use instead: add `## Known Issues and Limitations` with its text, as the template of your publisher kind
    /// shows.
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
        check_section(
            cx,
            &Self::META,
            "Known Issues and Limitations",
            &["Known Issues", "Known Limitations", "Limitations"],
            |_| false,
            Level::Error,
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a readme without `## Deployment Instructions`: an error for certified connectors,
    /// whose template requires it, and a note for independent publishers, whose template makes it
    /// optional.
    ///
    /// ## Why is this bad?
    /// Certification asks how to deploy the connector as a custom connector (with paconn or the
    /// portal), so that Microsoft and users can try it.
    ///
    /// ## Example
    /// A certified readme that ends with "Known Issues and Limitations".
    ///
    /// Use instead: add `## Deployment Instructions` with the paconn or portal steps.
    pub ReadmeDeployment {
        id: "readme-deployment",
        category: Readme,
        level: Error,
        summary: "readme.md has no 'Deployment Instructions' section",
        submission_only: true,
    }
}

impl Rule for ReadmeDeployment {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let level = match cx.connector.publisher {
            PublisherKind::Certified => Level::Error,
            _ => Level::Note,
        };
        check_section(
            cx,
            &Self::META,
            "Deployment Instructions",
            &["Deployment", "Deployment instructions"],
            |_| false,
            level,
        );
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
        level: Error,
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
    /// of type `oauthSetting`) whose readme gives no numbered steps to create the OAuth app: a
    /// numbered list (`1.`) in the section that mentions the app, or anywhere after a heading
    /// about credentials.
    ///
    /// ## Why is this bad?
    /// Microsoft creates the OAuth app for independent-publisher connectors by following these
    /// steps; without them certification pauses.
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
        summary: "Independent publisher with OAuth gives no steps to create the OAuth app",
        submission_only: true,
    }
}

/// Whether apiProperties declares an OAuth connection parameter (one with `oAuthSettings`, in
/// `connectionParameters` or `connectionParameterSets`).
fn uses_oauth(cx: &Ctx<'_, '_>) -> bool {
    super::security::oauth_settings(cx).is_some_and(|(_, s)| !s.is_empty())
}

impl Rule for ReadmeOauthAppSteps {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        if cx.connector.publisher != PublisherKind::IndependentPublisher || !uses_oauth(cx) {
            return;
        }
        let Some((file, text)) = readme(cx) else {
            return;
        };
        let lower = text.to_lowercase();
        let mentions_app = ["app", "client id", "application"]
            .iter()
            .any(|w| lower.contains(w));
        let numbered = text
            .lines()
            .any(|l| l.trim_start().starts_with("1.") || l.trim_start().starts_with("1)"));
        if mentions_app && numbered {
            return;
        }
        report_file(
            cx,
            &Self::META,
            file,
            "The connector signs in with OAuth, but the readme gives no numbered steps to create the OAuth app (in 'Obtaining Credentials'): Microsoft follows them to create the app.",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_outside_code() {
        let t = "# Contoso\n## Publisher: Contoso Ltd\n```\n## not a heading\n```\n### Op 1 ###\n#no space\n";
        let hs: Vec<(usize, &str)> = headings(t).iter().map(|h| (h.level, h.text)).collect();
        assert_eq!(
            hs,
            [(1, "Contoso"), (2, "Publisher: Contoso Ltd"), (3, "Op 1")]
        );
        let h = &headings(t)[1];
        assert!(names_section(h, "Publisher"));
        assert!(!names_section(h, "Prerequisites"));
        assert!(names("Authentication.", "Authentication"));
    }

    #[test]
    fn sections_given_without_their_heading() {
        let t = "# Contoso\nPublisher: Contoso Ltd\n\n**Prerequisites:**\nAn account.\n```\nKnown Issues and Limitations\n```\nThe Publisher of the data is shown.\n";
        let line = |name| label_line(t, name).map(|r| &t[r]);
        assert_eq!(line("Publisher"), Some("Publisher: Contoso Ltd"));
        assert_eq!(line("Prerequisites"), Some("**Prerequisites:**"));
        assert_eq!(line("Known Issues and Limitations"), None);
        for h in [
            "how to get credentials?",
            "authentication and credentials",
            "how to get api key",
        ] {
            assert!(tells_how_to_get_credentials(h), "{h}");
        }
        for h in ["list tasks", "api keys are rotated", "known issues"] {
            assert!(!tells_how_to_get_credentials(h), "{h}");
        }
    }
}
