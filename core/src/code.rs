//! The stable problem codes (DESIGN §4) and severities. Every front prints these strings
//! and never invents its own.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A stable problem code. The kebab-case string is the public name (also its `Debug` form).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    Missing,
    Type,
    TooShort,
    TooLong,
    Pattern,
    Format,
    Enum,
    Const,
    Range,
    UrlInvalid,
    UrlScheme,
    UrlPort,
    UrlHost,
    UrlLocalhost,
    UrlCredentials,
    StripeKeyKind,
    StripeModeMismatch,
    StripeModeEnvironment,
    ClientSecretLeak,
    ClientSecretName,
    UnknownVar,
    Deprecated,
    Schema,
}

impl Code {
    /// Every code, in the order of DESIGN §4.
    pub const ALL: [Code; 23] = [
        Code::Missing,
        Code::Type,
        Code::TooShort,
        Code::TooLong,
        Code::Pattern,
        Code::Format,
        Code::Enum,
        Code::Const,
        Code::Range,
        Code::UrlInvalid,
        Code::UrlScheme,
        Code::UrlPort,
        Code::UrlHost,
        Code::UrlLocalhost,
        Code::UrlCredentials,
        Code::StripeKeyKind,
        Code::StripeModeMismatch,
        Code::StripeModeEnvironment,
        Code::ClientSecretLeak,
        Code::ClientSecretName,
        Code::UnknownVar,
        Code::Deprecated,
        Code::Schema,
    ];

    /// The public kebab-case name, e.g. `"too-short"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::Missing => "missing",
            Code::Type => "type",
            Code::TooShort => "too-short",
            Code::TooLong => "too-long",
            Code::Pattern => "pattern",
            Code::Format => "format",
            Code::Enum => "enum",
            Code::Const => "const",
            Code::Range => "range",
            Code::UrlInvalid => "url-invalid",
            Code::UrlScheme => "url-scheme",
            Code::UrlPort => "url-port",
            Code::UrlHost => "url-host",
            Code::UrlLocalhost => "url-localhost",
            Code::UrlCredentials => "url-credentials",
            Code::StripeKeyKind => "stripe-key-kind",
            Code::StripeModeMismatch => "stripe-mode-mismatch",
            Code::StripeModeEnvironment => "stripe-mode-environment",
            Code::ClientSecretLeak => "client-secret-leak",
            Code::ClientSecretName => "client-secret-name",
            Code::UnknownVar => "unknown-var",
            Code::Deprecated => "deprecated",
            Code::Schema => "schema",
        }
    }

    /// Parses a public name back into a code.
    pub fn parse(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a problem is: errors fail the check, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// Every severity (`crate::enums` gives the bindings their names).
    pub const ALL: [Severity; 2] = [Severity::Error, Severity::Warning];

    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
