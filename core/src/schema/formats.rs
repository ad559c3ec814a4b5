//! `format`: whether a string is a valid instance of one of the formats JSON Schema 2020-12
//! defines (the list `contract::validator::FORMATS` admits). Each check is a hand-written
//! reading of its RFC's grammar, run on every check of an environment: no regex, and no
//! allocation on ASCII input (but for `xn--` labels and `regex`).

use super::pattern::{self, PatternError};
use std::net::{Ipv4Addr, Ipv6Addr};

/// Whether `value` is a valid `format`; `None` for a format not in the list.
pub(crate) fn is_valid(format: &str, value: &str) -> Option<bool> {
    Some(match format {
        "date" => is_date(value),
        "date-time" => is_date_time(value),
        "duration" => is_duration(value),
        "email" => is_email(value),
        "hostname" => is_hostname(value),
        "idn-email" => is_idn_email(value),
        "idn-hostname" => is_idn_hostname(value),
        "ipv4" => is_ipv4(value),
        "ipv6" => is_ipv6(value),
        "iri" => is_uri(value, true, true),
        "iri-reference" => is_uri(value, true, false),
        "json-pointer" => is_json_pointer(value),
        "regex" => is_regex(value),
        "relative-json-pointer" => is_relative_json_pointer(value),
        "time" => is_time(value),
        "uri" => is_uri(value, false, true),
        "uri-reference" => is_uri(value, false, false),
        "uri-template" => is_uri_template(value),
        "uuid" => is_uuid(value),
        _ => return None,
    })
}

// ---- dates and times (RFC 3339 section 5.6, appendix A) ----

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0, |n, &d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
}

/// `full-date`: `YYYY-MM-DD`, the day within its month (29 February in leap years).
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(&b[..4]), digits(&b[5..7]), digits(&b[8..])) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `full-time`: `HH:MM:SS[.frac]` and an offset (`Z` or `±HH:MM`); a leap second (`:60`) only
/// at 23:59 UTC.
fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 9 || b[2] != b':' || b[5] != b':' {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) = (digits(&b[..2]), digits(&b[3..5]), digits(&b[6..8])) else {
        return false;
    };
    if hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut rest = &b[8..];
    if let [b'.', frac @ ..] = rest {
        let n = frac.iter().take_while(|d| d.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    // Minutes east of UTC.
    let offset: i64 = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (Some(oh), Some(om)) = (digits(&[*h1, *h2]), digits(&[*m1, *m2])) else { return false };
            if oh > 23 || om > 59 {
                return false;
            }
            let east = i64::from(oh * 60 + om);
            if *sign == b'-' { -east } else { east }
        }
        _ => return false,
    };
    if second == 60 {
        let utc = (i64::from(hour * 60 + minute) - offset).rem_euclid(24 * 60);
        return utc == 23 * 60 + 59;
    }
    true
}

/// `date-time`: `full-date "T" full-time` (`t` allowed, as RFC 3339 says).
fn is_date_time(s: &str) -> bool {
    s.len() > 11 && s.is_char_boundary(10) && {
        let (date, time) = s.split_at(10);
        is_date(date) && matches!(time.as_bytes()[0], b'T' | b't') && is_time(&time[1..])
    }
}

/// Reads `1*DIGIT unit` items whose units come in the order of `units` without gaps (`dur-year
/// = Y [dur-month]`, …); how many bytes were read and how many items.
fn duration_items(b: &[u8], units: &[u8]) -> Option<(usize, usize)> {
    let (mut at, mut items, mut next_unit) = (0, 0, None::<usize>);
    while at < b.len() && b[at].is_ascii_digit() {
        let n = b[at..].iter().take_while(|d| d.is_ascii_digit()).count();
        let unit = *b.get(at + n)?;
        let index = units.iter().position(|&u| u == unit)?;
        if next_unit.is_some_and(|next| next != index) {
            return None;
        }
        next_unit = Some(index + 1);
        at += n + 1;
        items += 1;
    }
    Some((at, items))
}

/// `duration` (RFC 3339 appendix A): `P` and a date part (`Y`, `M`, `D`, consecutive) with an
/// optional time part (`T` and `H`, `M`, `S`, consecutive), a time part alone, or weeks alone.
fn is_duration(s: &str) -> bool {
    let Some(b) = s.as_bytes().strip_prefix(b"P") else { return false };
    if let Some(n) = b.strip_suffix(b"W") {
        return !n.is_empty() && n.iter().all(u8::is_ascii_digit);
    }
    let Some((date_len, date_items)) = duration_items(b, b"YMD") else { return false };
    match &b[date_len..] {
        [] => date_items > 0,
        [b'T', time @ ..] => duration_items(time, b"HMS").is_some_and(|(len, items)| len == time.len() && items > 0),
        _ => false,
    }
}

// ---- host names and mail addresses ----

/// A DNS label of letters, digits and inner hyphens, 1 to 63 characters.
fn is_ldh_label(l: &[u8]) -> bool {
    !l.is_empty()
        && l.len() <= 63
        && l.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        && l[0] != b'-'
        && l[l.len() - 1] != b'-'
}

/// `hostname` (RFC 1123, RFC 5890): dot-separated LDH labels, at most 253 characters, no
/// trailing dot; a label with `--` in 3rd and 4th position must be a valid A-label (`xn--`).
fn is_hostname(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').all(|label| {
            let l = label.as_bytes();
            is_ldh_label(l) && (l.len() < 4 || &l[2..4] != b"--" || is_a_label(label))
        })
}

/// An `xn--` label whose Punycode decodes to a valid U-label (IDNA2008: UTS 46 processing,
/// then what it leaves out, `idna2008_rules_hold`).
fn is_a_label(label: &str) -> bool {
    if !label[..2].eq_ignore_ascii_case("xn") {
        return false;
    }
    let Some(unicode) = idna::punycode::decode_to_string(&label[4..]) else { return false };
    // Valid, and in the form it encodes to (no mapped or unnormalised characters).
    !unicode.is_ascii()
        && idna_to_ascii(&unicode).is_some_and(|again| again.eq_ignore_ascii_case(label))
        && idna2008_rules_hold(&unicode)
}

/// UTS 46 `ToASCII` with the strict IDNA2008 options (STD3 rules, hyphen and length checks).
fn idna_to_ascii(s: &str) -> Option<std::borrow::Cow<'_, str>> {
    use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
    Uts46::new().to_ascii(s.as_bytes(), AsciiDenyList::STD3, Hyphens::Check, DnsLength::Verify).ok()
}

/// What UTS 46 leaves out of IDNA2008, on one U-label: code points must be letters, marks or
/// digits (RFC 5892 section 2.1, `LetterDigits`) or one of its exceptions, and the appendix A
/// CONTEXTO rules must hold.
fn idna2008_rules_hold(label: &str) -> bool {
    // `LetterDigits`' general categories, read from the `regex` crate's Unicode tables (already
    // in every build: a table of its own was 8 kB of the gzipped WebAssembly module).
    static LETTER_DIGITS: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let letter_digits = LETTER_DIGITS
        .get_or_init(|| regex::Regex::new(r"^[\p{Ll}\p{Lu}\p{Lo}\p{Nd}\p{Lm}\p{Mn}\p{Mc}]$").expect("compiles"));
    let greek = |c: char| ('\u{0370}'..='\u{03FF}').contains(&c) || ('\u{1F00}'..='\u{1FFF}').contains(&c);
    let hebrew = |c: char| ('\u{0591}'..='\u{05F4}').contains(&c) || ('\u{FB1D}'..='\u{FB4F}').contains(&c);
    let japanese = |c: char| {
        matches!(c, '\u{3040}'..='\u{309F}' | '\u{30A0}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}')
            || matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
            || ('\u{20000}'..='\u{3134F}').contains(&c)
    };
    let chars: Vec<char> = label.chars().collect();
    let (mut arabic_indic, mut extended_arabic_indic) = (false, false);
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let ok = match c {
            '\u{00B7}' => before == Some('l') && after == Some('l'),
            '\u{0375}' => after.is_some_and(greek),
            '\u{05F3}' | '\u{05F4}' => before.is_some_and(hebrew),
            '\u{30FB}' => chars.iter().any(|&c| japanese(c)),
            // Section 2.6: DISALLOWED exceptions, and PVALID ones outside `LetterDigits`.
            '\u{0640}' | '\u{07FA}' | '\u{302E}' | '\u{302F}' | '\u{3031}'..='\u{3035}' | '\u{303B}' => false,
            '\u{06FD}' | '\u{06FE}' | '\u{0F0B}' | '\u{3007}' | '\u{200C}' | '\u{200D}' => true,
            '\u{0660}'..='\u{0669}' => {
                arabic_indic = true;
                true
            }
            '\u{06F0}'..='\u{06F9}' => {
                extended_arabic_indic = true;
                true
            }
            c => c.is_ascii() || letter_digits.is_match(c.encode_utf8(&mut [0; 4])),
        };
        if !ok {
            return false;
        }
    }
    !(arabic_indic && extended_arabic_indic)
}

/// `idn-hostname` (RFC 5890): a host name whose labels may be U-labels; IDNA2008 through the
/// `idna` crate's UTS 46 processing, the result then checked as a `hostname`.
fn is_idn_hostname(s: &str) -> bool {
    if s.is_ascii() {
        return is_hostname(s);
    }
    idna_to_ascii(s).is_some_and(|ascii| is_hostname(&ascii))
}

/// `format: "email"`: a valid email address as the HTML standard defines it (what a browser's
/// `<input type="email">` accepts): `local@domain`, the local part of letters, digits and
/// ``.!#$%&'*+/=?^_`{|}~-``, the domain of dot-separated labels of letters, digits and inner
/// hyphens, each at most 63 characters. No quoted local parts, comments or IP literals: an
/// address an app sends mail from or to does not use them. (Checked by hand: jsonschema's RFC
/// 5321 parser was a tenth of a check's cost.)
pub(crate) fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    is_email_local(local, false) && domain.len() <= 253 && domain.split('.').all(|l| is_ldh_label(l.as_bytes()))
}

fn is_email_local(local: &str, idn: bool) -> bool {
    const LOCAL: &[u8] = b".!#$%&'*+/=?^_`{|}~-";
    !local.is_empty()
        && local.chars().all(|c| match u8::try_from(c) {
            Ok(b) if b.is_ascii() => b.is_ascii_alphanumeric() || LOCAL.contains(&b),
            _ => idn,
        })
}

/// `idn-email`: the `email` rule with non-ASCII allowed in the local part and an
/// `idn-hostname` domain.
fn is_idn_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    is_email_local(local, true)
        && if domain.is_ascii() {
            domain.len() <= 253 && domain.split('.').all(|l| is_ldh_label(l.as_bytes()))
        } else {
            is_idn_hostname(domain)
        }
}

// ---- addresses and identifiers ----

/// `ipv4`: a dotted quad, each part 0 to 255 without leading zeros (the standard library's
/// parser says exactly that).
fn is_ipv4(s: &str) -> bool {
    s.parse::<Ipv4Addr>().is_ok()
}

/// `ipv6` (RFC 4291 section 2.2), without zone ids.
fn is_ipv6(s: &str) -> bool {
    s.parse::<Ipv6Addr>().is_ok()
}

/// `uuid` (RFC 4122): 8-4-4-4-12 hexadecimal digits, either case.
fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter()
            .enumerate()
            .all(|(i, c)| if matches!(i, 8 | 13 | 18 | 23) { *c == b'-' } else { c.is_ascii_hexdigit() })
}

/// `json-pointer` (RFC 6901): empty, or `/`-prefixed reference tokens where `~` is only
/// `~0` or `~1`.
fn is_json_pointer(s: &str) -> bool {
    (s.is_empty() || s.starts_with('/')) && {
        let b = s.as_bytes();
        b.iter().enumerate().all(|(i, c)| *c != b'~' || matches!(b.get(i + 1), Some(b'0' | b'1')))
    }
}

/// `relative-json-pointer`: a non-negative integer without leading zeros, then `#` or a JSON
/// pointer.
fn is_relative_json_pointer(s: &str) -> bool {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || (n > 1 && s.starts_with('0')) {
        return false;
    }
    let rest = &s[n..];
    rest == "#" || is_json_pointer(rest)
}

/// `regex`: a valid ECMA-262 regular expression; look-around and back-references are valid
/// ECMA-262 even though patterns may not use them.
fn is_regex(s: &str) -> bool {
    match pattern::to_rust(s) {
        Ok(_) | Err(PatternError::LookAround | PatternError::Backreference) => true,
        Err(PatternError::Invalid(_)) => false,
    }
}

// ---- URIs and IRIs (RFC 3986, RFC 3987) ----

fn is_unreserved(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~')
}

fn is_sub_delim(c: u8) -> bool {
    matches!(c, b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=')
}

/// RFC 3987 `ucschar`.
fn is_ucschar(c: char) -> bool {
    let c = u32::from(c);
    matches!(c, 0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF)
        || ((0x1_0000..=0xE_FFFD).contains(&c) && c & 0xFFFF < 0xFFFE && !(0xE_0000..0xE_1000).contains(&c))
}

/// RFC 3987 `iprivate`.
fn is_iprivate(c: char) -> bool {
    matches!(u32::from(c), 0xE000..=0xF8FF | 0xF_0000..=0xF_FFFD | 0x10_0000..=0x10_FFFD)
}

/// Whether every character of `s` is allowed: an ASCII byte `ascii` accepts, a
/// percent-encoded octet, or (in an IRI) a `ucschar` (and `iprivate` where `private`).
// Generic, not a `fn` pointer: the byte test is inlined into the loop (a call per byte cost
// more than the test).
fn all_chars(s: &str, ascii: impl Fn(u8) -> bool, iri: bool, private: bool) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit) && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)) {
                return false;
            }
            i += 3;
        } else if c.is_ascii() {
            if !ascii(c) {
                return false;
            }
            i += 1;
        } else {
            let ch = s[i..].chars().next().unwrap_or('\0');
            if !iri || !(is_ucschar(ch) || private && is_iprivate(ch)) {
                return false;
            }
            i += ch.len_utf8();
        }
    }
    true
}

fn is_pchar(c: u8) -> bool {
    is_unreserved(c) || is_sub_delim(c) || c == b':' || c == b'@'
}

fn is_path_char(c: u8) -> bool {
    is_pchar(c) || c == b'/'
}

fn is_query_char(c: u8) -> bool {
    is_pchar(c) || c == b'/' || c == b'?'
}

fn is_scheme(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphabetic()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
}

/// `authority = [ userinfo "@" ] host [ ":" port ]`.
fn is_authority(a: &str, iri: bool) -> bool {
    let (userinfo, hostport) = match cut(a, b'@') {
        Some((u, h)) => (Some(u), h),
        None => (None, a),
    };
    if userinfo.is_some_and(|u| !all_chars(u, |c| is_unreserved(c) || is_sub_delim(c) || c == b':', iri, false)) {
        return false;
    }
    let (host, port) = if let Some(literal) = hostport.strip_prefix('[') {
        let Some((inside, after)) = cut(literal, b']') else { return false };
        let port = match after.as_bytes() {
            [] => "",
            [b':', ..] => &after[1..],
            _ => return false,
        };
        if !is_ip_literal(inside) {
            return false;
        }
        ("", port)
    } else {
        match hostport.bytes().rposition(|c| c == b':') {
            Some(at) => (&hostport[..at], &hostport[at + 1..]),
            None => (hostport, ""),
        }
    };
    port.bytes().all(|c| c.is_ascii_digit()) && all_chars(host, |c| is_unreserved(c) || is_sub_delim(c), iri, false)
}

/// The inside of `[…]`: an IPv6 address or `IPvFuture` (`v` HEXDIG+ `.` chars+).
fn is_ip_literal(s: &str) -> bool {
    if let Some(future) = s.strip_prefix(['v', 'V']) {
        let Some((version, rest)) = future.split_once('.') else { return false };
        return !version.is_empty()
            && version.bytes().all(|c| c.is_ascii_hexdigit())
            && !rest.is_empty()
            && rest.bytes().all(|c| is_unreserved(c) || is_sub_delim(c) || c == b':');
    }
    is_ipv6(s)
}

/// `uri`, `uri-reference` (RFC 3986), `iri`, `iri-reference` (RFC 3987), by their grammar:
/// `[scheme ":"] ["//" authority] path ["?" query] ["#" fragment]`, the scheme required when
/// `absolute`.
fn is_uri(s: &str, iri: bool, absolute: bool) -> bool {
    // Cut at bytes, not with `split_once`: each byte sought is ASCII, so every cut falls on a
    // character boundary, and a `char` searcher's set-up cost more than these short scans.
    let (rest, fragment) = match cut(s, b'#') {
        Some((r, f)) => (r, Some(f)),
        None => (s, None),
    };
    if fragment.is_some_and(|f| !all_chars(f, is_query_char, iri, false)) {
        return false;
    }
    let (rest, query) = match cut(rest, b'?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    if query.is_some_and(|q| !all_chars(q, is_query_char, iri, true)) {
        return false;
    }
    // A colon before the first slash ends a scheme; in a relative reference the first
    // segment may not hold one (`path-noscheme`).
    let first_segment = cut(rest, b'/').map_or(rest, |(first, _)| first);
    let rest = match cut(first_segment, b':') {
        Some((scheme, _)) if is_scheme(scheme) => &rest[scheme.len() + 1..],
        Some(_) => return false,
        None if absolute => return false,
        None => rest,
    };
    let path = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.bytes().position(|c| c == b'/').unwrap_or(after.len());
            if !is_authority(&after[..end], iri) {
                return false;
            }
            &after[end..]
        }
        None => rest,
    };
    all_chars(path, is_path_char, iri, false)
}

/// `s` around the first `byte` (ASCII), as `split_once` would cut it.
fn cut(s: &str, byte: u8) -> Option<(&str, &str)> {
    let at = s.bytes().position(|c| c == byte)?;
    Some((&s[..at], &s[at + 1..]))
}

/// `uri-template` (RFC 6570 section 2, level 4): literals (an apostrophe among them, as the
/// JSON Schema test suite reads the RFC) and `{` expressions `}` of an
/// optional operator and comma-separated variables, each with an optional `:prefix` (1 to
/// 9999) or `*` explode modifier.
fn is_uri_template(s: &str) -> bool {
    let mut rest = s;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('{') {
            let Some((expression, tail)) = after.split_once('}') else { return false };
            if !is_template_expression(expression) {
                return false;
            }
            rest = tail;
        } else {
            let end = rest.find('{').unwrap_or(rest.len());
            let literal = &rest[..end];
            let ok = all_chars(
                literal,
                |c| c > b' ' && !matches!(c, b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'|' | b'}' | 0x7F),
                true,
                true,
            );
            if !ok {
                return false;
            }
            rest = &rest[end..];
        }
    }
    true
}

fn is_template_expression(e: &str) -> bool {
    let e = e.strip_prefix(['+', '#', '.', '/', ';', '?', '&', '=', ',', '!', '@', '|']).unwrap_or(e);
    !e.is_empty()
        && e.split(',').all(|varspec| {
            let (name, modifier) = match varspec.find([':', '*']) {
                Some(at) => varspec.split_at(at),
                None => (varspec, ""),
            };
            let modifier_ok = match modifier.as_bytes() {
                [] | [b'*'] => true,
                [b':', first, more @ ..] => {
                    (b'1'..=b'9').contains(first) && more.len() <= 3 && more.iter().all(u8::is_ascii_digit)
                }
                _ => false,
            };
            modifier_ok
                && !name.is_empty()
                && !name.starts_with('.')
                && !name.ends_with('.')
                && !name.contains("..")
                && all_chars(name, |c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.', false, false)
        })
}

#[cfg(test)]
mod tests {
    use super::{is_email, is_valid};
    use crate::contract::validator::FORMATS;
    use crate::schema::pattern::tests::{Rng, mutate};

    thread_local! {
        /// The cases `check` was given on this thread, for the differential test's corpus.
        static SAMPLES: std::cell::RefCell<Vec<(String, String)>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    fn check(format: &str, valid: &[&str], invalid: &[&str]) {
        SAMPLES.with(|samples| {
            let mut samples = samples.borrow_mut();
            samples.extend(valid.iter().chain(invalid).map(|v| (format.to_string(), (*v).to_string())));
        });
        for v in valid {
            assert_eq!(is_valid(format, v), Some(true), "{format}: {v:?} should be valid");
        }
        for v in invalid {
            assert_eq!(is_valid(format, v), Some(false), "{format}: {v:?} should be invalid");
        }
    }

    #[test]
    fn every_listed_format_has_a_check_and_no_other() {
        for f in FORMATS {
            assert!(is_valid(f, "").is_some(), "{f}");
        }
        for f in ["phone", "Date", "uri-ref", "", "int32"] {
            assert_eq!(is_valid(f, "x"), None, "{f}");
        }
    }

    #[test]
    fn emails() {
        for ok in ["ops@example.com", "a.b+tag@sub.example.co", "x@localhost", "o'brien@example.org"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "nobody",
            "@example.com",
            "a@",
            "a@-x.com",
            "a@x-.com",
            "a b@example.com",
            "a@exa mple.com",
            "a@@b.com",
            "a@b..com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn idn_emails() {
        check(
            "idn-email",
            &[
                "실례@실례.테스트",
                "\u{85}@example.com",
                "joe.bloggs@example.com",
                "ü@münchen.de",
                "a@xn--mnchen-3ya.de",
            ],
            &["2962", "a@b@c", "실례@-실례.테스트", "é@", "\u{1}@example.com", "a@münchen..de"],
        );
    }

    #[test]
    fn dates_and_times() {
        check(
            "date",
            &["1963-06-19", "2020-01-31", "2020-02-29", "2000-02-29", "2021-04-30", "0000-01-01"],
            &[
                "2020-01-32",
                "2021-02-29",
                "1900-02-29",
                "2020-04-31",
                "2020-13-01",
                "2020-00-10",
                "2020-01-00",
                "1998-1-20",
                "1998-01-1",
                "06/19/1963",
                "2013-350",
                "1998-01-01T00:00:00Z",
                "1963-06-1৪",
                "",
                "2020-11-28\n",
            ],
        );
        check(
            "time",
            &[
                "08:30:06Z",
                "23:59:60Z",
                "23:59:60+00:00",
                "01:29:60+01:30",
                "15:59:60-08:00",
                "23:20:50.52Z",
                "08:30:06.283185Z",
                "08:30:06+00:20",
                "08:30:06-08:00",
                "08:30:06z",
                "00:00:00+23:59",
            ],
            &[
                "08:30:06",
                "22:59:60Z",
                "23:58:60Z",
                "23:59:60+01:00",
                "23:59:60-00:30",
                "24:00:00Z",
                "00:60:00Z",
                "00:00:61Z",
                "01:02:03+24:00",
                "01:02:03+00:60",
                "01:02:03Z+00:30",
                "8:3:6Z",
                "08:30:06.Z",
                "12:00:00 Z",
                "08:30:06#00:20",
                "08:30:06+0020",
                "01:01:01,1111Z",
                "1২:00:00Z",
                "",
            ],
        );
        check(
            "date-time",
            &[
                "1963-06-19T08:30:06.283185Z",
                "1963-06-19T08:30:06Z",
                "1937-01-01T12:00:27.87+00:20",
                "1990-12-31t15:59:60-08:00",
                "1998-12-31T23:59:60Z",
            ],
            &[
                "1998-12-31T23:58:60Z",
                "1990-02-31T15:59:59.123-08:00",
                "1963-06-19 08:30:06Z",
                "1963-06-19T08:30:06",
                "06/19/1963 08:30:06 PST",
                "2013-350T01:01:01",
                "1963-06-19",
                "1963-06-1৪T00:00:00Z",
                "",
            ],
        );
        check(
            "duration",
            &["P4DT12H30M5S", "P4Y", "PT0S", "P0D", "P1M", "PT1M", "PT36H", "P2W", "P1Y2M3DT4H5M6S", "P1M2D", "PT1M2S"],
            &[
                "4DT12H30M5S",
                "P",
                "PT",
                "P1YT",
                "P2D1Y",
                "P1D2H",
                "P2S",
                "PT1D",
                "P1Y2W",
                "P2W1D",
                "P1",
                "P1.5D",
                "P1Y1D",
                "PT1H1S",
                "P1DT",
                "PT1H2H",
                "P1W1",
                "P৪Y",
                "p1d",
                "",
            ],
        );
    }

    #[test]
    fn host_names() {
        let label63 = "a".repeat(63);
        let label64 = "a".repeat(64);
        let long = format!("{label63}.{label63}.{label63}.{}", "a".repeat(61));
        let too_long = format!("{long}a");
        check(
            "hostname",
            &[
                "www.example.com",
                "xn--4gbwdl.xn--wgbh1c",
                "hostname",
                "host-name",
                "h0stn4me",
                "1host",
                "hostnam3",
                &label63,
                &long,
                "XN--4GBWDL.xn--wgbh1c",
            ],
            &[
                "-a-host-name-that-starts-with--",
                "not_a_valid_host_name",
                "a-vvvvvvvvvvvvvvvveeeeeeeeeeeeeeeerrrrrrrrrrrrrrrryyyyyyyyyyyyyyyy-long-host-name-component",
                "-hostname",
                "hostname-",
                "_hostname",
                "hostname_",
                "host_name",
                &label64,
                &too_long,
                "",
                ".",
                "a.",
                ".a",
                "a..b",
                "XN--aa---o47jg78q",
                "xn--X",
                "ab--c",
                "xn--abc",
                "a b",
                "é.com",
            ],
        );
        check(
            "idn-hostname",
            &[
                "실례.테스트",
                "xn--ihqwcrb4cv8a8dqg056pqjye",
                "l·l",
                "α͵β",
                "ש׳",
                "ש״",
                "・ぁ",
                "・ァ",
                "・丈",
                "ب٠ب",
                "ب۰ب",
                "क्‍ष",
                "실례。테스트",
                "example.com",
                "münchen.de",
            ],
            &[
                "〮실례.테스트",
                "실〮례.테스트",
                "-> $1.00 <--",
                "xn--X",
                "XN--aa---o47jg78q",
                "-hello",
                "hello-",
                "-hello-",
                "ःhello",
                "̀hello",
                "҈hello",
                "a·l",
                "·l",
                "l·a",
                "l·",
                "α͵S",
                "α͵",
                "A׳ב",
                "׳ב",
                "A״ב",
                "״ב",
                "def・abc",
                "・",
                "٠۰",
                "ب٠۰",
                "a\u{200d}",
                "",
                "a..b",
                "hello.",
                "ab--cd",
            ],
        );
    }

    #[test]
    fn addresses_and_identifiers() {
        check(
            "ipv4",
            &["192.168.0.1", "0.0.0.0", "255.255.255.255", "87.10.0.1"],
            &[
                "127.0.0.0.1",
                "256.256.256.256",
                "127.0",
                "0x7f000001",
                "2130706433",
                "087.10.0.1",
                "1২7.0.0.1",
                "192.168.1.0/24",
                " 1.2.3.4",
                "",
            ],
        );
        check(
            "ipv6",
            &[
                "::1",
                "::",
                "::abef",
                "1::d6:192.168.0.1",
                "1:2::192.168.0.1",
                "::42:ff:1",
                "d6::",
                "1:d6::42",
                "1:0:0:0:0:0:0:8",
                "::ffff:192.168.0.1",
                "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789",
            ],
            &[
                "12345::",
                "::abcef",
                ":2:3:4:5:6:7:8",
                "1:2:3:4:5:6:7:",
                "1::d6::42",
                "1:2:3:4:5:::8",
                "::laptop",
                "fe80::a%eth1",
                "100:100:0:0:0:0:0:0:0",
                ":",
                "1:2:3:4:5:6:7:8:9",
                "1::2:192.168.256.1",
                "1::2:192.168.ff.1",
                "::ffff:192.168.0.01",
                " ::1",
                "::1 ",
                "1:2:3:4:5:6:7:\u{9ea}",
                "",
            ],
        );
        check(
            "uuid",
            &[
                "2EB8AA08-AA98-11EA-B4AA-73B441D16380",
                "2eb8aa08-aa98-11ea-b4aa-73b441d16380",
                "00000000-0000-0000-0000-000000000000",
                "98d80576-482e-427f-8434-7f86890ab222",
                "99c17cbb-656f-564a-940f-1a4568f03487",
                "99c17cbb-656f-f64a-940f-1a4568f03487",
            ],
            &[
                "2eb8aa08-aa98-11ea-b4aa-73b441d1638",
                "2eb8aa08-aa98-11ea-73b441d16380",
                "2eb8aa08-aa98-11ea-b4ga-73b441d16380",
                "2eb8aa08aa9811eab4aa73b441d16380",
                "2eb8aa08aa98-11ea-b4aa73b441d16380",
                "2eb8-aa08-aa98-11ea-b4aa73b44-1d16380",
                "2eb8aa08aa9811eab4aa73b441d16380----",
                "{2eb8aa08-aa98-11ea-b4aa-73b441d16380}",
                "",
            ],
        );
        check(
            "json-pointer",
            &[
                "",
                "/foo/bar~0/baz~1/%a",
                "/foo//bar",
                "/foo/bar/",
                "/",
                "/foo/0",
                "/ ",
                "/a~1b",
                "/m~0n",
                "/g|h",
                "/i\\j",
                "/k\"l",
                "/~0~1",
            ],
            &["/foo/bar~", "#", "#/", "#a", "/~0~", "/~0/~", "/~2", "/~-1", "/~~", "a", "0", "a/a"],
        );
        check(
            "relative-json-pointer",
            &["1", "0/foo/bar", "2/0/baz/1/zip", "0#", "1#", "120/foo/bar", "0", "10#"],
            &["/foo/bar", "-1/foo/bar", "+1/foo/bar", "0##", "01/a", "01#", "", "1/~2", "#", "a"],
        );
    }

    #[test]
    fn uris_and_iris() {
        check(
            "uri",
            &[
                "http://foo.bar/?baz=qux#quux",
                "http://foo.com/blah_(wikipedia)_blah#cite-1",
                "http://foo.bar/?q=Test%20URL-encoded%20stuff",
                "http://xn--nw2a.xn--j6w193g/",
                "http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com",
                "http://223.255.255.254",
                "ftp://ftp.is.co.za/rfc/rfc1808.txt",
                "http://www.ietf.org/rfc/rfc2396.txt",
                "ldap://[2001:db8::7]/c=GB?objectClass?one",
                "mailto:John.Doe@example.com",
                "news:comp.infosystems.www.servers.unix",
                "tel:+1-816-555-1212",
                "telnet://192.0.2.16:80/",
                "urn:oasis:names:specification:docbook:dtd:xml:4.1.2",
                "http://[v1.fe80::a+en1]/",
                "file:///etc/hosts",
                "a:",
                "http://h:/",
            ],
            &[
                "//foo.bar/?baz=qux#quux",
                "/abc",
                "\\\\WINDOWS\\fileshare",
                "abc",
                "http:// shouldfail.com",
                ":// should fail",
                "bar,baz:foo",
                "http://example.com/a b",
                "http://ex%ample.com",
                "http://[::1",
                "http://[::1]x/",
                "http://h:8a/",
                "http://münchen.de",
                "1http://x",
                "http://a/#b#c",
                "http://a/\"",
                "http://[fe80::a%25en1]/",
                "http://[vz.x]/",
                "https://example.org/{x}",
                "",
            ],
        );
        check(
            "uri-reference",
            &[
                "http://foo.bar/?baz=qux#quux",
                "//foo.bar/?baz=qux#quux",
                "/abc",
                "abc",
                "#fragment",
                "",
                "a/b:c",
                "./a:b",
                "?q",
                "../x",
            ],
            &["\\\\WINDOWS\\fileshare", "#frag\\ment", "a:b c", "a b", "1a:b", "%zz", "ü", "//h:x/"],
        );
        check(
            "iri",
            &[
                "http://ƒøø.ßår/?∂éœ=πîx#πîüx",
                "http://ƒøø.com/blah_(wîkïpédiå)_blah#ßité-1",
                "http://ƒøø.ßår/?q=Test%20URL-encoded%20stuff",
                "http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com",
                "http://[2001:0db8:85a3:0000:0000:8a2e:0370:7334]",
                "http://a/?\u{E000}",
            ],
            &[
                "http://2001:0db8:85a3:0000:0000:8a2e:0370:7334",
                "/abc",
                "\\\\WINDOWS\\filëßåré",
                "âππ",
                "http://a/#\u{E000}",
                "http://a/\u{FFFE}",
                "",
            ],
        );
        check(
            "iri-reference",
            &["http://ƒøø.ßår/?∂éœ=πîx#πîüx", "//ƒøø.ßår/?∂éœ=πîx#πîüx", "/âππ", "âππ", "#ƒrägmênt", ""],
            &["\\\\WINDOWS\\filëßåré", "#ƒräg\\mênt", "a b", "http://a/\u{7}"],
        );
        check(
            "uri-template",
            &[
                "http://example.com/dictionary/{term:1}/{term}",
                "http://example.com/dictionary",
                "dictionary/{term:1}/{term}",
                "{+path}/here",
                "{#x,hello,y}",
                "{/list*}",
                "{;keys*}",
                "{?x,y,empty}",
                "{&x}",
                "{.who,who}",
                "{var:9999}",
                "{a.b_c%20}",
                "",
                "x{y}z",
                "ü{v}",
                "a'b",
            ],
            &[
                "http://example.com/dictionary/{term:1}/{term",
                "{}",
                "{+}",
                "{var:0}",
                "{var:10000}",
                "{a..b}",
                "{.a.}",
                "{a b}",
                "{a,}",
                "{a*b}",
                "{a:1*}",
                "a}",
                "{{a}}",
                "a b",
                "a%2",
                "a\u{FFFE}",
                "a<b",
                "{-x}",
                "{$x}",
            ],
        );
    }

    #[test]
    fn regexes() {
        check(
            "regex",
            &[
                "([abc])+\\s+$",
                "^\\d{3}-\\d{4}$",
                "(?=a)b",
                "(a)\\1",
                "(?<n>a)\\k<n>",
                "[\\w.-]+",
                "",
                "a|b",
                "\\p{L}+",
            ],
            &["^(abc]", "\\a", "(", "a**", "[z-a]", "\\k<n>", "(a)\\2", "a{2,1}", "\\p{Nope}", "\\"],
        );
    }

    /// Where this check may answer otherwise than jsonschema 0.61, and why.
    fn deviation(format: &str, value: &str) -> Option<&'static str> {
        let has_label = |pred: &dyn Fn(&str) -> bool| value.split('.').any(pred);
        match format {
            "email" | "idn-email" => {
                Some("the HTML standard's rule, not RFC 5321: no quoted local parts, comments or IP literals")
            }
            "hostname" if has_label(&|l| l.len() >= 4 && l[..4].eq_ignore_ascii_case("xn--") && &l[..2] != "xn") => {
                Some("the ACE prefix is case-insensitive (RFC 5890 2.3.2.1): `XN--` labels are A-labels too")
            }
            "hostname" | "idn-hostname" if has_label(&|l| a_label_deviates(l)) => Some(
                "UTS 46 checks the U-label for NFC, case, edge hyphens, the Bidi rule (RFC 5891 5.2-5.4, RFC 5893)",
            ),
            "uri-template"
                if value.chars().any(|c| u32::from(c) & 0xFFFE == 0xFFFE || ('\u{FDD0}'..='\u{FDEF}').contains(&c)) =>
            {
                Some("noncharacters (U+FFFE, U+FDD0, ...) are no RFC 3987 `ucschar`, so no RFC 6570 literal")
            }
            "regex" if value.contains("\\p{") || value.contains("\\P{") => {
                Some("an unknown Unicode property is an ECMA-262 SyntaxError; jsonschema only checks its shape")
            }
            _ => None,
        }
    }

    /// An `xn--` label jsonschema accepts by its looser U-label check: one that IDNA2008 (as UTS 46
    /// applies it) refuses for its Bidi rule (on a label with right-to-left letters), or whose
    /// U-label does not encode back to it (not NFC, or with capitals), or with an edge hyphen.
    fn a_label_deviates(label: &str) -> bool {
        let Some(u) = label.strip_prefix("xn--").and_then(idna::punycode::decode_to_string) else { return false };
        let rtl = u.chars().any(|c| ('\u{0590}'..='\u{08FF}').contains(&c));
        match super::idna_to_ascii(&u) {
            None => rtl || u.starts_with('-') || u.ends_with('-'),
            Some(again) => !again.eq_ignore_ascii_case(label),
        }
    }

    #[test]
    fn agrees_with_jsonschema() {
        /// Strings compared per format.
        const LEN: usize = 1000;
        for run in [dates_and_times, host_names, addresses_and_identifiers, uris_and_iris, regexes, idn_emails, emails]
        {
            run();
        }
        let samples = SAMPLES.with(|s| s.borrow().clone());
        let mut rng = Rng(0x5DEE_CE66_D1CE_4E5B);
        let mut disagreements = Vec::new();
        let mut compared = 0;
        for format in FORMATS {
            let validator = jsonschema::draft202012::options()
                .should_validate_formats(true)
                .build(&serde_json::json!({ "format": format }))
                .unwrap();
            let mut corpus: Vec<String> = samples.iter().filter(|(f, _)| f == format).map(|(_, v)| v.clone()).collect();
            if *format == "regex" {
                corpus.extend(crate::schema::pattern::tests::PATTERNS.iter().map(|p| (*p).to_string()));
                corpus.extend(
                    ["(?=a)", "(?<!a)b", "(a)\\1", "(?<n>a)\\k<n>", "(?i-s:a)", "\\u{10FFFF}"].map(String::from),
                );
            }
            if *format == "email" {
                corpus.extend(
                    ["a@example.com", "a.b@c.de", "x+y@h", "\"q\"@example.com", "a@[127.0.0.1]"].map(String::from),
                );
            }
            let seeds = corpus.clone();
            while corpus.len() < LEN {
                let seed = &seeds[rng.below(seeds.len())];
                corpus.push(mutate(seed, &mut rng));
            }
            for value in &corpus {
                let ours = is_valid(format, value).unwrap();
                let theirs = validator.is_valid(&serde_json::json!(value));
                compared += 1;
                if ours != theirs && deviation(format, value).is_none() {
                    disagreements.push(format!("{format} {value:?}: ours {ours}, jsonschema {theirs}"));
                }
            }
        }
        assert!(compared >= 19 * LEN);
        assert!(disagreements.is_empty(), "{} disagreements:\n{}", disagreements.len(), disagreements.join("\n"));
    }
}
