//! `env-contract diff`: drift between a host's variables (a dotenv file, a JSON export, or a
//! names-only list) and the contract, per environment. Names only, never values.

use super::args::DiffArgs;
use super::{CmdResult, EXIT_ERRORS, EXIT_OK, Failure, Io, load_contract};
use crate::contract::Contract;
use crate::envfile::{read_dotenv_file, read_env_json};
use std::collections::BTreeSet;
use std::path::Path;

/// The drift between a set of names and a contract.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Names in the file that the contract does not declare, with the nearest declared name
    /// (`Contract::nearest_declared`, as `check` suggests), if any.
    pub undeclared: Vec<(String, Option<String>)>,
    /// Declared variables the file lacks, with how much they matter.
    pub missing: Vec<(String, &'static str)>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.undeclared.is_empty() && self.missing.is_empty()
    }
}

/// Compares names with the contract, judging what is missing by what `environment`'s profile
/// requires (when given).
pub fn drift<'a>(contract: &Contract, names: impl IntoIterator<Item = &'a str>, environment: Option<&str>) -> Drift {
    let profile = environment.and_then(|e| contract.profile(e));
    let names: BTreeSet<&str> = names.into_iter().collect();
    let mut declared: BTreeSet<&str> = contract.vars().map(|v| v.name.as_str()).collect();
    for p in contract.profiles() {
        declared.extend(p.vars.keys().map(String::as_str));
    }
    let mut out = Drift::default();
    for &name in &names {
        if contract.is_declared(name) {
            continue;
        }
        let near = contract.nearest_declared(name).map(ToString::to_string);
        out.undeclared.push((name.to_string(), near));
    }
    for &name in &declared {
        if names.contains(name) {
            continue;
        }
        let why = if contract.is_required(name) {
            "required in every environment"
        } else if profile.is_some_and(|p| p.required.contains(name)) {
            "required in this environment"
        } else if environment.is_some() && contract.profiles().any(|p| p.required.contains(name)) {
            "required in other environments"
        } else if contract.profiles().any(|p| p.required.contains(name)) {
            "required in some environments"
        } else if contract.var(name).is_some_and(|v| v.default.is_some()) {
            "optional, has a default"
        } else {
            "optional"
        };
        out.missing.push((name.to_string(), why));
    }
    out
}

/// Reads a names-only list: one name per line (the first word), `#` comments and blank lines
/// ignored. A line whose first word is not a variable name is an error naming the line.
pub fn read_names(path: &Path) -> Result<Vec<String>, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("{}: cannot be read: {e}", path.display())))?;
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let word = line.split_whitespace().next().unwrap_or_default();
        let word = word.split_once('=').map_or(word, |(k, _)| k);
        let ok = word.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if ok {
            out.push(word.to_string());
        } else {
            bad.push(format!("{}:{}:1: not a variable name", path.display(), i + 1));
        }
    }
    if bad.is_empty() {
        Ok(out)
    } else {
        Err(Failure { message: bad.join("\n"), code: super::EXIT_USAGE, lines: true })
    }
}

pub(super) fn run(a: &DiffArgs, io: &mut Io<'_>) -> CmdResult {
    let contract = load_contract(&a.contract)?;
    let (names, source, what): (Vec<String>, &Path, &str) = if let Some(f) = &a.env_file {
        let file = read_dotenv_file(f)?;
        for w in &file.warnings {
            let _ = writeln!(io.err, "env-contract: warning: {w}");
        }
        (file.env.into_keys().collect(), f, "the file")
    } else if let Some(j) = &a.env_json {
        (read_env_json(j)?.into_keys().collect(), j, "the export")
    } else if let Some(n) = &a.names {
        (read_names(n)?, n, "the list")
    } else {
        return Err(Failure::usage("give --env-file, --env-json or --names"));
    };
    if let Some(e) = &a.environment {
        if contract.profile(e).is_none() {
            let _ = writeln!(
                io.err,
                "env-contract diff: note: the contract has no profile \"{e}\"; only the root's requirements apply"
            );
        }
    }
    let d = drift(&contract, names.iter().map(String::as_str), a.environment.as_deref());
    let mut s = String::new();
    let env_label = a.environment.as_ref().map(|e| format!(", environment \"{e}\"")).unwrap_or_default();
    s.push_str(&format!(
        "env-contract diff: {} against contract {}{env_label}\n",
        source.display(),
        a.contract.display()
    ));
    let width =
        d.undeclared.iter().map(|(n, _)| n.len()).chain(d.missing.iter().map(|(n, _)| n.len())).max().unwrap_or(0);
    for (name, near) in &d.undeclared {
        let hint = near.as_ref().map(|n| format!(" (did you mean {n}?)")).unwrap_or_default();
        s.push_str(&format!("+ {name:<width$}  in {what}, not declared by the contract{hint}\n"));
    }
    for (name, why) in &d.missing {
        let why = match (why, &a.environment) {
            (&"required in this environment", Some(e)) => format!("required in environment \"{e}\""),
            (w, _) => (*w).to_string(),
        };
        s.push_str(&format!("- {name:<width$}  declared ({why}), missing from {what}\n"));
    }
    if d.is_empty() {
        s.push_str(&format!("No drift: {what} and the contract name the same variables.\n"));
    } else {
        s.push_str(&format!(
            "Summary: {} undeclared in {what}, {} missing from {what}\n",
            d.undeclared.len(),
            d.missing.len()
        ));
    }
    let _ = io.out.write_all(s.as_bytes());
    Ok(if d.is_empty() { EXIT_OK } else { EXIT_ERRORS })
}
