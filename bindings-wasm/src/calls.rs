//! The calls, text in and text out: core's JSON boundary (`env_contract::api`), the same one
//! the Node addon crosses, so both backends give the same answers.

pub fn check(request: &str, env: Option<&str>) -> String {
    env_contract::api::check_json(request, env)
}

pub fn render_docs(request: &str) -> String {
    env_contract::api::render_docs_json(request)
}

pub fn problem_codes() -> String {
    let codes: Vec<&str> = env_contract::Code::ALL.iter().map(|c| c.as_str()).collect();
    serde_json::to_string(&codes).unwrap_or_default()
}

/// Core's fixed internal error: what a trapped call becomes on the JS side.
pub fn internal() -> String {
    serde_json::json!({"code": env_contract::panic::CODE, "message": env_contract::panic::MESSAGE}).to_string()
}

/// The contract cache's statistics, as the Node addon's `cacheStats()`.
pub fn cache_stats() -> String {
    let s = env_contract::cache::stats();
    serde_json::json!({"hits": s.hits, "misses": s.misses, "entries": s.entries}).to_string()
}
