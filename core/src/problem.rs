//! Problems, reports and the typed values a successful check returns.

use crate::code::{Code, Severity};
use crate::redact::MASK;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// One thing wrong with the environment. `message` and `hint` never hold a variable's value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The variable's name, or `None` for a problem of the whole environment.
    pub var: Option<String>,
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    pub fn error(var: impl Into<String>, code: Code, message: impl Into<String>) -> Self {
        Problem { var: Some(var.into()), code, severity: Severity::Error, message: message.into(), hint: None }
    }

    pub fn warning(var: impl Into<String>, code: Code, message: impl Into<String>) -> Self {
        Problem { var: Some(var.into()), code, severity: Severity::Warning, message: message.into(), hint: None }
    }

    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// What [`Report::counts`] counts, per variable.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub passed: usize,
    pub warned: usize,
    pub failed: usize,
    /// Optional variables that are not set, without a problem.
    pub unset: usize,
}

impl Counts {
    /// `3 passed, 1 warning, 2 failed, 4 not set`.
    pub fn summary(&self) -> String {
        let w = if self.warned == 1 { "warning" } else { "warnings" };
        let mut s = format!("{} passed, {} {w}, {} failed", self.passed, self.warned, self.failed);
        if self.unset > 0 {
            s.push_str(&format!(", {} not set", self.unset));
        }
        s
    }
}

/// The result of checking an environment: `{ ok, environment, checked, problems }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// False when any problem is an error.
    pub ok: bool,
    /// The environment the check ran for (e.g. `"production"`).
    pub environment: String,
    /// How many declared variables were checked.
    pub checked: usize,
    /// Every problem found, ordered by variable name, then code.
    pub problems: Vec<Problem>,
    /// The names of the checked variables, in order (for the per-variable text report):
    /// shared with the contract, which keeps the list of each environment's declared names, so
    /// that a check does not copy every name into each report.
    #[serde(skip)]
    pub variables: std::sync::Arc<[String]>,
    /// The checked variables that are not set (the text report shows them as not set): their
    /// places in `variables`, ascending (a check neither copies nor hashes their names).
    #[serde(skip)]
    pub unset: Vec<usize>,
    /// Those of `unset` whose `default` applies, the same way.
    #[serde(skip)]
    pub defaulted: Vec<usize>,
}

impl Report {
    /// The names of the checked variables that are not set.
    pub fn unset_names(&self) -> impl Iterator<Item = &str> + '_ {
        self.unset.iter().filter_map(|&i| self.variables.get(i)).map(String::as_str)
    }

    /// The names of those of them whose `default` applies.
    pub fn defaulted_names(&self) -> impl Iterator<Item = &str> + '_ {
        self.defaulted.iter().filter_map(|&i| self.variables.get(i)).map(String::as_str)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| !p.is_error())
    }

    /// Per checked variable (and the undeclared ones with problems): how many failed, have
    /// only warnings, passed, or are not set without a problem. The text and GitHub reports
    /// both print these.
    pub fn counts(&self) -> Counts {
        use crate::hash::NameMap;
        // Linear in the variables and problems (a check at 10,000 variables prints this too).
        let mut worst: NameMap<Option<&str>, bool> = NameMap::default();
        for p in &self.problems {
            *worst.entry(p.var.as_deref()).or_default() |= p.is_error();
        }
        // A check lists the unset variables' places in order, so whether a variable is unset is
        // found by walking the two lists in step (the head line of every check with values
        // counts them); a set is built only for a list that is not in order.
        let unset_set: Option<std::collections::HashSet<usize>> =
            (!self.unset.is_sorted()).then(|| self.unset.iter().copied().collect());
        let mut unset_walk = self.unset.iter().copied().peekable();
        let mut c = Counts::default();
        let mut tally = |error: Option<bool>, unset: bool| match error {
            Some(true) => c.failed += 1,
            Some(false) => c.warned += 1,
            None if unset => c.unset += 1,
            None => c.passed += 1,
        };
        for (i, v) in self.variables.iter().map(String::as_str).enumerate() {
            let unset = if let Some(set) = &unset_set {
                set.contains(&i)
            } else {
                while unset_walk.next_if(|u| *u < i).is_some() {}
                unset_walk.peek() == Some(&i)
            };
            let error = if worst.is_empty() { None } else { worst.remove(&Some(v)) };
            tally(error, unset);
        }
        // The undeclared variables (and the contract-wide problems, under no name) with problems.
        for error in worst.into_values() {
            tally(Some(error), false);
        }
        c
    }

    pub fn has_warnings(&self) -> bool {
        self.warnings().next().is_some()
    }
}

/// The typed, coerced values of the declared variables, `default`s filled in, and the names
/// of those that are secret.
///
/// A name is secret when the contract says `x-secret`, or when the check found a secret in
/// its value ([`Redactor::hides`](crate::redact::Redactor::hides)): a secret a rule found
/// (a Stripe secret key, a provider's token in a client variable), a copy of an `x-secret`
/// value, a URL with a password. `Debug` prints every other value and [`MASK`] for these,
/// whole (an object or an array too); [`get`](Self::get) gives the real value.
#[derive(Clone, Default)]
pub struct Values {
    /// The checked names in name order (the report's `variables`, shared with it), and each
    /// one's value beside it: `None` where the variable is not set and has no default. Kept as
    /// two aligned lists, not a map, so that a check neither copies nor hashes a name for them.
    pub(crate) names: std::sync::Arc<[String]>,
    pub(crate) slots: Vec<Option<Value>>,
    /// The places in `names` of those whose values print masked, ascending (not copies of the
    /// names: a check remembers every `x-secret` one).
    pub(crate) secret: Vec<usize>,
    /// The kept environment's view the values were checked through (`Contract::check_shared`),
    /// which gets `slots` back when they are dropped: the next check of the same pair writes
    /// each string value into the `String` it had, as a report-only check does, instead of
    /// allocating one per string value (a front converts the values and drops them).
    pub(crate) home: Option<std::sync::Arc<crate::envview::EnvView>>,
}

/// Equal values: the same names, values and masked names (wherever they were checked).
impl PartialEq for Values {
    fn eq(&self, other: &Values) -> bool {
        self.names == other.names && self.slots == other.slots && self.secret == other.secret
    }
}

impl Drop for Values {
    fn drop(&mut self) {
        if let Some(home) = self.home.take() {
            if let Ok(mut spare) = home.spare.try_lock() {
                *spare = std::mem::take(&mut self.slots);
            }
        }
    }
}

impl Values {
    /// Each variable that has a value, with it, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> + '_ {
        self.names.iter().zip(&self.slots).filter_map(|(name, v)| v.as_ref().map(|v| (name.as_str(), v)))
    }

    /// The checked names, in name order (the report's `variables`: one list a contract keeps,
    /// shared by every check of it, so a front can key what it derives from the names on it).
    pub fn names(&self) -> &std::sync::Arc<[String]> {
        &self.names
    }

    /// Each checked name's value, beside [`names`](Self::names): `None` where it has none.
    pub fn slots(&self) -> &[Option<Value>] {
        &self.slots
    }

    /// The values as a JSON object, in name order.
    pub fn to_map(&self) -> Map<String, Value> {
        self.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    }

    pub fn into_map(mut self) -> Map<String, Value> {
        let slots = std::mem::take(&mut self.slots);
        self.names.iter().zip(slots).filter_map(|(name, v)| v.map(|v| (name.clone(), v))).collect()
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        let i = self.names.binary_search_by(|n| n.as_str().cmp(name)).ok()?;
        self.slots[i].as_ref()
    }

    /// The names whose values are lists or objects, in name order: what a front's objects can
    /// hold that their holder can change (every other value is a string, number or boolean).
    pub fn nested_names(&self) -> impl Iterator<Item = &str> + '_ {
        self.iter().filter(|(_, v)| v.is_array() || v.is_object()).map(|(name, _)| name)
    }

    /// The names whose values print as [`MASK`], in name order.
    pub fn secret_names(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.secret.iter().map(|&i| self.names[i].as_str())
    }

    /// The places in [`names`](Self::names) of [`secret_names`](Self::secret_names): a front
    /// that keeps each name in its own string type converted once gives these from its list.
    pub fn secret_places(&self) -> &[usize] {
        &self.secret
    }

    pub fn is_secret(&self, name: &str) -> bool {
        self.names.binary_search_by(|n| n.as_str().cmp(name)).is_ok_and(|i| self.secret.binary_search(&i).is_ok())
    }

    pub fn len(&self) -> usize {
        self.slots.iter().filter(|v| v.is_some()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.iter().all(Option::is_none)
    }
}

impl fmt::Debug for Values {
    /// `Values {"PORT": 3000, "API_SECRET": [withheld]}`: the values as JSON, the secret ones
    /// masked.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Shown<'a>(Option<&'a Value>);
        impl fmt::Debug for Shown<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.0 {
                    Some(v) => fmt::Display::fmt(v, f),
                    None => f.write_str(MASK),
                }
            }
        }
        f.write_str("Values ")?;
        f.debug_map().entries(self.iter().map(|(k, v)| (k, Shown((!self.is_secret(k)).then_some(v))))).finish()
    }
}

/// A report plus the typed values: what `Contract::check` returns.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub report: Report,
    pub values: Values,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_variable_once_by_its_worst_problem() {
        let names = |v: &[&str]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
        let mut whole = Problem::warning("x", Code::UnknownVar, "whole environment");
        whole.var = None;
        let report = Report {
            ok: false,
            environment: "production".into(),
            checked: 5,
            problems: vec![
                Problem::warning("A", Code::Deprecated, "w"),
                Problem::error("A", Code::Type, "e"),
                Problem::warning("B", Code::Deprecated, "w"),
                Problem::warning("B", Code::UnknownVar, "w2"),
                Problem::error("UNDECLARED", Code::UnknownVar, "e"),
                whole,
            ],
            variables: names(&["A", "B", "C", "D", "E"]).into(),
            unset: vec![3, 4],
            defaulted: vec![4],
        };
        // A failed, B warned, C passed, D and E not set; UNDECLARED failed, the whole
        // environment's problem (under no name) warned.
        assert_eq!(report.counts(), Counts { passed: 1, warned: 2, failed: 2, unset: 2 });
    }

    #[test]
    fn counts_the_unset_names_in_name_order_and_out_of_it_alike() {
        let names = |v: &[&str]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
        // `unset` names the places of these names in `variables`, in the order given (a name
        // not among them: a place past the end).
        let report = |variables: &[&str], unset: &[&str]| Report {
            ok: true,
            environment: "development".into(),
            checked: variables.len(),
            problems: vec![Problem::warning("C", Code::Deprecated, "w")],
            variables: names(variables).into(),
            unset: unset.iter().map(|u| variables.iter().position(|v| v == u).unwrap_or(99)).collect(),
            defaulted: Vec::new(),
        };
        let want = Counts { passed: 3, warned: 1, failed: 0, unset: 3 };
        // Unset names before, between and after the set ones; one (C) with a problem.
        let sorted = report(&["A", "B", "C", "D", "E", "F", "G"], &["A", "C", "D", "G"]);
        assert_eq!(sorted.counts(), want);
        assert_eq!(sorted.unset_names().collect::<Vec<_>>(), ["A", "C", "D", "G"]);
        let shuffled = report(&["G", "B", "D", "A", "F", "C", "E"], &["D", "G", "C", "A"]);
        assert_eq!(shuffled.counts(), want);
        // A place the report does not check counts for nothing, and names nothing.
        let beyond = report(&["A", "B", "C", "D", "E", "F", "G"], &["A", "AA", "C", "D", "G"]);
        assert_eq!(beyond.counts(), want);
        assert_eq!(beyond.unset_names().count(), 4);
    }
}
