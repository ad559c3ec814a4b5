//! Loading a contract: parse, check its shape, resolve presets and `$ref`s, build the
//! variable model, compile the JSON Schema validators once.

use crate::error::{ContractError, ContractErrorKind as Kind, Location, escape_segment, pointer};
use crate::meta::{ContractDoc, EmptyPolicy, JsonType, StripeKind, StripeMode, UnknownPolicy, UrlRule, VarSchema};
use crate::presets;
use jsonschema::{PatternOptions, Validator};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Default `x-client-prefixes`.
pub const DEFAULT_CLIENT_PREFIXES: &[&str] = &["NEXT_PUBLIC_"];
/// Default `x-environment-from`.
pub const DEFAULT_ENVIRONMENT_FROM: &[&str] = &["APP_ENV", "VERCEL_ENV", "NODE_ENV"];
/// How deep `$ref` chains and nested schemas may go before the contract is refused.
const MAX_DEPTH: usize = 64;

/// Everything the checks need to know about one variable, `$ref`s and presets resolved.
#[derive(Debug, Clone, Default)]
pub struct VarSpec {
    pub name: String,
    /// The declared types (empty: any, treated as a string).
    pub types: Vec<JsonType>,
    /// For arrays: the item types.
    pub item_types: Vec<JsonType>,
    pub separator: String,
    pub secret: bool,
    pub url: Option<UrlRule>,
    pub stripe: Option<StripeKind>,
    pub deprecated_by: Option<String>,
    pub empty: EmptyPolicy,
    pub default: Option<Value>,
    pub description: Option<String>,
    /// The resolved schema of the variable (own keywords over referenced ones), for docs.
    pub schema: Map<String, Value>,
    /// The preset the variable uses, if any.
    pub preset: Option<String>,
    /// Whether the name has a client prefix.
    pub client: bool,
}

/// A family of variables declared with `patternProperties`.
#[derive(Debug, Clone)]
pub struct Family {
    pub pattern: String,
    pub regex: regex::Regex,
    pub spec: VarSpec,
}

/// A per-environment profile (`x-environments`).
#[derive(Debug)]
pub struct Profile {
    pub name: String,
    /// Variables whose problems are only warnings here.
    pub warn: BTreeSet<String>,
    pub stripe_mode: Option<StripeMode>,
    /// The effective spec of each variable the profile mentions (root merged with profile).
    pub vars: BTreeMap<String, VarSpec>,
    /// Variables the profile requires.
    pub required: BTreeSet<String>,
    /// The index under the compiled document's `allOf` where the profile sits.
    pub(crate) all_of_index: usize,
    pub(crate) validator: Validator,
}

/// A loaded, compiled contract. Compile once, check many times; `Send + Sync`.
#[derive(Debug)]
pub struct Contract {
    pub(crate) source: Option<PathBuf>,
    pub(crate) doc: ContractDoc,
    pub(crate) compiled: Value,
    pub client_prefixes: Vec<String>,
    pub environment_from: Vec<String>,
    pub unknown: UnknownPolicy,
    pub(crate) vars: BTreeMap<String, VarSpec>,
    pub(crate) families: Vec<Family>,
    pub(crate) profiles: BTreeMap<String, Profile>,
    pub(crate) required: BTreeSet<String>,
    pub(crate) validator: Validator,
    /// The `x-unknown` verdict of each undeclared name seen (see `rules::unknown`).
    pub(crate) unknown_memo: std::sync::Mutex<std::collections::HashMap<String, Option<crate::problem::Problem>>>,
}

impl Contract {
    /// Loads a contract file. Errors name the file, and the line and column for bad JSON.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Contract, ContractError> {
        let path = path.as_ref();
        let file = Some(path.to_path_buf());
        let text = std::fs::read_to_string(path).map_err(|e| {
            let what = if path.is_dir() {
                "is a directory, not a contract file".to_string()
            } else {
                format!("cannot be read: {e}")
            };
            ContractError {
                kind: Kind::Io,
                message: format!("the contract file {what}"),
                location: Location { file: file.clone(), ..Location::default() },
            }
        })?;
        Self::from_text(&text, file)
    }

    /// Loads a contract from JSON text; `source` names the file in errors.
    pub fn from_text(text: &str, source: Option<PathBuf>) -> Result<Contract, ContractError> {
        let value: Value = serde_json::from_str(text).map_err(|e| ContractError {
            kind: Kind::Json,
            message: format!("the contract is not valid JSON: {}", strip_position(&e.to_string())),
            location: Location { file: source.clone(), line: Some(e.line()), column: Some(e.column()), pointer: None },
        })?;
        Self::build(&value, source.clone()).map_err(|e| e.in_file(source))
    }

    /// Loads a contract from a JSON value already parsed.
    pub fn from_value(value: &Value) -> Result<Contract, ContractError> {
        Self::build(value, None)
    }

    /// The file the contract came from, if any.
    pub fn source(&self) -> Option<&Path> {
        self.source.as_deref()
    }

    /// The contract's `title`.
    pub fn title(&self) -> Option<&str> {
        self.doc.title.as_deref()
    }

    /// The contract's `description`.
    pub fn description(&self) -> Option<&str> {
        self.doc.description.as_deref()
    }

    /// The declared variables (root `properties`), by name.
    pub fn vars(&self) -> impl Iterator<Item = &VarSpec> {
        self.vars.values()
    }

    /// A declared variable's spec.
    pub fn var(&self, name: &str) -> Option<&VarSpec> {
        self.vars.get(name)
    }

    /// The `patternProperties` families.
    pub fn families(&self) -> &[Family] {
        &self.families
    }

    /// The profiles of `x-environments`.
    pub fn profiles(&self) -> impl Iterator<Item = &Profile> {
        self.profiles.values()
    }

    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// Whether the root requires the variable in every environment.
    pub fn is_required(&self, name: &str) -> bool {
        self.required.contains(name)
    }

    /// Whether a name starts with one of the client prefixes.
    pub fn is_client_name(&self, name: &str) -> bool {
        self.client_prefixes.iter().any(|p| name.starts_with(p.as_str()))
    }

    /// Whether the name is declared: a root or profile property, or a family member.
    pub fn is_declared(&self, name: &str) -> bool {
        self.vars.contains_key(name)
            || self.profiles.values().any(|p| p.vars.contains_key(name))
            || self.families.iter().any(|f| f.regex.is_match(name))
    }

    /// The effective spec of a variable in an environment: the profile's if it mentions the
    /// variable, else the root's, else the first matching family's.
    pub fn spec_for<'a>(&'a self, name: &str, profile: Option<&'a Profile>) -> Option<&'a VarSpec> {
        profile
            .and_then(|p| p.vars.get(name))
            .or_else(|| self.vars.get(name))
            .or_else(|| self.families.iter().find(|f| f.regex.is_match(name)).map(|f| &f.spec))
    }

    /// The contract as checked (presets placed under `$defs`), for docs and debugging.
    pub fn compiled_schema(&self) -> &Value {
        &self.compiled
    }

    fn build(value: &Value, source: Option<PathBuf>) -> Result<Contract, ContractError> {
        let Value::Object(root) = value else {
            return Err(ContractError::at(
                Kind::Shape,
                "",
                "a contract must be a JSON object (a JSON Schema of type \"object\")",
            ));
        };
        check_depth(value, 0, &mut String::new())?;
        check_shape(value)?;
        let doc: ContractDoc = serde_json::from_value(value.clone())
            .map_err(|e| ContractError::at(Kind::Shape, "", format!("the contract has the wrong shape: {e}")))?;

        // Presets and $refs: rewrite `env-contract:NAME` to `#/$defs/env-contract:NAME`.
        let mut compiled = Value::Object(root.clone());
        let mut used = BTreeSet::new();
        rewrite_refs(&mut compiled, &mut String::new(), &mut used)?;
        if !used.is_empty() {
            let obj = compiled.as_object_mut().expect("object");
            let defs = obj.entry("$defs").or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(defs) = defs else {
                return Err(ContractError::at(Kind::Shape, "/$defs", "`$defs` must be an object"));
            };
            for name in &used {
                let preset = presets::get(name).expect("checked in rewrite_refs");
                defs.insert(presets::def_key(name), preset.schema.clone());
            }
        }
        check_local_refs(&compiled, &compiled, &mut String::new())?;

        let client_prefixes: Vec<String> = doc
            .client_prefixes
            .clone()
            .unwrap_or_else(|| DEFAULT_CLIENT_PREFIXES.iter().map(ToString::to_string).collect());
        let environment_from: Vec<String> = doc
            .environment_from
            .clone()
            .unwrap_or_else(|| DEFAULT_ENVIRONMENT_FROM.iter().map(ToString::to_string).collect());
        let root_empty = doc.empty.unwrap_or_default();
        let is_client = |name: &str| client_prefixes.iter().any(|p| name.starts_with(p.as_str()));

        // Root variables.
        let empty_map = Map::new();
        let root_props = compiled.get("properties").and_then(Value::as_object).unwrap_or(&empty_map).clone();
        let mut vars = BTreeMap::new();
        for (name, schema) in &root_props {
            let at = pointer(&["properties", name]);
            let merged = resolve(&compiled, schema, &at, 0)?;
            let spec = make_spec(name, merged, &at, root_empty, is_client(name))?;
            vars.insert(name.clone(), spec);
        }

        // Families.
        let mut families = Vec::new();
        if let Some(pp) = compiled.get("patternProperties").and_then(Value::as_object) {
            for (pattern, schema) in pp {
                let at = pointer(&["patternProperties", pattern]);
                let regex = compile_name_pattern(pattern, &at)?;
                let merged = resolve(&compiled, schema, &at, 0)?;
                let spec = make_spec(pattern, merged, &at, root_empty, false)?;
                families.push(Family { pattern: pattern.clone(), regex, spec });
            }
        }

        // The document the validators see: root keywords, without the profiles.
        let mut base = compiled.clone();
        let base_obj = base.as_object_mut().expect("object");
        let profiles_doc = base_obj.remove("x-environments");
        let root_validator = compile(&base, None)?;

        let required: BTreeSet<String> = doc.required.clone().unwrap_or_default().into_iter().collect();

        // Profiles.
        let mut profiles = BTreeMap::new();
        if let Some(Value::Object(envs)) = &profiles_doc {
            for (env_name, profile_value) in envs {
                let at = pointer(&["x-environments", env_name]);
                let Value::Object(profile_obj) = profile_value else { continue };
                let pdoc = doc.environments.as_ref().and_then(|m| m.get(env_name)).cloned().unwrap_or_default();
                let mut pvars = BTreeMap::new();
                if let Some(Value::Object(pprops)) = profile_obj.get("properties") {
                    for (name, schema) in pprops {
                        let pat = format!("{at}{}", pointer(&["properties", name]));
                        let own = resolve(&compiled, schema, &pat, 0)?;
                        let mut merged = match root_props.get(name) {
                            Some(root_schema) => resolve(&compiled, root_schema, &pointer(&["properties", name]), 0)?,
                            None => Map::new(),
                        };
                        merge_into(&mut merged, own);
                        let spec = make_spec(name, merged, &pat, root_empty, is_client(name))?;
                        pvars.insert(name.clone(), spec);
                    }
                }
                // The profile joins the root's allOf, so in-document $refs still resolve.
                let mut stripped = profile_obj.clone();
                stripped.remove("x-warn");
                stripped.remove("x-stripe-mode");
                let mut combined = base.clone();
                let cobj = combined.as_object_mut().expect("object");
                let all_of = cobj.entry("allOf").or_insert_with(|| Value::Array(Vec::new()));
                let Value::Array(all_of) = all_of else {
                    return Err(ContractError::at(Kind::Shape, "/allOf", "`allOf` must be an array"));
                };
                let all_of_index = all_of.len();
                all_of.push(Value::Object(stripped));
                let validator = compile(&combined, Some((all_of_index, &at)))?;
                profiles.insert(
                    env_name.clone(),
                    Profile {
                        name: env_name.clone(),
                        warn: pdoc.warn.clone().unwrap_or_default().into_iter().collect(),
                        stripe_mode: pdoc.stripe_mode,
                        vars: pvars,
                        required: pdoc.required.clone().unwrap_or_default().into_iter().collect(),
                        all_of_index,
                        validator,
                    },
                );
            }
        }

        let contract = Contract {
            source,
            doc,
            compiled,
            client_prefixes,
            environment_from,
            unknown: UnknownPolicy::default(),
            vars,
            families,
            profiles,
            required,
            validator: root_validator,
            unknown_memo: std::sync::Mutex::default(),
        };
        let contract = Contract { unknown: contract.doc.unknown.unwrap_or_default(), ..contract };
        contract.check_declarations()?;
        Ok(contract)
    }

    /// Contract-level rules no meta-schema can express.
    fn check_declarations(&self) -> Result<(), ContractError> {
        // x-secret with a client prefix.
        for spec in self.vars.values() {
            if spec.secret && spec.client {
                return Err(secret_client(&pointer(&["properties", &spec.name]), &spec.name));
            }
        }
        for p in self.profiles.values() {
            for spec in p.vars.values() {
                if spec.secret && spec.client {
                    return Err(secret_client(
                        &pointer(&["x-environments", &p.name, "properties", &spec.name]),
                        &spec.name,
                    ));
                }
            }
            for name in &p.warn {
                if !self.is_declared(name) {
                    let at = pointer(&["x-environments", &p.name, "x-warn"]);
                    return Err(ContractError::at(
                        Kind::Undeclared,
                        at,
                        format!("x-warn names \"{name}\", which no property declares"),
                    ));
                }
            }
        }
        // Every `required` name must be declared (root, profiles, and the combinators around them).
        check_required_names(self, &self.compiled, &mut String::new(), 0)?;
        // x-deprecated-by must name a declared variable.
        for spec in self.vars.values() {
            if let Some(new) = &spec.deprecated_by {
                if !self.is_declared(new) {
                    let at = pointer(&["properties", &spec.name, "x-deprecated-by"]);
                    return Err(ContractError::at(
                        Kind::Undeclared,
                        at,
                        format!("x-deprecated-by names \"{new}\", which no property declares"),
                    ));
                }
            }
        }
        Ok(())
    }
}

fn secret_client(at: &str, name: &str) -> ContractError {
    ContractError::at(
        Kind::SecretClient,
        format!("{at}/x-secret"),
        format!(
            "\"{name}\" is marked x-secret but its name has a client prefix, so its value would be shipped to every browser; rename it or drop x-secret"
        ),
    )
}

/// `serde_json` appends " at line L column C"; the location is reported separately.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn meta_validator() -> &'static Validator {
    static META: OnceLock<Validator> = OnceLock::new();
    META.get_or_init(|| {
        jsonschema::draft202012::options()
            .offline()
            .build(&crate::meta::meta_schema())
            .expect("the generated meta-schema compiles")
    })
}

/// Checks the contract against the meta-schema; reports the most specific error.
fn check_shape(value: &Value) -> Result<(), ContractError> {
    let best = meta_validator().iter_errors(value).max_by_key(|e| e.instance_path().as_str().matches('/').count());
    match best {
        None => Ok(()),
        Some(e) => Err(ContractError::at(Kind::Shape, e.instance_path().as_str(), shape_message(&e))),
    }
}

fn shape_message(e: &jsonschema::ValidationError<'_>) -> String {
    use jsonschema::error::ValidationErrorKind as K;
    let what = e.instance_path().as_str().rsplit('/').next().unwrap_or("").to_string();
    if let K::AdditionalProperties { unexpected } = e.kind() {
        return format!("unknown keyword(s) {}", unexpected.join(", "));
    }
    let text = e.to_string();
    if what.is_empty() { text } else { format!("`{what}`: {text}") }
}

/// Refuses absurdly deep documents before anything recurses over them.
fn check_depth(value: &Value, depth: usize, at: &mut String) -> Result<(), ContractError> {
    if depth > MAX_DEPTH {
        return Err(ContractError::at(
            Kind::Schema,
            at.clone(),
            format!("the contract nests deeper than {MAX_DEPTH} levels"),
        ));
    }
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let len = at.len();
                at.push('/');
                at.push_str(&escape_segment(k));
                check_depth(v, depth + 1, at)?;
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                check_depth(v, depth + 1, at)?;
                at.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

/// Keys whose values are data, not schemas: `$ref`s inside them are not references.
const DATA_KEYS: &[&str] = &["default", "examples", "const", "enum"];

fn rewrite_refs(value: &mut Value, at: &mut String, used: &mut BTreeSet<String>) -> Result<(), ContractError> {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                let here = format!("{at}/$ref");
                if let Some(name) = r.strip_prefix(presets::PREFIX) {
                    if presets::get(name).is_none() {
                        let known: Vec<&str> = presets::all().iter().map(|p| p.name).collect();
                        return Err(ContractError::at(
                            Kind::Preset,
                            here,
                            format!("unknown preset \"{r}\"; the presets are {}", known.join(", ")),
                        ));
                    }
                    used.insert(name.to_string());
                    *r = format!("#/$defs/{}", presets::def_key(name));
                } else if !r.starts_with('#') {
                    return Err(ContractError::at(
                        Kind::Ref,
                        here,
                        format!(
                            "\"{r}\" leaves the contract: a $ref may only point inside the document (\"#/$defs/…\") or at a preset (\"env-contract:NAME\"); env-contract never reads the network or other files"
                        ),
                    ));
                }
            }
            for (k, v) in map.iter_mut() {
                if DATA_KEYS.contains(&k.as_str()) {
                    continue;
                }
                let len = at.len();
                at.push('/');
                at.push_str(&escape_segment(k));
                rewrite_refs(v, at, used)?;
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                rewrite_refs(v, at, used)?;
                at.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

/// Every in-document `$ref` must point at something.
fn check_local_refs(doc: &Value, value: &Value, at: &mut String) -> Result<(), ContractError> {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                if lookup(doc, r).is_none() {
                    return Err(ContractError::at(
                        Kind::Ref,
                        format!("{at}/$ref"),
                        format!("\"{r}\" does not point at anything in the contract"),
                    ));
                }
            }
            for (k, v) in map {
                if DATA_KEYS.contains(&k.as_str()) {
                    continue;
                }
                let len = at.len();
                at.push('/');
                at.push_str(&escape_segment(k));
                check_local_refs(doc, v, at)?;
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                check_local_refs(doc, v, at)?;
                at.truncate(len);
            }
        }
        _ => {}
    }
    Ok(())
}

/// Follows a `#…` reference inside the document (JSON pointer fragments only; `$anchor`s are
/// left to JSON Schema and not followed for the variable model).
fn lookup<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let fragment = reference.strip_prefix('#')?;
    if fragment.is_empty() {
        return Some(doc);
    }
    if !fragment.starts_with('/') {
        // An anchor: JSON Schema resolves it; the model does not look through it.
        return Some(doc);
    }
    let decoded = percent_decode(fragment);
    doc.pointer(&decoded)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A variable's schema with its `$ref` chain folded in: referenced keywords first, the
/// variable's own keywords over them.
fn resolve(doc: &Value, schema: &Value, at: &str, depth: usize) -> Result<Map<String, Value>, ContractError> {
    if depth > MAX_DEPTH {
        return Err(ContractError::at(Kind::Ref, at, "the $ref chain is a cycle (or deeper than 64 steps)"));
    }
    let Value::Object(own) = schema else {
        return Ok(Map::new());
    };
    let mut merged = match own.get("$ref").and_then(Value::as_str) {
        Some(r) => match lookup(doc, r) {
            Some(target) if !std::ptr::eq(target, doc) => resolve(doc, target, at, depth + 1)?,
            _ => Map::new(),
        },
        None => Map::new(),
    };
    let mut own = own.clone();
    if let Some(Value::String(r)) = own.remove("$ref") {
        if let Some(name) = r.strip_prefix("#/$defs/env-contract:") {
            merged.entry("x-preset").or_insert_with(|| Value::String(name.to_string()));
        }
    }
    merge_into(&mut merged, own);
    Ok(merged)
}

/// `over`'s keywords replace `base`'s, except `x-url`, whose conditions merge one by one.
fn merge_into(base: &mut Map<String, Value>, over: Map<String, Value>) {
    for (k, v) in over {
        if k == "x-url" {
            if let (Some(Value::Object(old)), Value::Object(new)) = (base.get_mut("x-url"), &v) {
                for (uk, uv) in new {
                    old.insert(uk.clone(), uv.clone());
                }
                continue;
            }
        }
        base.insert(k, v);
    }
}

fn make_spec(
    name: &str,
    mut merged: Map<String, Value>,
    at: &str,
    root_empty: EmptyPolicy,
    client: bool,
) -> Result<VarSpec, ContractError> {
    let preset = match merged.remove("x-preset") {
        Some(Value::String(p)) => Some(p),
        _ => None,
    };
    let schema: VarSchema = serde_json::from_value(Value::Object(merged.clone())).map_err(|e| {
        ContractError::at(Kind::Shape, at, format!("the schema of \"{name}\" has the wrong shape: {e}"))
    })?;
    let mut types = schema.ty.as_ref().map(crate::meta::TypeSpec::to_vec).unwrap_or_default();
    if types.is_empty() {
        types = infer_types(&merged);
    }
    let item_types = match merged.get("items") {
        Some(Value::Object(items)) => items
            .get("type")
            .and_then(|t| serde_json::from_value::<crate::meta::TypeSpec>(t.clone()).ok())
            .map_or_else(|| infer_types(items), |t| t.to_vec()),
        _ => Vec::new(),
    };
    Ok(VarSpec {
        name: name.to_string(),
        types,
        item_types,
        separator: schema.separator.clone().unwrap_or_else(|| ",".to_string()),
        secret: schema.secret.unwrap_or(false),
        url: schema.url.clone(),
        stripe: schema.stripe,
        deprecated_by: schema.deprecated_by.clone(),
        empty: schema.empty.unwrap_or(root_empty),
        default: schema.default.clone(),
        description: schema.description.clone(),
        schema: merged,
        preset,
        client,
    })
}

/// Without a `type`, an `enum`/`const` whose values are all of one non-string type decides it.
fn infer_types(schema: &Map<String, Value>) -> Vec<JsonType> {
    let values: Vec<&Value> = match (schema.get("enum"), schema.get("const")) {
        (Some(Value::Array(items)), _) => items.iter().collect(),
        (_, Some(c)) => vec![c],
        _ => return Vec::new(),
    };
    let kind = |v: &Value| match v {
        Value::Bool(_) => Some(JsonType::Boolean),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(JsonType::Integer),
        Value::Number(_) => Some(JsonType::Number),
        _ => None,
    };
    let kinds: BTreeSet<Option<JsonType>> = values.iter().map(|v| kind(v)).collect();
    match kinds.into_iter().collect::<Vec<_>>().as_slice() {
        [Some(t)] => vec![*t],
        _ => Vec::new(),
    }
}

fn compile_name_pattern(pattern: &str, at: &str) -> Result<regex::Regex, ContractError> {
    regex::Regex::new(pattern).map_err(|e| {
        ContractError::at(Kind::Pattern, at, format!("the pattern \"{pattern}\" does not compile on the linear-time engine (no look-around or back-references): {}", first_line(&e.to_string())))
    })
}

fn first_line(s: &str) -> String {
    s.lines().last().unwrap_or(s).trim().to_string()
}

/// Compiles a validator: draft 2020-12, formats asserted, unknown formats refused,
/// linear-time patterns, no network.
fn compile(schema: &Value, profile: Option<(usize, &str)>) -> Result<Validator, ContractError> {
    jsonschema::draft202012::options()
        .offline()
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .with_format("email", is_email)
        .with_pattern_options(PatternOptions::regex())
        .build(schema)
        .map_err(|e| {
            let mut at = e.instance_path().as_str().to_string();
            if let Some((index, profile_at)) = profile {
                let prefix = format!("/allOf/{index}");
                if let Some(rest) = at.strip_prefix(&prefix) {
                    at = format!("{profile_at}{rest}");
                }
            }
            let text = e.to_string();
            let (kind, message) = if text.contains("is not a \"regex\"") {
                (Kind::Pattern, format!("{text}: patterns run on a linear-time engine, so look-around and back-references are not supported"))
            } else if text.contains("Unknown format") {
                (Kind::Format, text)
            } else if text.contains("Unresolvable") || text.contains("resolve") {
                (Kind::Ref, text)
            } else {
                (Kind::Schema, text)
            };
            ContractError::at(kind, at, message)
        })
}

/// `format: "email"`: a valid email address as the HTML standard defines it (what a browser's
/// `<input type="email">` accepts): `local@domain`, the local part of letters, digits and
/// ``.!#$%&'*+/=?^_`{|}~-``, the domain of dot-separated labels of letters, digits and inner
/// hyphens, each at most 63 characters. No quoted local parts, comments or IP literals: an
/// address an app sends mail from or to does not use them. (Checked by hand: jsonschema's RFC
/// 5321 parser was a tenth of a check's cost.)
fn is_email(s: &str) -> bool {
    const LOCAL: &[u8] = b".!#$%&'*+/=?^_`{|}~-";
    let Some((local, domain)) = s.split_once('@') else { return false };
    let local_ok = !local.is_empty() && local.bytes().all(|b| b.is_ascii_alphanumeric() || LOCAL.contains(&b));
    let label_ok = |l: &str| {
        let b = l.as_bytes();
        !b.is_empty()
            && b.len() <= 63
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
            && b[0] != b'-'
            && b[b.len() - 1] != b'-'
    };
    local_ok && domain.len() <= 253 && domain.split('.').all(label_ok)
}

/// Walks `required` arrays at the root, in `x-environments` profiles and in the combinators
/// around them (`allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, `dependentSchemas`).
fn check_required_names(
    contract: &Contract,
    value: &Value,
    at: &mut String,
    depth: usize,
) -> Result<(), ContractError> {
    let Value::Object(map) = value else { return Ok(()) };
    if depth > MAX_DEPTH {
        return Ok(());
    }
    if let Some(Value::Array(names)) = map.get("required") {
        for (i, name) in names.iter().enumerate() {
            if let Value::String(name) = name {
                if !contract.is_declared(name) {
                    return Err(ContractError::at(
                        Kind::Undeclared,
                        format!("{at}/required/{i}"),
                        format!("\"{name}\" is required but no property declares it (add it to \"properties\")"),
                    ));
                }
            }
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(items)) = map.get(key) {
            for (i, item) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{key}/{i}"));
                check_required_names(contract, item, at, depth + 1)?;
                at.truncate(len);
            }
        }
    }
    for key in ["not", "if", "then", "else"] {
        if let Some(item) = map.get(key) {
            let len = at.len();
            at.push_str(&format!("/{key}"));
            check_required_names(contract, item, at, depth + 1)?;
            at.truncate(len);
        }
    }
    for key in ["x-environments", "dependentSchemas"] {
        if let Some(Value::Object(items)) = map.get(key) {
            for (name, item) in items {
                let len = at.len();
                at.push_str(&format!("/{key}/{}", escape_segment(name)));
                check_required_names(contract, item, at, depth + 1)?;
                at.truncate(len);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::is_email;

    #[test]
    fn emails() {
        for ok in ["ops@example.com", "a.b+tag@sub.example.co", "x@localhost", "o'brien@example.org"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "nobody",
            "@example.com",
            "a@",
            "a@-x.com",
            "a@x-.com",
            "a b@example.com",
            "a@exa mple.com",
            "a@@b.com",
            "a@b..com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}

#[cfg(test)]
mod email_format_tests {
    #[test]
    fn the_contract_uses_the_html_email_check() {
        let c = crate::Contract::from_value(
            &serde_json::json!({"type": "object", "properties": {"E": {"type": "string", "format": "email"}}}),
        )
        .unwrap();
        let env: crate::Env = [("E".to_string(), "a@[127.0.0.1]".to_string())].into();
        let out = c.check(&env, &crate::CheckOptions::default());
        assert_eq!(out.report.problems.len(), 1, "an IP literal is not an address an app mails");
    }
}
