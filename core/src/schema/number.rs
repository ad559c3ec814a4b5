//! JSON numbers as JSON Schema compares them: by value across integers and floats (`1` equals
//! `1.0`), and `multipleOf` exact on the decimal numbers a document writes (`0.0075` is a
//! multiple of `0.0001`, which binary floating point gets wrong).

use serde_json::{Number, Value};
use std::cmp::Ordering;

/// Compares two numbers by value (`None` only for a NaN, which JSON cannot hold).
pub(super) fn compare(a: &Number, b: &Number) -> Option<Ordering> {
    match (int(a), int(b)) {
        (Some(x), Some(y)) => Some(x.cmp(&y)),
        _ => a.as_f64()?.partial_cmp(&b.as_f64()?),
    }
}

fn int(n: &Number) -> Option<i128> {
    n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from))
}

/// Whether a number is an integer (the draft counts `1.0`).
pub(super) fn is_integer(n: &Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.is_finite() && f.fract() == 0.0)
}

/// JSON equality as `enum`, `const` and `uniqueItems` use it.
pub(super) fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => compare(x, y) == Some(Ordering::Equal),
        (Value::Array(xs), Value::Array(ys)) => xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| equal(x, y)),
        (Value::Object(xs), Value::Object(ys)) => {
            xs.len() == ys.len() && xs.iter().all(|(k, x)| ys.get(k).is_some_and(|y| equal(x, y)))
        }
        _ => a == b,
    }
}

/// Whether `value` is a multiple of `divisor` (> 0).
pub(super) fn is_multiple(value: &Number, divisor: &Number) -> bool {
    if let (Some(v), Some(d)) = (int(value), int(divisor)) {
        return d != 0 && v % d == 0;
    }
    if let (Some((vm, ve)), Some((dm, de))) = (decimal(value), decimal(divisor)) {
        // value = vm·10^ve, divisor = dm·10^de: scale both to the smaller exponent.
        let e = ve.min(de);
        let scale = |m: i128, by: i32| -> Option<i128> { 10i128.checked_pow(u32::try_from(by).ok()?)?.checked_mul(m) };
        if let (Some(v), Some(d)) = (scale(vm, ve - e), scale(dm, de - e)) {
            return d != 0 && v % d == 0;
        }
    }
    match (value.as_f64(), divisor.as_f64()) {
        (Some(v), Some(d)) => {
            let q = v / d;
            q.is_finite() && (q - q.round()).abs() <= f64::EPSILON * q.abs().max(1.0)
        }
        _ => false,
    }
}

/// A number's shortest decimal form as mantissa and power of ten (`12.5` → `(125, -1)`).
fn decimal(n: &Number) -> Option<(i128, i32)> {
    let text = n.to_string();
    let (body, exp) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].trim_start_matches('+').parse::<i32>().ok()?),
        None => (text.as_str(), 0),
    };
    let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
    if whole.len() + frac.len() > 36 {
        return None;
    }
    let digits = format!("{whole}{frac}");
    let mantissa: i128 = digits.parse().ok()?;
    Some((mantissa, exp.checked_sub(i32::try_from(frac.len()).ok()?)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn n(v: Value) -> Number {
        match v {
            Value::Number(n) => n,
            _ => unreachable!(),
        }
    }

    #[test]
    fn multiples_are_exact_on_decimals() {
        assert!(is_multiple(&n(json!(0.0075)), &n(json!(0.0001))));
        assert!(!is_multiple(&n(json!(0.00751)), &n(json!(0.0001))));
        assert!(is_multiple(&n(json!(10)), &n(json!(2))));
        assert!(!is_multiple(&n(json!(7)), &n(json!(2))));
        assert!(is_multiple(&n(json!(4.5)), &n(json!(1.5))));
        assert!(!is_multiple(&n(json!(35)), &n(json!(1.5))));
        assert!(!is_multiple(&n(json!(1e308)), &n(json!(0.123_456_789))));
        assert!(is_multiple(&n(json!(-12)), &n(json!(4))));
    }

    #[test]
    fn numbers_compare_by_value() {
        assert_eq!(compare(&n(json!(1)), &n(json!(1.0))), Some(Ordering::Equal));
        assert_eq!(compare(&n(json!(u64::MAX)), &n(json!(-1))), Some(Ordering::Greater));
        assert!(equal(&json!([1, {"a": 2.0}]), &json!([1.0, {"a": 2}])));
        assert!(!equal(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert!(is_integer(&n(json!(3.0))) && !is_integer(&n(json!(3.5))));
    }
}
