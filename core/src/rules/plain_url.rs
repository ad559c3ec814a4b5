//! What `x-url` reads of a URL, for the URLs configuration holds nearly always
//! (`https://api.example.com/v1`, `postgres://app:secret@db.internal:6432/app`), read in one
//! pass over the value instead of through the `url` crate's WHATWG parser, which builds a
//! normalised copy of the whole URL (a few thousand instructions and allocations per value,
//! a fifth of a warm check of a contract with twenty URLs).
//!
//! A value is read here only when WHATWG parsing would leave each part the rule looks at as
//! written: a lowercase scheme, then `://`, an authority of unreserved characters only (no
//! percent-escape, nothing the parser would encode, trim, map or reject), a host of lowercase
//! letters, digits, `-` and `.` whose last label starts with a letter (so never an IPv4
//! address, never IDNA: no `xn--` label), and a port of digits up to 65535. For anything else
//! [`read`] answers `None` and the caller parses with the `url` crate, as before. After the
//! authority the path, query and fragment are not looked at: WHATWG parsing of those never
//! fails and never changes the parts above. The tests hold both readings equal over every URL
//! of a generated set, tricky characters included.

use url::{Host, Url};

/// The parts of a URL that `x-url` checks, as the `url` crate gives them.
#[derive(Debug, PartialEq, Eq)]
pub struct Parts<'a> {
    /// Lowercase, as `Url::scheme`.
    pub scheme: &'a str,
    pub username: &'a str,
    /// `None` when absent or empty, as `Url::password`.
    pub password: Option<&'a str>,
    /// `None` when absent or the scheme's WHATWG default, as `Url::port`.
    pub port: Option<u16>,
    /// As `Url::port_or_known_default`.
    pub port_or_known_default: Option<u16>,
    pub host: Option<Host<&'a str>>,
    /// As `Url::host_str` (`""` without a host).
    pub host_str: &'a str,
}

impl<'a> Parts<'a> {
    /// The parts of a URL the `url` crate parsed.
    pub fn of(url: &'a Url) -> Parts<'a> {
        Parts {
            scheme: url.scheme(),
            username: url.username(),
            password: url.password(),
            port: url.port(),
            port_or_known_default: url.port_or_known_default(),
            host: url.host(),
            host_str: url.host_str().unwrap_or(""),
        }
    }
}

/// A plain URL's parts, with what [`read`] saw of it as written: the check needs no second
/// scan of the value for them.
#[derive(Debug, PartialEq, Eq)]
pub struct Plain<'a> {
    pub parts: Parts<'a>,
    /// Whether the value spells a port out (`:443` too, which `Parts::port` drops as the
    /// scheme's default).
    pub port_written: bool,
}

/// The ports WHATWG knows for its special schemes (`file` has none and is never read here).
fn special_default(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

/// The parts of `value` when it is a plain URL (the module docs), else `None`. Its password is
/// then the password as written too (a plain URL has no percent-escape).
pub fn read(value: &str) -> Option<Plain<'_>> {
    let b = value.as_bytes();
    // Scheme: a lowercase letter, then lowercase letters, digits, `+`, `-`, `.`; then `://`.
    if !b.first()?.is_ascii_lowercase() {
        return None;
    }
    let colon = b.iter().position(|&c| !is(c, SCHEME))?;
    if b.get(colon..colon + 3)? != b"://" || &value[..colon] == "file" {
        return None;
    }
    let scheme = &value[..colon];
    let start = colon + 3;
    // One pass over the authority: where it ends (`/`, `?`, `#`), its first `@`, and of the
    // bytes before that `@` (the userinfo, when there is one), whether each may stand as
    // written, where its first `:` is and whether it has a second. (Three scans before: a
    // fifth of a check of ten URLs at N = 100.)
    let (mut end, mut at, mut info_ok) = (b.len(), None, true);
    let (mut info_colon, mut second_colon) = (None, false);
    for (i, &c) in b.iter().enumerate().skip(start) {
        let class = CLASS[usize::from(c)];
        if class & END != 0 {
            end = i;
            break;
        }
        if at.is_some() {
            continue;
        }
        match c {
            b'@' => at = Some(i),
            b':' if info_colon.is_some() => second_colon = true,
            b':' => info_colon = Some(i),
            _ => info_ok &= class & USERINFO != 0,
        }
    }
    let host_port = &value[at.map_or(start, |a| a + 1)..end];
    let (username, password) = match at {
        None => ("", None),
        Some(_) if !info_ok => return None,
        // A second `:` belongs to the password, which WHATWG then percent-encodes.
        Some(_) if second_colon => return None,
        Some(at) => match info_colon {
            Some(colon) => (&value[start..colon], Some(&value[colon + 1..at]).filter(|p| !p.is_empty())),
            None => (&value[start..at], None),
        },
    };
    let (host, port) = match host_port.split_once(':') {
        Some((host, digits)) => {
            if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            (host, Some(u16::try_from(digits.parse::<u32>().ok()?).ok()?))
        }
        None => (host_port, None),
    };
    if !plain_host(host) {
        return None;
    }
    let known = special_default(scheme);
    let port_written = port.is_some();
    let port = port.filter(|p| Some(*p) != known);
    let parts = Parts {
        scheme,
        username,
        password,
        port,
        port_or_known_default: port.or(known),
        host: Some(Host::Domain(host)),
        host_str: host,
    };
    Some(Plain { parts, port_written })
}

/// What a byte may be in a plain URL, one bit per use (a table: one load a byte).
const SCHEME: u8 = 1;
/// Left as is in a username or password by WHATWG (in none of its userinfo percent-encode set).
const USERINFO: u8 = 2;
/// In a host label.
const LABEL: u8 = 4;
/// Ends the authority.
const END: u8 = 8;

const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b: u8 = 0;
    loop {
        let lower = b.is_ascii_lowercase();
        let digit = b.is_ascii_digit();
        let mut class = 0;
        if lower || digit || b == b'+' || b == b'-' || b == b'.' {
            class |= SCHEME;
        }
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',')
        {
            class |= USERINFO;
        }
        if lower || digit || b == b'-' {
            class |= LABEL;
        }
        if matches!(b, b'/' | b'?' | b'#') {
            class |= END;
        }
        t[b as usize] = class;
        if b == u8::MAX {
            break t;
        }
        b += 1;
    }
};

fn is(c: u8, class: u8) -> bool {
    CLASS[c as usize] & class != 0
}

/// Labels of lowercase letters, digits and `-`, none empty, none an IDNA (`xn--`) label, the
/// last starting with a letter (WHATWG reads a host whose last label is a number as IPv4).
fn plain_host(host: &str) -> bool {
    let b = host.as_bytes();
    // Where the current label starts; each label checked when its end is reached.
    let mut start = 0;
    for i in 0..=b.len() {
        if i < b.len() && b[i] != b'.' {
            if !is(b[i], LABEL) {
                return false;
            }
            continue;
        }
        if i == start || b[start..i].starts_with(b"xn--") {
            return false;
        }
        if i == b.len() {
            return b[start].is_ascii_lowercase();
        }
        start = i + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `read`'s answer for `v` is the `url` crate's reading of the same parts, and what it saw
    /// as written is what the scans of the value as written find.
    fn same_as_the_parser(v: &str) -> bool {
        let Some(ours) = read(v) else { return false };
        let url = Url::parse(v).unwrap_or_else(|e| panic!("{v:?} read here, but the parser refuses it: {e}"));
        assert!(!url.cannot_be_a_base(), "{v:?}");
        assert_eq!(ours.parts, Parts::of(&url), "{v:?}");
        assert_eq!(ours.port_written, crate::rules::url::explicit_port_written(v), "{v:?}");
        assert_eq!(ours.parts.password, crate::rules::url::raw_password(v), "{v:?}");
        true
    }

    #[test]
    fn the_urls_configuration_holds_are_read_here() {
        for v in [
            "https://api.example.com/v1",
            "https://api.example.com",
            "postgres://app:pw-1.x@db.internal:6432/app?sslmode=require",
            "postgresql://app@db.internal/app",
            "redis://:token@cache.internal:6379/0",
            "http://localhost:3000",
            "https://h.example.com:443/x",
            "mongodb+srv://u:p@cluster0.abc.mongodb.net/db",
            "amqps://u:p@mq.example.com:5671/%2f",
        ] {
            assert!(same_as_the_parser(v), "{v} is not read here");
        }
    }

    #[test]
    fn anything_the_parser_would_change_goes_to_the_parser() {
        for v in [
            "HTTPS://api.example.com",
            "https://API.example.com",
            "https://127.0.0.1/",
            "https://0x7f.1/",
            "http://[::1]:3000",
            "https://xn--nxasmq6b.com",
            "https://ex%41mple.com",
            "postgres://u:p%40ss@db/app",
            "postgres://u:p:q@db/app",
            "postgres://a@b@db/app",
            "https://h.example.com:/x",
            "https://h.example.com:99999",
            "https://h.example.com.",
            "https://h..example.com",
            "https:///h.example.com",
            "https:h.example.com",
            "file://host/etc/passwd",
            " https://h.example.com",
            "https://h.exa\tmple.com",
            "https://h.example.com\\x",
            "localhost:3000",
            "https://",
            "",
        ] {
            assert_eq!(read(v), None, "{v:?}");
        }
    }

    /// Every URL built from these pieces (tricky characters included) is either left to the
    /// parser or read here exactly as the parser reads it.
    #[test]
    fn read_here_means_read_as_the_parser_does() {
        let schemes = ["https", "http", "postgres", "ws", "wss", "ftp", "redis", "a+b", "Https", "1x", "file"];
        let users =
            ["", "u@", "u:p@", ":p@", "u:@", "@", "u:p:q@", "u%20:p@", "\u{fc}:p@", "u;=:p@", "a!$&'()*+,:b~._-@"];
        let hosts = [
            "example.com",
            "Example.com",
            "ex-ample.co",
            "a.b.c",
            "1.2.3.4",
            "a.1",
            "a.0x1",
            "x1.y2z",
            "xn--abc.com",
            "-a.com",
            "a-.b",
            "a_b.com",
            "",
            "ex ample.com",
            "[::1]",
            "\u{e9}.com",
            "localhost",
            "a.localhost",
        ];
        let ports = ["", ":80", ":443", ":0", ":6432", ":65535", ":65536", ":", ":8a", ":0080", ":21", ":00000443"];
        let rests = ["", "/", "/a b?c#d", "?q", "#f", "\\x", "/%zz", "\t"];
        let mut read_here = 0;
        for s in schemes {
            for u in users {
                for h in hosts {
                    for p in ports {
                        for r in rests {
                            read_here += usize::from(same_as_the_parser(&format!("{s}://{u}{h}{p}{r}")));
                        }
                    }
                }
            }
        }
        assert!(read_here > 1000, "only {read_here} read here");
    }
}
