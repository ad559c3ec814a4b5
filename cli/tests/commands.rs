//! Each command on real files: exit codes, formats, the incident example, docs, diff, scan,
//! run and init (on the corpus of real example files).

mod common;

use common::{leaks, root, run, run_in, temp_dir};
use serde_json::Value;
use std::path::Path;

const INCIDENT: &str = "examples/incident/env.contract.json";
const INCIDENT_ENV: &str = "examples/incident/.env.production";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

/// A 40-character secret-looking value, new at every run (never a committed literal).
fn random_secret() -> String {
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    let mut s = u64::from(seed) | 1;
    (0..40)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            char::from(alphabet[usize::try_from(s % 62).unwrap()])
        })
        .collect()
}

const SMALL: &str = r#"{
  "type": "object",
  "properties": {
    "API_URL": { "type": "string", "x-url": { "schemes": ["https"] } },
    "SESSION_SECRET": { "type": "string", "minLength": 32, "x-secret": true },
    "WORKERS": { "type": "integer", "minimum": 1, "default": 2 },
    "OLD_NAME": { "type": "string", "x-deprecated-by": "API_URL" }
  },
  "required": ["API_URL", "SESSION_SECRET"]
}"#;

#[test]
fn the_incident_example_fails_with_the_two_fail_lines() {
    let incident_args = [
        "check",
        "--contract",
        INCIDENT,
        "--env-file",
        INCIDENT_ENV,
        "--no-process-env",
        "--environment",
        "production",
    ];
    let r = run(&incident_args);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "env-contract: 8 variables, environment \"production\", contract examples/incident/env.contract.json"
    );
    let fails: Vec<&&str> = lines.iter().filter(|l| l.starts_with("[FAIL]")).collect();
    assert_eq!(fails.len(), 2, "{}", r.stdout);
    assert!(fails[0].starts_with("[FAIL] DATABASE_URL url-port: "), "{}", r.stdout);
    assert_eq!(*fails[1], "[FAIL] NEXTAUTH_SECRET missing: required in every environment");
    assert!(r.stdout.contains("       hint: generate one with `openssl rand -base64 32`"));
    assert!(r.stdout.contains("[PASS] NEXTAUTH_URL\n"));
    // Optional variables that are not set are shown as such, not as passing.
    assert!(r.stdout.contains("[ -- ] GCS_BUCKET_NAME not set (optional)\n"), "{}", r.stdout);
    assert!(r.stdout.contains("[ -- ] PORT not set (the default applies)\n"), "{}", r.stdout);
    assert_eq!(*lines.last().unwrap(), "Summary: 4 passed, 0 warnings, 2 failed, 2 not set");
    // --format github counts the same things.
    let mut gh: Vec<&str> = incident_args.to_vec();
    gh.extend(["--format", "github"]);
    let g = run(&gh);
    assert!(
        g.stdout
            .lines()
            .last()
            .unwrap()
            .contains(": 4 passed, 0 warnings, 2 failed, 2 not set (2 error(s), 0 warning(s))"),
        "{}",
        g.stdout
    );
    assert!(!r.all().contains("\x1b["), "no colour when not on a terminal");
    assert!(!r.stdout.contains("db.internal"), "a secret's value must not be printed");
}

#[test]
fn the_committed_example_docs_are_fresh() {
    let r = run(&["docs", "--contract", INCIDENT, "--format", "markdown"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let committed = std::fs::read_to_string(root().join("examples/incident/ENV.md")).unwrap();
    assert!(
        committed == r.stdout,
        "examples/incident/ENV.md differs from `env-contract docs --contract {INCIDENT}`: run `make gen`"
    );
}

#[test]
fn exit_codes() {
    let dir = temp_dir("exit");
    let contract = write(&dir, "env.contract.json", SMALL);
    let secret = random_secret();
    let ok = write(&dir, "ok.env", &format!("API_URL=https://api.example.com\nSESSION_SECRET={secret}\n"));
    let warn =
        write(&dir, "warn.env", &format!("API_URL=https://api.example.com\nSESSION_SECRET={secret}\nOLD_NAME=x\n"));
    let bad = write(&dir, "bad.env", "API_URL=http://api.example.com\nWORKERS=zero\n");
    let check = |env: &str, extra: &[&str]| {
        let mut a = vec!["check", "--contract", &contract, "--env-file", env, "--no-process-env"];
        a.extend(extra);
        run(&a)
    };
    assert_eq!(check(&ok, &[]).code, 0);
    let w = check(&warn, &[]);
    assert_eq!(w.code, 2, "{}", w.stdout);
    assert!(w.stdout.contains("[WARN] OLD_NAME deprecated: "), "{}", w.stdout);
    assert_eq!(check(&warn, &["--strict"]).code, 1);
    let b = check(&bad, &[]);
    assert_eq!(b.code, 1);
    for r in [check(&ok, &[]), w, b] {
        assert!(leaks(&r.all(), &secret).is_none());
    }
    // The default contract is ./env.contract.json; the process environment is on top.
    assert_eq!(run_in(&dir, &["check", "--env-file", "ok.env", "--no-process-env"]).code, 0);
    // 3: broken contract, missing contract, unreadable files, usage errors.
    let broken = write(&dir, "broken.json", "{\n  \"type\": \"object\",\n  \"properties\": {\n}}}");
    let r = run(&["check", "--contract", &broken, "--no-process-env"]);
    assert_eq!(r.code, 3);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("broken.json:4:3"), "file:line:col expected: {}", r.stderr);
    let r = run_in(&dir, &["check", "--contract", "nope.json"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("nope.json") && r.stderr.contains("env-contract init"), "{}", r.stderr);
    // A missing env file is skipped with a note (the one rule of every front); the check then
    // runs without it. A path that exists but is not a readable file is exit 3.
    let r = check(&dir.join("missing.env").to_string_lossy(), &[]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stderr.contains("missing.env does not exist; skipped"), "{}", r.stderr);
    let r = check(&dir.to_string_lossy(), &[]);
    assert_eq!((r.code, r.stderr.contains("directory")), (3, true), "{}", r.stderr);
    let json = write(&dir, "env.json", "{\"API_URL\": 3}");
    let r = run(&["check", "--contract", &contract, "--env-json", &json, "--no-process-env"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("API_URL") && r.stderr.contains("must be a string"), "{}", r.stderr);
    assert_eq!(run(&["check", "--bogus"]).code, 3);
    assert_eq!(run(&["check", "--format", "xml"]).code, 3);
    assert_eq!(run(&[]).code, 3);
    assert_eq!(run(&["frobnicate"]).code, 3);
    let help = run(&["check", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("Examples:") && help.stdout.contains("--env-file"));
    for cmd in ["diff", "docs", "scan", "run", "init"] {
        let h = run(&[cmd, "--help"]);
        assert_eq!(h.code, 0, "{cmd}");
        assert!(h.stdout.contains("Examples:"), "{cmd} --help has no example");
    }
    assert_eq!(run(&["--version"]).code, 0);
}

#[test]
fn formats_json_and_github() {
    let dir = temp_dir("formats");
    let contract = write(&dir, "env.contract.json", SMALL);
    let secret = random_secret();
    // A secret that is too short, so the check has a reason to talk about it.
    let env = write(&dir, "x.env", &format!("API_URL=http://api.example.com\nSESSION_SECRET={}\n", &secret[..20]));
    let base = ["check", "--contract", contract.as_str(), "--env-file", env.as_str(), "--no-process-env", "--format"];
    let j = run(&[&base[..], &["json"]].concat());
    assert_eq!(j.code, 1);
    let report: Value = serde_json::from_str(&j.stdout).unwrap();
    assert_eq!(report["ok"], Value::Bool(false));
    assert_eq!(report["environment"], "development");
    let codes: Vec<&str> = report["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["url-scheme", "too-short"]);
    let g = run(&[&base[..], &["github"]].concat());
    assert_eq!(g.code, 1);
    assert!(
        g.stdout.lines().any(|l| l.starts_with("::error title=env-contract%3A SESSION_SECRET::too-short: ")),
        "{}",
        g.stdout
    );
    assert!(
        g.stdout.lines().any(|l| l.starts_with("::error title=env-contract%3A API_URL::url-scheme: ")),
        "{}",
        g.stdout
    );
    let t = run(&[&base[..], &["text"]].concat());
    for r in [&j, &g, &t] {
        assert!(leaks(&r.all(), &secret[..20]).is_none(), "a secret run in {}", r.all());
    }
}

#[test]
fn diff_judges_a_host_export_per_environment() {
    let dir = temp_dir("diff-host");
    // The incident contract: OPENAI_API_KEY is required by the production profile only.
    let names = write(
        &dir,
        "names.txt",
        "# vercel env ls production\nNEXTAUTH_URL\nDATABASE_URL  Encrypted  Production\nNEXTAUTH_SECRET\n\n",
    );
    let r = run(&["diff", "--contract", INCIDENT, "--names", &names, "--environment", "production"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.stdout.contains("environment \"production\""), "{}", r.stdout);
    assert!(
        r.stdout.lines().any(|l| l.starts_with("- OPENAI_API_KEY")
            && l.contains("required in environment \"production\"")
            && l.ends_with("missing from the list")),
        "{}",
        r.stdout
    );
    // Without --environment it is only "required in some environments".
    let r = run(&["diff", "--contract", INCIDENT, "--names", &names]);
    assert!(
        r.stdout.lines().any(|l| l.starts_with("- OPENAI_API_KEY") && l.contains("required in some environments")),
        "{}",
        r.stdout
    );
    // A platform's JSON export, values never printed.
    let secret = random_secret();
    let json = write(&dir, "export.json", &format!("{{\"NEXTAUTH_SECRET\": \"{secret}\", \"NEXTAUTH_URLL\": \"x\"}}"));
    let r = run(&["diff", "--contract", INCIDENT, "--env-json", &json, "--environment", "production"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("+ NEXTAUTH_URLL") && r.stdout.contains("did you mean NEXTAUTH_URL?"), "{}", r.stdout);
    assert!(
        r.stdout.lines().any(|l| l.starts_with("- DATABASE_URL") && l.ends_with("missing from the export")),
        "{}",
        r.stdout
    );
    assert!(leaks(&r.all(), &secret).is_none());
    // A list line that is not a name is named by line; exactly one source is required.
    let bad = write(&dir, "bad.txt", "GOOD\n9LIVES\n");
    let r = run(&["diff", "--contract", INCIDENT, "--names", &bad]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("bad.txt:2:1: not a variable name"), "{}", r.stderr);
    assert_eq!(run(&["diff", "--contract", INCIDENT, "--names", &names, "--env-json", &json]).code, 3);
}

#[test]
fn diff_reports_drift_with_did_you_mean() {
    let dir = temp_dir("diff");
    let contract = write(&dir, "env.contract.json", SMALL);
    let secret = random_secret();
    let file = write(&dir, ".env", &format!("API_URL=https://a.example\nSESSION_SECRT={secret}\nEXTRA=1\n"));
    let r = run(&["diff", "--contract", &contract, "--env-file", &file]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains("+ SESSION_SECRT") && r.stdout.contains("(did you mean SESSION_SECRET?)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.lines().any(|l| l.starts_with("+ EXTRA") && !l.contains("did you mean")), "{}", r.stdout);
    assert!(
        r.stdout.lines().any(|l| l.starts_with("- SESSION_SECRET") && l.contains("required in every environment")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.lines().any(|l| l.starts_with("- WORKERS") && l.contains("optional, has a default")),
        "{}",
        r.stdout
    );
    assert!(leaks(&r.all(), &secret).is_none());
    // The generated .env.example names exactly the declared variables: no drift.
    let example = dir.join("generated.env");
    let d = run(&["docs", "--contract", &contract, "--format", "env-example", "--out", example.to_str().unwrap()]);
    assert_eq!(d.code, 0, "{}", d.stderr);
    let r = run(&["diff", "--contract", &contract, "--env-file", example.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    // The incident's host lacks variables the contract declares.
    let r = run(&["diff", "--contract", INCIDENT, "--env-file", INCIDENT_ENV]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("- NEXTAUTH_SECRET"), "{}", r.stdout);
    assert_eq!(run(&["diff", "--contract", INCIDENT]).code, 3, "--env-file is required");
}

#[test]
fn docs_in_every_format() {
    let dir = temp_dir("docs");
    let md = run(&["docs", "--contract", INCIDENT]);
    assert_eq!(md.code, 0);
    for needle in [
        "### `NEXTAUTH_SECRET`",
        "- **Required:** in every environment",
        "- **Secret:** yes",
        "- **Required:** when `STORAGE_TYPE` is \"gcs\"",
        "- **Required:** in `production`",
        "- **Only a warning in:** `staging`",
        "port 6432",
        "- **Default:** `3000`",
        "### `env-contract:port`",
        "### `env-contract:nextauth-secret`",
        "Used by this contract.",
    ] {
        assert!(md.stdout.contains(needle), "markdown lacks {needle:?}");
    }
    let ex = run(&["docs", "--contract", INCIDENT, "--format", "env-example"]);
    assert_eq!(ex.code, 0);
    assert!(
        ex.stdout.contains("\nNEXTAUTH_SECRET=\n") && ex.stdout.contains("\nDATABASE_URL=\n"),
        "secrets are left empty"
    );
    assert!(ex.stdout.contains("\nPORT=3000\n") && ex.stdout.contains("\nSTORAGE_TYPE=local\n"), "defaults are shown");
    assert!(ex.stdout.contains("# Signs session tokens. Generate: openssl rand -base64 32\n"));
    let out = dir.join("env.d.ts");
    let dts = run(&["docs", "--contract", INCIDENT, "--format", "dts", "--out", out.to_str().unwrap()]);
    assert_eq!((dts.code, dts.stdout.as_str()), (0, ""));
    let ts = std::fs::read_to_string(&out).unwrap();
    for needle in [
        "export interface Env {",
        "  readonly NEXTAUTH_SECRET: string;",
        "  readonly PORT: number;",
        "  readonly STORAGE_TYPE: \"local\" | \"gcs\";",
        "  readonly GCS_BUCKET_NAME?: string;",
    ] {
        assert!(ts.contains(needle), "dts lacks {needle:?}:\n{ts}");
    }
    assert_eq!(run(&["docs", "--contract", INCIDENT, "--format", "pdf"]).code, 3);
}

#[test]
fn docs_check_tells_when_a_generated_file_is_stale() {
    let dir = temp_dir("docs-check");
    for (format, file) in [("python", "env_types.py"), ("dts", "env.d.ts"), ("markdown", "ENV.md")] {
        let out = dir.join(file);
        let out = out.to_str().unwrap();
        let check = || run(&["docs", "--contract", INCIDENT, "--format", format, "--out", out, "--check"]);
        let missing = check();
        assert_eq!(missing.code, 1, "{format}: {}", missing.stderr);
        assert!(missing.stderr.contains("does not exist"), "{}", missing.stderr);
        assert!(!std::path::Path::new(out).exists(), "--check writes nothing");
        assert_eq!(run(&["docs", "--contract", INCIDENT, "--format", format, "--out", out]).code, 0);
        let fresh = check();
        assert_eq!((fresh.code, fresh.stdout.as_str(), fresh.stderr.as_str()), (0, "", ""), "{format}");
        let edited = std::fs::read_to_string(out).unwrap().replacen('\n', "\n\n", 1);
        std::fs::write(out, &edited).unwrap();
        let stale = check();
        assert_eq!(stale.code, 1, "{format}");
        let again = format!("env-contract docs --contract {INCIDENT} --format {format} --out {out}");
        assert!(stale.stderr.contains("is stale") && stale.stderr.contains(&again), "{}", stale.stderr);
        assert_eq!(std::fs::read_to_string(out).unwrap(), edited, "--check leaves the file alone");
    }
    // --check compares a file: without --out it is a usage error.
    assert_eq!(run(&["docs", "--contract", INCIDENT, "--check"]).code, 3);
}

#[test]
fn the_monorepo_example_composes_in_every_command() {
    let web = format!("{}/../examples/monorepo/apps/web", env!("CARGO_MANIFEST_DIR"));
    let contract = format!("{web}/env.contract.json");
    let check = run(&["check", "--contract", &contract, "--no-process-env", "--environment", "production"]);
    assert_eq!(check.code, 1);
    for var in ["DATABASE_URL", "REDIS_URL", "STRIPE_SECRET_KEY", "NEXTAUTH_SECRET", "NEXTAUTH_URL"] {
        assert!(check.stdout.contains(&format!("[FAIL] {var}")), "{var}:\n{}", check.stdout);
    }
    let docs = run(&["docs", "--contract", &contract]);
    assert!(docs.stdout.contains("DATABASE_URL") && docs.stdout.contains("PgBouncer"), "docs follow x-extends");
    let dir = temp_dir("monorepo");
    let env_file = write(&dir, ".env", "NEXTAUTH_SECRET=x\n");
    let diff = run(&["diff", "--contract", &contract, "--env-file", &env_file]);
    assert!(diff.stdout.contains("DATABASE_URL"), "diff names the shared variable: {}", diff.stdout);
    // scan knows the shared x-secret DATABASE_URL through the composition.
    let secret = random_secret();
    let url = format!("postgres://web:{secret}@db.internal:6432/app");
    let env_file = write(&dir, ".env.production", &format!("DATABASE_URL={url}\n"));
    write(&dir.join("dist"), "app.js", &format!("var u=\"{url}\";"));
    let dist = dir.join("dist");
    let scan =
        run(&["scan", dist.to_str().unwrap(), "--contract", &contract, "--env-file", &env_file, "--no-process-env"]);
    assert_eq!(scan.code, 1, "{}{}", scan.stdout, scan.stderr);
    assert!(scan.stdout.contains("DATABASE_URL") && !scan.stdout.contains(&secret[..8]), "{}", scan.stdout);
    // The committed composed file (for `import contract from …json`) is fresh.
    let composed = format!("{web}/env.contract.composed.json");
    let fresh = run(&["docs", "--contract", &contract, "--format", "contract", "--out", &composed, "--check"]);
    assert_eq!(fresh.code, 0, "{}", fresh.stderr);
    let api = format!("{}/../examples/monorepo/apps/api/env.contract.json", env!("CARGO_MANIFEST_DIR"));
    let api_check = run(&["check", "--contract", &api, "--no-process-env"]);
    assert_eq!(api_check.code, 1);
    assert!(api_check.stdout.contains("[FAIL] DATABASE_URL"), "{}", api_check.stdout);
}

#[test]
fn docs_python_writes_a_typed_dict_of_the_values() {
    let py = run(&["docs", "--contract", INCIDENT, "--format", "python"]);
    assert_eq!(py.code, 0, "{}", py.stderr);
    for needle in [
        "by `env-contract docs --format python`",
        "class _EnvRequired(TypedDict):",
        "    NEXTAUTH_SECRET: str\n",
        "    PORT: int\n",
        "    STORAGE_TYPE: Literal[\"local\", \"gcs\"]\n",
        "class Env(_EnvRequired, total=False):",
    ] {
        assert!(py.stdout.contains(needle), "python lacks {needle:?}:\n{}", py.stdout);
    }
    let (required, optional) = py.stdout.split_once("class Env(").unwrap();
    assert!(optional.contains("    GCS_BUCKET_NAME: str\n") && !required.contains("GCS_BUCKET_NAME"));
}

#[test]
fn scan_finds_secret_values_and_patterns_never_printing_them() {
    let dir = temp_dir("scan");
    let contract = write(&dir, "env.contract.json", SMALL);
    let secret = random_secret();
    let env = write(&dir, ".env.production", &format!("API_URL=https://a.example\nSESSION_SECRET={secret}\n"));
    let assets = dir.join("dist");
    // Thousands of clean files, one copy of the secret, one key-shaped literal, one binary.
    for i in 0..2000 {
        write(&assets, &format!("chunks/{}/c{i}.js", i % 20), "function a(b){return b+1}var x=\"hello\";\n");
    }
    write(&assets, "static/app.js", &format!("var s=\"{secret}\";"));
    let stripe_like = format!("sk_live_{}", &random_secret()[..24]);
    write(&assets, "static/pay.js", &format!("const k='{stripe_like}';"));
    std::fs::write(assets.join("logo.png"), [0x89u8, b'P', b'N', b'G', 0, 0, 1, 2]).unwrap();
    let started = std::time::Instant::now();
    let r = run(&["scan", assets.to_str().unwrap(), "--contract", &contract, "--env-file", &env, "--no-process-env"]);
    let took = started.elapsed();
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.lines().any(|l| l.starts_with("[LEAK] ") && l.contains("app.js") && l.contains("SESSION_SECRET")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.lines().any(|l| l.starts_with("[LEAK] ") && l.contains("pay.js") && l.contains("Stripe")),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("2002 files") && r.stdout.contains("1 skipped"), "{}", r.stdout);
    assert!(leaks(&r.all(), &secret).is_none() && leaks(&r.all(), &stripe_like[8..]).is_none(), "{}", r.all());
    assert!(took.as_secs() < 20, "scan of 2000 files took {took:?}");
    // Clean assets pass.
    std::fs::remove_file(assets.join("static/app.js")).unwrap();
    std::fs::remove_file(assets.join("static/pay.js")).unwrap();
    let r = run(&["scan", assets.to_str().unwrap(), "--contract", &contract, "--env-file", &env, "--no-process-env"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    // Without a contract: patterns only; a missing directory is exit 3.
    let r = run_in(&dir.join("dist"), &["scan", ".", "--no-process-env"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(run(&["scan", dir.join("nope").to_str().unwrap(), "--no-process-env"]).code, 3);
}

#[cfg(unix)]
#[test]
fn run_execs_only_when_the_environment_passes() {
    let dir = temp_dir("run");
    let contract = write(&dir, "env.contract.json", SMALL);
    let secret = random_secret();
    let ok = write(&dir, "ok.env", &format!("API_URL=https://a.example\nSESSION_SECRET={secret}\n"));
    let bad = write(&dir, "bad.env", "API_URL=https://a.example\n");
    let out = std::process::Command::new(common::bin())
        .args(["run", "--contract", &contract, "--env-file", &ok, "--no-process-env", "--", "sh", "-c"])
        .arg("echo \"ran marker=$RUN_MARKER api=${API_URL:-unset}\"; exit 7")
        .env("RUN_MARKER", "kept")
        .env_remove("API_URL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "the exit code is COMMAND's");
    // The environment is passed through unchanged: the env file is only read for the check.
    assert_eq!(String::from_utf8_lossy(&out.stdout), "ran marker=kept api=unset\n");
    let r =
        run(&["run", "--contract", &contract, "--env-file", &bad, "--no-process-env", "--", "sh", "-c", "echo ran"]);
    assert_eq!(r.code, 1);
    assert!(!r.stdout.contains("ran"), "COMMAND must not run: {}", r.stdout);
    assert!(r.stderr.contains("[FAIL] SESSION_SECRET missing"), "{}", r.stderr);
    let r = run(&[
        "run",
        "--contract",
        &contract,
        "--env-file",
        &ok,
        "--no-process-env",
        "--",
        "no-such-program-env-contract",
    ]);
    assert_eq!(r.code, 127, "{}", r.stderr);
    assert_eq!(run(&["run", "--contract", &contract]).code, 3, "COMMAND is required");
}

#[test]
fn init_round_trips_on_every_corpus_file() {
    let corpus = root().join("tests/corpus/env-examples");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "env"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "the corpus is missing");
    let dir = temp_dir("init");
    let mut failures = Vec::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let out = dir.join(format!("{name}.contract.json"));
        let (from, to) = (f.to_str().unwrap(), out.to_str().unwrap());
        let r = run(&["init", "--from", from, "--out", to]);
        if r.code != 0 {
            failures.push(format!("{name}: init exit {}: {}", r.code, r.stderr));
            continue;
        }
        let contract: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        let props = contract["properties"].as_object().unwrap();
        let required: Vec<&str> =
            contract["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let prefixes: Vec<String> = contract.get("x-client-prefixes").and_then(Value::as_array).map_or_else(
            || vec!["NEXT_PUBLIC_".to_string()],
            |a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect(),
        );
        let env = env_contract::envfile::read_dotenv(f).unwrap();
        for (var, schema) in props {
            if prefixes.iter().any(|p| var.starts_with(p.as_str())) && schema.get("x-secret").is_some() {
                failures.push(format!("{name}: {var} has a client prefix and x-secret"));
            }
            if env.get(var).is_none_or(String::is_empty) && required.contains(&var.as_str()) {
                failures.push(format!("{name}: {var} is empty in the example but required"));
            }
        }
        let r = run(&["check", "--contract", to, "--env-file", from, "--no-process-env", "--format", "json"]);
        let report: Value = serde_json::from_str(&r.stdout).unwrap_or(Value::Null);
        if report["ok"] != Value::Bool(true) || r.code == 1 || r.code == 3 {
            failures.push(format!(
                "{name}: the example fails its own inferred contract (exit {}): {}{}",
                r.code, r.stdout, r.stderr
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn init_infers_and_refuses_to_overwrite() {
    let dir = temp_dir("init-one");
    let example = write(
        &dir,
        ".env.example",
        "# Where the app is served\nAPP_URL=https://app.example.com\nPORT=3000\n\n# Signs sessions\nSESSION_SECRET=change-me\nDEBUG=false\nRATIO=0.5\nNEXT_PUBLIC_SECRET_SAUCE=public\nOPTIONAL_TOKEN=\n",
    );
    let r = run_in(&dir, &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let c: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("env.contract.json")).unwrap()).unwrap();
    let p = &c["properties"];
    assert_eq!(p["APP_URL"]["x-url"]["schemes"], serde_json::json!(["http", "https"]));
    assert_eq!(p["APP_URL"]["examples"], serde_json::json!(["https://app.example.com"]));
    assert_eq!(p["APP_URL"]["description"], "Where the app is served");
    assert_eq!(p["PORT"]["$ref"], "env-contract:port");
    assert_eq!(p["SESSION_SECRET"]["x-secret"], true);
    assert_eq!(p["SESSION_SECRET"]["description"], "Signs sessions");
    assert_eq!(p["DEBUG"]["type"], "boolean");
    assert_eq!(p["RATIO"]["type"], "number");
    assert!(p["NEXT_PUBLIC_SECRET_SAUCE"].get("x-secret").is_none());
    assert_eq!(p["OPTIONAL_TOKEN"]["x-secret"], true);
    let required: Vec<&str> = c["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert!(!required.contains(&"OPTIONAL_TOKEN") && !required.contains(&"SESSION_SECRET"));
    assert!(required.contains(&"APP_URL") && !required.contains(&"PORT"), "{required:?}");
    // Secrets are required in production, not in a developer's environment.
    let production = c["x-environments"]["production"]["required"].as_array().unwrap();
    assert!(production.contains(&serde_json::json!("SESSION_SECRET")), "{production:?}");
    // An existing contract is not overwritten without --force.
    let again = run_in(&dir, &["init", "--from", &example]);
    assert_eq!(again.code, 3);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    assert_eq!(run_in(&dir, &["init", "--from", &example, "--force"]).code, 0);
    let stdout = run_in(&dir, &["init", "--from", &example, "--out", "-"]);
    assert_eq!(stdout.code, 0);
    assert!(serde_json::from_str::<Value>(&stdout.stdout).is_ok());
    assert_eq!(run_in(&dir, &["init", "--from", "missing.env", "--out", "x.json"]).code, 3);
}

#[path = "../../core/tests/support/samples.rs"]
mod samples;

#[test]
fn scan_finds_every_marked_format_in_a_built_asset() {
    use env_contract::rules::patterns::find_secret;
    let dir = temp_dir("scan-formats");
    let assets = dir.join("dist");
    let mut rng = samples::Rng::new();
    let mut secrets = Vec::new();
    let mut n = 0;
    for f in samples::secrets().filter(|f| f.names.is_empty()) {
        for _ in 0..2 {
            let value = samples::sample(f, &mut rng);
            let secret = find_secret(&value).expect("a marked sample is found").secret.to_string();
            write(
                &assets,
                &format!("_next/static/chunks/c{n}.js"),
                &format!("(()=>{{const k=\"{value}\";export{{k}}}})();\n"),
            );
            secrets.push((n, f.provider, f.regex, secret));
            n += 1;
        }
    }
    write(
        &assets,
        "_next/static/chunks/clean.js",
        "function a(b){return b+1}var u=\"https://example.com/a@b\",t=\"TODAYINASIAASACKOFRICEFELLOVER\";\n",
    );
    let r = run(&["scan", assets.to_str().unwrap(), "--no-process-env"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    for (i, provider, pattern, secret) in &secrets {
        let file = format!("c{i}.js");
        assert!(
            r.stdout.lines().any(|l| l.starts_with("[LEAK] ") && l.contains(&file)),
            "{provider} sample in {file} not found by scan"
        );
        // Runs of the format's own fixed text (`service_account`) are not secret.
        let shown = secret
            .as_bytes()
            .windows(8)
            .filter_map(|w| std::str::from_utf8(w).ok())
            .find(|w| !pattern.contains(w) && r.all().contains(w));
        assert!(shown.is_none(), "scan shows part of a {provider} secret");
    }
    assert!(!r.stdout.contains("clean.js"), "{}", r.stdout);
}

/// `ENV_CONTRACT_SKIP` is the escape hatch of `assertEnv` / `assert_env` (core/src/skip.rs);
/// the CLI reports and never refuses on its own, so it ignores the flag: CI stays red and
/// `run` still refuses to start COMMAND.
#[test]
fn the_cli_ignores_env_contract_skip() {
    let dir = temp_dir("skip");
    let contract = write(&dir, "env.contract.json", SMALL);
    let bad = write(&dir, "bad.env", "API_URL=http://api.example.com\nWORKERS=zero\n");
    for args in [
        vec!["check", "--contract", &contract, "--env-file", &bad, "--no-process-env"],
        vec!["run", "--contract", &contract, "--env-file", &bad, "--no-process-env", "--", "true"],
    ] {
        let out = std::process::Command::new(common::bin()).args(&args).env("ENV_CONTRACT_SKIP", "1").output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// The documented alert rule (`env_contract::log::ALERT_PATTERN`, docs/cli.md) fires on a
/// missing secret in `check`'s report and in `run`'s stderr, text or JSON lines, and names it;
/// none of it holds the value of the secret that is set.
#[test]
fn the_alert_pattern_fires_on_a_missing_secret_in_check_and_run() {
    let dir = temp_dir("alert");
    let secret = random_secret();
    let contract = write(
        &dir,
        "env.contract.json",
        r#"{"type":"object","required":["SESSION_SECRET","API_TOKEN"],"properties":{
            "SESSION_SECRET":{"type":"string","x-secret":true},"API_TOKEN":{"type":"string","x-secret":true,"minLength":64}}}"#,
    );
    let env = write(&dir, "bad.env", &format!("API_TOKEN={secret}\n"));
    let alert = regex::Regex::new(env_contract::log::ALERT_PATTERN).unwrap();
    let fired = |text: &str| -> Vec<String> {
        text.lines().filter_map(|l| alert.captures(l)).map(|c| c[1].to_string()).collect()
    };
    let r = run(&["check", "--contract", &contract, "--env-file", &env, "--no-process-env"]);
    assert_eq!(r.code, 1);
    assert_eq!(fired(&r.stdout), ["SESSION_SECRET"], "{}", r.stdout);
    assert!(leaks(&r.all(), &secret).is_none());
    let out = std::process::Command::new(common::bin())
        .args(["run", "--contract", &contract, "--env-file", &env, "--no-process-env", "--", "true"])
        .env("ENV_CONTRACT_LOG_FORMAT", "json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(leaks(&stderr, &secret).is_none(), "{stderr}");
    let events: Vec<Value> =
        stderr.lines().filter(|l| l.starts_with('{')).map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(events[0]["event"], "check");
    assert_eq!(events[0]["status"], "error");
    let problems: Vec<(&str, &str)> =
        events[1..].iter().map(|e| (e["var"].as_str().unwrap(), e["code"].as_str().unwrap())).collect();
    assert_eq!(problems, [("API_TOKEN", "too-short"), ("SESSION_SECRET", "missing")]);
    // The `text` field of each JSON line holds the same words, so the same rule fits it.
    let texts: Vec<String> = events.iter().map(|e| e["text"].as_str().unwrap().to_string()).collect();
    assert_eq!(fired(&texts.join("\n")), ["SESSION_SECRET"]);
    let r = run(&["run", "--contract", &contract, "--env-file", &env, "--no-process-env", "--", "true"]);
    assert_eq!(fired(&r.stderr), ["SESSION_SECRET"], "{}", r.stderr);
}

/// The pattern the tests use is the one the docs give.
#[test]
fn the_docs_give_the_alert_pattern() {
    for doc in ["docs/cli.md", "docs/node.md", "docs/python.md"] {
        let text = std::fs::read_to_string(root().join(doc)).unwrap();
        assert!(text.contains(env_contract::log::ALERT_PATTERN), "{doc} does not give the alert pattern");
    }
}
