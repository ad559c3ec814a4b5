//! The enums whose names cross a binding boundary, each with its public names in order (the
//! serde names the fronts see). Each front has a typed copy: a TypeScript union in
//! `bindings-node/index.d.ts`, a Python `Literal` in `bindings-py/python/env_contract/`, both
//! named as here. The bindings expose this list (Node: `enumNames()` of the addon; Python:
//! `_native.ENUMS`) and their tests fail on drift, printing the text to paste.

use serde::Serialize;

use crate::docs::DocsFormat;
use crate::log::LogFormat;
use crate::{Code, ContractErrorKind, Phase, Severity};

fn names<T: Serialize>(all: &[T]) -> Vec<String> {
    all.iter()
        .map(|v| serde_json::to_value(v).ok().and_then(|v| v.as_str().map(ToString::to_string)).unwrap_or_default())
        .collect()
}

/// `(type name, public names)` for every enum that crosses a binding boundary.
pub fn all() -> Vec<(&'static str, Vec<String>)> {
    vec![
        ("ProblemCode", names(&Code::ALL)),
        ("Severity", names(&Severity::ALL)),
        ("Phase", names(&Phase::ALL)),
        ("DocsFormat", names(&DocsFormat::ALL)),
        ("ContractErrorKind", names(&ContractErrorKind::ALL)),
        ("LogFormat", names(&LogFormat::ALL)),
    ]
}

/// The variant of `T` with this public name, or an error naming `what` and listing the names
/// (`phase must be one of "build", "runtime", not "boot"`): what a binding calls instead of
/// writing its own match.
pub fn parse<T: Serialize + serde::de::DeserializeOwned>(name: &str, all: &[T], what: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).map_err(|_| {
        let listed: Vec<String> = names(all).iter().map(|n| format!("\"{n}\"")).collect();
        format!("{what} must be one of {}, not {name:?}", listed.join(", "))
    })
}

/// `all()` as one JSON object, `{"ProblemCode": ["missing", …], …}`, in that order.
pub fn all_json() -> String {
    let map: serde_json::Map<String, serde_json::Value> =
        all().into_iter().map(|(name, values)| (name.to_string(), values.into())).collect();
    serde_json::Value::Object(map).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each match is exhaustive: a new variant stops it compiling, and the test then wants the
    // variant in its enum's `ALL` too.
    fn listed_code(c: Code) -> bool {
        Code::ALL.contains(&c)
    }
    fn listed_severity(s: Severity) -> bool {
        match s {
            Severity::Error | Severity::Warning => Severity::ALL.contains(&s),
        }
    }
    fn listed_phase(p: Phase) -> bool {
        match p {
            Phase::Build | Phase::Runtime => Phase::ALL.contains(&p),
        }
    }
    fn listed_format(f: DocsFormat) -> bool {
        match f {
            DocsFormat::Markdown
            | DocsFormat::EnvExample
            | DocsFormat::Dts
            | DocsFormat::Python
            | DocsFormat::Contract => DocsFormat::ALL.contains(&f),
        }
    }
    fn listed_kind(k: ContractErrorKind) -> bool {
        use ContractErrorKind as K;
        match k {
            K::Io
            | K::Json
            | K::Shape
            | K::Pattern
            | K::Format
            | K::Undeclared
            | K::SecretClient
            | K::Preset
            | K::Ref
            | K::Schema => K::ALL.contains(&k),
        }
    }
    fn listed_log_format(f: LogFormat) -> bool {
        match f {
            LogFormat::Text | LogFormat::Json => LogFormat::ALL.contains(&f),
        }
    }

    #[test]
    fn every_variant_is_listed_once_with_its_serde_name() {
        assert!(Code::ALL.into_iter().all(listed_code));
        assert!([Severity::Error, Severity::Warning].into_iter().all(listed_severity));
        assert!([Phase::Build, Phase::Runtime].into_iter().all(listed_phase));
        assert!([DocsFormat::Markdown, DocsFormat::EnvExample, DocsFormat::Dts].into_iter().all(listed_format));
        assert!(ContractErrorKind::ALL.into_iter().all(listed_kind));
        assert!([LogFormat::Text, LogFormat::Json].into_iter().all(listed_log_format));
        for (name, values) in all() {
            let mut unique = values.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), values.len(), "{name}: a name twice");
            assert!(values.iter().all(|v| !v.is_empty()), "{name}: a variant without a serde string name");
        }
        let names: Vec<&str> = all().iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["ProblemCode", "Severity", "Phase", "DocsFormat", "ContractErrorKind", "LogFormat"]);
        assert!(all_json().starts_with(r#"{"ProblemCode":["missing","type","#), "{}", all_json());
        assert!(all_json().contains(r#""ContractErrorKind":["io","json","shape","pattern","format","undeclared","secret-client","preset","ref","schema"]"#));
    }

    #[test]
    fn a_name_parses_to_its_variant_and_a_wrong_one_lists_the_names() {
        assert_eq!(parse("env-example", &DocsFormat::ALL, "format"), Ok(DocsFormat::EnvExample));
        assert_eq!(parse("build", &Phase::ALL, "phase"), Ok(Phase::Build));
        assert_eq!(
            parse::<Phase>("boot", &Phase::ALL, "phase"),
            Err("phase must be one of \"build\", \"runtime\", not \"boot\"".to_string())
        );
    }
}
