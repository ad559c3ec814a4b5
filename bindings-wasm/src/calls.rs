//! The calls, text in and text out. Temporary: a bare check until core's JSON boundary lands.

use env_contract::{CheckOptions, Contract, Env};

pub fn check(request: &str, env: Option<&str>) -> String {
    let request: serde_json::Value = serde_json::from_str(request).unwrap_or_default();
    let text = request["contract"]["text"].as_str().unwrap_or("{}");
    let contract = match Contract::from_text(text, None) {
        Ok(c) => c,
        Err(e) => return serde_json::json!({"error": "contract", "display": e.to_string()}).to_string(),
    };
    let mut parsed = Env::new();
    let mut parts = env.unwrap_or("").split('\0');
    while let (Some(k), Some(v)) = (parts.next(), parts.next()) {
        parsed.insert(k.to_owned(), v.to_owned());
    }
    let outcome = contract.check(&parsed, &CheckOptions::default());
    serde_json::json!({"report": outcome.report, "values": outcome.values.into_map()}).to_string()
}

pub fn render_docs(request: &str) -> String {
    let request: serde_json::Value = serde_json::from_str(request).unwrap_or_default();
    let text = request["contract"]["text"].as_str().unwrap_or("{}");
    match Contract::from_text(text, None) {
        Ok(c) => serde_json::json!({"text": env_contract::docs::render(&c, env_contract::docs::DocsFormat::Markdown)})
            .to_string(),
        Err(e) => serde_json::json!({"error": "contract", "display": e.to_string()}).to_string(),
    }
}

pub fn problem_codes() -> String {
    let codes: Vec<&str> = env_contract::Code::ALL.iter().map(|c| c.as_str()).collect();
    serde_json::to_string(&codes).unwrap_or_default()
}

pub fn internal() -> String {
    serde_json::json!({"code": "ENV_CONTRACT_INTERNAL", "message": "env-contract: internal error (ENV_CONTRACT_INTERNAL)"}).to_string()
}
