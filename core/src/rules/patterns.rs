//! The catalogue of secret formats (see `docs/rules.md`): one row per format, with the
//! provider, what the value is, whether it is a secret or public by design, the pattern and
//! where the format is documented (the provider's docs, or the gitleaks rule, MIT, that
//! describes it).
//!
//! Three kinds of rows:
//! - **marked** secrets carry a provider marker (`sk_live_`, `ghp_`, `AKIA`, …) and are found
//!   anywhere in a value, or in a built asset by `scan`. One pass over the value finds the
//!   formats it may hold (their fixed heads and needles, see `Gate`); only those patterns run.
//! - **named** secrets have no marker (32 or 40 hex, a UUID, …): like a scanner's keyword next
//!   to the value, the variable's name must say the provider (`ALGOLIA`), and the whole value
//!   must have the shape. A public-by-design word in the name (`SEARCH`, `PUBLISHABLE`, …)
//!   wins. These need a name, so `scan` (which sees no names) does not look for them.
//! - **public** formats are public by design: a client variable holding one is fine.
//!
//! A match that is a placeholder (`AKIA` then sixteen `X`, `glpat-<token>`, `your-…`, a PEM
//! header with no body) is not a secret. Everything is compiled once, on first use, each
//! pattern on its own: a check builds the tables of heads and keywords (no automaton) and, of
//! the ~100 exact patterns, compiles only those a value gets near (compiling them all took
//! most of a first check on WebAssembly: docs/node.md, "The WebAssembly build").

use crate::literals::Literals;
use regex::{Regex, RegexSet};
use std::sync::OnceLock;

/// Whether values of a format may be shown to every browser.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Class {
    /// A credential: it must not reach a browser.
    Secret,
    /// Public by design (publishable keys, site keys, browser ingest keys, …).
    Public,
}

/// What a second look at a match needs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Verify {
    /// The match (or its first group, when the pattern has one) is the secret, unless it
    /// is a placeholder.
    None,
    /// A JWT: secret only when its payload's `role` is `service_role`.
    JwtServiceRole,
    /// A password in a URL or a connection string: secret unless a placeholder.
    Password,
    /// An AWS access key id: AWS's documentation keys end in `EXAMPLE`.
    AwsNotExample,
    /// base64 of `-----BEGIN `: secret when the header says `PRIVATE KEY`.
    Base64Pem,
    /// The whole value is the secret (a service-account JSON document).
    WholeValue,
    /// A PEM header: a secret when a key body follows; the secret is everything from the
    /// header on.
    Pem,
}

/// One row of the catalogue.
#[derive(Clone, Copy, Debug)]
pub struct Format {
    /// The provider ("AWS", "GitHub").
    pub provider: &'static str,
    /// What the value is, for messages ("a GitHub token").
    pub label: &'static str,
    pub class: Class,
    /// For a named format: words one of which the variable's name must hold (upper case).
    /// Empty for marked and public formats.
    pub names: &'static [&'static str],
    /// The pattern (Rust `regex`). Named and public patterns must match the whole value.
    pub regex: &'static str,
    pub verify: Verify,
    /// Where the format is documented.
    pub source: &'static str,
}

const fn s(provider: &'static str, label: &'static str, regex: &'static str, source: &'static str) -> Format {
    Format { provider, label, class: Class::Secret, names: &[], regex, verify: Verify::None, source }
}

const fn n(
    provider: &'static str,
    label: &'static str,
    names: &'static [&'static str],
    regex: &'static str,
    source: &'static str,
) -> Format {
    Format { provider, label, class: Class::Secret, names, regex, verify: Verify::None, source }
}

const fn p(provider: &'static str, label: &'static str, regex: &'static str, source: &'static str) -> Format {
    Format { provider, label, class: Class::Public, names: &[], regex, verify: Verify::None, source }
}

const fn v(verify: Verify, f: Format) -> Format {
    Format { verify, ..f }
}

/// A UUID (Heroku, Postmark, Okta-style keys without a marker).
const UUID: &str = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}";

/// The catalogue. `\b` is made ASCII-only when compiled; `GL` cites a gitleaks rule id
/// (`cmd/generate/config/rules/`).
#[rustfmt::skip]
pub const CATALOGUE: &[Format] = &[
    // --- AWS
    v(Verify::AwsNotExample, s("AWS", "an AWS access key id", r"\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Za-z0-9]{16}\b", "docs.aws.amazon.com IAM reference_identifiers; GL aws-access-token")),
    s("AWS", "an Amazon Bedrock API key", r"\bABSK[A-Za-z0-9+/]{109,269}={0,2}", "docs.aws.amazon.com bedrock api-keys-how; GL aws-amazon-bedrock-api-key-long-lived"),
    s("AWS", "an Amazon Bedrock API key", r"\bbedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%&_-]*", "docs.aws.amazon.com bedrock api-keys-how; GL aws-amazon-bedrock-api-key-short-lived"),
    s("AWS", "an AWS AppSync API key", r"\bda2-[a-z0-9]{26}\b", "docs.aws.amazon.com appsync security-authz (API_KEY)"),
    n("AWS", "an AWS secret access key", &["AWS_SECRET", "SECRET_ACCESS_KEY", "AWS_SECRET_KEY"], r"[A-Za-z0-9/+]{40}", "docs.aws.amazon.com IAM id_credentials_access-keys"),
    // --- Google Cloud
    v(Verify::WholeValue, s("Google Cloud", "a Google service-account key (JSON)", r#""type"\s*:\s*"service_account""#, "cloud.google.com iam service-account-creds; GL gcp-service-account")),
    s("Google Cloud", "a Google OAuth client secret", r"\bGOCSPX-[A-Za-z0-9_-]{28}", "developers.google.com identity oauth2 (client secret GOCSPX-)"),
    s("Google Cloud", "a Google OAuth access token", r"\bya29\.[0-9A-Za-z_-]{20,}", "developers.google.com identity protocols oauth2 (ya29.)"),
    // --- Azure
    s("Azure", "an Azure AD client secret", r#"(?:^|[\\'"`\s>=:(,)])([A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?:$|[\\'"`\s<),])"#, "learn.microsoft.com sit-defn-azure-ad-client-secret; GL azure-ad-client-secret"),
    s("Azure", "an Azure storage account key", r"(?i)\bAccountKey=([A-Za-z0-9+/]{86}==)", "learn.microsoft.com storage-configure-connection-string"),
    s("Azure", "an Azure shared access key", r"(?i)\bSharedAccessKey=([A-Za-z0-9+/]{42,}={0,2})", "learn.microsoft.com service-bus-messaging service-bus-sas"),
    s("Azure", "an Azure App Configuration connection string", r"(?i)\bEndpoint=https://[A-Za-z0-9.-]+;Id=[^;\s]+;Secret=([A-Za-z0-9+/]{40,}={0,2})", "learn.microsoft.com azure-app-configuration concept-key-value (access keys)"),
    s("Azure", "an Azure DevOps personal access token", r"\b[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}\b", "learn.microsoft.com devops use-personal-access-tokens (84-character tokens, AZDO signature)"),
    n("Azure", "an Azure DevOps personal access token", &["AZURE_DEVOPS", "ADO", "AZDO", "DEVOPS"], r"[a-z2-7]{52}", "learn.microsoft.com devops use-personal-access-tokens (legacy 52-character tokens)"),
    // --- Payments
    s("Stripe", "a Stripe (or Clerk) secret key", r"\bsk_(?:test|live|prod)_[0-9A-Za-z]{10,247}\b", "docs.stripe.com/keys; GL stripe-access-token"),
    s("Stripe", "a Stripe restricted key", r"\brk_(?:test|live|prod)_[0-9A-Za-z]{10,247}\b", "docs.stripe.com/keys; GL stripe-access-token"),
    s("Stripe", "a Stripe webhook signing secret", r"\bwhsec_[0-9A-Za-z+/=]{20,}", "docs.stripe.com/webhooks (whsec_)"),
    s("Square", "a Square access token", r"\b(?:EAAA|sq0atp-)[0-9A-Za-z_-]{22,60}(?:$|[^A-Za-z0-9_-])", "developer.squareup.com access-tokens; GL square-access-token"),
    s("Square", "a Square application secret", r"\bsq0csp-[0-9A-Za-z_-]{43}", "developer.squareup.com oauth-api; GL square-secret"),
    s("Braintree", "a Braintree (PayPal) access token", r"\baccess_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}\b", "developer.paypal.com braintree access tokens"),
    n("PayPal", "a PayPal client secret", &["PAYPAL"], r"E[A-Za-z0-9_-]{79}", "developer.paypal.com api rest (client secret, 80 characters)"),
    n("Braintree", "a Braintree private key", &["BRAINTREE"], r"[0-9a-f]{32}", "developer.paypal.com braintree api keys (private key)"),
    // --- Messaging and email
    s("Twilio", "a Twilio API key", r"\bSK[0-9a-fA-F]{32}\b", "twilio.com docs iam api-keys; GL twilio-api-key"),
    n("Twilio", "a Twilio auth token", &["TWILIO"], r"[0-9a-f]{32}", "twilio.com docs iam credentials (auth token)"),
    s("SendGrid", "a SendGrid API key", r"\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}", "docs.sendgrid.com api-keys; GL sendgrid-api-token"),
    s("SendGrid", "a SendGrid API key", r"\bSG\.[A-Za-z0-9=_.-]{66}", "GL sendgrid-api-token"),
    s("Mailgun", "a Mailgun private key", r"\bkey-[0-9a-f]{32}\b", "documentation.mailgun.com api-keys; GL mailgun-private-api-token"),
    n("Mailgun", "a Mailgun key", &["MAILGUN", "MG_"], r"[0-9a-h]{32}-[0-9a-h]{8}-[0-9a-h]{8}", "documentation.mailgun.com api-keys; GL mailgun-signing-key"),
    s("Mailchimp", "a Mailchimp API key", r"\b[0-9a-f]{32}-us[0-9]{1,2}\b", "mailchimp.com developer marketing api (key-dc); GL mailchimp-api-key"),
    n("Mailchimp", "a Mailchimp Transactional (Mandrill) key", &["MANDRILL", "MAILCHIMP"], r"md-[A-Za-z0-9_-]{22}", "mailchimp.com developer transactional (md- keys)"),
    n("Postmark", "a Postmark server or account token", &["POSTMARK"], UUID, "postmarkapp.com developer api overview (X-Postmark-Server-Token)"),
    s("Resend", "a Resend API key", r"\bre_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}\b", "resend.com docs api-reference api-keys"),
    s("Slack", "a Slack token", r"\bxoxb-[0-9]{8,14}-[0-9A-Za-z-]{18,}", "api.slack.com authentication token-types; GL slack-bot-token, slack-legacy-bot-token"),
    s("Slack", "a Slack token", r"\bxox[pe](?:-[0-9]{10,13}){3}-[0-9A-Za-z-]{28,34}", "api.slack.com token-types; GL slack-user-token"),
    s("Slack", "a Slack token", r"(?i)\bxox[abposr]-(?:[0-9]+-)+[a-z0-9]{10,}", "api.slack.com token-types; GL slack-legacy-token"),
    s("Slack", "a Slack token", r"\bxox[ar]-(?:[0-9]-)?[0-9A-Za-z]{8,48}", "GL slack-legacy-workspace-token"),
    s("Slack", "a Slack configuration token", r"(?i)\bxoxe\.xox[bp]-[0-9]-[A-Z0-9]{163,166}", "api.slack.com app-configuration-tokens; GL slack-config-access-token"),
    s("Slack", "a Slack configuration refresh token", r"(?i)\bxoxe-[0-9]-[A-Z0-9]{146}", "api.slack.com app-configuration-tokens; GL slack-config-refresh-token"),
    s("Slack", "a Slack app token", r"(?i)\bxapp-[0-9]-[A-Z0-9]+-[0-9]+-[a-z0-9]+", "api.slack.com token-types; GL slack-app-token"),
    s("Slack", "a Slack webhook URL", r"(?i)(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,}", "api.slack.com messaging webhooks; GL slack-webhook-url"),
    s("Discord", "a Discord bot token", r"\b[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?:$|[^A-Za-z0-9_-])", "discord.com developers docs reference (Bot token)"),
    s("Discord", "a Discord webhook URL", r"(?i)\b(?:https?://)?(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/([A-Za-z0-9_-]{60,68})", "discord.com developers docs resources webhook"),
    n("Discord", "a Discord API key or client secret", &["DISCORD"], r"[0-9a-f]{64}|[A-Za-z0-9=_-]{32}", "GL discord-api-token, discord-client-secret"),
    s("Telegram", "a Telegram bot token", r"\b[0-9]{5,16}:A[A-Za-z0-9_-]{34}(?:$|[^A-Za-z0-9_-])", "core.telegram.org bots api (authorizing your bot); GL telegram-bot-api-token"),
    // --- AI
    s("OpenAI", "an OpenAI API key", r"\bsk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]+T3BlbkFJ[A-Za-z0-9_-]+", "platform.openai.com api-keys; GL openai-api-key"),
    s("OpenAI", "an OpenAI API key", r"\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b", "GL openai-api-key (legacy)"),
    s("OpenAI", "an OpenAI API key", r"\bsk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{40,}", "platform.openai.com api-keys"),
    s("Anthropic", "an Anthropic API key", r"\bsk-ant-[a-z]+[0-9]{2}-[A-Za-z0-9_-]{93}AA\b", "docs.anthropic.com api; GL anthropic-api-key, anthropic-admin-api-key"),
    s("OpenRouter", "an OpenRouter API key", r"\bsk-or-v1-[0-9a-f]{64}\b", "openrouter.ai docs api-keys"),
    n("Cohere", "a Cohere API key", &["COHERE", "CO_API_KEY"], r"[A-Za-z0-9]{40}", "docs.cohere.com (CO_API_KEY); GL cohere-api-token"),
    s("Hugging Face", "a Hugging Face token", r"\bhf_[A-Za-z]{34}\b", "huggingface.co docs hub security-tokens; GL huggingface-access-token"),
    s("Hugging Face", "a Hugging Face organization token", r"\bapi_org_[A-Za-z]{34}\b", "GL huggingface-organization-api-token"),
    s("Replicate", "a Replicate API token", r"\br8_[0-9A-Za-z_-]{37}", "replicate.com docs (r8_ tokens)"),
    s("Groq", "a Groq API key", r"\bgsk_[A-Za-z0-9]{52}\b", "console.groq.com docs api-keys"),
    s("Perplexity", "a Perplexity API key", r"\bpplx-[A-Za-z0-9]{48}\b", "docs.perplexity.ai; GL perplexity-api-key"),
    // --- Code hosting and registries
    s("GitHub", "a GitHub token", r"\bgh[pousr]_[0-9A-Za-z]{36,251}\b", "docs.github.com authentication token formats; GL github-pat, github-oauth, github-app-token, github-refresh-token"),
    s("GitHub", "a GitHub fine-grained token", r"\bgithub_pat_[0-9A-Za-z_]{82}\b", "docs.github.com fine-grained tokens; GL github-fine-grained-pat"),
    s("GitLab", "a GitLab token", r"\bgl(?:pat|dt|ft|ffct|soat|rt|imt|agent|oas|wt)-[0-9A-Za-z_.-]{20,}", "docs.gitlab.com security tokens (token prefixes); GL gitlab-pat, gitlab-pat-routable, gitlab-deploy-token, gitlab-feed-token, gitlab-feature-flag-client-token, gitlab-scim-token, gitlab-runner-authentication-token, gitlab-incoming-mail-token, gitlab-kubernetes-agent-token, gitlab-oauth-app-secret"),
    s("GitLab", "a GitLab CI/CD job token", r"\bglcbt-[0-9A-Za-z]{1,5}_[0-9A-Za-z_-]{20,}", "docs.gitlab.com security tokens; GL gitlab-cicd-job-token"),
    s("GitLab", "a GitLab trigger token", r"\bglptt-[0-9a-f]{40}\b", "docs.gitlab.com security tokens; GL gitlab-ptt"),
    s("GitLab", "a GitLab runner registration token", r"\bGR1348941[0-9A-Za-z_-]{20,}", "docs.gitlab.com security tokens; GL gitlab-rrt"),
    s("npm", "an npm token", r"(?i)\bnpm_[a-z0-9]{36}\b", "docs.npmjs.com about-access-tokens; GL npm-access-token"),
    s("PyPI", "a PyPI upload token", r"\bpypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[0-9A-Za-z_-]{50,}", "pypi.org help (API tokens); GL pypi-upload-token"),
    // --- Hosting and infrastructure
    s("Vercel", "a Vercel token", r"\bvc[pikar]_[A-Za-z0-9]{24,}\b", "vercel.com docs (prefixed access tokens)"),
    n("Vercel", "a Vercel token", &["VERCEL"], r"[A-Za-z0-9]{24}", "vercel.com docs rest-api (access tokens)"),
    s("Netlify", "a Netlify personal access token", r"\bnfp_[A-Za-z0-9]{36,}\b", "docs.netlify.com api (personal access tokens, nfp_)"),
    n("Netlify", "a Netlify access token", &["NETLIFY"], r"[A-Za-z0-9=_-]{40,46}", "GL netlify-access-token"),
    s("Heroku", "a Heroku API key", r"\bHRKU-AA[0-9A-Za-z_-]{58}", "devcenter.heroku.com authentication; GL heroku-api-key-v2"),
    n("Heroku", "a Heroku API key", &["HEROKU"], UUID, "devcenter.heroku.com authentication; GL heroku-api-key"),
    s("DigitalOcean", "a DigitalOcean token", r"(?i)\bdo[opr]_v1_[a-f0-9]{64}\b", "docs.digitalocean.com api tokens; GL digitalocean-pat, digitalocean-access-token, digitalocean-refresh-token"),
    s("Cloudflare", "a Cloudflare Origin CA key", r"\bv1\.0-[a-f0-9]{24}-[a-f0-9]{146}\b", "developers.cloudflare.com origin CA keys; GL cloudflare-origin-ca-key"),
    n("Cloudflare", "a Cloudflare API token or key", &["CLOUDFLARE", "CF_API", "CF_"], r"[A-Za-z0-9_-]{40}|[a-f0-9]{37}", "developers.cloudflare.com fundamentals api tokens; GL cloudflare-api-key, cloudflare-global-api-key"),
    s("Fly", "a Fly.io access token", r"\b(?:fo1_[0-9A-Za-z_-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,}={0,3}|fm2_[A-Za-z0-9+/]{100,}={0,3})", "fly.io docs security tokens; GL flyio-access-token"),
    s("PlanetScale", "a PlanetScale token or password", r"(?i)\bpscale_(?:tkn|oauth|pw)_[0-9A-Za-z_=.-]{32,64}", "planetscale.com docs (service tokens, passwords); GL planetscale-api-token, planetscale-oauth-token, planetscale-password"),
    s("Doppler", "a Doppler token", r"\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}\b", "docs.doppler.com token formats; GL doppler-api-token"),
    // --- Databases
    v(Verify::Password, s("Databases", "a URL with credentials (user:pass@host)", r"[A-Za-z][A-Za-z0-9+.-]*://[^:/?#@\s]*:([^@/?#\s]+)@", "RFC 3986 userinfo; postgresql.org libpq connect (URIs)")),
    v(Verify::Password, s("Databases", "a connection string with a password", r#"(?i)(?:\bjdbc:[a-z0-9]+:[^\s'"]*?[;?&]|\b(?:server|data source|host|driver|uid|user id|user|username|database|initial catalog|dsn)\s*=[^'"\n]*?;\s*)(?:password|pwd)\s*=\s*([^;&\s'"+`)]{3,})"#, "learn.microsoft.com connection-string-syntax; docs.oracle.com JDBC URLs")),
    // --- Observability and product tools
    s("New Relic", "a New Relic user API key", r"(?i)\bNRAK-[A-Z0-9]{27}\b", "docs.newrelic.com apis intro-apis new-relic-api-keys; GL new-relic-user-api-key"),
    s("New Relic", "a New Relic insert key", r"(?i)\bNRII-[A-Z0-9-]{31}[A-Z0-9]\b", "docs.newrelic.com new-relic-api-keys; GL new-relic-insert-key"),
    s("New Relic", "a New Relic license key", r"\b[a-f0-9]{36}NRAL\b", "docs.newrelic.com new-relic-api-keys (license key)"),
    n("New Relic", "a New Relic key", &["NEW_RELIC", "NEWRELIC"], r"[A-Za-z0-9]{64}", "GL new-relic-user-api-id"),
    n("Datadog", "a Datadog API or application key", &["DATADOG", "DD"], r"[A-Za-z0-9]{40}|[a-f0-9]{32}", "docs.datadoghq.com account_management api-app-keys; GL datadog-access-token"),
    s("Sentry", "a Sentry auth token", r"\bsntrys_eyJ[A-Za-z0-9+/=_]{40,}|\bsntryu_[a-f0-9]{64}\b", "docs.sentry.io auth-tokens; GL sentry-org-token, sentry-user-token"),
    n("Sentry", "a Sentry auth token", &["SENTRY"], r"[a-f0-9]{64}", "GL sentry-access-token"),
    s("Linear", "a Linear API key", r"(?i)\blin_api_[a-z0-9]{40}\b", "linear.app developers graphql (personal API keys); GL linear-api-key"),
    s("Linear", "a Linear OAuth token", r"\blin_oauth_[a-f0-9]{64}\b", "linear.app developers oauth"),
    n("Linear", "a Linear client secret", &["LINEAR"], r"[a-f0-9]{32}", "GL linear-client-secret"),
    s("Notion", "a Notion integration token", r"\bntn_[0-9]{11}[A-Za-z0-9]{35}\b", "developers.notion.com authorization; GL notion-api-token"),
    s("Notion", "a Notion integration token", r"\bsecret_[A-Za-z0-9]{43}\b", "developers.notion.com authorization (legacy secret_ tokens)"),
    s("Shopify", "a Shopify admin token", r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b", "shopify.dev apps auth access-token-types; GL shopify-access-token and kin"),
    n("Algolia", "an Algolia admin or write API key", &["ALGOLIA"], r"[A-Za-z0-9]{32}", "algolia.com doc security api-keys (admin key); GL algolia-api-key"),
    s("Mapbox", "a Mapbox secret token", r"\bsk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{10,}", "docs.mapbox.com accounts tokens (sk. secret tokens)"),
    s("PostHog", "a PostHog personal API key", r"\bphx_[A-Za-z0-9_]{30,}", "posthog.com docs api (personal API keys)"),
    n("Okta", "an Okta API token", &["OKTA"], r"00[0-9A-Za-z_=-]{40}", "developer.okta.com create-an-api-token; GL okta-access-token"),
    n("Auth0", "an Auth0 client secret", &["AUTH0"], r"[A-Za-z0-9_-]{64}", "auth0.com docs applications credentials (client secret)"),
    s("Supabase", "a Supabase secret key", r"\bsb_secret_[A-Za-z0-9_-]{16,}", "supabase.com docs guides api api-keys"),
    s("Supabase", "a Supabase access token", r"\bsbp_[a-f0-9]{40}\b", "supabase.com docs management-api (personal access tokens)"),
    v(Verify::JwtServiceRole, s("Supabase", "a Supabase service_role key (a JWT)", r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}", "supabase.com docs guides api api-keys (service_role)")),
    // --- Keys
    v(Verify::Pem, s("PEM", "a private key (PEM)", r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----", "RFC 7468; GL private-key")),
    v(Verify::Pem, s("PuTTY", "a private key (PuTTY)", r"PuTTY-User-Key-File-[0-9]", "the PuTTY manual, appendix C (PPK format)")),
    v(Verify::Base64Pem, s("PEM", "a private key (base64-encoded PEM)", r"\bLS0tLS1CRUdJTi[A-Za-z0-9+/=]{8,}", "RFC 7468 under base64 (LS0tLS1CRUdJTi = -----BEGIN )")),
    // --- Public by design
    p("Stripe", "a Stripe or Clerk publishable key", r"pk_(?:test|live)_[A-Za-z0-9+/=]{10,}", "docs.stripe.com/keys; clerk.com docs"),
    p("PostHog", "a PostHog project key", r"phc_[A-Za-z0-9_]{20,}", "posthog.com docs (project API key)"),
    p("Supabase", "a Supabase publishable key", r"sb_publishable_[A-Za-z0-9_-]{16,}", "supabase.com docs guides api api-keys"),
    p("Mailgun", "a Mailgun public validation key", r"pubkey-[0-9a-f]{32}", "documentation.mailgun.com api-keys; GL mailgun-pub-key"),
    p("Google", "a Google or Firebase browser API key", r"AIza[0-9A-Za-z_-]{35}", "firebase.google.com docs projects api-keys (Gemini names are decided by the name)"),
    p("Sentry", "a Sentry DSN", r"https://[0-9a-f]{32}@[A-Za-z0-9.-]+(?::[0-9]+)?/[0-9]+", "docs.sentry.io concepts key-terms dsn-explainer"),
    p("Mapbox", "a Mapbox public token", r"pk\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}", "docs.mapbox.com accounts tokens (pk. public tokens)"),
    p("Cloudflare", "a Turnstile site key", r"0x4AAAAAAA[0-9A-Za-z_-]{6,}", "developers.cloudflare.com turnstile"),
    p("Cloudflare", "a Turnstile test site key", r"[1-3]x0{20,}[A-F]{2}", "developers.cloudflare.com turnstile testing"),
    p("Google", "a reCAPTCHA site key", r"6L[0-9A-Za-z_-]{38}", "developers.google.com recaptcha"),
    p("Google", "a Google OAuth client id", r"[0-9]+-[0-9a-z]+\.apps\.googleusercontent\.com", "developers.google.com identity oauth2"),
    p("Google", "an analytics or tag id", r"(?:G|GTM|AW|DC)-[A-Z0-9]{4,}|UA-[0-9]+-[0-9]+", "support.google.com analytics (measurement ids)"),
    p("New Relic", "a New Relic browser key", r"NRJS-[a-f0-9]{19}", "docs.newrelic.com browser (the key ships in every page's agent snippet)"),
    p("Datadog", "a Datadog client token", r"pub[0-9a-f]{32}", "docs.datadoghq.com account_management api-app-keys (client tokens are for browsers)"),
];

/// How a catalogue pattern is compiled: as written (with ASCII word boundaries), to be found
/// anywhere in a value, or anchored, to match the whole value.
#[derive(Clone, Copy)]
enum Form {
    Anywhere,
    Whole,
}

/// A name keyword as the catalogue spells it, and the `named` entries it belongs to.
type Keyword = (&'static str, Vec<usize>);

/// A pattern compiled the first time it is used. The text to compile is made then too, so
/// that the catalogue costs no allocation until a value gets near one of its formats.
struct Lazy {
    pattern: &'static str,
    form: Form,
    regex: OnceLock<Regex>,
}

impl Lazy {
    const fn new(pattern: &'static str, form: Form) -> Self {
        Lazy { pattern, form, regex: OnceLock::new() }
    }

    fn get(&self) -> &Regex {
        self.regex.get_or_init(|| {
            let text = match self.form {
                Form::Anywhere => ascii_boundaries(self.pattern),
                Form::Whole => anchored(self.pattern),
            };
            Regex::new(&text).expect("the catalogue's patterns compile")
        })
    }
}

/// A set of whole-value patterns compiled the first time it is used.
struct LazySet {
    patterns: Vec<&'static str>,
    set: OnceLock<RegexSet>,
}

impl LazySet {
    fn new(patterns: Vec<&'static str>) -> Self {
        LazySet { patterns, set: OnceLock::new() }
    }

    fn get(&self) -> &RegexSet {
        self.set.get_or_init(|| {
            RegexSet::new(self.patterns.iter().map(|p| anchored(p))).expect("the public patterns compile")
        })
    }
}

struct Compiled {
    /// Which marked formats may match a value (`Gate`); `marked[k]` is the catalogue index
    /// and the exact pattern of marked format `k`, which decides.
    gate: Gate,
    marked: Vec<(usize, Lazy)>,
    /// The named secret formats, anchored.
    named: Vec<(usize, Lazy)>,
    /// Every name keyword of the named formats (ASCII case-insensitive), each with the
    /// keyword as the catalogue spells it and the `named` entries it belongs to.
    keywords: Literals<Keyword>,
    public: LazySet,
    /// The public formats with a distinctive prefix (see [`literal_prefix`]): the ones that
    /// outweigh a provider's name in the named rule.
    public_distinct: LazySet,
}

/// How many characters a pattern starts with that are literal text (`pk\.eyJ` has 6, `6L[…]`
/// has 2, `(?:G|GTM)-…` none).
fn literal_prefix(p: &str) -> usize {
    leading_text(p).chars().count()
}

/// The literal text a pattern starts with: escaped punctuation is the character, and the text
/// ends at the first class, group, escape of another kind or operator; a character under `?`,
/// `*` or `{` (optional or repeated) is left out, one under `+` (there at least once) is in.
fn leading_text(p: &str) -> String {
    let mut text = String::new();
    let mut chars = p.chars().peekable();
    while let Some(c) = chars.next() {
        let literal = match c {
            '\\' => match chars.next() {
                Some(e) if e.is_ascii_punctuation() => e,
                _ => break,
            },
            '[' | '(' | ')' | '.' | '+' | '*' | '?' | '{' | '|' | '^' | '$' => break,
            c => c,
        };
        if matches!(chars.peek(), Some('?' | '*' | '{')) {
            break;
        }
        text.push(literal);
    }
    text
}

fn ascii_boundaries(p: &str) -> String {
    p.replace(r"\b", r"(?-u:\b)")
}

fn anchored(p: &str) -> String {
    format!("^(?:{})$", ascii_boundaries(p))
}

fn compiled() -> &'static Compiled {
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let mut marked = Vec::new();
        let mut named = Vec::new();
        let mut public = Vec::new();
        let mut public_distinct = Vec::new();
        for (i, f) in CATALOGUE.iter().enumerate() {
            match (f.class, f.names.is_empty()) {
                (Class::Public, _) => {
                    public.push(f.regex);
                    if literal_prefix(f.regex) >= 3 {
                        public_distinct.push(f.regex);
                    }
                }
                (Class::Secret, true) => marked.push((i, Lazy::new(f.regex, Form::Anywhere))),
                (Class::Secret, false) => named.push((i, Lazy::new(f.regex, Form::Whole))),
            }
        }
        let mut keywords: Vec<(String, bool, Keyword)> = Vec::new();
        for (k, (i, _)) in named.iter().enumerate() {
            for &w in CATALOGUE[*i].names {
                match keywords.iter_mut().find(|(_, _, (kw, _))| *kw == w) {
                    Some((_, _, (_, list))) => list.push(k),
                    None => keywords.push((w.replace('-', "_"), true, (w, vec![k]))),
                }
            }
        }
        Compiled {
            keywords: Literals::new(keywords),
            gate: Gate::new(&marked),
            marked,
            named,
            public: LazySet::new(public),
            public_distinct: LazySet::new(public_distinct),
        }
    })
}

/// For marked formats without a head: texts one of which every match contains (an
/// alternative's head, a fixed infix), then texts every match contains as well, keyed by the
/// exact pattern, so that a changed pattern drops out of this table (a test fails on a key
/// that is no catalogue pattern) instead of keeping a stale text; `true`: ASCII
/// case-insensitive. A row with texts in its last column is looked for with `contains` for
/// each of its texts, not in the one pass: a URL with credentials holds `://`, as every URL
/// does, and `@`, as few do; a Discord bot token holds a `.` and one of `M`, `N`, `O`.
#[rustfmt::skip]
const NEEDLES: &[(&str, bool, &[&str], &[&str])] = &[
    (r"\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Za-z0-9]{16}\b", false, &["A3T", "AKIA", "ASIA", "ABIA", "ACCA"], &[]),
    (r#"(?:^|[\\'"`\s>=:(,)])([A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?:$|[\\'"`\s<),])"#, false, &["Q~"], &[]),
    (r"\b[A-Za-z0-9]{76}AZDO[A-Za-z0-9]{4}\b", false, &["AZDO"], &[]),
    (r"\b(?:EAAA|sq0atp-)[0-9A-Za-z_-]{22,60}(?:$|[^A-Za-z0-9_-])", false, &["EAAA", "sq0atp-"], &[]),
    (r"\b[0-9a-f]{32}-us[0-9]{1,2}\b", false, &["-us"], &[]),
    (r"(?i)\b(?:https?://)?(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/([A-Za-z0-9_-]{60,68})", true, &["discord"], &[]),
    (r"\b[0-9]{5,16}:A[A-Za-z0-9_-]{34}(?:$|[^A-Za-z0-9_-])", false, &[":A"], &[]),
    (r"\b(?:fo1_[0-9A-Za-z_-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,}={0,3}|fm2_[A-Za-z0-9+/]{100,}={0,3})", false, &["fo1_", "fm1", "fm2_"], &[]),
    (r#"(?i)(?:\bjdbc:[a-z0-9]+:[^\s'"]*?[;?&]|\b(?:server|data source|host|driver|uid|user id|user|username|database|initial catalog|dsn)\s*=[^'"\n]*?;\s*)(?:password|pwd)\s*=\s*([^;&\s'"+`)]{3,})"#, true, &["password", "pwd"], &[]),
    (r"\b[a-f0-9]{36}NRAL\b", false, &["NRAL"], &[]),
    (r"\bsntrys_eyJ[A-Za-z0-9+/=_]{40,}|\bsntryu_[a-f0-9]{64}\b", false, &["sntrys_eyJ", "sntryu_"], &[]),
    (r"(?i)(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,}", true, &["hooks.slack.com/"], &[]),
    (r"\b[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?:$|[^A-Za-z0-9_-])", false, &["M", "N", "O"], &["."]),
    (r"[A-Za-z][A-Za-z0-9+.-]*://[^:/?#@\s]*:([^@/?#\s]+)@", false, &[], &["://", "@"]),
];

/// Which marked formats may match a value: a superset, in one pass, that the exact patterns
/// then narrow. Built the first time a check looks at a client variable's value, so on the
/// first check of nearly every Next.js app, where compiling a set of all the marked patterns
/// cost 3-5 ms. A format whose every match starts with a fixed text (`sk_`, `ghp_`,
/// `-----BEGIN`; [`literal_head`]) is a candidate where that text occurs (ASCII
/// case-insensitively for a `(?i)` pattern); the formats without such a head have their
/// texts in [`NEEDLES`].
struct Gate {
    /// Heads and the first kind of needle, each with the marked formats it stands for.
    heads: Literals<Vec<usize>>,
    /// The needles of the second kind: (marked format, one of, all of).
    both: Vec<(usize, &'static [&'static str], &'static [&'static str])>,
}

impl Gate {
    fn new(marked: &[(usize, Lazy)]) -> Gate {
        let mut heads: Vec<(String, bool, Vec<usize>)> = Vec::new();
        let mut both = Vec::new();
        for (k, (i, _)) in marked.iter().enumerate() {
            let regex = CATALOGUE[*i].regex;
            let needles = match literal_head(regex) {
                Some((head, ci)) => Some((vec![head], ci)),
                None => match NEEDLES.iter().find(|(r, ..)| *r == regex) {
                    Some((_, _, any, all)) if !all.is_empty() => {
                        both.push((k, *any, *all));
                        None
                    }
                    Some((_, ci, any, _)) => Some((any.iter().map(ToString::to_string).collect(), *ci)),
                    // A candidate for every value (a test keeps the catalogue from this).
                    None => {
                        both.push((k, &[], &[]));
                        None
                    }
                },
            };
            for needle in needles.map(|(ns, ci)| ns.into_iter().map(move |n| (n, ci))).into_iter().flatten() {
                match heads.iter_mut().find(|(h, c, _)| *h == needle.0 && *c == needle.1) {
                    Some((_, _, ks)) => ks.push(k),
                    None => heads.push((needle.0, needle.1, vec![k])),
                }
            }
        }
        Gate { heads: Literals::new(heads), both }
    }

    /// The marked formats that may match `value`, in catalogue order.
    fn candidates(&self, value: &str) -> Vec<usize> {
        let mut out = Vec::new();
        self.heads.find_each(value.as_bytes(), |ks, _| out.extend(ks));
        for (k, any, all) in &self.both {
            if (any.is_empty() || any.iter().any(|t| value.contains(t))) && all.iter().all(|t| value.contains(t)) {
                out.push(*k);
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The fixed text every match of `pattern` starts with ([`leading_text`], after a leading
/// `\b`, which matches no text), at least two characters, and whether it is ASCII
/// case-insensitive (a leading `(?i)`). None when the pattern has a top-level `|` (an
/// alternative need not start with it).
fn literal_head(pattern: &str) -> Option<(String, bool)> {
    let (ci, p) = match pattern.strip_prefix("(?i)") {
        Some(rest) => (true, rest),
        None => (false, pattern),
    };
    if top_level_alternation(p) {
        return None;
    }
    let head = leading_text(p.strip_prefix(r"\b").unwrap_or(p));
    (head.chars().count() >= 2 && (!ci || head.is_ascii())).then_some((head, ci))
}

/// Whether `p` has a `|` outside every group and class.
fn top_level_alternation(p: &str) -> bool {
    let (mut depth, mut class, mut escaped) = (0usize, false, false);
    for c in p.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' if !class => class = true,
            ']' if class => class = false,
            _ if class => {}
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '|' if depth == 0 => return true,
            _ => {}
        }
    }
    false
}

/// A secret found in a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found<'v> {
    /// What it is, for messages: "a GitHub token".
    pub label: &'static str,
    /// The provider, for reports: "GitHub".
    pub provider: &'static str,
    /// The secret part of the value (the key, or a URL's password): to be redacted.
    pub secret: &'v str,
}

/// The first marked secret in `value`, if any (no name needed: `scan` uses this on whole
/// files). Values shorter than 8 characters hold no secret of the catalogue, so they cost
/// nothing.
pub fn find_secret(value: &str) -> Option<Found<'_>> {
    if value.len() < 8 {
        return None;
    }
    let c = compiled();
    for k in c.gate.candidates(value) {
        let (i, regex) = &c.marked[k];
        let regex = regex.get();
        if !regex.is_match(value) {
            continue;
        }
        let format = &CATALOGUE[*i];
        for caps in regex.captures_iter(value) {
            let Some(whole) = caps.get(0) else { continue };
            let part = caps.get(1).unwrap_or(whole).as_str();
            let found = match format.verify {
                Verify::None => (!is_placeholder(part)).then_some(part),
                Verify::AwsNotExample => (!part.ends_with("EXAMPLE") && !is_placeholder(part)).then_some(part),
                Verify::JwtServiceRole => jwt_is_service_role(part).then_some(part),
                Verify::Password => Some(part).filter(|pw| !is_placeholder_password(pw) && !is_placeholder(pw)),
                Verify::Base64Pem => base64_pem_is_private(part).then_some(part),
                Verify::WholeValue => Some(value),
                Verify::Pem => pem_has_body(&value[whole.end()..]).then_some(&value[whole.start()..]),
            };
            if let Some(secret) = found {
                return Some(Found { label: format.label, provider: format.provider, secret });
            }
        }
    }
    None
}

/// The secret in the value of variable `name` (the part after the client prefix, any
/// case): a marked format anywhere in the value, or a named format when the name says the
/// provider, has no public-by-design word, the value has no public-by-design shape, and
/// the whole value has the shape.
pub fn find_named_secret<'v>(name: &str, value: &'v str) -> Option<Found<'v>> {
    find_named_secret_as(&NamedFormats::of(name), value)
}

/// What a variable's name says of the named formats its value may have: the formats whose
/// provider it names, in catalogue order, and whether it also has a public-by-design word
/// (then none counts). It depends on the name alone, so an environment checked again keeps
/// it with its client variables (`leaks::clients`) instead of finding it on every check.
#[derive(Debug, Default)]
pub(crate) struct NamedFormats {
    candidates: Vec<usize>,
    public_name: bool,
}

impl NamedFormats {
    pub(crate) fn of(name: &str) -> Self {
        let c = compiled();
        let mut candidates: Vec<usize> = Vec::new();
        c.keywords.find_each(name.as_bytes(), |(word, list), start| {
            if name_has_at(name, word, start) {
                candidates.extend(list);
            }
        });
        if candidates.is_empty() {
            return NamedFormats::default();
        }
        candidates.sort_unstable();
        candidates.dedup();
        let up = format!("_{}_", name.to_ascii_uppercase().replace('-', "_"));
        NamedFormats { candidates, public_name: is_public_name(&up) }
    }
}

/// [`find_named_secret`], with what the name says already found.
pub(crate) fn find_named_secret_as<'v>(named: &NamedFormats, value: &'v str) -> Option<Found<'v>> {
    if let Some(found) = find_secret(value) {
        return Some(found);
    }
    let v = value.trim();
    if v.len() < 16 || named.candidates.is_empty() {
        return None;
    }
    let c = compiled();
    // A public-by-design name wins, and so does a public shape with a distinctive prefix (a
    // Turnstile site key, `0x4AAAAAAA…`, has the length of a Cloudflare token). A shape
    // that only starts with two fixed characters does not: one Cohere key in 3,844 starts
    // with the `6L` of a reCAPTCHA site key, and the provider's name is the better evidence.
    if named.public_name || is_placeholder(v) || c.public_distinct.get().is_match(v) || is_anon_jwt(v) {
        return None;
    }
    named.candidates.iter().find_map(|&k| {
        let (i, regex) = &c.named[k];
        let format = &CATALOGUE[*i];
        regex.get().is_match(v).then_some(Found { label: format.label, provider: format.provider, secret: v })
    })
}

/// Whether `word`, found in `name` (any case; `-` is read as `_`) at `i`, counts: it must
/// start a word of the name (`OKTA` is not in `ROOKTABLE`), and words of up to 3 letters
/// (`DD`, `ADO`) must be whole words; longer ones may run on (`ALGOLIA` in `ALGOLIAKEY`).
fn name_has_at(name: &str, word: &str, i: usize) -> bool {
    let bytes = name.as_bytes();
    let sep = |b: u8| b == b'_' || b == b'-';
    let before = i == 0 || sep(bytes[i - 1]) || word.starts_with('_');
    let after = bytes.get(i + word.len()).is_none_or(|&b| sep(b));
    before && (word.ends_with('_') || word.len() > 3 || after)
}

/// Words that make a name public by design, whatever the shape of its value: a search-only
/// or publishable key, a site key, a browser (RUM) key, an id, a URL, or a build's version
/// or commit (`DD_VERSION` and `CF_PAGES_COMMIT_SHA` hold 40 hex, like some keys).
fn is_public_name(up: &str) -> bool {
    let public = |t: &str| {
        matches!(
            t,
            "SEARCH"
                | "SEARCHONLY"
                | "PUBLISHABLE"
                | "PUBLIC"
                | "PUB"
                | "ANON"
                | "SITE"
                | "SITEKEY"
                | "BROWSER"
                | "RUM"
                | "VERSION"
                | "RELEASE"
                | "COMMIT"
                | "SHA"
                | "REVISION"
                | "BUILD"
        )
    };
    let last = up.split('_').rfind(|t| !t.is_empty()).unwrap_or("");
    up.split('_').any(public)
        || matches!(last, "ID" | "IDS" | "URL" | "URI" | "HOST" | "DOMAIN" | "REGION" | "NAME" | "ENV" | "ENVIRONMENT")
}

/// Whether the whole value has a public-by-design shape (publishable keys, site keys, a
/// Supabase anon JWT, a Sentry DSN, …).
pub fn is_public_value(value: &str) -> bool {
    compiled().public.get().is_match(value) || is_anon_jwt(value)
}

fn is_anon_jwt(value: &str) -> bool {
    jwt_role(value).as_deref() == Some("anon")
}

/// Whether the value is a Google API key (`AIza…`), public or not depending on the API.
pub fn is_google_api_key(value: &str) -> bool {
    value.len() == 39
        && value.starts_with("AIza")
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A value (or a match) that only stands in for a secret: `AKIA` then sixteen `X`,
/// `ghp_xxxx…`, `…REPLACE…`, `your-…`, `<…>`, `${…}`, `{{…}}`, a long run of one character,
/// or a body of at most 3 distinct characters.
pub fn is_placeholder(s: &str) -> bool {
    let t = s.trim();
    let wrapped = |open: &str, close: &str| t.starts_with(open) && t.ends_with(close);
    if wrapped("<", ">") || wrapped("${", "}") || wrapped("{{", "}}") || has_angle_words(t) {
        return true;
    }
    let up = t.to_ascii_uppercase();
    if ["REPLACE", "YOUR_", "YOUR-", "YOURKEY", "YOURTOKEN", "CHANGEME", "CHANGE_ME", "PLACEHOLDER"]
        .iter()
        .any(|w| up.contains(w))
        || ["XXXX", "xxxx", "****", "EXAMPLE", "abcdef", "ABCDEF", "123456", "abc123"].iter().any(|w| t.contains(w))
        || up.ends_with("HERE")
    {
        return true;
    }
    // The body: what follows the last `_`, `-` or `.` of a short prefix, else the whole.
    let body =
        t.char_indices().take(16).filter(|(_, c)| matches!(c, '_' | '-' | '.')).last().map_or(t, |(i, _)| &t[i + 1..]);
    let body = if body.len() >= 8 { body } else { t };
    let mut seen = [false; 256];
    let mut distinct = 0;
    let mut run = 0usize;
    let mut longest = 0usize;
    let mut prev = 0u8;
    for b in body.bytes() {
        if !seen[b as usize] {
            seen[b as usize] = true;
            distinct += 1;
        }
        run = if b == prev { run + 1 } else { 1 };
        longest = longest.max(run);
        prev = b;
    }
    (body.len() >= 8 && distinct <= 3) || longest >= 8 || repeats_at_end(body)
}

/// Whether `s` holds a `<words like these>` template (letters, digits, spaces, `_`, `-`, `.`).
fn has_angle_words(s: &str) -> bool {
    s.match_indices('<').any(|(i, _)| {
        s[i + 1..].find('>').is_some_and(|j| {
            let inner = &s[i + 1..i + 1 + j];
            inner.len() >= 3
                && inner.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'_' | b'-' | b'.'))
        })
    })
}

/// Whether the last 16 characters repeat one chunk of at most 4 (`…12312312312312312`).
fn repeats_at_end(body: &str) -> bool {
    let b = body.as_bytes();
    if b.len() < 16 {
        return false;
    }
    let tail = &b[b.len() - 16..];
    (1..=4).any(|period| tail.iter().enumerate().skip(period).all(|(i, &c)| c == tail[i - period]))
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

/// Whether a key body follows a PEM header: at least 64 base64 characters before the next
/// `-----` (line breaks, written or as `\n`, are skipped). A header alone is a placeholder.
fn pem_has_body(after: &str) -> bool {
    let body = after.split("-----").next().unwrap_or("");
    let body = body.replace("\\n", "").replace("\\r", "");
    body.bytes().filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')).count() >= 64
        && !is_placeholder(body.trim())
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

    /// Varied letters and digits (a run of few distinct characters is a placeholder).
    fn filler(n: usize) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..n).map(|i| char::from(A[(i * 7 + i * i * 3 + 5) % A.len()])).collect()
    }

    #[test]
    fn all_patterns_compile() {
        let c = compiled();
        assert_eq!(c.marked.len() + c.named.len(), CATALOGUE.iter().filter(|f| f.class == Class::Secret).count());
        // Each is compiled on first use: here, all of them.
        for (_, lazy) in c.marked.iter().chain(&c.named) {
            lazy.get();
        }
        assert!(!c.public.get().is_empty() && !c.public_distinct.get().is_empty());
    }

    #[test]
    fn a_head_is_text_every_match_starts_with() {
        let head = literal_head;
        assert_eq!(head(r"\bsk_(?:test|live)_[0-9A-Za-z]{10,}\b"), Some(("sk_".into(), false)));
        assert_eq!(head(r"\bsk\.eyJ[A-Za-z0-9_-]{20,}"), Some(("sk.eyJ".into(), false)));
        assert_eq!(head(r"\baccess_token\$(?:production|sandbox)\$"), Some(("access_token$".into(), false)));
        assert_eq!(head(r"(?i)\bnpm_[a-z0-9]{36}\b"), Some(("npm_".into(), true)));
        assert_eq!(head(r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY"), Some(("-----BEGIN".into(), false)));
        // A character under ?, * or { may be absent; one under + is there at least once.
        assert_eq!(head(r"\babcd?e"), Some(("abc".into(), false)));
        assert_eq!(head(r"\bab+c"), Some(("ab".into(), false)));
        // No head: a top-level alternative, a group or class first, one character only.
        assert_eq!(head(r"\bsntrys_eyJ[A-Z]{40,}|\bsntryu_[a-f0-9]{64}\b"), None);
        assert_eq!(head(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"), None);
        assert_eq!(head(r"\b[MNO][A-Za-z0-9_-]{23,25}"), None);
        assert_eq!(head(r"\bx[0-9]"), None);
        assert!(top_level_alternation("a|b") && !top_level_alternation("(a|b)c") && !top_level_alternation(r"[|]\|x"));
    }

    #[test]
    fn every_headless_marked_format_has_needles_and_each_is_in_its_pattern() {
        let marked =
            |r: &str| CATALOGUE.iter().any(|f| f.regex == r && matches!(f.class, Class::Secret) && f.names.is_empty());
        for (regex, ci, any, all) in NEEDLES {
            assert!(marked(regex), "NEEDLES names a pattern that is no marked format (changed?): {regex}");
            assert!(literal_head(regex).is_none(), "has a head already: {regex}");
            assert!(!any.is_empty() || !all.is_empty(), "no needle: {regex}");
            // One pass for the first kind (texts of two characters or more: a single letter
            // would send nearly every value to the exact pattern); `contains` for the second,
            // case-sensitive.
            if all.is_empty() {
                assert!(any.iter().all(|n| n.len() >= 2 && (!ci || n.is_ascii())), "{regex}");
            } else {
                assert!(!ci, "{regex}");
            }
            // A needle is text the pattern spells out (case aside, for an ASCII case-insensitive one).
            let text = if *ci { regex.to_ascii_lowercase() } else { regex.to_string() };
            for n in any.iter().chain(*all) {
                let escaped = regex_syntax::escape(&if *ci { n.to_ascii_lowercase() } else { n.to_string() });
                assert!(text.contains(n) || text.contains(&escaped), "{n} is not in {regex}");
            }
        }
        // No marked format is left a candidate for every value.
        let gate = &compiled().gate;
        assert!(gate.both.iter().all(|(_, any, all)| !any.is_empty() || !all.is_empty()));
        assert!(gate.candidates("https://api.example.com/v1?region=eu-west-1").is_empty());
    }

    #[test]
    fn finds_prefixed_keys() {
        for (value, label) in [
            (format!("sk_live_{}", filler(30)), "a Stripe (or Clerk) secret key"),
            (format!("rk_test_{}", filler(30)), "a Stripe restricted key"),
            (format!("ghp_{}", filler(36)), "a GitHub token"),
            (format!("AKIA{}", filler(16).to_ascii_uppercase()), "an AWS access key id"),
            (format!("-----BEGIN RSA PRIVATE KEY-----\n{}", filler(64)), "a private key (PEM)"),
            (format!("postgres://app:{}@db.internal:5432/app", filler(12)), "a URL with credentials (user:pass@host)"),
        ] {
            let found = find_secret(&value).unwrap_or_else(|| panic!("{label} not found"));
            assert_eq!(found.label, label);
        }
    }

    #[test]
    fn literal_prefixes() {
        assert_eq!(literal_prefix(r"pk\.eyJ[A-Za-z0-9_-]{10,}"), 6);
        assert_eq!(literal_prefix(r"6L[0-9A-Za-z_-]{38}"), 2);
        assert_eq!(literal_prefix(r"(?:G|GTM)-[A-Z0-9]{4,}"), 0);
        assert_eq!(literal_prefix(r"0x4AAAAAAA[0-9A-Za-z_-]{6,}"), 10);
        assert_eq!(literal_prefix(r"ab?c"), 1);
        assert_eq!(literal_prefix(r"pub"), 3);
    }

    #[test]
    fn a_weak_public_shape_yields_to_the_providers_name() {
        // 40 alphanumerics is a Cohere key; `6L` and 38 more is also a reCAPTCHA site key.
        let alnum = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let body = |n: usize| (0..n).map(|i| alnum[(i * 7 + 3) % 62] as char).collect::<String>();
        let key = format!("6L{}", body(38));
        assert_eq!(key.len(), 40);
        assert!(is_public_value(&key));
        assert!(find_named_secret("COHERE_API_KEY", &key).is_some());
        // A distinctive public prefix still wins under a provider's name.
        let site = format!("0x4AAAAAAA{}", body(30));
        assert_eq!(site.len(), 40);
        assert!(find_named_secret("CF_TURNSTILE_KEY", &site).is_none());
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
