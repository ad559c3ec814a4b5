//! The shared env-file cases of `tests/env-files/` through `env-contract check --env-file …
//! --no-process-env` (the top layer, when a case has one, is given as `--env-json`), one test
//! per case (libtest-mimic: `cargo test -p env-contract-cli --test env_files -- NAME`).

#[path = "../../core/tests/support/env_files.rs"]
mod cases;
mod common;

use common::{run, temp_dir};
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
    let dir = temp_dir(&format!("envfile-{}", case.name));
    let files = case.write_files(&dir);
    let contract = dir.join("env.contract.json");
    std::fs::write(&contract, serde_json::to_string_pretty(&case.contract()).unwrap()).unwrap();
    let mut args: Vec<String> = vec!["check".into(), "--contract".into(), contract.display().to_string()];
    for f in &files {
        args.push("--env-file".into());
        args.push(f.display().to_string());
    }
    if let Some(env) = &case.env {
        let json = dir.join("top.json");
        std::fs::write(&json, serde_json::to_string(env).unwrap()).unwrap();
        args.push("--env-json".into());
        args.push(json.display().to_string());
    }
    args.push("--no-process-env".into());
    if case.expand {
        args.push("--env-expand".into());
    }
    args.extend(["--format".into(), "json".into()]);
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&arg_refs);
    let what = format!("{} ({})", case.name, case.description);
    if let Some(want) = &case.error {
        assert_eq!(r.code, 3, "{what}: {}", r.all());
        let lines: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("env-contract: error: ")).collect();
        assert_eq!(lines.len(), want.lines.len(), "{what}: {}", r.stderr);
        for (l, [line, column]) in lines.iter().zip(&want.lines) {
            let at = format!("env-contract: error: {}:{line}:{column}: ", files[want.file].display());
            assert!(l.starts_with(&at), "{what}: {l}");
        }
        for s in &case.not_in_error {
            assert!(!r.all().contains(s.as_str()), "{what}: {}", r.all());
        }
        return;
    }
    assert_eq!(r.code, 0, "{what}: {}", r.all());
    let warnings: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("env-contract: warning: ")).collect();
    assert_eq!(warnings.len(), case.warnings.len(), "{what}: {}", r.stderr);
    for (w, want) in warnings.iter().zip(&case.warnings) {
        let [a, b] = want.lines;
        assert!(
            w.contains(&want.key) && w.contains(&format!("line {a}")) && w.contains(&format!("line {b}")),
            "{what}: {w}"
        );
    }
    let skipped = r.stderr.lines().filter(|l| l.contains("does not exist; skipped")).count();
    assert_eq!(skipped, case.files.iter().filter(|f| f.is_none()).count(), "{what}: {}", r.stderr);
}
