//! The committed meta-schema must be what core's types generate.

use env_contract::Contract;

#[test]
fn committed_meta_schema_is_fresh() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/env-contract.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == env_contract::meta::meta_schema_text(),
        "schema/env-contract.schema.json is stale: run `make schema` and commit the result"
    );
}

#[test]
fn meta_schema_is_a_valid_2020_12_schema() {
    assert!(jsonschema::meta::is_valid(&env_contract::meta::meta_schema()));
}

#[test]
fn example_contracts_load() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/examples");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            Contract::from_path(&path).unwrap_or_else(|e| panic!("{e}"));
            n += 1;
        }
    }
    assert!(n >= 1);
}
