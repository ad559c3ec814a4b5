//! Bad input gets a clear error or problem, never a panic, a hang or a crash.

use env_contract::{CheckOptions, Code, Contract, ContractErrorKind, Env};
use serde_json::{Value, json};
use std::time::Instant;

fn load(v: &Value) -> Result<Contract, env_contract::ContractError> {
    Contract::from_value(v)
}

#[test]
fn malformed_json_names_line_and_column() {
    for (text, line, col) in
        [("{", 1, 1), ("{\"type\": \"object\",}", 1, 19), ("\n\n  [1,", 3, 5), ("", 1, 0), ("{\"a\": tru}", 1, 10)]
    {
        let e = Contract::from_text(text, Some("c.json".into())).unwrap_err();
        assert_eq!(e.kind, ContractErrorKind::Json, "{text:?}");
        assert_eq!((e.location.line, e.location.column), (Some(line), Some(col)), "{text:?}: {e}");
        assert!(e.to_string().starts_with(&format!("c.json:{line}:{col}: ")), "{e}");
    }
}

#[test]
fn keywords_of_the_wrong_type() {
    let cases = [
        (json!({"type": "object", "properties": []}), "/properties"),
        (json!({"type": "object", "properties": {"A": {"x-secret": "yes"}}}), "/properties/A/x-secret"),
        (json!({"type": "object", "properties": {"A": {"x-separator": ""}}}), "/properties/A/x-separator"),
        (json!({"type": "object", "x-client-prefixes": "NEXT_PUBLIC_"}), "/x-client-prefixes"),
        (
            json!({"type": "object", "x-environments": {"production": {"x-warn": "A"}}}),
            "/x-environments/production/x-warn",
        ),
        (json!({"type": "object", "x-unknown": "loud"}), "/x-unknown"),
        (json!({"type": "object", "properties": {"A": {"x-url": {"port": 70000}}}}), "/properties/A/x-url/port"),
        (json!({"type": "object", "properties": {"bad name!": {}}}), "/properties"),
    ];
    for (doc, pointer) in cases {
        let e = load(&doc).unwrap_err();
        assert_eq!(e.kind, ContractErrorKind::Shape, "{doc}: {e}");
        assert_eq!(e.location.pointer.as_deref(), Some(pointer), "{doc}: {e}");
    }
    // A standard keyword of the wrong type is refused by JSON Schema itself.
    let e = load(&json!({"type": "object", "properties": {"A": {"minLength": "3"}}})).unwrap_err();
    assert_eq!(e.kind, ContractErrorKind::Schema, "{e}");
    // The meta-schema does not reach into `$defs`: an `x-` keyword of the wrong type there is
    // refused where a variable takes it in, naming the variable.
    for (def, what) in [
        (json!({"x-secret": "yes"}), "expected a boolean"),
        (json!({"x-url": {"port": "6432"}}), "expected u16"),
        (json!({"type": "text"}), "TypeSpec"),
    ] {
        let doc = json!({"type": "object", "$defs": {"D": def}, "properties": {"A": {"$ref": "#/$defs/D"}}});
        let e = load(&doc).unwrap_err();
        assert_eq!(e.kind, ContractErrorKind::Shape, "{doc}: {e}");
        assert_eq!(e.location.pointer.as_deref(), Some("/properties/A"), "{doc}: {e}");
        assert!(e.message.contains("the schema of \"A\" has the wrong shape") && e.message.contains(what), "{e}");
    }
}

#[test]
fn catastrophic_patterns_stay_linear() {
    let c = load(&json!({"type": "object", "properties": {"A": {"type": "string", "pattern": "^(a+)+$"},
                                                          "B": {"type": "string", "pattern": "^(a|aa)*c$"}}}))
    .unwrap();
    let evil = format!("{}!", "a".repeat(100_000));
    let env: Env = [("A".to_string(), evil.clone()), ("B".to_string(), evil)].into_iter().collect();
    let start = Instant::now();
    let out = c.check(&env, &CheckOptions::default());
    // Generous bound: exponential backtracking would take longer than the universe.
    assert!(start.elapsed().as_secs() < 10);
    assert_eq!(out.report.problems.iter().filter(|p| p.code == Code::Pattern).count(), 2);
    // Back-references and look-around are refused when the contract loads.
    for pattern in ["^(a*)*(\\1)$", "^(?=a).*$", "(?<=a)b"] {
        let e =
            load(&json!({"type": "object", "properties": {"A": {"type": "string", "pattern": pattern}}})).unwrap_err();
        assert_eq!(e.kind, ContractErrorKind::Pattern, "{pattern}: {e}");
        assert!(e.to_string().contains("linear-time"), "{e}");
    }
}

#[test]
fn ref_cycles_are_contract_errors_or_terminate() {
    let direct =
        json!({"type": "object", "$defs": {"a": {"$ref": "#/$defs/a"}}, "properties": {"X": {"$ref": "#/$defs/a"}}});
    let e = load(&direct).unwrap_err();
    assert_eq!(e.kind, ContractErrorKind::Ref, "{e}");
    let mutual = json!({"type": "object", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
                        "properties": {"X": {"$ref": "#/$defs/a"}}});
    assert_eq!(load(&mutual).unwrap_err().kind, ContractErrorKind::Ref);
    // A recursive schema that is well-founded (a tree) is fine.
    let tree = json!({"type": "object", "$defs": {"node": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}},
                      "properties": {"TREE": {"$ref": "#/$defs/node"}}});
    let c = load(&tree).unwrap();
    let env: Env =
        [("TREE".to_string(), r#"{"kids": [{"kids": []}, {"kids": [1]}]}"#.to_string())].into_iter().collect();
    let out = c.check(&env, &CheckOptions::default());
    assert!(!out.report.ok);
}

#[test]
fn deeply_nested_contracts_are_refused_not_overflowed() {
    // As text: serde_json's own recursion limit.
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = Contract::from_text(&text, None).unwrap_err();
    assert_eq!(e.kind, ContractErrorKind::Json, "{e}");
    // As a value built in memory: refused by depth before any recursion over it.
    // (Built by hand: `json!` would serialize the inner value recursively.)
    let mut v = json!({"type": "string"});
    for _ in 0..10_000 {
        let mut m = serde_json::Map::new();
        m.insert("allOf".to_string(), Value::Array(vec![v]));
        v = Value::Object(m);
    }
    let mut props = serde_json::Map::new();
    props.insert("A".to_string(), v);
    let mut root = serde_json::Map::new();
    root.insert("type".to_string(), json!("object"));
    root.insert("properties".to_string(), Value::Object(props));
    let doc = Value::Object(root);
    let e = load(&doc).unwrap_err();
    assert!(e.to_string().contains("deeper"), "{e}");
    // Dropping a value this deep recurses: leak it rather than overflow the test's stack.
    std::mem::forget(doc);
}

#[test]
fn huge_values_many_variables_nul_bytes() {
    let c = load(&json!({"type": "object", "properties": {
        "BIG": {"type": "string", "maxLength": 10, "x-secret": true},
        "NUL": {"type": "string", "pattern": "^[a-z]+$"},
        "INT": {"type": "integer"}
    }}))
    .unwrap();
    let mut env: Env = Env::default();
    env.insert("BIG".into(), "x".repeat(10 * 1024 * 1024));
    env.insert("NUL".into(), "abc\0def".into());
    env.insert("INT".into(), "12\u{0}".into());
    for i in 0..100_000 {
        env.insert(format!("UNRELATED_{i}"), "v".into());
    }
    let out = c.check(&env, &CheckOptions::default());
    let codes: Vec<(&str, Code)> =
        out.report.problems.iter().map(|p| (p.var.as_deref().unwrap_or(""), p.code)).collect();
    assert!(codes.contains(&("BIG", Code::TooLong)), "{codes:?}");
    assert!(codes.contains(&("NUL", Code::Pattern)), "{codes:?}");
    assert!(codes.contains(&("INT", Code::Type)), "{codes:?}");
}

#[test]
fn a_contract_of_100_000_variables_loads_and_checks() {
    let mut props = serde_json::Map::new();
    let mut env = Env::default();
    for i in 0..100_000 {
        props.insert(format!("VAR_{i}"), json!({"type": "integer", "minimum": 0}));
        env.insert(format!("VAR_{i}"), i.to_string());
    }
    let c = load(&json!({"type": "object", "properties": props})).unwrap();
    let out = c.check(&env, &CheckOptions::default());
    assert!(out.report.ok);
    assert_eq!(out.report.checked, 100_000);
    assert_eq!(out.values.get("VAR_99999"), Some(&json!(99_999)));
}

#[test]
fn contract_file_that_vanished_or_is_a_directory() {
    let dir = std::env::temp_dir().join(format!("env-contract-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let e = Contract::from_path(&dir).unwrap_err();
    assert_eq!(e.kind, ContractErrorKind::Io);
    assert!(e.to_string().contains("directory"), "{e}");
    let e = Contract::from_path(dir.join("nope.json")).unwrap_err();
    assert_eq!(e.kind, ContractErrorKind::Io);
    assert!(e.to_string().contains("nope.json"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn env_files_that_cannot_be_read() {
    let dir = std::env::temp_dir().join(format!("env-contract-bad-env-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let e = env_contract::envfile::read_dotenv(&dir).unwrap_err();
    assert!(e.to_string().contains("directory"), "{e}");
    let e = env_contract::envfile::read_dotenv(&dir.join("missing.env")).unwrap_err();
    assert!(e.to_string().contains("missing.env"), "{e}");
    let bad = dir.join("bad.env");
    std::fs::write(&bad, "GOOD=1\nthis line is not an assignment SECRETVALUE123\n").unwrap();
    let e = env_contract::envfile::read_dotenv(&bad).unwrap_err();
    assert!(!e.to_string().contains("SECRETVALUE123"), "{e}");
    assert!(e.to_string().contains("bad.env"), "{e}");
    let e = env_contract::envfile::parse_env_json(r#"{"A": 1}"#).unwrap_err();
    assert!(e.contains("\"A\""), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unknown_format_is_explained_in_env_contracts_terms() {
    let e = Contract::from_text(r#"{"type":"object","properties":{"P":{"type":"string","format":"phone"}}}"#, None)
        .unwrap_err();
    assert_eq!(e.location.pointer.as_deref(), Some("/properties/P/format"));
    assert!(e.message.starts_with("unknown format \"phone\": the formats env-contract checks are date, "), "{e}");
    assert!(e.message.contains("use \"pattern\""), "{e}");
    assert!(!e.message.contains("Adjust configuration"), "{e}");
}
