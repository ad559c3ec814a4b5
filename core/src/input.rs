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
