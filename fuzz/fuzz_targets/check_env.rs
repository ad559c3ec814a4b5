#![no_main]
//! Arbitrary environments against the shared cases' contracts: checking must never panic and
//! no secret run may reach an output.

use env_contract::Contract;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn contracts() -> &'static [Contract] {
    static CONTRACTS: OnceLock<Vec<Contract>> = OnceLock::new();
    CONTRACTS.get_or_init(|| {
        env_contract_test_support::fuzzing::case_contracts(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases"),
        )
    })
}

fuzz_target!(|data: &[u8]| env_contract_test_support::fuzzing::check_env(contracts(), data));
