//! What a check is given and covers: the environment, the options, the names checked, and
//! how a value counts as present. A leaf module: `check` and every rule import it, and it
//! imports neither, so the rules never reach back into the check.

use crate::contract::VarSpec;
use crate::meta::EmptyPolicy;

/// The variables a check covers: names sorted, with their effective specs and their values.
pub struct Names<'a> {
    pub names: Vec<&'a str>,
    pub specs: Vec<&'a VarSpec>,
    /// Each name's value as the check counts it (`x-empty` applied; `None` when unset), looked
    /// up once per check so that no rule hashes the name again.
    pub present: Vec<Option<&'a str>>,
    /// Where the present values of the variables with an `x-url` rule, an `x-stripe` kind or
    /// `x-secret` are (indices, in name order), noted by the check's one pass over the specs,
    /// so that the rules for them do not read every spec again.
    pub(crate) by_rule: ByRule,
}

/// Indices into a check's [`Names`] of the present values each rule looks at.
#[derive(Default)]
pub(crate) struct ByRule {
    pub url: Vec<usize>,
    pub stripe: Vec<usize>,
    pub secret: Vec<usize>,
}

impl<'a> Names<'a> {
    /// Whether the check covers this variable.
    pub fn contains(&self, name: &str) -> bool {
        self.names.binary_search(&name).is_ok()
    }

    /// The effective spec of a covered variable.
    pub fn spec(&self, name: &str) -> Option<&'a VarSpec> {
        self.names.binary_search(&name).ok().map(|i| self.specs[i])
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Names with their specs, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, &'a VarSpec)> + '_ {
        self.names.iter().copied().zip(self.specs.iter().copied())
    }

    /// The names that have a value, with their specs and values, in name order.
    pub fn iter_present(&self) -> impl Iterator<Item = (&'a str, &'a VarSpec, &'a str)> + '_ {
        self.iter().zip(&self.present).filter_map(|((name, spec), v)| v.map(|v| (name, spec, v)))
    }

    /// [`iter_present`](Self::iter_present) of the names at `at` (one of [`ByRule`]'s lists).
    pub(crate) fn present_at<'s>(
        &'s self,
        at: &'s [usize],
    ) -> impl Iterator<Item = (&'a str, &'a VarSpec, &'a str)> + 's {
        at.iter().filter_map(|&i| self.present[i].map(|v| (self.names[i], self.specs[i], v)))
    }
}

impl<'b, 'a> IntoIterator for &'b Names<'a> {
    type Item = &'b &'a str;
    type IntoIter = std::slice::Iter<'b, &'a str>;
    fn into_iter(self) -> Self::IntoIter {
        self.names.iter()
    }
}

/// An environment: variable names to values (hashed with [`crate::hash::NameHasher`]: build one
/// with `Env::default()`, [`env_with_capacity`] or `collect()`).
pub type Env = crate::hash::NameMap<String, String>;

/// An empty [`Env`] with room for `n` variables.
pub fn env_with_capacity(n: usize) -> Env {
    Env::with_capacity_and_hasher(n, crate::hash::BuildNameHasher::default())
}

/// The environment of these name/value pairs (a name given twice keeps its last value), shared
/// with the last one this made when the pairs are the same, in the same order: a warm
/// check from one mapping (`validate_env(env=...)` in a loop) then builds no map (an
/// allocation for each name and value, all freed after the check), only compares. The last
/// pairs are kept as one buffer, each text after its length, so that the comparison is exact
/// whatever the texts hold.
pub fn shared_env<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> std::sync::Arc<Env> {
    use std::sync::{Arc, Mutex, PoisonError};
    static LAST: Mutex<Option<(Vec<u8>, Arc<Env>)>> = Mutex::new(None);
    fn put(buffer: &mut Vec<u8>, text: &str) {
        buffer.extend_from_slice(&text.len().to_le_bytes());
        buffer.extend_from_slice(text.as_bytes());
    }
    fn take(rest: &mut &[u8], text: &str) -> bool {
        let head = text.len().to_le_bytes();
        let Some(after) = rest.strip_prefix(head.as_slice()).and_then(|r| r.strip_prefix(text.as_bytes())) else {
            return false;
        };
        *rest = after;
        true
    }
    let mut last = LAST.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((kept, env)) = last.as_ref() {
        let mut rest = kept.as_slice();
        if pairs.iter().all(|(k, v)| take(&mut rest, k.as_ref()) && take(&mut rest, v.as_ref())) && rest.is_empty() {
            return Arc::clone(env);
        }
    }
    let mut kept = Vec::with_capacity(last.as_ref().map_or(0, |(k, _)| k.len()));
    let mut env = env_with_capacity(pairs.len());
    for (k, v) in pairs {
        let (k, v) = (k.as_ref(), v.as_ref());
        put(&mut kept, k);
        put(&mut kept, v);
        env.insert(k.to_owned(), v.to_owned());
    }
    let env = Arc::new(env);
    *last = Some((kept, Arc::clone(&env)));
    env
}

/// When the check runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// At `next build`: client variables are checked in full (they are inlined into the
    /// bundle); a missing server-only variable is only a warning.
    Build,
    /// At boot: everything is checked.
    #[default]
    Runtime,
}

impl Phase {
    /// Every phase (`crate::enums` gives the bindings their names).
    pub const ALL: [Phase; 2] = [Phase::Build, Phase::Runtime];
}

/// Options of one check.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// The environment to check for; beats `x-environment-from`.
    pub environment: Option<String>,
    pub phase: Phase,
    /// Only the report is wanted (`validateEnv`, `validate_env`, a readiness answer): the
    /// outcome's [`Values`](crate::Values) are left empty, and finding which of them print
    /// masked (a look at every value for a run of every secret) is skipped.
    pub report_only: bool,
}

impl CheckOptions {
    pub fn environment(name: impl Into<String>) -> Self {
        CheckOptions { environment: Some(name.into()), ..Self::default() }
    }
}

/// Whether a value given as `text` counts as set under the `x-empty` policy.
pub(crate) fn present_text(text: &str, empty: EmptyPolicy) -> bool {
    !(text.is_empty() && empty == EmptyPolicy::Missing)
}

#[cfg(test)]
mod tests {
    use super::shared_env;
    use std::sync::Arc;

    /// The same pairs give back the same map; pairs that differ in any way, their own.
    #[test]
    fn the_same_pairs_share_one_map() {
        // (Other tests may make maps in parallel and replace the kept one between two calls.)
        let pairs = [("A", "x"), ("B", "y")];
        let shared = (0..100).any(|_| Arc::ptr_eq(&shared_env(&pairs), &shared_env(&pairs)));
        assert!(shared, "the same pairs never shared a map");
        let first = shared_env(&pairs);
        for other in [
            vec![("A", "x"), ("B", "z")],
            vec![("B", "y"), ("A", "x")],
            vec![("A", "x"), ("B", "y"), ("C", "")],
            vec![("A", "x")],
            // The same bytes as the first pairs with NULs between: lengths tell them apart.
            vec![("A", "x\0B\0y")],
        ] {
            let env = shared_env(&other);
            assert!(!Arc::ptr_eq(&first, &env), "{other:?}");
            let want: super::Env = other.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect();
            assert_eq!(*env, want);
        }
        let twice = shared_env(&[("A", "1"), ("A", "2")]);
        assert_eq!(twice.get("A").map(String::as_str), Some("2"));
    }
}
