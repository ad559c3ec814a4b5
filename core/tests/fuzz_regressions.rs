//! Replays every input the fuzzer ever found (`fuzz/regressions/<target>/`), plus hand-made
//! hard inputs, through the same harnesses as the fuzz targets.

use env_contract_test_support::fuzzing::{case_contracts, check_env, load_contract};
use std::path::Path;

fn inputs(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions").join(target);
    let mut files: Vec<_> = std::fs::read_dir(dir).map(|d| d.map(|e| e.unwrap().path()).collect()).unwrap_or_default();
    files.sort();
    files.into_iter().filter(|p| p.is_file()).map(|p| std::fs::read(p).unwrap()).collect()
}

#[test]
fn load_contract_regressions() {
    let found = inputs("load_contract");
    assert!(!found.is_empty(), "fuzz/regressions/load_contract holds the replayed inputs");
    for data in found {
        load_contract(&data);
    }
}

#[test]
fn check_env_regressions() {
    // The same contracts, in the same order, as the fuzz target picks from.
    let contracts = case_contracts(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cases"));
    assert!(contracts.len() > 10);
    let found = inputs("check_env");
    assert!(!found.is_empty(), "fuzz/regressions/check_env holds the replayed inputs");
    // Every input against every contract: adding a case shifts which contract the first byte
    // picks, and a regression must not silently stop exercising what it found.
    for data in found {
        let rest = data.get(1..).unwrap_or_default();
        for pick in 0..=u8::MAX {
            let mut input = vec![pick];
            input.extend_from_slice(rest);
            check_env(&contracts, &input);
        }
    }
}
