//! The last line of defence: no 8-character run of a secret value leaves in a message.

use crate::problem::Problem;
use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::{Arc, Mutex, PoisonError};

/// The length of the runs that must never appear.
pub const RUN: usize = 8;

/// What stands in for a secret: the masked part of a message, and a secret variable's value
/// wherever the values a check returns are printed (Rust's `Debug` of [`crate::Values`],
/// Python's `repr`, Node's `util.inspect` and `JSON.stringify`: the fronts get this text from
/// core, with the names to mask).
pub const MASK: &str = "[withheld]";

/// The message that replaces one that would have shown part of a secret.
pub const WITHHELD: &str = "(details withheld: they would show part of a secret value)";

/// Remembers secret values and withholds any message that holds an 8-byte run of one.
///
/// The set of runs is built only when there is something to scan: a passing check with no
/// problems pays for remembering the values, nothing more.
///
/// The values are borrowed where they come from (the checked environment's texts and what a
/// rule cut out of them): a check remembers every `x-secret` value and every URL password,
/// and copying each was two allocations in five of a check at 10,000 variables.
#[derive(Default)]
pub struct Redactor<'a> {
    secrets: Vec<Cow<'a, str>>,
    runs: OnceCell<Arc<Runs>>,
}

/// Every run of every remembered value (its 8 bytes read as one `u64`) in an open-addressing
/// table: built in one pass, with no sort, and a lookup of a window that is no run (every
/// window of every value but a few) reads one slot. A check looks up every window of every
/// value it returns; a hash set there, and then sorted runs behind a bit table, were a fifth
/// and then a tenth of a warm check (perf, bench/analysis.md).
struct Runs {
    /// At least four slots per run, so that a window that is no run mostly finds its slot
    /// empty; 0 is the empty slot, and the run of eight NUL bytes is `zero` instead.
    slots: Vec<u64>,
    shift: u32,
    zero: bool,
}

impl Runs {
    fn new(secrets: &[Cow<'_, str>]) -> Self {
        let windows: usize = secrets.iter().map(|s| s.len().saturating_sub(RUN - 1)).sum();
        let len = (windows * 4).next_power_of_two().max(64);
        let mut runs = Runs { slots: vec![0; len], shift: 64 - len.trailing_zeros(), zero: false };
        for key in secrets.iter().flat_map(|s| s.as_bytes().windows(RUN).map(run_key)) {
            if key == 0 {
                runs.zero = true;
                continue;
            }
            let mask = runs.slots.len() - 1;
            let mut slot = runs.slot(key);
            while runs.slots[slot] != 0 && runs.slots[slot] != key {
                slot = (slot + 1) & mask;
            }
            runs.slots[slot] = key;
        }
        runs
    }

    /// The first slot of a run: the high bits of a multiplicative hash.
    fn slot(&self, key: u64) -> usize {
        // Cannot truncate: `shift` leaves at most the bits of the table's length.
        #[allow(clippy::cast_possible_truncation)]
        let slot = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize;
        slot
    }

    fn contains(&self, key: u64) -> bool {
        if key == 0 {
            return self.zero;
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.slot(key);
        loop {
            match self.slots[slot] {
                0 => return false,
                k if k == key => return true,
                _ => slot = (slot + 1) & mask,
            }
        }
    }
}

/// The table of these secrets' runs: the last one built when it was built for the same secrets
/// in the same order, else a new one, kept for next time. A warm check of one environment
/// remembers the same values each time (its `x-secret` values, the URLs' passwords), and
/// building the table was the larger part of finding which values print masked (callgrind:
/// 89,000 of 115,000 instructions at N = 100). One table is kept, with the secrets it holds: they
/// are the environment's own values, which this process holds anyway.
fn shared_runs(secrets: &[Cow<'_, str>]) -> Arc<Runs> {
    static LAST: Mutex<Option<(Vec<String>, Arc<Runs>)>> = Mutex::new(None);
    let mut last = LAST.lock().unwrap_or_else(PoisonError::into_inner);
    let same = |kept: &[String]| kept.len() == secrets.len() && kept.iter().zip(secrets).all(|(k, s)| k == s);
    if let Some((_, runs)) = last.as_ref().filter(|(kept, _)| same(kept)) {
        return Arc::clone(runs);
    }
    let runs = Arc::new(Runs::new(secrets));
    *last = Some((secrets.iter().map(ToString::to_string).collect(), Arc::clone(&runs)));
    runs
}

fn run_key(window: &[u8]) -> u64 {
    u64::from_le_bytes(window.try_into().expect("window of RUN bytes"))
}

impl<'a> Redactor<'a> {
    /// Remembers a sensitive value.
    pub fn add(&mut self, secret: &'a str) {
        self.remember(Cow::Borrowed(secret));
    }

    /// Remembers a sensitive value that was made, not cut out of the environment (a password
    /// as the URL parser keeps it).
    pub fn add_owned(&mut self, secret: String) {
        self.remember(Cow::Owned(secret));
    }

    fn remember(&mut self, secret: Cow<'a, str>) {
        if secret.len() >= RUN {
            self.secrets.push(secret);
            self.runs.take();
        }
    }

    fn runs(&self) -> &Runs {
        self.runs.get_or_init(|| shared_runs(&self.secrets))
    }

    /// Whether `text` holds an 8-byte run of any remembered value.
    pub fn leaks(&self, text: &str) -> bool {
        if self.secrets.is_empty() || text.len() < RUN {
            return false;
        }
        let runs = self.runs();
        text.as_bytes().windows(RUN).any(|w| runs.contains(run_key(w)))
    }

    /// Whether no value is remembered.
    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
    }

    /// Whether a checked variable's value prints as [`MASK`] although the contract does not
    /// say `x-secret`: its raw text holds a run of a remembered value (a secret a rule found,
    /// a copy of an `x-secret` value) or a URL password (of any length, whatever the
    /// variable's rules), or the printed form of its typed value holds a run.
    pub fn hides(&self, raw: Option<&str>, value: &serde_json::Value) -> bool {
        if raw.is_some_and(|r| crate::rules::url::raw_password(r).is_some()) {
            return true;
        }
        if self.secrets.is_empty() {
            return false;
        }
        if raw.is_some_and(|r| self.leaks(r)) {
            return true;
        }
        match value {
            // A string prints as itself in quotes when JSON escapes nothing in it: its runs are
            // the raw text's (just looked at, when it is the raw text) and the two that take in
            // a quote. Checked without printing it (this runs for every value of every check).
            serde_json::Value::String(s) if crate::render::json_escapes_nothing(s) => {
                (raw != Some(s.as_str()) && self.leaks(s)) || self.leaks_at_quotes(s.as_bytes())
            }
            // Printed shorter than a run, they hold none (the printing skipped).
            serde_json::Value::Null | serde_json::Value::Bool(_) => false,
            serde_json::Value::Number(n) if n.as_i64().is_some_and(|n| (-999_999..10_000_000).contains(&n)) => false,
            other => self.leaks(&other.to_string()),
        }
    }

    /// Whether `"text"` (in JSON quotes) has a run of a remembered value that takes in one of
    /// its quotes: the first window and the last.
    fn leaks_at_quotes(&self, text: &[u8]) -> bool {
        let len = text.len() + 2;
        if len < RUN {
            return false;
        }
        let quoted = |i: usize| if i == 0 || i == len - 1 { b'"' } else { text[i - 1] };
        let window = |start: usize| -> [u8; RUN] { std::array::from_fn(|k| quoted(start + k)) };
        let runs = self.runs();
        runs.contains(run_key(&window(0))) || runs.contains(run_key(&window(len - RUN)))
    }

    /// Whether any message or hint holds a run of a remembered value.
    pub fn any_leak(&self, problems: &[Problem]) -> bool {
        !self.secrets.is_empty()
            && problems.iter().any(|p| self.leaks(&p.message) || p.hint.as_deref().is_some_and(|h| self.leaks(h)))
    }

    /// Replaces every message or hint that would show part of a secret.
    pub fn scrub(&self, problems: &mut [Problem]) {
        self.scrub_public(problems, &[]);
    }

    /// Like [`scrub`](Self::scrub), but text that comes from the contract is never withheld:
    /// an 8-byte run inside an occurrence of one of `public` (the contract's names, schemes,
    /// hosts, enum values, patterns…) stays, and only the runs that came from a value are
    /// masked as `[withheld]`. When masking is not enough, the whole message is withheld.
    pub fn scrub_public(&self, problems: &mut [Problem], public: &[String]) {
        if self.secrets.is_empty() || problems.is_empty() {
            return;
        }
        for p in problems {
            if self.leaks(&p.message) {
                // Else a fixed text: not even the code name, which a secret URL may contain.
                p.message = self.mask(&p.message, public).unwrap_or_else(|| WITHHELD.to_string());
            }
            if p.hint.as_deref().is_some_and(|h| self.leaks(h)) {
                p.hint = p.hint.as_deref().and_then(|h| self.mask(h, public));
            }
        }
    }

    /// Whether `text` holds a run of a remembered value outside every occurrence of `public`.
    pub fn leaks_private(&self, text: &str, public: &[String]) -> bool {
        self.leaks(text) && !self.private_windows(text, public).is_empty()
    }

    /// The windows of `text` that hold a secret run outside every public occurrence.
    fn private_windows(&self, text: &str, public: &[String]) -> Vec<usize> {
        let bytes = text.as_bytes();
        if bytes.len() < RUN {
            return Vec::new();
        }
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for s in public.iter().filter(|s| s.len() >= RUN) {
            spans.extend(text.match_indices(s.as_str()).map(|(i, m)| (i, i + m.len())));
        }
        let runs = self.runs();
        (0..=bytes.len() - RUN)
            .filter(|&w| runs.contains(run_key(&bytes[w..w + RUN])))
            .filter(|&w| !spans.iter().any(|&(a, b)| a <= w && w + RUN <= b))
            .collect()
    }

    /// `text` with the private runs masked, or None when that is not enough.
    fn mask(&self, text: &str, public: &[String]) -> Option<String> {
        let windows = self.private_windows(text, public);
        if windows.is_empty() {
            return Some(text.to_string());
        }
        let mut hide = vec![false; text.len()];
        for w in windows {
            hide[w..w + RUN].iter_mut().for_each(|h| *h = true);
        }
        let mut out = String::with_capacity(text.len());
        let mut hiding = false;
        for (i, c) in text.char_indices() {
            if hide[i..i + c.len_utf8()].iter().any(|h| *h) {
                if !hiding {
                    out.push_str(MASK);
                    hiding = true;
                }
            } else {
                hiding = false;
                out.push(c);
            }
        }
        self.private_windows(&out, public).is_empty().then_some(out)
    }
}

/// Every string of a contract document (object keys and string values): the text that is
/// public by definition.
pub fn public_strings(doc: &serde_json::Value, out: &mut Vec<String>) {
    match doc {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| public_strings(v, out)),
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                public_strings(v, out);
            }
        }
        _ => {}
    }
}

impl std::fmt::Debug for Redactor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} values)", self.secrets.len())
    }
}

#[cfg(test)]
mod tests {
    use super::{RUN, Redactor};
    use serde_json::{Value, json};
    use std::sync::Arc;

    /// A small seeded generator (xorshift), so a failure is reproducible.
    fn secret_len(seed: &mut u64) -> usize {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        usize::try_from(*seed % 1024).unwrap_or(0)
    }

    /// Numbers and booleans too short to print a run are answered without printing them: the
    /// same answer as printing, at the edges of that length, for a secret of digits that holds
    /// each number's print.
    #[test]
    fn hides_answers_for_short_numbers_as_printing_would() {
        let edges = [0_i64, 7, -999_999, -1_000_000, 9_999_999, 10_000_000, 12_345_678, -12_345_678, i64::MAX];
        for n in edges {
            let printed = n.to_string();
            let mut r = Redactor::default();
            r.add_owned(format!("{printed}{}", "0".repeat(8)));
            let float: Value = serde_json::from_str(&format!("{printed}.5")).unwrap();
            for value in [json!(n), float, json!(true), json!(false), Value::Null] {
                let expected = r.leaks(&value.to_string());
                assert_eq!(r.hides(None, &value), expected, "value {value}");
            }
        }
        let digits: String = (1..=8_u8).map(|d| char::from(b'0' + d)).collect();
        let mut r = Redactor::default();
        r.add(&digits);
        assert!(r.hides(None, &json!(digits.parse::<i64>().unwrap())), "a number that prints a run is hidden");
    }

    /// `hides` reads a string's printed form without printing it: the same answer as looking
    /// at `value.to_string()`, for secrets and values made of the characters that matter
    /// (quotes, backslashes, controls, multi-byte text) at every length around a run.
    #[test]
    fn hides_answers_as_if_the_value_were_printed() {
        let alphabet = ["a", "b", "\"", "\\", "\n", "é", "x"];
        let mut seed = 0x2545_f491_u64;
        let mut state = 0x9e37_79b9_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n as u64).unwrap_or(0)
        };
        let mut differ = 0;
        for _ in 0..4000 {
            let mut word = |len: usize| (0..len).map(|_| alphabet[next(alphabet.len())]).collect::<String>();
            let secret = word(8 + (secret_len(&mut seed) % 6));
            let mut r = Redactor::default();
            r.add(&secret);
            let prefix = word(secret_len(&mut seed) % 4);
            let cut = secret_len(&mut seed) % secret.len();
            let text = format!("{prefix}{}", secret.get(cut..).unwrap_or(""));
            for value in [Value::String(text.clone()), json!([text.clone()])] {
                for raw in [None, Some(text.as_str()), Some("unrelated")] {
                    let printed = raw.is_some_and(|t| r.leaks(t)) || r.leaks(&value.to_string());
                    assert_eq!(r.hides(raw, &value), printed, "secret {secret:?}, value {value}, raw {raw:?}");
                    differ += usize::from(printed);
                }
            }
        }
        assert!(differ > 500, "the generator should make leaking values too: {differ}");
    }

    /// Redactors remembering the same secrets share one table; any other secret, or one more,
    /// gets its own, which finds its runs.
    #[test]
    fn the_same_secrets_share_one_table() {
        let secret = |tag: &str| format!("{tag}-{}-{}", std::process::id(), "q".repeat(12));
        let (a, b) = (secret("a"), secret("b"));
        let with = |secrets: &[&String]| {
            let mut r = Redactor::default();
            for s in secrets {
                r.add_owned((*s).clone());
            }
            r
        };
        let one = with(&[&a, &b]);
        let _ = one.runs();
        // (Other tests check in parallel and may replace the kept table between two calls.)
        let shared = (0..100).any(|_| {
            let (first, second) = (with(&[&a, &b]), with(&[&a, &b]));
            let _ = (first.runs(), second.runs());
            Arc::ptr_eq(first.runs.get().unwrap(), second.runs.get().unwrap())
        });
        assert!(shared, "the same secrets never shared a table");
        let c = secret("c");
        let three = with(&[&a, &b, &c]);
        assert!(three.leaks(&format!("..{}..", &c[..RUN])));
        assert!(!Arc::ptr_eq(one.runs.get().unwrap(), three.runs.get().unwrap()));
        let other = with(&[&a]);
        assert!(!other.leaks(&c[..RUN]));
        assert!(other.leaks(&a[..RUN]));
    }

    /// The table holds every run of every secret and nothing else, whatever the bytes (the run
    /// of eight NUL bytes, which is its empty slot, too) and however many runs share a slot.
    #[test]
    fn runs_hold_every_window_of_every_secret_and_nothing_else() {
        let mut state = 0x5851_f42d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..200 {
            // Few distinct bytes, so that many windows repeat and many collide.
            let alphabet = if round % 2 == 0 { &b"\0\0ab"[..] } else { &b"abcdefgh"[..] };
            let secrets: Vec<String> = (0..=(round % 7))
                .map(|_| {
                    let len = 8 + usize::try_from(next() % 40).unwrap_or(0);
                    (0..len).map(|_| char::from(alphabet[usize::try_from(next() % 4).unwrap_or(0)])).collect()
                })
                .collect();
            let runs =
                super::Runs::new(&secrets.iter().map(|s| std::borrow::Cow::Borrowed(s.as_str())).collect::<Vec<_>>());
            let inside: std::collections::HashSet<u64> =
                secrets.iter().flat_map(|s| s.as_bytes().windows(super::RUN).map(super::run_key)).collect();
            for key in &inside {
                assert!(runs.contains(*key), "round {round}: a run of a secret is missing");
            }
            for _ in 0..200 {
                let probe: Vec<u8> =
                    (0..super::RUN).map(|_| alphabet[usize::try_from(next() % 4).unwrap_or(0)]).collect();
                let key = super::run_key(&probe);
                assert_eq!(runs.contains(key), inside.contains(&key), "round {round}: {probe:?}");
            }
        }
    }
}
