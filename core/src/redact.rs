//! The last line of defence: no 8-character run of a secret value leaves in a message.

use crate::problem::Problem;
use std::collections::HashSet;

/// The length of the runs that must never appear.
pub const RUN: usize = 8;

/// The message that replaces one that would have shown part of a secret.
pub const WITHHELD: &str = "(details withheld: they would show part of a secret value)";

/// Remembers secret values and withholds any message that holds an 8-byte run of one.
#[derive(Default)]
pub struct Redactor {
    runs: HashSet<[u8; RUN]>,
}

impl Redactor {
    /// Remembers a sensitive value.
    pub fn add(&mut self, secret: &str) {
        for w in secret.as_bytes().windows(RUN) {
            self.runs.insert(w.try_into().expect("window of RUN bytes"));
        }
    }

    /// Whether `text` holds an 8-byte run of any remembered value.
    pub fn leaks(&self, text: &str) -> bool {
        !self.runs.is_empty()
            && text.as_bytes().windows(RUN).any(|w| self.runs.contains(<&[u8; RUN]>::try_from(w).expect("window")))
    }

    /// Replaces every message or hint that would show part of a secret.
    pub fn scrub(&self, problems: &mut [Problem]) {
        if self.runs.is_empty() {
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
        write!(f, "Redactor({} runs)", self.runs.len())
    }
}
