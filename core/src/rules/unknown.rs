//! `x-unknown`: undeclared variables. With the default `"warn"`, an `unknown-var` warning for
//! an undeclared name close to a declared one (a typo) and for every undeclared client
//! variable (it would be shipped to browsers without the contract knowing). Operating-system,
//! shell, runtime, CI and hosting-platform variables are never reported.

use super::RuleContext;
use crate::code::Code;
use crate::meta::UnknownPolicy;
use crate::problem::Problem;
use crate::redact::Redactor;

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

/// The largest edit distance reported as a typo for a name of this length: 2, but 1 for
/// names under 6 characters (PORT and HOST are 2 edits apart).
fn max_distance(len: usize) -> usize {
    if len < 6 { 1 } else { 2 }
}

/// Outside the band: farther than any bound.
const FAR: usize = usize::MAX / 2;

/// Levenshtein distance (ASCII case-insensitive) if it is at most `max`. The common prefix
/// and suffix are dropped first, then only the diagonal band of width `2 * max + 1` is
/// computed, stopping as soon as a whole row exceeds `max`; rows are reused.
fn bounded_distance(a: &[u8], b: &[u8], max: usize, prev: &mut Vec<usize>, cur: &mut Vec<usize>) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let head = a.iter().zip(b).take_while(|(x, y)| x.eq_ignore_ascii_case(y)).count();
    let (a, b) = (&a[head..], &b[head..]);
    let tail = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x.eq_ignore_ascii_case(y)).count();
    let (a, b) = (&a[..a.len() - tail], &b[..b.len() - tail]);
    if a.is_empty() || b.is_empty() {
        let d = a.len().max(b.len());
        return (d <= max).then_some(d);
    }
    prev.clear();
    prev.extend((0..=b.len()).map(|j| if j <= max { j } else { FAR }));
    for (i, &ca) in a.iter().enumerate() {
        let row = i + 1;
        cur.clear();
        cur.resize(b.len() + 1, FAR);
        if row <= max {
            cur[0] = row;
        }
        let lo = row.saturating_sub(max).max(1);
        let hi = (row + max).min(b.len());
        let mut row_min = cur[0];
        for j in lo..=hi {
            let cost = usize::from(!ca.eq_ignore_ascii_case(&b[j - 1]));
            let v = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(prev, cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

/// How many verdicts a contract remembers (one per distinct undeclared name seen).
const MEMO_CAP: usize = 16_384;

pub fn check(ctx: &RuleContext<'_>, problems: &mut Vec<Problem>, _redactor: &mut Redactor) {
    if ctx.contract.unknown == UnknownPolicy::Ignore {
        return;
    }
    // A name's verdict depends only on the contract (every profile's names count as
    // declared), so each contract remembers it: a warm check pays a hash lookup per name.
    let mut memo = ctx.contract.unknown_memo.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut search: Option<TypoSearch<'_>> = None;
    for name in ctx.env.keys() {
        if let Some(verdict) = memo.get(name.as_str()) {
            if let Some(p) = verdict {
                problems.push(p.clone());
            }
            continue;
        }
        let search = search.get_or_insert_with(|| TypoSearch::new(ctx));
        let verdict = verdict(ctx, name, search);
        if memo.len() < MEMO_CAP {
            memo.insert(name.clone(), verdict.clone());
        }
        if let Some(p) = verdict {
            problems.push(p);
        }
    }
}

/// Every declared name (root and every profile), for the typo search, with reusable rows.
struct TypoSearch<'a> {
    declared: Vec<&'a str>,
    prev: Vec<usize>,
    cur: Vec<usize>,
}

impl<'a> TypoSearch<'a> {
    fn new(ctx: &RuleContext<'a>) -> Self {
        let mut declared: Vec<&str> = ctx.contract.vars.keys().map(String::as_str).collect();
        for p in ctx.contract.profiles.values() {
            declared.extend(p.vars.keys().map(String::as_str).filter(|n| !ctx.contract.vars.contains_key(*n)));
        }
        TypoSearch { declared, prev: Vec::new(), cur: Vec::new() }
    }
}

fn verdict(ctx: &RuleContext<'_>, name: &str, search: &mut TypoSearch<'_>) -> Option<Problem> {
    if ctx.names.contains(name)
        || ctx.contract.is_declared(name)
        || ctx.contract.environment_from.iter().any(|e| e == name)
        || is_os_variable(name)
    {
        return None;
    }
    let max = max_distance(name.len());
    let mut best: Option<(usize, &str)> = None;
    for &d in &search.declared {
        if name.len().abs_diff(d.len()) > max {
            continue;
        }
        let limit = best.map_or(max, |(bd, _)| bd.saturating_sub(1)).min(max_distance(d.len()));
        if let Some(dist) = bounded_distance(name.as_bytes(), d.as_bytes(), limit, &mut search.prev, &mut search.cur) {
            if best.is_none_or(|(bd, bn)| dist < bd || (dist == bd && d < bn)) {
                best = Some((dist, d));
            }
        }
    }
    let client = ctx.contract.is_client_name(name);
    let problem = match (best, client) {
        (Some((_, suggestion)), true) => Problem::warning(
            name,
            Code::UnknownVar,
            format!("is not declared in the contract, and it is sent to every browser; did you mean {suggestion}?"),
        )
        .with_hint(format!("rename it to {suggestion}")),
        (Some((_, suggestion)), false) => Problem::warning(
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
