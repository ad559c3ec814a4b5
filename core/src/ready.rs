//! The readiness endpoint's answer (`GET /health/ready`): one decision for every front, the
//! `FastAPI` router (`env_contract.fastapi.readiness_router`) and the Next.js route handler
//! (`env-contract/next/ready`) alike.
//!
//! - 200 `{"status": "ok", "environment": …}`: no problem.
//! - 200 `{"status": "degraded", "environment": …, "problems": […]}`: warnings only, or
//!   `ENV_CONTRACT_SKIP` on (then `"skipped": true` before `problems`, which may hold errors).
//! - 503 `{"status": "error", "environment": …, "problems": […]}`: any error.
//! - 503 `{"status": "error", "contract_error": KIND}`: the contract is broken.
//!
//! A problem is `{var, code, severity}`: codes and names only, never values nor messages (a
//! health endpoint is often public).

use crate::error::{ContractError, ContractErrorKind};
use crate::log::status;
use crate::problem::Report;
use serde_json::{Map, Value, json};

/// The status code and JSON body of the endpoint.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Readiness {
    pub status: u16,
    pub body: Value,
}

/// The answer for a report; `skipped`: `ENV_CONTRACT_SKIP` is on for this process.
pub fn of_report(report: &Report, skipped: bool) -> Readiness {
    let problems: Vec<Value> =
        report.problems.iter().map(|p| json!({"var": p.var, "code": p.code, "severity": p.severity})).collect();
    let mut body = Map::new();
    let word = if skipped { "degraded" } else { status(report) };
    body.insert("status".into(), word.into());
    body.insert("environment".into(), report.environment.clone().into());
    if skipped {
        body.insert("skipped".into(), true.into());
    }
    if word != "ok" {
        body.insert("problems".into(), problems.into());
    }
    Readiness { status: if word == "error" { 503 } else { 200 }, body: Value::Object(body) }
}

/// The answer for a broken contract: 503 with its kind, nothing else.
pub fn of_contract_error(e: &ContractError) -> Readiness {
    of_contract_kind(e.kind)
}

/// [`of_contract_error`] for a front that holds only the kind (Python's `ContractError.kind`).
pub fn of_contract_kind(kind: ContractErrorKind) -> Readiness {
    let kind = serde_json::to_value(kind).unwrap_or(Value::Null);
    Readiness { status: 503, body: json!({"status": "error", "contract_error": kind}) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Code, Problem};

    fn report(problems: Vec<Problem>) -> Report {
        Report {
            ok: !problems.iter().any(Problem::is_error),
            environment: "production".into(),
            checked: 2,
            problems,
            variables: Vec::new().into(),
            unset: vec![],
            defaulted: vec![],
        }
    }

    #[test]
    fn ok_degraded_error_and_skipped() {
        let ok = of_report(&report(vec![]), false);
        assert_eq!((ok.status, ok.body.to_string()), (200, r#"{"status":"ok","environment":"production"}"#.into()));
        let warning = Problem::warning("OLD", Code::Deprecated, "use NEW");
        let degraded = of_report(&report(vec![warning.clone()]), false);
        assert_eq!(degraded.status, 200);
        assert_eq!(
            degraded.body.to_string(),
            r#"{"status":"degraded","environment":"production","problems":[{"var":"OLD","code":"deprecated","severity":"warning"}]}"#
        );
        let error = Problem::error("SECRET", Code::Missing, "required in every environment");
        let failing = report(vec![warning, error]);
        let e = of_report(&failing, false);
        assert_eq!(e.status, 503);
        assert_eq!(e.body["status"], "error");
        assert_eq!(e.body["problems"][1], json!({"var": "SECRET", "code": "missing", "severity": "error"}));
        assert!(!e.body.to_string().contains("required"), "no message in the body");
        let s = of_report(&failing, true);
        assert_eq!((s.status, &s.body["status"], &s.body["skipped"]), (200, &json!("degraded"), &json!(true)));
        let keys: Vec<&String> = s.body.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["status", "environment", "skipped", "problems"]);
        let clean_skipped = of_report(&report(vec![]), true);
        assert_eq!(
            clean_skipped.body,
            json!({"status": "degraded", "environment": "production", "skipped": true, "problems": []})
        );
    }

    #[test]
    fn a_broken_contract_is_503_with_its_kind() {
        let e = crate::Contract::from_text("[", None).unwrap_err();
        let r = of_contract_error(&e);
        assert_eq!((r.status, r.body), (503, json!({"status": "error", "contract_error": "json"})));
    }
}
