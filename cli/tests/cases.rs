//! The shared cases of `tests/cases/` through `env-contract check --format json`, compared
//! with the case's expectations and with the Rust API; every format is searched for runs of
//! the generated secrets.

mod common;
#[allow(clippy::cast_possible_truncation)]
#[path = "../../core/tests/support/mod.rs"]
mod support;

use common::{leaks, run, temp_dir};
use env_contract::{CheckOptions, Contract, Env};
use libtest_mimic::{Arguments, Trial};
use serde_json::Value;
use std::path::PathBuf;
use support::{Case, load_cases};

/// The random parts of an expanded `${random:N}` template (the literal parts are known).
fn random_parts(template: &str, expanded: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let (mut t, mut e) = (template, expanded);
    while let Some(i) = t.find("${random:") {
        let after = &t[i + 9..];
        let end = after.find('}').unwrap();
        let n: usize = after[..end].parse().unwrap();
        parts.push(e[i..i + n].to_string());
        t = &after[end + 1..];
        e = &e[i + n..];
    }
    parts
}

/// Writes the case's contract where the CLI can read it.
fn contract_path(case: &Case, dir: &std::path::Path) -> PathBuf {
    if let Some(f) = &case.contract_file {
        return case.dir.join(f);
    }
    let path = dir.join("env.contract.json");
    let text = match (&case.contract, &case.contract_text) {
        (Some(c), _) => serde_json::to_string_pretty(c).unwrap(),
        (None, Some(t)) => t.clone(),
        (None, None) => panic!("{}: no contract", case.name),
    };
    std::fs::write(&path, text).unwrap();
    path
}

fn triples(problems: &[Value]) -> Vec<(Option<String>, String, String)> {
    let mut v: Vec<_> = problems
        .iter()
        .map(|p| {
            (
                p["var"].as_str().map(ToString::to_string),
                p["code"].as_str().unwrap().to_string(),
                p["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

/// One test per case, named after its file (`cargo test -p env-contract-cli --test cases -- NAME`).
/// Cases with `phase: build` are left out: `check` has no phase flag (DESIGN §7 gives it none),
/// the bindings run them.
fn main() {
    let args = Arguments::from_args();
    let cases: Vec<Case> = load_cases().into_iter().filter(|c| c.phase.as_deref() != Some("build")).collect();
    let (errors, checks) =
        cases.iter().fold((0, 0), |(e, c), case| if case.contract_error.is_some() { (e + 1, c) } else { (e, c + 1) });
    let mut trials = vec![Trial::test("the_table_has_checks_and_contract_errors", move || {
        if errors > 0 && checks >= 10 {
            Ok(())
        } else {
            Err(format!("{checks} checks and {errors} contract errors through the CLI").into())
        }
    })];
    trials.extend(cases.into_iter().map(|case| {
        Trial::test(case.name.clone(), move || {
            let failures = run_case(&case);
            if failures.is_empty() { Ok(()) } else { Err(failures.join("\n").into()) }
        })
    }));
    libtest_mimic::run(&args, trials).exit();
}

/// Runs one case; returns what failed.
fn run_case(case: &Case) -> Vec<String> {
    let mut failures = Vec::new();
    let dir = temp_dir(&case.name);
    let contract = contract_path(case, &dir);
    let env: Env = case.env();
    let env_json = dir.join("env.json");
    std::fs::write(&env_json, serde_json::to_string(&env).unwrap()).unwrap();
    let (c, e) = (contract.to_str().unwrap(), env_json.to_str().unwrap());
    let mut base = vec!["check", "--contract", c, "--env-json", e, "--no-process-env"];
    if let Some(env_name) = &case.environment {
        base.extend(["--environment", env_name.as_str()]);
    }
    let with = |format: &str| {
        let mut a = base.clone();
        a.extend(["--format", format]);
        run(&a)
    };
    if let Some(expected) = &case.contract_error {
        let r = with("json");
        let line = r.stderr.trim_end();
        if r.code != 3 || line.lines().count() != 1 || !line.contains("broken contract") || !r.stdout.is_empty() {
            failures.push(format!("{}: want exit 3 and one line on stderr, got {} {:?}", case.name, r.code, r.stderr));
        }
        if let Some(Value::String(p)) = expected.get("pointer").filter(|p| p.as_str() != Some("")) {
            if !line.contains(p.as_str()) {
                failures.push(format!("{}: the error does not name {p}: {line}", case.name));
            }
        }
        if let (Some(l), Some(col)) = (expected.get("line"), expected.get("column")) {
            if !line.contains(&format!(":{l}:{col}:")) {
                failures.push(format!("{}: the error does not name line:col {l}:{col}: {line}", case.name));
            }
        }
        return failures;
    }
    let r = with("json");
    let Ok(report) = serde_json::from_str::<Value>(&r.stdout) else {
        failures.push(format!("{}: not JSON (exit {}): {} {}", case.name, r.code, r.stdout, r.stderr));
        return failures;
    };
    let problems = report["problems"].as_array().cloned().unwrap_or_default();
    let got = triples(&problems);
    let mut want = case.expected();
    want.sort();
    if got != want {
        failures.push(format!("{}: CLI problems {got:?}, expected {want:?}", case.name));
    }
    // The same as the Rust API, message for message.
    let api = Contract::from_path(&contract).unwrap();
    let outcome = api.check(&env, &CheckOptions { environment: case.environment.clone(), ..CheckOptions::default() });
    let api_json = serde_json::to_value(&outcome.report).unwrap();
    if api_json != report {
        failures.push(format!("{}: CLI report differs from the Rust API:\n{report}\n{api_json}", case.name));
    }
    let want_code = if !outcome.report.ok {
        1
    } else if outcome.report.has_warnings() {
        2
    } else {
        0
    };
    if r.code != want_code {
        failures.push(format!("{}: exit {}, expected {want_code}", case.name, r.code));
    }
    // No run of a generated secret in any format.
    let mut secrets = Vec::new();
    for (k, template) in &case.env {
        let template = template.as_str().unwrap();
        secrets.extend(random_parts(template, &env[k]).into_iter().filter(|p| p.len() >= 8));
    }
    for format in ["json", "text", "github"] {
        let out = if format == "json" { r.all() } else { with(format).all() };
        for s in &secrets {
            if let Some(run) = leaks(&out, s) {
                failures.push(format!("{}: --format {format} shows {run:?}, a run of a generated secret", case.name));
            }
        }
    }
    failures
}
