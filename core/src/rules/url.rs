//! `x-url`: the value must parse as a URL (WHATWG, the `url` crate) and meet each condition.
//!
//! Messages state what the contract wants and never echo the value (a `DATABASE_URL` is
//! usually `x-secret`, and its password must never be printed).

use super::RuleContext;
use super::plain_url::Parts;
use crate::code::Code;
use crate::meta::UrlRule;
use crate::problem::Problem;
use crate::redact::Redactor;
use std::net::{Ipv4Addr, Ipv6Addr};
use url::{Host, Url};

/// Default ports of schemes, including those the `url` crate does not know.
pub fn default_port(scheme: &str) -> Option<u16> {
    // A scheme is nearly always written in lowercase: copied only when it is not.
    let lower;
    let scheme = if scheme.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = scheme.to_ascii_lowercase();
        lower.as_str()
    } else {
        scheme
    };
    Some(match scheme {
        "http" | "ws" => 80,
        "https" | "wss" => 443,
        "ftp" => 21,
        "sftp" | "ssh" => 22,
        "postgres" | "postgresql" => 5432,
        "mysql" | "mariadb" => 3306,
        "redis" => 6379,
        "rediss" => 6380,
        "mongodb" => 27017,
        "amqp" => 5672,
        "amqps" => 5671,
        "mqtt" => 1883,
        "mqtts" => 8883,
        "nats" => 4222,
        "memcached" => 11211,
        "clickhouse" => 9000,
        "smtp" => 25,
        "smtps" => 465,
        "ldap" => 389,
        "ldaps" => 636,
        "sqlserver" | "mssql" => 1433,
        "kafka" => 9092,
        "cockroachdb" => 26257,
        _ => return None,
    })
}

/// What a hint can say about a port a contract wants.
fn port_hint(wanted: &[u16], scheme: &str, effective: Option<u16>) -> Option<String> {
    let s = scheme.to_ascii_lowercase();
    let pg = s == "postgres" || s == "postgresql";
    if pg && wanted.contains(&6432) {
        return Some("PgBouncer listens on 6432; 5432 is Postgres itself, which bypasses the pool".to_string());
    }
    if pg && wanted.contains(&6543) {
        return Some("6543 is the pooled (transaction mode) port of Supabase; 5432 connects directly".to_string());
    }
    if effective.is_none() {
        return Some(format!("write the port explicitly (e.g. host:{})", wanted.first().copied().unwrap_or(0)));
    }
    None
}

/// The authority of a URL as written (between `//` and the path), for what the parser
/// normalizes away (an explicit default port) and for the raw password.
///
/// Byte loops, not `str::find`: this runs for every value of every check that returns values
/// (`Redactor::hides` asks for a password), and a substring searcher's set-up cost more than the
/// scan of a short value. Every byte sought is ASCII, so each cut falls on a character boundary.
fn raw_authority(value: &str) -> Option<&str> {
    let b = value.as_bytes();
    let start = (0..b.len().saturating_sub(2)).find(|&i| b[i] == b':' && b[i + 1] == b'/' && b[i + 2] == b'/')? + 3;
    let end = b[start..].iter().position(|&c| matches!(c, b'/' | b'?' | b'#')).map_or(b.len(), |i| start + i);
    Some(&value[start..end])
}

/// The password as written in the value (before percent-decoding), if any.
pub fn raw_password(value: &str) -> Option<&str> {
    let authority = raw_authority(value)?;
    let at = authority.bytes().rposition(|c| c == b'@')?;
    let userinfo = &authority[..at];
    let colon = userinfo.bytes().position(|c| c == b':')?;
    Some(&userinfo[colon + 1..]).filter(|p| !p.is_empty())
}

pub(crate) fn explicit_port_written(value: &str) -> bool {
    let Some(authority) = raw_authority(value) else { return false };
    let host_port = authority.rfind('@').map_or(authority, |i| &authority[i + 1..]);
    let after_ipv6 = host_port.rfind(']').map_or(host_port, |i| &host_port[i + 1..]);
    after_ipv6.rfind(':').is_some_and(|i| {
        let digits = &after_ipv6[i + 1..];
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Whether a host is this machine: localhost (and `*.localhost`), 127.0.0.0/8, `::1`,
/// `0.0.0.0` / `::`, or an IPv4-mapped loopback.
pub fn is_local_host(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(d) => {
            let d = d.trim_end_matches('.');
            if d.eq_ignore_ascii_case("localhost")
                || d.len() > 10 && d[d.len() - 10..].eq_ignore_ascii_case(".localhost")
            {
                return true;
            }
            let inner = d.trim_start_matches('[').trim_end_matches(']');
            if let Ok(v4) = inner.parse::<Ipv4Addr>() {
                return local_v4(v4);
            }
            inner.parse::<Ipv6Addr>().is_ok_and(local_v6)
        }
        Host::Ipv4(v4) => local_v4(*v4),
        Host::Ipv6(v6) => local_v6(*v6),
    }
}

fn local_v4(ip: Ipv4Addr) -> bool {
    ip.is_loopback() || ip.is_unspecified()
}

fn local_v6(ip: Ipv6Addr) -> bool {
    ip.is_loopback() || ip.is_unspecified() || ip.to_ipv4_mapped().is_some_and(local_v4)
}

fn host_matches_suffix(host: &str, suffix: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let suffix = suffix.trim_end_matches('.').to_ascii_lowercase();
    if suffix.starts_with('.') {
        host.ends_with(&suffix)
    } else {
        host == suffix || host.ends_with(&format!(".{suffix}"))
    }
}

fn words(items: &[String]) -> String {
    items.join(", ")
}

/// An `x-url` rule as a check reads it, in a variable's spec (`VarSpec::url`, behind a `Box`):
/// what a well-formed URL is held to on the way to "no problem" sits in the allocation's first
/// 64 bytes, the allowed schemes lowercased and inline among it, and the rule as written after
/// it for the rest (a list of ports, hosts, messages). At 10,000 variables every spec's rule was
/// three dependent cache misses (the rule, its `Vec` of schemes, each scheme's `String`), the
/// most of any part of a check; it is one now.
#[derive(Debug, Clone, PartialEq, Eq)]
#[repr(C, align(64))]
pub struct UrlCheck {
    /// The allowed schemes, lowercased, each followed by a NUL: the first `schemes_len` bytes.
    schemes: [u8; SCHEMES_INLINE],
    /// 0: no list, or one that does not fit (then `rule.schemes` is read).
    schemes_len: u8,
    port: Option<u16>,
    /// `ports` is a non-empty list.
    ports: bool,
    require_port: bool,
    /// `host` or `hostSuffix` is set.
    host: bool,
    forbid_localhost: bool,
    forbid_credentials: bool,
    pub rule: UrlRule,
}

const SCHEMES_INLINE: usize = 48;

impl UrlCheck {
    pub fn new(rule: UrlRule) -> UrlCheck {
        let mut schemes = [0u8; SCHEMES_INLINE];
        let mut len = 0;
        let list = rule.schemes.as_deref().unwrap_or_default();
        let total: usize = list.iter().map(|s| s.len() + 1).sum();
        if !list.is_empty() && total <= SCHEMES_INLINE && list.iter().all(|s| !s.contains('\0')) {
            for s in list {
                schemes[len..len + s.len()].copy_from_slice(s.as_bytes());
                schemes[len..len + s.len()].make_ascii_lowercase();
                len += s.len() + 1;
            }
        }
        UrlCheck {
            schemes,
            schemes_len: u8::try_from(len).unwrap_or(0),
            port: rule.port,
            ports: rule.ports.as_ref().is_some_and(|p| !p.is_empty()),
            require_port: rule.require_port == Some(true),
            host: rule.host.is_some() || rule.host_suffix.is_some(),
            forbid_localhost: rule.allow_localhost == Some(false),
            forbid_credentials: rule.allow_credentials == Some(false),
            rule,
        }
    }

    /// Whether the rule lists schemes and `scheme` (lowercase, as a parsed URL's) is none of them.
    fn scheme_refused(&self, scheme: &str) -> bool {
        if self.schemes_len == 0 {
            let list = self.rule.schemes.as_deref().unwrap_or_default();
            return !list.is_empty() && !list.iter().any(|s| s.eq_ignore_ascii_case(scheme));
        }
        // (Without the last NUL: each entry, then, is one scheme of the list.)
        let inline = &self.schemes[..usize::from(self.schemes_len) - 1];
        !inline.split(|&b| b == 0).any(|s| s == scheme.as_bytes())
    }
}

/// Checks every variable with an `x-url` rule that has a value.
pub fn check<'a>(ctx: &RuleContext<'a>, problems: &mut Vec<Problem>, redactor: &mut Redactor<'a>) {
    for (name, spec, value) in ctx.names.present_at(&ctx.names.by_rule.url) {
        let Some(rule) = &spec.url else { continue };
        check_one(name, value, rule, problems, redactor);
    }
}

fn check_one<'a>(
    name: &str,
    value: &'a str,
    check: &UrlCheck,
    problems: &mut Vec<Problem>,
    redactor: &mut Redactor<'a>,
) {
    let rule = &check.rule;
    // Most URLs are read in one pass (`plain_url`), which also gives the password and whether
    // a port is written as they stand in the value; the others by the WHATWG parser, with the
    // value scanned again for those two.
    let plain = super::plain_url::read(value);
    // A URL's password is never printed, whatever the variable.
    let raw = match &plain {
        Some(p) => p.parts.password,
        None => raw_password(value),
    };
    if let Some(pw) = raw {
        redactor.add(pw);
    }
    let parsed;
    let (url, port_written) = if let Some(p) = plain {
        (p.parts, p.port_written)
    } else {
        parsed = match Url::parse(value) {
            Ok(u) => u,
            Err(e) => {
                problems.push(
                    Problem::error(name, Code::UrlInvalid, format!("is not a valid URL ({e})"))
                        .with_hint("write an absolute URL such as https://host/path (special characters in credentials must be percent-encoded)"),
                );
                return;
            }
        };
        // `localhost:3000` and `db.example.com:5432` parse, as a scheme and a path: no
        // service URL looks like that, so a URL without `//` is refused.
        if parsed.cannot_be_a_base() {
            problems.push(
                Problem::error(name, Code::UrlInvalid, "is not a URL with a host (it has no scheme://)")
                    .with_hint("write the scheme too, e.g. https://host:port/path"),
            );
            return;
        }
        // (As the parser keeps it: percent-escapes as written, for what a log would show.)
        if let Some(pw) = parsed.password().filter(|pw| Some(*pw) != raw) {
            redactor.add_owned(pw.to_string());
        }
        (Parts::of(&parsed), explicit_port_written(value))
    };
    let scheme = url.scheme;

    if check.scheme_refused(scheme) {
        let schemes = rule.schemes.as_deref().unwrap_or_default();
        problems.push(Problem::error(
            name,
            Code::UrlScheme,
            format!("the URL's scheme is not allowed here; allowed: {}", words(schemes)),
        ));
    }

    let explicit = url.port.or_else(|| port_written.then_some(url.port_or_known_default).flatten());
    let effective = explicit.or_else(|| default_port(scheme));
    let ports = if check.ports { rule.ports.as_deref().unwrap_or_default() } else { &[] };
    let allowed = |p: u16| check.port == Some(p) || ports.contains(&p);
    // The ports the contract wants, in its order, for a message: built only when one fails.
    let wanted = || {
        let mut wanted: Vec<u16> = rule.port.into_iter().collect();
        for &p in ports {
            if !wanted.contains(&p) {
                wanted.push(p);
            }
        }
        wanted
    };
    if check.require_port && explicit.is_none() {
        let mut p =
            Problem::error(name, Code::UrlPort, "the URL must spell out its port (e.g. host:5432), and it has none");
        if let Some(h) = port_hint(&wanted(), scheme, None) {
            p = p.with_hint(h);
        }
        problems.push(p);
    } else if (check.port.is_some() || !ports.is_empty()) && !effective.is_some_and(allowed) {
        let wanted = wanted();
        let want = wanted.iter().map(u16::to_string).collect::<Vec<_>>().join(" or ");
        let message = match (explicit, effective) {
            (Some(e), _) => format!("the port is {e}, but the contract wants {want}"),
            (None, Some(d)) => {
                format!("no port is given, so the scheme's default {d} applies, but the contract wants {want}")
            }
            (None, None) => {
                format!("no port is given and the scheme has no known default, but the contract wants {want}")
            }
        };
        let mut p = Problem::error(name, Code::UrlPort, message);
        if let Some(h) = port_hint(&wanted, scheme, effective) {
            p = p.with_hint(h);
        }
        problems.push(p);
    }

    let host = url.host;
    if check.host {
        let host_str = url.host_str.trim_end_matches('.');
        if let Some(want) = &rule.host {
            if !host_str.eq_ignore_ascii_case(want.trim_end_matches('.')) {
                problems.push(Problem::error(name, Code::UrlHost, format!("the URL's host must be {want}")));
            }
        }
        if let Some(suffix) = &rule.host_suffix {
            if host_str.is_empty() || !host_matches_suffix(host_str, suffix) {
                problems.push(Problem::error(name, Code::UrlHost, format!("the URL's host must end with {suffix}")));
            }
        }
    }

    if check.forbid_localhost && host.as_ref().is_some_and(is_local_host) {
        problems.push(
            Problem::error(
                name,
                Code::UrlLocalhost,
                "points at this machine (localhost, 127.0.0.0/8, ::1 or 0.0.0.0), which is not allowed here",
            )
            .with_hint("use the address of the deployed service"),
        );
    }

    if check.forbid_credentials && (!url.username.is_empty() || url.password.is_some()) {
        problems.push(
            Problem::error(
                name,
                Code::UrlCredentials,
                "the URL carries credentials (user:pass@host), which is not allowed here",
            )
            .with_hint("pass the credentials in separate x-secret variables"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_explicit_ports() {
        assert_eq!(default_port("postgresql"), Some(5432));
        assert_eq!(default_port("rediss"), Some(6380));
        assert!(explicit_port_written("https://h:443/x"));
        assert!(explicit_port_written("postgres://u:p@[::1]:6432/db"));
        assert!(!explicit_port_written("postgres://u:p@[::1]/db"));
        assert!(!explicit_port_written("postgres://u:p:x@db/app"));
    }

    #[test]
    fn local_hosts() {
        for v in [
            "http://localhost:3000",
            "https://127.0.0.1",
            "https://127.8.9.1",
            "http://[::1]/",
            "http://0.0.0.0",
            "postgres://u@127.0.0.1/db",
            "postgres://u@[::1]/db",
            "http://app.localhost",
        ] {
            let u = Url::parse(v).unwrap();
            assert!(is_local_host(&u.host().unwrap()), "{v}");
        }
        for v in
            ["https://example.com", "http://10.0.0.1", "postgres://db.internal/app", "http://localhost.example.com"]
        {
            let u = Url::parse(v).unwrap();
            assert!(!is_local_host(&u.host().unwrap()), "{v}");
        }
    }

    #[test]
    fn suffixes() {
        assert!(host_matches_suffix("api.example.com", ".example.com"));
        assert!(!host_matches_suffix("example.com", ".example.com"));
        assert!(host_matches_suffix("example.com", "example.com"));
        assert!(host_matches_suffix("a.example.com", "example.com"));
        assert!(!host_matches_suffix("badexample.com", "example.com"));
    }

    /// The inline schemes refuse exactly what the rule's list, compared without case, refuses.
    #[test]
    fn inline_schemes_refuse_what_the_list_refuses() {
        let long: Vec<String> = (0..12).map(|i| format!("scheme{i}")).collect();
        let lists: Vec<Option<Vec<String>>> = vec![
            None,
            Some(vec![]),
            Some(vec!["https".into()]),
            Some(vec!["postgres".into(), "postgresql".into()]),
            Some(vec!["HTTPS".into(), "Wss".into()]),
            Some(vec![String::new(), "redis".into()]),
            Some(vec!["a\0b".into(), "https".into()]),
            Some(long.clone()),
        ];
        let schemes =
            ["https", "http", "wss", "postgres", "postgresql", "postgre", "redis", "scheme3", "scheme11", "b", ""];
        for list in lists {
            let rule = UrlRule { schemes: list.clone(), ..UrlRule::default() };
            let check = UrlCheck::new(rule);
            let fits = list.as_ref().is_some_and(|l| l.iter().map(|s| s.len() + 1).sum::<usize>() <= SCHEMES_INLINE);
            assert_eq!(
                check.schemes_len != 0,
                fits && list.as_ref().is_some_and(|l| !l.iter().any(|s| s.contains('\0')))
                    && list.as_ref().is_some_and(|l| !l.is_empty()),
                "{list:?}"
            );
            for scheme in schemes {
                let list = list.as_deref().unwrap_or_default();
                let refused = !list.is_empty() && !list.iter().any(|s| s.eq_ignore_ascii_case(scheme));
                assert_eq!(check.scheme_refused(scheme), refused, "{scheme:?} against {list:?}");
            }
        }
    }

    #[test]
    fn raw_passwords() {
        assert_eq!(raw_password("postgres://u:p%40ss@db/app"), Some("p%40ss"));
        assert_eq!(raw_password("redis://:pw@h"), Some("pw"));
        assert_eq!(raw_password("postgres://u@db/app"), None);
        assert_eq!(raw_password("postgres://u:@db/app"), None);
    }
}
