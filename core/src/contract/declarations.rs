//! Contract-level rules no meta-schema can express: names that must be declared (`required`,
//! `dependentRequired`, `x-warn`, `x-deprecated-by`), and no `x-secret` with a client prefix.

use super::Contract;
use super::walk::{Next, Place, Reach, walk};
use crate::error::{ContractError, ContractErrorKind as Kind, pointer};
use crate::schema::field;
use serde_json::Value;

impl Contract {
    /// Contract-level rules no meta-schema can express.
    pub(super) fn check_declarations(&self) -> Result<(), ContractError> {
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
        check_required_names(self)?;
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

/// Every name a `required` or a `dependentRequired` speaks of (as a trigger or as a name it
/// requires) must be declared, at the root, in the `x-environments` profiles and in the
/// combinators around them (`allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`,
/// `dependentSchemas`): the same rule for every keyword that names variables.
fn check_required_names(contract: &Contract) -> Result<(), ContractError> {
    let undeclared = |at: String, name: &str, role: &str| {
        Err(ContractError::at(
            Kind::Undeclared,
            at,
            format!("\"{name}\" is {role} but no property declares it (add it to \"properties\")"),
        ))
    };
    walk(&contract.compiled, "", Reach::Conditions, &mut |value, at: &Place, _| {
        if let Some(Value::Array(names)) = field(value, "required") {
            for (i, name) in names.iter().enumerate() {
                if let Value::String(name) = name {
                    if !contract.is_declared(name) {
                        return undeclared(format!("{at}/required/{i}"), name, "required");
                    }
                }
            }
        }
        if let Some(Value::Object(deps)) = field(value, "dependentRequired") {
            for (trigger, names) in deps {
                let here = format!("{at}{}", pointer(&["dependentRequired", trigger]));
                if !contract.is_declared(trigger) {
                    return undeclared(here, trigger, "a dependentRequired trigger");
                }
                for (i, name) in names.as_array().into_iter().flatten().enumerate() {
                    if let Value::String(name) = name {
                        if !contract.is_declared(name) {
                            return undeclared(format!("{here}/{i}"), name, &format!("required when {trigger} is set"));
                        }
                    }
                }
            }
        }
        Ok(Next::Descend)
    })
}
