//! The meta-schema and the example contracts. (Whether the committed meta-schema is what
//! core's types generate: test-support/tests/generated.rs, with every generated file.)

use env_contract::Contract;

#[test]
fn meta_schema_is_a_valid_2020_12_schema() {
    assert!(jsonschema::meta::is_valid(&env_contract::meta::meta_schema()));
}

#[test]
fn example_contracts_load() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/examples");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            Contract::from_path(&path).unwrap_or_else(|e| panic!("{e}"));
            n += 1;
        }
    }
    assert!(n >= 1);
}

#[test]
fn the_every_keyword_contract_uses_every_keyword_and_checks() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/examples/every-keyword.contract.json");
    let text = std::fs::read_to_string(&path).unwrap();
    for keyword in [
        "x-secret",
        "x-url",
        "schemes",
        "\"port\"",
        "ports",
        "requirePort",
        "\"host\"",
        "hostSuffix",
        "allowLocalhost",
        "allowCredentials",
        "x-stripe",
        "x-separator",
        "x-deprecated-by",
        "x-client-prefixes",
        "x-environment-from",
        "x-environments",
        "x-unknown",
        "x-empty",
        "x-warn",
        "x-stripe-mode",
        "patternProperties",
        "$ref",
        "allOf",
    ] {
        assert!(text.contains(keyword), "the every-keyword contract does not use {keyword}");
    }
    for preset in env_contract::presets::all() {
        assert!(text.contains(&format!("env-contract:{}", preset.name)), "preset {} unused", preset.name);
    }
    let contract = Contract::from_path(&path).unwrap();
    let env: env_contract::Env = [
        ("NEXTAUTH_SECRET", "n".repeat(40)),
        ("NEXTAUTH_URL", "https://www.example.com".to_string()),
        ("DATABASE_URL", "postgres://app@db.internal:6432/app".to_string()),
        ("ALLOWED_ORIGINS", "https://a.example.com https://b.example.com".to_string()),
        ("AI_MAX_TOKENS_GPT", "4096".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let out = contract.check(&env, &env_contract::CheckOptions::environment("development"));
    assert!(out.report.ok, "{:?}", out.report.problems);
    assert_eq!(out.values.get("ALLOWED_ORIGINS").unwrap().as_array().unwrap().len(), 2);
    assert_eq!(out.values.get("AI_MAX_TOKENS_GPT"), Some(&serde_json::json!(4096)));
    assert_eq!(out.values.get("PORT"), Some(&serde_json::json!(3000)));
}
