//! The forms of operation names (RULES.md §4, §10.1): sentence case and the trigger form of
//! summaries, `x-ms-summary` on an operation, PascalCase operation ids and their revision
//! suffix.

use super::localization::is_abbreviation_word;
use super::{
    check_operations, check_operations_with, declare_rule, find_words, is_own_name_word, shown,
    Ctx, Rule,
};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::extract::Field;
use crate::json::{get, get_obj, get_str, prop};
use crate::language::Text;
use crate::spell::SPELLER;

/// Small words that title case leaves in lower case, and sentence case too: they do not tell the
/// two apart.
const SMALL: [&str; 16] = [
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to",
    "with",
];

/// The words after the first of a summary in title case that the dictionary knows in lower case
/// ("Send An Email" gives "An" and "Email"). A summary is in title case when each of its words
/// after the first, small words aside, starts with a capital, and there are at least two. Kept
/// as written: names the dictionary knows only with their capital ("English") or in another case
/// ("OData"), brands, words of the connector's own names (its title, publisher, host),
/// abbreviations ("Id", "Url"), words with inner capitals, parts of hyphenated words
/// ("One-Time"), and a word that opens a phrase after '-', ':', '(' or '|'.
fn title_cased_words(text: &str, own: impl Fn(&str) -> bool) -> Vec<std::ops::Range<usize>> {
    let words = find_words(text);
    let content: Vec<&str> = words
        .iter()
        .skip(1)
        .map(|w| &text[w.clone()])
        .filter(|w| {
            w.starts_with(char::is_alphabetic) && !SMALL.contains(&w.to_lowercase().as_str())
        })
        .collect();
    if content.len() < 2 || !content.iter().all(|w| w.starts_with(char::is_uppercase)) {
        return Vec::new();
    }
    words
        .into_iter()
        .skip(1)
        .filter(|w| {
            let word = &text[w.clone()];
            let lower = word.to_lowercase();
            let mut chars = word.chars();
            let first_upper = chars.next().is_some_and(char::is_uppercase);
            // "A" is the article; other single capitals ("I", "X") are kept.
            let rest_lower =
                word == "A" || (chars.clone().count() > 0 && chars.all(char::is_lowercase));
            // A word that opens a new phrase ("Tasks - Create Item", "Note: Items") keeps its
            // capital, as does a part of a hyphenated word ("One-Time").
            let before = &text[..w.start];
            let opens = before.trim_end().ends_with(['-', '–', ':', '(', '|']);
            let hyphenated = before.ends_with('-') || text[w.end..].starts_with('-');
            first_upper
                && rest_lower
                && !opens
                && !hyphenated
                && !SPELLER.is_brand(word)
                && crate::spell::case_form(&lower).is_none()
                && !is_abbreviation_word(&lower)
                && !own(word)
                && SPELLER.check(&lower)
        })
        .collect()
}

declare_rule! {
    /// ## What it does
    /// Reports an operation summary in title case ("Send An Email": every word after the first,
    /// small words aside, starts with a capital) and gives the sentence-case form ("Send an
    /// email"). Only words the dictionary knows in lower case are lowered: names, brands,
    /// abbreviations, hyphenated words and the words of the connector's own names keep their
    /// capitals.
    ///
    /// Off by default: 327 merged certified connectors write summaries in title case. Enable it
    /// with `--select op-summary-sentence-case`. The fix is unsafe: a word may be a name the
    /// dictionary also knows as a common word.
    ///
    /// ## Why is this bad?
    /// Microsoft's style for action and trigger names is sentence case: "Send an email", "When a
    /// task is created". Mixed styles look unfinished next to Microsoft's own connectors.
    ///
    /// ## Example
    /// ```json
    /// { "summary": "Create A New Task" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "summary": "Create a new task" }
    /// ```
    pub OpSummarySentenceCase {
        id: "op-summary-sentence-case",
        category: Summary,
        level: Note,
        summary: "Operation summary is in title case, not sentence case",
        default_enabled: false,
        fix: Unsafe,
    }
}

impl Rule for OpSummarySentenceCase {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        if item.field != Field::OperationSummary || !shown(item, cx) || item.is_non_english() {
            return;
        }
        let text = item.text;
        let words = title_cased_words(text, |w| is_own_name_word(w, cx));
        if words.is_empty() {
            return;
        }
        let mut fixed = text.to_string();
        for w in words.iter().rev() {
            fixed.replace_range(w.clone(), &text[w.clone()].to_lowercase());
        }
        let edits = words
            .iter()
            .map(|w| Edit::replace(item.span_of(w.clone()), text[w.clone()].to_lowercase()))
            .collect();
        cx.report(
            Diagnostic::on(
                &Self::META,
                item,
                item.content_span(),
                format!("Use sentence case for the operation summary: \"{fixed}\""),
            )
            .with_fix(Fix {
                description: "Use sentence case".to_string(),
                edits,
            }),
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a trigger (`x-ms-trigger`) whose summary does not start with "When" ("When a task
    /// is created"). Internal triggers are not checked.
    ///
    /// Off by default: 95 merged certified connectors name triggers otherwise ("New task",
    /// "Orders poll"). Enable it with `--select op-summary-trigger-form`.
    ///
    /// ## Why is this bad?
    /// Microsoft's string guidelines name triggers by the event: "When a …". Flows then read as
    /// sentences, and the translations of every trigger follow one pattern.
    ///
    /// ## Example
    /// ```json
    /// { "summary": "New task", "x-ms-trigger": "batch" }
    /// ```
    ///
    /// Use instead: `"summary": "When a task is created"`.
    pub OpSummaryTriggerForm {
        id: "op-summary-trigger-form",
        category: Summary,
        level: Note,
        summary: "Trigger summary does not start with 'When'",
        default_enabled: false,
    }
}

impl Rule for OpSummaryTriggerForm {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations(cx, &Self::META, |_, op| {
            if get(op.op, "x-ms-trigger").is_none() || crate::swagger::is_internal(op.op) {
                return Vec::new();
            }
            let Some(summary) = get_str(op.op, "summary") else {
                return Vec::new();
            };
            let first = summary.value.split_whitespace().next().unwrap_or("");
            if first.is_empty() || first.eq_ignore_ascii_case("when") {
                return Vec::new();
            }
            vec![(
                summary.range(),
                format!("{}/summary", op.pointer),
                format!(
                    "The trigger's summary \"{}\" should say when it fires: \"When a …\"",
                    summary.value
                ),
            )]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `x-ms-summary` on an operation. The fix renames it to `summary` when the operation
    /// has none.
    ///
    /// ## Why is this bad?
    /// `x-ms-summary` is the label of parameters and response properties; an operation's name is
    /// its `summary`, and the designer ignores `x-ms-summary` there.
    ///
    /// ## Example
    /// ```json
    /// { "operationId": "CreateTask", "x-ms-summary": "Create a task" }
    /// ```
    ///
    /// Use instead: `"summary": "Create a task"`.
    pub OpXMsSummaryOnOperation {
        id: "op-x-ms-summary-on-operation",
        category: Summary,
        level: Note,
        summary: "x-ms-summary on an operation, whose name is its summary",
        fix: Unsafe,
    }
}

impl Rule for OpXMsSummaryOnOperation {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations_with(cx, |doc, op| {
            let member = prop(op.op, "x-ms-summary")?;
            let d = Diagnostic::new(
                &Self::META,
                doc.file,
                member.name.range(),
                format!("{}/x-ms-summary", op.pointer),
                "x-ms-summary is not read on an operation: its name in the designer is 'summary'",
            );
            let rename = get(op.op, "summary")
                .is_none()
                .then(|| Fix::replace("Rename to 'summary'", member.name.range(), "\"summary\""));
            Some(d.with_fix_if(rename))
        });
    }
}

/// The revision suffix an operation id may end with (`_V2`, `V2`): its start, if any.
fn revision_suffix(id: &str) -> Option<usize> {
    let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let before = &id[..id.len() - digits];
    let v = before.strip_suffix(['V', 'v'])?;
    Some(v.strip_suffix('_').unwrap_or(v).len())
}

/// The PascalCase form of an operation id: each part between underscores capitalised and joined,
/// a revision suffix kept.
fn pascal(id: &str) -> String {
    let (stem, suffix) = match revision_suffix(id) {
        Some(at) => id.split_at(at),
        None => (id, ""),
    };
    let mut out: String = stem
        .split('_')
        .map(|part| {
            // A part in capitals ("FILE") is a word, not an abbreviation run: "File".
            let part = if part.len() > 1 && part.chars().all(|c| !c.is_lowercase()) {
                part.to_lowercase()
            } else {
                part.to_string()
            };
            let mut c = part.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    out.push_str(suffix);
    out
}

declare_rule! {
    /// ## What it does
    /// Reports an `operationId` that is not PascalCase: one that starts with a lower-case letter
    /// (`getTasks`) or joins words with `_` (`Tasks_List`). A revision suffix (`GetTask_V2`) is
    /// accepted. Other punctuation is `op-operationid-sanitized`'s.
    ///
    /// Off by default: 97 merged certified connectors use `_` and 57 start with a lower-case
    /// letter. Enable it with `--select op-operationid-pascal`. There is no fix: renaming an
    /// operation id breaks every flow that uses it (`bc-operation-deleted`); use it for new
    /// operations.
    ///
    /// ## Why is this bad?
    /// Microsoft's coding standard asks for PascalCase ids, `GetMessages`: they name the actions
    /// in flows and the generated SDKs.
    ///
    /// ## Example
    /// ```json
    /// { "operationId": "tasks_list" }
    /// ```
    ///
    /// Use instead: `"operationId": "TasksList"`.
    pub OpOperationidPascal {
        id: "op-operationid-pascal",
        category: Operation,
        level: Note,
        summary: "operationId is not PascalCase",
        default_enabled: false,
    }
}

impl Rule for OpOperationidPascal {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations(cx, &Self::META, |_, op| {
            let Some(id) = get_str(op.op, "operationId") else {
                return Vec::new();
            };
            let value = id.value.as_ref();
            if value.is_empty() || value.contains(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            {
                return Vec::new();
            }
            let stem = &value[..revision_suffix(value).unwrap_or(value.len())];
            if !stem.starts_with(|c: char| c.is_ascii_lowercase()) && !stem.contains('_') {
                return Vec::new();
            }
            vec![(
                id.range(),
                format!("{}/operationId", op.pointer),
                format!(
                    "The operationId '{value}' is not PascalCase: '{}'",
                    pascal(value)
                ),
            )]
        });
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an operation whose `x-ms-api-annotation` gives a revision of 2 or more while its
    /// `operationId` does not end with that revision (`V2` or `_V2` for revision 2).
    ///
    /// The validator's expected suffix is not published; of the 171 operations in the corpus with
    /// a revision of 2 or more, 128 end with `V` and the revision, 73 of them after `_`, so both
    /// are accepted. A warning, as the validator's message says "should".
    ///
    /// ## Why is this bad?
    /// Operations of one family are told apart by their revision; an id that says another
    /// revision (or none) misleads whoever reads flows and SDKs. The validator warns with
    /// OperationIdShouldEndWithRevision.
    ///
    /// ## Example
    /// ```json
    /// { "operationId": "GetTask", "x-ms-api-annotation": { "family": "GetTask", "revision": 2 } }
    /// ```
    ///
    /// Use instead: `"operationId": "GetTask_V2"`.
    pub SwgOpidRevisionSuffix {
        id: "swg-opid-revision-suffix",
        category: Operation,
        level: Warning,
        summary: "operationId does not end with its revision",
        validator: "OperationIdShouldEndWithRevision",
    }
}

impl Rule for SwgOpidRevisionSuffix {
    fn check_connector(&self, cx: &mut Ctx<'_, '_>) {
        check_operations(cx, &Self::META, |doc, op| {
            let (Some(id), Some(annotation)) = (
                get_str(op.op, "operationId"),
                get_obj(op.op, "x-ms-api-annotation"),
            ) else {
                return Vec::new();
            };
            let Some(revision) = super::breaking::revision_of(doc.text, annotation) else {
                return Vec::new();
            };
            if revision < 2.0 || revision.fract() != 0.0 {
                return Vec::new();
            }
            let wanted = format!("V{revision}");
            let ends = revision_suffix(&id.value).is_some_and(|at| {
                id.value[at..]
                    .trim_start_matches('_')
                    .eq_ignore_ascii_case(&wanted)
            });
            if ends {
                return Vec::new();
            }
            vec![(
                id.range(),
                format!("{}/operationId", op.pointer),
                format!(
                    "The operation Id '{}' should end with revision suffix '{wanted}'.",
                    id.value
                ),
            )]
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{pascal, revision_suffix};

    #[test]
    fn pascal_forms() {
        assert_eq!(pascal("tasks_list"), "TasksList");
        assert_eq!(pascal("getTask_V2"), "GetTask_V2");
        assert_eq!(pascal("GetTaskV3"), "GetTaskV3");
        assert_eq!(pascal("FILE_DOWNLOAD_BY_URL"), "FileDownloadByUrl");
        assert_eq!(revision_suffix("GetTask_V2"), Some(7));
        assert_eq!(revision_suffix("GetTaskV12"), Some(7));
        assert_eq!(revision_suffix("GetTask"), None);
        assert_eq!(revision_suffix("Get2"), None);
    }
}
