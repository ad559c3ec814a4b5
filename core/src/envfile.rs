//! Env files and the environment built from them, decided once for every front (the CLI's
//! `--env-file`/`--env-json`, Node's `envFiles`, Python's `env_files`, `init`, `diff`, `scan`).
//!
//! - [`parse`] is the one dotenv grammar (docs/cli.md, "Env files", holds the table of cases):
//!   `KEY=value`, `export KEY=value`, spaces around `=`, a UTF-8 BOM, CRLF, unquoted values with
//!   spaces and apostrophes, `#` comments (inline only after whitespace), single quotes
//!   (literal), double quotes (escapes `\n \r \t \" \\`), multi-line quoted values.
//! - Values are literal by default: a `$` is part of the value. With [`Sources::expand`],
//!   `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR-default}` are resolved inside the layered
//!   environment (never from the process environment unless it is one of the layers).
//! - [`build`] layers the files (later files win), the JSON export, then the top layer (the
//!   caller's env or the process environment). A missing file is skipped (and listed in
//!   [`Built::skipped`]); a file that exists but cannot be read or parsed is an error naming
//!   every bad line by `file:line:column`, never quoting it.
//! - A key set twice in one file: the last wins, with a warning naming the key and both lines.

use crate::check::Env;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// A line of an env file that cannot be parsed: where, and what is wrong. Never holds text
/// from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub message: String,
}

/// A file that could not be read or parsed. Never holds a value from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvFileError {
    pub path: PathBuf,
    /// What is wrong, on one line (every bad line, `line L, column C: …; …`).
    pub message: String,
    /// Every line that cannot be parsed, in order (empty when the file cannot be read at all).
    pub lines: Vec<LineError>,
}

impl EnvFileError {
    fn whole(path: &Path, message: impl Into<String>) -> Self {
        EnvFileError { path: path.to_path_buf(), message: message.into(), lines: Vec::new() }
    }

    fn at_lines(path: &Path, lines: Vec<LineError>) -> Self {
        let message = lines
            .iter()
            .map(|l| format!("line {}, column {}: {}", l.line, l.column, l.message))
            .collect::<Vec<_>>()
            .join("; ");
        EnvFileError { path: path.to_path_buf(), message, lines }
    }
}

/// `path: message`, or one `path:line:column: message` line per bad line.
impl fmt::Display for EnvFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.lines.is_empty() {
            return write!(f, "{}: {}", self.path.display(), self.message);
        }
        for (i, l) in self.lines.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}:{}: {}", self.path.display(), l.line, l.column, l.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for EnvFileError {}

/// How a value was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    None,
    Single,
    Double,
}

/// One `KEY=value` of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub key: String,
    /// The value as written between the quotes (or trimmed, unquoted), escapes not decoded.
    raw: String,
    pub quote: Quote,
    /// 1-based line of the key.
    pub line: usize,
    /// The last line of the assignment (a quoted value may span lines).
    pub end_line: usize,
    /// 1-based column where the value starts.
    pub value_column: usize,
    /// The inline comment after the value (`KEY=1 # seconds`), without `#`.
    pub comment: Option<String>,
}

impl Assignment {
    /// The value, literal: quotes removed, double-quote escapes decoded, `$` kept.
    pub fn value(&self) -> String {
        match self.quote {
            Quote::None | Quote::Single => self.raw.clone(),
            Quote::Double => decode_double(&self.raw, None).unwrap_or_default(),
        }
    }

    /// The value with `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}` resolved by `lookup`
    /// (single-quoted values stay literal; `\$` is a literal `$`). An unset variable is empty.
    pub fn expanded(&self, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
        match self.quote {
            Quote::Single => Ok(self.raw.clone()),
            Quote::Double => decode_double(&self.raw, Some(lookup)),
            Quote::None => expand_unquoted(&self.raw, lookup),
        }
    }
}

/// What a line of a file is, for tools that read the file's structure (`init`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// A comment line, its text after the `#`.
    Comment(String),
    /// The first line of the assignment at this index of [`Parsed::assignments`].
    Assignment(usize),
    /// A later line of a multi-line quoted value.
    Continuation,
    /// A line that cannot be parsed.
    Error,
}

/// A parsed file: its assignments in order (duplicates included), the kind of every line, and
/// every line that cannot be parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub assignments: Vec<Assignment>,
    pub lines: Vec<LineKind>,
    pub errors: Vec<LineError>,
}

fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-'
}

/// Column (1-based, in characters) of byte `at` of `line`.
fn col(line: &str, at: usize) -> usize {
    line[..at].chars().count() + 1
}

/// Byte index of the first char at or after `at` that is not a space or tab.
fn skip_ws(line: &str, at: usize) -> usize {
    line[at..].find(|c| !is_ws(c)).map_or(line.len(), |i| at + i)
}

/// Parses the text of a dotenv file. Never fails: bad lines are listed in `errors`.
pub fn parse(text: &str) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = Parsed::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let lineno = i + 1;
        let start = skip_ws(line, 0);
        if start == line.len() {
            if i + 1 < lines.len() || !line.is_empty() {
                out.lines.push(LineKind::Blank);
            }
            i += 1;
            continue;
        }
        if line[start..].starts_with('#') {
            out.lines.push(LineKind::Comment(line[start + 1..].to_string()));
            i += 1;
            continue;
        }
        match parse_assignment(&lines, i, start) {
            Ok((a, next)) => {
                out.lines.push(LineKind::Assignment(out.assignments.len()));
                for _ in i + 1..next {
                    out.lines.push(LineKind::Continuation);
                }
                out.assignments.push(a);
                i = next;
            }
            Err((column, message)) => {
                out.errors.push(LineError { line: lineno, column, message });
                out.lines.push(LineKind::Error);
                i += 1;
            }
        }
    }
    out
}

/// Parses the assignment starting on line `at` (its first non-blank byte at `start`); returns
/// it and the index of the next line, or the column and message of what is wrong.
fn parse_assignment(lines: &[&str], at: usize, start: usize) -> Result<(Assignment, usize), (usize, String)> {
    let line = lines[at];
    let mut pos = start;
    if let Some(rest) = line[pos..].strip_prefix("export") {
        if rest.starts_with(is_ws) {
            pos = skip_ws(line, pos + "export".len());
        }
    }
    let key_end = line[pos..].find(|c| !key_char(c)).map_or(line.len(), |k| pos + k);
    let key = &line[pos..key_end];
    if !key.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') {
        return Err((
            col(line, pos),
            "expected a variable name (a letter or `_`, then letters, digits, `_`, `.` or `-`)".to_string(),
        ));
    }
    let eq = skip_ws(line, key_end);
    if eq == line.len() {
        return Err((col(line, eq), "a name without `=` (expected KEY=value)".to_string()));
    }
    if !line[eq..].starts_with('=') {
        return Err((col(line, eq), "expected `=` after the variable name".to_string()));
    }
    let after_eq = eq + 1;
    let vstart = skip_ws(line, after_eq);
    let mut assignment = Assignment {
        key: key.to_string(),
        raw: String::new(),
        quote: Quote::None,
        line: at + 1,
        end_line: at + 1,
        value_column: col(line, vstart),
        comment: None,
    };
    let first = line[vstart..].chars().next();
    let Some(quote) = first.filter(|c| *c == '"' || *c == '\'') else {
        // Unquoted: up to a `#` that follows whitespace (or starts the value after whitespace).
        let rest = &line[after_eq..];
        let mut cut = rest.len();
        let mut prev_ws = false;
        for (k, c) in rest.char_indices() {
            if c == '#' && prev_ws {
                cut = k;
                break;
            }
            prev_ws = is_ws(c);
        }
        assignment.raw = rest[..cut].trim_matches(is_ws).to_string();
        if cut < rest.len() {
            assignment.comment = Some(rest[cut + 1..].trim().to_string());
        }
        return Ok((assignment, at + 1));
    };
    assignment.quote = if quote == '"' { Quote::Double } else { Quote::Single };
    // Find the closing quote, on this line or a later one.
    let mut raw = String::new();
    let mut current = at;
    let mut from = vstart + 1;
    loop {
        let text = lines[current];
        let Some(end) = closing_quote(&text[from..], quote).map(|k| from + k) else {
            raw.push_str(&text[from..]);
            raw.push('\n');
            current += 1;
            from = 0;
            if current == lines.len() {
                return Err((assignment.value_column, "the quoted value has no closing quote".to_string()));
            }
            continue;
        };
        raw.push_str(&text[from..end]);
        let tail = skip_ws(text, end + 1);
        if tail < text.len() {
            if text[tail..].starts_with('#') {
                assignment.comment = Some(text[tail + 1..].trim().to_string());
            } else {
                let message = "unexpected text after the closing quote (quote a value that holds this quote with the other kind of quote)";
                if current == at {
                    return Err((col(text, tail), message.to_string()));
                }
                // Reported on the line of the key, where the value starts.
                return Err((assignment.value_column, format!("{message}, on line {}", current + 1)));
            }
        }
        assignment.raw = raw;
        assignment.end_line = current + 1;
        return Ok((assignment, current + 1));
    }
}

/// Byte index of the closing `quote` in `s` (a backslash escapes the next char in double quotes).
fn closing_quote(s: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (k, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' && quote == '"' {
            escaped = true;
        } else if c == quote {
            return Some(k);
        }
    }
    None
}

/// Resolves a variable name to its value, for expansion.
pub type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;
/// Resolves a name given the files' values read so far.
type LayeredLookup<'a> = &'a dyn Fn(&str, &Env) -> Option<String>;

/// Decodes a double-quoted value: `\n \r \t \" \\` (and, when expanding, `\$` and references).
fn decode_double(raw: &str, lookup: Option<Lookup<'_>>) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    while let Some((k, c)) = chars.next() {
        match c {
            '\\' => match chars.peek().map(|&(_, n)| n) {
                Some('n') => push_next(&mut out, &mut chars, '\n'),
                Some('r') => push_next(&mut out, &mut chars, '\r'),
                Some('t') => push_next(&mut out, &mut chars, '\t'),
                Some('"') => push_next(&mut out, &mut chars, '"'),
                Some('\\') => push_next(&mut out, &mut chars, '\\'),
                Some('$') if lookup.is_some() => push_next(&mut out, &mut chars, '$'),
                _ => out.push('\\'),
            },
            '$' if lookup.is_some() => {
                let lookup = lookup.unwrap_or(&|_| None);
                let used = reference(&raw[k..], lookup, &mut out)?;
                for _ in 1..raw[k..k + used].chars().count() {
                    chars.next();
                }
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

fn push_next(out: &mut String, chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, c: char) {
    chars.next();
    out.push(c);
}

/// Resolves references in an unquoted value (`\$` is a literal `$`; other backslashes stay).
fn expand_unquoted(raw: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut k = 0;
    while k < raw.len() {
        let rest = &raw[k..];
        if rest.starts_with("\\$") {
            out.push('$');
            k += 2;
        } else if rest.starts_with('$') {
            k += reference(rest, lookup, &mut out)?;
        } else {
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            k += c.len_utf8();
        }
    }
    Ok(out)
}

fn name_len(s: &str) -> usize {
    let mut n = 0;
    for (k, c) in s.char_indices() {
        if c.is_ascii_alphabetic() || c == '_' || k > 0 && c.is_ascii_digit() {
            n = k + 1;
        } else {
            break;
        }
    }
    n
}

/// `s` starts with `$`: appends what the reference resolves to (or a literal `$` when it is not
/// one) and returns how many bytes it used.
fn reference(s: &str, lookup: &dyn Fn(&str) -> Option<String>, out: &mut String) -> Result<usize, String> {
    let body = &s[1..];
    if let Some(inner) = body.strip_prefix('{') {
        let Some(close) = inner.find('}') else {
            return Err("a `${` reference without its closing `}`".to_string());
        };
        let inner = &inner[..close];
        let n = name_len(inner);
        if n == 0 {
            return Err("a `${…}` reference without a valid variable name".to_string());
        }
        let (name, op) = inner.split_at(n);
        let value = lookup(name);
        if op.is_empty() {
            out.push_str(&value.unwrap_or_default());
        } else if let Some(default) = op.strip_prefix(":-") {
            out.push_str(&value.filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_string()));
        } else if let Some(default) = op.strip_prefix('-') {
            out.push_str(&value.unwrap_or_else(|| default.to_string()));
        } else {
            return Err("a `${…}` reference with an operator other than `:-` or `-`".to_string());
        }
        return Ok(1 + 1 + close + 1);
    }
    let n = name_len(body);
    if n == 0 {
        out.push('$');
        return Ok(1);
    }
    out.push_str(&lookup(&body[..n]).unwrap_or_default());
    Ok(1 + n)
}

/// A file's variables (literal values) and its warnings.
#[derive(Debug, Clone, Default)]
pub struct EnvFile {
    pub env: Env,
    pub warnings: Vec<String>,
}

fn read_text(path: &Path) -> Result<String, EnvFileError> {
    if crate::files::is_dir(path) {
        return Err(EnvFileError::whole(path, "is a directory, not an env file"));
    }
    let bytes = crate::files::read(path).map_err(|e| EnvFileError::whole(path, format!("cannot be read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.split(|b| *b == b'\n').count();
        let column =
            String::from_utf8_lossy(good.rsplit(|b| *b == b'\n').next().unwrap_or_default()).chars().count() + 1;
        EnvFileError::at_lines(path, vec![LineError { line, column, message: "not UTF-8 text".to_string() }])
    })
}

/// Reads and parses a file: its assignments, or every bad line.
pub fn read_parsed(path: &Path) -> Result<(String, Parsed), EnvFileError> {
    let text = read_text(path)?;
    let parsed = parse(&text);
    if !parsed.errors.is_empty() {
        return Err(EnvFileError::at_lines(path, parsed.errors));
    }
    Ok((text, parsed))
}

/// Applies a file's assignments to `into` (values literal, or expanded with `lookup`), with a
/// warning for each key set twice.
fn apply(
    path: &Path,
    parsed: &Parsed,
    expand: Option<LayeredLookup<'_>>,
    into: &mut Env,
    warnings: &mut Vec<String>,
) -> Result<(), EnvFileError> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut errors = Vec::new();
    for a in &parsed.assignments {
        if let Some(first) = seen.insert(&a.key, a.line) {
            warnings.push(format!(
                "{}: {} is set twice, on line {first} and line {}; the last one wins",
                path.display(),
                a.key,
                a.line
            ));
        }
        let value = match expand {
            None => a.value(),
            Some(f) => {
                let below: &Env = into;
                match a.expanded(&|name| f(name, below)) {
                    Ok(v) => v,
                    Err(message) => {
                        errors.push(LineError { line: a.line, column: a.value_column, message });
                        continue;
                    }
                }
            }
        };
        into.insert(a.key.clone(), value);
    }
    if errors.is_empty() { Ok(()) } else { Err(EnvFileError::at_lines(path, errors)) }
}

/// Reads one dotenv file, values literal.
pub fn read_dotenv_file(path: &Path) -> Result<EnvFile, EnvFileError> {
    let (_, parsed) = read_parsed(path)?;
    let mut out = EnvFile::default();
    apply(path, &parsed, None, &mut out.env, &mut out.warnings)?;
    Ok(out)
}

/// Reads one dotenv file, values literal (warnings dropped; see [`read_dotenv_file`]).
pub fn read_dotenv(path: &Path) -> Result<Env, EnvFileError> {
    read_dotenv_file(path).map(|f| f.env)
}

/// Reads a JSON object of strings (a hosting platform's export). Non-string values are an error
/// naming the key.
pub fn read_env_json(path: &Path) -> Result<Env, EnvFileError> {
    let text =
        crate::files::read_to_string(path).map_err(|e| EnvFileError::whole(path, format!("cannot be read: {e}")))?;
    parse_env_json(&text).map_err(|m| EnvFileError::whole(path, m))
}

/// Parses a JSON object of strings.
pub fn parse_env_json(text: &str) -> Result<Env, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not valid JSON (line {}, column {})", e.line(), e.column()))?;
    let serde_json::Value::Object(map) = value else {
        return Err("must be a JSON object of strings".to_string());
    };
    let mut env = Env::default();
    for (k, v) in map {
        match v {
            serde_json::Value::String(s) => {
                env.insert(k, s);
            }
            other => return Err(format!("the value of \"{k}\" must be a string, not {}", json_kind(&other))),
        }
    }
    Ok(env)
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The process environment (a copy the caller owns: [`crate::procenv::get`] shares one).
pub fn process_env() -> Env {
    crate::procenv::get().as_ref().clone()
}

/// Layers environments: later layers win.
pub fn layered<I: IntoIterator<Item = Env>>(layers: I) -> Env {
    let mut out = Env::default();
    for layer in layers {
        out.extend(layer);
    }
    out
}

/// The layer on top of the files and the JSON export.
#[derive(Debug, Clone, Default)]
pub enum Top {
    /// Nothing (`--no-process-env`).
    #[default]
    None,
    /// The real process environment.
    Process,
    /// An environment the caller gave (Node's `env`, Python's `env`), maybe shared with the
    /// last check's (`api::unpack_env_shared`).
    Given(std::sync::Arc<Env>),
}

/// Where the environment to check comes from, in layers (later layers win): `files` in order,
/// then `json`, then `top`.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub files: Vec<PathBuf>,
    pub json: Option<PathBuf>,
    pub top: Top,
    /// Resolve `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}` in the files' values.
    pub expand: bool,
}

/// The environment built from [`Sources`].
#[derive(Debug, Clone, Default)]
pub struct Built {
    /// Shared when the top layer is the only one: the process environment as last read
    /// ([`crate::procenv`]), or the env the caller gave.
    pub env: std::sync::Arc<Env>,
    /// Warnings about the files (a key set twice), never holding a value.
    pub warnings: Vec<String>,
    /// Files that do not exist, skipped.
    pub skipped: Vec<PathBuf>,
}

/// [`build`], taking the sources: with no file and no JSON export, the top layer is the
/// environment as it is (no copy). What the bindings call.
pub fn layer(sources: Sources) -> Result<Built, EnvFileError> {
    if sources.files.is_empty() && sources.json.is_none() {
        let env = match sources.top {
            Top::None => std::sync::Arc::default(),
            Top::Process => crate::procenv::get(),
            Top::Given(env) => env,
        };
        return Ok(Built { env, ..Built::default() });
    }
    build(&sources)
}

/// Builds the environment: the files that exist (a missing file is skipped; one that exists but
/// cannot be read or parsed is an error), the JSON export, then the top layer.
///
/// With `expand`, a reference resolves to the value the checked environment will hold for
/// that name as far as it is known at that line: the JSON export and the top layer first
/// (they win over the files), else the earlier lines and files. The process environment is
/// only consulted when it is the top layer.
pub fn build(sources: &Sources) -> Result<Built, EnvFileError> {
    let json = sources.json.as_deref().map(read_env_json).transpose()?;
    let top = match &sources.top {
        Top::None => None,
        Top::Process => Some(crate::procenv::get()),
        Top::Given(env) => Some(std::sync::Arc::clone(env)),
    };
    let mut out = Built::default();
    let mut files_env = Env::default();
    let above = |name: &str, below: &Env| -> Option<String> {
        top.as_ref()
            .and_then(|t| t.get(name))
            .or_else(|| json.as_ref().and_then(|j| j.get(name)))
            .or_else(|| below.get(name))
            .cloned()
    };
    for f in &sources.files {
        if !crate::files::exists(f) {
            out.skipped.push(f.clone());
            continue;
        }
        let (_, parsed) = read_parsed(f)?;
        let expand: Option<LayeredLookup<'_>> = if sources.expand { Some(&above) } else { None };
        apply(f, &parsed, expand, &mut files_env, &mut out.warnings)?;
    }
    // (Each layer copied once: the top one is shared, so it is cloned here, not before.)
    let top = top.map(std::sync::Arc::unwrap_or_clone);
    out.env = layered([files_env, json.unwrap_or_default(), top.unwrap_or_default()]).into();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(String, String)> {
        let p = parse(text);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        p.assignments.iter().map(|a| (a.key.clone(), a.value())).collect()
    }

    #[test]
    fn grammar() {
        let v = values(
            "\u{feff}A=data encryption key with 32 char\r\nexport B = don't panic # why\nC='x # y'\nD=\"l1\\nl2\"\nE=pa$word\nF=abc#def\nG=\nH= # note\n",
        );
        assert_eq!(v[0].1, "data encryption key with 32 char");
        assert_eq!(v[1], ("B".into(), "don't panic".into()));
        assert_eq!(v[2].1, "x # y");
        assert_eq!(v[3].1, "l1\nl2");
        assert_eq!(v[4].1, "pa$word");
        assert_eq!(v[5].1, "abc#def");
        assert_eq!(v[6].1, "");
        assert_eq!(v[7].1, "");
        let p = parse("H= # note\n");
        assert_eq!(p.assignments[0].comment.as_deref(), Some("note"));
    }

    #[test]
    fn multi_line_and_errors() {
        let p = parse("K=\"-----BEGIN\nabc\n-----END\"\nbad line here\nX=1\n=2\nY='open\n");
        assert_eq!(p.assignments.len(), 2);
        assert_eq!(p.assignments[0].value(), "-----BEGIN\nabc\n-----END");
        assert_eq!(p.assignments[1].line, 5);
        let at: Vec<(usize, usize)> = p.errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(at, [(4, 5), (6, 1), (7, 3)]);
    }

    #[test]
    fn not_utf8_is_named_by_line_and_column() {
        let dir = std::env::temp_dir().join(format!("env-contract-envfile-utf8-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("bad.env");
        std::fs::write(&f, b"A=1\nBB=\xff\xfe\n").unwrap();
        let e = read_dotenv(&f).unwrap_err();
        assert_eq!((e.lines[0].line, e.lines[0].column), (2, 4), "{e}");
        assert!(read_dotenv(&dir).unwrap_err().to_string().contains("directory"));
        let built = build(&Sources { files: vec![dir.join("missing.env")], ..Sources::default() }).unwrap();
        assert_eq!(built.skipped, [dir.join("missing.env")]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn expansion() {
        let p = parse("A=1\nB=${A}-$A-${C:-d}-${C-e}-\\$A\nC2='$A'\nD=\"$A\\$\"\n");
        let env: Env = [("A".to_string(), "1".to_string())].into_iter().collect();
        let look = |n: &str| env.get(n).cloned();
        let got: Vec<String> = p.assignments.iter().map(|a| a.expanded(&look).unwrap()).collect();
        assert_eq!(got, ["1", "1-1-d-e-$A", "$A", "1$"]);
        assert!(parse("A=${B").assignments[0].expanded(&look).is_err());
    }
}
