//! The shared env-file cases of `tests/env-files/` (format: tests/README.md), for the Rust
//! runners (core and CLI).
#![allow(dead_code)]

use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    pub key: String,
    pub lines: [usize; 2],
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Error {
    pub file: usize,
    pub lines: Vec<[usize; 2]>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvFileCase {
    #[serde(skip)]
    pub name: String,
    pub description: String,
    /// File texts; `null`: a file that does not exist.
    pub files: Vec<Option<String>>,
    #[serde(default)]
    pub env: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub expand: bool,
    #[serde(default)]
    pub values: BTreeMap<String, String>,
    #[serde(default)]
    pub absent: Vec<String>,
    #[serde(default)]
    pub warnings: Vec<Warning>,
    #[serde(default)]
    pub error: Option<Error>,
    #[serde(default)]
    pub not_in_error: Vec<String>,
}

pub fn load() -> Vec<EnvFileCase> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/env-files");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 15, "expected the env-file cases in {}", dir.display());
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let mut case: EnvFileCase = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            case.name = p.file_stem().unwrap().to_string_lossy().into_owned();
            case
        })
        .collect()
}

impl EnvFileCase {
    /// Writes the files into `dir` (a `null` file is a path that does not exist).
    pub fn write_files(&self, dir: &Path) -> Vec<PathBuf> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let p = dir.join(format!("{i}.env"));
                if let Some(t) = text {
                    std::fs::write(&p, t).unwrap();
                }
                p
            })
            .collect()
    }

    /// A contract that passes exactly when the environment holds `values` and none of
    /// `absent` (every front runs the case through it).
    pub fn contract(&self) -> Value {
        let mut props = serde_json::Map::new();
        for (k, v) in &self.values {
            props.insert(k.clone(), json!({"type": "string", "x-empty": "value", "const": v}));
        }
        for k in &self.absent {
            props.insert(k.clone(), json!({"type": "string", "x-empty": "value", "const": "\u{0}absent"}));
        }
        json!({"type": "object", "properties": props, "required": self.values.keys().collect::<Vec<_>>()})
    }
}
