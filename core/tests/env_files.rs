//! The shared env-file cases of `tests/env-files/` through core's `envfile::build` (the CLI,
//! Node and Python run the same cases through their fronts), one test per case (libtest-mimic:
//! `cargo test -p env-contract --test env_files -- NAME`).

#[path = "support/env_files.rs"]
mod cases;

use env_contract::envfile::{self, Sources, Top};
use env_contract::{CheckOptions, Contract, Env};
use libtest_mimic::{Arguments, Trial};

fn main() {
    let args = Arguments::from_args();
    let trials = cases::load()
        .into_iter()
        .map(|case| {
            Trial::test(case.name.clone(), move || {
                run_case(&case);
                Ok(())
            })
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn run_case(case: &cases::EnvFileCase) {
    let dir = std::env::temp_dir().join(format!("env-contract-envfile-{}-{}", std::process::id(), case.name));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let files = case.write_files(&dir);
    let top: Env = case.env.clone().unwrap_or_default().into_iter().collect();
    let built =
        envfile::build(&Sources { files: files.clone(), json: None, top: Top::Given(top.into()), expand: case.expand });
    let what = format!("{} ({})", case.name, case.description);
    if let Some(want) = &case.error {
        let e = built.expect_err(&what);
        assert_eq!(e.path, files[want.file], "{what}");
        let at: Vec<[usize; 2]> = e.lines.iter().map(|l| [l.line, l.column]).collect();
        assert_eq!(at, want.lines, "{what}: {e}");
        for (l, [line, column]) in e.to_string().lines().zip(&want.lines) {
            assert!(l.starts_with(&format!("{}:{line}:{column}: ", files[want.file].display())), "{what}: {l}");
        }
        for s in &case.not_in_error {
            assert!(!e.to_string().contains(s.as_str()) && !e.message.contains(s.as_str()), "{what}: {e}");
        }
        return;
    }
    let built = built.unwrap_or_else(|e| panic!("{what}: {e}"));
    for (k, v) in &case.values {
        assert_eq!(built.env.get(k), Some(v), "{what}: {k}");
    }
    for k in &case.absent {
        assert!(!built.env.contains_key(k), "{what}: {k} is set");
    }
    assert_eq!(built.warnings.len(), case.warnings.len(), "{what}: {:?}", built.warnings);
    for (w, want) in built.warnings.iter().zip(&case.warnings) {
        let [a, b] = want.lines;
        assert!(
            w.contains(&want.key) && w.contains(&format!("line {a}")) && w.contains(&format!("line {b}")),
            "{what}: {w}"
        );
    }
    let missing = case.files.iter().filter(|f| f.is_none()).count();
    assert_eq!(built.skipped.len(), missing, "{what}");
    // The contract every front uses passes on this environment.
    let contract = Contract::from_value(&case.contract()).unwrap();
    let outcome = contract.check(&built.env, &CheckOptions::default());
    assert!(outcome.report.problems.is_empty(), "{what}: {:?}", outcome.report.problems);
    std::fs::remove_dir_all(&dir).unwrap();
}
