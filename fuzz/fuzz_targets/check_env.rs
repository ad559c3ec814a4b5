#![no_main]
//! Arbitrary environments against the shared cases' contracts: checking must never panic and
//! no secret run may reach an output.

use env_contract::Contract;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn contracts() -> &'static [Contract] {
    static CONTRACTS: OnceLock<Vec<Contract>> = OnceLock::new();
    CONTRACTS.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases");
        let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        paths
            .iter()
            .filter_map(|p| {
                let case: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(p).ok()?).ok()?;
                Contract::from_value(case.get("contract")?).ok()
            })
            .collect()
    })
}

fuzz_target!(|data: &[u8]| env_contract::fuzzing::check_env(contracts(), data));
