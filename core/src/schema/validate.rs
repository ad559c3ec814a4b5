//! Applying compiled nodes to a value. One walk serves both modes: the fast one stops at the
//! first failure and builds nothing; the collecting one goes on and records each failure with
//! its instance pointer and evaluation path. Annotations (what was evaluated, for
//! `unevaluated*`) are gathered only under a schema that reads them.

use super::compile::{Kw, Node, NodeId, types};
use super::{Error, ErrorKind, Schema, formats, number};
use crate::error::escape_segment;
use serde_json::Value;
use std::cmp::Ordering;

/// How many `$ref`s may follow one another on the same value: a schema that refers to itself
/// without going into the value (`{"$ref": "#"}`) fails here instead of overflowing the stack.
/// (Going into a child value starts the count again; values nest at most as deep as their JSON
/// parser allows.)
const MAX_DEPTH: usize = 64;

/// A JSON pointer being built, one segment per frame (rendered only for an error).
#[derive(Clone, Copy)]
pub(super) struct Path<'a> {
    seg: Seg<'a>,
    parent: Option<&'a Path<'a>>,
}

#[derive(Clone, Copy)]
enum Seg<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

pub(super) const ROOT: Path<'static> = Path { seg: Seg::Root, parent: None };

impl<'a> Path<'a> {
    fn key(&'a self, key: &'a str) -> Path<'a> {
        Path { seg: Seg::Key(key), parent: Some(self) }
    }

    fn index(&'a self, i: usize) -> Path<'a> {
        Path { seg: Seg::Index(i), parent: Some(self) }
    }

    fn render(&self) -> String {
        let mut segs = Vec::new();
        let mut at = Some(self);
        while let Some(p) = at {
            segs.push(p.seg);
            at = p.parent;
        }
        let mut out = String::new();
        for seg in segs.iter().rev() {
            match seg {
                Seg::Root => {}
                Seg::Key(k) => {
                    out.push('/');
                    out.push_str(&escape_segment(k));
                }
                Seg::Index(i) => {
                    out.push('/');
                    out.push_str(&i.to_string());
                }
            }
        }
        out
    }
}

/// What in-place subschemas evaluated (JSON Schema's annotations, as `unevaluated*` read them).
#[derive(Default)]
pub(super) struct Ann<'v> {
    props: Vec<&'v str>,
    /// Items `0..items` were evaluated (`prefixItems`).
    items: usize,
    /// Every item was (`items`, `unevaluatedItems`).
    all_items: bool,
    /// Items `contains` matched.
    contained: Vec<usize>,
}

impl<'v> Ann<'v> {
    fn merge(&mut self, other: Ann<'v>) {
        self.props.extend(other.props);
        self.items = self.items.max(other.items);
        self.all_items |= other.all_items;
        self.contained.extend(other.contained);
    }
}

pub(super) struct Run<'s> {
    schema: &'s Schema,
    collect: bool,
    pub(super) errors: Vec<Error>,
    /// The resources entered, outermost first (kept only for `$dynamicRef`).
    scope: Vec<u32>,
}

impl<'s> Run<'s> {
    pub(super) fn new(schema: &'s Schema, collect: bool) -> Run<'s> {
        Run { schema, collect, errors: Vec::new(), scope: Vec::new() }
    }

    fn fail(&mut self, ip: &Path, sp: &Path, kind: ErrorKind) {
        if self.collect {
            self.errors.push(Error { instance_path: ip.render(), schema_path: sp.render(), kind });
        }
    }

    /// An assertion keyword's answer: when it fails, its error (made only then) at the
    /// keyword's place under `sp`.
    fn holds(&mut self, ok: bool, ip: &Path, sp: &Path, kind: impl FnOnce() -> ErrorKind) -> bool {
        if !ok && self.collect {
            let kind = kind();
            self.fail(ip, &sp.key(kind.keyword()), kind);
        }
        ok
    }

    /// Runs `f` without recording errors (a subschema whose failure is its parent's keyword's).
    fn quiet<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let collect = std::mem::replace(&mut self.collect, false);
        let out = f(self);
        self.collect = collect;
        out
    }

    pub(super) fn node<'v>(
        &mut self,
        id: NodeId,
        value: &'v Value,
        ip: &Path,
        sp: &Path,
        ann: Option<&mut Ann<'v>>,
        depth: usize,
    ) -> bool {
        let schema = self.schema;
        let obj = match &schema.nodes[id as usize] {
            Node::Bool(true) => return true,
            Node::Bool(false) => {
                self.fail(ip, sp, ErrorKind::False);
                return false;
            }
            Node::Object(o) => o,
        };
        if depth > MAX_DEPTH {
            self.fail(ip, sp, ErrorKind::Keyword("$ref"));
            return false;
        }
        let pushed = schema.dynamic
            && obj.resource.is_some_and(|r| {
                self.scope.push(r);
                true
            });
        let want = ann.is_some() || obj.unevaluated;
        let mut local = Ann::default();
        let mut ok = true;
        for kw in &obj.keywords {
            let a = if want { Some(&mut local) } else { None };
            if !self.keyword(kw, value, ip, sp, a, depth) {
                ok = false;
                if !self.collect {
                    break;
                }
            }
        }
        if pushed {
            self.scope.pop();
        }
        if let (true, Some(ann)) = (ok, ann) {
            ann.merge(local);
        }
        ok
    }

    /// `properties` on an object whose keys are in name order (what a check builds), walking the
    /// members in name order beside them: no name hashed. `None` as soon as a key is out of
    /// order (the caller then looks each member up; nothing done so far had an effect).
    fn properties_in_order(
        &mut self,
        props: &[(String, NodeId)],
        order: &[u32],
        m: &serde_json::Map<String, Value>,
        ip: &Path,
        here: &Path,
    ) -> Option<bool> {
        let mut prev: Option<&str> = None;
        let mut next = order.iter().map(|&i| &props[i as usize]).peekable();
        for (key, v) in m {
            if prev.is_some_and(|p| p >= key.as_str()) {
                return None;
            }
            prev = Some(key);
            while next.next_if(|(name, _)| name.as_str() < key.as_str()).is_some() {}
            if let Some((name, n)) = next.next_if(|(name, _)| name == key) {
                if !self.node(*n, v, &ip.key(key), &here.key(name), None, 0) {
                    return Some(false);
                }
            }
        }
        Some(true)
    }

    #[allow(clippy::too_many_lines)]
    fn keyword<'v>(
        &mut self,
        kw: &'s Kw,
        value: &'v Value,
        ip: &Path,
        sp: &Path,
        mut ann: Option<&mut Ann<'v>>,
        depth: usize,
    ) -> bool {
        match kw {
            Kw::Ref(target) => self.node(*target, value, ip, &sp.key("$ref"), ann, depth + 1),
            Kw::DynamicRef(target, name) => {
                let target = match name {
                    Some(name) => self.dynamic_target(name).unwrap_or(*target),
                    None => *target,
                };
                self.node(target, value, ip, &sp.key("$dynamicRef"), ann, depth + 1)
            }
            Kw::Type(bits, names) => {
                self.holds(bits & type_bits(value) != 0, ip, sp, || ErrorKind::Type(names.clone()))
            }
            Kw::Enum(options) => {
                self.holds(options.iter().any(|o| number::equal(o, value)), ip, sp, || ErrorKind::Enum(options.clone()))
            }
            Kw::EnumTexts(texts, options) => {
                self.holds(value.as_str().is_some_and(|s| texts.contains(s)), ip, sp, || {
                    ErrorKind::Enum(options.clone())
                })
            }
            Kw::Const(c) => self.holds(number::equal(c, value), ip, sp, || ErrorKind::Const(c.clone())),
            Kw::MultipleOf(d) | Kw::Minimum(d) | Kw::Maximum(d) | Kw::ExclusiveMinimum(d) | Kw::ExclusiveMaximum(d) => {
                let Value::Number(n) = value else { return true };
                let ord = number::compare(n, d);
                let ok = match kw {
                    Kw::MultipleOf(_) => number::is_multiple(n, d),
                    Kw::Minimum(_) => ord != Some(Ordering::Less),
                    Kw::Maximum(_) => ord != Some(Ordering::Greater),
                    Kw::ExclusiveMinimum(_) => ord == Some(Ordering::Greater),
                    _ => ord == Some(Ordering::Less),
                };
                self.holds(ok, ip, sp, || match kw {
                    Kw::MultipleOf(_) => ErrorKind::MultipleOf(d.clone()),
                    Kw::Minimum(_) => ErrorKind::Minimum(d.clone()),
                    Kw::Maximum(_) => ErrorKind::Maximum(d.clone()),
                    Kw::ExclusiveMinimum(_) => ErrorKind::ExclusiveMinimum(d.clone()),
                    _ => ErrorKind::ExclusiveMaximum(d.clone()),
                })
            }
            Kw::MinLength(n) | Kw::MaxLength(n) => {
                let Value::String(s) = value else { return true };
                let len = s.chars().count() as u64;
                match kw {
                    Kw::MinLength(_) => self.holds(len >= *n, ip, sp, || ErrorKind::MinLength(*n)),
                    _ => self.holds(len <= *n, ip, sp, || ErrorKind::MaxLength(*n)),
                }
            }
            Kw::Pattern(re, source) => {
                let Value::String(s) = value else { return true };
                self.holds(re.is_match(s), ip, sp, || ErrorKind::Pattern(source.clone()))
            }
            Kw::Format(name) => {
                let Value::String(s) = value else { return true };
                self.holds(formats::is_valid(name, s) != Some(false), ip, sp, || ErrorKind::Format((*name).to_string()))
            }
            Kw::MinItems(n) | Kw::MaxItems(n) => {
                let Value::Array(xs) = value else { return true };
                let len = xs.len() as u64;
                match kw {
                    Kw::MinItems(_) => self.holds(len >= *n, ip, sp, || ErrorKind::MinItems(*n)),
                    _ => self.holds(len <= *n, ip, sp, || ErrorKind::MaxItems(*n)),
                }
            }
            Kw::UniqueItems => {
                let Value::Array(xs) = value else { return true };
                let ok = xs.iter().enumerate().all(|(i, x)| xs[..i].iter().all(|y| !number::equal(x, y)));
                self.holds(ok, ip, sp, || ErrorKind::UniqueItems)
            }
            Kw::Contains { node, min, max } => {
                let Value::Array(xs) = value else { return true };
                let here = sp.key("contains");
                let mut matched = Vec::new();
                for (i, x) in xs.iter().enumerate() {
                    let p = ip.index(i);
                    if self.quiet(|r| r.node(*node, x, &p, &here, None, 0)) {
                        matched.push(i);
                        if ann.is_none() && max.is_none() && matched.len() as u64 >= *min {
                            break;
                        }
                    }
                }
                let count = matched.len() as u64;
                let ok = count >= *min && max.is_none_or(|m| count <= m);
                if !ok {
                    let keyword = if count < *min && *min != 1 {
                        "minContains"
                    } else if count >= *min {
                        "maxContains"
                    } else {
                        "contains"
                    };
                    self.fail(ip, &sp.key(keyword), ErrorKind::Keyword(keyword));
                } else if let Some(a) = ann {
                    a.contained.extend(matched);
                }
                ok
            }
            Kw::MinProperties(n) | Kw::MaxProperties(n) => {
                let Value::Object(m) = value else { return true };
                let len = m.len() as u64;
                match kw {
                    Kw::MinProperties(_) => self.holds(len >= *n, ip, sp, || ErrorKind::MinProperties(*n)),
                    _ => self.holds(len <= *n, ip, sp, || ErrorKind::MaxProperties(*n)),
                }
            }
            Kw::Required(names, order) => {
                let Value::Object(m) = value else { return true };
                if !self.collect && required_in_order(names, order, m) {
                    return true;
                }
                let mut ok = true;
                for name in names {
                    if !m.contains_key(name) {
                        ok = false;
                        if !self.collect {
                            break;
                        }
                        self.fail(ip, &sp.key("required"), ErrorKind::Required(name.clone()));
                    }
                }
                ok
            }
            Kw::DependentRequired(deps) => {
                let Value::Object(m) = value else { return true };
                let mut ok = true;
                let here = sp.key("dependentRequired");
                for (trigger, names) in deps {
                    if !m.contains_key(trigger) {
                        continue;
                    }
                    for name in names.iter().filter(|n| !m.contains_key(n.as_str())) {
                        ok = false;
                        if !self.collect {
                            return false;
                        }
                        self.fail(ip, &here.key(trigger), ErrorKind::Required(name.clone()));
                    }
                }
                ok
            }
            Kw::AllOf(nodes) => {
                let here = sp.key("allOf");
                let mut ok = true;
                for (i, n) in nodes.iter().enumerate() {
                    if !self.node(*n, value, ip, &here.index(i), ann.as_deref_mut(), depth) {
                        ok = false;
                        if !self.collect {
                            break;
                        }
                    }
                }
                ok
            }
            Kw::AnyOf(nodes) | Kw::OneOf(nodes) => {
                let one = matches!(kw, Kw::OneOf(_));
                let name = if one { "oneOf" } else { "anyOf" };
                let here = sp.key(name);
                let mut passed = 0;
                let mut found = Ann::default();
                for (i, n) in nodes.iter().enumerate() {
                    let mut branch = Ann::default();
                    let a = if ann.is_some() { Some(&mut branch) } else { None };
                    if self.quiet(|r| r.node(*n, value, ip, &here.index(i), a, depth)) {
                        passed += 1;
                        found.merge(branch);
                        if (!one && ann.is_none()) || (one && passed > 1) {
                            break;
                        }
                    }
                }
                let ok = if one { passed == 1 } else { passed > 0 };
                if !ok {
                    self.fail(ip, &here, ErrorKind::Keyword(name));
                } else if let Some(a) = ann {
                    a.merge(found);
                }
                ok
            }
            Kw::Not(n) => {
                let here = sp.key("not");
                let ok = !self.quiet(|r| r.node(*n, value, ip, &here, None, depth));
                if !ok {
                    self.fail(ip, &here, ErrorKind::Keyword("not"));
                }
                ok
            }
            Kw::If { cond, then, otherwise } => {
                let mut branch = Ann::default();
                let a = if ann.is_some() { Some(&mut branch) } else { None };
                let here = sp.key("if");
                let holds = self.quiet(|r| r.node(*cond, value, ip, &here, a, depth));
                if let (true, Some(a)) = (holds, ann.as_deref_mut()) {
                    a.merge(branch);
                }
                match (holds, then, otherwise) {
                    (true, Some(t), _) => self.node(*t, value, ip, &sp.key("then"), ann, depth),
                    (false, _, Some(e)) => self.node(*e, value, ip, &sp.key("else"), ann, depth),
                    _ => true,
                }
            }
            Kw::DependentSchemas(deps) => {
                let Value::Object(m) = value else { return true };
                let here = sp.key("dependentSchemas");
                let mut ok = true;
                for (trigger, n) in deps {
                    if m.contains_key(trigger)
                        && !self.node(*n, value, ip, &here.key(trigger), ann.as_deref_mut(), depth)
                    {
                        ok = false;
                        if !self.collect {
                            break;
                        }
                    }
                }
                ok
            }
            Kw::PrefixItems(nodes) => {
                let Value::Array(xs) = value else { return true };
                let here = sp.key("prefixItems");
                let mut ok = true;
                for (i, (n, x)) in nodes.iter().zip(xs).enumerate() {
                    if !self.node(*n, x, &ip.index(i), &here.index(i), None, 0) {
                        ok = false;
                        if !self.collect {
                            break;
                        }
                    }
                }
                if let Some(a) = ann {
                    a.items = a.items.max(nodes.len().min(xs.len()));
                }
                ok
            }
            Kw::Items { node, from } => {
                let Value::Array(xs) = value else { return true };
                let here = sp.key("items");
                let mut ok = true;
                for (i, x) in xs.iter().enumerate().skip(*from) {
                    if !self.node(*node, x, &ip.index(i), &here, None, 0) {
                        ok = false;
                        if !self.collect {
                            break;
                        }
                    }
                }
                if let Some(a) = ann {
                    a.all_items = true;
                }
                ok
            }
            Kw::Properties(props, order) => {
                let Value::Object(m) = value else { return true };
                let here = sp.key("properties");
                if !self.collect && ann.is_none() {
                    if let Some(ok) = self.properties_in_order(props, order, m, ip, &here) {
                        return ok;
                    }
                }
                let mut ok = true;
                for (name, n) in props {
                    let Some((key, v)) = m.get_key_value(name) else { continue };
                    if !self.node(*n, v, &ip.key(key), &here.key(name), None, 0) {
                        ok = false;
                        if !self.collect {
                            break;
                        }
                    }
                    if let Some(a) = ann.as_deref_mut() {
                        a.props.push(key);
                    }
                }
                ok
            }
            Kw::PatternProperties(patterns) => {
                let Value::Object(m) = value else { return true };
                let here = sp.key("patternProperties");
                let mut ok = true;
                for (key, v) in m {
                    for (re, source, n) in patterns {
                        if !re.is_match(key) {
                            continue;
                        }
                        if !self.node(*n, v, &ip.key(key), &here.key(source), None, 0) {
                            ok = false;
                            if !self.collect {
                                return false;
                            }
                        }
                        if let Some(a) = ann.as_deref_mut() {
                            a.props.push(key);
                        }
                    }
                }
                ok
            }
            Kw::AdditionalProperties { node, names, patterns } => {
                let Value::Object(m) = value else { return true };
                let extra = m.iter().filter(|(k, _)| {
                    names.binary_search_by(|n| n.as_str().cmp(k.as_str())).is_err()
                        && !patterns.iter().any(|re| re.is_match(k))
                });
                self.rest(*node, extra, ip, &sp.key("additionalProperties"), ann, false)
            }
            Kw::PropertyNames(n) => {
                let Value::Object(m) = value else { return true };
                let here = sp.key("propertyNames");
                let ok = m.keys().all(|k| {
                    let name = Value::String(k.clone());
                    self.quiet(|r| r.node(*n, &name, &ip.key(k), &here, None, 0))
                });
                if !ok {
                    self.fail(ip, &here, ErrorKind::Keyword("propertyNames"));
                }
                ok
            }
            Kw::UnevaluatedItems(n) => {
                let Value::Array(xs) = value else { return true };
                let Some(a) = ann else { return true };
                if a.all_items {
                    return true;
                }
                let here = sp.key("unevaluatedItems");
                let start = a.items;
                let ok = xs.iter().enumerate().skip(start).filter(|(i, _)| !a.contained.contains(i)).all(|(i, x)| {
                    let p = ip.index(i);
                    self.quiet(|r| r.node(*n, x, &p, &here, None, 0))
                });
                if ok {
                    a.all_items = true;
                } else {
                    self.fail(ip, &here, ErrorKind::Keyword("unevaluatedItems"));
                }
                ok
            }
            Kw::UnevaluatedProperties(n) => {
                let Value::Object(m) = value else { return true };
                let Some(a) = ann else { return true };
                let seen = std::mem::take(&mut a.props);
                let extra: Vec<(&'v String, &'v Value)> =
                    m.iter().filter(|(k, _)| !seen.contains(&k.as_str())).collect();
                a.props = seen;
                self.rest(*n, extra.into_iter(), ip, &sp.key("unevaluatedProperties"), Some(a), true)
            }
        }
    }

    /// `additionalProperties` / `unevaluatedProperties`: `node` applied to each of `extra`;
    /// under `false`, one error naming them all.
    fn rest<'v>(
        &mut self,
        node: NodeId,
        extra: impl Iterator<Item = (&'v String, &'v Value)>,
        ip: &Path,
        here: &Path,
        ann: Option<&mut Ann<'v>>,
        unevaluated: bool,
    ) -> bool {
        let schema = self.schema;
        let mut ok = true;
        let mut refused = Vec::new();
        let mut evaluated = Vec::new();
        let is_false = matches!(schema.nodes[node as usize], Node::Bool(false));
        for (key, v) in extra {
            evaluated.push(key.as_str());
            if is_false {
                ok = false;
                if !self.collect {
                    return false;
                }
                refused.push(key.clone());
            } else if !self.node(node, v, &ip.key(key), here, None, 0) {
                ok = false;
                if !self.collect {
                    return false;
                }
            }
        }
        if !refused.is_empty() {
            let kind = if unevaluated {
                ErrorKind::UnevaluatedProperties(refused)
            } else {
                ErrorKind::AdditionalProperties(refused)
            };
            self.fail(ip, here, kind);
        }
        if let Some(a) = ann {
            a.props.extend(evaluated);
        }
        ok
    }

    /// The outermost resource in the dynamic scope with a `$dynamicAnchor` of this name.
    fn dynamic_target(&self, name: &str) -> Option<NodeId> {
        self.scope
            .iter()
            .find_map(|r| self.schema.dynamic_anchors[*r as usize].iter().find(|(n, _)| n == name).map(|(_, id)| *id))
    }
}

fn type_bits(value: &Value) -> u8 {
    match value {
        Value::Null => types::NULL,
        Value::Bool(_) => types::BOOLEAN,
        Value::Number(n) if number::is_integer(n) => types::NUMBER | types::INTEGER,
        Value::Number(_) => types::NUMBER,
        Value::String(_) => types::STRING,
        Value::Array(_) => types::ARRAY,
        Value::Object(_) => types::OBJECT,
    }
}

/// Whether an object whose keys are in name order has every name of `required`, walking both in
/// name order: `true` proves it; `false` only says the walk could not (a name not found, or a key
/// out of order), and the caller then looks each name up.
fn required_in_order(names: &[String], order: &[u32], m: &serde_json::Map<String, Value>) -> bool {
    let mut prev: Option<&str> = None;
    let mut keys = m.keys();
    'names: for name in order.iter().map(|&i| names[i as usize].as_str()) {
        for key in keys.by_ref() {
            if prev.is_some_and(|p| p >= key.as_str()) {
                return false;
            }
            prev = Some(key);
            match key.as_str().cmp(name) {
                Ordering::Less => {}
                Ordering::Equal => continue 'names,
                Ordering::Greater => return false,
            }
        }
        return false;
    }
    true
}
