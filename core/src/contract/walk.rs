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

/// Where a walk is: the JSON pointer of the value being visited, kept as its segments and
/// written out only when a visitor asks (`Display`, `to_string`): a load walks every value of
/// the contract several times and needs a pointer only for an error or a found `$ref`, and
/// writing each one out, escaped, cost more than the visit.
pub(crate) struct Place<'v> {
    prefix: &'v str,
    segments: Vec<Segment<'v>>,
}

#[derive(Clone, Copy)]
enum Segment<'v> {
    Key(&'v str),
    Index(usize),
}

impl std::fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::from(self.prefix);
        for segment in &self.segments {
            match *segment {
                Segment::Key(key) => push_segment(&mut out, key),
                Segment::Index(i) => push_index(&mut out, i),
            }
        }
        f.write_str(&out)
    }
}

/// Visits `value` and the values under it, parents first, depth-first in document order.
/// The visitor gets each value, its JSON pointer (relative to `value`, prefixed by `at`) and
/// its depth; its first error ends the walk.
pub(crate) fn walk<'v, E>(
    value: &'v Value,
    at: &'v str,
    into: Reach,
    visit: &mut impl FnMut(&'v Value, &Place<'v>, usize) -> Result<Next, E>,
) -> Result<(), E> {
    let mut path = Place { prefix: at, segments: Vec::new() };
    go(value, &mut path, 0, into, visit)
}

fn go<'v, E>(
    value: &'v Value,
    path: &mut Place<'v>,
    depth: usize,
    into: Reach,
    visit: &mut impl FnMut(&'v Value, &Place<'v>, usize) -> Result<Next, E>,
) -> Result<(), E> {
    if visit(value, path, depth)? == Next::Prune || depth > CUT {
        return Ok(());
    }
    // Each child's path is this one plus its segments, cut back after the child's walk.
    let len = path.segments.len();
    let mut child = |path: &mut Place<'v>, segments: &[Segment<'v>], v: &'v Value| -> Result<(), E> {
        path.segments.extend_from_slice(segments);
        let out = go(v, path, depth + 1, into, visit);
        path.segments.truncate(len);
        out
    };
    match (into, value) {
        (Reach::Everything | Reach::Schemas, Value::Object(map)) => {
            for (k, v) in map {
                if into == Reach::Schemas && DATA_KEYS.contains(&k.as_str()) {
                    continue;
                }
                child(path, &[Segment::Key(k)], v)?;
            }
        }
        (Reach::Everything | Reach::Schemas, Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                child(path, &[Segment::Index(i)], v)?;
            }
        }
        (Reach::Conditions | Reach::Combinators, Value::Object(map)) => {
            for key in ["allOf", "anyOf", "oneOf"] {
                if let Some(Value::Array(items)) = member(map, key) {
                    for (i, v) in items.iter().enumerate() {
                        child(path, &[Segment::Key(key), Segment::Index(i)], v)?;
                    }
                }
            }
            if into == Reach::Conditions {
                for key in ["not", "if", "then", "else"] {
                    if let Some(v) = member(map, key) {
                        child(path, &[Segment::Key(key)], v)?;
                    }
                }
                for key in ["x-environments", "dependentSchemas"] {
                    if let Some(Value::Object(members)) = member(map, key) {
                        for (name, v) in members {
                            child(path, &[Segment::Key(key), Segment::Key(name)], v)?;
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
        walk(doc, "", into, &mut |_, at: &Place, _| -> Result<Next, ()> {
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
        walk(&doc, "/root", Reach::Combinators, &mut |_, at: &Place, depth| -> Result<Next, ()> {
            seen.push(at.to_string());
            Ok(if depth == 1 { Next::Prune } else { Next::Descend })
        })
        .unwrap();
        assert_eq!(seen, ["/root", "/root/allOf/0"]);
    }
}
