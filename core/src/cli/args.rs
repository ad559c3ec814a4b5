//! The command line's arguments (clap derive). Flags are public API (DESIGN §7).

use crate::docs::DocsFormat;
use crate::render::Format;
use clap::{Args, Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  env-contract check --env-file .env --environment production
  env-contract check --env-json vercel-env.json --no-process-env --format github
  env-contract diff --env-file .env.example
  env-contract docs --format markdown --out ENV.md
  env-contract scan .next/static --env-file .env.production
  env-contract run -- uvicorn app.main:app --workers 4
  env-contract init --from .env.example

Exit codes: 0 pass, 1 errors, 2 warnings only (--strict: 1), 3 broken contract, usage error or unreadable file.";

/// Check an app's environment variables against a contract (env.contract.json) and refuse to
/// boot on a bad environment.
#[derive(Debug, Parser)]
#[command(name = "env-contract", version, after_help = EXAMPLES, arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the environment against the contract; print one line per variable and a summary.
    #[command(after_help = "\
Examples:
  env-contract check
  env-contract check --env-file .env --env-file .env.local --environment production
  env-contract check --env-json platform-export.json --no-process-env --format json

The environment is built from the --env-file files (later files win; a missing file is skipped
with a note), then --env-json, then the process environment on top (unless --no-process-env).
Values are literal (a `$` is part of the value) unless --env-expand.
Exit codes: 0 pass, 1 errors, 2 warnings only (--strict: 1), 3 broken contract, usage error or
unreadable file.")]
    Check(CheckArgs),
    /// Drift between an env file (a .env.example, a platform export) and the contract.
    #[command(after_help = "\
Examples:
  env-contract diff --env-file .env.example
  env-contract diff --env-json vercel-env.json --environment production
  vercel env ls production | awk 'NR>2 {print $1}' > names.txt
  env-contract diff --names names.txt --environment production

Lists the variables of the source that the contract does not declare (with \"did you mean\" for
near names) and the declared variables the source lacks, with what each lack means in the
--environment (\"required in environment production\"). Values are never printed.
Exit codes: 0 no drift, 1 drift, 3 broken contract, usage error or unreadable file.")]
    Diff(DiffArgs),
    /// Generate docs from the contract: a Markdown reference, a .env.example, TypeScript or Python
    /// types.
    #[command(after_help = "\
Examples:
  env-contract docs --out ENV.md
  env-contract docs --format env-example --out .env.example
  env-contract docs --format dts --out env.d.ts     # then: assertEnv<Env>()
  env-contract docs --format python --out env_types.py  # then: assert_env(typed=Env)
  env-contract docs --format dts --out env.d.ts --check # in CI: fails when stale")]
    Docs(DocsArgs),
    /// Search built client assets for secret values and secret patterns.
    #[command(after_help = "\
Examples:
  env-contract scan .next/static --env-file .env.production
  env-contract scan dist --contract env.contract.json

Looks for the values of the contract's x-secret variables present in the environment (values of
8 characters or more), and for well-known secret shapes (Stripe secret keys, AWS access keys,
GitHub/Slack/OpenAI/Anthropic tokens, private keys, database URLs with a password,
service_role JWTs). Reports the file and the variable (or the kind of secret), never the value.
Exit codes: 0 nothing found, 1 a secret found, 3 broken contract, usage error or unreadable directory.")]
    Scan(ScanArgs),
    /// Check, then replace this process with COMMAND only if the environment passes.
    #[command(after_help = "\
Examples:
  env-contract run -- uvicorn app.main:app --workers 4
  env-contract run --environment production -- node server.js

On success COMMAND runs with the environment unchanged (the --env-file files are only read for
the check, never passed on). On failure the report goes to stderr and the exit code is check's.")]
    Run(RunArgs),
    /// Infer a first contract from an example env file.
    #[command(after_help = "\
Examples:
  env-contract init                            # reads .env.example, writes env.contract.json
  env-contract init --from .env.local.example --out config/env.contract.json
  env-contract init --from .env.example --out -   # print the contract

Infers URLs (and their scheme families), ports, integers, numbers, booleans and the built-in
presets that fit (redis-url, port, log-level, node-env, sentry-dsn, stripe-*); marks secret-looking
names and connection URLs x-secret (never a client-prefixed one); keeps the comments above a line
and after it as its description; the example's values become `examples` (never a secret's).
Required everywhere: variables with a value that locate a service (URLs, hosts); required in
production: the secrets, except empty provider credentials. The file then passes:
`env-contract check --env-file FILE --no-process-env` reports no errors.")]
    Init(InitArgs),
}

/// Where the contract and the environment come from (check and run).
#[derive(Debug, Args)]
pub struct EnvArgs {
    /// The contract file.
    #[arg(long, value_name = "PATH", default_value = "env.contract.json")]
    pub contract: PathBuf,
    /// A dotenv file read as a base layer (repeatable; later files win).
    #[arg(long = "env-file", value_name = "PATH")]
    pub env_files: Vec<PathBuf>,
    /// A JSON object of strings (a hosting platform's export), over the env files.
    #[arg(long = "env-json", value_name = "PATH")]
    pub env_json: Option<PathBuf>,
    /// Do not put the process environment on top (nothing is read from it, not even by
    /// --env-expand).
    #[arg(long)]
    pub no_process_env: bool,
    /// Resolve $VAR, ${VAR}, ${VAR:-default} in the env files' values, inside the layered
    /// environment (values are literal without it).
    #[arg(long)]
    pub env_expand: bool,
    /// The environment to check for (beats x-environment-from), e.g. production.
    #[arg(long, value_name = "NAME")]
    pub environment: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub env: EnvArgs,
    /// The report format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Warnings fail too (exit 1 instead of 2).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("source").required(true).args(["env_file", "env_json", "names"]))]
pub struct DiffArgs {
    /// The contract file.
    #[arg(long, value_name = "PATH", default_value = "env.contract.json")]
    pub contract: PathBuf,
    /// A dotenv file to compare with the contract (a .env.example, a host's env file).
    #[arg(long = "env-file", value_name = "PATH")]
    pub env_file: Option<PathBuf>,
    /// A JSON object of strings to compare with the contract (a platform's export).
    #[arg(long = "env-json", value_name = "PATH")]
    pub env_json: Option<PathBuf>,
    /// A list of variable names, one per line (what `vercel env ls` or `fly secrets list` show
    /// without values); `#` comments and blank lines are ignored.
    #[arg(long, value_name = "PATH")]
    pub names: Option<PathBuf>,
    /// Judge what is missing by what this environment's profile requires, e.g. production.
    #[arg(long, value_name = "NAME")]
    pub environment: Option<String>,
}

#[derive(Debug, Args)]
pub struct DocsArgs {
    /// The contract file.
    #[arg(long, value_name = "PATH", default_value = "env.contract.json")]
    pub contract: PathBuf,
    /// What to generate.
    #[arg(long, value_enum, default_value_t)]
    pub format: DocsFormat,
    /// Write to this file instead of stdout.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Write nothing: exit 1 when the file of --out differs from what would be generated.
    #[arg(long, requires = "out")]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// The directory of built client assets (e.g. .next/static, dist).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The contract file (its x-secret variables are searched for). Without it, and when
    /// ./env.contract.json does not exist, only secret patterns are searched for.
    #[arg(long, value_name = "PATH")]
    pub contract: Option<PathBuf>,
    /// A dotenv file holding the secret values (repeatable; later files win).
    #[arg(long = "env-file", value_name = "PATH")]
    pub env_files: Vec<PathBuf>,
    /// Do not take secret values from the process environment.
    #[arg(long)]
    pub no_process_env: bool,
    /// Resolve $VAR, ${VAR}, ${VAR:-default} in the env files' values (literal without it).
    #[arg(long)]
    pub env_expand: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// check's options (the report goes to stderr, so COMMAND keeps stdout to itself).
    #[command(flatten)]
    pub check: CheckArgs,
    /// The command to run, after `--`.
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The example file to infer from.
    #[arg(long, value_name = "FILE", default_value = ".env.example")]
    pub from: PathBuf,
    /// Where to write the contract (`-` for stdout).
    #[arg(long, value_name = "PATH", default_value = "env.contract.json")]
    pub out: PathBuf,
    /// Overwrite --out if it exists.
    #[arg(long)]
    pub force: bool,
}
