//! `$ref`s: presets (`env-contract:NAME`) rewritten to `#/$defs/…`, every in-document
//! reference checked to point at something, and a variable's `$ref` chain folded into one
//! schema for the variable model.

use super::MAX_DEPTH;
use super::walk::{Next, Place, Reach, walk};
use crate::error::{ContractError, ContractErrorKind as Kind};
use crate::presets;
use crate::schema::{field, member};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// `$ref`s by JSON pointer, each with its text as written.
pub(super) type RefTexts = Vec<(String, String)>;

/// Rewrites every preset reference to its `$defs` entry and returns the presets used, and
/// each `$ref` rewritten (its JSON pointer and its text before), which is what it takes to
/// give the document back as written (`Contract::document`).
/// A `$ref` that is neither a preset nor inside the document is refused.
pub(super) fn rewrite_refs(doc: &mut Value) -> Result<(BTreeSet<String>, RefTexts), ContractError> {
    let mut found: Vec<(String, String)> = Vec::new();
    walk(doc, "", Reach::Schemas, &mut |value, at: &Place, _| {
        if let Some(Value::String(r)) = field(value, "$ref") {
            found.push((format!("{at}/$ref"), r.clone()));
        }
        Ok::<_, ContractError>(Next::Descend)
    })?;
    let mut used = BTreeSet::new();
    let mut rewritten = Vec::new();
    for (here, r) in found {
        if let Some(name) = r.strip_prefix(presets::PREFIX) {
            if presets::get(name).is_none() {
                let known: Vec<&str> = presets::all().iter().map(|p| p.name).collect();
                return Err(ContractError::at(
                    Kind::Preset,
                    here,
                    format!("unknown preset \"{r}\"; the presets are {}", known.join(", ")),
                ));
            }
            if let Some(slot) = doc.pointer_mut(&here) {
                *slot = Value::String(format!("#/$defs/{}", presets::def_key(name)));
            }
            used.insert(name.to_string());
            rewritten.push((here, r));
        } else if !r.starts_with('#') {
            return Err(ContractError::at(
                Kind::Ref,
                here,
                format!(
                    "\"{r}\" leaves the contract: a $ref points inside the document (\"#/$defs/…\"), at a preset (\"env-contract:NAME\") or into another contract file of the project by a relative path (\"../shared/env.contract.json#/properties/NAME\")"
                ),
            ));
        }
    }
    Ok((used, rewritten))
}

/// Every in-document `$ref` must point at something.
pub(super) fn check_local_refs(doc: &Value) -> Result<(), ContractError> {
    walk(doc, "", Reach::Schemas, &mut |value, at: &Place, _| {
        if let Some(Value::String(r)) = field(value, "$ref") {
            if lookup(doc, r).is_none() {
                return Err(ContractError::at(
                    Kind::Ref,
                    format!("{at}/$ref"),
                    format!("\"{r}\" does not point at anything in the contract"),
                ));
            }
        }
        Ok(Next::Descend)
    })
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

/// Decodes `%XX` escapes (RFC 3986) of a URI fragment. Works on bytes, so an escape next to
/// a multi-byte character (`%aé`) is left as it is instead of cutting the character; bytes
/// that do not form UTF-8 become U+FFFD.
pub(crate) fn percent_decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
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
pub(super) fn resolve(
    doc: &Value,
    schema: &Value,
    at: &str,
    depth: usize,
) -> Result<Map<String, Value>, ContractError> {
    if depth > MAX_DEPTH {
        return Err(ContractError::at(Kind::Ref, at, "the $ref chain is a cycle (or deeper than 64 steps)"));
    }
    let Value::Object(own) = schema else {
        return Ok(Map::new());
    };
    let Some(reference) = member(own, "$ref") else {
        return Ok(own.clone());
    };
    let mut merged = match reference.as_str() {
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
pub(super) fn merge_into(base: &mut Map<String, Value>, over: Map<String, Value>) {
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

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn percent_escapes_decode_on_bytes_and_never_cut_a_character() {
        assert_eq!(percent_decode("/a%20b"), "/a b");
        assert_eq!(percent_decode("/%aé"), "/%aé");
        assert_eq!(percent_decode("/%é"), "/%é");
        assert_eq!(percent_decode("/%C3%A9"), "/é");
        assert_eq!(percent_decode("/x%"), "/x%");
        assert_eq!(percent_decode("/%FF"), "/\u{FFFD}");
    }
}
