//! Coercion of environment strings to typed JSON values (DESIGN §3.2).

use crate::meta::{JsonType, TypeSet};
use serde_json::{Number, Value};

/// Why a string could not become the declared type. Never holds the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoerceError {
    /// What was expected, in words, e.g. "an integer" or "a boolean (true/false, yes/no, on/off, 1/0)".
    pub expected: String,
    /// For arrays: the 0-based index of the item that failed.
    pub item: Option<usize>,
}

/// The boolean words accepted (any case, trimmed).
pub const TRUE_WORDS: &[&str] = &["true", "t", "yes", "y", "on", "1"];
pub const FALSE_WORDS: &[&str] = &["false", "f", "no", "n", "off", "0"];

/// Coerces `raw` to the first of `types` it fits, in the order integer, number, boolean,
/// object, array, string. No types means string.
pub fn coerce(raw: &str, types: &[JsonType], item_types: &[JsonType], separator: &str) -> Result<Value, CoerceError> {
    coerce_into(raw, TypeSet::of(types), || Lists { types, item_types, separator }, None)
}

/// A variable's declared type list, its item types and separator: what coercion reads only for
/// an array or an error's words.
pub struct Lists<'a> {
    pub types: &'a [JsonType],
    pub item_types: &'a [JsonType],
    pub separator: &'a str,
}

/// [`coerce`] with the types as a set (`VarSpec::type_set`), the lists asked for only where
/// they are read (at 10,000 variables, even loading where a spec's lists are was a cache miss
/// per variable), and a string result written into `spare`'s buffer when it is a string (a
/// value of the same variable from an earlier check): the same value as a new one.
pub fn coerce_into<'a>(
    raw: &str,
    set: TypeSet,
    lists: impl Fn() -> Lists<'a>,
    spare: Option<Value>,
) -> Result<Value, CoerceError> {
    let string = |spare: Option<Value>| match spare {
        Some(Value::String(mut s)) => {
            s.clear();
            s.push_str(raw);
            Value::String(s)
        }
        _ => Value::String(raw.to_string()),
    };
    if set.is_empty() || set.is_string() {
        return Ok(string(spare));
    }
    for t in [JsonType::Integer, JsonType::Number, JsonType::Boolean, JsonType::Object, JsonType::Array, JsonType::Null]
    {
        if !set.contains(t) {
            continue;
        }
        let attempt = match t {
            JsonType::Integer => parse_integer(raw),
            JsonType::Number => parse_number(raw),
            JsonType::Boolean => parse_bool(raw).map(Value::Bool),
            JsonType::Object => parse_object(raw),
            JsonType::Null => (raw.trim() == "null").then_some(Value::Null),
            JsonType::Array => match parse_array(raw, lists().item_types, lists().separator) {
                Ok(v) => Some(v),
                Err(e) if !set.contains(JsonType::String) => return Err(e),
                Err(_) => None,
            },
            JsonType::String => None,
        };
        if let Some(v) = attempt {
            return Ok(v);
        }
    }
    if set.contains(JsonType::String) {
        return Ok(string(spare));
    }
    Err(CoerceError { expected: expected_words(lists().types), item: None })
}

fn expected_words(types: &[JsonType]) -> String {
    let words: Vec<&str> = types
        .iter()
        .map(|t| match t {
            JsonType::Integer => "an integer",
            JsonType::Number => "a number",
            JsonType::Boolean => "a boolean (true/false, yes/no, on/off, 1/0)",
            JsonType::Object => "a JSON object",
            JsonType::Array => "a list",
            JsonType::Null => "null",
            JsonType::String => "a string",
        })
        .collect();
    words.join(" or ")
}

/// Optional sign and decimal digits, within i64; surrounding whitespace trimmed.
pub fn parse_integer(raw: &str) -> Option<Value> {
    let s = raw.trim();
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let s = s.strip_prefix('+').unwrap_or(s);
    s.parse::<i64>().ok().map(|n| Value::Number(n.into()))
}

/// A finite decimal or exponent float; surrounding whitespace trimmed. Integers stay integers.
pub fn parse_number(raw: &str) -> Option<Value> {
    let s = raw.trim();
    if let Some(v) = parse_integer(s) {
        return Some(v);
    }
    let ok_chars =
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
    if !ok_chars {
        return None; // refuses "inf", "NaN", hex, …
    }
    let f: f64 = s.parse().ok()?;
    Number::from_f64(f).map(Value::Number)
}

/// The boolean words of DESIGN §3.2, any case, trimmed.
pub fn parse_bool(raw: &str) -> Option<bool> {
    // Compared without case, not lowercased into a copy: every boolean of every check is read here.
    let s = raw.trim();
    if TRUE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(s)) {
        Some(true)
    } else if FALSE_WORDS.iter().any(|w| w.eq_ignore_ascii_case(s)) {
        Some(false)
    } else {
        None
    }
}

fn parse_object(raw: &str) -> Option<Value> {
    match serde_json::from_str::<Value>(raw.trim()) {
        Ok(v @ Value::Object(_)) => Some(v),
        _ => None,
    }
}

/// Splits by the separator, trims items, coerces each by the item types. An empty string
/// is an empty list. A value that is a JSON array text is taken as JSON.
fn parse_array(raw: &str, item_types: &[JsonType], separator: &str) -> Result<Value, CoerceError> {
    let trimmed = raw.trim();
    if trimmed.starts_with('[') {
        if let Ok(Value::Array(items)) = serde_json::from_str::<Value>(trimmed) {
            return Ok(Value::Array(items));
        }
    }
    if trimmed.is_empty() {
        return Ok(Value::Array(Vec::new()));
    }
    let mut out = Vec::new();
    for (i, item) in raw.split(separator).enumerate() {
        let item = item.trim();
        let v = coerce(item, item_types, &[], ",").map_err(|e| CoerceError { expected: e.expected, item: Some(i) })?;
        out.push(v);
    }
    Ok(Value::Array(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_spare_value_changes_only_where_the_string_is_written() {
        let lists = || Lists { types: &[], item_types: &[], separator: "," };
        let string = TypeSet::of(&[JsonType::String]);
        let either = TypeSet::of(&[JsonType::Integer, JsonType::String]);
        let longer = Some(Value::String("a much longer earlier value".to_string()));
        assert_eq!(coerce_into("short", string, lists, longer.clone()).unwrap(), json!("short"));
        assert_eq!(coerce_into("", TypeSet::default(), lists, longer.clone()).unwrap(), json!(""));
        assert_eq!(coerce_into("x7", either, lists, longer.clone()).unwrap(), json!("x7"));
        assert_eq!(coerce_into("7", either, lists, longer).unwrap(), json!(7));
        assert_eq!(coerce_into("s", string, lists, Some(json!(3))).unwrap(), json!("s"));
        let kept = Value::String(String::with_capacity(64));
        let Value::String(before) = &kept else { unreachable!() };
        let at = before.as_ptr();
        let Ok(Value::String(after)) = coerce_into("reused", string, lists, Some(kept)) else { panic!() };
        assert_eq!((after.as_str(), after.as_ptr()), ("reused", at), "written into the spare buffer");
    }

    #[test]
    fn integers() {
        assert_eq!(parse_integer(" 42 "), Some(json!(42)));
        assert_eq!(parse_integer("+7"), Some(json!(7)));
        assert_eq!(parse_integer("-7"), Some(json!(-7)));
        assert_eq!(parse_integer("4.0"), None);
        assert_eq!(parse_integer("99999999999999999999"), None);
        assert_eq!(parse_integer(""), None);
        assert_eq!(parse_integer("0x10"), None);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("1.5e3"), Some(json!(1500.0)));
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("1e999"), None);
    }

    #[test]
    fn booleans() {
        for w in ["TRUE", " yes ", "On", "1", "t", "Y"] {
            assert_eq!(parse_bool(w), Some(true), "{w}");
        }
        for w in ["false", "No", "OFF", "0", "f", "n"] {
            assert_eq!(parse_bool(w), Some(false), "{w}");
        }
        assert_eq!(parse_bool("maybe"), None);
    }

    #[test]
    fn arrays() {
        let v = coerce("a, b ,c", &[JsonType::Array], &[JsonType::String], ",").unwrap();
        assert_eq!(v, json!(["a", "b", "c"]));
        let v = coerce("1;2", &[JsonType::Array], &[JsonType::Integer], ";").unwrap();
        assert_eq!(v, json!([1, 2]));
        let e = coerce("1,x", &[JsonType::Array], &[JsonType::Integer], ",").unwrap_err();
        assert_eq!(e.item, Some(1));
    }
}
