//! The secret catalogue against generated samples: every secret format is caught in a client
//! variable and never in a server variable, no public-by-design value or placeholder is
//! flagged, the scanners' documented false-positive strings stay quiet, and no 8-character
//! run of a secret reaches a message, a hint, a rendered report or `Debug`.

#[path = "support/samples.rs"]
mod samples;

use env_contract::render::{TextOptions, github, json, text};
use env_contract::rules::patterns::{self, find_named_secret, find_secret};
use env_contract::{CheckOptions, Code, Contract, Env};
use samples::{Rng, name_for, publics, sample, secrets};
use serde_json::json;

const PER_FORMAT: usize = 6;

fn contract() -> Contract {
    Contract::from_value(&json!({"type": "object", "x-unknown": "ignore", "properties": {}})).unwrap()
}

/// No 8-character run of `secret` in `haystack`, but for runs of the format's fixed text
/// (`production` in a Braintree token is a word of the pattern, not of the secret).
fn assert_no_run(haystack: &str, secret: &str, pattern: &str, surface: &str) {
    for w in secret.as_bytes().windows(8) {
        let Ok(run) = std::str::from_utf8(w) else { continue };
        if pattern.contains(run) {
            continue;
        }
        assert!(!haystack.contains(run), "{surface} shows the run {run:?} of a secret");
    }
}

/// (name after the prefix, value, provider) for every secret format.
fn secret_samples(rng: &mut Rng) -> Vec<(String, String, &'static str, &'static str)> {
    let mut out = Vec::new();
    for f in secrets() {
        for i in 0..PER_FORMAT {
            let name = if f.names.is_empty() { format!("SAMPLE_{i}") } else { name_for(f) };
            out.push((name, sample(f, rng), f.provider, f.regex));
        }
    }
    out
}

#[test]
fn every_secret_format_is_caught_in_a_client_variable_only() {
    let mut rng = Rng::new();
    let contract = contract();
    for (rest, value, provider, pattern) in secret_samples(&mut rng) {
        let found = find_named_secret(&rest, &value)
            .unwrap_or_else(|| panic!("a {provider} sample under {rest} is not found (length {})", value.len()));
        assert!(value.contains(found.secret), "the secret part comes from the value");

        let client = format!("NEXT_PUBLIC_{rest}");
        let env: Env = [(client.clone(), value.clone())].into_iter().collect();
        let outcome = contract.check(&env, &CheckOptions::environment("production"));
        let leaks: Vec<_> = outcome.report.problems.iter().filter(|p| p.code == Code::ClientSecretLeak).collect();
        assert_eq!(leaks.len(), 1, "{provider} under {client}: {:?}", outcome.report.problems);
        assert_eq!(leaks[0].var.as_deref(), Some(client.as_str()));

        let label = TextOptions { contract_label: Some("env.contract.json".into()), color: false };
        let surfaces =
            [text(&outcome.report, &label), json(&outcome.report), github(&outcome.report), format!("{outcome:?}")];
        for p in &outcome.report.problems {
            assert_no_run(&p.message, found.secret, pattern, "a message");
            assert_no_run(p.hint.as_deref().unwrap_or(""), found.secret, pattern, "a hint");
        }
        for s in &surfaces {
            assert_no_run(s, found.secret, pattern, "a rendered report");
        }

        // The same value in a server variable is never leak-checked.
        let env: Env = [(rest.clone(), value)].into_iter().collect();
        let outcome = contract.check(&env, &CheckOptions::environment("production"));
        assert!(
            outcome.report.problems.is_empty(),
            "{provider} in server variable {rest}: {:?}",
            outcome.report.problems
        );
    }
}

#[test]
fn named_formats_need_the_name_and_yield_to_public_words() {
    let mut rng = Rng::new();
    for f in secrets().filter(|f| !f.names.is_empty()) {
        for _ in 0..PER_FORMAT {
            let value = sample(f, &mut rng);
            if find_secret(&value).is_some() {
                continue; // the shape also carries a marker of another format
            }
            assert!(find_named_secret("APP_VALUE", &value).is_none(), "{} without its name", f.provider);
            let kw = f.names[0].trim_end_matches('_').replace('-', "_");
            for public in [format!("{kw}_SEARCH_KEY"), format!("{kw}_PUBLISHABLE_KEY"), format!("{kw}_APP_ID")] {
                assert!(find_named_secret(&public, &value).is_none(), "{} under {public}", f.provider);
            }
        }
    }
    // The example of the rule: an Algolia admin key leaks, a search key is public.
    let hex = rng.pick(b"0123456789abcdef", 32);
    assert!(find_named_secret("ALGOLIA_ADMIN_KEY", &hex).is_some());
    assert!(find_named_secret("ALGOLIA_SEARCH_KEY", &hex).is_none());
}

#[test]
fn public_by_design_values_are_never_flagged() {
    let mut rng = Rng::new();
    let contract = contract();
    let mut env = Env::default();
    for (i, f) in publics().enumerate() {
        for j in 0..PER_FORMAT {
            let value = samples::from_pattern(&format!("^(?:{})$", f.regex), &mut rng);
            assert!(patterns::is_public_value(&value), "{} {value}", f.label);
            assert!(find_secret(&value).is_none(), "{} is taken for a secret", f.label);
            // Public by value even under a name that sounds secret.
            env.insert(
                format!("NEXT_PUBLIC_{}_{i}_{j}_SECRET_KEY", f.provider.replace(' ', "_").to_uppercase()),
                value,
            );
        }
    }
    env.insert("NEXT_PUBLIC_SUPABASE_ANON_KEY".into(), samples::jwt(&mut rng, "anon"));
    env.insert("NEXT_PUBLIC_SUPABASE_KEY".into(), samples::jwt(&mut rng, "anon"));
    env.insert("NEXT_PUBLIC_ALGOLIA_SEARCH_KEY".into(), rng.pick(b"0123456789abcdef", 32));
    env.insert("NEXT_PUBLIC_ALGOLIA_SEARCH_ONLY_API_KEY".into(), rng.pick(b"0123456789abcdef", 32));
    env.insert("NEXT_PUBLIC_ALGOLIA_APP_ID".into(), rng.pick(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10));
    env.insert("NEXT_PUBLIC_DATADOG_CLIENT_TOKEN".into(), format!("pub{}", rng.pick(b"0123456789abcdef", 32)));
    env.insert(
        "NEXT_PUBLIC_DATADOG_APPLICATION_ID".into(),
        rng.pick(b"0123456789abcdef", 8) + "-0000-4000-8000-" + &rng.pick(b"0123456789abcdef", 12),
    );
    env.insert("NEXT_PUBLIC_AUTH0_CLIENT_ID".into(), rng.pick(samples::ALNUM, 32));
    env.insert("NEXT_PUBLIC_AUTH0_DOMAIN".into(), "tenant.eu.auth0.com".into());
    env.insert("NEXT_PUBLIC_DISCORD_CLIENT_ID".into(), rng.pick(b"0123456789", 18));
    env.insert("NEXT_PUBLIC_NEW_RELIC_BROWSER_KEY".into(), format!("NRJS-{}", rng.pick(b"0123456789abcdef", 19)));
    env.insert("NEXT_PUBLIC_SEGMENT_WRITE_KEY".into(), rng.pick(samples::ALNUM, 32));
    // A build's commit is 40 hex, the shape of some keys: the name says what it is.
    for name in [
        "DD_VERSION",
        "CF_PAGES_COMMIT_SHA",
        "NETLIFY_COMMIT_REF_SHA",
        "NEW_RELIC_RELEASE",
        "SENTRY_RELEASE",
        "VERCEL_GIT_COMMIT_SHA",
    ] {
        env.insert(format!("NEXT_PUBLIC_{name}"), rng.pick(b"0123456789abcdef", 40));
    }
    let outcome = contract.check(&env, &CheckOptions::environment("production"));
    assert!(outcome.report.problems.is_empty(), "{:?}", outcome.report.problems);
}

/// Placeholders that stand in for a key: not leaks.
#[test]
fn placeholders_are_not_leaks() {
    let x36 = "x".repeat(36);
    let values = [
        "AKIAXXXXXXXXXXXXXXXX".to_string(),
        format!("ghp_{x36}"),
        format!("gho_{}", "X".repeat(36)),
        "glpat-XXXXXXXXXXXXXXXXXXXX".to_string(),
        "glpat-xxxxxxxxxxxxxxxxxxxx".to_string(),
        format!("sk_live_{}", "0".repeat(24)),
        format!("sk_test_{}", "REPLACE_ME".replace('_', "")),
        "xoxb-000000000000-000000000000-xxxxxxxxxxxxxxxxxxxxxxxx".to_string(),
        "https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX".to_string(),
        "-----BEGIN RSA PRIVATE KEY-----".to_string(),
        "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----".to_string(),
        "-----BEGIN OPENSSH PRIVATE KEY-----\n<your key here>\n-----END OPENSSH PRIVATE KEY-----".to_string(),
        "postgres://user:<password>@localhost:5432/db".to_string(),
        "Server=db;Database=app;User Id=sa;Password=${DB_PASSWORD};".to_string(),
        "sk-proj-your-openai-api-key-goes-here-replace-me-now".to_string(),
        "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx".to_string(),
        "npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx".to_string(),
        "SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx".to_string(),
        "<your-stripe-secret-key>".to_string(),
        "your-api-key".to_string(),
    ];
    let contract = contract();
    for v in &values {
        assert!(find_secret(v).is_none(), "{v}");
        let env: Env = [("NEXT_PUBLIC_PROVIDER_VALUE".to_string(), v.clone())].into_iter().collect();
        let outcome = contract.check(&env, &CheckOptions::environment("production"));
        assert!(outcome.report.problems.iter().all(|p| p.code != Code::ClientSecretLeak), "{v}");
    }
    for (name, v) in [
        ("ALGOLIA_ADMIN_KEY", "0".repeat(32)),
        ("COHERE_API_KEY", "x".repeat(40)),
        ("HEROKU_API_KEY", "00000000-0000-0000-0000-000000000000".into()),
    ] {
        assert!(find_named_secret(name, &v).is_none(), "{name}");
    }
}

/// Benign strings from the false-positive lists of the scanners' rule tests (gitleaks'
/// `fps`, MIT), and everyday client values: none is a secret.
#[test]
fn scanners_false_positive_strings_are_not_flagged() {
    let fps = [
        r#"msgstr "Näytä asiakirjamallikansio.""#,
        "TODAYINASIAASACKOFRICEFELLOVER",
        "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~",
        ".ui.visible.right.sidebar~.ui.visible.left.sidebar~.pusher{transform:translate3d(0,0,0)}",
        r#"buf.WriteString("~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n\n::\n\n")"#,
        "'url': 'http://www.2doc.nl/speel~VARA_101375237~mh17-het-verdriet-van-nederland~.html',",
        "'#!/registries/5/portainer.demo~2Fportainerregistrytesting~2Falpine',",
        "aws-cli@sha256:eaaa7b11777babe28e6133a8b19ff71cea687e0d7f05158dee95a71f76ce3d00",
        "pub const MINIDUMP_SYSMEMINFO1_PERF_CCTOTALDIRTYPAGES_CCDIRTYPAGETHRESHOLD: u32 = 4u32;",
        "discord=000000000000000000",
        "discord=00000000000000000000000000000000",
        "oktaKey = 00000000000000000000000000000000000TUVWXYZ",
        "CO_API_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        r#"<xsd:element name="AgencyIdentificationCode" type="clm12345:AgencyIdentificationCodeContentType"/>"#,
        r#"apiKey: "AIzaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa""#,
        "bedrock-api-key-",
        "ntn_12345678901",
        "ntn_12345678901abc",
        "https://example.com/a@b",
        "http://localhost:3000",
        "https://app.example.com/reset?password=true",
        "mailto:someone@example.com",
        "2024-01-01T00:00:00.000Z",
        "0123456789abcdef0123456789abcdef",
        "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "The quick brown fox jumps over the lazy dog",
    ];
    let contract = contract();
    let mut env = Env::default();
    for (i, v) in fps.iter().enumerate() {
        assert!(find_secret(v).is_none(), "{v}");
        env.insert(format!("NEXT_PUBLIC_VALUE_{i}"), (*v).to_string());
    }
    let outcome = contract.check(&env, &CheckOptions::environment("production"));
    assert!(outcome.report.problems.is_empty(), "{:?}", outcome.report.problems);
}

#[test]
fn the_catalogue_is_complete_and_sourced() {
    let providers: std::collections::BTreeSet<&str> = patterns::CATALOGUE.iter().map(|f| f.provider).collect();
    for wanted in [
        "AWS",
        "Google Cloud",
        "Azure",
        "Stripe",
        "Square",
        "PayPal",
        "Braintree",
        "Twilio",
        "SendGrid",
        "Mailgun",
        "Mailchimp",
        "Postmark",
        "Resend",
        "Slack",
        "Discord",
        "Telegram",
        "OpenAI",
        "Anthropic",
        "Cohere",
        "Hugging Face",
        "Replicate",
        "Groq",
        "GitHub",
        "GitLab",
        "npm",
        "PyPI",
        "Vercel",
        "Netlify",
        "Heroku",
        "DigitalOcean",
        "Cloudflare",
        "Fly",
        "PlanetScale",
        "Databases",
        "New Relic",
        "Datadog",
        "Sentry",
        "Linear",
        "Notion",
        "Shopify",
        "Algolia",
        "Mapbox",
        "PostHog",
        "Okta",
        "Auth0",
        "Supabase",
        "PEM",
    ] {
        assert!(providers.contains(wanted), "no {wanted} format");
    }
    for f in patterns::CATALOGUE {
        assert!(!f.source.is_empty() && !f.label.is_empty(), "{} {}", f.provider, f.regex);
    }
}
