//! What a contract's load reads out of the document's own keywords and each variable's.
//!
//! The document's whole shape is checked first, against the meta-schema built from
//! `meta::ContractDoc` (`shape::check_shape`); these structs then take only the fields the
//! contract keeps and skip everything else unread. Deserialising into `ContractDoc` itself
//! (every variable a `VarSchema`, each with a `#[serde(flatten)]` map that buffers and copies
//! every other keyword) cost a tenth of loading a contract, for fields nothing read.
//! A variable's schema, `$ref`s folded in, is read the same way (`spec::make_spec`): a
//! `$defs` entry is not under the meta-schema, so a wrong type there is still refused here,
//! in serde's words.

use crate::meta::{EmptyPolicy, StripeKind, StripeMode, TypeSpec, UnknownPolicy, UrlRule};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The root keywords `Contract::build` reads.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Head {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub required: Option<Vec<String>>,
    #[serde(rename = "x-client-prefixes", default)]
    pub client_prefixes: Option<Vec<String>>,
    #[serde(rename = "x-environment-from", default)]
    pub environment_from: Option<Vec<String>>,
    #[serde(rename = "x-environments", default)]
    pub environments: Option<BTreeMap<String, ProfileHead>>,
    #[serde(rename = "x-unknown", default)]
    pub unknown: Option<UnknownPolicy>,
    #[serde(rename = "x-empty", default)]
    pub empty: Option<EmptyPolicy>,
}

/// A profile's own keywords (its `properties` are read as variables, `spec::make_spec`).
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct ProfileHead {
    #[serde(default)]
    pub required: Option<Vec<String>>,
    #[serde(rename = "x-warn", default)]
    pub warn: Option<Vec<String>>,
    #[serde(rename = "x-stripe-mode", default)]
    pub stripe_mode: Option<StripeMode>,
}

/// The keywords of one variable's schema that its `VarSpec` keeps.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct VarHead {
    #[serde(rename = "type", default)]
    pub ty: Option<TypeSpec>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub default: Option<Value>,
    #[serde(rename = "x-secret", default)]
    pub secret: Option<bool>,
    #[serde(rename = "x-url", default)]
    pub url: Option<UrlRule>,
    #[serde(rename = "x-stripe", default)]
    pub stripe: Option<StripeKind>,
    #[serde(rename = "x-separator", default)]
    pub separator: Option<String>,
    #[serde(rename = "x-deprecated-by", default)]
    pub deprecated_by: Option<String>,
    #[serde(rename = "x-empty", default)]
    pub empty: Option<EmptyPolicy>,
}
