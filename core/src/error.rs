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
    if !segment.contains(['~', '/']) {
        return Cow::Borrowed(segment);
    }
    Cow::Owned(segment.replace('~', "~0").replace('/', "~1"))
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
    let mut out = String::new();
    for s in segments {
        out.push('/');
        out.push_str(&escape_segment(s));
    }
    out
}
