//! The one list of problem codes agrees with the docs and round-trips through serde.

use env_contract::Code;

#[test]
fn docs_list_matches_code_all() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/problem-codes.md");
    let text = std::fs::read_to_string(path).unwrap();
    let start = text.find("<!-- codes:start -->").unwrap();
    let end = text.find("<!-- codes:end -->").unwrap();
    let listed: Vec<&str> = text[start..end].lines().filter_map(|l| l.strip_prefix("- `")?.strip_suffix('`')).collect();
    let ours: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(
        listed,
        ours,
        "docs/problem-codes.md drifted from Code::ALL (run `make gen`); it must list:\n{}",
        ours.iter().map(|c| format!("- `{c}`")).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn serde_names_are_the_public_names() {
    for c in Code::ALL {
        assert_eq!(serde_json::to_value(c).unwrap(), serde_json::Value::String(c.as_str().to_string()));
        assert_eq!(Code::parse(c.as_str()), Some(c));
    }
}
