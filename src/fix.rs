//! `check --fix` and `--diff`: apply the fixes that findings carry, byte for byte.
//!
//! A fix is a list of edits, each a byte range of the file's decoded text and its replacement in
//! source form (already escaped for a JSON string). Applying one changes only those bytes: the
//! indentation, key order, line endings, escapes, byte order mark and final newline of the rest
//! of the file stay as they were.
//!
//! - **Which fixes:** those of findings whose rule declares a safe fix (`FixKind::Safe`), and with
//!   `--unsafe-fixes` the unsafe ones too. Findings that `[[ignore]]` silences are not in the
//!   report, so they are not fixed.
//! - **Overlaps:** a file's fixes are taken in order of position (then rule id), and a fix whose
//!   edits overlap or touch an edit already taken waits for the next pass: the run checks the
//!   fixed files again and repeats, as ruff does, until no fix is left ([`MAX_PASSES`]).
//! - **Writing:** each file is read again and compared with what was checked (a file changed
//!   meanwhile is left alone), the fixed JSON must still parse, and the new bytes go to a
//!   temporary file beside the original that is renamed over it, with the original's permission
//!   bits. A read-only file is reported, not written (a rename would ignore its mode), and a
//!   symbolic link is written through only when its target lies inside the checked folders.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Edit};
use crate::lint::Report;
use crate::meta::FixKind;
use crate::source::{FileKind, SourceFile};

/// The most passes of fix-then-check a run makes. Fixes that overlap wait one pass each; more
/// than a few passes would mean fixes that undo each other.
pub const MAX_PASSES: usize = 10;

/// Whether `--fix` applies the fix of `d`.
pub fn applicable(d: &Diagnostic, unsafe_fixes: bool) -> bool {
    d.fix.as_ref().is_some_and(|f| !f.edits.is_empty())
        && match d.rule.fix {
            FixKind::None => false,
            FixKind::Safe => true,
            FixKind::Unsafe => unsafe_fixes,
        }
}

/// The fixes of one file that a pass applies.
#[derive(Debug)]
pub struct FilePlan<'r> {
    pub file: &'r SourceFile,
    /// The edits of the fixes taken, sorted by position, none overlapping another.
    pub edits: Vec<&'r Edit>,
    /// The fixes taken.
    pub fixes: Vec<&'r Diagnostic>,
    /// Fixes left for a later pass because they overlap one taken.
    pub deferred: usize,
}

/// Whether two edits cannot both be applied: their ranges overlap, one inserts inside the other's
/// range, or both insert at the same place (the order of the two insertions would be a guess).
fn conflicts(a: &Edit, b: &Edit) -> bool {
    let (a, b) = (&a.span, &b.span);
    a.start.max(b.start) < a.end.min(b.end)
        || (a.is_empty() && b.start < a.start && a.start < b.end)
        || (b.is_empty() && a.start < b.start && b.start < a.end)
        || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

/// Plan the fixes of every file of `report` (files in report order), skipping the files in
/// `skip` (ones a previous pass could not write).
pub fn plan<'r>(report: &'r Report, unsafe_fixes: bool, skip: &[PathBuf]) -> Vec<FilePlan<'r>> {
    report
        .files
        .iter()
        .filter(|f| !f.source.lossy && !skip.contains(&f.source.path))
        .filter_map(|f| {
            let plan = plan_file(&f.source, &f.diagnostics, unsafe_fixes);
            (!plan.fixes.is_empty()).then_some(plan)
        })
        .collect()
}

/// Plan the fixes of one file's findings.
pub fn plan_file<'r>(
    file: &'r SourceFile,
    diagnostics: &'r [Diagnostic],
    unsafe_fixes: bool,
) -> FilePlan<'r> {
    let mut candidates: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| applicable(d, unsafe_fixes))
        .collect();
    let first = |d: &Diagnostic| {
        let edits = &d.fix.as_ref().expect("applicable").edits;
        let start = edits.iter().map(|e| e.span.start).min().unwrap_or(0);
        let end = edits.iter().map(|e| e.span.end).max().unwrap_or(0);
        (start, end)
    };
    candidates
        .sort_by(|a, b| (first(a), a.rule.id, &a.message).cmp(&(first(b), b.rule.id, &b.message)));
    let mut plan = FilePlan {
        file,
        edits: Vec::new(),
        fixes: Vec::new(),
        deferred: 0,
    };
    let key = |e: &Edit| (e.span.start, e.span.end);
    for d in candidates {
        let edits = &d.fix.as_ref().expect("applicable").edits;
        if edits.iter().any(|e| {
            conflicts_with_taken(e, &plan.edits)
                || edits.iter().any(|o| !std::ptr::eq(o, e) && conflicts(e, o))
        }) {
            plan.deferred += 1;
            continue;
        }
        for e in edits {
            // Kept sorted; fixes come in order of position, so this is nearly always the end.
            let at = plan.edits.partition_point(|t| key(t) < key(e));
            plan.edits.insert(at, e);
        }
        plan.fixes.push(d);
    }
    plan
}

/// Whether `e` conflicts with one of `taken`, which are sorted by start (then end) and do not
/// conflict with each other: such edits end in the order they start, so only the two that `e`
/// falls between can conflict with it. (A file's plan then costs one binary search a fix, not a
/// comparison with every fix taken.)
fn conflicts_with_taken(e: &Edit, taken: &[&Edit]) -> bool {
    let at = taken.partition_point(|t| (t.span.start, t.span.end) < (e.span.start, e.span.end));
    taken[at.saturating_sub(1)..(at + 1).min(taken.len())]
        .iter()
        .any(|t| conflicts(e, t))
}

/// `text` with `edits` applied. `edits` are sorted and do not overlap (as [`plan_file`] leaves
/// them). An edit outside the text or inside a character is an error (a bug in a rule), and then
/// nothing is applied.
pub fn apply_edits(text: &str, edits: &[&Edit]) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in edits {
        let r = &e.span;
        if r.start < at
            || r.end < r.start
            || r.end > text.len()
            || !text.is_char_boundary(r.start)
            || !text.is_char_boundary(r.end)
        {
            return Err(format!(
                "an edit at bytes {}..{} does not fit the file (a bug: please report it)",
                r.start, r.end
            ));
        }
        out.push_str(&text[at..r.start]);
        out.push_str(&e.replacement);
        at = r.end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

/// A file's bytes before and after its fixes.
#[derive(Debug)]
pub struct Fixed {
    /// Where the bytes are written: the file, or the target of a link to it.
    pub target: PathBuf,
    pub before: Vec<u8>,
    pub after: Vec<u8>,
}

/// Read the file of `plan` again and apply its edits, checking on the way that it can be written:
/// the error says why not. `roots` are the checked folders, canonical.
pub fn prepare(plan: &FilePlan<'_>, roots: &[PathBuf]) -> Result<Fixed, String> {
    let file = plan.file;
    let path = &file.path;
    let link = std::fs::symlink_metadata(path)
        .map_err(|e| format!("cannot read it again: {e}"))?
        .file_type()
        .is_symlink();
    let target = std::fs::canonicalize(path).map_err(|e| format!("cannot resolve it: {e}"))?;
    if link && !roots.iter().any(|r| target.starts_with(r)) {
        return Err(format!(
            "is a symbolic link to {}, outside the checked folders: not fixed",
            target.display()
        ));
    }
    let meta = std::fs::metadata(&target).map_err(|e| format!("cannot read it again: {e}"))?;
    // Checked on the mode bits: a rename would replace a read-only file, and root may write
    // to any file.
    if meta.permissions().readonly() {
        return Err("is read-only: not fixed".to_string());
    }
    let before = std::fs::read(&target).map_err(|e| format!("cannot read it again: {e}"))?;
    let changed = || "changed since it was checked: not fixed (check it again)".to_string();
    let body = before.get(file.bom_len..).ok_or_else(changed)?;
    if file.bom_len > 0 && !before.starts_with(b"\xEF\xBB\xBF") {
        return Err(changed());
    }
    let text = std::str::from_utf8(body).map_err(|_| changed())?;
    let same = match (&file.text_hash, file.text.is_empty()) {
        (Some(h), _) => SourceFile::hash_text(text) == *h,
        (None, false) => text == file.text,
        (None, true) => false,
    };
    if !same {
        return Err(changed());
    }
    let fixed = apply_edits(text, &plan.edits)?;
    if file.kind != FileKind::Readme && file.kind != FileKind::Icon {
        // The original is parsed again only when the fixed text does not parse: a file that
        // did not parse before may still not.
        let parses = |t: &str| crate::json::parser::parse(t).result.is_ok();
        if !parses(&fixed) && parses(text) {
            return Err(
                "its fixes would break the JSON (a bug: please report it): not fixed".to_string(),
            );
        }
    }
    let mut after = before[..file.bom_len].to_vec();
    after.extend_from_slice(fixed.as_bytes());
    Ok(Fixed {
        target,
        before,
        after,
    })
}

/// Write `fixed.after` over its target: through a temporary file beside it, renamed over it,
/// with the target's permission bits. The target is compared with `fixed.before` once more just
/// before the rename, so that an edit made meanwhile is not lost.
pub fn write(fixed: &Fixed) -> Result<(), String> {
    let mut changed = false;
    crate::source::replace_file(
        &fixed.target,
        true,
        |w| w.write_all(&fixed.after),
        || {
            changed = std::fs::read(&fixed.target).ok().as_deref() != Some(&fixed.before[..]);
            match changed {
                true => Err(std::io::Error::other("changed")),
                false => Ok(()),
            }
        },
    )
    .map_err(|e| match changed {
        true => "changed while it was being fixed: not fixed (check it again)".to_string(),
        false => format!("cannot write the fixed file: {e}"),
    })
}

/// What one pass did to one file.
#[derive(Debug)]
pub struct FileOutcome {
    /// The path shown to users.
    pub display: String,
    pub path: PathBuf,
    pub fixes: usize,
    pub deferred: usize,
    /// The bytes before and after, or why the file was not fixed.
    pub result: Result<Fixed, String>,
}

/// Prepare every plan in parallel, and write the results unless `dry_run`. Outcomes are in plan
/// order, whatever the thread count.
pub fn run_pass(plans: &[FilePlan<'_>], roots: &[PathBuf], dry_run: bool) -> Vec<FileOutcome> {
    plans
        .par_iter()
        .map(|p| {
            let result = prepare(p, roots).and_then(|fixed| {
                if !dry_run {
                    write(&fixed)?;
                }
                Ok(fixed)
            });
            FileOutcome {
                display: p.file.display.clone(),
                path: p.file.path.clone(),
                fixes: p.fixes.len(),
                deferred: p.deferred,
                result,
            }
        })
        .collect()
}

/// A unified diff of one file's fix, with three lines of context, as `git diff` prints it.
pub fn unified_diff(display: &str, fixed: &Fixed) -> String {
    let before = String::from_utf8_lossy(&fixed.before);
    let after = String::from_utf8_lossy(&fixed.after);
    similar::TextDiff::from_lines(before.as_ref(), after.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{display}"), &format!("b/{display}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Position;

    fn edit(span: std::ops::Range<usize>, replacement: &str) -> Edit {
        Edit {
            span,
            replacement: replacement.to_string(),
            start: Position::default(),
            end: Position::default(),
        }
    }

    #[test]
    fn edits_apply_in_order_and_leave_the_rest() {
        let (a, b) = (edit(4..6, "ID"), edit(12..12, "."));
        let text = "get id of it";
        assert_eq!(apply_edits(text, &[&a, &b]).unwrap(), "get ID of it.");
        assert!(apply_edits(text, &[&b, &a]).is_err(), "out of order");
        assert!(
            apply_edits("é", &[&edit(1..1, "x")]).is_err(),
            "inside a character"
        );
        assert!(
            apply_edits(text, &[&edit(12..13, "")]).is_err(),
            "past the end"
        );
    }

    #[test]
    fn checking_the_neighbours_of_taken_edits_finds_every_conflict() {
        // Greedy planning over random spans: the neighbour check takes exactly what a check
        // against every taken edit takes.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        for _ in 0..200 {
            let mut spans: Vec<Edit> = (0..30)
                .map(|_| {
                    let start = next(40);
                    edit(start..start + next(4), "")
                })
                .collect();
            spans.sort_by_key(|e| (e.span.start, e.span.end));
            let (mut fast, mut all): (Vec<&Edit>, Vec<&Edit>) = (Vec::new(), Vec::new());
            for e in &spans {
                if !conflicts_with_taken(e, &fast) {
                    let at = fast.partition_point(|t| {
                        (t.span.start, t.span.end) < (e.span.start, e.span.end)
                    });
                    fast.insert(at, e);
                }
                if !all.iter().any(|t| conflicts(e, t)) {
                    all.push(e);
                }
            }
            let spans_of = |v: &[&Edit]| v.iter().map(|e| e.span.clone()).collect::<Vec<_>>();
            assert_eq!(spans_of(&fast), spans_of(&all));
        }
    }

    #[test]
    fn overlapping_and_same_point_edits_conflict_touching_ones_do_not() {
        let c = |a: std::ops::Range<usize>, b: std::ops::Range<usize>| {
            conflicts(&edit(a, ""), &edit(b, ""))
        };
        assert!(c(0..4, 2..6));
        assert!(c(3..3, 0..6), "an insertion inside a replaced range");
        assert!(c(3..3, 3..3), "two insertions at one place");
        assert!(c(3..3, 3..5), "an insertion where a replacement starts");
        assert!(!c(0..3, 3..6), "touching ranges");
        assert!(!c(0..3, 3..3), "an insertion where a replacement ends");
        assert!(!c(0..2, 4..6));
    }
}
