//! Property test: no 8-character run of an `x-secret` value appears in any problem message,
//! hint, rendered report (text, JSON, GitHub) or `Debug` output, whatever the value.

mod support;

use env_contract::redact::MASK;
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

    /// `Debug` of the values: every secret masked whole (a nested object, a list, a copy in a
    /// variable that is not `x-secret`, a URL password), every other value and every name shown.
    #[test]
    fn debug_of_the_values_masks_the_secrets_and_shows_the_rest(secret in secret_strategy()) {
        let contract = Contract::from_value(&json!({
            "type": "object",
            "x-client-prefixes": ["NEXT_PUBLIC_"],
            "properties": {
                "API_SECRET": { "type": "string", "x-secret": true },
                "SHORT_SECRET": { "type": "string", "x-secret": true },
                "NESTED": { "type": "object", "x-secret": true },
                "KEYS": { "type": "array", "x-secret": true },
                "NEXT_PUBLIC_COPY": { "type": "string" },
                "DATABASE_URL": { "type": "string" },
                "PORT": { "type": "integer", "default": 3000 },
                "REGION": { "type": "string" },
                "ORIGINS": { "type": "array", "items": { "type": "string" } },
            },
        }))
        .expect("the test contract loads");
        let region = format!("eu-{}", support::random_alnum(12));
        let password = support::random_alnum(4);
        let env: Env = [
            ("API_SECRET", secret.clone()),
            ("SHORT_SECRET", support::random_alnum(5)),
            ("NESTED", json!({"inner": {"key": secret}}).to_string()),
            ("KEYS", json!([1, secret]).to_string()),
            ("NEXT_PUBLIC_COPY", format!("x{secret}x")),
            ("DATABASE_URL", format!("postgres://app:{password}@db:5432/app")),
            ("REGION", region.clone()),
            ("ORIGINS", "https://a.example,https://b.example".to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let outcome = contract.check(&env, &CheckOptions::default());
        // Asked for the report only: the same report, and no values to print at all.
        let report_only = contract.check(&env, &CheckOptions { report_only: true, ..CheckOptions::default() });
        prop_assert_eq!(&report_only.report, &outcome.report);
        prop_assert!(report_only.values.is_empty() && report_only.values.secret_names().len() == 0);
        let values = &outcome.values;
        // Every generated secret has at least 8 bytes: its copy is found.
        let expected = ["API_SECRET", "DATABASE_URL", "KEYS", "NESTED", "NEXT_PUBLIC_COPY", "SHORT_SECRET"];
        prop_assert_eq!(values.secret_names().collect::<Vec<_>>(), expected);
        for debug in [format!("{values:?}"), format!("{values:#?}"), format!("{outcome:?}")] {
            assert_no_run(&debug, &secret, "Debug of the values");
            prop_assert!(!debug.contains(&format!("app:{password}@")), "the URL password shows");
            prop_assert!(!debug.contains(env["SHORT_SECRET"].as_str()), "a short secret shows");
            for name in ["API_SECRET", "NESTED", "KEYS", "NEXT_PUBLIC_COPY", "DATABASE_URL", "PORT", "REGION", "ORIGINS"] {
                prop_assert!(debug.contains(&format!("\"{name}\"")), "{} is not named in {}", name, debug);
            }
            prop_assert!(debug.contains(&region) && debug.contains("3000") && debug.contains("https://b.example"));
            prop_assert_eq!(debug.matches(MASK).count(), expected.len());
        }
        prop_assert_eq!(
            format!("{values:?}").replace(&region, "R"),
            format!(
                "Values {{\"API_SECRET\": {MASK}, \"DATABASE_URL\": {MASK}, \"KEYS\": {MASK}, \"NESTED\": {MASK}, \"NEXT_PUBLIC_COPY\": {MASK}, \"ORIGINS\": [\"https://a.example\",\"https://b.example\"], \"PORT\": 3000, \"REGION\": \"R\", \"SHORT_SECRET\": {MASK}}}"
            )
        );
        // Reading a key gives the real value.
        prop_assert_eq!(values.get("API_SECRET"), Some(&json!(secret)));
        prop_assert_eq!(values.get("NESTED"), Some(&json!({"inner": {"key": secret}})));
    }
}

/// What a JS front gets with the values: the secret names and core's mask.
#[test]
fn the_js_answer_names_the_secret_values_and_the_mask() {
    let contract = r#"{"type":"object","x-client-prefixes":["NEXT_PUBLIC_"],"properties":{
        "API_SECRET":{"type":"string","x-secret":true},"NEXT_PUBLIC_COPY":{"type":"string"},
        "PORT":{"type":"integer"}}}"#;
    let secret = format!("sk_live_{}", support::random_alnum(24));
    let env = json!({"API_SECRET": secret, "NEXT_PUBLIC_COPY": format!("x{secret}"), "PORT": "80"});
    let request = json!({"contract": {"text": contract}, "env": env, "values": true});
    let out: serde_json::Value =
        serde_json::from_str(&env_contract::api::check_json(&request.to_string(), None)).unwrap();
    assert_eq!(out["secret"], json!(["API_SECRET", "NEXT_PUBLIC_COPY"]));
    assert_eq!(out["mask"], MASK);
    assert_eq!(out["values"]["API_SECRET"], secret.as_str());
    assert_eq!(out["values"]["PORT"], 80);
    let mut report_only = request.clone();
    report_only["values"] = false.into();
    let out: serde_json::Value =
        serde_json::from_str(&env_contract::api::check_json(&report_only.to_string(), None)).unwrap();
    assert!(out.get("secret").is_none() && out.get("mask").is_none());
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
