//! Errors for a broken contract (distinct from an invalid environment).

use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;

/// What kind of mistake makes a contract unusable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContractErrorKind {
    /// The file could not be read (missing, a directory, no permission).
    Io,
    /// The text is not JSON.
    Json,
    /// A keyword has the wrong shape (checked against the meta-schema).
    Shape,
    /// A `pattern` (or `patternProperties` key) that the linear-time engine cannot compile.
    Pattern,
    /// An unknown `format`.
    Format,
    /// A `required` name that no property declares.
    Undeclared,
    /// An `x-secret` variable whose name has a client prefix.
    SecretClient,
    /// An unknown `env-contract:` preset.
    Preset,
    /// A `$ref` that leaves the document or does not resolve.
    Ref,
    /// Any other reason JSON Schema refuses the contract.
    Schema,
}

impl ContractErrorKind {
    /// Every kind (`crate::enums` gives the bindings their names).
    pub const ALL: [ContractErrorKind; 10] = [
        ContractErrorKind::Io,
        ContractErrorKind::Json,
        ContractErrorKind::Shape,
        ContractErrorKind::Pattern,
        ContractErrorKind::Format,
        ContractErrorKind::Undeclared,
        ContractErrorKind::SecretClient,
        ContractErrorKind::Preset,
        ContractErrorKind::Ref,
        ContractErrorKind::Schema,
    ];
}

/// Where in the contract the mistake is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The contract file, when loaded from one.
    pub file: Option<PathBuf>,
    /// 1-based line and column, for JSON syntax errors.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// A JSON pointer into the contract (`""` is the root).
    pub pointer: Option<String>,
}

/// A broken contract. Its `Display` says what is wrong and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct ContractError {
    pub kind: ContractErrorKind,
    pub message: String,
    pub location: Location,
}

impl ContractError {
    pub(crate) fn at(kind: ContractErrorKind, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        ContractError {
            kind,
            message: message.into(),
            location: Location { pointer: Some(pointer.into()), ..Location::default() },
        }
    }

    pub(crate) fn in_file(mut self, file: Option<PathBuf>) -> Self {
        if self.location.file.is_none() {
            self.location.file = file;
        }
        self
    }
}

impl fmt::Display for ContractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = &self.location;
        let file = loc.file.as_ref().map(|p| p.display().to_string());
        match (file, loc.line, loc.column) {
            (Some(file), Some(line), Some(col)) => write!(f, "{file}:{line}:{col}: ")?,
            (Some(file), _, _) => write!(f, "{file}: ")?,
            (None, Some(line), Some(col)) => write!(f, "line {line}, column {col}: ")?,
            _ => {}
        }
        if let Some(pointer) = &loc.pointer {
            let shown = if pointer.is_empty() { "/" } else { pointer.as_str() };
            write!(f, "at {shown}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// Escapes one JSON pointer segment (RFC 6901); borrowed when nothing needs escaping.
pub(crate) fn escape_segment(segment: &str) -> Cow<'_, str> {
    if !needs_escape(segment) {
        return Cow::Borrowed(segment);
    }
    Cow::Owned(segment.replace('~', "~0").replace('/', "~1"))
}

/// Whether a segment holds `~` or `/`: a byte scan, because a contract's load builds the
/// pointer of every value it walks (a `contains` of a `char` array cost five times as much).
fn needs_escape(segment: &str) -> bool {
    segment.bytes().any(|b| b == b'~' || b == b'/')
}

/// Appends `/` and one escaped segment to a JSON pointer, without a temporary.
pub(crate) fn push_segment(pointer: &mut String, segment: &str) {
    pointer.push('/');
    pointer.push_str(&escape_segment(segment));
}

/// Appends `/` and an array index to a JSON pointer, without a temporary.
pub(crate) fn push_index(pointer: &mut String, index: usize) {
    use std::fmt::Write as _;
    // Writing into a `String` cannot fail.
    let _ = write!(pointer, "/{index}");
}

/// `pointer` with one more segment, escaped: `format!("{pointer}/{}", escape_segment(…))`
/// in one allocation of the right size.
pub(crate) fn join_segment(pointer: &str, segment: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 1 + segment.len());
    out.push_str(pointer);
    push_segment(&mut out, segment);
    out
}

/// `pointer` with one more segment, an array index.
pub(crate) fn join_index(pointer: &str, index: usize) -> String {
    let mut out = String::with_capacity(pointer.len() + 4);
    out.push_str(pointer);
    push_index(&mut out, index);
    out
}

/// Reads one JSON pointer segment back (RFC 6901: `~1` is `/`, then `~0` is `~`).
pub(crate) fn unescape_segment(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The last segment of a JSON pointer, read back (`""` for the root).
pub(crate) fn last_segment(pointer: &str) -> String {
    unescape_segment(pointer.rsplit('/').next().unwrap_or(""))
}

/// Builds a JSON pointer from segments.
pub(crate) fn pointer(segments: &[&str]) -> String {
    // Sized up front: grown a segment at a time, a pointer was three allocations.
    let mut out = String::with_capacity(segments.iter().map(|s| s.len() + 1).sum());
    for s in segments {
        push_segment(&mut out, s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_are_built_with_escaped_segments_and_indices() {
        let mut p = String::from("/properties");
        push_segment(&mut p, "a/b~c");
        push_index(&mut p, 0);
        push_index(&mut p, 907);
        push_segment(&mut p, "");
        assert_eq!(p, "/properties/a~1b~0c/0/907/");
        assert_eq!(join_segment("", "A_B"), "/A_B");
        assert_eq!(join_segment("/x", "~/"), "/x/~0~1");
        assert_eq!(join_index("/allOf", usize::MAX), format!("/allOf/{}", usize::MAX));
        assert_eq!(escape_segment("plain"), "plain");
        assert_eq!(escape_segment("a~1/"), "a~01~1");
        // Read back, each segment is what was written.
        assert_eq!(last_segment(&join_segment("/p", "a~1/")), "a~1/");
        assert_eq!(pointer(&["properties", "x/y"]), "/properties/x~1y");
    }
}
