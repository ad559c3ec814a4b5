//! Loading a contract. The steps, in order, are listed in `docs/contract.md` (and pinned by
//! `core/tests/load_order.rs`); `Contract::build` runs them, each in its own file:
//!
//! - `shape`: how deep the document nests, and the meta-schema; then `head`: the keywords
//!   the contract keeps, read out of the checked document;
//! - `refs`: presets rewritten to `#/$defs/…`, in-document `$ref`s checked, a variable's
//!   `$ref` chain folded in;
//! - `spec`: the variable model ([`VarSpec`]) of each property and family;
//! - `validator`: the formats used, then the JSON Schema validators (root, each profile);
//! - `declarations`: the rules no meta-schema can express (undeclared names, secrets with a
//!   client prefix).
//!
//! Every traversal of the document goes through `walk::walk`.

pub(crate) mod compose;
mod declarations;
mod head;
mod refs;
mod shape;
mod spec;
pub(crate) mod validator;
mod vars;
pub(crate) mod walk;

pub(crate) use refs::percent_decode;
pub use validator::FORMATS;

use crate::error::{ContractError, ContractErrorKind as Kind, Location, pointer};
use crate::meta::{EmptyPolicy, JsonType, StripeKind, StripeMode, UnknownPolicy};
use crate::presets;
use crate::schema::{MembersPlan, Schema as Validator};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Default `x-client-prefixes`.
pub const DEFAULT_CLIENT_PREFIXES: &[&str] = &["NEXT_PUBLIC_"];
/// Default `x-environment-from`.
pub const DEFAULT_ENVIRONMENT_FROM: &[&str] = &["APP_ENV", "VERCEL_ENV", "NODE_ENV"];
/// How deep `$ref` chains and nested schemas may go before the contract is refused.
pub(crate) const MAX_DEPTH: usize = 64;

/// Everything the checks need to know about one variable, `$ref`s and presets resolved.
///
/// Laid out in declaration order (`repr(C)`), aligned to a cache line: the fields every check
/// reads of every variable come first and fit in the first 64 bytes (the large ones behind a
/// `Box`), so that at 10,000 variables a check touches one line of each spec, not four (the
/// root's specs sit side by side in one array, `vars::Vars`; a profile's in its `BTreeMap`'s
/// nodes).
#[derive(Debug, Clone, Default)]
#[repr(C, align(64))]
pub struct VarSpec {
    /// The types as a set: what a check reads (`coerce`).
    pub type_set: crate::meta::TypeSet,
    pub secret: bool,
    /// Whether the name has a client prefix.
    pub client: bool,
    pub empty: EmptyPolicy,
    pub stripe: Option<StripeKind>,
    pub url: Option<Box<crate::rules::url::UrlCheck>>,
    pub default: Option<Box<Value>>,
    pub deprecated_by: Option<String>,
    // What docs, hints and errors read.
    pub name: String,
    /// The declared types, in their order (empty: any, treated as a string).
    pub types: Vec<JsonType>,
    /// For arrays: the item types.
    pub item_types: Vec<JsonType>,
    pub separator: String,
    pub description: Option<String>,
    /// The resolved schema of the variable (own keywords over referenced ones), for docs.
    pub schema: Map<String, Value>,
    /// The preset the variable uses, if any.
    pub preset: Option<String>,
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
    /// The names declared in this environment (the root's and the profile's), in order: the
    /// report's `variables` when no family adds one.
    pub(crate) var_names: std::sync::Arc<[String]>,
    pub(crate) validator: Validator,
    /// How `validator` answers for `var_names`' values one by one, when it can
    /// (`schema::members`).
    pub(crate) plan: Option<MembersPlan>,
}

/// A loaded, compiled contract. Compile once, check many times; `Send + Sync`.
#[derive(Debug)]
pub struct Contract {
    pub(crate) source: Option<PathBuf>,
    /// The other files composition took in, with their texts (`compose::Includes`).
    pub(crate) includes: compose::Includes,
    /// The document as loaded, after composition and before presets are resolved:
    /// `docs --format contract` writes it. Made from `compiled` when first asked for, by
    /// undoing `placed`: keeping a second copy of every contract cost a fifth of a load's
    /// memory (fresh pages, on the first check of every process) for the one command that
    /// reads it.
    pub(crate) document: std::sync::OnceLock<Value>,
    pub(crate) placed: Placed,
    pub(crate) doc: head::Head,
    pub(crate) compiled: Value,
    pub client_prefixes: Vec<String>,
    pub environment_from: Vec<String>,
    pub unknown: UnknownPolicy,
    pub(crate) vars: vars::Vars,
    /// The names of `vars`, in order (see `Profile::var_names`).
    pub(crate) var_names: std::sync::Arc<[String]>,
    pub(crate) families: Vec<Family>,
    pub(crate) profiles: BTreeMap<String, Profile>,
    pub(crate) required: BTreeSet<String>,
    pub(crate) validator: Validator,
    /// See `Profile::plan`.
    pub(crate) plan: Option<MembersPlan>,
    /// What the policy rules keep for this contract (`rules::State`).
    pub(crate) rules: crate::rules::State,
}

impl Contract {
    /// Loads a contract file. Errors name the file, and the line and column for bad JSON.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Contract, ContractError> {
        let path = path.as_ref();
        let file = Some(path.to_path_buf());
        let text = crate::files::read_to_string(path).map_err(|e| {
            let what = if crate::files::is_dir(path) {
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
        let (value, includes) = compose::compose(value, source.as_deref())?;
        let mut contract = Self::build(value, source.clone()).map_err(|e| e.in_file(source))?;
        contract.includes = includes;
        Ok(contract)
    }

    /// Loads a contract from a JSON value already parsed.
    pub fn from_value(value: &Value) -> Result<Contract, ContractError> {
        if compose::uses_files(value) || value.get(compose::ROOT).is_some() {
            compose::compose(value.clone(), None)?;
        }
        // Shape and depth before the copy: a value nested deeper than any contract may be
        // cannot be copied (or dropped) without overflowing the stack.
        Self::check_root(value)?;
        Self::build(value.clone(), None)
    }

    /// The other contract files this one takes in (`x-extends`, `$ref`s into files), with the
    /// text each was read with.
    pub fn includes(&self) -> &[(PathBuf, String)] {
        &self.includes
    }

    /// The contract as one self-contained document: after composition, before presets are
    /// resolved (what `docs --format contract` writes).
    pub fn document(&self) -> &Value {
        self.document.get_or_init(|| self.placed.undo(&self.compiled))
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

    /// The declared name (root or any profile) nearest to `name`, for "did you mean"
    /// (`names::Typos::nearest`: the same suggestion in `check` and `diff`).
    pub fn nearest_declared(&self, name: &str) -> Option<&str> {
        self.rules.unknown.typos.nearest(name)
    }

    /// The contract as checked (presets placed under `$defs`), for docs and debugging.
    pub fn compiled_schema(&self) -> &Value {
        &self.compiled
    }

    /// A contract is a JSON object (its members returned), nesting no deeper than `MAX_DEPTH`.
    fn check_root(value: &Value) -> Result<&Map<String, Value>, ContractError> {
        let Value::Object(root) = value else {
            return Err(ContractError::at(
                Kind::Shape,
                "",
                "a contract must be a JSON object (a JSON Schema of type \"object\")",
            ));
        };
        shape::check_depth(value)?;
        Ok(root)
    }

    fn build(value: Value, source: Option<PathBuf>) -> Result<Contract, ContractError> {
        Self::check_root(&value)?;
        shape::check_shape(&value)?;
        let doc = <head::Head as serde::Deserialize>::deserialize(&value)
            .map_err(|e| ContractError::at(Kind::Shape, "", format!("the contract has the wrong shape: {e}")))?;

        // Presets and $refs: rewrite `env-contract:NAME` to `#/$defs/env-contract:NAME`, in
        // place, noting what it takes to undo it.
        let mut compiled = value;
        let (used, refs) = refs::rewrite_refs(&mut compiled)?;
        let mut placed = Placed { refs, defs: Vec::new(), made_defs: false };
        if !used.is_empty() {
            let obj = compiled.as_object_mut().expect("object");
            placed.made_defs = !obj.contains_key("$defs");
            let defs = obj.entry("$defs").or_insert_with(|| Value::Object(Map::new()));
            let Value::Object(defs) = defs else {
                return Err(ContractError::at(Kind::Shape, "/$defs", "`$defs` must be an object"));
            };
            for name in &used {
                let preset = presets::get(name).expect("checked in rewrite_refs");
                let key = presets::def_key(name);
                let before = defs.insert(key.clone(), preset.schema.clone());
                placed.defs.push((key, before));
            }
        }
        refs::check_local_refs(&compiled)?;

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
        let root_props = compiled.get("properties").and_then(Value::as_object).unwrap_or(&empty_map);
        let root_spec = |name: &String, schema: &Value| -> Result<VarSpec, ContractError> {
            let at = pointer(&["properties", name]);
            let merged = refs::resolve(&compiled, schema, &at, 0)?;
            spec::make_spec(name, merged, &at, root_empty, is_client(name))
        };
        // Made in name order, straight into the array a check reads (`vars::Vars`): neither a
        // map's inserts nor a move of each spec (a large struct) into the array after.
        let mut by_name: Vec<(&String, &Value)> = root_props.iter().collect();
        by_name.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut specs = Vec::with_capacity(by_name.len());
        for (name, schema) in by_name {
            match root_spec(name, schema) {
                Ok(spec) => specs.push(spec),
                // The error a contract with several gets is the first in its own order.
                Err(e) => return Err(root_props.iter().find_map(|(n, s)| root_spec(n, s).err()).unwrap_or(e)),
            }
        }
        let vars = vars::Vars::from_sorted(specs);

        // Families.
        let mut families = Vec::new();
        if let Some(pp) = compiled.get("patternProperties").and_then(Value::as_object) {
            for (pattern, schema) in pp {
                let at = pointer(&["patternProperties", pattern]);
                let regex = spec::compile_name_pattern(pattern, &at)?;
                let merged = refs::resolve(&compiled, schema, &at, 0)?;
                let spec = spec::make_spec(pattern, merged, &at, root_empty, false)?;
                families.push(Family { pattern: pattern.clone(), regex, spec });
            }
        }

        // The document the validators see: root keywords, without the profiles (a copy only
        // when there are profiles to take out).
        let profiles_doc = compiled.get("x-environments");
        let base = match profiles_doc {
            Some(_) => {
                let mut base = compiled.clone();
                base.as_object_mut().expect("object").remove("x-environments");
                std::borrow::Cow::Owned(base)
            }
            None => std::borrow::Cow::Borrowed(&compiled),
        };
        validator::check_formats(&compiled)?;
        let root_validator = validator::compile(&base, None)?;

        let required: BTreeSet<String> = doc.required.clone().unwrap_or_default().into_iter().collect();

        // Profiles.
        let mut profiles = BTreeMap::new();
        if let Some(Value::Object(envs)) = profiles_doc {
            for (env_name, profile_value) in envs {
                let at = pointer(&["x-environments", env_name]);
                let Value::Object(profile_obj) = profile_value else { continue };
                let pdoc = doc.environments.as_ref().and_then(|m| m.get(env_name)).cloned().unwrap_or_default();
                let mut pvars = BTreeMap::new();
                if let Some(Value::Object(pprops)) = profile_obj.get("properties") {
                    for (name, schema) in pprops {
                        let pat = format!("{at}{}", pointer(&["properties", name]));
                        let own = refs::resolve(&compiled, schema, &pat, 0)?;
                        let mut merged = match root_props.get(name) {
                            Some(root_schema) => {
                                refs::resolve(&compiled, root_schema, &pointer(&["properties", name]), 0)?
                            }
                            None => Map::new(),
                        };
                        refs::merge_into(&mut merged, own);
                        let spec = spec::make_spec(name, merged, &pat, root_empty, is_client(name))?;
                        pvars.insert(name.clone(), spec);
                    }
                }
                // The profile joins the root's allOf, so in-document $refs still resolve.
                let mut stripped = profile_obj.clone();
                stripped.remove("x-warn");
                stripped.remove("x-stripe-mode");
                let mut combined = Value::clone(&base);
                let cobj = combined.as_object_mut().expect("object");
                let all_of = cobj.entry("allOf").or_insert_with(|| Value::Array(Vec::new()));
                let Value::Array(all_of) = all_of else {
                    return Err(ContractError::at(Kind::Shape, "/allOf", "`allOf` must be an array"));
                };
                let all_of_index = all_of.len();
                all_of.push(Value::Object(stripped));
                let validator = validator::compile(&combined, Some((all_of_index, &at)))?;
                let declared: BTreeSet<&String> = vars.keys().chain(pvars.keys()).collect();
                let var_names: std::sync::Arc<[String]> = declared.into_iter().cloned().collect();
                let plan = validator.members_plan(&var_names);
                profiles.insert(
                    env_name.clone(),
                    Profile {
                        name: env_name.clone(),
                        warn: pdoc.warn.clone().unwrap_or_default().into_iter().collect(),
                        stripe_mode: pdoc.stripe_mode,
                        vars: pvars,
                        required: pdoc.required.clone().unwrap_or_default().into_iter().collect(),
                        all_of_index,
                        var_names,
                        validator,
                        plan,
                    },
                );
            }
        }

        let var_names: std::sync::Arc<[String]> = vars.keys().cloned().collect();
        let plan = root_validator.members_plan(&var_names);
        let contract = Contract {
            source,
            includes: Vec::new(),
            document: std::sync::OnceLock::new(),
            placed,
            doc,
            compiled,
            client_prefixes,
            environment_from,
            unknown: UnknownPolicy::default(),
            var_names,
            vars,
            families,
            profiles,
            required,
            plan,
            validator: root_validator,
            rules: crate::rules::State::default(),
        };
        let contract = Contract { unknown: contract.doc.unknown.unwrap_or_default(), ..contract };
        contract.check_declarations()?;
        let rules = crate::rules::State::new(&contract);
        Ok(Contract { rules, ..contract })
    }
}

/// What placing the presets under `$defs` changed in a document, to undo it.
#[derive(Debug, Default)]
pub(crate) struct Placed {
    /// Each rewritten `$ref`: its JSON pointer and its text as written.
    refs: refs::RefTexts,
    /// Each `$defs` key set to a preset, and what it held before, if anything.
    defs: Vec<(String, Option<Value>)>,
    /// Whether the document had no `$defs` before.
    made_defs: bool,
}

impl Placed {
    /// The document as written, from the one with the presets placed: the `$defs` first (a
    /// key of the contract's own that a preset took holds `$ref`s rewritten too), then the
    /// `$ref`s.
    fn undo(&self, compiled: &Value) -> Value {
        let mut doc = compiled.clone();
        if let Some(obj) = doc.as_object_mut() {
            if self.made_defs {
                obj.shift_remove("$defs");
            } else if let Some(Value::Object(defs)) = obj.get_mut("$defs") {
                for (key, before) in self.defs.iter().rev() {
                    match before {
                        Some(v) => {
                            defs.insert(key.clone(), v.clone());
                        }
                        None => {
                            defs.shift_remove(key);
                        }
                    }
                }
            }
        }
        for (at, text) in &self.refs {
            if let Some(slot) = doc.pointer_mut(at) {
                *slot = Value::String(text.clone());
            }
        }
        doc
    }
}

/// `serde_json` appends " at line L column C"; the location is reported separately.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::Contract;
    use serde_json::json;

    /// The root's specs are made in name order, but of several broken variables the error is
    /// the first one's in the document.
    #[test]
    fn of_several_broken_variables_the_first_written_is_named() {
        // A definition that is no variable's shape (`x-url` must be an object), which the
        // meta-schema does not see under `$defs`: each variable that uses it cannot be made.
        let contract = json!({
            "type": "object",
            "$defs": {"bad": {"type": "string", "x-url": 1}},
            "properties": {"ZED": {"$ref": "#/$defs/bad"}, "MID": {"type": "string"}, "ALPHA": {"$ref": "#/$defs/bad"}},
        });
        let e = Contract::from_value(&contract).expect_err("two variables are broken");
        let at = e.location.pointer.clone().unwrap_or_default();
        assert_eq!(at, "/properties/ZED", "{e}");
    }

    #[test]
    fn what_a_check_reads_of_a_spec_is_its_first_cache_line() {
        use std::mem::{align_of, offset_of, size_of};
        assert_eq!(align_of::<super::VarSpec>(), 64);
        let hot_end = offset_of!(super::VarSpec, deprecated_by) + size_of::<Option<String>>();
        assert!(hot_end <= 64, "the fields a check reads end at byte {hot_end}");
        assert!(offset_of!(super::VarSpec, name) >= hot_end, "the cold fields come after");
    }

    #[test]
    fn a_report_names_the_checked_variables_with_a_profile_and_with_families() {
        let contract = Contract::from_value(&json!({
            "type": "object",
            "properties": {"B": {"type": "string"}, "A": {"type": "string"}},
            "patternProperties": {"^FAM_": {"type": "string"}},
            "x-environments": {"production": {"properties": {"C": {"type": "string"}, "A": {"minLength": 1}}}}
        }))
        .unwrap();
        let check = |env: &[(&str, &str)]| {
            let env: crate::Env = env.iter().map(|(k, v)| ((*k).to_string(), (*v).to_string())).collect();
            contract.check(&env, &crate::CheckOptions::default()).report.variables.to_vec()
        };
        assert_eq!(check(&[("A", "x")]), ["A", "B"]);
        assert_eq!(check(&[("APP_ENV", "production"), ("A", "x")]), ["A", "B", "C"]);
        assert_eq!(check(&[("FAM_2", "x"), ("A", "x"), ("FAM_1", "y")]), ["A", "B", "FAM_1", "FAM_2"]);
        assert_eq!(check(&[("APP_ENV", "production"), ("FAM_1", "y")]), ["A", "B", "C", "FAM_1"]);
    }

    #[test]
    fn the_document_is_given_back_as_written_after_the_presets_are_placed() {
        let port = json!({"$ref": "env-contract:port"});
        let cases = [
            // No $defs: one is made for the presets, and taken out again.
            json!({"type": "object", "properties": {"PORT": port, "HOST": {"type": "string"}}, "required": ["PORT"]}),
            // The contract's own $defs, one of them under a preset's key, and a local $ref.
            json!({"type": "object", "$defs": {"a": {"type": "string"}, "env-contract:port": {"allOf": [port]}},
                   "properties": {"A": {"$ref": "#/$defs/a"}, "PORT": port, "P2": {"allOf": [port]}}}),
            // No preset at all.
            json!({"type": "object", "properties": {"A": {"type": "string"}}}),
        ];
        for doc in cases {
            let contract = Contract::from_value(&doc).unwrap();
            assert_eq!(contract.document(), &doc);
            assert_eq!(
                serde_json::to_string(contract.document()).unwrap(),
                serde_json::to_string(&doc).unwrap(),
                "same keys in the same order"
            );
            if doc.to_string().contains("env-contract:port\"}") {
                let placed = contract.compiled_schema().to_string();
                assert!(placed.contains("#/$defs/env-contract:port"), "{placed}");
            }
        }
    }

    /// The root and each profile of an ordinary contract validate value by value
    /// (`schema::members`); a family's `patternProperties` asks for the whole object.
    #[test]
    fn an_ordinary_contract_is_validated_value_by_value() {
        let doc = json!({
            "type": "object",
            "properties": {"PORT": {"$ref": "env-contract:port"}, "URL": {"type": "string", "format": "uri", "x-url": {}}},
            "required": ["PORT"],
            "x-environments": {"production": {"required": ["URL"], "properties": {"URL": {"pattern": "^https:"}}}},
        });
        let contract = Contract::from_value(&doc).unwrap();
        assert!(contract.plan.is_some());
        assert!(contract.profiles["production"].plan.is_some());
        let mut with_family = doc.clone();
        with_family["patternProperties"] = json!({"^FEATURE_": {"type": "boolean"}});
        assert!(Contract::from_value(&with_family).unwrap().plan.is_none());
    }
}
