//! Power Platform product names in user-facing strings (RULES.md §12).
//!
//! The lists are `dictionaries/product-names.txt` (tiers A and B, on by default) and
//! `dictionaries/product-names-legacy.txt` (tier C, opt-in). A name of several words matches in any
//! case and with any white space or hyphens between its words (`Power-Apps`, `PowerApps`,
//! `power  apps`, a non-breaking space);
//! a single-word name (`CDS`, `Flow`, `Dataverse`) matches only as written, so that the common word
//! "flow" is left alone. Matches must start and end on word boundaries.

use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::{declare_rule, Ctx, Level, Rule, RuleMeta};
use crate::diagnostic::Diagnostic;
use crate::extract::{Field, TextItem};
use crate::language::Text;

/// A compiled product-name list.
pub struct ProductNames {
    /// The first word of every multi-word name in three casings, and every single-word name: run
    /// once over a whole file ([`ProductNames::hints`]), it rules out almost every string before
    /// the folded copy is built.
    hints: AhoCorasick,
    /// Multi-word names, matched on the text with spaces and hyphens removed, ASCII case folded.
    folded: AhoCorasick,
    folded_names: Vec<&'static str>,
    /// Single-word names, matched as written.
    exact: AhoCorasick,
    exact_names: Vec<&'static str>,
}

impl ProductNames {
    pub fn new(list: &'static str) -> ProductNames {
        let (multi, single): (Vec<&str>, Vec<&str>) = list
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .partition(|l| l.contains(' '));
        let fold = |s: &str| -> String {
            s.chars()
                .filter(|c| *c != ' ' && *c != '-')
                .map(|c| c.to_ascii_lowercase())
                .collect()
        };
        // Lower, Title and UPPER case of each first word: exact patterns let aho-corasick use its
        // SIMD prefilter, which an ASCII case-insensitive search cannot.
        let mut firsts: Vec<String> = Vec::new();
        for name in &multi {
            let w = name.split(' ').next().unwrap_or(name);
            let lower = w.to_ascii_lowercase();
            let title = lower[..1].to_ascii_uppercase() + &lower[1..];
            firsts.extend([lower, title, w.to_ascii_uppercase()]);
        }
        firsts.extend(single.iter().map(|s| s.to_string()));
        firsts.sort();
        firsts.dedup();
        // Leftmost-first lets aho-corasick use its SIMD (Teddy) searcher.
        let hints = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&firsts)
            .expect("product names compile");
        let folded = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(multi.iter().map(|s| fold(s)))
            .expect("product names compile");
        let exact = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&single)
            .expect("product names compile");
        ProductNames {
            hints,
            folded,
            folded_names: multi,
            exact,
            exact_names: single,
        }
    }

    /// Sorted start offsets in a whole file's text where a product name may begin. A string whose
    /// literal holds none of them cannot contain a name (in the three usual casings of its first
    /// word).
    pub fn hints(&self, text: &str) -> Vec<usize> {
        // Non-overlapping, in order: a name cannot start inside another name's first word.
        self.hints.find_iter(text).map(|m| m.start()).collect()
    }

    /// Product names in `text`: (byte range in `text`, canonical name), in order.
    pub fn find(&self, text: &str) -> Vec<(Range<usize>, &'static str)> {
        let mut found = Vec::new();
        if !self.folded_names.is_empty() {
            let mut folded = String::with_capacity(text.len());
            let mut map = Vec::with_capacity(text.len());
            for (i, c) in text.char_indices() {
                if c.is_whitespace() || c == '-' {
                    continue;
                }
                let lc = c.to_ascii_lowercase();
                for _ in 0..lc.len_utf8() {
                    map.push(i);
                }
                folded.push(lc);
            }
            for m in self.folded.find_iter(&folded) {
                let start = map[m.start()];
                let last = map[m.end() - 1];
                let end = last + text[last..].chars().next().map_or(1, char::len_utf8);
                if on_word_boundaries(text, start..end) {
                    found.push((start..end, self.folded_names[m.pattern().as_usize()]));
                }
            }
        }
        for m in self.exact.find_iter(text) {
            if on_word_boundaries(text, m.start()..m.end()) {
                found.push((m.start()..m.end(), self.exact_names[m.pattern().as_usize()]));
            }
        }
        // A name inside a URL ("https://example.com/power-automate/guide") is part of an address,
        // not a product named to the user.
        found.retain(|(r, _)| !in_url(text, r));
        // Longest first at each start, then drop names inside another ("Flow" in "Microsoft Flow").
        found.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
        let mut kept: Vec<(Range<usize>, &'static str)> = Vec::with_capacity(found.len());
        for (r, name) in found {
            if kept.last().is_none_or(|(k, _)| r.start >= k.end) {
                kept.push((r, name));
            }
        }
        kept
    }
}

fn on_word_boundaries(text: &str, r: Range<usize>) -> bool {
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

pub static PRODUCT_NAMES: LazyLock<ProductNames> =
    LazyLock::new(|| ProductNames::new(include_str!("../../dictionaries/product-names.txt")));
pub static LEGACY_PRODUCT_NAMES: LazyLock<ProductNames> = LazyLock::new(|| {
    ProductNames::new(include_str!("../../dictionaries/product-names-legacy.txt"))
});

/// Which list a rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// Tiers A and B.
    Default,
    /// Tier C.
    Legacy,
}

/// Whether `range` of `text` lies in a URL: a run without white space that holds `://` or starts
/// with `www.`.
fn in_url(text: &str, range: &Range<usize>) -> bool {
    let start = text[..range.start]
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + 1);
    let end = text[range.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| range.end + i);
    let token = text[start..end].trim_start_matches(['(', '[', '<', '"', '\'']);
    token.contains("://") || token.starts_with("www.")
}

impl List {
    fn names(self) -> &'static ProductNames {
        match self {
            List::Default => &PRODUCT_NAMES,
            List::Legacy => &LEGACY_PRODUCT_NAMES,
        }
    }
}

/// Per-file hints of where product names may start, computed on first use (one pass over each
/// file's text instead of one search per string).
#[derive(Debug, Default)]
pub struct Hints {
    default: Vec<OnceLock<Vec<usize>>>,
    legacy: Vec<OnceLock<Vec<usize>>>,
}

impl Hints {
    pub fn new(files: usize) -> Hints {
        Hints {
            default: (0..files).map(|_| OnceLock::new()).collect(),
            legacy: (0..files).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Whether `item` may contain a name of `list`.
    fn may_contain(&self, list: List, item: &TextItem<'_>) -> bool {
        let slots = match list {
            List::Default => &self.default,
            List::Legacy => &self.legacy,
        };
        let Some(slot) = slots.get(item.file.0 as usize) else {
            return true;
        };
        let hints = slot.get_or_init(|| list.names().hints(item.source));
        let i = hints.partition_point(|&h| h < item.literal.start);
        hints.get(i).is_some_and(|&h| h < item.literal.end)
    }
}

/// Whether the connector's title holds `name` (looked up only when a string names a product).
fn own_title_names(cx: &Ctx<'_, '_>, list: List, name: &str) -> bool {
    cx.connector
        .items
        .iter()
        .find(|i| i.field == Field::ConnectorTitle)
        .is_some_and(|t| list.names().find(t.text).iter().any(|(_, n)| *n == name))
}

/// Report every product name of `list` in `item`, one finding per name, on the name itself.
pub fn report_product_names(
    item: &TextItem<'_>,
    cx: &mut Ctx<'_, '_>,
    meta: &'static RuleMeta,
    level: Level,
    list: List,
    what: &str,
) {
    // A string of an internal element is never shown (as for the language rules).
    if !super::shown(item, cx) || !cx.connector.product_hints.may_contain(list, item) {
        return;
    }
    for (range, name) in list.names().find(item.text) {
        let found = &item.text[range.clone()];
        // A connector whose own title holds the name ("Robots for Power BI", merged before the
        // rule) names its product in every string: the title rule reports the title once.
        if item.field != Field::ConnectorTitle && own_title_names(cx, list, name) {
            continue;
        }
        // "Power Platform" names the platform, not one of its products: it is not among the
        // validator's restricted words ('power apps, power automate, logic apps'), and a 2023
        // change with it in the description passed (shared/history, Emigo). A warning at most.
        let level = if name.ends_with("Power Platform") {
            level.min(Level::Warning)
        } else {
            level
        };
        cx.report(
            Diagnostic::on(meta, item, item.span_of(range),
                format!("The {what} contains the Power Platform product name '{found}'"),
            )
            .with_level(level)
            .with_help(format!(
                "Connectors are shown inside several Power Platform products; name your own service instead of '{name}'."
            )),
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports Power Platform product names (Power Apps, Power Automate, Power BI, Power Pages,
    /// Power Platform, Copilot Studio, Logic Apps) in any user-facing string other than the title,
    /// the connector description and operation summaries, which have rules of their own.
    ///
    /// The finding is an error in operation descriptions and in parameter `x-ms-summary` and
    /// `description`, which the certification documents name, and a warning in every other string.
    /// Not reported: a name inside a URL, strings users never see (internal elements), and a name
    /// the connector's own title holds ("Robots for Power BI", merged before the rule), which
    /// `title-no-product-names` reports once.
    ///
    /// ## Why is this bad?
    /// "Can't contain any of the Microsoft Power Platform product names." A connector appears in
    /// several products, so a string naming one of them is wrong in the others, and product names
    /// change (Microsoft Flow became Power Automate).
    ///
    /// ## Example
    /// ```json
    /// { "name": "folder", "description": "The folder to use in Power Automate." }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "name": "folder", "description": "The folder that holds the files." }
    /// ```
    pub TextNoProductNames {
        id: "text-no-product-names",
        category: ProductName,
        level: Error,
        summary: "User-facing string names a Power Platform product",
        validator: "ValueContainsRestrictedWords",
    }
}

impl Rule for TextNoProductNames {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        let level = match item.field {
            Field::ConnectorTitle | Field::ConnectorDescription | Field::OperationSummary => return,
            Field::OperationDescription | Field::ParameterSummary | Field::ParameterDescription => {
                Level::Error
            }
            _ => Level::Warning,
        };
        report_product_names(
            item,
            cx,
            &Self::META,
            level,
            List::Default,
            item.field.as_str(),
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Reports former and secondary Power Platform names in any user-facing string: Microsoft Flow,
    /// Power Virtual Agents (PVA), Power Apps portals, Dataverse, Common Data Service (CDS),
    /// AI Builder, Power Fx, Power Query, and "Flow" written as a name.
    ///
    /// Off by default: some of these names are also ordinary words or other companies' products.
    /// Turn it on with `extend-select = ["legacy-product-names"]`.
    ///
    /// ## Why is this bad?
    /// The certification rules ban "any of our other Power Platform product names"; these are the
    /// older or less central ones, and they read as outdated to users.
    ///
    /// ## Example
    /// ```json
    /// { "summary": "Create a Flow run" }
    /// ```
    ///
    /// Use instead:
    /// ```json
    /// { "summary": "Create a run" }
    /// ```
    pub LegacyProductNames {
        id: "legacy-product-names",
        category: ProductName,
        level: Warning,
        summary: "User-facing string names a former or secondary Power Platform product",
        default_enabled: false,
    }
}

impl Rule for LegacyProductNames {
    fn check_text(&self, item: &Text<'_, '_>, cx: &mut Ctx<'_, '_>) {
        report_product_names(
            item,
            cx,
            &Self::META,
            Self::META.level,
            List::Legacy,
            item.field.as_str(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&str> {
        PRODUCT_NAMES
            .find(text)
            .into_iter()
            .map(|(r, _)| &text[r])
            .collect::<Vec<_>>()
    }

    #[test]
    fn multi_word_names_tolerate_case_spacing_and_hyphens() {
        assert_eq!(
            names("Use it in Power Apps, PowerApps or power-automate."),
            ["Power Apps", "PowerApps", "power-automate"]
        );
        assert_eq!(
            names("Azure Logic Apps and Copilot Studio"),
            ["Azure Logic Apps", "Copilot Studio"]
        );
    }

    #[test]
    fn names_inside_urls_are_addresses() {
        assert_eq!(
            names("Guide: https://example.com/power-automate/ocr (see www.x.com/powerapps). Power BI too."),
            ["Power BI"]
        );
    }

    #[test]
    fn word_boundaries_are_required() {
        assert!(names("Empower Apps and Power Appsuite").is_empty());
    }

    #[test]
    fn single_word_legacy_names_match_only_as_written() {
        let found: Vec<_> = LEGACY_PRODUCT_NAMES
            .find("The flow of data into CDS and Flow")
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        assert_eq!(found, ["CDS", "Flow"]);
        let found: Vec<_> = LEGACY_PRODUCT_NAMES
            .find("Use Microsoft Flow or Microsoft Dataverse")
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        assert_eq!(
            found,
            ["Microsoft Flow", "Microsoft Dataverse"],
            "no second finding for the name inside"
        );
    }

    #[test]
    fn any_white_space_separates_words() {
        assert_eq!(
            names("Power\u{a0}Apps and Power\tBI"),
            ["Power\u{a0}Apps", "Power\tBI"]
        );
    }
}
