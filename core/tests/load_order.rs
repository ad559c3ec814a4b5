//! The load steps run in the order `docs/contract.md` lists them: a contract that fails two
//! neighbouring steps reports the earlier one. Change the docs' list and this test together.

use env_contract::{Contract, ContractErrorKind as Kind};
use serde_json::{Value, json};

/// `{"allOf": [{"allOf": […]}]}`: two levels of nesting per step, `2 * steps` in all.
fn deep(depth: usize) -> Value {
    let mut v = json!({});
    for _ in 0..depth {
        v = json!({ "allOf": [v] });
    }
    v
}

fn kind_of(text: &str) -> Kind {
    match Contract::from_text(text, None) {
        Ok(_) => panic!("the contract loaded: {text}"),
        Err(e) => e.kind,
    }
}

#[test]
fn each_step_reports_before_the_next() {
    let deep_array = format!("{}{}", "[".repeat(70), "]".repeat(70));
    let steps: Vec<(&str, String, Kind)> = vec![
        // 1 json before 2 root-object: not JSON, and (had it parsed) an array.
        ("1 json < 2 root object", "[[".to_string(), Kind::Json),
        // 2 root-object before 3 depth.
        ("2 root object < 3 depth", deep_array, Kind::Shape),
        // 3 depth before 4 meta-schema: too deep, and a root type that is not "object".
        ("3 depth < 4 meta-schema", json!({"type": "array", "properties": {"A": deep(35)}}).to_string(), Kind::Schema),
        // 4 meta-schema before 5 $ref: wrong root type, and an unknown preset.
        (
            "4 meta-schema < 5 $ref",
            json!({"type": "array", "properties": {"A": {"$ref": "env-contract:no-such-preset"}}}).to_string(),
            Kind::Shape,
        ),
        // 5 $ref before 6 variable model: an unknown preset, and a $ref cycle.
        (
            "5 $ref < 6 variable model",
            json!({"type": "object", "properties": {
                "A": {"$ref": "#/$defs/a"},
                "B": {"$ref": "env-contract:no-such-preset"}
            }, "$defs": {"a": {"$ref": "#/$defs/a"}}})
            .to_string(),
            Kind::Preset,
        ),
        // 6 variable model before 7 patternProperties: a $ref cycle, and a look-around key.
        (
            "6 variable model < 7 patternProperties",
            json!({"type": "object",
                "properties": {"A": {"$ref": "#/$defs/a"}},
                "patternProperties": {"^(?!X)Y_": {"type": "string"}},
                "$defs": {"a": {"$ref": "#/$defs/a"}}})
            .to_string(),
            Kind::Ref,
        ),
        // 7 patternProperties before 8 root validator: a look-around key, and an unknown format.
        (
            "7 patternProperties < 8 root validator",
            json!({"type": "object",
                "properties": {"A": {"type": "string", "format": "no-such-format"}},
                "patternProperties": {"^(?!X)Y_": {"type": "string"}}})
            .to_string(),
            Kind::Pattern,
        ),
        // 8 root validator before 9 profiles: an unknown format, and a profile's $ref cycle.
        (
            "8 root validator < 9 profiles",
            json!({"type": "object",
                "properties": {"A": {"type": "string", "format": "no-such-format"}},
                "x-environments": {"production": {"properties": {"B": {"$ref": "#/$defs/b"}}}},
                "$defs": {"b": {"$ref": "#/$defs/b"}}})
            .to_string(),
            Kind::Format,
        ),
        // 9 profiles before 10 declarations: a profile's unknown format, and a client secret.
        (
            "9 profiles < 10 declarations",
            json!({"type": "object",
                "properties": {"NEXT_PUBLIC_KEY": {"type": "string", "x-secret": true}},
                "x-environments": {"production": {"properties": {"B": {"type": "string", "format": "no-such-format"}}}}})
            .to_string(),
            Kind::Format,
        ),
    ];
    let mut failures = Vec::new();
    for (what, text, want) in &steps {
        let got = kind_of(text);
        if got != *want {
            failures.push(format!("{what}: kind {got:?}, expected {want:?}"));
        }
    }
    assert!(failures.is_empty(), "the load order drifted from docs/contract.md:\n{}", failures.join("\n"));
}

#[test]
fn each_later_step_fails_alone() {
    // The second mistake of each pair above is a real mistake on its own: the pairs test order.
    for (text, want) in [
        (json!({"type": "object", "properties": {"A": deep(35)}}), Kind::Schema),
        (json!({"type": "object", "properties": {"A": {"$ref": "env-contract:no-such-preset"}}}), Kind::Preset),
        (
            json!({"type": "object", "properties": {"A": {"$ref": "#/$defs/a"}}, "$defs": {"a": {"$ref": "#/$defs/a"}}}),
            Kind::Ref,
        ),
        (json!({"type": "object", "patternProperties": {"^(?!X)Y_": {"type": "string"}}}), Kind::Pattern),
        (json!({"type": "object", "properties": {"A": {"type": "string", "format": "no-such-format"}}}), Kind::Format),
        (
            json!({"type": "object",
                "x-environments": {"production": {"properties": {"B": {"$ref": "#/$defs/b"}}}},
                "$defs": {"b": {"$ref": "#/$defs/b"}}}),
            Kind::Ref,
        ),
        (
            json!({"type": "object", "properties": {"NEXT_PUBLIC_KEY": {"type": "string", "x-secret": true}}}),
            Kind::SecretClient,
        ),
    ] {
        assert_eq!(kind_of(&text.to_string()), want, "{text}");
    }
    assert_eq!(kind_of(&json!({"type": "array"}).to_string()), Kind::Shape);
    assert_eq!(kind_of("[]"), Kind::Shape);
}
