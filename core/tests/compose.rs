//! Contract composition (`x-extends`, `$ref`s into other files): what the shared cases of
//! `tests/cases/compose-*.json` cannot say — which file an error names, what a path may be,
//! the cache seeing a base file change, and the composed document standing alone.

use env_contract::docs::{DocsFormat, render};
use env_contract::{CheckOptions, Contract, ContractErrorKind, Env, cache};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases/compose")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("env-contract-compose-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
    p
}

#[test]
fn errors_name_the_file_that_holds_the_reference() {
    let e = Contract::from_path(cases().join("cycle/a.contract.json")).unwrap_err();
    assert_eq!(e.kind, ContractErrorKind::Ref);
    let file = e.location.file.clone().unwrap();
    assert!(file.ends_with("cycle/b.contract.json"), "the cycle closes in b: {e}");
    assert!(e.to_string().contains("a.contract.json → ") && e.to_string().contains("b.contract.json"), "{e}");

    let e = Contract::from_path(cases().join("badptr/env.contract.json")).unwrap_err();
    assert!(e.location.file.unwrap().ends_with("badptr/env.contract.json"));
    assert!(
        e.message.contains("#/properties/DATABSE_URL") && e.message.contains("shared/env.contract.json"),
        "{}",
        e.message
    );

    let e = Contract::from_path(cases().join("missing/env.contract.json")).unwrap_err();
    assert!(e.message.contains("\"nope.contract.json\" does not exist"), "{}", e.message);
}

#[test]
fn a_base_with_bad_json_is_named_with_line_and_column() {
    let dir = temp("json");
    std::fs::write(dir.join("base.json"), "{\n  \"type\": \"object\",\n  ,\n}").unwrap();
    let top = write(&dir, "env.contract.json", &json!({"type": "object", "x-extends": "base.json"}));
    let e = Contract::from_path(&top).unwrap_err();
    assert_eq!(e.kind, ContractErrorKind::Json);
    assert!(e.location.file.unwrap().ends_with("base.json"));
    assert_eq!((e.location.line, e.location.column), (Some(3), Some(3)));
}

#[test]
fn only_relative_paths_inside_the_root() {
    let dir = temp("paths");
    write(&dir, "shared/env.contract.json", &json!({"type": "object", "properties": {"A": {"type": "string"}}}));
    for (reference, says) in [
        ("https://example.com/env.contract.json", "is a URL"),
        ("file:///etc/env.contract.json", "is a URL"),
        ("/etc/env.contract.json", "is an absolute path"),
        ("../shared/env.contract.json", "outside the root"),
    ] {
        let top = write(&dir, "app/env.contract.json", &json!({"type": "object", "x-extends": reference}));
        let e = Contract::from_path(&top).unwrap_err();
        assert_eq!(
            (e.kind, e.location.pointer.as_deref()),
            (ContractErrorKind::Ref, Some("/x-extends")),
            "{reference}"
        );
        assert!(e.message.contains(says), "{reference}: {}", e.message);
        // The same path in a $ref is refused the same way.
        let r = format!("{reference}#/properties/A");
        let top = write(&dir, "app/env.contract.json", &json!({"type": "object", "properties": {"A": {"$ref": r}}}));
        let e = Contract::from_path(&top).unwrap_err();
        assert_eq!(e.location.pointer.as_deref(), Some("/properties/A/$ref"), "{reference}");
    }
    // x-root widens the root; it must hold the contract's own directory.
    let top = write(
        &dir,
        "app/env.contract.json",
        &json!({"type": "object", "x-root": "..", "x-extends": "../shared/env.contract.json"}),
    );
    assert!(Contract::from_path(&top).unwrap().vars().any(|v| v.name == "A"));
    let top = write(&dir, "app/env.contract.json", &json!({"type": "object", "x-root": "sub", "x-extends": "x.json"}));
    std::fs::create_dir_all(dir.join("app/sub")).unwrap();
    assert_eq!(Contract::from_path(&top).unwrap_err().location.pointer.as_deref(), Some("/x-root"));
}

#[test]
fn local_wins_and_conflicting_defs_are_refused() {
    let dir = temp("merge");
    write(
        &dir,
        "base.json",
        &json!({
            "type": "object",
            "$defs": {"port": {"type": "integer"}},
            "properties": {"PORT": {"$ref": "#/$defs/port", "default": 1}, "MODE": {"enum": ["a", "b"]}},
            "required": ["MODE"],
            "if": {"properties": {"MODE": {"const": "b"}}, "required": ["MODE"]},
            "then": {"required": ["B_ONLY"]},
            "x-unknown": "error"
        }),
    );
    let top = write(
        &dir,
        "env.contract.json",
        &json!({"type": "object", "x-extends": "base.json", "x-unknown": "ignore", "properties": {"PORT": {"type": "integer", "default": 2}, "B_ONLY": {"type": "string"}}}),
    );
    let c = Contract::from_path(&top).unwrap();
    let env: Env = [("MODE".to_string(), "b".to_string())].into_iter().collect();
    let out = c.check(&env, &CheckOptions::environment("development"));
    assert_eq!(out.values.get("PORT"), Some(&json!(2)), "the local PORT wins");
    let codes: Vec<_> = out.report.problems.iter().map(|p| (p.var.clone(), p.code.as_str())).collect();
    assert_eq!(codes, vec![(Some("B_ONLY".to_string()), "missing")], "the base's condition is kept");
    assert_eq!(c.unknown, env_contract::meta::UnknownPolicy::Ignore, "the local root keyword wins");

    write(
        &dir,
        "env.contract.json",
        &json!({"type": "object", "x-extends": "base.json", "$defs": {"port": {"type": "string"}}}),
    );
    let e = Contract::from_path(&top).unwrap_err();
    assert_eq!(e.location.pointer.as_deref(), Some("/$defs/port"), "{e}");
}

#[test]
fn an_object_contract_cannot_take_in_files_but_the_composed_document_can_stand_in() {
    let e = Contract::from_value(&json!({"type": "object", "x-extends": "../shared/env.contract.json"})).unwrap_err();
    assert_eq!(e.kind, ContractErrorKind::Ref);
    assert!(e.message.contains("docs --format contract"), "{}", e.message);
    let e = Contract::from_value(&json!({"type": "object", "properties": {"A": {"$ref": "x.json#/A"}}})).unwrap_err();
    assert_eq!(e.kind, ContractErrorKind::Ref);

    // What `docs --format contract` writes loads as an object and checks the same.
    let web = Contract::from_path(cases().join("web/env.contract.json")).unwrap();
    let composed: Value = serde_json::from_str(&render(&web, DocsFormat::Contract)).unwrap();
    assert!(composed.get("x-extends").is_none() && composed.get("x-root").is_none());
    let alone = Contract::from_value(&composed).unwrap();
    let env = Env::default();
    let opts = CheckOptions::environment("production");
    let codes = |c: &Contract| {
        let mut v: Vec<_> = c.check(&env, &opts).report.problems.iter().map(|p| (p.var.clone(), p.code)).collect();
        v.sort();
        v
    };
    assert_eq!(codes(&web), codes(&alone));
    assert!(codes(&web).len() >= 4, "{:?}", codes(&web));
}

#[test]
fn the_cache_sees_a_base_file_change() {
    let dir = temp("cache");
    let base = write(&dir, "base.json", &json!({"type": "object", "properties": {"A": {"type": "string"}}}));
    let top = write(&dir, "env.contract.json", &json!({"type": "object", "x-extends": "base.json"}));
    let first = cache::load_path(&top).unwrap();
    assert!(std::sync::Arc::ptr_eq(&first, &cache::load_path(&top).unwrap()), "unchanged: a hit");
    assert_eq!(first.includes().len(), 1);
    std::fs::write(&base, r#"{"type": "object", "properties": {"B": {"type": "string"}}}"#).unwrap();
    let second = cache::load_path(&top).unwrap();
    assert!(second.vars().any(|v| v.name == "B") && !second.vars().any(|v| v.name == "A"), "the edited base is read");
}
