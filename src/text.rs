//! Splitting user-facing strings into the tokens the language rules check.
//!
//! A string is cut into whitespace-separated chunks; each chunk is trimmed of surrounding
//! punctuation and classified. What is not prose is skipped: URLs, e-mail addresses, paths,
//! placeholders (`{0}`, `{name}`, `%s`, `${…}`, `{{…}}`), code in backticks or quotes, numbers,
//! versions, hex, GUIDs and date formats (`yyyy-MM-ddTHH:mm`). Tokens with inner capitals or
//! underscores are identifiers (the CamelCase rule's business, not spelling). Everything works on
//! the decoded string; callers map ranges back through JSON escapes with `TextItem::span_of`.

use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A word to spell-check.
    Word,
    /// camelCase, PascalCase (inner capital) or snake_case: an identifier in prose.
    Identifier,
    /// ALL CAPS (2+ letters): an acronym.
    Acronym,
    /// Letters and digits, with or without underscores, with a run of four letters or more
    /// ("Skill_ExperinceInMonth11"; not "v2" or "3f2504e0"): an identifier or a code, which no
    /// prose rule reads. Only the misspelling list looks inside it.
    Code,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub kind: Kind,
}

/// Ranges of `text` that are not prose: code in backticks, quoted literals (double, single and
/// typographic quotes), bracketed field names, placeholders.
fn protected_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if !text.contains(['`', '{', '"', '<', '\'', '[', '“', '‘']) {
        return out;
    }
    // Typographic quotes: “…” and ‘…’ (a closing ’ inside a word is an apostrophe, not a quote).
    for (open, close) in [('“', '”'), ('‘', '’')] {
        let mut from = 0;
        while let Some(s) = text[from..].find(open).map(|n| from + n) {
            let inner = s + open.len_utf8();
            match text[inner..].find(close).map(|n| inner + n) {
                Some(e) if !text[e + close.len_utf8()..].starts_with(char::is_alphanumeric) => {
                    out.push(s..e + close.len_utf8());
                    from = e + close.len_utf8();
                }
                _ => from = inner,
            }
        }
    }
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let close = match b[i] {
            b'`' => Some(b'`'),
            b'{' => Some(b'}'),
            b'"' => Some(b'"'),
            b'<' => Some(b'>'),
            b'[' => Some(b']'),
            b'\'' => Some(b'\''),
            _ => None,
        };
        if let Some(close) = close {
            let open = b[i];
            // A quote must start a token and end one, so apostrophe-like use is not taken as code.
            let starts_token = i == 0 || !b[i - 1].is_ascii_alphanumeric();
            if starts_token {
                if let Some(n) = b[i + 1..].iter().position(|&c| c == close) {
                    let mut end = i + 1 + n + 1;
                    if open == b'{' && b.get(end) == Some(&b'}') {
                        end += 1; // {{…}}
                    }
                    // `<…>` only counts when it holds no space (a tag or placeholder, not "a < b > c");
                    // '…' only when the closing quote ends a token ("user's" is no quote).
                    let inner = &text[i + 1..end - 1];
                    let closes_token = !b.get(end).is_some_and(|c| c.is_ascii_alphanumeric());
                    let ok = match open {
                        b'<' => is_markup_tag(inner),
                        b'\'' => {
                            closes_token
                                && !inner.is_empty()
                                && !inner.starts_with(' ')
                                && inner.len() <= 60
                        }
                        _ => true,
                    };
                    if ok {
                        out.push(i.saturating_sub(usize::from(i > 0 && b[i - 1] == b'$'))..end);
                        i = end;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }
    out.sort_by_key(|r| r.start);
    out
}

/// The inside of `<…>` as a placeholder or markup tag: `<id>`, `<br/>`, `<seealso href="…" />`,
/// and not the comparison in "a < b > c".
fn is_markup_tag(inner: &str) -> bool {
    if inner.is_empty() {
        return false;
    }
    if !inner.contains(' ') {
        return true;
    }
    let name = inner.trim_start_matches('/');
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && (inner.ends_with('/') || inner.contains('='))
}

/// A letter written three times or more and nothing else: a format mask ("ccc-xxxxxxxxx"), not a
/// word.
fn is_mask(part: &str) -> bool {
    let mut b = part.bytes();
    let first = b.next();
    part.len() >= 3 && first.is_some_and(|f| f.is_ascii_alphabetic() && b.all(|c| c == f))
}

fn is_edge_punct(c: char) -> bool {
    !(c.is_alphanumeric() || c == '_' || c == '%' || c == '$')
}

/// Whether a chunk (no white space) is something other than prose.
fn is_non_prose(chunk: &str) -> bool {
    // One pass for the common case: a chunk of letters (and apostrophes or hyphens) is prose.
    let plain = chunk
        .bytes()
        .all(|b| b.is_ascii_alphabetic() || b == b'\'' || b == b'-' || b >= 0x80);
    if plain {
        return is_date_format(chunk);
    }
    let starts = |p: &str| {
        chunk
            .get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    if chunk.contains("://") || starts("www.") || starts("mailto:") {
        return true;
    }
    if chunk.contains('@') {
        return true; // an e-mail address or its pattern ("name@domainFQDN")
    }
    // (A leading '#', '&' or '@' is trimmed as punctuation before this; `tokens` skips it.)
    if chunk.starts_with('%') || chunk.starts_with('$') {
        return true; // %s, $var
    }
    if chunk.contains(['=', '&', '|', '$', '<', '>', '[', ']', '*', '+', '^', '~']) {
        return true; // query strings, LDAP names, expressions, markup
    }
    if chunk.contains('.') {
        let parts = chunk.split('.');
        // Abbreviations with inner periods (e.g, i.e, U.S: the final period was trimmed), and
        // a.b.c: file names, host names, dotted identifiers, versions.
        if parts.clone().all(|p| p.chars().count() <= 1)
            || (parts.clone().all(|p| !p.is_empty()) && parts.count() >= 2)
        {
            return true;
        }
    }
    if chunk.bytes().any(|c| c.is_ascii_digit()) {
        return true; // numbers, versions, hex, GUIDs, codes like v2 or OAuth2
    }
    is_date_format(chunk)
}

/// `yyyy-MM-dd`, `HH:mm:ss`, `yyyy-MM-ddTHH:mm:ssZ` and the like.
fn is_date_format(chunk: &str) -> bool {
    chunk.len() >= 4
        && chunk.bytes().all(|c| {
            matches!(
                c,
                b'y' | b'M'
                    | b'd'
                    | b'H'
                    | b'h'
                    | b'm'
                    | b's'
                    | b'f'
                    | b'T'
                    | b'Z'
                    | b'z'
                    | b'K'
                    | b':'
                    | b'.'
                    | b'-'
                    | b'/'
                    | b' '
                    | b'\''
            )
        })
        && ["yy", "MM", "dd", "HH", "hh", "mm", "ss"]
            .iter()
            .any(|f| chunk.contains(f))
}

/// `en-US`, `zh-TW`, `pt-BR`: a BCP 47 language tag.
fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    (2..=3).contains(&first.len())
        && first.bytes().all(|c| c.is_ascii_lowercase())
        && !rest.is_empty()
        && rest
            .iter()
            .all(|p| (2..=4).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_alphabetic()))
        && rest[0].bytes().all(|c| c.is_ascii_uppercase())
}

/// Classify a prose word.
fn classify(word: &str) -> Kind {
    if word.contains('_') {
        return Kind::Identifier;
    }
    let (mut letters, mut upper, mut lower_then_upper, mut caps_then_word) =
        (0usize, 0usize, false, false);
    let (mut p2, mut p1): (Option<char>, Option<char>) = (None, None);
    for c in word.chars() {
        if c.is_alphabetic() {
            letters += 1;
            if c.is_uppercase() {
                upper += 1;
            }
        }
        // An inner capital after a lower-case letter: camelCase, PascalCase, iPhone.
        if p1.is_some_and(char::is_lowercase) && c.is_uppercase() {
            lower_then_upper = true;
        }
        // "APIKey": capitals followed by a capitalised word.
        if p2.is_some_and(char::is_uppercase)
            && p1.is_some_and(char::is_uppercase)
            && c.is_lowercase()
        {
            caps_then_word = true;
        }
        p2 = p1;
        p1 = Some(c);
    }
    if letters >= 2 && upper == letters {
        return Kind::Acronym;
    }
    // Plural acronyms: PDFs, URLs, OSes.
    for suffix in ["s", "es"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.len() >= 2 && stem.chars().all(|c| c.is_ascii_uppercase()) {
                return Kind::Acronym;
            }
        }
    }
    if lower_then_upper || (caps_then_word && word.starts_with(char::is_uppercase) && letters > 3) {
        return Kind::Identifier;
    }
    Kind::Word
}

/// The tokens of `text`, in order.
pub fn tokens(text: &str) -> Vec<Token> {
    let protected = protected_ranges(text);
    let mut out = Vec::new();
    let mut p = 0;
    for (start, chunk) in chunks(text) {
        let end = start + chunk.len();
        while p < protected.len() && protected[p].end <= start {
            p += 1;
        }
        if protected[p.min(protected.len())..]
            .iter()
            .take_while(|r| r.start < end)
            .any(|r| r.start < end && r.end > start)
        {
            continue;
        }
        // Trim surrounding punctuation.
        let lead = chunk.len() - chunk.trim_start_matches(is_edge_punct).len();
        let trimmed = chunk[lead..].trim_end_matches(is_edge_punct);
        if trimmed.is_empty() {
            continue;
        }
        let tstart = start + lead;
        if is_non_prose(trimmed) || trimmed.eq_ignore_ascii_case("www") {
            if is_code(trimmed) && !chunk[..lead].ends_with(['#', '&', '@', '.', '$', '%']) {
                out.push(Token {
                    range: tstart..tstart + trimmed.len(),
                    kind: Kind::Code,
                });
            }
            continue;
        }
        // "#rrggbb", "#channel", "&nbsp", "@mention": a mask, an anchor, an entity or a handle.
        if chunk[..lead].ends_with(['#', '&', '@']) {
            continue;
        }
        // A possessive is the word's: "Zoho's" is checked as "Zoho".
        let trimmed = match trimmed
            .strip_suffix("'s")
            .or_else(|| trimmed.strip_suffix("’s"))
        {
            Some(base) if !base.is_empty() => base,
            _ => trimmed,
        };
        // "(meta)data", "(re)send": optional parts of a word.
        if chunk[..lead].ends_with('(') && trimmed.contains(')') {
            continue;
        }
        // "public:items", "urn:ietf": scopes and names, not prose (a final colon was trimmed).
        if trimmed.contains(':') {
            continue;
        }
        // "file(s)", "entry(ies)": the word before the parenthesis.
        let trimmed = match trimmed.find('(') {
            Some(p) if p > 0 && trimmed[p..].len() <= 5 => &trimmed[..p],
            _ => trimmed,
        };
        // Paths, MIME types ("image/jpeg"), "and/or", comma lists without spaces ("id,name"):
        // not prose to check word by word.
        if trimmed.contains(['/', '\\', ',']) {
            continue;
        }
        // A file extension: "(.html)", ".pdf".
        if chunk[..lead].ends_with('.') {
            continue;
        }
        // Language tags: en-US, zh-TW.
        if is_language_tag(trimmed) {
            continue;
        }
        // Hyphenated words are checked part by part ("read-only", "e-mail"), and so are words
        // joined by a dash without spaces ("you—all"), words glued to a bracket
        // ("used(Organization", "time)Only"; `loc-space-around-brackets` reports the missing
        // space) and words glued by a quote that opens no quotation ('Credit"or "Debit"').
        let is_dash = |c: char| matches!(c, '-' | '–' | '—' | '(' | ')' | '"');
        if trimmed.contains(is_dash) && !trimmed.contains('_') {
            for part in trimmed.split(is_dash) {
                if !part.is_empty() && !is_mask(part) {
                    let off = tstart + (part.as_ptr() as usize - trimmed.as_ptr() as usize);
                    out.push(Token {
                        range: off..off + part.len(),
                        kind: classify(part),
                    });
                }
            }
            continue;
        }
        if is_mask(trimmed) {
            continue;
        }
        out.push(Token {
            range: tstart..tstart + trimmed.len(),
            kind: classify(trimmed),
        });
    }
    out
}

/// The tokens inside the quoted, bracketed and placeholder parts of `text` that [`tokens`]
/// leaves out ("'Replace email addreses'", "`recieveDate`"), with ranges in `text`: no prose rule
/// reads them, but a known misspelling is one there too.
pub fn protected_tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for r in protected_ranges(text) {
        // The delimiters are punctuation that `tokens` trims; only the outer pair is skipped.
        let (open, close) = (
            text[r.clone()].chars().next().map_or(0, char::len_utf8),
            text[r.clone()]
                .chars()
                .next_back()
                .map_or(0, char::len_utf8),
        );
        if r.len() < open + close {
            continue;
        }
        let inner = r.start + open..r.end - close;
        out.extend(tokens(&text[inner.clone()]).into_iter().map(|t| Token {
            range: inner.start + t.range.start..inner.start + t.range.end,
            kind: t.kind,
        }));
    }
    out
}

/// Whether a chunk that is no prose is made of ASCII letters and digits (and underscores), with
/// a run of four letters at least: an identifier such as "Skill_ExperinceInMonth11". Hex numbers
/// and codes have letters too ("a3f5e9c1"), but a misspelling list knows none of them.
fn is_code(chunk: &str) -> bool {
    let mut run = 0;
    let mut longest = 0;
    for b in chunk.bytes() {
        if b.is_ascii_alphabetic() {
            run += 1;
            longest = longest.max(run);
        } else if b.is_ascii_digit() || b == b'_' {
            run = 0;
        } else {
            return false;
        }
    }
    longest >= 4
}

/// The words of an identifier, as byte ranges of it: split as `heck` splits words (at
/// underscores and other separators, where a lower-case letter meets a capital, and before the
/// last capital of a run of capitals: "XMLHttp" is "XML" and "Http"), and then at digits:
/// "Skill_ExperinceInMonth11" is "Skill", "Experince", "In", "Month".
pub fn identifier_words(ident: &str) -> Vec<Range<usize>> {
    use heck::ToSnakeCase;
    let mut out = Vec::new();
    let lower = ident.to_ascii_lowercase();
    let mut from = 0;
    for word in ident.to_snake_case().split('_') {
        // heck's words are the identifier's letters in order, lower-cased.
        let Some(at) = lower[from..].find(word).map(|i| from + i) else {
            continue;
        };
        from = at + word.len();
        let mut start = None;
        for (i, c) in word.char_indices() {
            match (c.is_alphabetic(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push(at + s..at + i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push(at + s..at + word.len());
        }
    }
    out
}

/// Whitespace-separated chunks with their byte offsets.
fn chunks(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, &text[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// Abbreviations that end in a period and never end a sentence.
const ABBREVIATIONS: [&str; 12] = [
    "approx.", "cf.", "dr.", "e.g.", "etc.", "i.e.", "incl.", "mr.", "ms.", "no.", "st.", "vs.",
];

/// Whether `word` (lower case, with its final period) is an abbreviation such as "e.g." or "st.".
pub fn is_abbreviation_with_period(word: &str) -> bool {
    ABBREVIATIONS.contains(&word.trim_start_matches(['(', '"', '\'']))
}

/// Byte ranges of the sentences of `text`. A sentence ends at `.`, `!` or `?` followed by white space
/// and an upper-case letter or the end, except after an abbreviation (e.g., i.e., etc.) or inside
/// a number ("version 2.5").
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next = chars.get(k + 1).map(|&(_, n)| n);
        if next.is_some_and(|n| !n.is_whitespace()) {
            continue; // "2.5", "e.g.," handled below, "a.b"
        }
        if c == '.' {
            let before = &text[start..i + 1];
            let last_word = before
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            let last_word = last_word.trim_start_matches(['(', '"', '\'']);
            if ABBREVIATIONS.contains(&last_word) {
                continue;
            }
        }
        // The next sentence starts with a capital letter or a digit, or the text ends.
        let rest = text[i + c.len_utf8()..].trim_start();
        if rest.is_empty()
            || rest.starts_with(|n: char| {
                n.is_uppercase() || n.is_ascii_digit() || n == '"' || n == '('
            })
        {
            out.push(start..i + c.len_utf8());
            start = text.len() - rest.len();
        }
    }
    if start < text.trim_end().len() {
        out.push(start..text.trim_end().len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(&str, Kind)> {
        tokens(text)
            .into_iter()
            .map(|t| (&text[t.range], t.kind))
            .collect()
    }

    fn plain(text: &str) -> Vec<&str> {
        words(text)
            .into_iter()
            .filter(|(_, k)| *k == Kind::Word)
            .map(|(w, _)| w)
            .collect()
    }

    #[test]
    fn markup_masks_scopes_and_optional_parts_are_skipped() {
        assert_eq!(
            plain("Path to the file. <seealso href=\"https://x.com/\" /> Read it."),
            ["Path", "to", "the", "file", "Read", "it"]
        );
        assert_eq!(plain("If a < b > c holds"), ["If", "a", "b", "c", "holds"]);
        assert_eq!(
            plain("Phone (format: ccc-xxxxxxxxx), zzz or aa"),
            ["Phone", "format", "or", "aa"]
        );
        assert_eq!(
            plain("Scope public:items, all (meta)data and file(s)."),
            ["Scope", "all", "and", "file"]
        );
        // Words glued to a bracket are two words.
        assert_eq!(
            plain("Seats used(Organization) (Due date)Only"),
            ["Seats", "used", "Organization", "Due", "date", "Only"]
        );
    }

    #[test]
    fn urls_emails_and_paths_are_skipped() {
        assert_eq!(
            plain("See https://docs.contoso.com/api?x=1 or www.contoso.com for help."),
            ["See", "or", "for", "help"]
        );
        assert_eq!(
            plain("Write to support@contoso.com today."),
            ["Write", "to", "today"]
        );
        assert_eq!(
            plain("Log on as name@domainFQDN today."),
            ["Log", "on", "as", "today"]
        );
        assert_eq!(
            plain("The path /api/v1/items or C:\\temp\\file is used."),
            ["The", "path", "or", "is", "used"]
        );
        assert_eq!(
            plain("Read and/or write image/jpeg or id,name files (.html) in zh-TW."),
            ["Read", "write", "or", "files", "in"]
        );
    }

    #[test]
    fn placeholders_code_and_quotes_are_skipped() {
        assert_eq!(
            plain("Hello {0}, {name} and {{user}} via ${value} or %s."),
            ["Hello", "and", "via", "or"]
        );
        assert_eq!(
            plain("Set `maxResultz` to \"Activ\" first."),
            ["Set", "to", "first"]
        );
        assert_eq!(plain("Use <tenantId> here."), ["Use", "here"]);
        assert_eq!(
            plain("The user's file isn't 'open' or ‘shut’ or “closed”."),
            ["The", "user", "file", "isn't", "or", "or"]
        );
        // A possessive is checked as its word; a mask, anchor, entity or handle not at all.
        assert_eq!(
            plain("Zoho's and Tasqly’s colour #aarrggbb, &nbsp; or @fabrikam."),
            ["Zoho", "and", "Tasqly", "colour", "or"]
        );
        assert_eq!(plain("Set [TopEdge] to 'read_write'."), ["Set", "to"]);
    }

    #[test]
    fn numbers_versions_hex_and_dates_are_skipped() {
        assert_eq!(
            plain("Version 2.5.1 of v2 uses 0xFF and 3f2504e0-4f89-11d3-9a0c-0305e82c3301."),
            ["Version", "of", "uses", "and"]
        );
        assert_eq!(
            plain("Format yyyy-MM-ddTHH:mm:ssZ or HH:mm please."),
            ["Format", "or", "please"]
        );
        assert_eq!(
            plain("Use e.g. this, i.e. that, for file(s) like CN=Users,DC=local."),
            ["Use", "this", "that", "for", "file", "like"]
        );
    }

    #[test]
    fn identifiers_and_acronyms_are_classified() {
        assert_eq!(
            words("Use minimizeHighways, MinimizeHighways, user_id and JSON."),
            [
                ("Use", Kind::Word),
                ("minimizeHighways", Kind::Identifier),
                ("MinimizeHighways", Kind::Identifier),
                ("user_id", Kind::Identifier),
                ("and", Kind::Word),
                ("JSON", Kind::Acronym)
            ]
        );
        assert_eq!(
            words("PDFs and OSes"),
            [
                ("PDFs", Kind::Acronym),
                ("and", Kind::Word),
                ("OSes", Kind::Acronym)
            ]
        );
    }

    #[test]
    fn hyphenated_words_are_split() {
        assert_eq!(
            plain("A read-only e-mail."),
            ["A", "read", "only", "e", "mail"]
        );
        assert_eq!(
            plain("For you—all of you–now."),
            ["For", "you", "all", "of", "you", "now"]
        );
    }

    #[test]
    fn sentences_do_not_break_on_abbreviations_or_versions() {
        let t = "Gets items, e.g. files, i.e. documents etc. from version 2.5. Then stops! Done?";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            s,
            [
                "Gets items, e.g. files, i.e. documents etc. from version 2.5.",
                "Then stops!",
                "Done?"
            ]
        );
    }

    #[test]
    fn identifier_words_split_as_heck_does_and_at_digits() {
        let split = |ident: &'static str| -> Vec<&'static str> {
            identifier_words(ident)
                .into_iter()
                .map(|r| &ident[r])
                .collect()
        };
        assert_eq!(
            split("Skill_ExperinceInMonth11"),
            ["Skill", "Experince", "In", "Month"]
        );
        assert_eq!(split("END_OF_WARANTY"), ["END", "OF", "WARANTY"]);
        assert_eq!(split("XMLHttpRequest"), ["XML", "Http", "Request"]);
        assert_eq!(split("consitency_score"), ["consitency", "score"]);
        assert_eq!(split("loade3d"), ["loade", "d"]);
        // Letters outside ASCII neither panic nor shift a range.
        assert_eq!(split("größeTotal"), ["größe", "Total"]);
    }

    #[test]
    fn identifiers_with_digits_are_code_tokens() {
        assert_eq!(
            words("see Skill_ExperinceInMonth11 and v2 or 3f2504e0"),
            [
                ("see", Kind::Word),
                ("Skill_ExperinceInMonth11", Kind::Code),
                ("and", Kind::Word),
                ("or", Kind::Word),
            ]
        );
    }

    #[test]
    fn quoted_parts_have_tokens_of_their_own() {
        let text = "Set 'Replace email addreses' to `maxResultz`.";
        let quoted: Vec<(&str, Kind)> = protected_tokens(text)
            .into_iter()
            .map(|t| (&text[t.range], t.kind))
            .collect();
        assert_eq!(
            quoted,
            [
                ("Replace", Kind::Word),
                ("email", Kind::Word),
                ("addreses", Kind::Word),
                ("maxResultz", Kind::Identifier),
            ]
        );
    }
}
