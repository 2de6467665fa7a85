//! How the JSON files are laid out (RULES.md §10.10): hard tabs, white space at the ends of
//! lines, and the order of the swagger's top-level keys. The connectors repository's coding
//! guidance asks for them; the validator does not, and many merged connectors differ, so the
//! rules are off by default. Each has a fix. White space is only ever touched outside strings:
//! one pass over the text tells where the strings are.

use std::ops::Range;

use super::{declare_rule, Ctx, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::json::{as_obj, Json};

/// The JSON files the formatting rules look at, with their parsed documents.
fn json_files<'c>(cx: &Ctx<'c, '_>) -> Vec<&'c Json<'c>> {
    [
        cx.connector.swagger,
        cx.connector.api_properties,
        cx.connector.settings_json,
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The lines of a JSON text, each as (start, end without its line break), with whether the line
/// starts inside a string (after a raw line break in a string, which strict JSON forbids).
fn lines(text: &str) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    let (mut in_string, mut escaped) = (false, false);
    let mut start = 0;
    let mut started_in_string = false;
    for (i, c) in text.char_indices() {
        if c == '\n' {
            let end = if text[..i].ends_with('\r') { i - 1 } else { i };
            out.push((start, end, started_in_string));
            start = i + 1;
            started_in_string = in_string;
            escaped = false;
            continue;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        }
    }
    if start < text.len() {
        out.push((start, text.len(), started_in_string));
    }
    out
}

/// Report, as `meta`, one finding per JSON file that `edits_of` finds edits in: at the first,
/// with `message` given the number of lines, and a fix that makes all the edits.
fn check_lines(
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    edits_of: impl Fn(&str, usize, usize) -> Option<(Range<usize>, String)>,
    message: impl Fn(usize, usize) -> String,
    fix: &str,
) {
    let mut out = Vec::new();
    for doc in json_files(cx) {
        let edits: Vec<(Range<usize>, String)> = lines(doc.text)
            .into_iter()
            .filter(|(_, _, in_string)| !in_string)
            .filter_map(|(start, end, _)| edits_of(doc.text, start, end))
            .collect();
        let Some((first, _)) = edits.first() else {
            continue;
        };
        let line = doc.text[..first.start].matches('\n').count() + 1;
        let d = Diagnostic::new(
            meta,
            doc.file,
            first.clone(),
            "",
            message(edits.len(), line),
        );
        let fix = Fix {
            description: fix.to_string(),
            edits: edits
                .into_iter()
                .map(|(span, with)| Edit::replace(span, with))
                .collect(),
        };
        out.push(d.with_fix(fix));
    }
    for d in out {
        cx.report(d);
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a JSON file (the swagger, apiProperties.json, settings.json) whose lines are
    /// indented with hard tabs: one finding per file, on the first such line. The fix writes
    /// four spaces for each tab of the indentation. Off by default.
    ///
    /// ## Why is this bad?
    /// The repository's coding guidance says "use soft tabs with four spaces, don't use hard
    /// tabs": a tab shows at a different width in every editor and in the pull request's diff.
    /// How many spaces is not checked: the repository's own editor settings use two for JSON,
    /// and merged connectors use both.
    ///
    /// ## Example
    /// ```json
    /// {
    /// 	"swagger": "2.0"
    /// }
    /// ```
    ///
    /// Use instead: the same with four spaces before `"swagger"`.
    pub FileIndent {
        id: "file-indent",
        category: File,
        level: Note,
        summary: "JSON file indented with hard tabs",
        default_enabled: false,
        fix: Safe,
    }
}

impl Rule for FileIndent {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_lines(
            cx,
            &Self::META,
            |text, start, end| {
                let line = &text[start..end];
                let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
                let lead = &line[..indent];
                lead.contains('\t')
                    .then(|| (start..start + indent, lead.replace('\t', "    ")))
            },
            |n, line| {
                format!("{n} lines are indented with hard tabs (the first is line {line}): the guidance asks for spaces.")
            },
            "Indent with spaces",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a JSON file (the swagger, apiProperties.json, settings.json) with white space at
    /// the end of lines: one finding per file, on the first. The fix removes it. Only white
    /// space between tokens is looked at, never inside a string. The readme is not checked:
    /// in Markdown two spaces at the end of a line break it. Off by default.
    ///
    /// ## Why is this bad?
    /// The repository's coding guidance asks to remove trailing white space: it shows up as
    /// changes in every diff that an editor trims it from.
    ///
    /// ## Example
    /// ```json
    /// { "swagger": "2.0",
    ///   "info": { "title": "Contoso" } }
    /// ```
    ///
    /// Use instead: the same without the spaces after `"2.0",`.
    pub FileTrailingWs {
        id: "file-trailing-ws",
        category: File,
        level: Note,
        summary: "JSON file with white space at the end of lines",
        default_enabled: false,
        fix: Safe,
    }
}

impl Rule for FileTrailingWs {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_lines(
            cx,
            &Self::META,
            |text, start, end| {
                let line = &text[start..end];
                let kept = line.trim_end_matches([' ', '\t']).len();
                (kept < line.len()).then(|| (start + kept..end, String::new()))
            },
            |n, line| format!("{n} lines end in white space (the first is line {line})."),
            "Remove the white space at the ends of lines",
        );
    }
}

/// The order the coding guidance gives the swagger's top-level keys, followed by the other
/// fields of Swagger 2.0's root. Keys not listed (extensions) keep their places.
const ROOT_ORDER: [&str; 15] = [
    "swagger",
    "info",
    "host",
    "basePath",
    "schemes",
    "consumes",
    "produces",
    "paths",
    "definitions",
    "parameters",
    "responses",
    "securityDefinitions",
    "security",
    "tags",
    "externalDocs",
];

fn rank(key: &str) -> Option<usize> {
    ROOT_ORDER.iter().position(|k| *k == key)
}

declare_rule! {
    /// ## What it does
    /// Reports a swagger whose top-level keys are not in the order of the coding guidance:
    /// `swagger`, `info`, `host`, `basePath`, `schemes`, `consumes`, `produces`, `paths`,
    /// `definitions`, `parameters`, then `responses`, `securityDefinitions`, `security`, `tags`
    /// and `externalDocs`. Extensions (`x-ms-connector-metadata`) may stand anywhere. The fix
    /// (unsafe: it moves whole sections of the file) puts the keys in that order, each with
    /// its text as it is, and the extensions where they were. Off by default.
    ///
    /// ## Why is this bad?
    /// The guidance gives one order so that every swagger reads the same way: a reviewer finds
    /// `info` at the top and the definitions after the paths.
    ///
    /// ## Example
    /// ```json
    /// { "swagger": "2.0", "paths": {}, "info": { "title": "Contoso", "version": "1.0" } }
    /// ```
    ///
    /// Use instead: `info` before `paths`.
    pub FileOrder {
        id: "file-order",
        category: File,
        level: Note,
        summary: "Swagger's top-level keys out of the guidance's order",
        default_enabled: false,
        fix: Unsafe,
    }
}

impl Rule for FileOrder {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        let Some(doc) = cx.connector.swagger else {
            return;
        };
        let Some(root) = as_obj(&doc.root) else {
            return;
        };
        let members = &root.properties;
        let mut highest: Option<(usize, &str)> = None;
        let mut first_out = None;
        for p in members.iter() {
            let Some(r) = rank(p.name.as_str()) else {
                continue;
            };
            match highest {
                Some((h, after)) if r < h => {
                    first_out.get_or_insert((p, after));
                }
                _ => highest = Some((r, p.name.as_str())),
            }
        }
        let Some((p, after)) = first_out else {
            return;
        };
        let key = p.name.as_str();
        let d = Diagnostic::new(
            &Self::META,
            doc.file,
            p.name.range(),
            crate::json::child_pointer("", key),
            format!(
                "'{key}' comes after '{after}'; the guidance's order is {}.",
                ROOT_ORDER[..10].join(", ")
            ),
        );
        cx.report(d.with_fix_if(reorder(doc, root)));
    }
}

/// The edit that puts the root's ranked members in [`ROOT_ORDER`], the others where they are,
/// when the members are separated by a comma and white space only (no comments) and no key is
/// repeated.
fn reorder(doc: &Json<'_>, root: &crate::json::Object<'_>) -> Option<Fix> {
    let members = &root.properties;
    let text =
        |p: &crate::json::ObjectProp<'_>| &doc.text[p.name.range().start..p.value.range().end];
    let gaps: Vec<&str> = members
        .windows(2)
        .map(|w| &doc.text[w[0].value.range().end..w[1].name.range().start])
        .collect();
    if gaps.iter().any(|g| g.trim() != ",") {
        return None;
    }
    let mut seen = std::collections::HashSet::new();
    if !members.iter().all(|p| seen.insert(p.name.as_str())) {
        return None;
    }
    let mut ranked: Vec<&crate::json::ObjectProp<'_>> = members
        .iter()
        .filter(|p| rank(p.name.as_str()).is_some())
        .collect();
    ranked.sort_by_key(|p| rank(p.name.as_str()));
    let mut next = ranked.into_iter();
    let order: Vec<&crate::json::ObjectProp<'_>> = members
        .iter()
        .map(|p| match rank(p.name.as_str()) {
            Some(_) => next.next().unwrap_or(p),
            None => p,
        })
        .collect();
    let (first, last) = (members.first()?, members.last()?);
    let mut out = String::new();
    for (i, p) in order.iter().enumerate() {
        if i > 0 {
            out.push_str(gaps[i - 1]);
        }
        out.push_str(text(p));
    }
    Some(Fix::edit(
        "Put the top-level keys in the guidance's order",
        Edit::replace(first.name.range().start..last.value.range().end, out),
    ))
}
