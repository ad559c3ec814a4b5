//! The README's code blocks that a user would paste are the project's tested files: a block
//! preceded by `<!-- file: PATH -->` must equal that file, so the README cannot drift.

#[test]
fn readme_snippets_are_the_tested_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut checked = 0;
    let mut rest = readme.as_str();
    while let Some(i) = rest.find("<!-- file: ") {
        rest = &rest[i + "<!-- file: ".len()..];
        let end = rest.find(" -->").expect("closing -->");
        let path = &rest[..end];
        let fence = rest.find("```").expect("a code block after the marker");
        let body_start = fence + rest[fence..].find('\n').unwrap() + 1;
        let body_end = body_start + rest[body_start..].find("```").unwrap();
        let snippet = &rest[body_start..body_end];
        let file = std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("README names {path}: {e}"));
        assert_eq!(
            snippet.trim_end(),
            file.trim_end(),
            "the README's block for {path} differs from the file: paste the file into the README"
        );
        checked += 1;
        rest = &rest[body_end..];
    }
    assert!(checked >= 1, "the README has no tested snippets");
}
