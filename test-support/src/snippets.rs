//! The doc-snippet convention (tests/README.md, "Code blocks in the docs"): every fenced code
//! block with a language in the docs is preceded by one marker line that says how it is kept
//! true:
//!
//! - `<!-- snippet: PATH -->`: the block is the whole file PATH (repo-relative), which a test
//!   runs; `make gen` copies it in.
//! - `<!-- snippet: PATH#NAME -->`: the block is the region of PATH between the lines holding
//!   `[docs:start NAME]` and `[docs:end NAME]` (in the file's own comment syntax), dedented.
//! - `<!-- run-by: PATH -->`: the test file PATH runs the block as written (and names this doc).
//! - `<!-- not-run: REASON -->`: not runnable as it stands; the reason says why.
//!
//! A block without a language is output or a diagram, never code to paste.

use std::path::Path;

/// The docs the convention covers: every tracked Markdown file but the generated ones and the
/// test corpus. Paths are repo-relative.
pub fn docs(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["README.md", "SECURITY.md", "bindings-py/README.md", "tests/README.md"] {
        if root.join(name).is_file() {
            out.push(name.to_string());
        }
    }
    let mut more: Vec<String> = std::fs::read_dir(root.join("docs"))
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| Path::new(n).extension().is_some_and(|x| x == "md"))
                .map(|n| format!("docs/{n}"))
                .collect()
        })
        .unwrap_or_default();
    more.sort();
    out.extend(more);
    out
}

/// One fenced block: its opening line (1-based), language, marker and body (byte range).
struct Block {
    line: usize,
    lang: String,
    marker: Option<String>,
    body: std::ops::Range<usize>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut prev: Option<&str> = None;
    let mut open: Option<(usize, String, Option<String>, usize)> = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("```") {
            match open.take() {
                None => {
                    let marker = prev.map(str::trim).filter(|p| p.starts_with("<!--")).map(ToString::to_string);
                    open = Some((i + 1, rest.trim().to_string(), marker, offset + line.len()));
                }
                Some((at, lang, marker, start)) => {
                    out.push(Block { line: at, lang, marker, body: start..offset });
                }
            }
        }
        prev = Some(line);
        offset += line.len();
    }
    out
}

/// The region `[docs:start NAME]` … `[docs:end NAME]` of a file, dedented.
fn region(text: &str, name: &str) -> Option<String> {
    let start = format!("[docs:start {name}]");
    let end = format!("[docs:end {name}]");
    let mut lines = text.lines().skip_while(|l| !l.contains(&start));
    lines.next()?;
    let mut body = Vec::new();
    for l in lines {
        if l.contains(&end) {
            let indent =
                body.iter().filter(|l: &&&str| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min();
            let indent = indent.unwrap_or(0);
            let mut s = String::new();
            for l in body {
                s.push_str(l.get(indent..).unwrap_or("").trim_end_matches(['\r']));
                s.push('\n');
            }
            return Some(s);
        }
        body.push(l);
    }
    None
}

/// What the snippet marker says the block must hold.
fn expected_body(root: &Path, target: &str) -> Result<String, String> {
    let (path, name) = match target.split_once('#') {
        Some((p, n)) => (p, Some(n)),
        None => (target, None),
    };
    let text = std::fs::read_to_string(root.join(path)).map_err(|e| format!("{path}: {e}"))?;
    match name {
        None => Ok(format!("{}\n", text.trim_end())),
        Some(n) => region(&text, n).ok_or_else(|| format!("{path} has no region [docs:start {n}] … [docs:end {n}]")),
    }
}

/// Checks one doc: returns the text with every snippet refreshed from its file, and the
/// mistakes `make gen` cannot fix (a block without a marker, a marker naming nothing).
pub fn refresh(root: &Path, doc: &str, text: &str) -> (String, Vec<String>) {
    let mut errors = Vec::new();
    let mut out = String::new();
    let mut last = 0;
    for b in blocks(text) {
        if b.lang.is_empty() {
            continue;
        }
        let at = format!("{doc}:{}", b.line);
        let Some(marker) = b.marker.as_deref() else {
            errors.push(format!(
                "{at}: a ```{} block needs a marker line above it: <!-- snippet: PATH -->, \
                 <!-- snippet: PATH#NAME -->, <!-- run-by: TEST -->, or <!-- not-run: REASON --> \
                 (tests/README.md, \"Code blocks in the docs\")",
                b.lang
            ));
            continue;
        };
        let inner = marker.trim_start_matches("<!--").trim_end_matches("-->").trim();
        if let Some(target) = inner.strip_prefix("snippet:") {
            match expected_body(root, target.trim()) {
                Ok(want) => {
                    out.push_str(&text[last..b.body.start]);
                    out.push_str(&want);
                    last = b.body.end;
                }
                Err(e) => errors.push(format!("{at}: {e}")),
            }
        } else if let Some(runner) = inner.strip_prefix("run-by:") {
            let runner = runner.trim();
            match std::fs::read_to_string(root.join(runner)) {
                Ok(t) if t.contains(doc) => {}
                Ok(_) => errors.push(format!("{at}: {runner} does not name {doc}, so it cannot run this block")),
                Err(e) => errors.push(format!("{at}: {runner}: {e}")),
            }
        } else if let Some(reason) = inner.strip_prefix("not-run:") {
            if reason.trim().len() < 8 {
                errors.push(format!("{at}: not-run needs a reason"));
            }
        } else {
            errors.push(format!("{at}: unknown marker {marker} (snippet:, run-by: or not-run:)"));
        }
    }
    out.push_str(&text[last..]);
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_dedented_and_blocks_found() {
        let file = "def f():\n    # [docs:start a]\n    x = 1\n      y\n    # [docs:end a]\n";
        assert_eq!(region(file, "a").unwrap(), "x = 1\n  y\n");
        assert!(region(file, "b").is_none());
        let doc = "t\n<!-- not-run: a sketch of the API -->\n```ts\nlet a\n```\n\n```\nout\n```\n```sh\nx\n```\n";
        let found = blocks(doc);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].marker.as_deref(), Some("<!-- not-run: a sketch of the API -->"));
        assert_eq!(&doc[found[0].body.clone()], "let a\n");
        let (same, errors) = refresh(Path::new("."), "d.md", doc);
        assert_eq!(same, doc);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("d.md:10: a ```sh block needs a marker"), "{errors:?}");
    }
}
