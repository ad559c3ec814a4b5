#![no_main]
//! Arbitrary bytes as a contract: loading and checking must never panic.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| env_contract_test_support::fuzzing::load_contract(data));
