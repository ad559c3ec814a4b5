//! The catalogue of secret value patterns (see `docs/rules.md` and the research notes it
//! cites: gitleaks (MIT), detect-secrets (Apache-2.0), vendor docs).
//!
//! One `RegexSet` holds every pattern and answers "does anything match?" in a single pass;
//! only the few patterns that need a second look (a JWT's payload, a URL's password, an AWS
//! documentation key, a base64 PEM header) run again on their own. Everything is compiled
//! once, on first use.

use regex::{Regex, RegexSet};
use std::sync::OnceLock;

/// What a second look at a match needs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Verify {
    /// The match is a secret as it stands.
    None,
    /// A JWT: secret only when its payload's `role` is `service_role`.
    JwtServiceRole,
    /// A URL with a password: secret unless the password is a placeholder.
    UrlPassword,
    /// An AWS access key id: AWS's documentation keys end in `EXAMPLE`.
    AwsNotExample,
    /// base64 of `-----BEGIN `: secret when the header says `PRIVATE KEY`.
    Base64Pem,
    /// A PEM header: the secret is everything from the header on.
    Pem,
}

struct Pattern {
    /// What the value is, for messages ("a GitHub token").
    label: &'static str,
    regex: &'static str,
    verify: Verify,
}

/// Secret shapes (class S of the research notes). `\b` is made ASCII-only when compiled.
#[rustfmt::skip]
const SECRETS: &[Pattern] = &[
    Pattern { label: "a Stripe (or Clerk) secret key", regex: r"\bsk_(?:test|live)_[0-9A-Za-z]{10,247}\b", verify: Verify::None },
    Pattern { label: "a Stripe restricted key", regex: r"\brk_(?:test|live)_[0-9A-Za-z]{10,247}\b", verify: Verify::None },
    Pattern { label: "a Stripe webhook signing secret", regex: r"\bwhsec_[0-9A-Za-z+/=]{20,}", verify: Verify::None },
    Pattern { label: "an AWS access key id", regex: r"\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Za-z0-9]{16}\b", verify: Verify::AwsNotExample },
    Pattern { label: "a GitHub token", regex: r"\bgh[pousr]_[0-9A-Za-z]{36,251}\b", verify: Verify::None },
    Pattern { label: "a GitHub fine-grained token", regex: r"\bgithub_pat_[0-9A-Za-z_]{82}\b", verify: Verify::None },
    Pattern { label: "a GitLab token", regex: r"\bglpat-[0-9A-Za-z_-]{20,}", verify: Verify::None },
    Pattern { label: "a GitLab token", regex: r"\b(?:gldt|glft|glsoat|glrt|glcbt|glimt|glagent|gloas)-[0-9A-Za-z_-]{20,}", verify: Verify::None },
    Pattern { label: "a GitLab trigger token", regex: r"\bglptt-[0-9a-f]{40}\b", verify: Verify::None },
    Pattern { label: "a Slack token", regex: r"\bxoxb-[0-9]{10,13}-[0-9]{10,13}[0-9A-Za-z-]*", verify: Verify::None },
    Pattern { label: "a Slack token", regex: r"\bxox[pe](?:-[0-9]{10,13}){3}-[0-9A-Za-z-]{28,34}", verify: Verify::None },
    Pattern { label: "a Slack token", regex: r"(?i)\bxox[abposr]-(?:[0-9]+-)+[a-z0-9]+", verify: Verify::None },
    Pattern { label: "a Slack app token", regex: r"(?i)\bxapp-[0-9]-[A-Z0-9]+-[0-9]+-[a-z0-9]+", verify: Verify::None },
    Pattern { label: "a Slack webhook URL", regex: r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,}", verify: Verify::None },
    Pattern { label: "an OpenAI API key", regex: r"\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]+T3BlbkFJ[A-Za-z0-9_-]+", verify: Verify::None },
    Pattern { label: "an OpenAI API key", regex: r"\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b", verify: Verify::None },
    Pattern { label: "an OpenAI API key", regex: r"\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}", verify: Verify::None },
    Pattern { label: "an Anthropic API key", regex: r"\bsk-ant-[a-z]+[0-9]{2}-[A-Za-z0-9_-]{40,}", verify: Verify::None },
    Pattern { label: "an OpenRouter API key", regex: r"\bsk-or-v1-[0-9a-f]{64}\b", verify: Verify::None },
    Pattern { label: "a SendGrid API key", regex: r"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b", verify: Verify::None },
    Pattern { label: "a Twilio API key", regex: r"\bSK[0-9a-fA-F]{32}\b", verify: Verify::None },
    Pattern { label: "a Mailgun private key", regex: r"\bkey-[0-9a-f]{32}\b", verify: Verify::None },
    Pattern { label: "a Sentry auth token", regex: r"\bsntry[su]_[A-Za-z0-9+/=_]{40,}", verify: Verify::None },
    Pattern { label: "a Supabase secret key", regex: r"\bsb_secret_[A-Za-z0-9_-]{16,}", verify: Verify::None },
    Pattern { label: "a Supabase access token", regex: r"\bsbp_[a-f0-9]{40}\b", verify: Verify::None },
    Pattern { label: "a PostHog personal API key", regex: r"\bphx_[A-Za-z0-9_]{30,}", verify: Verify::None },
    Pattern { label: "an npm token", regex: r"\bnpm_[A-Za-z0-9]{36}\b", verify: Verify::None },
    Pattern { label: "a Hugging Face token", regex: r"\bhf_[A-Za-z]{34}\b", verify: Verify::None },
    Pattern { label: "a Groq API key", regex: r"\bgsk_[A-Za-z0-9]{52}\b", verify: Verify::None },
    Pattern { label: "a Replicate API token", regex: r"\br8_[0-9A-Za-z_-]{37}", verify: Verify::None },
    Pattern { label: "a Shopify admin token", regex: r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b", verify: Verify::None },
    Pattern { label: "a Linear API key", regex: r"\blin_api_[A-Za-z0-9]{40}\b", verify: Verify::None },
    Pattern { label: "a DigitalOcean token", regex: r"\bdo[opr]_v1_[a-f0-9]{64}\b", verify: Verify::None },
    Pattern { label: "a Mapbox secret token", regex: r"\bsk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{10,}", verify: Verify::None },
    Pattern { label: "a private key (PEM)", regex: r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----", verify: Verify::Pem },
    Pattern { label: "a private key (PuTTY)", regex: r"PuTTY-User-Key-File-[0-9]", verify: Verify::Pem },
    Pattern { label: "a private key (base64-encoded PEM)", regex: r"\bLS0tLS1CRUdJTi[A-Za-z0-9+/=]{8,}", verify: Verify::Base64Pem },
    Pattern { label: "a Supabase service_role key (a JWT)", regex: r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}", verify: Verify::JwtServiceRole },
    Pattern { label: "a URL with credentials (user:pass@host)", regex: r"[A-Za-z][A-Za-z0-9+.-]*://[^:/?#@\s]*:([^@/?#\s]+)@", verify: Verify::UrlPassword },
];

/// Public-by-design shapes (class P): a client variable holding one of these is fine, even
/// when its name sounds secret.
const PUBLIC: &[&str] = &[
    // Stripe or Clerk publishable key.
    r"^pk_(?:test|live)_[A-Za-z0-9+/=]{10,}$",
    // PostHog project key, Supabase publishable key, Mailgun public key.
    r"^phc_[A-Za-z0-9_]{20,}$",
    r"^sb_publishable_[A-Za-z0-9_-]{16,}$",
    r"^pubkey-[0-9a-f]{32}$",
    // Google / Firebase browser API key (Gemini names are decided by the caller).
    r"^AIza[0-9A-Za-z_-]{35}$",
    // Sentry DSN without a secret.
    r"^https://[0-9a-f]{32}@[A-Za-z0-9.-]+(?::[0-9]+)?/[0-9]+$",
    // Mapbox public token.
    r"^pk\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}$",
    // Cloudflare Turnstile site keys (real and test), reCAPTCHA site keys.
    r"^0x4AAAAAAA[0-9A-Za-z_-]{6,}$",
    r"^[1-3]x0{20,}[A-F]{2}$",
    r"^6L[0-9A-Za-z_-]{38}$",
    // Google OAuth client id, analytics ids.
    r"^[0-9]+-[0-9a-z]+\.apps\.googleusercontent\.com$",
    r"^(?:G|GTM|AW|DC)-[A-Z0-9]{4,}$",
    r"^UA-[0-9]+-[0-9]+$",
];

struct Catalogue {
    set: RegexSet,
    detailed: Vec<Regex>,
    public: RegexSet,
}

fn ascii_boundaries(p: &str) -> String {
    p.replace(r"\b", r"(?-u:\b)")
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let sources: Vec<String> = SECRETS.iter().map(|p| ascii_boundaries(p.regex)).collect();
        Catalogue {
            set: RegexSet::new(&sources).expect("the secret patterns compile"),
            detailed: sources.iter().map(|s| Regex::new(s).expect("the secret patterns compile")).collect(),
            public: RegexSet::new(PUBLIC).expect("the public patterns compile"),
        }
    })
}

/// A secret found in a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found<'v> {
    /// What it is, for messages: "a GitHub token".
    pub label: &'static str,
    /// The secret part of the value (the key, or a URL's password): to be redacted.
    pub secret: &'v str,
}

/// The first known secret shape in `value`, if any. Values shorter than 8 characters hold
/// no secret of the catalogue, so they cost nothing.
pub fn find_secret(value: &str) -> Option<Found<'_>> {
    if value.len() < 8 {
        return None;
    }
    let cat = catalogue();
    let hits = cat.set.matches(value);
    if !hits.matched_any() {
        return None;
    }
    for i in &hits {
        let pattern = &SECRETS[i];
        let regex = &cat.detailed[i];
        for caps in regex.captures_iter(value) {
            let Some(whole) = caps.get(0) else { continue };
            let found = match pattern.verify {
                Verify::None => Some(whole.as_str()),
                Verify::AwsNotExample => (!whole.as_str().ends_with("EXAMPLE")).then_some(whole.as_str()),
                Verify::JwtServiceRole => jwt_is_service_role(whole.as_str()).then_some(whole.as_str()),
                Verify::UrlPassword => caps.get(1).map(|m| m.as_str()).filter(|pw| !is_placeholder_password(pw)),
                Verify::Base64Pem => base64_pem_is_private(whole.as_str()).then_some(whole.as_str()),
                Verify::Pem => Some(&value[whole.start()..]),
            };
            if let Some(secret) = found {
                return Some(Found { label: pattern.label, secret });
            }
        }
    }
    None
}

/// Whether the whole value has a public-by-design shape (publishable keys, site keys, a
/// Supabase anon JWT, a Sentry DSN, …).
pub fn is_public_value(value: &str) -> bool {
    if catalogue().public.is_match(value) {
        return true;
    }
    jwt_role(value).as_deref() == Some("anon")
}

/// Whether the value is a Google API key (`AIza…`), public or not depending on the API.
pub fn is_google_api_key(value: &str) -> bool {
    value.len() == 39
        && value.starts_with("AIza")
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A password that only stands in for one: empty, `${VAR}`, `[PASSWORD]`, `<password>`, `***`, `xxx`.
pub fn is_placeholder_password(pw: &str) -> bool {
    let pw = pw.trim();
    if pw.is_empty() {
        return true;
    }
    let wrapped = |open: &str, close: &str| pw.starts_with(open) && pw.ends_with(close);
    if wrapped("${", "}") || wrapped("[", "]") || wrapped("<", ">") || wrapped("{{", "}}") || wrapped("%", "%") {
        return true;
    }
    if pw.starts_with('$') && pw[1..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return true;
    }
    pw.bytes().all(|b| b == b'*' || b == b'x' || b == b'X' || b == b'.')
}

/// The `role` claim of a JWT's payload, when the value is a well-formed JWT.
pub fn jwt_role(value: &str) -> Option<String> {
    let mut parts = value.split('.');
    let (header, payload, sig) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || !header.starts_with("eyJ")
        || !payload.starts_with("eyJ")
        || sig.is_empty()
        || payload.len() > 8192
    {
        return None;
    }
    let bytes = base64_decode(payload)?;
    let json: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    json.get("role").and_then(serde_json::Value::as_str).map(ToString::to_string)
}

fn jwt_is_service_role(token: &str) -> bool {
    jwt_role(token).is_some_and(|r| r == "service_role" || r == "supabase_admin")
}

fn base64_pem_is_private(b64: &str) -> bool {
    // The header is in the first ~80 decoded bytes; decode a whole number of quads.
    let take = b64.len().min(128) / 4 * 4;
    base64_decode(&b64[..take]).is_some_and(|bytes| {
        let head = String::from_utf8_lossy(&bytes);
        head.lines().next().is_some_and(|l| l.contains("PRIVATE KEY"))
    })
}

/// Decodes standard or URL-safe base64, padded or not. `None` on a bad character.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).unwrap_or(0));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64url(s: &str) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let bytes = s.as_bytes();
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
            let chars = chunk.len() + 1;
            for i in 0..chars {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }

    fn filler(n: usize) -> String {
        "aB3".repeat(n).chars().take(n).collect()
    }

    #[test]
    fn all_patterns_compile() {
        let cat = catalogue();
        assert_eq!(cat.detailed.len(), SECRETS.len());
    }

    #[test]
    fn finds_prefixed_keys() {
        for (value, label) in [
            (format!("sk_live_{}", filler(30)), "a Stripe (or Clerk) secret key"),
            (format!("rk_test_{}", filler(30)), "a Stripe restricted key"),
            (format!("ghp_{}", filler(36)), "a GitHub token"),
            (format!("AKIA{}", "ABCDEFGHIJKLMNOP"), "an AWS access key id"),
            (format!("-----BEGIN RSA PRIVATE KEY-----\n{}", filler(64)), "a private key (PEM)"),
            (format!("postgres://app:{}@db.internal:5432/app", filler(12)), "a URL with credentials (user:pass@host)"),
        ] {
            let found = find_secret(&value).unwrap_or_else(|| panic!("{label} not found"));
            assert_eq!(found.label, label);
        }
    }

    #[test]
    fn rejects_placeholders_and_public_shapes() {
        // AWS's documented example key id, assembled here so no scanner sees a key literal.
        let aws_doc_example = format!("AKIA{}EXAMPLE", "IOSFODNN7");
        for value in [
            "sk_test_***",
            "whsec_***",
            "postgres://postgres:@localhost",
            "postgresql://postgres:${POSTGRES_PASSWORD}@localhost:5432/app",
            "postgres://u:[PASSWORD]@host/db",
            aws_doc_example.as_str(),
            "-----BEGIN PUBLIC KEY-----",
            "https://example.com/a@b",
            "http://localhost:3000",
        ] {
            assert_eq!(find_secret(value), None, "{value}");
        }
    }

    #[test]
    fn jwt_roles() {
        let head = b64url(r#"{"alg":"HS256","typ":"JWT"}"#);
        let anon = format!("{head}.{}.{}", b64url(r#"{"iss":"supabase","role":"anon"}"#), filler(43));
        let service = format!("{head}.{}.{}", b64url(r#"{"iss":"supabase","role":"service_role"}"#), filler(43));
        assert_eq!(find_secret(&anon), None);
        assert!(is_public_value(&anon));
        assert_eq!(find_secret(&service).map(|f| f.label), Some("a Supabase service_role key (a JWT)"));
        assert!(!is_public_value(&service));
    }

    #[test]
    fn base64_pem() {
        let private = b64url("-----BEGIN PRIVATE KEY-----\nMIIEvQ").replace('-', "+").replace('_', "/");
        let public = b64url("-----BEGIN CERTIFICATE-----\nMIIEvQ").replace('-', "+").replace('_', "/");
        assert!(find_secret(&private).is_some());
        assert_eq!(find_secret(&public), None);
    }
}
