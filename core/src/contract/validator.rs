//! Compiling the JSON Schema validators (the root's, and one per `x-environments` profile):
//! draft 2020-12, formats asserted, linear-time patterns, no network; compile errors said in
//! env-contract's terms.

use super::walk::{Next, Place, Reach, walk};
use crate::error::{ContractError, ContractErrorKind as Kind};
use crate::schema::{CompileErrorKind, Schema, field};
use serde_json::Value;

/// The values of `format` a contract may use: the formats JSON Schema 2020-12 defines, each
/// checked on the value.
pub const FORMATS: &[&str] = &[
    "date",
    "date-time",
    "duration",
    "email",
    "hostname",
    "idn-email",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "iri",
    "iri-reference",
    "json-pointer",
    "regex",
    "relative-json-pointer",
    "time",
    "uri",
    "uri-reference",
    "uri-template",
    "uuid",
];

/// Refuses a `format` no check exists for, naming the ones that do (a contract that says
/// `format: "phone"` expects it to be checked; ignoring it would pass any value).
pub(super) fn check_formats(doc: &Value) -> Result<(), ContractError> {
    walk(doc, "", Reach::Schemas, &mut |value, at: &Place, _| {
        if let Some(Value::String(format)) = field(value, "format") {
            if !FORMATS.contains(&format.as_str()) {
                return Err(ContractError::at(
                    Kind::Format,
                    format!("{at}/format"),
                    format!(
                        "unknown format \"{format}\": the formats env-contract checks are {}; for another shape of value, use \"pattern\"",
                        FORMATS.join(", ")
                    ),
                ));
            }
        }
        Ok(Next::Descend)
    })
}

/// Compiles a validator (core's own, `crate::schema`): draft 2020-12, formats asserted,
/// linear-time patterns, nothing fetched. Errors point into the contract (a profile's at its
/// place under `x-environments`).
pub(super) fn compile(schema: &Value, profile: Option<(usize, &str)>) -> Result<Schema, ContractError> {
    crate::schema::compile(schema, true).map_err(|e| {
        let mut at = e.pointer;
        if let Some((index, profile_at)) = profile {
            let prefix = format!("/allOf/{index}");
            if let Some(rest) = at.strip_prefix(&prefix) {
                at = format!("{profile_at}{rest}");
            }
        }
        let (kind, message) = match e.kind {
            CompileErrorKind::Pattern => (Kind::Pattern, e.message),
            CompileErrorKind::Format => (Kind::Format, e.message),
            CompileErrorKind::Ref => (Kind::Ref, e.message),
            CompileErrorKind::Keyword => (Kind::Schema, e.message),
        };
        ContractError::at(kind, at, message)
    })
}

#[cfg(test)]
mod email_format_tests {
    #[test]
    fn the_contract_uses_the_html_email_check() {
        let c = crate::Contract::from_value(
            &serde_json::json!({"type": "object", "properties": {"E": {"type": "string", "format": "email"}}}),
        )
        .unwrap();
        let env: crate::Env = [("E".to_string(), "a@[127.0.0.1]".to_string())].into_iter().collect();
        let out = c.check(&env, &crate::CheckOptions::default());
        assert_eq!(out.report.problems.len(), 1, "an IP literal is not an address an app mails");
    }
}
