//! `make gen`: writes every generated file (test-support/src/generated.rs) that is stale.

#![allow(clippy::print_stdout)]

use env_contract_test_support::generated;

fn main() {
    let root = generated::root();
    let files = match generated::all(&root) {
        Ok(files) => files,
        Err(errors) => {
            eprintln!("make gen: cannot generate:\n  {}", errors.join("\n  "));
            std::process::exit(1);
        }
    };
    let stale = generated::stale(&root, &files);
    for g in files.iter().filter(|g| stale.contains(&g.path)) {
        if let Err(e) = std::fs::write(root.join(&g.path), &g.text) {
            eprintln!("make gen: {}: {e}", g.path);
            std::process::exit(1);
        }
        println!("make gen: wrote {}", g.path);
    }
    println!("make gen: {} generated files, {} rewritten", files.len(), stale.len());
}
