//! Property test: no 8-character run of an `x-secret` value appears in any problem message,
//! hint, rendered report (text, JSON, GitHub) or `Debug` output, whatever the value.

use env_contract::render::{TextOptions, github, json, text};
use env_contract::{CheckOptions, Contract, Env};
use proptest::prelude::*;
use serde_json::json;

/// A contract whose secret variables fail every kind of keyword that could be tempted to
/// quote a value.
fn contract() -> Contract {
    Contract::from_value(&json!({
        "type": "object",
        "properties": {
            "S_LEN":     { "type": "string", "x-secret": true, "minLength": 500 },
            "S_MAX":     { "type": "string", "x-secret": true, "maxLength": 3 },
            "S_PATTERN": { "type": "string", "x-secret": true, "pattern": "^Z{3}$" },
            "S_FORMAT":  { "type": "string", "x-secret": true, "format": "email" },
            "S_ENUM":    { "type": "string", "x-secret": true, "enum": ["a", "b"] },
            "S_CONST":   { "type": "string", "x-secret": true, "const": "zz" },
            "S_INT":     { "type": "integer", "x-secret": true },
            "S_BOOL":    { "type": "boolean", "x-secret": true },
            "S_OBJ":     { "type": "object", "x-secret": true },
            "S_LIST":    { "type": "array", "x-secret": true, "items": { "type": "integer" } },
            "S_NUM":     { "type": "number", "x-secret": true, "minimum": 1e300 },
            "S_URL":     { "type": "string", "x-secret": true, "x-url": { "schemes": ["postgres"], "port": 6432, "allowCredentials": false, "allowLocalhost": false, "host": "db.internal" } },
            "S_STRIPE":  { "type": "string", "x-secret": true, "x-stripe": "secret" },
            "S_OLD":     { "type": "string", "x-secret": true, "x-deprecated-by": "S_LEN" },
            "S_MULTI":   { "type": "string", "x-secret": true, "multipleOf": 2 },
        },
    }))
    .expect("the test contract loads")
}

fn secret_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9]{8,80}",
        "[ -~]{8,120}",
        "[a-f0-9]{32,64}",
        "[A-Za-z0-9+/]{40}",
        "[a-z0-9]{4,12}".prop_map(|p| format!("postgres://user:{p}pass@localhost:5432/db")),
        "[A-Za-z0-9]{24,99}".prop_map(|b| format!("sk_live_{b}")),
        "[A-Za-z0-9_-]{20,60}".prop_map(|b| format!("eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.{b}")),
        "[A-Za-z0-9+/]{40,80}"
            .prop_map(|b| format!("-----BEGIN RSA PRIVATE KEY-----\n{b}\n-----END RSA PRIVATE KEY-----")),
        "\\PC{8,40}",
    ]
}

fn assert_no_run(haystack: &str, secret: &str, surface: &str) {
    // Problem codes are fixed public names: a secret URL on `localhost` is not shown by the
    // code `url-localhost`. Everything else counts.
    let mut haystack = haystack.to_string();
    for code in env_contract::Code::ALL {
        haystack = haystack.replace(code.as_str(), "<code>");
    }
    let bytes = secret.as_bytes();
    for w in bytes.windows(8) {
        let Ok(run) = std::str::from_utf8(w) else { continue };
        assert!(!haystack.contains(run), "{surface} shows the run {run:?} of a secret");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn no_secret_run_in_any_output(secret in secret_strategy(), environment in "(production|staging|development)") {
        let contract = contract();
        let names = ["S_LEN", "S_MAX", "S_PATTERN", "S_FORMAT", "S_ENUM", "S_CONST", "S_INT", "S_BOOL", "S_OBJ",
                     "S_LIST", "S_NUM", "S_URL", "S_STRIPE", "S_OLD", "S_MULTI"];
        let mut env: Env = names.iter().map(|n| ((*n).to_string(), secret.clone())).collect();
        // Near-miss names and client copies give typo and leak rules a chance to speak.
        env.insert("S_LENN".to_string(), secret.clone());
        env.insert("NEXT_PUBLIC_COPY".to_string(), format!("x{secret}x"));
        let outcome = contract.check(&env, &CheckOptions::environment(environment));
        prop_assert!(!outcome.report.ok);
        for p in &outcome.report.problems {
            assert_no_run(&p.message, &secret, "a message");
            assert_no_run(p.hint.as_deref().unwrap_or(""), &secret, "a hint");
        }
        let label = TextOptions { contract_label: Some("env.contract.json".into()), color: false };
        assert_no_run(&text(&outcome.report, &label), &secret, "the text report");
        assert_no_run(&json(&outcome.report), &secret, "the JSON report");
        assert_no_run(&github(&outcome.report), &secret, "the GitHub report");
        assert_no_run(&format!("{outcome:?}"), &secret, "Debug of the outcome");
        assert_no_run(&format!("{:?}", outcome.values), &secret, "Debug of the values");
    }
}

#[test]
fn redactor_withholds_a_message_that_would_leak() {
    let mut r = env_contract::redact::Redactor::default();
    r.add("abcdefgh12345");
    assert!(r.leaks("the value defgh123 is bad"));
    assert!(!r.leaks("the value defgh12 is bad"));
    let mut problems = vec![env_contract::Problem::error("X", env_contract::Code::Pattern, "saw abcdefgh")];
    r.scrub(&mut problems);
    assert!(!problems[0].message.contains("abcdefgh"));
}
