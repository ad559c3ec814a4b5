//! Checking an environment against a contract: one pass that collects every problem.

use crate::code::{Code, Severity};
use crate::coerce::coerce_into;
use crate::contract::{Contract, Profile, VarSpec};
use crate::input::present_text;
pub use crate::input::{CheckOptions, Env, Names, Phase};
use crate::problem::{Outcome, Problem, Report, Values};
use crate::redact::Redactor;
use crate::schema::ErrorKind as K;
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::sync::Arc;

impl Contract {
    /// The environment a check runs for: the explicit option, else the first non-empty
    /// variable of `x-environment-from`, else `"development"`.
    pub fn select_environment(&self, env: &Env, explicit: Option<&str>) -> String {
        if let Some(e) = explicit.filter(|e| !e.is_empty()) {
            return e.to_string();
        }
        self.environment_from
            .iter()
            .find_map(|name| env.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()))
            .unwrap_or("development")
            .to_string()
    }

    /// Checks an environment. Never fails: every problem is in the report.
    pub fn check(&self, env: &Env, options: &CheckOptions) -> Outcome {
        self.check_in(env, None, options)
    }

    /// [`check`](Self::check) of an environment and a contract that the caller keeps between
    /// checks (a front's kept environment and the contract cache's entry): the checked names'
    /// values are laid out in name order once for the pair (`envview`), and a later check of
    /// the same two reads them from there instead of looking each name up in the map.
    pub fn check_shared(self: &Arc<Self>, env: &Arc<Env>, options: &CheckOptions) -> Outcome {
        self.check_in(env, Some((self, env)), options)
    }

    fn check_in(&self, env: &Env, shared: Option<(&Arc<Self>, &Arc<Env>)>, options: &CheckOptions) -> Outcome {
        let environment = self.select_environment(env, options.environment.as_deref());
        let profile = self.profiles.get(&environment);
        let validator = profile.map_or(&self.validator, |p| &p.validator);

        // The variables checked, in name order: root properties (the profile's spec where it
        // has one), the profile's own, and family members present.
        let mut names = self.checked_names(env, profile);

        let mut problems = Vec::new();
        // Each checked variable's value (coerced, or its default), in name order.
        let mut members: Vec<Option<Value>> = Vec::with_capacity(names.names.len());
        let mut failed: Vec<&str> = Vec::new();
        let mut redactor = Redactor::default();
        // One pass over the variables: each spec is read once, in name order (at 10,000
        // variables the specs no longer fit in the caches, and every further pass read them all
        // again). Each variable's text as given is looked up once; `present` applies `x-empty`.
        let count = names.names.len();
        // The texts as given are read only for the values' masks.
        let mut given = Vec::with_capacity(if options.report_only { 0 } else { count });
        let mut present = Vec::with_capacity(count);
        let (mut unset, mut defaulted) = (Vec::new(), Vec::new());
        // Each variable's `x-secret`, for the values' masked names: read here, with the rest of
        // the spec, not in a later pass over every spec.
        let mut secret_spec = Vec::with_capacity(if options.report_only { 0 } else { count });
        let view = shared.map(|(contract, env)| crate::envview::of(contract, env, &environment, &names.names));
        // The last report-only check's values through this view, their strings' buffers reused.
        // (A check with values gets back the buffers of the last one's values, which it
        // returned: `Values::home`.)
        let mut spare = match &view {
            Some(view) => view.spare.try_lock().map(|mut s| std::mem::take(&mut *s)).unwrap_or_default(),
            _ => Vec::new(),
        };
        for (i, (&name, &spec)) in names.names.iter().zip(&names.specs).enumerate() {
            let text = match &view {
                Some(view) => view.get(i),
                None => env.get(name).map(String::as_str),
            };
            let raw = text.filter(|v| present_text(v, spec.empty));
            present.push(raw);
            if !options.report_only {
                given.push(text);
                secret_spec.push(spec.secret);
            }
            if raw.is_some() {
                let by_rule = &mut names.by_rule;
                for (wanted, list) in [
                    (spec.url.is_some(), &mut by_rule.url),
                    (spec.stripe.is_some(), &mut by_rule.stripe),
                    (spec.secret, &mut by_rule.secret),
                ] {
                    if wanted {
                        list.push(i);
                    }
                }
            }
            if spec.secret {
                if let Some(v) = text {
                    redactor.add(v);
                }
            }
            if let Some(raw) = raw {
                let lists = || crate::coerce::Lists {
                    types: &spec.types,
                    item_types: &spec.item_types,
                    separator: &spec.separator,
                };
                match coerce_into(raw, spec.type_set, lists, spare.get_mut(i).and_then(Option::take)) {
                    Ok(v) => members.push(Some(v)),
                    Err(e) => {
                        let msg = match e.item {
                            Some(i) => format!("item {} of the list is not {}", i + 1, e.expected),
                            None => format!("expected {}", e.expected),
                        };
                        problems.push(Problem::error(name, Code::Type, msg));
                        failed.push(name);
                        members.push(Some(Value::String(raw.to_string())));
                    }
                }
                // A deprecated name in use.
                if let Some(new) = &spec.deprecated_by {
                    problems.push(
                        Problem::warning(name, Code::Deprecated, format!("{name} is deprecated: use {new} instead"))
                            .with_hint(format!("rename the variable to {new}")),
                    );
                }
            } else {
                // (Places in `names`, the report's `variables` below.)
                unset.push(i);
                if spec.default.is_some() {
                    defaulted.push(i);
                }
                members.push(spec.default.as_deref().cloned());
            }
        }
        names.present = present;

        // Where the schema asserts only things of each member (`schema::members`), the values
        // are validated one by one; the object of them is built only for the values returned
        // or the errors of an invalid one.
        let declared = profile.map_or(&self.var_names, |p| &p.var_names);
        let plan = profile.map_or(self.plan.as_ref(), |p| p.plan.as_ref());
        let by_members =
            plan.filter(|_| declared.len() == names.names.len()).map(|plan| validator.members_valid(plan, &members));
        // Otherwise the values are validated as one object, built by moving them in and taken
        // back out after (in name order, as they went in).
        let mut instance = None;
        if by_members != Some(true) {
            let mut map = Map::with_capacity(names.names.len());
            for (name, value) in names.names.iter().zip(members.iter_mut()) {
                if let Some(v) = value.take() {
                    map.insert((*name).to_string(), v);
                }
            }
            instance = Some(Value::Object(map));
        }
        let mut seen = HashSet::new();
        // A valid instance needs no error objects at all.
        let errors = match &instance {
            Some(i) if by_members == Some(false) || !validator.is_valid(i) => Some(validator.errors(i)),
            _ => None,
        };
        for error in errors.into_iter().flatten() {
            {
                let p = Self::map_error(&error, profile, &environment);
                if p.var.as_deref().is_some_and(|v| failed.contains(&v)) {
                    continue; // already reported as `type` by coercion
                }
                // A missing variable is one problem, however many `required` lists name it (the
                // root and a profile, or a condition): the root's wording wins, it is the widest.
                if p.code == Code::Missing {
                    if let Some(prev) = problems.iter_mut().find(|q| q.code == Code::Missing && q.var == p.var) {
                        if p.message == ROOT_REQUIRED {
                            prev.message = p.message;
                        }
                        continue;
                    }
                }
                if seen.insert((p.var.clone(), p.code, p.message.clone())) {
                    problems.push(p);
                }
            }
        }

        // Policy rules beyond JSON Schema (URLs, Stripe, leaks, unknown names).
        let ctx = crate::rules::RuleContext {
            contract: self,
            env,
            environment: &environment,
            profile,
            names: &names,
            view: view.as_deref(),
        };
        crate::rules::run(&ctx, &mut problems, &mut redactor);
        // A value that is not a URL at all is one problem (`url-invalid`, with its hint), not
        // also `format: uri`.
        let not_urls: Vec<String> =
            problems.iter().filter(|p| p.code == Code::UrlInvalid).filter_map(|p| p.var.clone()).collect();
        problems.retain(|p| !(p.code == Code::Format && p.var.as_ref().is_some_and(|v| not_urls.contains(v))));

        self.add_hints(&mut problems, profile);
        adjust_severities(&mut problems, profile, &environment, options.phase, self);
        if redactor.any_leak(&problems) {
            let mut public = Vec::new();
            crate::redact::public_strings(&self.compiled, &mut public);
            redactor.scrub_public(&mut problems, &public);
        }
        problems.sort_by(|a, b| (&a.var, a.code.as_str(), &a.message).cmp(&(&b.var, b.code.as_str(), &b.message)));

        let ok = !problems.iter().any(Problem::is_error);
        // The declared names as the contract keeps them, unless families added some.
        let variables: Arc<[String]> = match declared {
            declared if declared.len() == names.names.len() => Arc::clone(declared),
            _ => names.names.iter().map(ToString::to_string).collect(),
        };
        let values = if options.report_only {
            if let Some(view) = &view {
                if instance.is_none() {
                    if let Ok(mut kept) = view.spare.try_lock() {
                        *kept = members;
                    }
                }
            }
            Values::default()
        } else {
            if let Some(Value::Object(map)) = instance {
                let mut entries = map.into_iter().peekable();
                for (name, slot) in names.names.iter().zip(members.iter_mut()) {
                    if entries.peek().is_some_and(|(k, _)| k == name) {
                        *slot = entries.next().map(|(_, v)| v);
                    }
                }
            }
            // The names whose values print masked (`Values`' docs): their places in `names`.
            let secret = secret_spec
                .iter()
                .zip(&given)
                .zip(&members)
                .enumerate()
                .filter(|(_, ((secret, text), v))| v.as_ref().is_some_and(|v| **secret || redactor.hides(**text, v)))
                .map(|(i, _)| i)
                .collect();
            Values { names: Arc::clone(&variables), slots: members, secret, home: view.clone() }
        };
        Outcome {
            report: Report { ok, environment, checked: names.names.len(), problems, variables, unset, defaulted },
            values,
        }
    }

    /// The variables a check covers, sorted by name, each with its effective spec.
    fn checked_names<'a>(&'a self, env: &'a Env, profile: Option<&'a Profile>) -> Names<'a> {
        if profile.is_none() && self.families.is_empty() {
            // The root's names and specs, each list read in order from its own array.
            let names = self.var_names.iter().map(String::as_str).collect();
            let specs = self.vars.values().collect();
            return Names { names, specs, present: Vec::new(), by_rule: crate::input::ByRule::default() };
        }
        let mut list: Vec<(&str, &VarSpec)> = match profile {
            None => self.vars.iter().map(|(k, v)| (k.as_str(), v)).collect(),
            Some(p) => {
                let mut merged: std::collections::BTreeMap<&str, &VarSpec> =
                    self.vars.iter().map(|(k, v)| (k.as_str(), v)).collect();
                merged.extend(p.vars.iter().map(|(k, v)| (k.as_str(), v)));
                merged.into_iter().collect()
            }
        };
        if !self.families.is_empty() {
            let before = list.len();
            for name in env.keys() {
                let declared = list[..before].binary_search_by(|(n, _)| (*n).cmp(name.as_str())).is_ok();
                if !declared {
                    if let Some(f) = self.families.iter().find(|f| f.regex.is_match(name)) {
                        list.push((name.as_str(), &f.spec));
                    }
                }
            }
            if list.len() > before {
                list.sort_unstable_by(|a, b| a.0.cmp(b.0));
            }
        }
        let (names, specs) = list.into_iter().unzip();
        Names { names, specs, present: Vec::new(), by_rule: crate::input::ByRule::default() }
    }

    /// Maps one JSON Schema error to a problem, with a message built from the keyword and the
    /// schema, never from the value.
    fn map_error(e: &crate::schema::Error, profile: Option<&Profile>, environment: &str) -> Problem {
        let mut var = first_segment(&e.instance_path);
        let schema_path = e.schema_path.as_str();
        let (code, message) = match &e.kind {
            K::Required(property) => {
                var = Some(property.clone());
                let in_profile =
                    profile.is_some_and(|p| schema_path.starts_with(&format!("/allOf/{}/", p.all_of_index)));
                let msg = if schema_path == "/required" {
                    ROOT_REQUIRED.to_string()
                } else if in_profile && schema_path.ends_with("/required") && schema_path.matches('/').count() == 3 {
                    format!("required in environment \"{environment}\"")
                } else {
                    format!("required by a condition of the contract (at {})", condition_of(schema_path))
                };
                (Code::Missing, msg)
            }
            K::Type(_) => (Code::Type, e.kind.to_string()),
            K::MinLength(_) | K::MinItems(_) => (Code::TooShort, e.kind.to_string()),
            K::MaxLength(_) | K::MaxItems(_) => (Code::TooLong, e.kind.to_string()),
            K::Pattern(_) => (Code::Pattern, e.kind.to_string()),
            K::Format(_) => (Code::Format, e.kind.to_string()),
            K::Enum(_) => (Code::Enum, e.kind.to_string()),
            K::Const(_) => (Code::Const, e.kind.to_string()),
            K::Minimum(_) | K::Maximum(_) | K::ExclusiveMinimum(_) | K::ExclusiveMaximum(_) => {
                (Code::Range, e.kind.to_string())
            }
            other => {
                let keyword = other.keyword();
                let at = if schema_path.is_empty() { "/".to_string() } else { schema_path.to_string() };
                (Code::Schema, format!("does not satisfy the JSON Schema keyword `{keyword}` (at {at})"))
            }
        };
        let message = match (&var, code) {
            (None, Code::Schema) => format!("the environment {message}"),
            _ => message,
        };
        Problem { var, code, severity: Severity::Error, message, hint: None }
    }

    fn add_hints(&self, problems: &mut [Problem], profile: Option<&Profile>) {
        for p in problems.iter_mut().filter(|p| p.hint.is_none()) {
            let Some(spec) = p.var.as_deref().and_then(|v| self.spec_for(v, profile)) else { continue };
            p.hint = hint_for(p.code, spec);
        }
    }
}

/// Why a variable the root's `required` names is missing.
const ROOT_REQUIRED: &str = "required in every environment";

fn hint_for(code: Code, spec: &VarSpec) -> Option<String> {
    let min_len = spec.schema.get("minLength").and_then(Value::as_u64).unwrap_or(0);
    match code {
        Code::Missing | Code::TooShort
            if spec.secret
                && spec.stripe.is_none()
                && (min_len >= 16 || spec.preset.as_deref() == Some("nextauth-secret")) =>
        {
            // base64 of n bytes is 4 * ceil(n / 3) characters: enough bytes for minLength.
            let bytes = (min_len * 3).div_ceil(4).max(32);
            Some(format!("generate one with `openssl rand -base64 {bytes}`"))
        }
        Code::Missing if !spec.secret => {
            let example = spec.schema.get("examples").and_then(Value::as_array).and_then(|e| e.first());
            example.map(|e| match e {
                Value::String(s) => format!("for example {s}"),
                other => format!("for example {other}"),
            })
        }
        Code::Type if spec.types.contains(&crate::meta::JsonType::Boolean) => {
            Some("use true/false, yes/no, on/off or 1/0".to_string())
        }
        _ => None,
    }
}

/// `x-warn` and the build phase downgrade errors to warnings.
fn adjust_severities(
    problems: &mut [Problem],
    profile: Option<&Profile>,
    environment: &str,
    phase: Phase,
    contract: &Contract,
) {
    for p in problems.iter_mut().filter(|p| p.is_error()) {
        let Some(var) = p.var.as_deref() else { continue };
        if profile.is_some_and(|pr| pr.warn.contains(var)) {
            p.severity = Severity::Warning;
            p.message = format!("{} (a warning in {environment})", p.message);
        } else if phase == Phase::Build && p.code == Code::Missing && !contract.is_client_name(var) {
            p.severity = Severity::Warning;
            p.message =
                format!("{} (a warning at build time: server-only variables are checked at runtime)", p.message);
        }
    }
}

/// The variable a JSON pointer into the instance is about.
fn first_segment(path: &str) -> Option<String> {
    let seg = path.strip_prefix('/')?.split('/').next()?;
    Some(crate::error::unescape_segment(seg))
}

/// The schema location of the condition that required a variable (e.g. `/allOf/0`).
fn condition_of(schema_path: &str) -> String {
    for marker in ["/then/", "/else/", "/dependentRequired/", "/dependentSchemas/"] {
        if let Some(i) = schema_path.find(marker) {
            let head = &schema_path[..i];
            return if head.is_empty() { "/".to_string() } else { head.to_string() };
        }
    }
    schema_path.strip_suffix("/required").unwrap_or(schema_path).to_string()
}
