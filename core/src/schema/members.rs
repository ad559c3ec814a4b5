//! Validating a check's values one by one, without the object that holds them.
//!
//! A contract's root (and each profile's, which joins it under `allOf`) nearly always asserts
//! only things of each member: `type: object`, `properties`, `required`. For such a schema,
//! an object is valid exactly when every required member is there and each member meets the
//! subschemas `properties` gives it, wherever they sit under `allOf`. [`Schema::members_plan`]
//! works out, once per compiled schema, which subschemas and which `required` fall on each
//! declared name; [`Schema::members_valid`] then answers for the values in name order, with
//! no map built, no name hashed or compared. Any other keyword on the way (`patternProperties`
//! of a family, `additionalProperties`, `if`, `dependentRequired`, a `$ref`, …) means no plan,
//! and the check validates the object as before. The tests hold both answers equal.

use super::Schema;
use super::compile::{Kw, Node, NodeId, types};
use super::validate::{ROOT, Run};
use serde_json::Value;

/// For each name of a sorted list: the subschemas its value must meet, and whether it must be
/// there.
#[derive(Debug, Default)]
pub(crate) struct MembersPlan {
    /// The subschemas of name `i` are `nodes[starts[i]..starts[i + 1]]`: one array for all
    /// (at 10,000 names, one allocation a name was one more cache miss a value).
    starts: Vec<u32>,
    nodes: Vec<NodeId>,
    required: Vec<bool>,
}

/// A plan as it is gathered: each name's subschemas in a list of its own.
struct Gathering {
    nodes: Vec<Vec<NodeId>>,
    required: Vec<bool>,
}

/// How deep `allOf` may nest in a plan (deeper: no plan, the object is validated instead).
const MAX_NESTING: usize = 8;

impl Schema {
    /// The plan of this schema for objects whose members are `names` (sorted) or some of them,
    /// when its root asserts only things of each member; `None` otherwise (see the module docs).
    pub(crate) fn members_plan(&self, names: &[String]) -> Option<MembersPlan> {
        if self.dynamic {
            return None;
        }
        let mut plan = Gathering { nodes: vec![Vec::new(); names.len()], required: vec![false; names.len()] };
        self.gather(0, names, &mut plan, 0)?;
        let mut starts = Vec::with_capacity(names.len() + 1);
        let mut nodes = Vec::with_capacity(plan.nodes.iter().map(Vec::len).sum());
        for list in &plan.nodes {
            starts.push(u32::try_from(nodes.len()).ok()?);
            nodes.extend_from_slice(list);
        }
        starts.push(u32::try_from(nodes.len()).ok()?);
        Some(MembersPlan { starts, nodes, required: plan.required })
    }

    fn gather(&self, id: NodeId, names: &[String], plan: &mut Gathering, depth: usize) -> Option<()> {
        let obj = match &self.nodes[id as usize] {
            Node::Bool(true) => return Some(()),
            Node::Bool(false) => return None,
            Node::Object(o) if o.unevaluated || depth > MAX_NESTING => return None,
            Node::Object(o) => o,
        };
        let at = |name: &str| names.binary_search_by(|n| n.as_str().cmp(name)).ok();
        for kw in &obj.keywords {
            match kw {
                Kw::Type(mask, _) if mask & types::OBJECT != 0 => {}
                Kw::Properties(props, _) => {
                    for (name, node) in props {
                        // A name outside the list is never a member: its subschema never runs.
                        if let Some(i) = at(name) {
                            plan.nodes[i].push(*node);
                        }
                    }
                }
                Kw::Required(required, _) => {
                    for name in required {
                        plan.required[at(name)?] = true;
                    }
                }
                Kw::AllOf(ids) => {
                    for id in ids {
                        self.gather(*id, names, plan, depth + 1)?;
                    }
                }
                _ => return None,
            }
        }
        Some(())
    }

    /// Whether the object of these members is valid: `values[i]` is the value of the plan's
    /// `i`-th name, `None` when absent.
    pub(crate) fn members_valid(&self, plan: &MembersPlan, values: &[Option<Value>]) -> bool {
        let mut run = Run::new(self, false);
        let bounds = plan.starts.windows(2).map(|w| w[0] as usize..w[1] as usize);
        values.iter().zip(bounds).zip(&plan.required).all(|((value, at), required)| match value {
            None => !required,
            Some(v) => plan.nodes[at].iter().all(|n| run.node(*n, v, &ROOT, &ROOT, None, 0)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::compile;
    use serde_json::{Map, Value, json};

    /// The plan's answer equals the whole object's validation, for each of `objects`.
    fn agrees(schema: &Value, names: &[&str], objects: &[Value]) -> bool {
        let s = compile(schema, true).unwrap();
        let names: Vec<String> = names.iter().map(ToString::to_string).collect();
        let Some(plan) = s.members_plan(&names) else { return false };
        for object in objects {
            let Value::Object(map) = object else { unreachable!() };
            let values: Vec<Option<Value>> = names.iter().map(|n| map.get(n).cloned()).collect();
            assert_eq!(s.members_valid(&plan, &values), s.is_valid(object), "{schema} on {object}");
        }
        true
    }

    #[test]
    fn a_contract_root_and_a_profile_are_planned_and_agree() {
        let root = json!({
            "type": "object",
            "properties": {
                "PORT": {"type": "integer", "minimum": 1, "maximum": 65535},
                "URL": {"type": "string", "format": "uri"},
                "MODE": {"enum": ["a", "b"]},
            },
            "required": ["PORT"],
            "allOf": [{"properties": {"MODE": {"const": "a"}}, "required": ["URL"]}],
        });
        let objects = [
            json!({"PORT": 80, "URL": "https://example.com", "MODE": "a"}),
            json!({"PORT": 80, "URL": "https://example.com", "MODE": "b"}),
            json!({"PORT": 80, "URL": "https://example.com"}),
            json!({"PORT": 80}),
            json!({"URL": "https://example.com", "MODE": "a"}),
            json!({"PORT": 0, "URL": "https://example.com", "MODE": "a"}),
            json!({"PORT": 80, "URL": "not a uri", "MODE": "a"}),
            json!({}),
        ];
        assert!(agrees(&root, &["MODE", "PORT", "URL"], &objects));
        // A declared name no subschema speaks of is allowed any value.
        assert!(agrees(&root, &["EXTRA", "MODE", "PORT", "URL"], &[json!({"EXTRA": [1], "PORT": 1, "URL": "a:b"})]));
    }

    #[test]
    fn anything_beyond_members_is_validated_whole() {
        let names = ["A", "B"];
        for schema in [
            json!({"properties": {"A": {}}, "additionalProperties": false}),
            json!({"patternProperties": {"^A": {"type": "string"}}}),
            json!({"if": {"required": ["A"]}, "then": {"required": ["B"]}}),
            json!({"dependentRequired": {"A": ["B"]}}),
            json!({"minProperties": 1}),
            json!({"type": "string"}),
            json!({"required": ["C"]}),
            json!({"$ref": "#/$defs/x", "$defs": {"x": {}}}),
            json!({"unevaluatedProperties": false}),
            json!({"allOf": [false]}),
        ] {
            assert!(!agrees(&schema, &names, &[]), "{schema} was planned");
        }
    }

    /// Generated schemas and objects: whenever there is a plan, it answers as the whole
    /// object's validation does.
    #[test]
    fn the_plan_agrees_with_the_object_over_generated_cases() {
        let subschemas = [
            json!({"type": "integer"}),
            json!({"type": "string", "minLength": 2}),
            json!({"enum": [1, "x"]}),
            json!(true),
            json!(false),
            json!({"not": {"const": 1}}),
        ];
        let values = [json!(1), json!("x"), json!("xy"), json!(null)];
        let names = ["A", "B", "C"];
        let mut planned = 0;
        for (i, a) in subschemas.iter().enumerate() {
            for b in &subschemas[i..] {
                for required in [vec![], vec!["A"], vec!["A", "C"]] {
                    let schema = json!({
                        "type": "object",
                        "properties": {"A": a, "B": b},
                        "required": required,
                        "allOf": [{"properties": {"B": a, "C": b}}],
                    });
                    let mut objects = Vec::new();
                    for va in values.iter().map(Some).chain([None]) {
                        for vc in values.iter().map(Some).chain([None]) {
                            let mut m = Map::new();
                            if let Some(v) = va {
                                m.insert("A".into(), v.clone());
                            }
                            m.insert("B".into(), json!("xy"));
                            if let Some(v) = vc {
                                m.insert("C".into(), v.clone());
                            }
                            objects.push(Value::Object(m));
                        }
                    }
                    planned += usize::from(agrees(&schema, &names, &objects));
                }
            }
        }
        assert_eq!(planned, 63);
    }
}
