//! Secrets written into a connector's files: keys and tokens of well-known formats (an AWS
//! access key, a GitHub or Slack token, a Google API key, a private key, an Azure storage key or
//! client secret, a Stripe live key, a JSON Web Token), and a value that looks like a secret
//! after a label that names one (`client_secret: …`, `"apiKey": "…"`). One pass of an
//! Aho-Corasick automaton over the text finds where each may start.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

/// A secret found in a text: its span and what it looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secret {
    pub span: Range<usize>,
    /// "an AWS access key", or the label a secret-looking value follows.
    pub what: String,
    /// Found after a label rather than by its format.
    pub labelled: bool,
}

/// How a token of a known format goes on after its prefix: the length of the rest, if it is one.
type Body = fn(&[u8]) -> Option<usize>;

/// The prefixes of the known formats, what they are and how their tokens go on.
const FORMATS: [(&str, &str, Body); 20] = [
    ("AKIA", "an AWS access key", upper_alnum_16),
    ("ASIA", "an AWS access key", upper_alnum_16),
    ("ghp_", "a GitHub token", github),
    ("gho_", "a GitHub token", github),
    ("ghu_", "a GitHub token", github),
    ("ghs_", "a GitHub token", github),
    ("ghr_", "a GitHub token", github),
    ("github_pat_", "a GitHub token", github),
    ("xoxb-", "a Slack token", slack),
    ("xoxp-", "a Slack token", slack),
    ("xoxa-", "a Slack token", slack),
    ("xoxr-", "a Slack token", slack),
    ("xoxs-", "a Slack token", slack),
    ("AIza", "a Google API key", google),
    ("-----BEGIN ", "a private key", private_key),
    ("AccountKey=", "an Azure storage account key", base64_40),
    ("sk_live_", "a Stripe live key", alnum_20),
    ("rk_live_", "a Stripe live key", alnum_20),
    ("eyJ", "a JSON Web Token", jwt),
    ("Q~", "an Azure AD client secret", aad_secret),
];

/// Parts of the labels that name a secret ("client_secret", "Client Secret", "apiKey",
/// "PASSWORD", "access_token"…): a match is widened to the whole word it stands in. Parts, not
/// whole labels in any case, keep the automaton under 32 patterns, where its SIMD prefilter is
/// fastest: a search that ignores case reads every byte, several times slower.
const LABELS: [&str; 14] = [
    "ecret",
    "ECRET",
    "assword",
    "ASSWORD",
    "pi_key",
    "piKey",
    "pikey",
    "PI_KEY",
    "pi key",
    "PI key",
    "PI Key",
    "ccess_token",
    "ccessToken",
    "CCESS_TOKEN",
];

/// The prefixes of [`FORMATS`], then the [`LABELS`], in one automaton, so that a text is read
/// once.
static AUTOMATON: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(FORMATS.iter().map(|f| f.0).chain(LABELS))
        .expect("valid patterns")
});

fn run(b: &[u8], ok: impl Fn(u8) -> bool) -> usize {
    b.iter().take_while(|&&c| ok(c)).count()
}

fn is_token_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

fn upper_alnum_16(b: &[u8]) -> Option<usize> {
    let n = run(b, |c| c.is_ascii_uppercase() || c.is_ascii_digit());
    (n == 16).then_some(16)
}

fn github(b: &[u8]) -> Option<usize> {
    let n = run(b, |c| c.is_ascii_alphanumeric() || c == b'_');
    (n >= 36).then_some(n)
}

fn slack(b: &[u8]) -> Option<usize> {
    let n = run(b, |c| c.is_ascii_alphanumeric() || c == b'-');
    (n >= 10 && b[..n].iter().any(u8::is_ascii_digit)).then_some(n)
}

fn google(b: &[u8]) -> Option<usize> {
    let n = run(b, is_token_byte);
    (n == 35).then_some(35)
}

fn private_key(b: &[u8]) -> Option<usize> {
    let end = b
        .iter()
        .take(40)
        .position(|&c| c == b'\n')
        .unwrap_or(b.len().min(40));
    let head = &b[..end];
    let marker = b"PRIVATE KEY-----";
    head.windows(marker.len())
        .position(|w| w == marker)
        .map(|i| i + marker.len())
}

fn base64_40(b: &[u8]) -> Option<usize> {
    let n = run(b, |c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/');
    let pad = run(&b[n..], |c| c == b'=').min(2);
    (n >= 40).then_some(n + pad)
}

fn alnum_20(b: &[u8]) -> Option<usize> {
    let n = run(b, |c| c.is_ascii_alphanumeric());
    (n >= 20).then_some(n)
}

/// The rest of `eyJ…` as a JSON Web Token: header, `.`, a payload that starts `eyJ`, `.`, a
/// signature, each of 10 characters or more.
fn jwt(b: &[u8]) -> Option<usize> {
    let url64 = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    let h = run(b, url64);
    let rest = b.get(h..)?.strip_prefix(b".eyJ")?;
    let p = run(rest, url64);
    let sig = rest.get(p..)?.strip_prefix(b".")?;
    let s = run(sig, url64);
    (h >= 7 && p >= 10 && s >= 10).then_some(h + 4 + p + 1 + s)
}

/// The rest of an Azure AD client secret after its `Q~` (31 to 34 characters); the four
/// characters before the `Q~` are checked by [`find`].
fn aad_secret(b: &[u8]) -> Option<usize> {
    let n = run(b, |c| c.is_ascii_alphanumeric() || b"_~.-".contains(&c));
    (31..=34).contains(&n).then_some(n)
}

/// Whether a value looks like a real secret rather than a placeholder: 16 characters or more,
/// no spaces, at least three of lower case, upper case, digits and symbols, and no dummy word.
pub fn looks_like_secret(s: &str) -> bool {
    let t = s.trim();
    let lower = t.to_lowercase();
    const DUMMY: [&str; 9] = [
        "dummy",
        "your",
        "secret",
        "placeholder",
        "xxx",
        "***",
        "replace",
        "example",
        "value",
    ];
    if t.len() < 16 || t.contains(char::is_whitespace) || DUMMY.iter().any(|d| lower.contains(d)) {
        return false;
    }
    let kinds = [
        t.chars().any(|c| c.is_ascii_lowercase()),
        t.chars().any(|c| c.is_ascii_uppercase()),
        t.chars().any(|c| c.is_ascii_digit()),
        t.chars().any(|c| !c.is_ascii_alphanumeric()),
    ];
    kinds.iter().filter(|k| **k).count() >= 3
}

/// The value written after a label at `end`: past a closing quote, `:` or `=`, an opening
/// quote and a `Bearer `, up to the next space, quote or bracket.
fn labelled_value(text: &str, end: usize) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let mut i = end;
    let skip = |i: &mut usize, set: &[u8]| {
        while *i < b.len() && set.contains(&b[*i]) {
            *i += 1;
        }
    };
    skip(&mut i, b"\"'");
    skip(&mut i, b" \t");
    if !matches!(b.get(i), Some(b':' | b'=')) {
        return None;
    }
    i += 1;
    skip(&mut i, b" \t\"'`");
    if b.get(i..i + 7)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"bearer "))
    {
        i += 7;
    }
    let start = i;
    while i < b.len() && !b" \t\r\n\"'`<>,;)]}".contains(&b[i]) {
        i += 1;
    }
    (i > start).then_some(start..i)
}

/// The secrets of `text`, in order of position.
pub fn find(text: &str) -> Vec<Secret> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut labels = Vec::new();
    for m in AUTOMATON.find_iter(text) {
        let Some(&(prefix, what, body)) = FORMATS.get(m.pattern().as_usize()) else {
            labels.push(m);
            continue;
        };
        let mut start = m.start();
        if prefix == "Q~" {
            // Three characters and a digit stand before the `Q~`.
            let Some(s) = start.checked_sub(4) else {
                continue;
            };
            let before = &b[s..start];
            if !before[3].is_ascii_digit()
                || !before
                    .iter()
                    .all(|&c| c.is_ascii_alphanumeric() || b"_~.-".contains(&c))
            {
                continue;
            }
            start = s;
        }
        // A token starts a word: `XAKIA…` is some other text.
        if start > 0 && is_token_byte(b[start - 1]) {
            continue;
        }
        let Some(n) = body(&b[m.end()..]) else {
            continue;
        };
        let end = m.end() + n;
        if b.get(end).is_some_and(|&c| c.is_ascii_alphanumeric()) && prefix != "-----BEGIN " {
            continue;
        }
        // The documents' own examples (AWS's `AKIAIOSFODNN7EXAMPLE`) and masked keys.
        let token = &text[start..end];
        if token.to_ascii_lowercase().contains("example")
            || token.contains("xxxx")
            || token.contains("XXXX")
        {
            continue;
        }
        out.push(Secret {
            span: start..end,
            what: what.to_string(),
            labelled: false,
        });
    }
    for m in labels {
        // The whole label: the word the part stands in, with the word before it when a space
        // joins them ("Client Secret", "API key").
        let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
        let mut start = m.start();
        while start > 0 && is_word(b[start - 1]) {
            start -= 1;
        }
        let mut end = m.end();
        while end < b.len() && is_word(b[end]) {
            end += 1;
        }
        if start > 0 && b[start - 1] == b' ' {
            let before = b[..start - 1]
                .iter()
                .rev()
                .take_while(|&&c| is_word(c))
                .count();
            let word = &text[start - 1 - before..start - 1];
            if ["client", "api", "access", "subscription", "private"]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(word))
            {
                start -= before + 1;
            }
        }
        let Some(value) = labelled_value(text, end) else {
            continue;
        };
        let v = &text[value.clone()];
        let expression = v.starts_with(['{', '$', '@', '[', '<', '%']) || v.contains("://");
        if expression || !looks_like_secret(v) || out.iter().any(|s| s.span.start == value.start) {
            continue;
        }
        out.push(Secret {
            span: value,
            what: format!("the value of '{}'", &text[start..end]),
            labelled: true,
        });
    }
    out.sort_by_key(|s| s.span.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, String)> {
        find(text)
            .into_iter()
            .map(|s| (&text[s.span], s.what))
            .collect()
    }

    #[test]
    fn known_formats() {
        let aws = "key AKIAI44QH8DHBF3KP2XY here";
        assert_eq!(
            found(aws),
            [("AKIAI44QH8DHBF3KP2XY", "an AWS access key".to_string())]
        );
        let gh = format!("token: ghp_{}", "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8");
        assert_eq!(found(&gh)[0].1, "a GitHub token");
        let jwt = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assert_eq!(found(jwt)[0].1, "a JSON Web Token");
        let aad = "\"secret\": \"abc8Q~aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3a\"";
        assert!(found(aad)
            .iter()
            .any(|(_, w)| w == "an Azure AD client secret"));
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIE";
        assert_eq!(found(pem)[0].0, "-----BEGIN RSA PRIVATE KEY-----");
    }

    #[test]
    fn labelled_values() {
        let json = r#"{ "apiKey": "q8Z~xT3.kLw9_Vr2mQ7pN4sY" }"#;
        assert_eq!(
            found(json),
            [(
                "q8Z~xT3.kLw9_Vr2mQ7pN4sY",
                "the value of 'apiKey'".to_string()
            )]
        );
        let md = "Client Secret: AbCdEf0123456789GhIj";
        assert_eq!(found(md)[0].0, "AbCdEf0123456789GhIj");
    }

    #[test]
    fn placeholders_names_and_prose_are_no_secrets() {
        for text in [
            r#"{ "apiKey": "[[DUMMY]]" }"#,
            r#"{ "apiKey": "YOUR_API_KEY_GOES_HERE_123" }"#,
            "API Key: https://support.contoso.com/articles/4305158-api-keys",
            r#"{ "api_key": "@connectionParameters('api_key')" }"#,
            "The password is the one you chose.",
            "Sign in with your password: it is never stored.",
            "AKIA is the prefix of AWS keys",
            "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
            "eyJ is how a token starts",
            r#"{ "name": "api_key", "in": "header", "type": "string" }"#,
            "password: ééééé, the value after a label in any script",
            "Q~ at the start, and é8Q~ after a letter of two bytes",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn secrets_and_placeholders() {
        for s in ["q8Z~xT3.kLw9_Vr2mQ7pN4sY", "AbCdEf0123456789GhIj"] {
            assert!(looks_like_secret(s), "{s}");
        }
        for s in [
            "[[DUMMY]]",
            "YOUR_CLIENT_SECRET",
            "Value-From-Your-App-Registration",
            "test",
            "short1A!",
            "xxxxxxxxxxxxxxxxxxxx",
            "my client secret value 123",
        ] {
            assert!(!looks_like_secret(s), "{s}");
        }
    }
}
