//! Names of variables, decided once for every rule and command: how close two names are
//! ("did you mean", in `check`'s `unknown-var` and in `diff`), which words make a name a
//! secret's (the leak rules, `init`), and which make it a flag's.

use crate::literals::Literals;
use std::sync::OnceLock;

/// The largest edit distance reported as a typo for a name of this length: 2, but 1 for
/// names under 6 characters (PORT and HOST are 2 edits apart).
pub fn max_distance(len: usize) -> usize {
    if len < 6 { 1 } else { 2 }
}

/// Outside the band: farther than any bound.
const FAR: usize = usize::MAX / 2;

/// Levenshtein distance (ASCII case-insensitive) if it is at most `max`. The common prefix
/// and suffix are dropped first, then only the diagonal band of width `2 * max + 1` is
/// computed, stopping as soon as a whole row exceeds `max`; rows are reused.
pub(crate) fn bounded_distance(
    a: &[u8],
    b: &[u8],
    max: usize,
    prev: &mut Vec<usize>,
    cur: &mut Vec<usize>,
) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let head = a.iter().zip(b).take_while(|(x, y)| x.eq_ignore_ascii_case(y)).count();
    let (a, b) = (&a[head..], &b[head..]);
    let tail = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x.eq_ignore_ascii_case(y)).count();
    let (a, b) = (&a[..a.len() - tail], &b[..b.len() - tail]);
    if a.is_empty() || b.is_empty() {
        let d = a.len().max(b.len());
        return (d <= max).then_some(d);
    }
    prev.clear();
    prev.extend((0..=b.len()).map(|j| if j <= max { j } else { FAR }));
    for (i, &ca) in a.iter().enumerate() {
        let row = i + 1;
        cur.clear();
        cur.resize(b.len() + 1, FAR);
        if row <= max {
            cur[0] = row;
        }
        let lo = row.saturating_sub(max).max(1);
        let hi = (row + max).min(b.len());
        let mut row_min = cur[0];
        for j in lo..=hi {
            let cost = usize::from(!ca.eq_ignore_ascii_case(&b[j - 1]));
            let v = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(prev, cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

/// The declared names of a contract, for the typo search: built once, when the contract
/// loads, and searched with rows reused across names.
#[derive(Debug, Default)]
pub struct Typos {
    declared: Vec<String>,
}

impl Typos {
    pub fn new(declared: impl IntoIterator<Item = String>) -> Self {
        let mut declared: Vec<String> = declared.into_iter().collect();
        declared.sort_unstable();
        declared.dedup();
        Typos { declared }
    }

    /// The declared name nearest to `name` (ASCII case-insensitive Levenshtein distance, at
    /// most [`max_distance`] of either length; the smaller name wins a tie), if any.
    pub fn nearest(&self, name: &str) -> Option<&str> {
        let (mut prev, mut cur) = (Vec::new(), Vec::new());
        let max = max_distance(name.len());
        let mut best: Option<(usize, &str)> = None;
        for d in &self.declared {
            if name.len().abs_diff(d.len()) > max || d == name {
                continue;
            }
            let limit = best.map_or(max, |(bd, _)| bd.saturating_sub(1)).min(max_distance(d.len()));
            if let Some(dist) = bounded_distance(name.as_bytes(), d.as_bytes(), limit, &mut prev, &mut cur) {
                if best.is_none_or(|(bd, bn)| dist < bd || (dist == bd && d.as_str() < bn)) {
                    best = Some((dist, d));
                }
            }
        }
        best.map(|(_, d)| d)
    }
}

/// The secret word a (prefix-less, upper- or lower-case) name holds, if any.
pub fn secret_word(rest: &str) -> Option<&'static str> {
    // One pass over the words, in order of priority (the first in the list wins).
    const WORDS: &[(&str, &str)] = &[
        ("PRIVATE_KEY", "PRIVATE_KEY"),
        ("PRIVATEKEY", "PRIVATE_KEY"),
        ("SECRET", "SECRET"),
        ("PASSWORD", "PASSWORD"),
        ("PASSWD", "PASSWORD"),
        ("PASSPHRASE", "PASSPHRASE"),
        ("TOKEN", "TOKEN"),
        ("CREDENTIAL", "CREDENTIAL"),
        ("API_KEY", "API_KEY"),
        ("APIKEY", "API_KEY"),
        ("ACCESS_KEY", "ACCESS_KEY"),
        ("ENCRYPTION_KEY", "ENCRYPTION_KEY"),
        ("SIGNING_KEY", "SIGNING_KEY"),
        ("MASTER_KEY", "MASTER_KEY"),
        ("ADMIN_KEY", "ADMIN_KEY"),
        ("AUTH_KEY", "AUTH_KEY"),
        ("SERVICE_KEY", "SERVICE_KEY"),
        ("SERVICE_ROLE", "SERVICE_ROLE"),
    ];
    static TABLE: OnceLock<Literals<usize>> = OnceLock::new();
    let table = TABLE
        .get_or_init(|| Literals::new(WORDS.iter().enumerate().map(|(i, (w, _))| (w.to_string(), true, i)).collect()));
    let normalized = if rest.contains('-') {
        std::borrow::Cow::Owned(rest.replace('-', "_"))
    } else {
        std::borrow::Cow::Borrowed(rest)
    };
    let mut first: Option<usize> = None;
    table.find_each(normalized.as_bytes(), |&i, _| first = Some(first.map_or(i, |f| f.min(i))));
    let found = first.map(|i| WORDS[i].1);
    // Abbreviations only as whole words: `DB_PASS`, `SMTP_PWD` (not PASSPORT, PASSENGER).
    found.or_else(|| {
        tokens(&normalized)
            .find_map(|t| (t.eq_ignore_ascii_case("PASS") || t.eq_ignore_ascii_case("PWD")).then_some("PASSWORD"))
    })
}

pub(crate) fn tokens(rest: &str) -> impl Iterator<Item = &str> {
    rest.split(['_', '-']).filter(|t| !t.is_empty())
}

/// Verbs that make a name a flag's (`ENABLE_…`, `USE_…`, `SKIP_…`): a setting about the
/// rest of the name, not a secret (the leak rules), and a boolean (`init`).
pub const FLAG_WORDS: &[&str] = &[
    "DISABLE", "DISABLED", "ENABLE", "ENABLED", "SKIP", "ALLOW", "ALLOWED", "REQUIRE", "REQUIRED", "USE", "SHOW",
    "HIDE", "ENFORCE", "FORCE", "IS", "HAS", "NO", "FEATURE", "FLAG", "TOGGLE",
];

/// Words that are switches on their own (`APP_DEBUG`, `SMTP_SECURE`, `REDIS_TLS`): `init`
/// reads `0`/`1` under them as a boolean. Not flags for the leak rules (`DEBUG_TOKEN` may be
/// a real token).
pub const SWITCH_WORDS: &[&str] = &["DEBUG", "TESTING", "VERBOSE", "SECURE", "TLS", "SSL"];

/// Whether a value reads as a boolean: the words the coercion accepts, and `enabled`/`disabled`.
pub fn is_bool_word(value: &str) -> bool {
    let v = value.trim();
    crate::coerce::TRUE_WORDS
        .iter()
        .chain(crate::coerce::FALSE_WORDS)
        .chain(&["enabled", "disabled"])
        .any(|w| v.eq_ignore_ascii_case(w))
}
