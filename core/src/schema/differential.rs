//! Core's validator against a general JSON Schema 2020-12 validator (the `jsonschema` crate, a
//! dev-dependency only): the same verdict on every instance, and the same failing places.
//!
//! - every contract of the shared cases and the examples, on instances generated from it;
//! - generated schemas (every keyword of the draft, nested, with `$ref`s into `$defs`) on
//!   generated values.
//!
//! The generator is seeded, so a failure prints the seed, the schema and the value.

use super::compile;
use serde_json::{Map, Value, json};
use std::path::Path;

/// A small deterministic generator (xorshift), so a failing pair is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// The general validator, set up as core's was before it had its own: formats asserted
/// (`email` as the HTML rule core keeps), patterns on the `regex` engine.
fn reference(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .offline()
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .with_format("email", super::formats::is_email)
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(schema)
        .unwrap_or_else(|e| panic!("the reference refuses {schema}: {e}"))
}

/// The places (instance pointer) that fail, as a sorted list, for leaf keywords whose
/// location both report the same way.
fn places_ours(errors: &[super::Error]) -> Vec<String> {
    let mut out: Vec<String> = errors.iter().map(|e| format!("{} {}", e.instance_path, e.kind.keyword())).collect();
    out.sort();
    out.dedup();
    out
}

fn places_reference(v: &jsonschema::Validator, value: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .iter_errors(value)
        .map(|e| {
            let keyword = match e.kind() {
                // `additionalProperties: false` refusing a key: the reference names the false
                // schema, core the keyword (same place).
                jsonschema::error::ValidationErrorKind::FalseSchema
                    if e.schema_path().as_str().ends_with("/additionalProperties") =>
                {
                    "additionalProperties"
                }
                jsonschema::error::ValidationErrorKind::FalseSchema => "false",
                jsonschema::error::ValidationErrorKind::Contains => "contains",
                jsonschema::error::ValidationErrorKind::OneOfMultipleValid { .. }
                | jsonschema::error::ValidationErrorKind::OneOfNotValid { .. } => "oneOf",
                jsonschema::error::ValidationErrorKind::Required { .. } => "required",
                k => k.keyword(),
            };
            format!("{} {keyword}", e.instance_path().as_str())
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn compare(schema: &Value, value: &Value, what: &str) {
    let ours = match compile(schema, true) {
        Ok(ours) => ours,
        // A schema that loops without end has no verdict to compare (the draft leaves it
        // undefined; core refuses it).
        Err(e) if e.message.contains("without end") => return,
        Err(e) => panic!("{what}: ours refuses {schema}: {e:?}"),
    };
    let theirs = reference(schema);
    let (a, b) = (ours.is_valid(value), theirs.is_valid(value));
    assert_eq!(a, b, "{what}: verdicts differ (ours {a}) for\n schema {schema}\n value {value}");
    let errors = ours.errors(value);
    assert_eq!(errors.is_empty(), a, "{what}: is_valid and errors disagree for {schema} / {value}");
    // Where there is no combinator, the failing places are the same too.
    let text = schema.to_string();
    let plain = ["anyOf", "oneOf", "\"not\"", "\"if\"", "contains", "unevaluated", "propertyNames", "dependentSchemas"]
        .iter()
        .all(|k| !text.contains(k));
    if plain && !a {
        assert_eq!(
            places_ours(&errors),
            places_reference(&theirs, value),
            "{what}: failing places differ for\n schema {schema}\n value {value}"
        );
    }
}

/// Every contract of the shared cases (a case file holds it under `"contract"`) and every
/// example contract (`*.contract.json`), with the file it came from: the corpus the tests over
/// "every contract we have" read (here, and `contract/shape.rs`'s).
pub(crate) fn corpus() -> Vec<(String, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    contracts(&root.join("tests/cases"), &mut out);
    contracts(&root.join("examples"), &mut out);
    out
}

fn contracts(dir: &Path, out: &mut Vec<(String, Value)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && !path.ends_with("node_modules") {
            contracts(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            let Ok(doc) = serde_json::from_str::<Value>(&std::fs::read_to_string(&path).unwrap_or_default()) else {
                continue;
            };
            let name = path.display().to_string();
            match doc.get("contract") {
                Some(c) if name.contains("tests/cases") => out.push((name, c.clone())),
                _ if name.ends_with(".contract.json") => out.push((name, doc)),
                _ => {}
            }
        }
    }
}

/// A value for a variable's schema: often what it allows, often not.
fn value_for(rng: &mut Rng, schema: &Value) -> Value {
    let mut pool: Vec<Value> =
        vec![json!(""), json!("x"), json!(0), json!(-1), json!(8080), json!(70000), json!(1.5), json!(true)];
    pool.extend(
        ["https://example.com/a", "postgres://db:6432/app", "ops@example.com", "not a uri", "2026-12-03", "a,b"]
            .map(|s| json!(s)),
    );
    for key in ["enum", "examples"] {
        if let Some(Value::Array(xs)) = schema.get(key) {
            pool.extend(xs.iter().cloned());
        }
    }
    for key in ["default", "const"] {
        if let Some(v) = schema.get(key) {
            pool.push(v.clone());
        }
    }
    if let Some(n) = schema.get("minLength").and_then(Value::as_u64) {
        pool.push(Value::String("k".repeat(usize::try_from(n).unwrap_or(0))));
    }
    if rng.chance(5) { json!([rng.pick(&pool).clone(), rng.pick(&pool).clone()]) } else { rng.pick(&pool).clone() }
}

#[test]
fn every_contract_of_the_cases_and_examples_gets_the_same_verdicts() {
    let docs = corpus();
    let mut rng = Rng(0x5eed_cafe);
    let mut compared = 0;
    for (name, doc) in &docs {
        let Ok(contract) = crate::Contract::from_value(doc) else { continue };
        let mut schema = contract.compiled_schema().clone();
        let profiles = schema.as_object_mut().and_then(|o| o.remove("x-environments"));
        let mut schemas = vec![schema.clone()];
        if let Some(Value::Object(envs)) = profiles {
            for (_, profile) in envs {
                let mut combined = schema.clone();
                let all_of = combined.as_object_mut().map(|o| o.entry("allOf").or_insert_with(|| json!([])));
                if let Some(Value::Array(xs)) = all_of {
                    xs.push(profile);
                }
                schemas.push(combined);
            }
        }
        let props: Vec<(String, Value)> =
            contract.vars().map(|v| (v.name.clone(), Value::Object(v.schema.clone()))).collect();
        for schema in &schemas {
            for _ in 0..40 {
                let mut instance = Map::new();
                for (name, s) in &props {
                    if !rng.chance(4) {
                        instance.insert(name.clone(), value_for(&mut rng, s));
                    }
                }
                // The instance in name order (as a check builds it, which the validator walks in
                // step with the keywords' names) and in the reverse order (which it looks up).
                let reversed: Map<String, Value> = instance.iter().rev().map(|(k, v)| (k.clone(), v.clone())).collect();
                compare(schema, &Value::Object(instance), name);
                compare(schema, &Value::Object(reversed), name);
                compared += 1;
            }
        }
    }
    assert!(compared > 2000, "only {compared} instances compared: the corpus was not found");
}

/// A random schema of depth at most `depth`, over every keyword of the draft.
fn schema(rng: &mut Rng, depth: usize) -> Value {
    if depth == 0 || rng.chance(6) {
        return match rng.below(8) {
            0 => json!(true),
            1 => json!(false),
            2 => json!({"type": rng.pick(&["string", "integer", "number", "object", "array", "boolean", "null"])}),
            3 => json!({"$ref": format!("#/$defs/d{}", rng.below(3))}),
            4 => json!({"minimum": rng.below(5)}),
            5 => json!({"pattern": rng.pick(&["^a", "b$", "[0-9]+", "^$", "x|y"])}),
            6 => json!({"enum": [1, "a", null, [1], {"a": 1}]}),
            _ => json!({"const": rng.pick(&[json!(1), json!(1.0), json!("a"), json!([]), json!({})])}),
        };
    }
    let mut s = Map::new();
    for _ in 0..=rng.below(3) {
        let sub = |rng: &mut Rng| schema(rng, depth - 1);
        let names = ["a", "b", "c"];
        let (k, v) = match rng.below(34) {
            0 => ("type", json!(rng.pick(&["string", "integer", "number", "object", "array"]))),
            1 => ("type", json!(["string", "null"])),
            2 => ("minLength", json!(rng.below(3))),
            3 => ("maxLength", json!(rng.below(3))),
            4 => ("minimum", json!(rng.pick(&[json!(1), json!(1.5), json!(-2)]))),
            5 => ("exclusiveMaximum", json!(rng.pick(&[json!(3), json!(2.5)]))),
            6 => ("multipleOf", json!(rng.pick(&[json!(2), json!(0.5), json!(0.1)]))),
            7 => {
                let one = json!([rng.pick(&names)]);
                ("required", rng.pick(&[one, json!(["c", "a"]), json!(["ab", "b", "c"])]).clone())
            }
            8 => ("properties", json!({ *rng.pick(&names): sub(rng), *rng.pick(&names): sub(rng) })),
            9 => ("patternProperties", json!({ *rng.pick(&["^a", "b", "^[ac]$"]): sub(rng) })),
            10 => ("additionalProperties", sub(rng)),
            11 => ("allOf", json!([sub(rng), sub(rng)])),
            12 => ("anyOf", json!([sub(rng), sub(rng)])),
            13 => ("oneOf", json!([sub(rng), sub(rng), sub(rng)])),
            14 => ("not", sub(rng)),
            15 => ("if", sub(rng)),
            16 => ("then", sub(rng)),
            17 => ("else", sub(rng)),
            18 => ("dependentRequired", json!({ *rng.pick(&names): [*rng.pick(&names)] })),
            19 => ("dependentSchemas", json!({ *rng.pick(&names): sub(rng) })),
            20 => ("prefixItems", json!([sub(rng), sub(rng)])),
            21 => ("items", sub(rng)),
            22 => ("contains", sub(rng)),
            23 => ("minContains", json!(rng.below(3))),
            24 => ("maxContains", json!(rng.below(3))),
            25 => ("uniqueItems", json!(true)),
            26 => ("unevaluatedProperties", sub(rng)),
            27 => ("unevaluatedItems", sub(rng)),
            28 => ("propertyNames", json!({"maxLength": 1})),
            29 => ("minProperties", json!(rng.below(3))),
            30 => ("maxItems", json!(rng.below(3))),
            31 => ("$ref", json!(format!("#/$defs/d{}", rng.below(3)))),
            32 => ("enum", json!([1, 2.0, "a", [1, "a"], {"a": [1]}])),
            _ => ("const", json!({"a": 1})),
        };
        s.insert(k.to_string(), v);
    }
    Value::Object(s)
}

fn value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth == 0 { 7 } else { 9 }) {
        0 => Value::Null,
        1 => json!(rng.chance(2)),
        2 => json!(rng.below(7)),
        3 => json!(rng.pick(&[1.5, 0.3, 2.0, -1.0, 0.1])),
        4 => json!(rng.pick(&["", "a", "ab", "b", "xyz", "12", "c"])),
        5 => json!(1),
        6 => json!("a"),
        7 => Value::Array((0..rng.below(4)).map(|_| value(rng, depth - 1)).collect()),
        _ => {
            let mut m = Map::new();
            for _ in 0..rng.below(4) {
                m.insert((*rng.pick(&["a", "b", "c", "ab"])).to_string(), value(rng, depth - 1));
            }
            Value::Object(m)
        }
    }
}

#[test]
fn generated_schemas_get_the_same_verdicts() {
    let mut rng = Rng(0x0dd_ba11);
    for round in 0..3000 {
        let mut root = match schema(&mut rng, 3) {
            Value::Object(m) => m,
            other => {
                let mut m = Map::new();
                m.insert("allOf".to_string(), json!([other]));
                m
            }
        };
        let defs: Map<String, Value> = (0..3).map(|i| (format!("d{i}"), schema(&mut rng, 2))).collect();
        root.insert("$defs".to_string(), Value::Object(defs));
        let root = Value::Object(root);
        for _ in 0..8 {
            let v = value(&mut rng, 3);
            compare(&root, &v, &format!("round {round}"));
        }
    }
}

#[test]
fn dynamic_references_follow_the_dynamic_scope() {
    // The root's `$dynamicAnchor` wins over the embedded tree's own: children are strict too.
    let strict = json!({
        "$dynamicAnchor": "node",
        "$ref": "#/$defs/tree",
        "unevaluatedProperties": false,
        "$defs": {
            "tree": {
                "$id": "https://example.com/tree",
                "$dynamicAnchor": "node",
                "type": "object",
                "properties": {"data": true, "children": {"type": "array", "items": {"$dynamicRef": "#node"}}}
            }
        }
    });
    let single = json!({
        "$dynamicAnchor": "node",
        "type": "object",
        "properties": {"children": {"type": "array", "items": {"$dynamicRef": "#node"}}}
    });
    // Pointers and anchors inside an embedded resource are the resource's own.
    let embedded = json!({
        "$defs": {"inner": {"$id": "https://example.com/inner", "type": "object",
                            "properties": {"n": {"$ref": "#/$defs/int"}, "s": {"$ref": "#str"}},
                            "$defs": {"int": {"type": "integer"}, "str": {"$anchor": "str", "type": "string"}}}},
        "properties": {"a": {"$ref": "#/$defs/inner"}}
    });
    let values = [
        json!({"children": [{"data": 1, "children": []}]}),
        json!({"children": [{"data": 1, "extra": 2}]}),
        json!({"extra": 1}),
        json!({"children": [{"children": 3}]}),
        json!({"a": {"n": 1, "s": "x"}}),
        json!({"a": {"n": "x"}}),
        json!({"a": {"s": 2}}),
    ];
    let mut differs = 0;
    for schema in [&strict, &single, &embedded] {
        let ours = compile(schema, true).unwrap();
        let theirs = reference(schema);
        for v in &values {
            assert_eq!(ours.is_valid(v), theirs.is_valid(v), "{schema} / {v}");
            differs += usize::from(!ours.is_valid(v));
        }
    }
    assert!(differs >= 5, "the values should fail somewhere: {differs}");
    assert!(!compile(&strict, true).unwrap().is_valid(&values[1]), "the dynamic scope reached the children");
}

#[test]
fn a_reference_loop_fails_instead_of_overflowing() {
    let looping = json!({"$defs": {"a": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/b"}]}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"});
    let e = compile(&looping, true).expect_err("a loop");
    assert!(e.pointer.starts_with("/$defs/"), "{e:?}");
    // Recursion that goes into the value is fine, however deep the value.
    let tree = compile(&json!({"properties": {"next": {"$ref": "#"}}, "required": ["v"]}), true).unwrap();
    let mut v = json!({"v": 1});
    for _ in 0..100 {
        v = json!({"v": 1, "next": v});
    }
    assert!(tree.is_valid(&v));
    v["next"]["next"]["next"].as_object_mut().unwrap().remove("v");
    assert_eq!(tree.errors(&v)[0].instance_path, "/next/next/next");
}

#[test]
fn malformed_keywords_are_refused_at_their_pointer() {
    for (schema, pointer) in [
        (json!({"minLength": -1}), "/minLength"),
        (json!({"properties": {"A": {"type": "strin"}}}), "/properties/A/type"),
        (json!({"allOf": []}), "/allOf"),
        (json!({"required": ["A", "A"]}), "/required"),
        (json!({"$ref": "#/$defs/none"}), "/$ref"),
        (json!({"$ref": "#nowhere"}), "/$ref"),
        (json!({"pattern": "(a"}), "/pattern"),
        (json!({"format": "phone"}), "/format"),
        (json!({"multipleOf": 0}), "/multipleOf"),
        (json!({"items": 3}), "/items"),
    ] {
        let e = compile(&schema, true).expect_err(&schema.to_string());
        assert_eq!(e.pointer, pointer, "{schema}: {e:?}");
        assert!(e.message.len() > 10, "{e:?}");
    }
}
