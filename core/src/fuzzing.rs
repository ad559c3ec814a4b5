//! Harnesses shared by the fuzz targets (`fuzz/`) and the regression tests that replay what
//! the fuzzer once found (`core/tests/fuzz_regressions.rs`). Each panics on a broken promise:
//! a crash, or a secret run in an output.

use crate::check::{CheckOptions, Env, Phase};
use crate::contract::Contract;
use crate::redact::Redactor;
use crate::render;

/// Loads arbitrary bytes as a contract; when it loads, checks an empty environment and an
/// environment with every declared variable set to an awkward value.
pub fn load_contract(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(contract) = Contract::from_text(&text, None) else { return };
    let empty = Env::new();
    let _ = contract.check(&empty, &CheckOptions::default());
    let env: Env = contract.vars().map(|v| (v.name.clone(), "0".to_string())).collect();
    for p in contract.profiles() {
        let _ = contract.check(&env, &CheckOptions { environment: Some(p.name.clone()), phase: Phase::Runtime });
    }
    let _ = contract.check(&env, &CheckOptions { environment: None, phase: Phase::Build });
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
    let mut env = Env::new();
    for line in text.lines() {
        if let Some((k, v)) = line.split_once('=') {
            env.insert(k.to_string(), v.to_string());
        }
    }
    let mut secrets = Redactor::default();
    for v in contract.vars().filter(|v| v.secret) {
        if let Some(value) = env.get(&v.name) {
            secrets.add(value);
        }
    }
    let mut environments: Vec<Option<String>> = vec![None];
    environments.extend(contract.profiles().map(|p| Some(p.name.clone())));
    for environment in environments {
        let outcome = contract.check(&env, &CheckOptions { environment, phase: Phase::Runtime });
        let rendered = [
            render::text(&outcome.report, &render::TextOptions::default()),
            render::json(&outcome.report),
            render::github(&outcome.report),
            format!("{outcome:?}"),
        ];
        for out in &rendered {
            assert!(!secrets.leaks(out), "a secret run reached an output");
        }
    }
}
