//! From a JSON document to the validator's nodes: each schema object once (by its JSON
//! pointer), keywords checked against what the draft allows, `$ref`s resolved by a worklist so
//! that reference chains and cycles never recurse.

use super::Schema;
use super::pattern;
use crate::error::{join_index, join_segment, push_segment};
use crate::hash::{NameMap, NameSet};
use regex::Regex;
use serde_json::{Number, Value};
use std::collections::HashMap;
use std::sync::Arc;

pub(crate) type NodeId = u32;

#[derive(Debug)]
pub(crate) enum Node {
    Bool(bool),
    Object(Obj),
}

#[derive(Debug, Default)]
pub(crate) struct Obj {
    pub keywords: Vec<Kw>,
    /// The resource this schema starts (an embedded `$id`, or the root), for `$dynamicRef`.
    pub resource: Option<u32>,
    /// Whether a keyword here reads annotations (`unevaluatedProperties`/`Items`).
    pub unevaluated: bool,
}

/// JSON types as bits.
pub(crate) mod types {
    pub const NULL: u8 = 1;
    pub const BOOLEAN: u8 = 2;
    pub const INTEGER: u8 = 4;
    pub const NUMBER: u8 = 8;
    pub const STRING: u8 = 16;
    pub const ARRAY: u8 = 32;
    pub const OBJECT: u8 = 64;
    pub const NAMES: [(&str, u8); 7] = [
        ("null", NULL),
        ("boolean", BOOLEAN),
        ("integer", INTEGER),
        ("number", NUMBER),
        ("string", STRING),
        ("array", ARRAY),
        ("object", OBJECT),
    ];
}

#[derive(Debug)]
pub(crate) enum Kw {
    Ref(NodeId),
    /// `$dynamicRef`: where it leads statically, and the anchor name to look up in the dynamic
    /// scope when that target is a `$dynamicAnchor`.
    DynamicRef(NodeId, Option<String>),
    Type(u8, Vec<&'static str>),
    Enum(Vec<Value>),
    /// `enum` of strings only (a contract's allowed values nearly always are): the strings in
    /// one allocation ([`Texts`]), the list as written beside them for errors.
    EnumTexts(Texts, Vec<Value>),
    Const(Value),
    MultipleOf(Number),
    Minimum(Number),
    Maximum(Number),
    ExclusiveMinimum(Number),
    ExclusiveMaximum(Number),
    MinLength(u64),
    MaxLength(u64),
    Pattern(Arc<Regex>, String),
    Format(&'static str),
    MinItems(u64),
    MaxItems(u64),
    UniqueItems,
    Contains {
        node: NodeId,
        min: u64,
        max: Option<u64>,
    },
    MinProperties(u64),
    MaxProperties(u64),
    /// The names in the schema's order (errors follow it) and their positions in name order.
    Required(Vec<String>, Sorted),
    DependentRequired(Vec<(String, Vec<String>)>),
    AllOf(Vec<NodeId>),
    AnyOf(Vec<NodeId>),
    OneOf(Vec<NodeId>),
    Not(NodeId),
    If {
        cond: NodeId,
        then: Option<NodeId>,
        otherwise: Option<NodeId>,
    },
    DependentSchemas(Vec<(String, NodeId)>),
    PrefixItems(Vec<NodeId>),
    /// `items`, applied from index `from` (after `prefixItems`).
    Items {
        node: NodeId,
        from: usize,
    },
    /// The members in the schema's order and their positions in name order.
    Properties(Vec<(String, NodeId)>, Sorted),
    PatternProperties(Vec<(Arc<Regex>, String, NodeId)>),
    /// `additionalProperties`, with the names and patterns of its siblings.
    AdditionalProperties {
        node: NodeId,
        names: Vec<String>,
        patterns: Vec<Arc<Regex>>,
    },
    PropertyNames(NodeId),
    UnevaluatedItems(NodeId),
    UnevaluatedProperties(NodeId),
}

/// Positions of a keyword's names in name order, so that the fast walk can go through them
/// beside an object whose keys are in name order (as a check builds its instance) instead of
/// hashing each name into it.
pub(crate) type Sorted = Vec<u32>;

/// Strings side by side in one allocation, each after its length (4 bytes, little-endian):
/// `enum`'s strings read in one place, not through a `Vec` of `Value`s and a buffer each (at
/// 10,000 variables, each a cache miss for every value an `enum` is checked against).
#[derive(Debug)]
pub(crate) struct Texts(Box<[u8]>);

impl Texts {
    /// The strings of `values`, when every one is a string (and each is shorter than 4 GiB).
    fn of(values: &[Value]) -> Option<Texts> {
        let mut bytes = Vec::with_capacity(values.iter().map(|v| v.as_str().map_or(0, |s| s.len() + 4)).sum());
        for v in values {
            let s = v.as_str()?;
            bytes.extend_from_slice(&u32::try_from(s.len()).ok()?.to_le_bytes());
            bytes.extend_from_slice(s.as_bytes());
        }
        Some(Texts(bytes.into_boxed_slice()))
    }

    /// Whether `s` is one of the strings.
    pub(crate) fn contains(&self, s: &str) -> bool {
        let (mut rest, want) = (&self.0[..], s.as_bytes());
        while let Some((len, tail)) = rest.split_first_chunk::<4>() {
            let len = u32::from_le_bytes(*len) as usize;
            let (text, after) = tail.split_at(len);
            if text == want {
                return true;
            }
            rest = after;
        }
        false
    }
}

fn sorted<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> Sorted {
    let names: Vec<&str> = names.collect();
    let mut order: Vec<u32> = (0..u32::try_from(names.len()).unwrap_or(u32::MAX)).collect();
    order.sort_unstable_by(|a, b| names[*a as usize].cmp(names[*b as usize]));
    order
}

/// Why a schema does not compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompileError {
    pub kind: CompileErrorKind,
    /// The JSON pointer of the keyword.
    pub pointer: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CompileErrorKind {
    /// A keyword's value is not what the draft allows.
    Keyword,
    /// A `pattern` or `patternProperties` key that does not compile.
    Pattern,
    /// A `format` no check exists for.
    Format,
    /// A `$ref` that leads nowhere.
    Ref,
}

type Result<T> = std::result::Result<T, CompileError>;

/// An error at `pointer`; a message that starts with "must" is about the keyword there, and
/// names it.
fn err<T>(kind: CompileErrorKind, pointer: &str, message: impl Into<String>) -> Result<T> {
    let mut message = message.into();
    if message.starts_with("must ") {
        let keyword = crate::error::last_segment(pointer);
        message = format!("`{keyword}` {message}");
    }
    Err(CompileError { kind, pointer: pointer.to_string(), message })
}

/// Compiles a JSON Schema 2020-12 document (its root is the schema). With `formats`, `format`
/// asserts and an unknown one is an error (a contract); without, it is an annotation (the
/// draft's default, what the contract's own meta-schema wants).
pub(crate) fn compile(doc: &Value, formats: bool) -> Result<Schema> {
    let mut c = Compiler {
        doc,
        formats,
        nodes: Vec::new(),
        by_pointer: NameMap::default(),
        work: Vec::new(),
        resources: Vec::new(),
        anchors: NameMap::default(),
        dynamic_names: NameSet::default(),
        dynamic: false,
    };
    c.find_resources(doc, "", 0);
    c.node_for(String::new(), Some(doc));
    // Where a `$dynamicRef` may lead at run time: compiled whether or not a `$ref` leads there.
    let dynamic: Vec<String> =
        c.resources.iter().flat_map(|r| r.dynamic_anchors.iter().map(|(_, p)| p.clone())).collect();
    for pointer in dynamic {
        c.node_for(pointer, None);
    }
    while let Some((id, pointer, value)) = c.work.pop() {
        let node = match value.or_else(|| doc.pointer(&pointer)) {
            Some(value) => c.compile_node(value, &pointer)?,
            None => return err(CompileErrorKind::Ref, &pointer, "a $ref points at nothing"),
        };
        c.nodes[id as usize] = node;
    }
    c.refuse_loops()?;
    let dynamic_anchors = c
        .resources
        .iter()
        .map(|r| {
            r.dynamic_anchors.iter().map(|(name, pointer)| (name.clone(), c.by_pointer[pointer])).collect::<Vec<_>>()
        })
        .collect();
    Ok(Schema { nodes: c.nodes, dynamic: c.dynamic, dynamic_anchors })
}

struct Resource {
    pointer: String,
    /// `$dynamicAnchor` name → the pointer of its schema.
    dynamic_anchors: Vec<(String, String)>,
}

struct Compiler<'d> {
    doc: &'d Value,
    formats: bool,
    nodes: Vec<Node>,
    /// Every node by its schema's JSON pointer. These maps hash with core's name hasher, not
    /// `SipHash`: their keys come from the contract, which whoever writes it runs anyway
    /// (`crate::hash`), and hashing them was a tenth of a contract's compile.
    by_pointer: NameMap<String, NodeId>,
    /// Nodes allocated but not compiled yet, with their schema where the compiler had it in
    /// hand (a member or an item; a `$ref`'s target is looked up by its pointer).
    work: Vec<(NodeId, String, Option<&'d Value>)>,
    resources: Vec<Resource>,
    /// (resource index, anchor name) → pointer, for `$anchor` and `$dynamicAnchor`.
    anchors: NameMap<(usize, String), String>,
    /// (resource index, name) of every `$dynamicAnchor`.
    dynamic_names: NameSet<(usize, String)>,
    dynamic: bool,
}

/// Keywords whose values are schemas, by how they hold them.
const ONE: &[&str] = &[
    "additionalProperties",
    "propertyNames",
    "items",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];
const LIST: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
const MAP: &[&str] = &["properties", "patternProperties", "$defs", "dependentSchemas", "definitions"];

impl<'d> Compiler<'d> {
    /// Records every resource (the root, each embedded `$id`) and anchor, before any `$ref` is
    /// followed.
    fn find_resources(&mut self, value: &Value, pointer: &str, depth: usize) {
        let Value::Object(map) = value else { return };
        if depth > crate::contract::MAX_DEPTH + 2 {
            return;
        }
        let starts = pointer.is_empty()
            || super::member(map, "$id").and_then(Value::as_str).is_some_and(|id| !id.starts_with('#'));
        if starts {
            self.resources.push(Resource { pointer: pointer.to_string(), dynamic_anchors: Vec::new() });
        }
        let resource = self.resource_of(pointer);
        if let Some(Value::String(name)) = super::member(map, "$anchor") {
            self.anchors.insert((resource, name.clone()), pointer.to_string());
        }
        if let Some(Value::String(name)) = super::member(map, "$dynamicAnchor") {
            self.anchors.entry((resource, name.clone())).or_insert_with(|| pointer.to_string());
            self.dynamic_names.insert((resource, name.clone()));
            self.resources[resource].dynamic_anchors.push((name.clone(), pointer.to_string()));
        }
        for (key, sub) in map {
            let (one, list) = (ONE.contains(&key.as_str()), LIST.contains(&key.as_str()));
            if !(one || list || MAP.contains(&key.as_str())) {
                continue;
            }
            let here = join_segment(pointer, key);
            if one {
                self.find_resources(sub, &here, depth + 1);
            } else if list {
                if let Value::Array(items) = sub {
                    for (i, item) in items.iter().enumerate() {
                        self.find_resources(item, &join_index(&here, i), depth + 1);
                    }
                }
            } else if let Value::Object(members) = sub {
                for (name, item) in members {
                    self.find_resources(item, &join_segment(&here, name), depth + 1);
                }
            }
        }
    }

    /// The innermost resource a pointer is in.
    fn resource_of(&self, pointer: &str) -> usize {
        let mut best = 0;
        let mut best_len = 0;
        for (i, r) in self.resources.iter().enumerate() {
            let inside = pointer == r.pointer
                || (pointer.starts_with(&r.pointer) && pointer.as_bytes().get(r.pointer.len()) == Some(&b'/'));
            if inside && r.pointer.len() >= best_len {
                best = i;
                best_len = r.pointer.len();
            }
        }
        best
    }

    /// The node of the schema at `pointer`, allocated (and queued) the first time.
    fn node_for(&mut self, pointer: String, value: Option<&'d Value>) -> NodeId {
        if let Some(&id) = self.by_pointer.get(&pointer) {
            return id;
        }
        let id = NodeId::try_from(self.nodes.len()).expect("fewer than 2^32 schemas");
        self.nodes.push(Node::Bool(true));
        self.by_pointer.insert(pointer.clone(), id);
        self.work.push((id, pointer, value));
        id
    }

    /// The pointer a `$ref` (always `#…` here) leads to from the schema at `at`.
    fn target(&self, reference: &str, at: &str, keyword: &str) -> Result<(String, usize)> {
        let here = join_segment(at, keyword);
        let Some(fragment) = reference.strip_prefix('#') else {
            return err(
                CompileErrorKind::Ref,
                &here,
                format!("\"{reference}\" is not a reference inside the document"),
            );
        };
        let resource = self.resource_of(at);
        if fragment.is_empty() || fragment.starts_with('/') {
            let decoded = crate::contract::percent_decode(fragment);
            let pointer = format!("{}{decoded}", self.resources[resource].pointer);
            if self.doc.pointer(&pointer).is_none() {
                return err(CompileErrorKind::Ref, &here, format!("\"{reference}\" does not point at anything"));
            }
            // A pointer into an embedded resource belongs to it.
            let into = self.resource_of(&pointer);
            return Ok((pointer, into));
        }
        match self.anchors.get(&(resource, fragment.to_string())) {
            Some(pointer) => Ok((pointer.clone(), resource)),
            None => err(CompileErrorKind::Ref, &here, format!("no $anchor \"{fragment}\" for \"{reference}\"")),
        }
    }

    fn compile_node(&mut self, value: &'d Value, at: &str) -> Result<Node> {
        let map = match value {
            Value::Bool(b) => return Ok(Node::Bool(*b)),
            Value::Object(map) => map,
            _ => return err(CompileErrorKind::Keyword, at, "a schema must be an object or a boolean"),
        };
        // A keyword each member at most: one allocation, not one per doubling.
        let mut obj = Obj { keywords: Vec::with_capacity(map.len()), ..Obj::default() };
        if at.is_empty() || super::member(map, "$id").and_then(Value::as_str).is_some_and(|id| !id.starts_with('#')) {
            obj.resource = Some(u32::try_from(self.resource_of(at)).unwrap_or(0));
        }
        let sub = |key: &str| join_segment(at, key);
        let mut tail = Vec::new();
        // One buffer for the pointer of each keyword here (most are only named in errors).
        let mut here = String::with_capacity(at.len() + 24);
        for (key, arg) in map {
            here.clear();
            here.push_str(at);
            push_segment(&mut here, key);
            let kw = match key.as_str() {
                "$ref" => {
                    let r = string(arg, &here)?;
                    let (pointer, _) = self.target(r, at, "$ref")?;
                    Kw::Ref(self.node_for(pointer, None))
                }
                "$dynamicRef" => {
                    let r = string(arg, &here)?;
                    let (pointer, resource) = self.target(r, at, "$dynamicRef")?;
                    let name = r.strip_prefix('#').filter(|f| !f.starts_with('/') && !f.is_empty());
                    let dynamic = name.filter(|n| self.dynamic_names.contains(&(resource, (*n).to_string())));
                    if dynamic.is_some() {
                        self.dynamic = true;
                    }
                    Kw::DynamicRef(self.node_for(pointer, None), dynamic.map(ToString::to_string))
                }
                "type" => {
                    let mut bits = 0;
                    let mut names = Vec::new();
                    let list: Vec<&Value> = match arg {
                        Value::Array(xs) => xs.iter().collect(),
                        other => vec![other],
                    };
                    for t in list {
                        let name = t.as_str().unwrap_or("");
                        let Some(&(word, bit)) = types::NAMES.iter().find(|(n, _)| *n == name) else {
                            return err(
                                CompileErrorKind::Keyword,
                                &here,
                                "`type` must be a JSON type name or a list of them",
                            );
                        };
                        bits |= bit;
                        names.push(word);
                    }
                    Kw::Type(bits, names)
                }
                "enum" => match arg {
                    Value::Array(xs) => match Texts::of(xs) {
                        Some(texts) => Kw::EnumTexts(texts, xs.clone()),
                        None => Kw::Enum(xs.clone()),
                    },
                    _ => return err(CompileErrorKind::Keyword, &here, "`enum` must be an array"),
                },
                "const" => Kw::Const(arg.clone()),
                "multipleOf" => match arg {
                    Value::Number(n) if n.as_f64().is_some_and(|f| f > 0.0) => Kw::MultipleOf(n.clone()),
                    _ => return err(CompileErrorKind::Keyword, &here, "`multipleOf` must be a number greater than 0"),
                },
                "minimum" => Kw::Minimum(number(arg, &here)?),
                "maximum" => Kw::Maximum(number(arg, &here)?),
                "exclusiveMinimum" => Kw::ExclusiveMinimum(number(arg, &here)?),
                "exclusiveMaximum" => Kw::ExclusiveMaximum(number(arg, &here)?),
                "minLength" => Kw::MinLength(count(arg, &here)?),
                "maxLength" => Kw::MaxLength(count(arg, &here)?),
                "minItems" => Kw::MinItems(count(arg, &here)?),
                "maxItems" => Kw::MaxItems(count(arg, &here)?),
                "minProperties" => Kw::MinProperties(count(arg, &here)?),
                "maxProperties" => Kw::MaxProperties(count(arg, &here)?),
                "uniqueItems" => match arg {
                    Value::Bool(true) => Kw::UniqueItems,
                    Value::Bool(false) => continue,
                    _ => return err(CompileErrorKind::Keyword, &here, "`uniqueItems` must be a boolean"),
                },
                "pattern" => {
                    let p = string(arg, &here)?;
                    Kw::Pattern(regex(p, &here)?, p.to_string())
                }
                "format" => {
                    let name = string(arg, &here)?;
                    if !self.formats {
                        continue;
                    }
                    match crate::contract::FORMATS.iter().find(|f| **f == name) {
                        Some(f) => Kw::Format(f),
                        None => {
                            return err(CompileErrorKind::Format, &here, format!("unknown format \"{name}\""));
                        }
                    }
                }
                "required" => {
                    let names = strings(arg, &here)?;
                    let order = sorted(names.iter().map(String::as_str));
                    Kw::Required(names, order)
                }
                "dependentRequired" => {
                    let Value::Object(m) = arg else {
                        return err(CompileErrorKind::Keyword, &here, "`dependentRequired` must be an object");
                    };
                    let mut out = Vec::new();
                    for (name, list) in m {
                        out.push((name.clone(), strings(list, &join_segment(&here, name))?));
                    }
                    Kw::DependentRequired(out)
                }
                "contains" => {
                    let min = match map.get("minContains") {
                        Some(v) => count(v, &sub("minContains"))?,
                        None => 1,
                    };
                    let max = map.get("maxContains").map(|v| count(v, &sub("maxContains"))).transpose()?;
                    Kw::Contains { node: self.one(arg, here.clone())?, min, max }
                }
                "minContains" | "maxContains" => {
                    count(arg, &here)?;
                    continue;
                }
                "allOf" => Kw::AllOf(self.list(arg, &here)?),
                "anyOf" => Kw::AnyOf(self.list(arg, &here)?),
                "oneOf" => Kw::OneOf(self.list(arg, &here)?),
                "prefixItems" => Kw::PrefixItems(self.list(arg, &here)?),
                "not" => Kw::Not(self.one(arg, here.clone())?),
                "if" => {
                    let cond = self.one(arg, here.clone())?;
                    let then = map.get("then").map(|v| self.one(v, sub("then"))).transpose()?;
                    let otherwise = map.get("else").map(|v| self.one(v, sub("else"))).transpose()?;
                    Kw::If { cond, then, otherwise }
                }
                "then" | "else" => {
                    if !map.contains_key("if") {
                        self.one(arg, here.clone())?; // checked, never applied
                    }
                    continue;
                }
                "items" => {
                    let from = map.get("prefixItems").and_then(Value::as_array).map_or(0, Vec::len);
                    Kw::Items { node: self.one(arg, here.clone())?, from }
                }
                "properties" => {
                    let members = self.members(arg, &here)?;
                    let order = sorted(members.iter().map(|(k, _)| k.as_str()));
                    Kw::Properties(members, order)
                }
                "patternProperties" => {
                    let Value::Object(m) = arg else {
                        return err(CompileErrorKind::Keyword, &here, "`patternProperties` must be an object");
                    };
                    let mut out = Vec::new();
                    for (p, schema) in m {
                        let at_p = join_segment(&here, p);
                        let re = regex(p, &at_p)?;
                        out.push((re, p.clone(), self.one(schema, at_p)?));
                    }
                    Kw::PatternProperties(out)
                }
                "additionalProperties" => {
                    let mut names: Vec<String> = map
                        .get("properties")
                        .and_then(Value::as_object)
                        .map_or_else(Vec::new, |m| m.keys().cloned().collect());
                    names.sort_unstable();
                    let mut patterns = Vec::new();
                    if let Some(Value::Object(m)) = map.get("patternProperties") {
                        for p in m.keys() {
                            patterns.push(regex(p, &join_segment(&sub("patternProperties"), p))?);
                        }
                    }
                    Kw::AdditionalProperties { node: self.one(arg, here.clone())?, names, patterns }
                }
                "dependentSchemas" => Kw::DependentSchemas(self.members(arg, &here)?),
                "propertyNames" => Kw::PropertyNames(self.one(arg, here.clone())?),
                "unevaluatedItems" => {
                    obj.unevaluated = true;
                    tail.push(Kw::UnevaluatedItems(self.one(arg, here.clone())?));
                    continue;
                }
                "unevaluatedProperties" => {
                    obj.unevaluated = true;
                    tail.push(Kw::UnevaluatedProperties(self.one(arg, here.clone())?));
                    continue;
                }
                "$defs" | "definitions" => {
                    if !arg.is_object() {
                        return err(CompileErrorKind::Keyword, &here, format!("`{key}` must be an object"));
                    }
                    continue;
                }
                "$id" | "$anchor" | "$dynamicAnchor" | "$schema" | "$comment" => {
                    string(arg, &here)?;
                    continue;
                }
                // Annotations and unknown keywords assert nothing.
                _ => continue,
            };
            obj.keywords.push(kw);
        }
        // `unevaluated*` read what every other keyword here evaluated: they come last.
        obj.keywords.extend(tail);
        Ok(Node::Object(obj))
    }

    /// Refuses a schema that can apply itself to the same value without end: a cycle of
    /// `$ref`s (and the in-place keywords between them: `allOf`, `anyOf`, `oneOf`, `not`,
    /// `if`/`then`/`else`, `dependentSchemas`) that never goes into a member or an item.
    fn refuse_loops(&self) -> Result<()> {
        let next = |id: NodeId| -> Vec<NodeId> {
            let Node::Object(o) = &self.nodes[id as usize] else { return Vec::new() };
            let mut out = Vec::new();
            for kw in &o.keywords {
                match kw {
                    Kw::Ref(t) | Kw::DynamicRef(t, _) | Kw::Not(t) => out.push(*t),
                    Kw::AllOf(ts) | Kw::AnyOf(ts) | Kw::OneOf(ts) => out.extend(ts),
                    Kw::If { cond, then, otherwise } => {
                        out.extend([Some(*cond), *then, *otherwise].into_iter().flatten());
                    }
                    Kw::DependentSchemas(ts) => out.extend(ts.iter().map(|(_, t)| *t)),
                    _ => {}
                }
            }
            out
        };
        // Iterative depth-first search: 0 unseen, 1 on the current path, 2 done.
        let mut state = vec![0u8; self.nodes.len()];
        for start in 0..self.nodes.len() {
            if state[start] != 0 {
                continue;
            }
            let start = NodeId::try_from(start).unwrap_or(0);
            let mut stack = vec![(start, next(start), 0usize)];
            state[start as usize] = 1;
            while let Some((id, succ, i)) = stack.last_mut() {
                if let Some(&t) = succ.get(*i) {
                    *i += 1;
                    match state[t as usize] {
                        0 => {
                            state[t as usize] = 1;
                            let s = next(t);
                            stack.push((t, s, 0));
                        }
                        1 => {
                            let at = self.by_pointer.iter().find(|(_, v)| **v == t).map_or("", |(k, _)| k.as_str());
                            return err(
                                CompileErrorKind::Ref,
                                at,
                                "this schema applies itself to the same value without end (a cycle of $ref that never goes into a property or an item)",
                            );
                        }
                        _ => {}
                    }
                } else {
                    state[*id as usize] = 2;
                    stack.pop();
                }
            }
        }
        Ok(())
    }

    fn one(&mut self, value: &'d Value, at: String) -> Result<NodeId> {
        if !value.is_object() && !value.is_boolean() {
            return err(CompileErrorKind::Keyword, &at, "a schema must be an object or a boolean");
        }
        Ok(self.node_for(at, Some(value)))
    }

    fn list(&mut self, value: &'d Value, at: &str) -> Result<Vec<NodeId>> {
        match value {
            Value::Array(items) if !items.is_empty() => {
                items.iter().enumerate().map(|(i, item)| self.one(item, join_index(at, i))).collect()
            }
            _ => err(CompileErrorKind::Keyword, at, "must be a non-empty array of schemas"),
        }
    }

    fn members(&mut self, value: &'d Value, at: &str) -> Result<Vec<(String, NodeId)>> {
        let Value::Object(m) = value else {
            return err(CompileErrorKind::Keyword, at, "must be an object of schemas");
        };
        // In name order: a check validates a contract's variables in name order, and schemas
        // given their nodes (and compiled) in that order sit in memory in that order too.
        let mut members: Vec<(&String, &'d Value)> = m.iter().collect();
        members.sort_unstable_by(|a, b| a.0.cmp(b.0));
        members.into_iter().map(|(k, v)| Ok((k.clone(), self.one(v, join_segment(at, k))?))).collect()
    }
}

fn string<'a>(v: &'a Value, at: &str) -> Result<&'a str> {
    v.as_str().map_or_else(|| err(CompileErrorKind::Keyword, at, "must be a string"), Ok)
}

fn strings(v: &Value, at: &str) -> Result<Vec<String>> {
    let Value::Array(items) = v else { return err(CompileErrorKind::Keyword, at, "must be an array of strings") };
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    let mut seen = crate::hash::NameSet::with_capacity_and_hasher(items.len(), crate::hash::BuildNameHasher::default());
    for item in items {
        let Some(s) = item.as_str() else { return err(CompileErrorKind::Keyword, at, "must be an array of strings") };
        if !seen.insert(s) {
            return err(CompileErrorKind::Keyword, at, format!("names \"{s}\" twice"));
        }
        out.push(s.to_string());
    }
    Ok(out)
}

fn number(v: &Value, at: &str) -> Result<Number> {
    match v {
        Value::Number(n) => Ok(n.clone()),
        _ => err(CompileErrorKind::Keyword, at, "must be a number"),
    }
}

/// A non-negative integer (`1.0` counts, as the draft says).
fn count(v: &Value, at: &str) -> Result<u64> {
    if let Some(n) = v.as_u64() {
        return Ok(n);
    }
    match v.as_f64() {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(f) if f >= 0.0 && f.fract() == 0.0 && f < 1.8e19 => Ok(f as u64),
        _ => err(CompileErrorKind::Keyword, at, "must be a non-negative integer"),
    }
}

/// A `pattern` (ECMA-262) on the linear-time engine. Compiled patterns are kept, a few hundred
/// at most, for the process: a contract repeats its patterns (ten variables of one shape), and
/// each profile's validator compiles the root's again. Shared, not cloned: a clone of a `Regex`
/// has a search cache of its own, built on its first match (about 40,000 instructions), so
/// ten variables of one pattern built ten on the first check.
pub(crate) fn regex(p: &str, at: &str) -> Result<Arc<Regex>> {
    static SEEN: std::sync::Mutex<Option<HashMap<String, Arc<Regex>>>> = std::sync::Mutex::new(None);
    const KEEP: usize = 512;
    let mut seen = SEEN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let seen = seen.get_or_insert_with(HashMap::new);
    if let Some(re) = seen.get(p) {
        return Ok(re.clone());
    }
    let re = Arc::new(compile_regex(p, at)?);
    if seen.len() >= KEEP {
        seen.clear();
    }
    seen.insert(p.to_string(), re.clone());
    Ok(re)
}

fn compile_regex(p: &str, at: &str) -> Result<Regex> {
    let translated = match pattern::to_rust(p) {
        Ok(t) => t,
        Err(e @ (pattern::PatternError::LookAround | pattern::PatternError::Backreference)) => {
            return err(
                CompileErrorKind::Pattern,
                at,
                format!(
                    "\"{p}\": {e}: patterns run on a linear-time engine, which has neither look-around nor back-references"
                ),
            );
        }
        Err(e) => return err(CompileErrorKind::Pattern, at, format!("\"{p}\" is not an ECMA-262 pattern: {e}")),
    };
    regex::RegexBuilder::new(&translated).size_limit(1 << 22).build().map_err(|e| {
        let text = e.to_string();
        let reason = text.lines().last().unwrap_or("").trim().trim_start_matches("error: ").to_string();
        CompileError {
            kind: CompileErrorKind::Pattern,
            pointer: at.to_string(),
            message: format!("\"{p}\" does not compile: {reason}"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// An `enum` of strings is held as one block of them, and answers as the list does.
    #[test]
    fn an_enum_of_strings_holds_exactly_its_strings() {
        let lists =
            [json!([]), json!([""]), json!(["debug", "info", "warn", "error"]), json!(["a", "ab", "a\0b", "é"])];
        let probes = ["", "a", "ab", "abc", "a\0b", "debug", "debu", "Debug", "error", "é", "e"];
        for list in &lists {
            let Value::Array(xs) = list else { unreachable!() };
            let texts = Texts::of(xs).expect("strings only");
            for p in probes {
                assert_eq!(texts.contains(p), xs.iter().any(|x| x.as_str() == Some(p)), "{p:?} in {list}");
            }
        }
        assert!(Texts::of(&[json!("a"), json!(1)]).is_none());
        // The validator answers with them as with the list itself.
        let schema = compile(&json!({"enum": ["info", "warn"]}), true).expect("compiles");
        for (value, valid) in [(json!("info"), true), (json!("warn"), true), (json!("Info"), false), (json!(1), false)]
        {
            assert_eq!(schema.is_valid(&value), valid, "{value}");
        }
    }

    /// Variables of one pattern share one compiled regex, and with it one search cache.
    #[test]
    fn a_repeated_pattern_is_one_shared_regex() {
        let doc = serde_json::json!({"properties": {
            "A": {"pattern": "^[a-z]{2}-[0-9]$"},
            "B": {"pattern": "^[a-z]{2}-[0-9]$"},
            "C": {"pattern": "^[a-z]{3}$"}
        }});
        let schema = compile(&doc, true).expect("compiles");
        let patterns: Vec<&Arc<Regex>> = schema
            .nodes
            .iter()
            .filter_map(|n| match n {
                Node::Object(o) => o.keywords.iter().find_map(|k| match k {
                    Kw::Pattern(re, _) => Some(re),
                    _ => None,
                }),
                Node::Bool(_) => None,
            })
            .collect();
        assert_eq!(patterns.len(), 3);
        assert!(Arc::ptr_eq(patterns[0], patterns[1]));
        assert!(!Arc::ptr_eq(patterns[0], patterns[2]));
        assert!(patterns[0].is_match("ab-1") && !patterns[2].is_match("ab-1"));
    }
}
