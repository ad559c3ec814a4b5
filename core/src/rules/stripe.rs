//! `x-stripe`: key shape per kind, one mode (live or test) across the Stripe variables
//! present, and the mode the environment wants.
//!
//! Messages describe keys in words ("a live-mode secret key") and never print a key, not even
//! its 8-character prefix (`sk_live_` is itself an 8-character run of the secret).

use super::RuleContext;
use crate::code::Code;
use crate::meta::{StripeKind, StripeMode};
use crate::problem::Problem;
use crate::redact::Redactor;

/// What a value is, as far as Stripe goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Key { kind: StripeKind, live: bool },
    Webhook,
    NotStripe,
}

/// Classifies a value by its shape: `pk_|sk_|rk_` + `live_|test_` + 10–247 alphanumerics,
/// or `whsec_` + at least 20 base64 characters.
pub fn shape(value: &str) -> Shape {
    if let Some(body) = value.strip_prefix("whsec_") {
        let ok = body.len() >= 20 && body.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
        return if ok { Shape::Webhook } else { Shape::NotStripe };
    }
    let kind = match value.get(..3) {
        Some("pk_") => StripeKind::Publishable,
        Some("sk_") => StripeKind::Secret,
        Some("rk_") => StripeKind::Restricted,
        _ => return Shape::NotStripe,
    };
    let rest = &value[3..];
    let (live, body) = if let Some(b) = rest.strip_prefix("live_") {
        (true, b)
    } else if let Some(b) = rest.strip_prefix("test_") {
        (false, b)
    } else {
        return Shape::NotStripe;
    };
    if (10..=247).contains(&body.len()) && body.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Shape::Key { kind, live }
    } else {
        Shape::NotStripe
    }
}

fn kind_words(kind: StripeKind) -> &'static str {
    match kind {
        StripeKind::Publishable => "publishable key",
        StripeKind::Secret => "secret key",
        StripeKind::Restricted => "restricted key",
        StripeKind::WebhookSecret => "webhook signing secret",
    }
}

fn expected_shape(kind: StripeKind) -> &'static str {
    match kind {
        StripeKind::Publishable => "a publishable key (pk_live… or pk_test…)",
        StripeKind::Secret => "a secret key (sk_live… or sk_test…)",
        StripeKind::Restricted => "a restricted key (rk_live… or rk_test…)",
        StripeKind::WebhookSecret => "a webhook signing secret (whsec…)",
    }
}

fn mode_words(live: bool) -> &'static str {
    if live { "live" } else { "test" }
}

/// The mode an environment wants: the profile's `x-stripe-mode`, else live in
/// `production` and test elsewhere. `None` means any.
pub fn wanted_mode(environment: &str, profile_mode: Option<StripeMode>) -> Option<bool> {
    match profile_mode {
        Some(StripeMode::Live) => Some(true),
        Some(StripeMode::Test) => Some(false),
        Some(StripeMode::Any) => None,
        None => Some(environment == "production"),
    }
}

pub fn check<'a>(ctx: &RuleContext<'a>, problems: &mut Vec<Problem>, redactor: &mut Redactor<'a>) {
    // (name, live) of every Stripe key with a mode, among the x-stripe variables present.
    let mut modes: Vec<(&str, bool, StripeKind)> = Vec::new();
    for (name, spec, value) in ctx.names.present_at(&ctx.names.by_rule.stripe) {
        let Some(declared) = spec.stripe else { continue };
        let found = shape(value);
        // Anything but a publishable key is a secret, whatever the contract says.
        if !matches!(found, Shape::Key { kind: StripeKind::Publishable, .. }) {
            redactor.add(value);
        }
        let found_kind = match found {
            Shape::Key { kind, live } => {
                modes.push((name, live, kind));
                Some(kind)
            }
            Shape::Webhook => Some(StripeKind::WebhookSecret),
            Shape::NotStripe => None,
        };
        if found_kind != Some(declared) {
            let what = match found {
                Shape::Key { kind, live } => format!("a {}-mode {}", mode_words(live), kind_words(kind)),
                Shape::Webhook => "a webhook signing secret".to_string(),
                Shape::NotStripe => "no Stripe key of a known shape".to_string(),
            };
            problems.push(
                Problem::error(name, Code::StripeKeyKind, format!("must hold {}, but holds {what}", expected_shape(declared)))
                    .with_hint("copy the key from the Stripe Dashboard, Developers > API keys (webhook secrets: Developers > Webhooks)"),
            );
            // A secret in a variable meant for the browser. Client-prefixed names are
            // reported by the leak rule, which sees every client variable.
            let secret_found =
                matches!(found, Shape::Webhook | Shape::Key { kind: StripeKind::Secret | StripeKind::Restricted, .. });
            if declared == StripeKind::Publishable && secret_found && !spec.client && !ctx.contract.is_client_name(name)
            {
                problems.push(
                    Problem::error(name, Code::ClientSecretLeak, format!("is declared as a publishable key (sent to browsers) but holds {what}"))
                        .with_hint("put the publishable key (pk_…) here, and roll the secret key in the Stripe Dashboard: it may already have shipped"),
                );
            }
        }
    }

    if modes.is_empty() {
        return;
    }
    let lives = modes.iter().filter(|m| m.1).count();
    let tests = modes.len() - lives;
    let wanted = wanted_mode(ctx.environment, ctx.profile.and_then(|p| p.stripe_mode));

    if lives > 0 && tests > 0 {
        // Report the minority; on a tie, the keys that do not fit the environment (test
        // keys when the environment accepts any mode).
        let odd_live = match lives.cmp(&tests) {
            std::cmp::Ordering::Less => true,
            std::cmp::Ordering::Greater => false,
            std::cmp::Ordering::Equal => wanted == Some(false),
        };
        let others: Vec<&str> = modes.iter().filter(|m| m.1 != odd_live).map(|m| m.0).collect();
        for &(name, live, kind) in modes.iter().filter(|m| m.1 == odd_live) {
            problems.push(
                Problem::error(
                    name,
                    Code::StripeModeMismatch,
                    format!(
                        "holds a {}-mode {}, but {} {} {}-mode: all Stripe keys must come from one mode",
                        mode_words(live),
                        kind_words(kind),
                        others.join(", "),
                        if others.len() == 1 { "is" } else { "are" },
                        mode_words(!live)
                    ),
                )
                .with_hint("objects of one mode are invisible to the other: take every key from the same mode of the Stripe Dashboard"),
            );
        }
    }

    if let Some(want_live) = wanted {
        for &(name, live, kind) in modes.iter().filter(|m| m.1 != want_live) {
            let why = match ctx.profile.and_then(|p| p.stripe_mode) {
                Some(_) => {
                    format!("environment \"{}\" wants {} mode (x-stripe-mode)", ctx.environment, mode_words(want_live))
                }
                None if want_live => "production wants live mode".to_string(),
                None => {
                    format!("environment \"{}\" wants test mode (only production wants live keys)", ctx.environment)
                }
            };
            let hint = if want_live {
                "use the live-mode keys of the Stripe Dashboard here".to_string()
            } else {
                format!(
                    "use test-mode keys outside production, or set \"x-stripe-mode\": \"live\" in the \"{}\" profile if this environment really charges cards",
                    ctx.environment
                )
            };
            problems.push(
                Problem::error(
                    name,
                    Code::StripeModeEnvironment,
                    format!("holds a {}-mode {}, but {why}", mode_words(live), kind_words(kind)),
                )
                .with_hint(hint),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let body = "a1B2c3D4e5F6g7H8";
        assert_eq!(shape(&format!("sk_live_{body}")), Shape::Key { kind: StripeKind::Secret, live: true });
        assert_eq!(shape(&format!("pk_test_{body}")), Shape::Key { kind: StripeKind::Publishable, live: false });
        assert_eq!(shape(&format!("rk_test_{body}")), Shape::Key { kind: StripeKind::Restricted, live: false });
        assert_eq!(shape(&format!("whsec_{body}{body}")), Shape::Webhook);
        assert_eq!(shape("sk_test_***"), Shape::NotStripe);
        assert_eq!(shape("whsec_***"), Shape::NotStripe);
        assert_eq!(shape(&format!("sk_prod_{body}")), Shape::NotStripe);
        assert_eq!(shape("é"), Shape::NotStripe);
        assert_eq!(shape(""), Shape::NotStripe);
    }

    #[test]
    fn wanted() {
        assert_eq!(wanted_mode("production", None), Some(true));
        assert_eq!(wanted_mode("staging", None), Some(false));
        assert_eq!(wanted_mode("staging", Some(StripeMode::Live)), Some(true));
        assert_eq!(wanted_mode("production", Some(StripeMode::Any)), None);
    }
}
