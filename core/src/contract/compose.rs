//! Contract composition: `x-extends` takes in whole contracts of the project, and a `$ref`
//! may point into another contract file (`../shared/env.contract.json#/properties/X`).
//! Composition runs first and yields one self-contained document, which the rest of the
//! loader sees as if it had been written by hand.
//!
//! - Paths are relative to the file that holds them, and must stay inside the root: the
//!   directory of the top contract, or the directory its `x-root` names (relative to it).
//!   No absolute paths, no URLs.
//! - The local contract wins where both speak: a property, a family or a `$defs` entry it
//!   declares replaces the base's, `required` lists are joined, `x-environments` profiles
//!   of the same name are merged key by key (their `required` joined), root conditions
//!   (`if`/`then`/`else`, `allOf`, …) of a base are kept as `allOf` items, and any other root
//!   keyword is the local one when it has it. Of several bases, a later one wins over an
//!   earlier one.
//! - A `$ref` into another file is replaced by what it points at (its own `$ref`s to its own
//!   document are followed the same way), with the referring object's other keywords winning.
//! - Cycles, a missing file, a bad pointer, a path that leaves the root: contract errors of
//!   kind `ref`, naming the file and the JSON pointer of the reference.

use super::MAX_DEPTH;
use super::refs::percent_decode;
use super::walk::{Next, Place, Reach, walk};
use crate::error::{ContractError, ContractErrorKind as Kind, Location, escape_segment};
use crate::presets;
use crate::schema::field;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The root keyword that takes in other contracts.
pub const EXTENDS: &str = "x-extends";
/// The root keyword (top contract only) that widens the root of composition.
pub const ROOT: &str = "x-root";
/// At most this many files take part in one contract.
const MAX_FILES: usize = 64;

/// The files a composed contract read besides the top one, with the text each had: a cache
/// hit must find them unchanged.
pub(crate) type Includes = Vec<(PathBuf, String)>;

/// Whether a document uses composition at all (the common case, none, costs one walk).
pub(crate) fn uses_files(doc: &Value) -> bool {
    doc.get(EXTENDS).is_some() || !refs_where(doc, is_file_ref).is_empty()
}

/// The first reference to another file: (its JSON pointer, the path it holds).
fn first_reference(doc: &Value) -> (String, String) {
    match doc.get(EXTENDS) {
        Some(Value::String(s)) => (format!("/{EXTENDS}"), s.clone()),
        Some(Value::Array(a)) => {
            (format!("/{EXTENDS}/0"), a.first().and_then(Value::as_str).unwrap_or_default().to_string())
        }
        Some(_) => (format!("/{EXTENDS}"), String::new()),
        None => refs_where(doc, is_file_ref)
            .into_iter()
            .next()
            .map(|(at, r)| (format!("{at}/$ref"), r.split('#').next().unwrap_or_default().to_string()))
            .unwrap_or_default(),
    }
}

/// The `$ref`s of `doc` that `wanted` picks, as (pointer of the object holding it, the
/// reference), in document order; nothing under a picked one is looked at.
fn refs_where(doc: &Value, wanted: fn(&str) -> bool) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let _ = walk(doc, "", Reach::Schemas, &mut |v, at: &Place, _| {
        if let Some(Value::String(r)) = field(v, "$ref") {
            if wanted(r) {
                found.push((at.to_string(), r.clone()));
                return Ok::<_, ()>(Next::Prune);
            }
        }
        Ok(Next::Descend)
    });
    found
}

/// Replaces the `{"$ref": …, …}` object at `slot` by `target`, the keywords beside the `$ref`
/// winning; `false` when there are such keywords and `target` is no object to hold them.
fn splice(slot: &mut Value, target: Value) -> bool {
    let Value::Object(siblings) = slot else { return true };
    siblings.remove("$ref");
    *slot = match target {
        Value::Object(mut t) => {
            for (k, v) in std::mem::take(siblings) {
                t.insert(k, v);
            }
            Value::Object(t)
        }
        t if siblings.is_empty() => t,
        _ => return false,
    };
    true
}

fn is_file_ref(r: &str) -> bool {
    !r.starts_with('#') && !r.starts_with(presets::PREFIX)
}

/// The composed document of `doc`, read from `file` (none: a contract given as an object,
/// which cannot name other files), and the other files it took in.
pub(crate) fn compose(doc: Value, file: Option<&Path>) -> Result<(Value, Includes), ContractError> {
    if !uses_files(&doc) {
        if doc.get(ROOT).is_some() {
            return Err(ContractError::at(
                Kind::Ref,
                format!("/{ROOT}"),
                "`x-root` is only allowed with `x-extends` or a $ref into another file",
            ));
        }
        return Ok((doc, Vec::new()));
    }
    let Some(file) = file else {
        let (pointer, reference) = first_reference(&doc);
        let message = match check_relative(&reference) {
            Err(m) => m,
            Ok(()) => "this contract takes in another file, but it was given as an object, with no file to start from: pass its path, or give the composed contract that `env-contract docs --format contract` writes".to_string(),
        };
        return Err(ContractError::at(Kind::Ref, pointer, message));
    };
    let top = canonical(file).map_err(|m| located(Kind::Io, file, "", m))?;
    let dir = top.parent().unwrap_or(Path::new("/")).to_path_buf();
    let root = match doc.get(ROOT) {
        None => dir.clone(),
        Some(Value::String(r)) => {
            check_relative(r).map_err(|m| located(Kind::Ref, file, &format!("/{ROOT}"), m))?;
            canonical(&dir.join(r)).map_err(|m| located(Kind::Ref, file, &format!("/{ROOT}"), m))?
        }
        Some(_) => {
            return Err(located(
                Kind::Shape,
                file,
                &format!("/{ROOT}"),
                "`x-root` must be a relative directory path (a string)",
            ));
        }
    };
    if !dir.starts_with(&root) {
        return Err(located(
            Kind::Ref,
            file,
            &format!("/{ROOT}"),
            format!("`x-root` must hold the contract's own directory; {} does not", root.display()),
        ));
    }
    let mut c = Composer { root, includes: Vec::new(), stack: Vec::new(), shown: file.to_path_buf(), top: top.clone() };
    let mut doc = doc;
    if let Some(o) = doc.as_object_mut() {
        o.remove(ROOT);
    }
    let composed = c.document(&top, doc)?;
    Ok((composed, c.includes))
}

struct Composer {
    root: PathBuf,
    includes: Includes,
    /// The files being composed, outermost first (a file met again is a cycle).
    stack: Vec<PathBuf>,
    /// The top file as the user named it, and canonical: errors name files relative to it.
    shown: PathBuf,
    top: PathBuf,
}

fn canonical(p: &Path) -> Result<PathBuf, String> {
    crate::files::canonicalize(p).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            format!("{} does not exist", p.display())
        } else {
            format!("{}: {e}", p.display())
        }
    })
}

/// A path as a reference may hold it: relative, local.
fn check_relative(r: &str) -> Result<(), String> {
    let scheme = r
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)));
    if r.is_empty() {
        Err("an empty path".into())
    } else if scheme || r.starts_with("//") {
        Err(format!(
            "\"{r}\" is a URL: env-contract never reads the network; reference a file of the project by a relative path"
        ))
    } else if r.starts_with('/') || r.starts_with('\\') || r.starts_with('~') {
        Err(format!("\"{r}\" is an absolute path: reference a file of the project by a path relative to this contract"))
    } else {
        Ok(())
    }
}

fn located(kind: Kind, file: &Path, pointer: &str, message: impl Into<String>) -> ContractError {
    ContractError {
        kind,
        message: message.into(),
        location: Location {
            file: Some(file.to_path_buf()),
            pointer: Some(pointer.to_string()),
            ..Location::default()
        },
    }
}

impl Composer {
    /// How a canonical path is named in errors: relative to the top file's directory when
    /// under it, as the user wrote the top one.
    fn name(&self, p: &Path) -> PathBuf {
        if p == self.top {
            return self.shown.clone();
        }
        let top_dir = self.top.parent().unwrap_or(Path::new("/"));
        let common = top_dir.components().zip(p.components()).take_while(|(a, b)| a == b).count();
        let mut out = self.shown.parent().unwrap_or(Path::new("")).to_path_buf();
        for _ in top_dir.components().skip(common) {
            let normal = matches!(out.components().next_back(), Some(std::path::Component::Normal(_)));
            if normal {
                out.pop();
            } else {
                out.push("..");
            }
        }
        for c in p.components().skip(common) {
            out.push(c);
        }
        out
    }

    fn err(&self, file: &Path, pointer: &str, message: impl Into<String>) -> ContractError {
        located(Kind::Ref, &self.name(file), pointer, message)
    }

    /// Reads the file `rel` names, from `from` (at `pointer`): its canonical path and JSON.
    fn read(&mut self, from: &Path, pointer: &str, rel: &str) -> Result<(PathBuf, Value), ContractError> {
        check_relative(rel).map_err(|m| self.err(from, pointer, m))?;
        let joined = from.parent().unwrap_or(Path::new("/")).join(rel);
        let path = canonical(&joined).map_err(|_| self.err(from, pointer, format!("\"{rel}\" does not exist")))?;
        if !path.starts_with(&self.root) {
            return Err(self.err(
                from,
                pointer,
                format!(
                    "\"{rel}\" is outside the root of composition ({}); set `x-root` in the top contract to allow a wider one",
                    self.name(&self.root).display()
                ),
            ));
        }
        let text = match self.includes.iter().find(|(p, _)| *p == path) {
            Some((_, t)) => t.clone(),
            None if path == self.top => crate::files::read_to_string(&path).unwrap_or_default(),
            None => {
                if self.includes.len() >= MAX_FILES {
                    return Err(self.err(from, pointer, format!("a contract may take in at most {MAX_FILES} files")));
                }
                let t = crate::files::read_to_string(&path)
                    .map_err(|e| self.err(from, pointer, format!("\"{rel}\" cannot be read: {e}")))?;
                self.includes.push((path.clone(), t.clone()));
                t
            }
        };
        let value: Value = serde_json::from_str(&text).map_err(|e| ContractError {
            kind: Kind::Json,
            message: format!("\"{rel}\" is not valid JSON: {}", super::strip_position(&e.to_string())),
            location: Location {
                file: Some(self.name(&path)),
                line: Some(e.line()),
                column: Some(e.column()),
                pointer: None,
            },
        })?;
        if !value.is_object() {
            return Err(located(Kind::Shape, &self.name(&path), "", "a contract must be a JSON object"));
        }
        Ok((path, value))
    }

    /// A file being composed, taken in again from `from` at `pointer`, is a cycle.
    fn not_a_cycle(&self, from: &Path, pointer: &str, path: &Path) -> Result<(), ContractError> {
        let Some(i) = self.stack.iter().position(|f| f == path) else { return Ok(()) };
        let chain: Vec<String> =
            self.stack[i..].iter().chain([&path.to_path_buf()]).map(|f| self.name(f).display().to_string()).collect();
        Err(self.err(from, pointer, format!("contracts take each other in, in a cycle: {}", chain.join(" → "))))
    }

    /// The composed form of `doc`, the contents of `file`.
    fn document(&mut self, file: &Path, mut doc: Value) -> Result<Value, ContractError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.err(file, "", "contracts are taken in too deeply"));
        }
        self.stack.push(file.to_path_buf());
        self.inline_file_refs(file, &mut doc)?;
        let bases = match doc.as_object_mut().and_then(|o| o.remove(EXTENDS)) {
            None => Vec::new(),
            Some(Value::String(s)) => vec![(format!("/{EXTENDS}"), s)],
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.into_iter().enumerate() {
                    let Value::String(s) = item else {
                        return Err(located(
                            Kind::Shape,
                            &self.name(file),
                            &format!("/{EXTENDS}/{i}"),
                            "`x-extends` lists relative paths of contract files (strings)",
                        ));
                    };
                    out.push((format!("/{EXTENDS}/{i}"), s));
                }
                out
            }
            Some(_) => {
                return Err(located(
                    Kind::Shape,
                    &self.name(file),
                    &format!("/{EXTENDS}"),
                    "`x-extends` must be a relative path of a contract file, or a list of them",
                ));
            }
        };
        let mut acc: Option<Value> = None;
        for (pointer, rel) in bases {
            let (path, base) = self.read(file, &pointer, &rel)?;
            self.not_a_cycle(file, &pointer, &path)?;
            let mut base = self.document(&path, base)?;
            if let Some(o) = base.as_object_mut() {
                o.remove(ROOT);
            }
            acc = Some(match acc {
                None => base,
                Some(a) => merge(a, base).map_err(|(p, m)| self.err(file, &pointer, format!("{m} (at {p})")))?,
            });
        }
        self.stack.pop();
        match acc {
            None => Ok(doc),
            Some(base) => merge(base, doc).map_err(|(p, m)| self.err(file, &p, m)),
        }
    }

    /// Replaces every `$ref` of `doc` (from `file`) into another file by its target.
    fn inline_file_refs(&mut self, file: &Path, doc: &mut Value) -> Result<(), ContractError> {
        let found = refs_where(doc, is_file_ref);
        for (at, r) in found {
            let here = format!("{at}/$ref");
            let (rel, fragment) = r.split_once('#').unwrap_or((r.as_str(), ""));
            let (path, target_doc) = self.read(file, &here, rel)?;
            self.not_a_cycle(file, &here, &path)?;
            let target_doc = self.document(&path, target_doc)?;
            let target = self.resolve(&path, &target_doc, fragment, 0).map_err(|m| self.err(file, &here, m))?;
            let slot = doc.pointer_mut(&at).expect("found by the walk");
            if !splice(slot, target) {
                return Err(self.err(
                    file,
                    &here,
                    format!("\"{r}\" is not a schema object, so the keywords beside the $ref cannot apply"),
                ));
            }
        }
        Ok(())
    }

    /// What `#fragment` points at in `doc` (the composed `file`), its own in-document
    /// `$ref`s followed, so the value stands alone in the referring document.
    fn resolve(&self, file: &Path, doc: &Value, fragment: &str, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("the $refs of the file it points into go too deep (a $ref cycle?)".into());
        }
        let decoded = percent_decode(fragment);
        let mut value = if decoded.is_empty() {
            doc.clone()
        } else if decoded.starts_with('/') {
            doc.pointer(&decoded)
                .cloned()
                .ok_or_else(|| format!("#{fragment} does not point at anything in {}", self.name(file).display()))?
        } else {
            return Err(format!("#{fragment} is not a JSON pointer; a $ref into another file takes \"#/…\""));
        };
        for (at, r) in refs_where(&value, |r| r.starts_with('#')) {
            let target = self.resolve(file, doc, &r[1..], depth + 1)?;
            let slot = value.pointer_mut(&at).expect("found by the walk");
            if !splice(slot, target) {
                return Err(format!(
                    "\"{r}\" in {} is not a schema object, so the keywords beside it cannot apply",
                    self.name(file).display()
                ));
            }
        }
        Ok(value)
    }
}

/// Root keywords whose subschemas are conditions: a base's are kept as `allOf` items.
const CONDITIONS: [&str; 6] = ["if", "then", "else", "anyOf", "oneOf", "not"];

/// `local` over `base`. An error is (JSON pointer in `local`, message).
fn merge(base: Value, local: Value) -> Result<Value, (String, String)> {
    let (Value::Object(mut base), Value::Object(mut local)) = (base, local) else {
        return Err((String::new(), "a contract must be a JSON object".into()));
    };
    let mut out = Map::new();
    // Conditions of the base become one allOf item, so the local ones cannot replace them.
    let mut conditions = Map::new();
    for k in CONDITIONS {
        if let Some(v) = base.remove(k) {
            conditions.insert(k.to_string(), v);
        }
    }
    let mut all_of: Vec<Value> = match base.remove("allOf") {
        Some(Value::Array(a)) => a,
        _ => Vec::new(),
    };
    if !conditions.is_empty() {
        all_of.push(Value::Object(conditions));
    }
    if let Some(Value::Array(a)) = local.remove("allOf") {
        all_of.extend(a);
    }
    for key in ["properties", "patternProperties", "dependentRequired"] {
        if let Some(m) = union(base.remove(key), local.remove(key)) {
            out.insert(key.into(), m);
        }
    }
    match (base.remove("$defs"), local.remove("$defs")) {
        (Some(Value::Object(b)), Some(Value::Object(mut l))) => {
            for (k, v) in b {
                match l.get(&k) {
                    Some(mine) if *mine != v => {
                        return Err((
                            format!("/$defs/{}", escape_segment(&k)),
                            format!(
                                "`$defs/{k}` is defined here and, differently, in a contract this one takes in; rename one"
                            ),
                        ));
                    }
                    _ => {
                        l.insert(k, v);
                    }
                }
            }
            out.insert("$defs".into(), Value::Object(l));
        }
        (b, l) => {
            if let Some(d) = l.or(b) {
                out.insert("$defs".into(), d);
            }
        }
    }
    match (base.remove("required"), local.remove("required")) {
        (Some(Value::Array(b)), Some(Value::Array(l))) => out.insert("required".into(), Value::Array(joined(b, l))),
        (b, l) => l.or(b).and_then(|r| out.insert("required".into(), r)),
    };
    match (base.remove("x-environments"), local.remove("x-environments")) {
        (Some(Value::Object(b)), Some(Value::Object(mut l))) => {
            for (name, profile) in b {
                let merged = match (profile, l.remove(&name)) {
                    (Value::Object(mut bp), Some(Value::Object(lp))) => {
                        let req = match (bp.remove("required"), lp.get("required").cloned()) {
                            (Some(Value::Array(b)), Some(Value::Array(l))) => Some(Value::Array(joined(b, l))),
                            (b, l) => l.or(b),
                        };
                        for (k, v) in lp {
                            bp.insert(k, v);
                        }
                        if let Some(r) = req {
                            bp.insert("required".into(), r);
                        }
                        Value::Object(bp)
                    }
                    (_, Some(mine)) => mine,
                    (theirs, None) => theirs,
                };
                l.insert(name, merged);
            }
            out.insert("x-environments".into(), Value::Object(l));
        }
        (b, l) => {
            if let Some(e) = l.or(b) {
                out.insert("x-environments".into(), e);
            }
        }
    }
    // Any other keyword: the local one when it has it.
    for (k, v) in base {
        out.insert(k, v);
    }
    for (k, v) in local {
        out.insert(k, v);
    }
    if !all_of.is_empty() {
        out.insert("allOf".into(), Value::Array(all_of));
    }
    Ok(Value::Object(out))
}

/// Two objects of named entries, the local one winning per name.
fn union(base: Option<Value>, local: Option<Value>) -> Option<Value> {
    match (base, local) {
        (Some(Value::Object(mut b)), Some(Value::Object(l))) => {
            for (k, v) in l {
                b.insert(k, v);
            }
            Some(Value::Object(b))
        }
        (b, l) => l.or(b),
    }
}

/// The base's names, then the local ones it lacks.
fn joined(base: Vec<Value>, local: Vec<Value>) -> Vec<Value> {
    let mut out = base;
    for v in local {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}
