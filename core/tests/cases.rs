//! Runs the shared acceptance cases of `tests/cases/` through the Rust API, one test per case
//! (libtest-mimic: `harness = false` in Cargo.toml).

mod support;

use env_contract::{CheckOptions, Contract, ContractError, Phase};
use libtest_mimic::{Arguments, Trial};
use serde_json::Value;
use support::{Case, load_cases};

fn load_contract(case: &Case) -> Result<Contract, ContractError> {
    if let Some(c) = &case.contract {
        Contract::from_value(c)
    } else if let Some(f) = &case.contract_file {
        Contract::from_path(case.dir.join(f))
    } else if let Some(t) = &case.contract_text {
        Contract::from_text(t, None)
    } else {
        panic!("{}: no contract", case.name)
    }
}

/// One test per case, named after its file (`cargo test -p env-contract --test cases -- NAME`),
/// plus the tests below.
fn main() {
    let args = Arguments::from_args();
    let cases = load_cases();
    let count = cases.len();
    let mut trials = vec![
        Trial::test("the_table_holds_the_shared_cases", move || {
            if count >= 10 { Ok(()) } else { Err(format!("expected the shared cases, found {count}").into()) }
        }),
        Trial::test("secret_hint_is_long_enough", || {
            secret_hint_is_long_enough();
            Ok(())
        }),
    ];
    trials.extend(cases.into_iter().map(|case| Trial::test(case.name.clone(), move || Ok(run_case(&case)?))));
    libtest_mimic::run(&args, trials).exit();
}

fn run_case(case: &Case) -> Result<(), String> {
    let contract = load_contract(case);
    if let Some(expected) = &case.contract_error {
        let Err(e) = contract else {
            return Err("the contract loaded, but a contract error was expected".into());
        };
        let kind = serde_json::to_value(e.kind).unwrap();
        if expected.get("kind") != Some(&kind) {
            return Err(format!("contract error kind {kind}, expected {:?}: {e}", expected.get("kind")));
        }
        for (key, actual) in [
            ("pointer", e.location.pointer.clone().map(Value::String)),
            ("line", e.location.line.map(Value::from)),
            ("column", e.location.column.map(Value::from)),
        ] {
            if let Some(want) = expected.get(key) {
                if actual.as_ref() != Some(want) {
                    return Err(format!("contract error {key} {actual:?}, expected {want}: {e}"));
                }
            }
        }
        return Ok(());
    }
    let contract = contract.map_err(|e| format!("contract error: {e}"))?;
    let env = case.env();
    let options = CheckOptions {
        environment: case.environment.clone(),
        phase: if case.phase.as_deref() == Some("build") { Phase::Build } else { Phase::Runtime },
        report_only: false,
    };
    let outcome = contract.check(&env, &options);
    let mut actual: Vec<(Option<String>, String, String)> = outcome
        .report
        .problems
        .iter()
        .map(|p| (p.var.clone(), p.code.as_str().to_string(), p.severity.as_str().to_string()))
        .collect();
    let mut expected = case.expected();
    actual.sort();
    expected.sort();
    if actual != expected {
        let msgs: Vec<String> = outcome
            .report
            .problems
            .iter()
            .map(|p| format!("{:?} {} {}: {}", p.var, p.code, p.severity, p.message))
            .collect();
        return Err(format!(
            "problems differ\n  expected: {expected:?}\n  actual:   {actual:?}\n  messages: {msgs:#?}"
        ));
    }
    if outcome.report.ok == actual.iter().any(|(_, _, s)| s == "error") {
        return Err("report.ok disagrees with the severities".into());
    }
    if let Some(Value::Object(values)) = &case.values {
        for (k, want) in values {
            let got = outcome.values.get(k);
            if got != Some(want) {
                return Err(format!("value of {k}: got {got:?}, expected {want}"));
            }
        }
    }
    Ok(())
}

fn secret_hint_is_long_enough() {
    let c = Contract::from_value(&serde_json::json!({"type": "object", "required": ["A", "B"], "properties": {
        "A": {"type": "string", "minLength": 64, "x-secret": true},
        "B": {"type": "string", "minLength": 32, "x-secret": true}}}))
    .unwrap();
    let out = c.check(&env_contract::Env::default(), &CheckOptions::default());
    let hints: Vec<&str> = out.report.problems.iter().filter_map(|p| p.hint.as_deref()).collect();
    // 48 random bytes are 64 base64 characters; 32 bytes are 44.
    assert_eq!(hints, ["generate one with `openssl rand -base64 48`", "generate one with `openssl rand -base64 32`"]);
}
