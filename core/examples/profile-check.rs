//! Times a check of an N-variable workload (used while optimizing; `cargo run --release --example profile-check -- 100`).
use env_contract::{CheckOptions, Contract, Env};
use serde_json::{Map, Value, json};
use std::time::Instant;

fn workload(n: usize) -> (Value, Env) {
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
    let unknown = std::env::var("UNKNOWN").unwrap_or_else(|_| "warn".into());
    (json!({"type": "object", "properties": props, "required": required, "x-unknown": unknown}), env)
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100);
    let (doc, mut env) = workload(n);
    for (k, v) in std::env::vars() {
        env.entry(k).or_insert(v);
    }
    let t = Instant::now();
    let c = Contract::from_value(&doc).unwrap();
    eprintln!("compile: {:?}", t.elapsed());
    let opts = CheckOptions::default();
    let iters: u32 = std::env::var("ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    let t = Instant::now();
    for _ in 0..iters {
        std::hint::black_box(c.check(&env, &opts));
    }
    eprintln!("check: {:?} per call", t.elapsed() / iters);
    let out = c.check(&env, &opts);
    eprintln!("ok={} problems={}", out.report.ok, out.report.problems.len());
    let v = serde_json::Value::Object(out.values.clone().into_map());
    let validator =
        jsonschema::draft202012::options().should_validate_formats(true).build(c.compiled_schema()).unwrap();
    let t = Instant::now();
    for _ in 0..iters {
        std::hint::black_box(validator.iter_errors(&v).count());
    }
    eprintln!("jsonschema iter_errors alone: {:?}", t.elapsed() / iters);
    let t = Instant::now();
    for _ in 0..iters {
        std::hint::black_box(validator.is_valid(&v));
    }
    eprintln!("jsonschema is_valid alone: {:?}", t.elapsed() / iters);
}
