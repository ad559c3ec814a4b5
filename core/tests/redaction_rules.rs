//! Redaction of the policy rules: generated secrets (random lengths and alphabets, URLs with
//! passwords, Stripe-like keys, JWT-like and PEM-like values) in `x-secret` variables and in
//! client variables make every rule speak, and no 8-character run of any of them may appear
//! in a message, a hint, a rendered report (text, JSON, GitHub) or `Debug` output.

use env_contract::render::{TextOptions, github, json, text};
use env_contract::{CheckOptions, Code, Contract, Env};
use proptest::prelude::*;
use serde_json::json;
use std::collections::BTreeSet;

fn contract() -> Contract {
    Contract::from_value(&json!({
        "type": "object",
        "properties": {
            "DATABASE_URL": { "type": "string", "x-secret": true,
                "x-url": { "schemes": ["mysql"], "port": 6432, "allowLocalhost": false, "allowCredentials": false, "host": "db.internal" } },
            "REPLICA_URL": { "type": "string", "x-secret": true, "x-url": { "hostSuffix": ".internal", "requirePort": true } },
            "SERVICE_URL": { "type": "string", "x-url": { "allowCredentials": false, "allowLocalhost": false, "port": 8443 } },
            "BROKEN_URL": { "type": "string", "x-url": {} },
            "NEXTAUTH_SECRET": { "type": "string", "x-secret": true },
            "STRIPE_SECRET_KEY": { "x-stripe": "secret", "x-secret": true },
            "STRIPE_RESTRICTED_KEY": { "x-stripe": "restricted", "x-secret": true },
            "STRIPE_WEBHOOK_SECRET": { "x-stripe": "webhook-secret", "x-secret": true },
            "STRIPE_PUBLISHABLE_KEY": { "x-stripe": "publishable" },
            "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY": { "x-stripe": "publishable" }
        }
    }))
    .expect("the test contract loads")
}

fn b64url(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

fn assert_no_run(haystack: &str, secret: &str, surface: &str) {
    for w in secret.as_bytes().windows(8) {
        let Ok(run) = std::str::from_utf8(w) else { continue };
        assert!(!haystack.contains(run), "{surface} shows the run {run:?} of a secret");
    }
}

#[derive(Debug)]
struct Secrets {
    password: String,
    session: String,
    alnum: Vec<String>,
}

fn secrets() -> impl Strategy<Value = Secrets> {
    let password = prop_oneof!["[A-Za-z0-9]{8,40}", "[ -~]{8,60}", "[a-f0-9]{32,64}", "[A-Za-z0-9._~-]{8,30}"];
    let session = prop_oneof!["[A-Za-z0-9+/=]{32,64}", "[ -~]{8,80}", "\\PC{8,30}"];
    let alnum = prop::collection::vec("[A-Za-z0-9]{36,99}", 11);
    (password, session, alnum).prop_map(|(password, session, alnum)| Secrets { password, session, alnum })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn no_secret_run_from_any_rule(s in secrets(), environment in "(production|staging|development)") {
        let a = &s.alnum;
        let jwt = format!(
            "{}.{}.{}",
            b64url(br#"{"alg":"HS256","typ":"JWT"}"#),
            b64url(format!(r#"{{"role":"service_role","ref":"{}"}}"#, &a[8][..20]).as_bytes()),
            &a[8]
        );
        let pem = format!("-----BEGIN PRIVATE KEY-----\n{}\n{}\n-----END PRIVATE KEY-----", a[9], a[0]);
        let values: Vec<(&str, String)> = vec![
            // x-url: port, scheme, host, localhost, credentials, requirePort, hostSuffix, invalid.
            ("DATABASE_URL", format!("postgres://app:{}@127.0.0.1:5432/app", s.password)),
            ("REPLICA_URL", format!("postgresql://app:{}@replica.example.com/app", s.password)),
            ("SERVICE_URL", format!("https://svc:{}@localhost/v1", s.password)),
            ("BROKEN_URL", format!("https://svc:{}@host:99999/v1", s.password)),
            // Stripe: wrong kinds, mixed modes, mode of the environment, leaks.
            ("STRIPE_SECRET_KEY", format!("sk_live_{}", a[0])),
            ("STRIPE_RESTRICTED_KEY", format!("rk_test_{}", a[1])),
            ("STRIPE_WEBHOOK_SECRET", format!("sk_test_{}", a[2])),
            ("STRIPE_PUBLISHABLE_KEY", format!("rk_live_{}", a[3])),
            ("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", format!("sk_test_{}", a[4])),
            // Client leaks: patterns and a copy of an x-secret value.
            ("NEXTAUTH_SECRET", s.session.clone()),
            ("NEXT_PUBLIC_COPY", format!("x{}x", s.session)),
            ("NEXT_PUBLIC_GH", format!("ghp_{}", &a[5][..36])),
            ("NEXT_PUBLIC_AWS", format!("AKIA{}", &a[6][..16])),
            ("NEXT_PUBLIC_DB", format!("mysql://root:{}@db.example.com/app", s.password)),
            ("NEXT_PUBLIC_SUPABASE_KEY", jwt.clone()),
            ("NEXT_PUBLIC_CERT", pem.clone()),
            ("NEXT_PUBLIC_HOOK", format!("whsec_{}", a[7])),
            // Name warning and unknown names (a typo and an undeclared client variable).
            ("NEXT_PUBLIC_API_TOKEN", a[10].clone()),
            ("NEXTAUTH_SECRT", s.session.clone()),
            ("DATABASE_URI", format!("postgres://app:{}@db/app", s.password)),
        ];
        let env: Env = values.iter().map(|(k, v)| ((*k).to_string(), v.clone())).collect();
        let outcome = contract().check(&env, &CheckOptions::environment(environment.clone()));
        prop_assert!(!outcome.report.ok);

        let codes: BTreeSet<Code> = outcome.report.problems.iter().map(|p| p.code).collect();
        let mut wanted = vec![
            Code::UrlInvalid, Code::UrlScheme, Code::UrlPort, Code::UrlHost, Code::UrlLocalhost, Code::UrlCredentials,
            Code::StripeKeyKind, Code::StripeModeMismatch, Code::StripeModeEnvironment, Code::ClientSecretLeak,
            Code::ClientSecretName, Code::UnknownVar,
        ];
        // A password with `@`, `/`, `#`, … changes how the URLs parse: the URL codes may then differ.
        if s.password.contains(['@', '/', '?', '#', '\\', '%', ' ', '[', ']', '^', '|', '`', '{', '}', '<', '>', '"']) {
            wanted.retain(|c| !matches!(c, Code::UrlInvalid | Code::UrlScheme | Code::UrlPort | Code::UrlHost | Code::UrlLocalhost | Code::UrlCredentials));
        }
        for c in wanted {
            prop_assert!(codes.contains(&c), "no {} problem in {:?}", c, codes);
        }

        let mut sensitive: Vec<String> = vec![s.password.clone(), s.session.clone(), jwt, pem];
        for (name, value) in &values {
            if name.contains("STRIPE") || (name.starts_with("NEXT_PUBLIC_") && !name.ends_with("_COPY") && !name.ends_with("_DB")) {
                sensitive.push(value.clone());
            }
        }
        let label = TextOptions { contract_label: Some("env.contract.json".into()), color: false };
        let surfaces = [
            ("the text report", text(&outcome.report, &label)),
            ("the JSON report", json(&outcome.report)),
            ("the GitHub report", github(&outcome.report)),
            ("Debug of the outcome", format!("{outcome:?}")),
        ];
        for secret in &sensitive {
            for p in &outcome.report.problems {
                assert_no_run(&p.message, secret, "a message");
                assert_no_run(p.hint.as_deref().unwrap_or(""), secret, "a hint");
            }
            for (surface, out) in &surfaces {
                assert_no_run(out, secret, surface);
            }
        }
    }
}

/// The rules' messages are useful, not only safe: with plain secrets nothing is withheld, and
/// each message names the variable's problem without its value.
#[test]
fn messages_are_not_withheld_for_plain_values() {
    let env: Env = [
        ("DATABASE_URL", "postgres://app:Zq8xLr2mVt9wKp4n@db.example.com:5432/app".to_string()),
        ("STRIPE_SECRET_KEY", format!("sk_test_{}", "Ab1".repeat(12))),
        ("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", format!("pk_live_{}", "Cd2".repeat(12))),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let outcome = contract().check(&env, &CheckOptions::environment("production"));
    for p in &outcome.report.problems {
        assert!(!p.message.contains("withheld"), "{}: {}", p.code, p.message);
    }
    let port = outcome.report.problems.iter().find(|p| p.code == Code::UrlPort).expect("a url-port problem");
    assert!(port.message.contains("5432") && port.message.contains("6432"), "{}", port.message);
}
