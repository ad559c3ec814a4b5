//! A shared environment's values for one contract's checked names, laid out in name order.
//!
//! A check looks each checked name up in the environment's map: a hash of the name and a
//! probe that lands anywhere in the map, then the key compared, then the value read, each in
//! memory of its own. At 10,000 variables none of that is in the caches any more, and it was a
//! quarter of a warm check. When the fronts check the same environment against the same
//! contract again (the process environment's map and a sent env are kept while they stay the
//! same, `procenv`, `api::unpack_env_shared`, `input::shared_env`; the contract is the
//! cache's), the values of the checked names are copied once into one text, in name order, and
//! the next checks read them from there, one after another.
//!
//! One view is kept, with the contract, the environment and the environment name it was laid
//! out for; it holds `Arc`s of both, so neither can be freed and another take its address while
//! the view stands. Like the other kept inputs (docs/architecture.md, "Between two checks"), it
//! holds values of the environment the process has anyway, never a check's result.

use crate::check::Env;
use crate::contract::Contract;
use std::sync::{Arc, Mutex, PoisonError};

/// The values of the checked names, in the order of the check's names; what the unknown-name
/// rule found in the environment's names (`rules::unknown`: it depends on the names alone,
/// never on a value); and the environment's client variables, whose values the leak rule
/// then checks on every call (`rules::leaks`).
#[derive(Debug)]
pub(crate) struct EnvView {
    text: String,
    /// Where each name's value is in `text`; `None`: not set.
    spans: Vec<Option<(usize, usize)>>,
    pub(crate) unknown: std::sync::OnceLock<Vec<crate::problem::Problem>>,
    /// The environment's client variables (`rules::leaks::clients`: names and values).
    pub(crate) clients: std::sync::OnceLock<Vec<crate::rules::leaks::Client>>,
    /// The typed values of the last check through this view that only wanted the report,
    /// handed to the next one so that a string value is written into the `String` it had
    /// (no allocation and free per string value per check); every value is coerced again.
    pub(crate) spare: Mutex<Vec<Option<serde_json::Value>>>,
}

impl EnvView {
    fn build(env: &Env, names: &[&str]) -> Self {
        let mut text = String::new();
        let spans = names
            .iter()
            .map(|name| {
                env.get(*name).map(|v| {
                    let start = text.len();
                    text.push_str(v);
                    (start, text.len())
                })
            })
            .collect();
        EnvView {
            text,
            spans,
            unknown: std::sync::OnceLock::new(),
            clients: std::sync::OnceLock::new(),
            spare: Mutex::new(Vec::new()),
        }
    }

    /// The value of the `i`th checked name, as the environment has it.
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        self.spans[i].map(|(start, end)| &self.text[start..end])
    }
}

struct Kept {
    contract: Arc<Contract>,
    env: Arc<Env>,
    environment: String,
    view: Arc<EnvView>,
}

static KEPT: Mutex<Option<Kept>> = Mutex::new(None);

/// Views laid out in this process (tests see whether a check laid one out again).
#[cfg(test)]
pub(crate) static BUILT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The view of `env` for the names a check of `contract` covers in `environment` (`names`,
/// which those three decide): the kept one when it was laid out for the same three, else a new
/// one, kept in its place.
pub(crate) fn of(contract: &Arc<Contract>, env: &Arc<Env>, environment: &str, names: &[&str]) -> Arc<EnvView> {
    // A poisoned lock only means a panic elsewhere mid-replace: the kept value is whole.
    let mut kept = KEPT.lock().unwrap_or_else(PoisonError::into_inner);
    let same = |k: &&Kept| {
        Arc::ptr_eq(&k.contract, contract)
            && Arc::ptr_eq(&k.env, env)
            && k.environment == environment
            && k.view.spans.len() == names.len()
    };
    if let Some(k) = kept.as_ref().filter(same) {
        return Arc::clone(&k.view);
    }
    #[cfg(test)]
    BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let view = Arc::new(EnvView::build(env, names));
    *kept = Some(Kept {
        contract: Arc::clone(contract),
        env: Arc::clone(env),
        environment: environment.to_string(),
        view: Arc::clone(&view),
    });
    view
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::CheckOptions;
    use std::sync::atomic::Ordering;

    /// A contract with a profile (it adds and changes variables) and a family (its members are
    /// the environment's), so that the checked names depend on all three keys of the view.
    const CONTRACT: &str = r#"{
        "type": "object",
        "properties": {
            "PORT": {"type": "integer", "default": 3000},
            "API_SECRET": {"type": "string", "minLength": 8, "x-secret": true},
            "HOSTS": {"type": "array", "items": {"type": "string"}},
            "DEBUG": {"type": "boolean"}
        },
        "patternProperties": {"^FEATURE_[A-Z]+$": {"type": "boolean"}},
        "required": ["API_SECRET"],
        "x-environment-from": ["APP_ENV"],
        "x-environments": {
            "production": {"properties": {"DEBUG": {"const": false}, "REGION": {"type": "string"}}, "required": ["REGION"]},
            "staging": {"properties": {"ZONE": {"type": "integer"}}}
        }
    }"#;

    fn env(pairs: &[(&str, &str)]) -> Arc<Env> {
        let mut env = crate::input::env_with_capacity(pairs.len());
        for (k, v) in pairs {
            env.insert((*k).to_string(), (*v).to_string());
        }
        Arc::new(env)
    }

    fn both(contract: &Arc<Contract>, env: &Arc<Env>, environment: Option<&str>) {
        for report_only in [true, false] {
            let options =
                CheckOptions { environment: environment.map(str::to_string), report_only, ..CheckOptions::default() };
            let (plain, shared) = (contract.check(env, &options), contract.check_shared(env, &options));
            assert_eq!(plain.report, shared.report);
            assert_eq!(plain.values, shared.values);
        }
    }

    #[test]
    fn a_shared_check_says_what_a_plain_one_says_and_lays_a_pair_out_once() {
        let _serial = crate::cache::TEST_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        let contract = Arc::new(Contract::from_text(CONTRACT, None).unwrap());
        let secret = format!("s{}", std::process::id()).repeat(4);
        // With undeclared names the unknown-name rule reports (a typo, a client variable).
        let first = env(&[
            ("API_SECRET", &secret),
            ("PORT", "8080"),
            ("HOSTS", "a,b"),
            ("FEATURE_X", "yes"),
            ("API_SECRT", "x"),
            ("NEXT_PUBLIC_THEME", "dark"),
            ("NEXT_PUBLIC_COPY", &secret),
        ]);
        let built = || BUILT.load(Ordering::Relaxed);

        let before = built();
        both(&contract, &first, None);
        both(&contract, &first, None);
        assert_eq!(built() - before, 1, "the same contract, env and environment: laid out once");

        // Another env (other values, another family member, a missing variable), the same
        // contract; then the first again: each is laid out anew and read right.
        let second = env(&[("PORT", "not a port"), ("FEATURE_Y", "no"), ("DEBUG", "true")]);
        both(&contract, &second, None);
        both(&contract, &first, None);
        assert_eq!(built() - before, 3);

        // Another environment on the same pair: the profile's names.
        both(&contract, &first, Some("production"));
        let prod = env(&[("API_SECRET", &secret), ("APP_ENV", "production"), ("REGION", "eu"), ("DEBUG", "false")]);
        both(&contract, &prod, None);
        assert_eq!(built() - before, 5);
        // Two profiles that each add one name: as many names, other ones.
        let zones = env(&[("API_SECRET", &secret), ("REGION", "eu"), ("ZONE", "7")]);
        both(&contract, &zones, Some("production"));
        both(&contract, &zones, Some("staging"));
        assert_eq!(built() - before, 7);

        // The same map in another Arc is another env (a front that built it again).
        let copy = Arc::new((*first).clone());
        both(&contract, &copy, None);
        assert_eq!(built() - before, 8);
        let check = |env: &Arc<Env>| contract.check_shared(env, &CheckOptions::default());
        let unknown = |env: &Arc<Env>| {
            let report = check(env).report;
            report
                .problems
                .iter()
                .filter(|p| p.code == crate::code::Code::UnknownVar)
                .filter_map(|p| p.var.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            unknown(&first),
            ["API_SECRT", "NEXT_PUBLIC_COPY", "NEXT_PUBLIC_THEME"],
            "the rule's findings, kept"
        );
        let leaks =
            check(&first).report.problems.iter().filter(|p| p.code == crate::code::Code::ClientSecretLeak).count();
        assert_eq!(leaks, 1, "the copied secret in a client variable, found from the kept client variables");
        assert!(unknown(&second).is_empty());
        assert_eq!(check(&first).values.get("PORT"), Some(&serde_json::json!(8080)));
        assert_eq!(check(&second).values.get("PORT"), Some(&serde_json::json!("not a port")));
    }
}
