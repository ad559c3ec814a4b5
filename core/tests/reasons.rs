//! Every failure says why: text that comes from the contract (schemes, hosts, enum values,
//! names) is never withheld, even when a secret value shares a word with it; only what came
//! from the value is.

mod support;

use env_contract::redact::WITHHELD;
use env_contract::{CheckOptions, Code, Contract, Env};
use serde_json::json;

#[test]
fn a_scheme_the_secret_shares_is_still_named() {
    let contract = Contract::from_value(&json!({
        "type": "object",
        "properties": { "DATABASE_URL": { "type": "string", "x-secret": true, "x-url": { "schemes": ["postgresql"] } } }
    }))
    .unwrap();
    let password = support::random_alnum(20);
    let value = format!("mysql://app:{password}@postgres-primary.internal:3306/app");
    let env: Env = [("DATABASE_URL".to_string(), value.clone())].into_iter().collect();
    let outcome = contract.check(&env, &CheckOptions::default());
    let p = outcome.report.problems.iter().find(|p| p.code == Code::UrlScheme).expect("a url-scheme problem");
    assert_ne!(p.message, WITHHELD);
    assert!(p.message.contains("postgresql"), "{}", p.message);
    // Nothing of the value beyond what the contract itself says.
    for w in value.as_bytes().windows(8) {
        let w = std::str::from_utf8(w).unwrap();
        assert!(!p.message.contains(w) || "postgresql".contains(w), "{w} in {}", p.message);
    }
    let text = env_contract::render::text(&outcome.report, &env_contract::render::TextOptions::default());
    assert!(!text.contains(&password) && !text.contains("postgres-primary"), "{text}");
}

#[test]
fn a_message_that_quotes_a_secret_masks_only_the_secret() {
    // A secret whose value contains a host the contract names: the host stays, the rest of
    // the value never appears.
    let contract = Contract::from_value(&json!({
        "type": "object",
        "properties": { "CACHE_URL": { "type": "string", "x-secret": true, "x-url": { "host": "cache.example.com" } } }
    }))
    .unwrap();
    let secret = support::random_alnum(16);
    let env: Env =
        [("CACHE_URL".to_string(), format!("redis://{secret}.cache.example.com.evil/"))].into_iter().collect();
    let outcome = contract.check(&env, &CheckOptions::default());
    assert!(!outcome.report.ok);
    for p in &outcome.report.problems {
        assert!(!p.message.contains(&secret[..8]) && !p.message.contains(&secret[8..]), "{}", p.message);
        if p.code == Code::UrlHost {
            assert!(p.message.contains("cache.example.com"), "{}", p.message);
        }
    }
}

#[test]
fn the_log_level_preset_lists_its_words() {
    let contract = Contract::from_value(
        &json!({ "type": "object", "properties": { "LOG_LEVEL": { "$ref": "env-contract:log-level" } } }),
    )
    .unwrap();
    for ok in ["info", "INFO", "warning", "silent"] {
        let env: Env = [("LOG_LEVEL".to_string(), ok.to_string())].into_iter().collect();
        assert!(contract.check(&env, &CheckOptions::default()).report.ok, "{ok}");
    }
    let env: Env = [("LOG_LEVEL".to_string(), "loud".to_string())].into_iter().collect();
    let outcome = contract.check(&env, &CheckOptions::default());
    let p = &outcome.report.problems[0];
    assert_eq!(p.code, Code::Enum);
    assert!(p.message.contains("\"debug\"") && p.message.contains("\"ERROR\""), "{}", p.message);
}

#[test]
fn unset_optional_variables_are_counted_as_not_set() {
    let contract = Contract::from_value(&json!({
        "type": "object",
        "properties": { "A": { "type": "string" }, "B": { "type": "integer", "default": 2 }, "C": { "type": "string" } },
        "required": ["C"]
    }))
    .unwrap();
    let env: Env = [("C".to_string(), "x".to_string())].into_iter().collect();
    let report = contract.check(&env, &CheckOptions::default()).report;
    let counts = report.counts();
    assert_eq!((counts.passed, counts.unset, counts.failed, counts.warned), (1, 2, 0, 0));
    let text = env_contract::render::text(&report, &env_contract::render::TextOptions::default());
    assert!(
        text.contains("[ -- ] A not set (optional)\n") && text.contains("[ -- ] B not set (the default applies)\n"),
        "{text}"
    );
    assert!(text.ends_with("Summary: 1 passed, 0 warnings, 0 failed, 2 not set\n"), "{text}");
    let gh = env_contract::render::github(&report);
    assert!(gh.contains("1 passed, 0 warnings, 0 failed, 2 not set"), "{gh}");
}

#[test]
fn a_variable_required_twice_is_missing_once_with_the_widest_reason() {
    // Required at the root and again by the selected profile: one problem, and it says the
    // variable is needed everywhere (not only in production).
    let contract = Contract::from_value(&json!({
        "type": "object",
        "required": ["A"],
        "properties": { "A": { "type": "string" }, "B": { "type": "string" } },
        "x-environments": { "production": { "required": ["B", "A"] } }
    }))
    .unwrap();
    let options = CheckOptions { environment: Some("production".to_string()), ..CheckOptions::default() };
    let outcome = contract.check(&Env::default(), &options);
    let missing: Vec<_> = outcome.report.problems.iter().filter(|p| p.code == Code::Missing).collect();
    assert_eq!(missing.len(), 2, "{missing:?}");
    let a = missing.iter().find(|p| p.var.as_deref() == Some("A")).expect("A is missing");
    assert_eq!(a.message, "required in every environment");
    let b = missing.iter().find(|p| p.var.as_deref() == Some("B")).expect("B is missing");
    assert_eq!(b.message, "required in environment \"production\"");
}
