//! Client-exposure leaks: every variable with a client prefix, declared or not, is shipped to
//! every browser, so its value must not be a secret.
//!
//! Order of decisions for one client variable (value first, then name):
//! 1. the value holds a known secret format (`patterns::find_named_secret`: a provider
//!    marker anywhere in the value, or a marker-less shape under a name that says the
//!    provider) → `client-secret-leak`;
//! 2. the value equals or contains the value of an `x-secret` variable (≥ 8 characters) →
//!    `client-secret-leak`;
//! 3. the name says SECRET / PASSWORD / PASSWD / PASSPHRASE / `PRIVATE_KEY` / TOKEN /
//!    CREDENTIAL(S) / `API_KEY` / `ACCESS_KEY` / `ENCRYPTION_KEY` / …, and neither the value nor the name shows a public-by-design kind or a
//!    flag → `client-secret-name` (a warning).

use super::RuleContext;
use super::patterns;
use crate::code::Code;
use crate::names::{secret_word, tokens};
use crate::problem::Problem;
use crate::redact::Redactor;
use aho_corasick::AhoCorasick;

/// A variable of the environment with a client prefix and a value: its name, the index of the
/// prefix in the contract's list, its value, and what its name alone says (found once with
/// it: two scans of the name a variable, a third of this rule's cost on every check).
#[derive(Debug)]
pub(crate) struct Client {
    name: String,
    prefix: usize,
    value: String,
    named: patterns::NamedFormats,
    secret_word: Option<&'static str>,
}

/// The client variables with a value. (An empty value holds nothing, whatever `x-empty` says,
/// so no spec is looked up.) They depend on the environment and the contract alone, so an
/// environment checked against the same contract again keeps them with its view
/// (`envview`): finding them reads every name of the environment.
pub(crate) fn clients(ctx: &RuleContext<'_>) -> Vec<Client> {
    let mut clients = Vec::new();
    for (name, value) in ctx.env {
        if value.is_empty() {
            continue;
        }
        let prefixes = &ctx.contract.client_prefixes;
        let Some(i) = prefixes.iter().position(|p| name.starts_with(p.as_str())) else { continue };
        let rest = &name[prefixes[i].len()..];
        clients.push(Client {
            name: name.clone(),
            prefix: i,
            value: value.clone(),
            named: patterns::NamedFormats::of(rest),
            secret_word: secret_word(rest),
        });
    }
    clients
}

pub fn check<'a>(ctx: &RuleContext<'a>, problems: &mut Vec<Problem>, redactor: &mut Redactor<'a>) {
    if ctx.contract.client_prefixes.is_empty() {
        return;
    }
    let found;
    let clients: &[Client] = if let Some(view) = ctx.view {
        view.clients.get_or_init(|| clients(ctx))
    } else {
        found = clients(ctx);
        &found
    };
    // The longest of their values.
    let Some(longest) = clients.iter().map(|c| c.value.len()).max() else { return };
    // The x-secret values present, long enough to look for (shorter ones, under
    // `redact::RUN`, give too many accidental hits) and no longer than a client value that
    // could hold them.
    let mut secrets: Vec<(&str, &str)> = Vec::new();
    for (name, spec, v) in ctx.names.present_at(&ctx.names.by_rule.secret) {
        if spec.secret && v.len() >= crate::redact::RUN && v.len() <= longest {
            secrets.push((name, v));
        }
    }
    let secrets = Copies::new(secrets);

    for client in clients {
        let (name, value) = (client.name.as_str(), client.value.as_str());
        let prefix = ctx.contract.client_prefixes[client.prefix].as_str();
        let rest = &name[prefix.len()..];
        if let Some(p) = leak(name, &client.named, value, &secrets, redactor) {
            problems.push(p);
            continue;
        }
        if let Some(word) = client.secret_word {
            if !is_public_kind(rest, value) && !is_flag(rest, value) {
                problems.push(
                    Problem::warning(
                        name,
                        Code::ClientSecretName,
                        format!("is sent to every browser (prefix {prefix}), but its name says {word}"),
                    )
                    .with_hint(format!(
                        "if the value is a secret, rename the variable without the {prefix} prefix and read it on the server; if it is public by design, give it a name that says so (…_PUBLIC_KEY, …_PUBLISHABLE_KEY, …_SITE_KEY)"
                    )),
                );
            }
        }
    }
}

/// The `x-secret` values to look for in each client variable's value, with the name of the
/// variable holding each. One `contains` per secret and client variable is quadratic in a
/// large contract (1,000 client variables and 2,000 secrets: 2 million searches a check), so
/// once a check has made [`COPIES_LOOP`] such comparisons the secrets are searched for
/// together, with one automaton built then (building it costs more than a small contract's
/// whole loop: 20 secrets and 10 client variables).
struct Copies<'a> {
    secrets: Vec<(&'a str, &'a str)>,
    automaton: std::cell::OnceCell<AhoCorasick>,
    /// The comparisons the loop has made in this check.
    compared: std::cell::Cell<usize>,
}

/// How many secret-and-value comparisons a check makes by looping before it builds the
/// automaton.
const COPIES_LOOP: usize = 4096;

impl<'a> Copies<'a> {
    fn new(secrets: Vec<(&'a str, &'a str)>) -> Self {
        Copies { secrets, automaton: std::cell::OnceCell::new(), compared: std::cell::Cell::new(0) }
    }

    /// The first secret (in name order) that `value`, the value of `name`, holds, but for
    /// `name`'s own.
    fn first_in(&self, name: &str, value: &str) -> Option<(&'a str, &'a str)> {
        if self.automaton.get().is_none() && self.compared.get() + self.secrets.len() <= COPIES_LOOP {
            self.compared.set(self.compared.get() + self.secrets.len());
            return self
                .secrets
                .iter()
                .find(|(secret_name, secret)| {
                    *secret_name != name && secret.len() <= value.len() && value.contains(secret)
                })
                .copied();
        }
        let automaton = self.automaton.get_or_init(|| {
            AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .build(self.secrets.iter().map(|(_, s)| s.as_bytes()))
                .expect("secret values make an automaton")
        });
        automaton
            .find_overlapping_iter(value)
            .map(|m| m.pattern().as_usize())
            .filter(|&i| self.secrets[i].0 != name)
            .min()
            .map(|i| self.secrets[i])
    }
}

fn leak(
    name: &str,
    named: &patterns::NamedFormats,
    value: &str,
    secrets: &Copies<'_>,
    redactor: &mut Redactor<'_>,
) -> Option<Problem> {
    let hint = "move the value to a server-only variable (without the client prefix) and rotate the secret: a build may already have shipped it";
    if let Some(found) = patterns::find_named_secret_as(named, value) {
        // A Google key is a secret only for the billable AI APIs; those names are caught below.
        // (Copied: a leak is a failing check's, and a client value may be this check's own list.)
        redactor.add_owned(found.secret.to_string());
        return Some(
            Problem::error(
                name,
                Code::ClientSecretLeak,
                format!("is sent to every browser, but its value looks like {}", found.label),
            )
            .with_hint(hint),
        );
    }
    if patterns::is_google_api_key(value) && is_ai_name(name) {
        redactor.add_owned(value.to_string());
        return Some(
            Problem::error(
                name,
                Code::ClientSecretLeak,
                "is sent to every browser, but it names a Google AI (Gemini) API key, which bills whoever holds it",
            )
            .with_hint(hint),
        );
    }
    let (secret_name, secret) = secrets.first_in(name, value)?;
    let how = if value.len() == secret.len() { "is a copy of" } else { "contains" };
    Some(
        Problem::error(
            name,
            Code::ClientSecretLeak,
            format!("is sent to every browser, but its value {how} the value of {secret_name}, which is x-secret"),
        )
        .with_hint(hint),
    )
}

fn is_ai_name(name: &str) -> bool {
    let up = name.to_ascii_uppercase();
    ["GEMINI", "GENERATIVE", "GOOGLE_AI", "GENAI", "VERTEX"].iter().any(|w| up.contains(w))
}

/// Known public-by-design kinds, by value (publishable keys, site keys, anon JWTs, Sentry
/// DSNs, Firebase/Google browser keys, …) or by name (PUBLIC, PUBLISHABLE, ANON, `SITE_KEY`,
/// DSN, CSRF).
fn is_public_kind(rest: &str, value: &str) -> bool {
    if patterns::is_public_value(value) {
        return true;
    }
    let up = rest.to_ascii_uppercase();
    if ["PUBLISHABLE", "SITEKEY", "SITE_KEY", "ANON_KEY", "POSTHOG_KEY", "FIREBASE", "WRITE_KEY", "CLIENT_TOKEN"]
        .iter()
        .any(|w| up.contains(w))
    {
        return true;
    }
    tokens(&up).any(|t| {
        matches!(
            t,
            "PUBLIC" | "PUB" | "ANON" | "DSN" | "CSRF" | "XSRF" | "SEARCH" | "SEARCHONLY" | "BROWSER" | "RUM" | "MAPS"
        )
    })
}

/// A flag or a setting about a secret, not a secret: verbs like DISABLE/ENABLE/SKIP, a last
/// word like URL/ID/NAME/LENGTH/TTL, or a boolean-ish or numeric value.
fn is_flag(rest: &str, value: &str) -> bool {
    let v = value.trim();
    if crate::names::is_bool_word(v) || (!v.is_empty() && v.len() <= 12 && v.bytes().all(|b| b.is_ascii_digit())) {
        return true;
    }
    let up = rest.to_ascii_uppercase();
    // A flag verb, or a word of a setting about a secret (its length, its lifetime).
    let verb = |t: &str| {
        crate::names::FLAG_WORDS.contains(&t)
            || matches!(
                t,
                "MIN"
                    | "MAX"
                    | "LENGTH"
                    | "POLICY"
                    | "STRENGTH"
                    | "LIFETIME"
                    | "TTL"
                    | "EXPIRES"
                    | "EXPIRY"
                    | "EXPIRATION"
                    | "TIMEOUT"
            )
    };
    if tokens(&up).any(verb) {
        return true;
    }
    let last = tokens(&up).last().unwrap_or("");
    matches!(
        last,
        "URL"
            | "URI"
            | "ENDPOINT"
            | "PATH"
            | "ROUTE"
            | "HOST"
            | "DOMAIN"
            | "NAME"
            | "ID"
            | "IDS"
            | "LABEL"
            | "TITLE"
            | "TEXT"
            | "HEADER"
            | "PARAM"
            | "FIELD"
            | "COOKIE"
            | "TYPE"
            | "MODE"
            | "COUNT"
            | "VERSION"
            | "ALGORITHM"
            | "ALG"
            | "ISSUER"
            | "AUDIENCE"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_words() {
        assert_eq!(secret_word("STRIPE_SECRET_KEY"), Some("SECRET"));
        assert_eq!(secret_word("API_TOKEN"), Some("TOKEN"));
        assert_eq!(secret_word("SIGNING_PRIVATE_KEY"), Some("PRIVATE_KEY"));
        assert_eq!(secret_word("STRIPE_KEY"), None);
        assert_eq!(secret_word("GOOGLE_API_KEY"), Some("API_KEY"));
        assert_eq!(secret_word("OPENAI_APIKEY"), Some("API_KEY"));
        assert_eq!(secret_word("DATA_ENCRYPTION_KEY"), Some("ENCRYPTION_KEY"));
        assert_eq!(secret_word("AWS_ACCESS_KEY"), Some("ACCESS_KEY"));
        assert_eq!(secret_word("DB_PASS"), Some("PASSWORD"));
        assert_eq!(secret_word("PASSPORT_STRATEGY"), None);
        assert_eq!(secret_word("ALGOLIA_SEARCH_KEY"), None);
    }

    #[test]
    fn a_copied_secret_is_found_the_same_by_the_loop_and_the_automaton() {
        use std::hash::{BuildHasher, RandomState};
        let random = RandomState::new();
        let fake = |i: usize| format!("{:016x}{:016x}", random.hash_one(i), random.hash_one(i + 1000));
        for count in [3, 40, 5000] {
            let values: Vec<String> = (0..count).map(fake).collect();
            let names: Vec<String> = (0..count).map(|i| format!("SECRET_{i:02}")).collect();
            let secrets = Copies::new(names.iter().zip(&values).map(|(n, v)| (n.as_str(), v.as_str())).collect());
            let last = count - 1;
            // The first in order wins, whichever comes first in the value.
            let both = format!("x{}y{}z", values[last], values[1]);
            assert_eq!(secrets.first_in("NEXT_PUBLIC_A", &both), Some((names[1].as_str(), values[1].as_str())));
            // A variable's own value is not a copy of itself; one inside another still is.
            assert_eq!(secrets.first_in(&names[1], &values[1]), None, "{count}");
            let inside = format!("{}{}", values[1], values[last]);
            assert_eq!(secrets.first_in(&names[1], &inside), Some((names[last].as_str(), values[last].as_str())));
            assert_eq!(secrets.first_in("NEXT_PUBLIC_A", "https://example.com/a"), None);
            // 5,000 secrets: past the loop's budget at once, so the automaton answered.
            assert_eq!(secrets.automaton.get().is_some(), count * 4 > COPIES_LOOP, "{count}");
        }
    }

    #[test]
    fn flags_and_public_kinds() {
        assert!(is_flag("DISABLE_EMAIL_PASSWORD_SIGNUP", "false"));
        assert!(is_flag("DISABLE_EMAIL_PASSWORD_SIGNIN", "whatever"));
        assert!(is_flag("PASSWORD_RESET_URL", "https://x"));
        assert!(is_flag("MIN_PASSWORD_LENGTH", "12"));
        assert!(!is_flag("API_TOKEN", "abcdefghij0123456789"));
        assert!(is_public_kind("TRIGGER_PUBLIC_KEY", "x"));
        assert!(is_public_kind("PUBLIC_TOKEN", "x"));
        assert!(is_public_kind("CSRF_TOKEN", "x"));
        assert!(is_public_kind("ALGOLIA_SEARCH_API_KEY", "x"));
        assert!(is_public_kind("SEGMENT_WRITE_KEY", "x"));
        assert!(is_public_kind("DATADOG_CLIENT_TOKEN", "x"));
        assert!(!is_public_kind("API_TOKEN", "abcdefghij0123456789"));
    }
}
