//! Cross-connector rules: run once over every connector of a run, after each was checked on its own.
//! Each connector contributes a few [`Facts`] (its title, its icon's pixels, its operation
//! descriptions); the findings name the other connector(s).

use std::collections::BTreeMap;
use std::ops::Range;

use super::{declare_rule, Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, FileId};
use crate::extract::{Field, TextItem};
use crate::source::SourceFile;

/// Where a fact sits, resolved while the connector's files are in memory.
#[derive(Debug, Clone)]
pub struct Site {
    pub file: FileId,
    pub span: Range<usize>,
    pub pointer: Box<str>,
    pub start: crate::source::Position,
    pub end: crate::source::Position,
    pub text_hash: u64,
}

impl Site {
    fn of(file: &SourceFile, id: FileId, span: Range<usize>, pointer: &str) -> Site {
        let (start, end) = file.range_positions(&span);
        Site {
            file: id,
            text_hash: crate::diagnostic::text_hash(file.text.get(span.clone()).unwrap_or("")),
            span,
            pointer: pointer.into(),
            start,
            end,
        }
    }
}

/// What one connector tells the cross-connector rules.
#[derive(Debug, Default)]
pub struct Facts {
    /// The connector's folder, as shown to users.
    pub name: String,
    /// The title, normalized (lower case, white space collapsed).
    pub title: Option<(String, Site)>,
    /// The icon: a hash of its decoded pixels and its 64-bit difference hash.
    pub icon: Option<(u64, u64, Site)>,
    /// Operation descriptions, normalized, each once.
    pub descriptions: Vec<(String, Site)>,
    /// The publisher of apiProperties.json, normalized: connectors of one publisher (regional
    /// copies, a product's family) share their descriptions by design.
    pub publisher: Option<String>,
}

/// Lower case with runs of white space made one space: how two texts are compared.
pub fn normalize(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The facts of one connector: `items` are its strings, `files` its files. Its name is set by
/// the run, which knows where paths start.
pub fn facts(
    files: &[SourceFile],
    items: &[TextItem<'_>],
    icon: Option<&crate::connector::DecodedIcon>,
    publisher: Option<&str>,
) -> Facts {
    let site = |item: &TextItem<'_>| {
        Site::of(
            &files[item.file.0 as usize],
            item.file,
            item.content_span(),
            &item.pointer,
        )
    };
    let mut facts = Facts {
        publisher: publisher.map(normalize).filter(|p| !p.is_empty()),
        ..Facts::default()
    };
    let mut seen = std::collections::HashSet::new();
    for item in items {
        match item.field {
            Field::ConnectorTitle if facts.title.is_none() => {
                let t = normalize(item.text);
                if !t.is_empty() {
                    facts.title = Some((t, site(item)));
                }
            }
            Field::OperationDescription if !item.owner.internal => {
                let d = normalize(item.text);
                // Short texts ("Gets the item.") repeat by nature; only sentences of substance count.
                if d.split(' ').count() >= 6 && seen.insert(d.clone()) {
                    facts.descriptions.push((d, site(item)));
                }
            }
            _ => {}
        }
    }
    if let Some(decoded) = icon {
        if let Ok(img) = &decoded.image {
            let f = &files[decoded.file.0 as usize];
            let exact = {
                use std::hash::{BuildHasher, Hasher};
                let mut h = foldhash::fast::FixedState::with_seed(7).build_hasher();
                h.write_u32(img.width);
                h.write_u32(img.height);
                h.write(&img.rgba);
                h.finish()
            };
            let site = Site {
                file: decoded.file,
                span: 0..0,
                pointer: "".into(),
                start: f.position(0),
                end: f.position(0),
                text_hash: exact,
            };
            facts.icon = Some((exact, difference_hash(img), site));
        }
    }
    facts
}

/// A 64-bit difference hash: the image shrunk to 9×8 grey cells (box averages), each bit saying
/// whether a cell is brighter than its right neighbour. Resizing, re-encoding and small edits
/// change few bits.
pub fn difference_hash(img: &crate::icon::Icon) -> u64 {
    let (w, h) = (img.width as usize, img.height as usize);
    if w == 0 || h == 0 {
        return 0;
    }
    let mut cells = [[0f64; 9]; 8];
    for (cy, row) in cells.iter_mut().enumerate() {
        let (y0, y1) = (cy * h / 8, ((cy + 1) * h / 8).max(cy * h / 8 + 1).min(h));
        for (cx, cell) in row.iter_mut().enumerate() {
            let (x0, x1) = (cx * w / 9, ((cx + 1) * w / 9).max(cx * w / 9 + 1).min(w));
            let (mut sum, mut n) = (0f64, 0f64);
            for y in y0..y1 {
                for x in x0..x1 {
                    let p = &img.rgba[(y * w + x) * 4..(y * w + x) * 4 + 4];
                    // Transparent pixels count as white, as on a light page.
                    let a = f64::from(p[3]) / 255.0;
                    let grey =
                        0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2]);
                    sum += grey * a + 255.0 * (1.0 - a);
                    n += 1.0;
                }
            }
            *cell = sum / n.max(1.0);
        }
    }
    let mut bits = 0u64;
    for row in &cells {
        for x in 0..8 {
            bits = (bits << 1) | u64::from(row[x] > row[x + 1]);
        }
    }
    bits
}

/// Icons whose difference hashes differ in at most this many of 64 bits are near-identical.
pub const SIMILAR_ICON_BITS: u32 = 4;

/// How many connectors must share an operation description before it is reported.
pub const REUSED_DESCRIPTION_MIN: usize = 5;

declare_rule! {
    /// ## What it does
    /// Reports connectors of one run whose titles are the same once case and white space are
    /// ignored, naming the other connectors.
    ///
    /// ## Why is this bad?
    /// Users pick connectors by title: two connectors called "Contoso" cannot be told apart in the
    /// designer, and certification rejects a title that is already taken.
    ///
    /// ## Example
    /// `certified-connectors/Contoso/apiDefinition.swagger.json` and
    /// `custom-connectors/Contoso Tasks/apiDefinition.swagger.json` both have
    /// `"title": "Contoso"`.
    ///
    /// Use instead: a title that names the service and what sets this connector apart
    /// (`"Contoso Tasks"`).
    pub CorpusDuplicateTitle {
        id: "corpus-duplicate-title",
        category: Corpus,
        level: Warning,
        summary: "Connector title already used by another connector",
    }
}

impl Rule for CorpusDuplicateTitle {}

declare_rule! {
    /// ## What it does
    /// Reports connectors of one run whose `icon.png` files decode to the same pixels, naming the
    /// other connectors.
    ///
    /// ## Why is this bad?
    /// The icon is how users recognise a connector in the designer; a copied icon (often a
    /// template's) makes two connectors look like one.
    ///
    /// ## Example
    /// Two connectors ship the same placeholder icon.
    ///
    /// Use instead: each connector's own logo.
    pub CorpusIdenticalIcon {
        id: "corpus-identical-icon",
        category: Corpus,
        level: Warning,
        summary: "Icon identical to another connector's",
    }
}

impl Rule for CorpusIdenticalIcon {}

declare_rule! {
    /// ## What it does
    /// Reports connectors of one run whose icons are near-identical but not the same pixels: their
    /// 64-bit difference hashes (the icon shrunk to 9×8 grey cells, one bit per pair of
    /// neighbours) differ in at most 4 bits. Resizing, re-encoding or a small edit keeps the hash.
    ///
    /// ## Why is this bad?
    /// Users tell connectors apart by their icons; a lightly edited copy of another connector's
    /// icon is as confusing as an identical one.
    ///
    /// ## Example
    /// One connector's icon is another's, re-exported at a different size.
    ///
    /// Use instead: each connector's own logo.
    pub CorpusSimilarIcon {
        id: "corpus-similar-icon",
        category: Corpus,
        level: Note,
        summary: "Icon nearly identical to another connector's",
    }
}

impl Rule for CorpusSimilarIcon {}

declare_rule! {
    /// ## What it does
    /// Reports an operation description (of at least 6 words) that connectors of 5 or more
    /// publishers in one run use word for word, ignoring case and white space. Connectors of one
    /// publisher (regional copies, a product family) count once: they share text by design.
    ///
    /// ## Why is this bad?
    /// A description copied across connectors was written for none of them: it rarely says what
    /// this operation does with this service, and translators see the same vague sentence again
    /// and again.
    ///
    /// ## Example
    /// `"description": "This operation is used to get the data from the service."` in five
    /// connectors.
    ///
    /// Use instead: what the operation returns or changes, in this service's terms.
    pub CorpusReusedDescription {
        id: "corpus-reused-description",
        category: Corpus,
        level: Note,
        summary: "Operation description reused across many connectors",
    }
}

impl Rule for CorpusReusedDescription {}

/// A cross-connector finding: the connector (index into the facts), its site, and the message.
pub struct CorpusFinding {
    pub connector: usize,
    pub diagnostic: Diagnostic,
}

fn names(facts: &[Facts], others: impl Iterator<Item = usize>) -> String {
    let all: Vec<&str> = others.map(|i| facts[i].name.as_str()).collect();
    const SHOWN: usize = 5;
    let mut s = all
        .iter()
        .take(SHOWN)
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ");
    if all.len() > SHOWN {
        s.push_str(&format!(" and {} more", all.len() - SHOWN));
    }
    s
}

fn finding(
    meta: &'static RuleMeta,
    connector: usize,
    site: &Site,
    message: String,
) -> CorpusFinding {
    let mut d = Diagnostic::new(meta, site.file, site.span.clone(), &*site.pointer, message);
    d.start = site.start;
    d.end = site.end;
    d.text_hash = site.text_hash;
    CorpusFinding {
        connector,
        diagnostic: d,
    }
}

/// The cross-connector findings over `facts` (one per connector, in run order). The output order
/// depends only on that order.
pub fn check_corpus(facts: &[Facts]) -> Vec<CorpusFinding> {
    let mut out = Vec::new();
    // Groups of connectors by a shared key, each group in run order.
    fn groups<K: Ord>(keys: impl Iterator<Item = (K, usize)>) -> Vec<Vec<usize>> {
        let mut by: BTreeMap<K, Vec<usize>> = BTreeMap::new();
        for (k, i) in keys {
            by.entry(k).or_default().push(i);
        }
        by.into_values().filter(|g| g.len() > 1).collect()
    }
    for group in groups(
        facts
            .iter()
            .enumerate()
            .filter_map(|(i, f)| f.title.as_ref().map(|(t, _)| (t.clone(), i))),
    ) {
        for &i in &group {
            let (_, site) = facts[i].title.as_ref().expect("grouped by title");
            let others = names(facts, group.iter().copied().filter(|&j| j != i));
            out.push(finding(
                &CorpusDuplicateTitle::META,
                i,
                site,
                format!("The title is also the title of {others}"),
            ));
        }
    }
    let icons: Vec<(usize, u64, u64, &Site)> = facts
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.icon.as_ref().map(|(e, d, s)| (i, *e, *d, s)))
        .collect();
    for group in groups(icons.iter().map(|&(i, exact, _, _)| (exact, i))) {
        for &i in &group {
            let site = &facts[i].icon.as_ref().expect("grouped by icon").2;
            let others = names(facts, group.iter().copied().filter(|&j| j != i));
            out.push(finding(
                &CorpusIdenticalIcon::META,
                i,
                site,
                format!("The icon has the same pixels as the icon of {others}"),
            ));
        }
    }
    for &(i, exact, dhash, site) in &icons {
        let similar: Vec<usize> = icons
            .iter()
            .filter(|&&(j, e, d, _)| {
                j != i && e != exact && (d ^ dhash).count_ones() <= SIMILAR_ICON_BITS
            })
            .map(|&(j, ..)| j)
            .collect();
        if !similar.is_empty() {
            out.push(finding(
                &CorpusSimilarIcon::META,
                i,
                site,
                format!(
                    "The icon is nearly identical to the icon of {} (difference hashes at most {SIMILAR_ICON_BITS} of 64 bits apart)",
                    names(facts, similar.into_iter())
                ),
            ));
        }
    }
    let mut by_description: BTreeMap<&str, Vec<(usize, &Site)>> = BTreeMap::new();
    for (i, f) in facts.iter().enumerate() {
        for (d, site) in &f.descriptions {
            by_description.entry(d).or_default().push((i, site));
        }
    }
    for users in by_description.values() {
        // Counted by publisher: one publisher's connectors sharing a sentence are one author's.
        let authors: std::collections::BTreeSet<&str> = users
            .iter()
            .map(|&(j, _)| facts[j].publisher.as_deref().unwrap_or(&facts[j].name))
            .collect();
        if authors.len() < REUSED_DESCRIPTION_MIN {
            continue;
        }
        for &(i, site) in users {
            let others = names(facts, users.iter().map(|&(j, _)| j).filter(|&j| j != i));
            out.push(finding(
                &CorpusReusedDescription::META,
                i,
                site,
                format!(
                    "This operation description is used word for word by {} connectors; it also describes an operation of {others}",
                    users.len()
                ),
            ));
        }
    }
    out.sort_by_key(|f| f.connector);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::icon::Icon;

    fn icon(f: impl Fn(usize, usize) -> u8) -> Icon {
        let (w, h) = (64usize, 64usize);
        let mut rgba = Vec::with_capacity(w * h * 4);
        for y in 0..h {
            for x in 0..w {
                let v = f(x, y);
                rgba.extend_from_slice(&[v, v, v, 255]);
            }
        }
        Icon {
            width: w as u32,
            height: h as u32,
            rgba,
        }
    }

    #[test]
    fn difference_hash_tells_near_copies_from_other_icons() {
        let gradient = icon(|x, y| ((x * 3 + y) % 256) as u8);
        let mut touched = gradient.rgba.clone();
        touched[0] = 0; // one pixel changed
        let touched = Icon {
            rgba: touched,
            ..gradient
        };
        let other = icon(|x, y| if (x / 8 + y / 8) % 2 == 0 { 20 } else { 230 });
        let (a, b, c) = (
            difference_hash(&gradient),
            difference_hash(&touched),
            difference_hash(&other),
        );
        assert!((a ^ b).count_ones() <= SIMILAR_ICON_BITS);
        assert!((a ^ c).count_ones() > SIMILAR_ICON_BITS);
    }

    #[test]
    fn normalize_ignores_case_and_white_space() {
        assert_eq!(normalize("  Contoso\t Tasks\n"), "contoso tasks");
    }
}
