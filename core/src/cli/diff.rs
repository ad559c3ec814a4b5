//! `env-contract diff --env-file FILE`: drift between a file and the contract. Names only,
//! never values.

use super::args::DiffArgs;
use super::{CmdResult, EXIT_ERRORS, EXIT_OK, Io, edit_distance, load_contract};
use crate::contract::Contract;
use crate::envfile::read_dotenv;
use std::collections::BTreeSet;

/// The drift between a set of names and a contract.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Names in the file that the contract does not declare, with the nearest declared name
    /// (edit distance 2 or less), if any.
    pub undeclared: Vec<(String, Option<String>)>,
    /// Declared variables the file lacks, with how much they matter.
    pub missing: Vec<(String, &'static str)>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.undeclared.is_empty() && self.missing.is_empty()
    }
}

/// Compares the names of a file with the contract's declared variables.
pub fn drift<'a>(contract: &Contract, names: impl IntoIterator<Item = &'a str>) -> Drift {
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
        let near = declared
            .iter()
            .map(|d| (edit_distance(name, d), *d))
            .filter(|(d, _)| *d <= 2)
            .min()
            .map(|(_, d)| d.to_string());
        out.undeclared.push((name.to_string(), near));
    }
    for &name in &declared {
        if names.contains(name) {
            continue;
        }
        let why = if contract.is_required(name) {
            "required in every environment"
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

pub(super) fn run(a: &DiffArgs, io: &mut Io<'_>) -> CmdResult {
    let contract = load_contract(&a.contract)?;
    let env = read_dotenv(&a.env_file)?;
    let d = drift(&contract, env.keys().map(String::as_str));
    let mut s = String::new();
    s.push_str(&format!("env-contract diff: {} against contract {}\n", a.env_file.display(), a.contract.display()));
    let width =
        d.undeclared.iter().map(|(n, _)| n.len()).chain(d.missing.iter().map(|(n, _)| n.len())).max().unwrap_or(0);
    for (name, near) in &d.undeclared {
        let hint = near.as_ref().map(|n| format!(" (did you mean {n}?)")).unwrap_or_default();
        s.push_str(&format!("+ {name:<width$}  in the file, not declared by the contract{hint}\n"));
    }
    for (name, why) in &d.missing {
        s.push_str(&format!("- {name:<width$}  declared ({why}), missing from the file\n"));
    }
    if d.is_empty() {
        s.push_str("No drift: the file and the contract name the same variables.\n");
    } else {
        s.push_str(&format!(
            "Summary: {} undeclared in the file, {} missing from the file\n",
            d.undeclared.len(),
            d.missing.len()
        ));
    }
    let _ = io.out.write_all(s.as_bytes());
    Ok(if d.is_empty() { EXIT_OK } else { EXIT_ERRORS })
}
