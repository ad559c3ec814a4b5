//! Every committed generated file is what `make gen` makes today, and every code block of the
//! docs follows the snippet convention (tests/README.md, "Code blocks in the docs").

use env_contract_test_support::generated;

#[test]
fn generated_files_are_fresh() {
    let root = generated::root();
    let files = generated::all(&root).unwrap_or_else(|errors| {
        panic!("the generated files cannot be made (fix these by hand):\n  {}", errors.join("\n  "))
    });
    assert!(files.len() >= 4, "{} generated files", files.len());
    let stale = generated::stale(&root, &files);
    assert!(stale.is_empty(), "stale generated file(s): {}\nrun `make gen` and commit the result", stale.join(", "));
}
