//! Harnesses shared by the fuzz targets (`fuzz/`) and the regression tests that replay what
//! the fuzzer once found (`core/tests/fuzz_regressions.rs`). Each panics on a broken promise:
//! a crash, or a secret run in an output.

use env_contract::redact::Redactor;
use env_contract::{CheckOptions, Contract, Env, Phase, render};

/// Loads arbitrary bytes as a contract; when it loads, checks an empty environment and an
/// environment with every declared variable set to an awkward value.
pub fn load_contract(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(contract) = Contract::from_text(&text, None) else { return };
    let empty = Env::default();
    let _ = contract.check(&empty, &CheckOptions::default());
    let env: Env = contract.vars().map(|v| (v.name.clone(), "0".to_string())).collect();
    for p in contract.profiles() {
        let _ = contract.check(
            &env,
            &CheckOptions { environment: Some(p.name.clone()), phase: Phase::Runtime, report_only: false },
        );
    }
    let _ = contract.check(&env, &CheckOptions { environment: None, phase: Phase::Build, report_only: false });
}

/// The renderers' fixed words (headers, tags, JSON keys, annotation syntax).
const RENDERER_WORDS: &str = "env-contract: variables, environment \"\", contract [PASS] [WARN] [FAIL] hint: (warning) \
    Summary: passed, warnings, failed ::error title=env-contract%3A ::warning checked in error(s), warning(s) \
    {\"ok\": true false, \"environment\": \"checked\": \"problems\": [{\"var\": null, \"code\": \"severity\": \"error\" \"warning\" \
    \"message\": \"hint\": Outcome { report: Report { ok: environment: checked: problems: Problem { var: Some( None code: \
    severity: Error Warning message: hint: variables: values: Values {\"\": } } (environment) (details withheld: \
    they would show part of a secret value) [withheld] not set (optional) not set (the default applies)";

/// Every renderer's syntax, from a small synthetic outcome: brackets, quotes and separators
/// as `Debug`, JSON, text and GitHub print them.
fn skeleton() -> &'static str {
    static SKELETON: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SKELETON.get_or_init(|| {
        use env_contract::{Code, Outcome, Problem, Report, Severity};
        let problem = |var: Option<&str>, code, severity, hint: Option<&str>| Problem {
            var: var.map(ToString::to_string),
            code,
            severity,
            message: "m".to_string(),
            hint: hint.map(ToString::to_string),
        };
        // Every code, with and without a variable and a hint, as error and as warning.
        let mut problems = Vec::new();
        for code in Code::ALL {
            problems.push(problem(None, code, Severity::Error, None));
            problems.push(problem(Some("A"), code, Severity::Error, Some("h")));
            problems.push(problem(Some("B"), code, Severity::Warning, Some("h")));
        }
        let report = Report {
            ok: false,
            environment: "e".to_string(),
            checked: 2,
            problems,
            variables: vec!["A".to_string(), "B".to_string(), "C".to_string(), "D".to_string()].into(),
            unset: vec![2, 3],
            defaulted: vec![3],
        };
        // Values named A and B (their `Debug` shows their values, none secret), from a real check.
        let contract = Contract::from_value(&serde_json::json!({"type": "object", "properties": {"A": {}, "B": {}}}))
            .expect("a valid contract");
        let env: Env = [("A".to_string(), "a".to_string()), ("B".to_string(), "b".to_string())].into_iter().collect();
        let Outcome { values, .. } = contract.check(&env, &CheckOptions::default());
        let outcome = Outcome { report, values };
        let mut out = String::new();
        for r in [
            render::text(&outcome.report, &render::TextOptions::default()),
            render::json(&outcome.report),
            render::github(&outcome.report),
            format!("{outcome:?}"),
            format!("{outcome:#?}"),
        ] {
            out.push('\n');
            out.push_str(&r);
        }
        out
    })
}

/// Whether `out` holds an 8-byte run of `secret` that is not public vocabulary: a variable's
/// name, a problem code, the environment's name, or the renderers' fixed words. Those are
/// printed by design, and a value that happens to contain one (a fuzzer's favourite) does not
/// make them secret. Messages and hints are held to the strict rule separately.
fn leaks_beyond_vocabulary(out: &str, secret: &str, vocabulary: &str) -> bool {
    secret.as_bytes().windows(8).any(|w| {
        // Byte windows, not characters: a window may cut a multi-byte character in two.
        memfind(out.as_bytes(), w) && !memfind(vocabulary.as_bytes(), w)
    })
}

fn memfind(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The inline contracts of the shared cases (`tests/cases/*.json`), in file order: what the
/// `check_env` fuzz target and its regression test pick from.
pub fn case_contracts(dir: &std::path::Path) -> Vec<Contract> {
    let mut paths: Vec<_> =
        std::fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| {
            let case: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p).ok()?).ok()?;
            Contract::from_value(case.get("contract")?).ok()
        })
        .collect()
}

/// The first byte picks one of `contracts`; the rest is `KEY=VALUE` lines. Checks in every
/// environment and asserts no 8-byte run of an `x-secret` value reaches any rendering.
pub fn check_env(contracts: &[Contract], data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else { return };
    if contracts.is_empty() {
        return;
    }
    let contract = &contracts[usize::from(pick) % contracts.len()];
    let text = String::from_utf8_lossy(rest);
    let mut env = Env::default();
    for line in text.lines() {
        if let Some((k, v)) = line.split_once('=') {
            env.insert(k.to_string(), v.to_string());
        }
    }
    let mut secrets = Redactor::default();
    let mut secret_values = Vec::new();
    for v in contract.vars().filter(|v| v.secret) {
        if let Some(value) = env.get(&v.name) {
            secrets.add(value);
            secret_values.push(value.clone());
        }
    }
    let mut environments: Vec<Option<String>> = vec![None];
    environments.extend(contract.profiles().map(|p| Some(p.name.clone())));
    for environment in environments {
        let outcome = contract.check(&env, &CheckOptions { environment, phase: Phase::Runtime, report_only: false });
        // Messages and hints: no run at all, except inside text of the contract (public).
        let mut public = Vec::new();
        env_contract::redact::public_strings(contract.compiled_schema(), &mut public);
        for p in &outcome.report.problems {
            assert!(!secrets.leaks_private(&p.message, &public), "a secret run reached a message");
            assert!(
                !p.hint.as_deref().is_some_and(|h| secrets.leaks_private(h, &public)),
                "a secret run reached a hint"
            );
        }
        // Whole renderings: nothing beyond the public vocabulary.
        let mut vocabulary = String::from(RENDERER_WORDS);
        vocabulary.push_str(skeleton());
        for name in env.keys().map(String::as_str).chain(contract.vars().map(|v| v.name.as_str())) {
            vocabulary.push('\n');
            vocabulary.push_str(name);
        }
        for code in env_contract::Code::ALL {
            // As the renderers print it: `code: message`, `"code"`.
            vocabulary.push_str(&format!("\n{code}: \n\"{code}\""));
        }
        vocabulary.push('\n');
        vocabulary.push_str(&outcome.report.environment);
        for s in &public {
            vocabulary.push('\n');
            vocabulary.push_str(s);
        }
        let rendered = [
            ("text", render::text(&outcome.report, &render::TextOptions::default())),
            ("json", render::json(&outcome.report)),
            ("github", render::github(&outcome.report)),
            ("debug", format!("{outcome:?}")),
        ];
        for (surface, out) in &rendered {
            for secret in &secret_values {
                assert!(
                    !leaks_beyond_vocabulary(out, secret, &vocabulary),
                    "a secret run reached the {surface} output"
                );
            }
        }
    }
}
