//! The last line of defence: no 8-character run of a secret value leaves in a message.

use crate::problem::Problem;
use std::cell::OnceCell;
use std::collections::HashSet;

/// The length of the runs that must never appear.
pub const RUN: usize = 8;

/// The message that replaces one that would have shown part of a secret.
pub const WITHHELD: &str = "(details withheld: they would show part of a secret value)";

/// Remembers secret values and withholds any message that holds an 8-byte run of one.
///
/// The set of runs is built only when there is something to scan: a passing check with no
/// problems pays for remembering the values, nothing more.
#[derive(Default)]
pub struct Redactor {
    secrets: Vec<String>,
    runs: OnceCell<HashSet<[u8; RUN]>>,
}

impl Redactor {
    /// Remembers a sensitive value.
    pub fn add(&mut self, secret: &str) {
        if secret.len() >= RUN {
            self.secrets.push(secret.to_string());
            self.runs.take();
        }
    }

    fn runs(&self) -> &HashSet<[u8; RUN]> {
        self.runs.get_or_init(|| {
            let mut runs = HashSet::new();
            for s in &self.secrets {
                for w in s.as_bytes().windows(RUN) {
                    runs.insert(w.try_into().expect("window of RUN bytes"));
                }
            }
            runs
        })
    }

    /// Whether `text` holds an 8-byte run of any remembered value.
    pub fn leaks(&self, text: &str) -> bool {
        if self.secrets.is_empty() || text.len() < RUN {
            return false;
        }
        let runs = self.runs();
        text.as_bytes().windows(RUN).any(|w| runs.contains(<&[u8; RUN]>::try_from(w).expect("window")))
    }

    /// Replaces every message or hint that would show part of a secret.
    pub fn scrub(&self, problems: &mut [Problem]) {
        if self.secrets.is_empty() || problems.is_empty() {
            return;
        }
        for p in problems {
            if self.leaks(&p.message) {
                // A fixed text: not even the code name, which a secret URL may contain ("localhost").
                p.message = WITHHELD.to_string();
            }
            if p.hint.as_deref().is_some_and(|h| self.leaks(h)) {
                p.hint = None;
            }
        }
    }
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} values)", self.secrets.len())
    }
}
