//! The one traversal of a contract document: every check that looks through the JSON (depth,
//! `$ref`s, `required` names, the docs' conditions) visits it through [`walk`], with the JSON
//! pointer of each value, so none writes its own recursion or pointer escaping.

use crate::error::{push_index, push_segment};
use crate::schema::member;
use serde_json::Value;

/// Keys whose values are data, not schemas: `$ref`s inside them are not references.
pub(crate) const DATA_KEYS: &[&str] = &["default", "examples", "const", "enum"];

/// Which values under a value a walk goes into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Every member of every object and array.
    Everything,
    /// Every member, except the values of data keywords ([`DATA_KEYS`]).
    Schemas,
    /// The subschemas whose `required` applies to the variables of the schema they are in:
    /// `allOf`/`anyOf`/`oneOf` items, `not`, `if`/`then`/`else`, and the members of
    /// `dependentSchemas` and `x-environments`.
    Conditions,
    /// `allOf`/`anyOf`/`oneOf` items only.
    Combinators,
}

/// What the visitor wants next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// Go into this value's children.
    Descend,
    /// Leave its children alone.
    Prune,
}

/// Walks past this depth are cut short (the loader refuses deeper documents first, naming
/// the place; this only keeps the recursion bounded whatever the caller).
const CUT: usize = super::MAX_DEPTH + 2;

/// Visits `value` and the values under it, parents first, depth-first in document order.
/// The visitor gets each value, its JSON pointer (relative to `value`, prefixed by `at`) and
/// its depth; its first error ends the walk.
pub(crate) fn walk<'v, E>(
    value: &'v Value,
    at: &str,
    into: Reach,
    visit: &mut impl FnMut(&'v Value, &str, usize) -> Result<Next, E>,
) -> Result<(), E> {
    let mut pointer = at.to_string();
    go(value, &mut pointer, 0, into, visit)
}

fn go<'v, E>(
    value: &'v Value,
    at: &mut String,
    depth: usize,
    into: Reach,
    visit: &mut impl FnMut(&'v Value, &str, usize) -> Result<Next, E>,
) -> Result<(), E> {
    if visit(value, at, depth)? == Next::Prune || depth > CUT {
        return Ok(());
    }
    // Each child's pointer is this one plus its segments, written into the one buffer and
    // cut back after the child's walk.
    let mut child = |at: &mut String, len: usize, v: &'v Value| -> Result<(), E> {
        let out = go(v, at, depth + 1, into, visit);
        at.truncate(len);
        out
    };
    let len = at.len();
    match (into, value) {
        (Reach::Everything | Reach::Schemas, Value::Object(map)) => {
            for (k, v) in map {
                if into == Reach::Schemas && DATA_KEYS.contains(&k.as_str()) {
                    continue;
                }
                push_segment(at, k);
                child(at, len, v)?;
            }
        }
        (Reach::Everything | Reach::Schemas, Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                push_index(at, i);
                child(at, len, v)?;
            }
        }
        (Reach::Conditions | Reach::Combinators, Value::Object(map)) => {
            for key in ["allOf", "anyOf", "oneOf"] {
                if let Some(Value::Array(items)) = member(map, key) {
                    for (i, v) in items.iter().enumerate() {
                        push_segment(at, key);
                        push_index(at, i);
                        child(at, len, v)?;
                    }
                }
            }
            if into == Reach::Conditions {
                for key in ["not", "if", "then", "else"] {
                    if let Some(v) = member(map, key) {
                        push_segment(at, key);
                        child(at, len, v)?;
                    }
                }
                for key in ["x-environments", "dependentSchemas"] {
                    if let Some(Value::Object(members)) = member(map, key) {
                        for (name, v) in members {
                            push_segment(at, key);
                            push_segment(at, name);
                            child(at, len, v)?;
                        }
                    }
                }
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pointers(doc: &Value, into: Reach) -> Vec<String> {
        let mut out = Vec::new();
        walk(doc, "", into, &mut |_, at: &str, _| -> Result<Next, ()> {
            out.push(at.to_string());
            Ok(Next::Descend)
        })
        .unwrap();
        out
    }

    #[test]
    fn each_mode_visits_its_own_values_with_escaped_pointers() {
        let doc = json!({
            "properties": {"a/b": {"default": {"$ref": "#/x"}}},
            "allOf": [{"then": {"required": ["A"]}}],
            "x-environments": {"prod": {"required": []}}
        });
        let all = pointers(&doc, Reach::Everything);
        assert!(all.contains(&"/properties/a~1b/default/$ref".to_string()));
        let schemas = pointers(&doc, Reach::Schemas);
        assert!(schemas.contains(&"/properties/a~1b".to_string()));
        assert!(!schemas.iter().any(|p| p.contains("/default")));
        assert_eq!(pointers(&doc, Reach::Conditions), ["", "/allOf/0", "/allOf/0/then", "/x-environments/prod"]);
        assert_eq!(pointers(&doc, Reach::Combinators), ["", "/allOf/0"]);
    }

    #[test]
    fn a_pruned_value_keeps_its_children_out() {
        let doc = json!({"allOf": [{"allOf": [{}]}]});
        let mut seen = Vec::new();
        walk(&doc, "/root", Reach::Combinators, &mut |_, at: &str, depth| -> Result<Next, ()> {
            seen.push(at.to_string());
            Ok(if depth == 1 { Next::Prune } else { Next::Descend })
        })
        .unwrap();
        assert_eq!(seen, ["/root", "/root/allOf/0"]);
    }
}
