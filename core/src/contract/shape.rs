//! The contract's shape: how deep it nests, and the meta-schema (`schema/env-contract.schema.json`,
//! generated from `meta.rs`) it must satisfy.

use super::MAX_DEPTH;
use super::walk::{Next, Reach, walk};
use crate::error::{ContractError, ContractErrorKind as Kind};
use jsonschema::Validator;
use serde_json::Value;
use std::sync::OnceLock;

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
pub(super) fn check_shape(value: &Value) -> Result<(), ContractError> {
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
pub(super) fn check_depth(value: &Value) -> Result<(), ContractError> {
    walk(value, "", Reach::Everything, &mut |_, at: &str, depth| {
        if depth > MAX_DEPTH {
            return Err(ContractError::at(
                Kind::Schema,
                at,
                format!("the contract nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(Next::Descend)
    })
}
