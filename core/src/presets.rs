//! Built-in presets: `{"$ref": "env-contract:NAME"}` resolves here, inside the library,
//! never from the network or the disk.

use serde_json::{Value, json};
use std::sync::OnceLock;

/// The `$ref` prefix of a preset.
pub const PREFIX: &str = "env-contract:";

/// One preset: its name, what it is for, and its schema.
#[derive(Debug)]
pub struct Preset {
    pub name: &'static str,
    pub summary: &'static str,
    pub schema: Value,
}

/// Every preset, in a stable order.
pub fn all() -> &'static [Preset] {
    static PRESETS: OnceLock<Vec<Preset>> = OnceLock::new();
    PRESETS.get_or_init(|| {
        vec![
            Preset {
                name: "port",
                summary: "A TCP port: an integer from 1 to 65535.",
                schema: json!({"type": "integer", "minimum": 1, "maximum": 65535}),
            },
            Preset {
                name: "url",
                summary: "An absolute URL of any scheme.",
                schema: json!({"type": "string", "format": "uri", "x-url": {}}),
            },
            Preset {
                name: "https-url",
                summary: "An absolute https:// URL.",
                schema: json!({"type": "string", "format": "uri", "x-url": {"schemes": ["https"]}}),
            },
            Preset {
                name: "postgres-url",
                summary: "A PostgreSQL connection URL (postgres:// or postgresql://); secret, since it usually holds a password.",
                schema: json!({"type": "string", "x-secret": true, "x-url": {"schemes": ["postgres", "postgresql"]}}),
            },
            Preset {
                name: "redis-url",
                summary: "A Redis connection URL (redis:// or rediss://); secret, since it may hold a password.",
                schema: json!({"type": "string", "x-secret": true, "x-url": {"schemes": ["redis", "rediss"]}}),
            },
            Preset {
                name: "boolean",
                summary: "A boolean: true/false, t/f, yes/no, y/n, on/off, 1/0 (any case).",
                schema: json!({"type": "boolean"}),
            },
            Preset {
                name: "log-level",
                summary: "A log level: trace, debug, info, warn, warning, error, critical, fatal or silent (lower or upper case).",
                schema: json!({"type": "string", "enum": log_levels()}),
            },
            Preset {
                name: "node-env",
                summary: "NODE_ENV: development, production or test.",
                schema: json!({"type": "string", "enum": ["development", "production", "test"]}),
            },
            Preset {
                name: "nextauth-secret",
                summary: "A session-signing secret of at least 32 characters (generate one with `openssl rand -base64 32`).",
                schema: json!({"type": "string", "minLength": 32, "x-secret": true}),
            },
            Preset {
                name: "sentry-dsn",
                summary: "A Sentry DSN: https://<public key>@<host>/<project id>. Public by design.",
                schema: json!({"type": "string", "format": "uri", "pattern": "^https?://[0-9A-Za-z]+@[^/@\\s]+/[0-9]+$", "x-url": {"allowCredentials": true}}),
            },
            Preset {
                name: "stripe-secret-key",
                summary: "A Stripe secret key (sk_live_… or sk_test_…).",
                schema: json!({"type": "string", "x-stripe": "secret", "x-secret": true}),
            },
            Preset {
                name: "stripe-publishable-key",
                summary: "A Stripe publishable key (pk_live_… or pk_test_…). Public by design.",
                schema: json!({"type": "string", "x-stripe": "publishable"}),
            },
            Preset {
                name: "stripe-webhook-secret",
                summary: "A Stripe webhook signing secret (whsec_…).",
                schema: json!({"type": "string", "x-stripe": "webhook-secret", "x-secret": true}),
            },
        ]
    })
}

/// The words of the `log-level` preset, lower case then upper case (pino and winston use the
/// first, Python's `logging` and uvicorn the second): a closed set, so a wrong word fails as
/// `enum` with the allowed words listed.
fn log_levels() -> Vec<String> {
    const WORDS: [&str; 9] = ["trace", "debug", "info", "warn", "warning", "error", "critical", "fatal", "silent"];
    WORDS.iter().map(|w| (*w).to_string()).chain(WORDS.iter().map(|w| w.to_ascii_uppercase())).collect()
}

/// The preset of that name (without the `env-contract:` prefix).
pub fn get(name: &str) -> Option<&'static Preset> {
    all().iter().find(|p| p.name == name)
}

/// The key under `$defs` where a preset is placed when a contract is compiled.
pub(crate) fn def_key(name: &str) -> String {
    format!("env-contract:{name}")
}
