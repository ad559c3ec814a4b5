//! Which set of values a check's are, by id: what lets a front keep the objects it made of a
//! check's values and return them again while they stay the same.
//!
//! A front turns a check's values into its own objects: a parsed, masked and deep-frozen object
//! in JavaScript, a read-only mapping in Python. At 100 variables that conversion costs a warm
//! check as much as the check itself. [`Sent`] keeps the last values a front was sent, under an
//! id. Each call says which id the front holds; when a check's values (names, typed values and
//! the names that print masked) equal the kept ones and the front holds their id, the answer is
//! the id alone ([`Named::Held`]) and the front returns its own objects again.
//!
//! Any other values are kept under a new id: an id stands for one set of values only, so a
//! front never holds an id whose values changed. Equal values keep their id, so a front that
//! lost its objects is sent them again under it. The check itself runs in full on every call:
//! only the conversion of its answer is saved (docs/architecture.md, "The values a front
//! holds").

use crate::problem::Values;
use std::sync::{Arc, Mutex, PoisonError};

/// The last values sent to a front, and their id. One is kept per front (a static of each
/// front's own), as core keeps one packed environment.
pub struct Sent {
    last: Mutex<Option<(u64, Arc<Values>)>>,
}

/// What a front does with a check's values.
pub enum Named {
    /// They are the values the front said it holds, under this id: it returns its own again.
    Held(u64),
    /// The front is sent these values (equal to the check's), under this id.
    Send(u64, Arc<Values>),
}

impl Sent {
    pub const fn new() -> Sent {
        Sent { last: Mutex::new(None) }
    }

    /// Names a check's `values` for a front that holds the values of id `holds` (or none).
    pub fn name(&self, values: Values, holds: Option<u64>) -> Named {
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((id, kept)) = last.as_ref().filter(|(_, kept)| **kept == values) {
            return if holds == Some(*id) { Named::Held(*id) } else { Named::Send(*id, Arc::clone(kept)) };
        }
        let id = last.as_ref().map_or(1, |(id, _)| id + 1);
        let values = Arc::new(values);
        *last = Some((id, Arc::clone(&values)));
        Named::Send(id, values)
    }
}

impl Default for Sent {
    fn default() -> Sent {
        Sent::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CheckOptions, Contract, Env};

    fn values_of(contract: &Contract, env: &[(&str, &str)]) -> Values {
        let env: Env = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        contract.check(&env, &CheckOptions::default()).values
    }

    #[test]
    fn an_id_stands_for_one_set_of_values() {
        let contract = Contract::from_text(
            r#"{"type":"object","properties":{"PORT":{"type":"integer"},"TOKEN":{"type":"string","x-secret":true}}}"#,
            None,
        )
        .unwrap();
        let secret = format!("tok_{:x}{}", std::process::id(), "s".repeat(12));
        let sent = Sent::new();
        let first = match sent.name(values_of(&contract, &[("PORT", "3000"), ("TOKEN", &secret)]), None) {
            Named::Send(id, values) => {
                assert_eq!(values.get("PORT"), Some(&serde_json::json!(3000)));
                id
            }
            Named::Held(_) => panic!("values no front holds were not sent"),
        };
        // The same values, to a front that holds them: the id alone.
        assert!(matches!(sent.name(values_of(&contract, &[("PORT", "3000"), ("TOKEN", &secret)]), Some(first)),
            Named::Held(id) if id == first));
        // The same values, to a front that holds none (or another id): sent again, same id.
        assert!(matches!(sent.name(values_of(&contract, &[("PORT", "3000"), ("TOKEN", &secret)]), None),
            Named::Send(id, _) if id == first));
        assert!(matches!(sent.name(values_of(&contract, &[("PORT", "3000"), ("TOKEN", &secret)]), Some(first + 7)),
            Named::Send(id, _) if id == first));
        // A changed value takes a new id, even from a front that names the old one.
        let second = match sent.name(values_of(&contract, &[("PORT", "3001"), ("TOKEN", &secret)]), Some(first)) {
            Named::Send(id, values) => {
                assert_eq!(values.get("PORT"), Some(&serde_json::json!(3001)));
                id
            }
            Named::Held(_) => panic!("changed values were taken for held ones"),
        };
        assert_ne!(second, first);
        // Going back to the first values is a new set again: the old id is not reused.
        assert!(matches!(sent.name(values_of(&contract, &[("PORT", "3000"), ("TOKEN", &secret)]), Some(first)),
            Named::Send(id, _) if id != first && id != second));
        // An unset variable changes the values.
        assert!(matches!(sent.name(values_of(&contract, &[("TOKEN", &secret)]), None), Named::Send(..)));
    }
}
