//! Policy rules beyond JSON Schema (DESIGN §3.3): URLs and ports, Stripe mode, secrets
//! leaking into client variables, typos and unknown names. `docs/rules.md` explains each
//! rule and the decisions taken where the design is silent.

pub mod leaks;
pub mod patterns;
mod plain_url;
pub mod stripe;
pub mod unknown;
pub mod url;

use crate::contract::{Contract, Profile};
use crate::input::{Env, Names};
use crate::problem::Problem;
use crate::redact::Redactor;

/// What the rules keep per contract, built once when it loads (`Contract::build`).
#[derive(Debug, Default)]
pub struct State {
    pub(crate) unknown: unknown::State,
}

impl State {
    pub fn new(contract: &Contract) -> Self {
        State { unknown: unknown::State::new(contract) }
    }
}

/// What every rule sees.
pub struct RuleContext<'a> {
    pub contract: &'a Contract,
    /// The raw environment.
    pub env: &'a Env,
    /// The environment checked for (e.g. `"production"`).
    pub environment: &'a str,
    pub profile: Option<&'a Profile>,
    /// The names of the checked variables.
    pub names: &'a Names<'a>,
    /// What is kept for this environment and contract between checks (`Contract::check_shared`).
    pub(crate) view: Option<&'a crate::envview::EnvView>,
}

/// Runs every policy rule, appending problems. Values a rule finds sensitive (a secret
/// found in a client variable, say) go to `redactor`, so no message can show them.
pub fn run<'a>(ctx: &RuleContext<'a>, problems: &mut Vec<Problem>, redactor: &mut Redactor<'a>) {
    url::check(ctx, problems, redactor);
    stripe::check(ctx, problems, redactor);
    leaks::check(ctx, problems, redactor);
    unknown::check(ctx, problems, redactor);
}
