//! Core-only cost of a check: a 100-variable contract compiled once, checked many times.
//! `cargo bench -p env-contract --bench check`

use criterion::{Criterion, criterion_group, criterion_main};
use env_contract::{CheckOptions, Contract, Env};
use serde_json::{Map, Value, json};
use std::hint::black_box;

/// A realistic contract of `n` variables, cycling through the kinds users declare, and a valid
/// environment for it.
pub fn workload(n: usize) -> (Value, Env) {
    let mut props = Map::new();
    let mut required = Vec::new();
    let mut env = Env::new();
    for i in 0..n {
        let (name, schema, value) = match i % 10 {
            0 => (format!("SECRET_{i}"), json!({"type": "string", "minLength": 32, "x-secret": true}), "s".repeat(40)),
            1 => (
                format!("API_URL_{i}"),
                json!({"type": "string", "format": "uri", "x-url": {"schemes": ["https"]}}),
                "https://api.example.com/v1".into(),
            ),
            2 => (
                format!("DATABASE_URL_{i}"),
                json!({"type": "string", "x-secret": true, "x-url": {"schemes": ["postgres", "postgresql"], "port": 6432}}),
                "postgres://app:pw@db.internal:6432/app".into(),
            ),
            3 => (format!("PORT_{i}"), json!({"$ref": "env-contract:port"}), "8080".into()),
            4 => (format!("WORKERS_{i}"), json!({"type": "integer", "minimum": 1, "maximum": 64}), "4".into()),
            5 => (format!("FEATURE_{i}"), json!({"type": "boolean"}), "true".into()),
            6 => (format!("LOG_LEVEL_{i}"), json!({"enum": ["debug", "info", "warn", "error"]}), "info".into()),
            7 => (format!("ADMIN_EMAIL_{i}"), json!({"type": "string", "format": "email"}), "ops@example.com".into()),
            8 => (
                format!("REGION_{i}"),
                json!({"type": "string", "pattern": "^[a-z]{2}-[a-z]+-[0-9]$"}),
                "eu-west-1".into(),
            ),
            _ => (format!("TIMEOUT_MS_{i}"), json!({"type": "integer", "default": 5000}), String::new()),
        };
        if i % 10 != 9 {
            required.push(Value::String(name.clone()));
            env.insert(name.clone(), value);
        }
        props.insert(name, schema);
    }
    (json!({"type": "object", "properties": props, "required": required}), env)
}

fn bench(c: &mut Criterion) {
    let (doc, env) = workload(100);
    let contract = Contract::from_value(&doc).expect("the workload contract loads");
    let options = CheckOptions::default();
    assert!(contract.check(&env, &options).report.ok, "the workload env is valid");
    c.bench_function("compile 100-variable contract", |b| b.iter(|| Contract::from_value(black_box(&doc)).unwrap()));
    c.bench_function("check 100 variables (valid)", |b| b.iter(|| contract.check(black_box(&env), &options)));
    let mut bad = env.clone();
    for (i, v) in bad.values_mut().enumerate() {
        if i % 20 == 0 {
            *v = "invalid value".into();
        }
    }
    c.bench_function("check 100 variables (5% invalid)", |b| b.iter(|| contract.check(black_box(&bad), &options)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
