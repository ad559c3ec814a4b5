//! Samples of the secret catalogue, generated at run time: a random string of each pattern
//! (walking the parsed regex), or a value built as the provider documents it (JWTs, PEM
//! keys, service-account JSON). Nothing here is a committed key.
#![allow(dead_code)]

use env_contract::rules::patterns::{CATALOGUE, Format, Verify};
use regex_syntax::hir::{Class, Hir, HirKind};

/// A small xorshift generator seeded from the clock and a counter: new values every run.
pub struct Rng(u64);

impl Rng {
    pub fn new() -> Rng {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let seed = std::env::var("ENV_CONTRACT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            u64::try_from(nanos % u128::from(u64::MAX)).unwrap() ^ N.fetch_add(0x9E37_79B9, Ordering::Relaxed)
        }) | 1;
        // Shown with a failing test's output: ENV_CONTRACT_SEED=<seed> replays the same samples.
        eprintln!("samples: seed {seed} (ENV_CONTRACT_SEED={seed} replays it)");
        Rng(seed)
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % (n.max(1) as u64)).unwrap()
    }

    pub fn pick(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n).map(|_| char::from(alphabet[self.below(alphabet.len())])).collect()
    }
}

pub const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
pub const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// A random string matching `pattern`. Wide classes (a negated class, `\S`) draw from
/// letters, digits and `._-` so a sample never looks like a template by chance.
pub fn from_pattern(pattern: &str, rng: &mut Rng) -> String {
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).expect("a catalogue pattern parses");
    let mut out = String::new();
    walk(&hir, rng, &mut out);
    out
}

fn walk(hir: &Hir, rng: &mut Rng, out: &mut String) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => out.push_str(std::str::from_utf8(&lit.0).expect("ASCII literals")),
        HirKind::Class(class) => {
            let mut members: Vec<char> = Vec::new();
            match class {
                Class::Unicode(c) => {
                    for r in c.ranges() {
                        members.extend((r.start()..=r.end()).filter(|ch| (' '..='~').contains(ch)));
                    }
                }
                Class::Bytes(c) => {
                    for r in c.ranges() {
                        members.extend((r.start()..=r.end()).filter(|b| (0x20..=0x7e).contains(b)).map(char::from));
                    }
                }
            }
            if members.len() > 66 {
                members.retain(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
            }
            if !members.is_empty() {
                out.push(members[rng.below(members.len())]);
            }
        }
        HirKind::Repetition(rep) => {
            let min = rep.min as usize;
            let max = rep.max.map_or(min + 24, |m| (m as usize).min(min + 40));
            let times = min + rng.below(max - min + 1);
            for _ in 0..times {
                walk(&rep.sub, rng, out);
            }
        }
        HirKind::Capture(cap) => walk(&cap.sub, rng, out),
        HirKind::Concat(items) => items.iter().for_each(|h| walk(h, rng, out)),
        HirKind::Alternation(items) => walk(&items[rng.below(items.len())], rng, out),
    }
}

pub fn b64(bytes: &[u8], alphabet: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(alphabet[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// A PEM private key of the given kind ("RSA ", "EC ", "OPENSSH ", ""), with real or
/// written (`\n`) line breaks.
pub fn pem(rng: &mut Rng, kind: &str, escaped: bool) -> String {
    let nl = if escaped { "\\n" } else { "\n" };
    let lines: Vec<String> = (0..3 + rng.below(10)).map(|_| rng.pick(B64, 64)).collect();
    format!("-----BEGIN {kind}PRIVATE KEY-----{nl}{}{nl}-----END {kind}PRIVATE KEY-----", lines.join(nl))
}

/// A JWT whose payload says `role`.
pub fn jwt(rng: &mut Rng, role: &str) -> String {
    const URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let head = b64(br#"{"alg":"HS256","typ":"JWT"}"#, URL);
    let ref_ = rng.pick(b"abcdefghijklmnopqrstuvwxyz", 20);
    let body = b64(format!(r#"{{"iss":"supabase","ref":"{ref_}","role":"{role}","iat":1700000000}}"#).as_bytes(), URL);
    format!("{head}.{body}.{}", rng.pick(ALNUM, 43))
}

/// A sample of a secret format: built as documented for the formats a regex cannot
/// describe whole, else generated from the pattern.
pub fn sample(f: &Format, rng: &mut Rng) -> String {
    match f.verify {
        Verify::JwtServiceRole => jwt(rng, "service_role"),
        Verify::Pem if f.provider == "PuTTY" => format!(
            "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: key\nPublic-Lines: 2\n{}\nPrivate-Lines: 1\n{}",
            rng.pick(B64, 64),
            rng.pick(B64, 44)
        ),
        Verify::Pem => {
            let kind = ["RSA ", "EC ", "OPENSSH ", "", "DSA "][rng.below(5)];
            let escaped = rng.below(2) == 0;
            pem(rng, kind, escaped)
        }
        Verify::Base64Pem => b64(pem(rng, "", false).as_bytes(), B64),
        Verify::WholeValue => format!(
            r#"{{"type": "service_account", "project_id": "p-{}", "private_key_id": "{}", "private_key": "{}"}}"#,
            rng.pick(b"abcdefghij", 6),
            rng.pick(b"0123456789abcdef", 40),
            pem(rng, "", true)
        ),
        // A drawn password may be one the rule reads as masked (`x`, `.`, `***`): draw again.
        Verify::Password => {
            let mut v = from_pattern(&format!("^(?:{})$", f.regex), rng);
            for _ in 0..32 {
                if env_contract::rules::patterns::find_secret(&v).is_some() {
                    break;
                }
                v = from_pattern(&format!("^(?:{})$", f.regex), rng);
            }
            v
        }
        _ => from_pattern(&format!("^(?:{})$", f.regex), rng),
    }
}

/// The name a named format's sample goes under (after the client prefix): the first
/// keyword with a neutral last word.
pub fn name_for(f: &Format) -> String {
    let kw = f.names[0].replace('-', "_");
    if kw.ends_with('_') { format!("{kw}TOKEN") } else { format!("{kw}_ADMIN_TOKEN") }
}

/// The secret rows and public rows of the catalogue.
pub fn secrets() -> impl Iterator<Item = &'static Format> {
    CATALOGUE.iter().filter(|f| f.class == env_contract::rules::patterns::Class::Secret)
}

pub fn publics() -> impl Iterator<Item = &'static Format> {
    CATALOGUE.iter().filter(|f| f.class == env_contract::rules::patterns::Class::Public)
}
