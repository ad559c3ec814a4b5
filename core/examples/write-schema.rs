//! Writes `schema/env-contract.schema.json` from core's types (`make schema`).

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/env-contract.schema.json");
    std::fs::write(&path, env_contract::meta::meta_schema_text()).expect("write the schema");
    eprintln!("wrote {}", path.display());
}
