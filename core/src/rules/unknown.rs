//! `x-unknown`: undeclared variables. With the default `"warn"`, an `unknown-var` warning for
//! an undeclared name close to a declared one (a typo) and for every undeclared client
//! variable (it would be shipped to browsers without the contract knowing). Operating-system,
//! shell, runtime, CI and hosting-platform variables are never reported.

use super::RuleContext;
use crate::code::Code;
use crate::contract::Contract;
use crate::hash::NameMap;
use crate::meta::UnknownPolicy;
use crate::names::Typos;
use crate::problem::Problem;
use crate::redact::Redactor;
use std::sync::{Mutex, PoisonError};

/// Variables of the OS, shells, runtimes, CI and hosting platforms: never reported.
#[rustfmt::skip]
const OS_NAMES: &[&str] = &[
    "PATH", "HOME", "HOSTNAME", "HOST", "PWD", "OLDPWD", "LANG", "LANGUAGE", "SHELL", "USER", "USERNAME", "LOGNAME", "TERM", "TZ",
    "TMPDIR", "TMP", "TEMP", "SHLVL", "MAIL", "EDITOR", "VISUAL", "PAGER", "DISPLAY", "COLORTERM", "COLUMNS", "LINES", "_", "PS1",
    "PS2", "IFS", "UID", "EUID", "PPID", "OSTYPE", "HOSTTYPE", "MACHTYPE", "CI", "CONTINUOUS_INTEGRATION", "BUILD_NUMBER", "NO_COLOR",
    "FORCE_COLOR", "CLICOLOR", "DEBUG", "NODE_ENV", "NODE_OPTIONS", "NODE_PATH", "NODE_EXTRA_CA_CERTS", "NODE_TLS_REJECT_UNAUTHORIZED",
    "NVM_DIR", "NVM_BIN", "NVM_INC", "PNPM_HOME", "INIT_CWD", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONUNBUFFERED",
    "PYTHONDONTWRITEBYTECODE", "PYTHONIOENCODING", "PYTHONHASHSEED", "PYTHONWARNINGS", "PIP_NO_CACHE_DIR", "JAVA_HOME",
    "GOPATH", "GOROOT", "CARGO_HOME", "RUSTUP_HOME", "RUST_LOG", "RUST_BACKTRACE", "SSL_CERT_FILE", "SSL_CERT_DIR",
    "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
    "no_proxy", "all_proxy", "PORT", "DYNO", "WEB_CONCURRENCY", "MEMORY_AVAILABLE", "K_SERVICE", "K_REVISION", "K_CONFIGURATION",
    "NEXT_RUNTIME", "NEXT_TELEMETRY_DISABLED", "NEXT_PHASE", "TURBOPACK", "COMSPEC", "SYSTEMROOT", "WINDIR", "APPDATA",
    "LOCALAPPDATA", "PROGRAMDATA", "PROGRAMFILES", "USERPROFILE", "HOMEDRIVE", "HOMEPATH", "PATHEXT", "PROCESSOR_ARCHITECTURE",
    "NUMBER_OF_PROCESSORS", "OS", "COMPUTERNAME", "SESSIONNAME", "PUBLIC", "ALLUSERSPROFILE", "TERM_PROGRAM", "TERM_PROGRAM_VERSION",
    "TERM_SESSION_ID", "SSH_AUTH_SOCK", "SSH_AGENT_PID", "SSH_CLIENT", "SSH_CONNECTION", "SSH_TTY", "LS_COLORS", "LSCOLORS",
    "LESSOPEN", "LESSCLOSE", "MOTD_SHOWN", "container", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "VERCEL",
    "NETLIFY", "RENDER", "RAILWAY_ENVIRONMENT", "FLY_APP_NAME", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "CIRCLECI",
    "TRAVIS", "JENKINS_URL", "TEAMCITY_VERSION", "TF_BUILD", "CODEBUILD_BUILD_ID", "HEROKU_APP_NAME", "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME", "AWS_REGION", "AWS_DEFAULT_REGION", "LAMBDA_TASK_ROOT", "FUNCTION_TARGET", "GAE_ENV", "TMUX",
    "STY", "WSLENV", "WSL_DISTRO_NAME", "WSL_INTEROP",
];

/// Prefixes of such variables (`LC_ALL`, `npm_config_…`, `GITHUB_SHA`, `VERCEL_URL`, …), and
/// of env-contract's own (`ENV_CONTRACT_SKIP`). `NEXT_PUBLIC_VERCEL_` is what Vercel adds
/// when it exposes its system variables to the browser.
#[rustfmt::skip]
const OS_PREFIXES: &[&str] = &[
    "LC_", "XDG_", "npm_", "NPM_CONFIG_", "YARN_", "PNPM_", "COREPACK_", "BUN_", "DENO_", "NVM_", "VOLTA_", "PYENV_", "CONDA_",
    "PIP_", "POETRY_", "UV_", "PYTHON", "JAVA_", "DBUS_", "WAYLAND_", "SSH_", "GPG_", "KUBERNETES_", "DOCKER_", "COMPOSE_",
    "GITHUB_", "RUNNER_", "ACTIONS_", "GITLAB_", "CI_", "BITBUCKET_", "CIRCLE_", "TRAVIS_", "BUILDKITE_", "JENKINS_", "TEAMCITY_",
    "VERCEL_", "NEXT_PUBLIC_VERCEL_", "NETLIFY_", "RENDER_", "RAILWAY_", "FLY_", "HEROKU_", "AWS_LAMBDA_", "ECS_", "K8S_",
    "GOOGLE_CLOUD_", "CLOUD_RUN_", "AZURE_HTTP_", "WEBSITE_", "__NEXT_", "__VERCEL_", "TURBO_", "NX_", "ENV_CONTRACT_", "_",
    "VSCODE_", "TERM_", "ITERM_", "TMUX_",
];

static NAMES: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();

/// Whether a name belongs to the OS, a shell, a runtime, CI or a hosting platform.
pub fn is_os_variable(name: &str) -> bool {
    NAMES.get_or_init(|| OS_NAMES.iter().copied().collect()).contains(name)
        || OS_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// How many verdicts a contract remembers (one per distinct undeclared name seen).
const MEMO_CAP: usize = 16_384;

/// What the rule keeps per contract, built when the contract loads: the typo index of every
/// declared name (root and every profile), and the verdict of each undeclared name seen (a
/// name's verdict depends only on the contract, so a warm check pays a hash lookup per name).
#[derive(Debug, Default)]
pub struct State {
    pub(crate) typos: Typos,
    memo: Mutex<NameMap<String, Option<Problem>>>,
}

impl State {
    pub fn new(contract: &Contract) -> Self {
        let mut declared: Vec<String> = contract.vars.keys().cloned().collect();
        for p in contract.profiles.values() {
            declared.extend(p.vars.keys().cloned());
        }
        State { typos: Typos::new(declared), memo: Mutex::default() }
    }
}

pub fn check(ctx: &RuleContext<'_>, problems: &mut Vec<Problem>, _redactor: &mut Redactor<'_>) {
    if ctx.contract.unknown == UnknownPolicy::Ignore {
        return;
    }
    // An environment checked against the same contract again: its names are the same, and
    // so is what this rule finds in them (each one a hash lookup in the memo, 10,000 of them
    // in a large environment).
    match ctx.view {
        Some(view) => problems.extend(view.unknown.get_or_init(|| found(ctx)).iter().cloned()),
        None => problems.extend(found(ctx)),
    }
}

/// The problems of the environment's undeclared names.
fn found(ctx: &RuleContext<'_>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let state = &ctx.contract.rules.unknown;
    let mut memo = state.memo.lock().unwrap_or_else(PoisonError::into_inner);
    for name in ctx.env.keys() {
        if let Some(verdict) = memo.get(name.as_str()) {
            if let Some(p) = verdict {
                problems.push(p.clone());
            }
            continue;
        }
        let verdict = verdict(ctx, name, &state.typos);
        if memo.len() < MEMO_CAP {
            memo.insert(name.clone(), verdict.clone());
        }
        if let Some(p) = verdict {
            problems.push(p);
        }
    }
    problems
}

fn verdict(ctx: &RuleContext<'_>, name: &str, typos: &Typos) -> Option<Problem> {
    if ctx.names.contains(name)
        || ctx.contract.is_declared(name)
        || ctx.contract.environment_from.iter().any(|e| e == name)
        || is_os_variable(name)
    {
        return None;
    }
    let best = typos.nearest(name);
    let client = ctx.contract.is_client_name(name);
    let problem = match (best, client) {
        (Some(suggestion), true) => Problem::warning(
            name,
            Code::UnknownVar,
            format!("is not declared in the contract, and it is sent to every browser; did you mean {suggestion}?"),
        )
        .with_hint(format!("rename it to {suggestion}")),
        (Some(suggestion), false) => Problem::warning(
            name,
            Code::UnknownVar,
            format!("is not declared in the contract; did you mean {suggestion}?"),
        )
        .with_hint(format!("rename it to {suggestion}")),
        (None, true) => Problem::warning(
            name,
            Code::UnknownVar,
            "is not declared in the contract, and its client prefix sends it to every browser",
        )
        .with_hint("declare it in the contract's properties, or remove it"),
        (None, false) => return None,
    };
    Some(problem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::bounded_distance;

    fn dist(a: &str, b: &str, max: usize) -> Option<usize> {
        bounded_distance(a.as_bytes(), b.as_bytes(), max, &mut Vec::new(), &mut Vec::new())
    }

    #[test]
    fn distances() {
        assert_eq!(dist("NEXTAUTH_SECERT", "NEXTAUTH_SECRET", 2), Some(2));
        assert_eq!(dist("NEXTAUTH_SECRT", "NEXTAUTH_SECRET", 2), Some(1));
        assert_eq!(dist("database_url", "DATABASE_URL", 2), Some(0));
        assert_eq!(dist("DATABASE_URL", "REDIS_URL", 2), None);
        assert_eq!(dist("", "AB", 2), Some(2));
        assert_eq!(dist("ABCDEF", "", 2), None);
        assert_eq!(dist("SERVICE_00012_ENDPOINT_URL", "SERVICE_012_ENDPOINT_URL", 2), Some(2));
        assert_eq!(dist("SERVICE_01234_ENDPOINT_URL", "SERVICE_043_ENDPOINT_URL", 2), None);
        assert_eq!(dist("KITTEN_X", "SITTING_X", 3), Some(3));
        assert_eq!(dist("AB", "BA", 2), Some(2));
    }

    #[test]
    fn os_variables() {
        for n in [
            "PATH",
            "HOME",
            "HOSTNAME",
            "PWD",
            "LANG",
            "LC_ALL",
            "npm_config_cache",
            "GITHUB_SHA",
            "VERCEL_URL",
            "NEXT_PUBLIC_VERCEL_ENV",
        ] {
            assert!(is_os_variable(n), "{n}");
        }
        assert!(!is_os_variable("DATABASE_URL"));
    }
}

#[cfg(test)]
mod scale {
    use crate::{CheckOptions, Contract, Env};

    /// 10,000 undeclared variables against 100 declared names: the typo search stays bounded.
    #[test]
    fn ten_thousand_variables() {
        let props: serde_json::Map<String, serde_json::Value> = (0..100)
            .map(|i| (format!("SERVICE_{i:03}_ENDPOINT_URL"), serde_json::json!({ "type": "string" })))
            .collect();
        let contract =
            Contract::from_value(&serde_json::json!({ "type": "object", "properties": props })).expect("contract");
        let mut env: Env = (0..10_000).map(|i| (format!("SERVICE_{i:05}_ENDPOINT_URL"), "x".to_string())).collect();
        env.insert("NEXT_PUBLIC_SECRET_TOKEN".to_string(), "a".repeat(40));
        let start = std::time::Instant::now();
        let outcome = contract.check(&env, &CheckOptions::default());
        let elapsed = start.elapsed();
        assert!(outcome.report.problems.iter().any(|p| p.code == crate::Code::UnknownVar));
        assert!(elapsed < std::time::Duration::from_secs(3), "took {elapsed:?}");
    }
}
