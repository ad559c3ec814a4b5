//! Every generated file of the repository, as core makes it today. `make gen` writes them
//! (`src/bin/gen.rs`); `tests/generated.rs` fails, naming the stale files, when a committed copy
//! differs. To add a generated file, add it to `all` and run `make gen`.
//!
//! Not here: files built into ignored directories at build time (the meta-schema copied into
//! `bindings-node/schema/` by `scripts/copy-schema.js`, napi's `native.d.ts`).

use std::path::{Path, PathBuf};

use env_contract::docs::{DocsFormat, render};
use env_contract::{Code, Contract};

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One generated file: its repo-relative path and the text it must hold.
pub struct Generated {
    pub path: String,
    pub text: String,
}

/// The example contracts whose Markdown reference is committed next to them.
const EXAMPLE_DOCS: &[(&str, &str)] = &[("examples/incident/env.contract.json", "examples/incident/ENV.md")];

/// Replaces what lies between two marker lines (markers kept).
fn between(text: &str, start: &str, end: &str, body: &str, what: &str) -> Result<String, String> {
    let a = text.find(start).ok_or_else(|| format!("{what}: no {start} marker"))?;
    let a = a + text[a..].find('\n').map_or(text.len() - a, |i| i + 1);
    let b = a + text[a..].find(end).ok_or_else(|| format!("{what}: no {end} marker"))?;
    Ok(format!("{}{body}{}", &text[..a], &text[b..]))
}

/// Every generated file, or what stops them being generated (a doc block without a marker, a
/// snippet naming a missing file, an example contract that does not load).
pub fn all(root: &Path) -> Result<Vec<Generated>, Vec<String>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    out.push(Generated {
        path: "schema/env-contract.schema.json".to_string(),
        text: env_contract::meta::meta_schema_text(),
    });
    // The same meta-schema, compact and without its annotations, as core reads it at run time
    // (`contract/shape.rs`): so the schema generator stays out of what ships.
    out.push(Generated {
        path: "core/src/meta-schema.json".to_string(),
        text: format!("{}\n", env_contract::meta::meta_schema_for_checking()),
    });
    for (contract, doc) in EXAMPLE_DOCS {
        match Contract::from_path(root.join(contract)) {
            Ok(c) => out.push(Generated { path: (*doc).to_string(), text: render(&c, DocsFormat::Markdown) }),
            Err(e) => errors.push(format!("{contract}: {e}")),
        }
    }
    // The list of problem codes in docs/problem-codes.md.
    let codes: String = Code::ALL.iter().fold(String::new(), |mut s, c| {
        s.push_str("- `");
        s.push_str(c.as_str());
        s.push_str("`\n");
        s
    });
    let path = "docs/problem-codes.md";
    match std::fs::read_to_string(root.join(path)) {
        Ok(text) => match between(&text, "<!-- codes:start -->", "<!-- codes:end -->", &codes, path) {
            Ok(text) => out.push(Generated { path: path.to_string(), text }),
            Err(e) => errors.push(e),
        },
        Err(e) => errors.push(format!("{path}: {e}")),
    }
    // The docs' snippets, copied from the files they quote (after the files above, so a doc
    // quoting a generated file quotes its fresh text).
    for doc in crate::snippets::docs(root) {
        let text = match out.iter().find(|g| g.path == doc) {
            Some(g) => g.text.clone(),
            None => match std::fs::read_to_string(root.join(&doc)) {
                Ok(t) => t,
                Err(e) => {
                    errors.push(format!("{doc}: {e}"));
                    continue;
                }
            },
        };
        let (fresh, mut problems) = crate::snippets::refresh(root, &doc, &text);
        errors.append(&mut problems);
        out.retain(|g| g.path != doc);
        out.push(Generated { path: doc, text: fresh });
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// The generated files whose committed copy differs from what `all` makes.
pub fn stale(root: &Path, files: &[Generated]) -> Vec<String> {
    files
        .iter()
        .filter(|g| std::fs::read_to_string(root.join(&g.path)).ok().as_deref() != Some(g.text.as_str()))
        .map(|g| g.path.clone())
        .collect()
}
