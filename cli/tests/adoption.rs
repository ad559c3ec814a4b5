//! Adopting env-contract on a real app: for every file of `tests/corpus/env-examples/`,
//! `init` infers a contract; the example passes it; a production environment derived from the
//! example (TLS scheme variants, real hosts, generated secrets) passes it in `production`; and
//! dropping the main secret, breaking a URL scheme, or pasting a secret into a client variable
//! each fails, naming the variable, with a message that is not withheld.

mod common;
#[allow(clippy::cast_possible_truncation)]
#[path = "../../core/tests/support/mod.rs"]
mod support;

use common::{root, run, temp_dir};
use env_contract::redact::WITHHELD;
use env_contract::{CheckOptions, Code, Contract, Env, Problem, Severity};
use serde_json::Value;
use support::random_alnum;

/// The TLS (or production) form of a scheme, as a production host would write it.
fn tls_variant(scheme: &str) -> &str {
    match scheme {
        "http" => "https",
        "ws" => "wss",
        "redis" => "rediss",
        "postgres" => "postgresql",
        "postgresql" => "postgres",
        "amqp" => "amqps",
        "smtp" => "smtps",
        "mqtt" => "mqtts",
        other => other,
    }
}

/// A production URL derived from an example URL: the TLS scheme variant, a real host, and a
/// generated password where the example had one (or where the variable is secret).
fn production_url(example: &str, secret: bool) -> String {
    let mut u = url::Url::parse(example).expect("a URL");
    let scheme = tls_variant(u.scheme()).to_string();
    let rest = &example[example.find("://").unwrap()..];
    u = url::Url::parse(&format!("{scheme}{rest}")).unwrap_or(u);
    let local =
        u.host_str().is_some_and(|h| h == "localhost" || h.starts_with("127.") || h == "0.0.0.0" || !h.contains('.'));
    if local && u.host_str().is_some() {
        let _ = u.set_host(Some("prod-1.example.net"));
    }
    if u.password().is_some() || secret && u.host_str().is_some() && u.username().is_empty() && scheme != "https" {
        if u.username().is_empty() {
            let _ = u.set_username("app");
        }
        let _ = u.set_password(Some(&random_alnum(24)));
    }
    u.to_string()
}

fn is_url(v: &str) -> bool {
    v.contains("://") && url::Url::parse(v).is_ok_and(|u| !u.cannot_be_a_base())
}

struct Inferred {
    contract: Contract,
    doc: Value,
}

impl Inferred {
    fn props(&self) -> &serde_json::Map<String, Value> {
        self.doc["properties"].as_object().unwrap()
    }
    fn secret(&self, var: &str) -> bool {
        self.props()[var].get("x-secret").is_some()
            || self.props()[var]
                .get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|r| r.ends_with("-url") && r != "env-contract:url" && r != "env-contract:https-url")
    }
    fn required_in_production(&self) -> Vec<String> {
        let mut out: Vec<String> = self.doc["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(String::from))
            .collect();
        out.extend(
            self.doc
                .pointer("/x-environments/production/required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(String::from)),
        );
        out
    }
    fn prefixes(&self) -> Vec<String> {
        self.doc.get("x-client-prefixes").and_then(Value::as_array).map_or_else(
            || vec!["NEXT_PUBLIC_".to_string()],
            |a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect(),
        )
    }
}

fn errors(contract: &Contract, env: &Env) -> Vec<Problem> {
    contract
        .check(env, &CheckOptions::environment("production"))
        .report
        .problems
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .collect()
}

fn describe(ps: &[Problem]) -> String {
    ps.iter()
        .map(|p| format!("{} {}: {}", p.var.as_deref().unwrap_or("-"), p.code, p.message))
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn init_holds_in_production_on_every_corpus_file() {
    let corpus = root().join("tests/corpus/env-examples");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "env"))
        .collect();
    files.sort();
    assert!(files.len() >= 28, "the corpus is missing files: {}", files.len());
    let dir = temp_dir("adoption");
    let mut failures = Vec::new();
    let mut table = Vec::new();
    let (mut drops, mut schemes, mut pastes) = (0, 0, 0);
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let out = dir.join(format!("{name}.contract.json"));
        let (from, to) = (f.to_str().unwrap(), out.to_str().unwrap());
        let r = run(&["init", "--from", from, "--out", to]);
        if r.code != 0 {
            failures.push(format!("{name}: init exit {}: {}", r.code, r.stderr));
            continue;
        }
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        let inferred = Inferred { contract: Contract::from_value(&doc).unwrap(), doc };
        let example = env_contract::envfile::read_dotenv(f).unwrap();
        // 1. The example passes its own contract.
        let r = run(&["check", "--contract", to, "--env-file", from, "--no-process-env", "--format", "json"]);
        if r.code != 0 && r.code != 2 {
            failures.push(format!("{name}: check on the example exits {}: {}", r.code, r.stdout));
        }
        // 1b. The .env.example that `docs` regenerates from the contract passes it too.
        let regenerated = dir.join(format!("{name}.regenerated"));
        let r = run(&["docs", "--contract", to, "--format", "env-example", "--out", regenerated.to_str().unwrap()]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let r = run(&[
            "check",
            "--contract",
            to,
            "--env-file",
            regenerated.to_str().unwrap(),
            "--no-process-env",
            "--format",
            "json",
        ]);
        if r.code != 0 && r.code != 2 {
            failures.push(format!("{name}: check on the regenerated .env.example exits {}: {}", r.code, r.stdout));
        }
        // 2. A production environment derived from the example passes in production.
        let mut prod = Env::default();
        for var in inferred.props().keys() {
            let v = example.get(var).map_or("", String::as_str);
            let secret = inferred.secret(var);
            let preset = inferred.props()[var].get("$ref").and_then(Value::as_str).unwrap_or("");
            // Keys of a known shape are generated in that shape (built at run time).
            let stripe = match preset {
                "env-contract:stripe-secret-key" => Some("sk_live_"),
                "env-contract:stripe-webhook-secret" => Some("whsec_"),
                "env-contract:stripe-publishable-key" => Some("pk_live_"),
                _ => None,
            };
            let value = if let Some(prefix) = stripe {
                format!("{prefix}{}", random_alnum(32))
            } else if is_url(v) {
                production_url(v, secret)
            } else if secret {
                random_alnum(40)
            } else if v.is_empty() {
                continue;
            } else {
                v.to_string()
            };
            prod.insert(var.clone(), value);
        }
        let errs = errors(&inferred.contract, &prod);
        if !errs.is_empty() {
            failures.push(format!("{name}: the production env fails: {}", describe(&errs)));
        }
        let required = inferred.required_in_production();
        // 3a. Dropping the main secret (a secret required in production) is an error naming it.
        let main = required.iter().find(|v| inferred.secret(v)).cloned();
        let mut verdicts = Vec::new();
        if let Some(main) = &main {
            let mut env = prod.clone();
            env.remove(main);
            let errs = errors(&inferred.contract, &env);
            if errs
                .iter()
                .any(|p| p.var.as_deref() == Some(main.as_str()) && p.code == Code::Missing && p.message != WITHHELD)
            {
                drops += 1;
                verdicts.push(format!("drop {main}: missing"));
            } else {
                failures.push(format!("{name}: dropping {main} gives {}", describe(&errs)));
            }
        }
        // 3b. Breaking a URL scheme is an error naming the variable, not withheld.
        let url_var = inferred
            .props()
            .iter()
            .find(|(k, s)| s.pointer("/x-url/schemes").is_some() && prod.contains_key(*k))
            .map(|(k, _)| k.clone());
        if let Some(var) = &url_var {
            let mut env = prod.clone();
            env.insert(var.clone(), format!("gopher://app:{}@prod-1.example.net/x", random_alnum(20)));
            let errs = errors(&inferred.contract, &env);
            if errs.iter().any(|p| {
                p.var.as_deref() == Some(var.as_str())
                    && p.code == Code::UrlScheme
                    && p.message != WITHHELD
                    && p.message.contains("allowed")
            }) {
                schemes += 1;
                verdicts.push(format!("scheme {var}: url-scheme"));
            } else {
                failures.push(format!("{name}: breaking the scheme of {var} gives {}", describe(&errs)));
            }
        }
        // 3c. Pasting a secret into a client variable is an error naming the client variable.
        let secret_var = inferred
            .props()
            .keys()
            .find(|v| inferred.secret(v) && prod.get(*v).is_some_and(|x| x.len() >= 16))
            .cloned();
        if let Some(secret) = &secret_var {
            let prefix = inferred.prefixes()[0].clone();
            let client = inferred
                .props()
                .keys()
                .find(|k| k.starts_with(&prefix))
                .cloned()
                .unwrap_or_else(|| format!("{prefix}PASTED"));
            let mut env = prod.clone();
            env.insert(client.clone(), prod[secret].clone());
            let errs = errors(&inferred.contract, &env);
            if errs.iter().any(|p| {
                p.var.as_deref() == Some(client.as_str()) && p.code == Code::ClientSecretLeak && p.message != WITHHELD
            }) {
                pastes += 1;
                verdicts.push(format!("paste {secret} into {client}: leak"));
            } else {
                failures.push(format!("{name}: pasting {secret} into {client} gives {}", describe(&errs)));
            }
        }
        let secrets = inferred.props().keys().filter(|v| inferred.secret(v)).count();
        table.push(format!(
            "{name}: {} variables, {} required in production ({secrets} secret); {}",
            inferred.props().len(),
            required.len(),
            if verdicts.is_empty() { "no secret and no URL to break".to_string() } else { verdicts.join(", ") }
        ));
    }
    eprintln!(
        "{}\n{} files; main secret dropped: {drops}, scheme broken: {schemes}, secret pasted: {pastes}",
        table.join("\n"),
        files.len()
    );
    assert!(failures.is_empty(), "{} problem(s):\n{}", failures.len(), failures.join("\n"));
    // The breaks ran on most files: the test is not empty.
    assert!(drops >= 15 && schemes >= 15 && pastes >= 15, "drops {drops}, schemes {schemes}, pastes {pastes}");
}
