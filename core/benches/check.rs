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
    let mut env = Env::default();
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
    // What a front runs on a warm call: the contract and the environment it keeps between
    // calls (`Contract::check_shared`), for the report alone and with the values.
    let shared = std::sync::Arc::new(Contract::from_value(&doc).expect("the workload contract loads"));
    let shared_env = std::sync::Arc::new(env.clone());
    let report_only = CheckOptions { report_only: true, ..CheckOptions::default() };
    c.bench_function("check_shared 100 variables (valid, report only)", |b| {
        b.iter(|| shared.check_shared(black_box(&shared_env), &report_only));
    });
    c.bench_function("check_shared 100 variables (valid, with values)", |b| {
        b.iter(|| shared.check_shared(black_box(&shared_env), &options));
    });
    let mut bad = env.clone();
    for (i, v) in bad.values_mut().enumerate() {
        if i % 20 == 0 {
            *v = "invalid value".into();
        }
    }
    c.bench_function("check 100 variables (5% invalid)", |b| b.iter(|| contract.check(black_box(&bad), &options)));

    // The leak rule: 100 undeclared client variables of public-by-design shapes, flags and
    // settings, every one looked at by the secret catalogue (none is a leak).
    let client = json!({"type": "object", "x-unknown": "ignore", "properties": {}});
    let client = Contract::from_value(&client).expect("the client contract loads");
    let client_env = client_workload(100);
    assert!(client.check(&client_env, &options).report.problems.is_empty(), "the client env has no leak");
    c.bench_function("check 100 client variables (leak rule)", |b| {
        b.iter(|| client.check(black_box(&client_env), &options));
    });

    // What `scan` does per file: the catalogue over 256 KiB of minified-looking JavaScript.
    let asset = asset_text(256 * 1024);
    c.bench_function("find_secret over a 256 KiB asset", |b| {
        b.iter(|| env_contract::rules::patterns::find_secret(black_box(&asset)));
    });
}

/// Client variables a web app ships on purpose: publishable keys, site keys, ids, URLs, flags.
fn client_workload(n: usize) -> Env {
    let body = |i: usize, len: usize| -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..len).map(|j| A[(i * 31 + j * 7) % A.len()] as char).collect()
    };
    let mut env = Env::default();
    for i in 0..n {
        let (name, value) = match i % 10 {
            0 => (format!("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY_{i}"), format!("pk_live_{}", body(i, 99))),
            1 => (format!("NEXT_PUBLIC_POSTHOG_KEY_{i}"), format!("phc_{}", body(i, 43))),
            2 => (format!("NEXT_PUBLIC_FIREBASE_API_KEY_{i}"), format!("AIza{}", body(i, 35))),
            3 => (format!("NEXT_PUBLIC_APP_URL_{i}"), "https://app.example.com/dashboard".into()),
            4 => (format!("NEXT_PUBLIC_ENABLE_SIGNUP_{i}"), "true".into()),
            5 => (format!("NEXT_PUBLIC_GA_MEASUREMENT_ID_{i}"), "G-ABCDEF1234".into()),
            6 => (
                format!("NEXT_PUBLIC_SENTRY_DSN_{i}"),
                "https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/42".into(),
            ),
            7 => (format!("NEXT_PUBLIC_APP_NAME_{i}"), "Acme Dashboard for teams".into()),
            8 => (
                format!("NEXT_PUBLIC_SUPABASE_URL_{i}"),
                format!("https://{}.supabase.co", body(i, 20).to_ascii_lowercase()),
            ),
            _ => (format!("NEXT_PUBLIC_ALGOLIA_SEARCH_KEY_{i}"), "0123456789abcdef0123456789abcdef".into()),
        };
        env.insert(name, value);
    }
    env
}

/// Minified-looking JavaScript without a secret: identifiers, strings, URLs, numbers.
fn asset_text(len: usize) -> String {
    let chunk = r#"function n(e,t){return e.apply(t,arguments)}var r="https://api.example.com/v1/items?page=",o={key:"pk_live_",id:"G-ABCDEF1234",version:"1.2.3"};export const a=(e)=>fetch(r+e).then(t=>t.json()).catch(()=>null);/*! license MIT */"#;
    let mut s = String::with_capacity(len + chunk.len());
    while s.len() < len {
        s.push_str(chunk);
    }
    s
}

criterion_group!(benches, bench);
criterion_main!(benches);
