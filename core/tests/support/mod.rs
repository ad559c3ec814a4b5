//! Reading the shared cases of `tests/cases/` (format: `tests/README.md`).
#![allow(dead_code)]

use env_contract::Env;
use serde_json::{Map, Value};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

pub struct Case {
    pub name: String,
    pub dir: PathBuf,
    pub contract: Option<Value>,
    pub contract_file: Option<String>,
    pub contract_text: Option<String>,
    pub env: Map<String, Value>,
    pub environment: Option<String>,
    pub phase: Option<String>,
    pub expect: Vec<Value>,
    pub values: Option<Value>,
    pub contract_error: Option<Map<String, Value>>,
}

const KEYS: &[&str] = &[
    "description",
    "contract",
    "contract_file",
    "contract_text",
    "env",
    "environment",
    "phase",
    "expect",
    "values",
    "contract_error",
];

pub fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/cases")
}

pub fn load_cases() -> Vec<Case> {
    let dir = cases_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            let Value::Object(m) = v else { panic!("{name}: not an object") };
            for k in m.keys() {
                assert!(KEYS.contains(&k.as_str()), "{name}: unknown key {k}");
            }
            let s = |k: &str| m.get(k).and_then(Value::as_str).map(ToString::to_string);
            Case {
                name,
                dir: p.parent().unwrap().to_path_buf(),
                contract: m.get("contract").cloned(),
                contract_file: s("contract_file"),
                contract_text: s("contract_text"),
                env: m.get("env").and_then(Value::as_object).cloned().unwrap_or_default(),
                environment: s("environment"),
                phase: s("phase"),
                expect: m.get("expect").and_then(Value::as_array).cloned().unwrap_or_default(),
                values: m.get("values").cloned(),
                contract_error: m.get("contract_error").and_then(Value::as_object).cloned(),
            }
        })
        .collect()
}

impl Case {
    /// The environment with `${random:N}` expanded.
    pub fn env(&self) -> Env {
        self.env
            .iter()
            .map(|(k, v)| {
                (k.clone(), expand(v.as_str().unwrap_or_else(|| panic!("{}: env {k} is not a string", self.name))))
            })
            .collect()
    }

    pub fn expected(&self) -> Vec<(Option<String>, String, String)> {
        self.expect
            .iter()
            .map(|e| {
                (
                    e.get("var").and_then(Value::as_str).map(ToString::to_string),
                    e["code"].as_str().unwrap().to_string(),
                    e.get("severity").and_then(Value::as_str).unwrap_or("error").to_string(),
                )
            })
            .collect()
    }
}

/// A small xorshift generator seeded from the clock: new values every run.
pub fn random_alnum(n: usize) -> String {
    static STATE: AtomicU64 = AtomicU64::new(0);
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut s = STATE.load(Ordering::Relaxed);
    if s == 0 {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        s = u64::try_from(nanos % u128::from(u64::MAX)).unwrap() | 1;
    }
    let mut out = String::with_capacity(n);
    for _ in 0..n {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        out.push(char::from(ALPHABET[usize::try_from(s % 62).unwrap()]));
    }
    STATE.store(s, Ordering::Relaxed);
    out
}

/// Expands `${random:N}` placeholders.
pub fn expand(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("${random:") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 9..];
        let end = after.find('}').expect("closing brace");
        let n: usize = after[..end].parse().expect("a length");
        out.push_str(&random_alnum(n));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}
