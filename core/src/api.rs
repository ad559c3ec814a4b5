//! The JSON boundary of the JavaScript fronts (the Node addon and the WebAssembly build): a
//! check or a docs request in as JSON text, the answer out as JSON text, so one call is one
//! crossing, and both fronts share every conversion and every decision below. The JS layer
//! (`bindings-node/index.js`) only builds the request and turns the answer into its classes.
//!
//! Request (camelCase): `contract` (`{"path": …}`, `{"text": …}` or `{"id": …}`: the
//! `contractId` an earlier answer gave for that text, [`cache::load_text_with_id`]), `env` (an object of
//! strings; absent: the process environment, read natively), `envFiles`, `envExpand`,
//! `environment`, `phase`, `values` (send the typed values back), `skip` (the value of
//! `ENV_CONTRACT_SKIP` the front sees), `printWarnings` (the startup log lines include the
//! warnings: no callback takes them), `log`, `logFormat`, `logFormatEnv` (send the startup log
//! lines back, in the option's format or that of `ENV_CONTRACT_LOG_FORMAT`: [`crate::log`]),
//! `files` (the files the front read for core, when it cannot read them itself: [`crate::files`]),
//! `valuesKept` (with `values`: the `valuesId` of the values the front holds), `envId` (in
//! place of a packed env: the `envId` an earlier answer gave for the one the front sent then,
//! which it knows is unchanged).
//!
//! Answer: `{report, values?, secret?, nested?, mask?, summary?, skipped, notice, log, ready?,
//! contractId?, valuesId?, envId?}` (or
//! `{ready}` alone for a readiness request whose contract is broken) or a failure tagged by
//! `error` (`contract`, `env-file`, `env-type`, `request`, `stale-contract`: an id the cache
//! has forgotten, so the front sends the text again; `stale-env`: an `envId` that no longer
//! names the packed env core keeps, so the front sends the env again), each with the
//! `display` text to raise. `secret`, `nested` and `mask` come with `values`: the names whose values print
//! masked, the names whose values are lists or objects (what a deep freeze walks), and the mask
//! (`Values::secret_names`, `redact::MASK`); `valuesId` names those values, and all four are
//! left out when they are the ones `valuesKept` names (the front returns its own again:
//! [`SENT_VALUES`]). A request with `files` may be answered
//! `{"need": [path, …]}` instead: the paths core needs and was not given (a contract it takes
//! in, or where a path really leads); the front reads them and sends the request again with
//! them added to `files`.

use crate::check::{CheckOptions, Env, Phase};
use crate::docs::DocsFormat;
use crate::envfile::{self, EnvFileError, Sources, Top};
use crate::error::ContractError;
use crate::files::{self, HostFile};
use crate::log::{self, LogFormat};
use crate::problem::Report;
use crate::sent::{Named, Sent};
use crate::{Contract, cache, ready, render, skip};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// Where the contract comes from: `{"path": …}` (relative to the working directory),
/// `{"text": …}` (a contract object, serialised by the JS layer) or `{"id": …}` (the
/// `contractId` of an earlier answer for a text: the JS layer sends it for an object it has
/// serialised and frozen, so a warm check does not serialise, parse or hash the contract again).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum ContractSource {
    Path(String),
    Text(String),
    Id(u64),
}

impl ContractSource {
    fn label(&self) -> String {
        render::contract_label(match self {
            ContractSource::Path(p) => Some(p),
            ContractSource::Text(_) | ContractSource::Id(_) => None,
        })
    }

    /// The compiled contract, and the id of its text when it was given as one.
    fn load(&self) -> Result<(Arc<Contract>, Option<u64>), Failure> {
        match self {
            ContractSource::Path(path) => Ok((cache::load_path(std::path::Path::new(path))?, None)),
            ContractSource::Text(text) => {
                cache::load_text_with_id(text).map(|(id, c)| (c, Some(id))).map_err(Into::into)
            }
            ContractSource::Id(id) => {
                cache::load_id(*id).map(|c| (c, Some(*id))).ok_or_else(|| Failure::StaleContract {
                    display: "env-contract: the contract cache no longer holds this contract id".to_string(),
                })
            }
        }
    }
}

/// One check, as a JS front asks for it. (Its flags are the request's JSON fields: independent
/// switches, not states.)
#[derive(Deserialize)]
#[allow(clippy::struct_excessive_bools)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CheckRequest {
    contract: ContractSource,
    #[serde(default)]
    env: Option<Map<String, Value>>,
    #[serde(default)]
    env_files: Vec<String>,
    #[serde(default)]
    env_expand: bool,
    #[serde(default)]
    environment: Option<String>,
    #[serde(default)]
    phase: Phase,
    #[serde(default)]
    values: bool,
    #[serde(default)]
    skip: Option<String>,
    #[serde(default)]
    print_warnings: bool,
    /// Send the startup log lines back ([`Done::log`]; `assertEnv` with a logger).
    #[serde(default)]
    log: bool,
    /// The front's `logFormat` option, when given (it beats `logFormatEnv`).
    #[serde(default)]
    log_format: Option<String>,
    /// The value of `ENV_CONTRACT_LOG_FORMAT` the front sees.
    #[serde(default)]
    log_format_env: Option<String>,
    /// Answer with the readiness endpoint's status and body ([`Done::ready`]; a broken contract
    /// is then a readiness answer too, not a failure).
    #[serde(default)]
    ready: bool,
    /// The files the front read for core (the WebAssembly build): core reads nothing else.
    #[serde(default)]
    files: Option<Vec<HostFile>>,
    /// With `values`: the `valuesId` of the values the front holds, built from an earlier
    /// answer ([`Done::values_id`]).
    #[serde(default)]
    values_kept: Option<u64>,
    /// In place of a packed env: the `envId` of an earlier answer ([`Done::env_id`]).
    #[serde(default)]
    env_id: Option<u64>,
}

/// The paths a hosted request needs before it can be answered (module docs).
#[derive(Serialize)]
struct Need {
    need: Vec<String>,
}

/// Runs `f` over the request's files when it has some (`Err`: the paths still needed).
fn over_files<T>(given: Option<Vec<HostFile>>, f: impl FnOnce() -> T) -> Result<T, Need> {
    match given {
        None => Ok(f()),
        Some(given) => match files::hosted(given, f) {
            (out, needed) if needed.is_empty() => Ok(out),
            (_, need) => Err(Need { need }),
        },
    }
}

/// The answer to a check that ran.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Done {
    report: Report,
    /// Written after the rest by [`Done::into_json`] (`values_json`), not by serde.
    #[serde(skip)]
    values: Option<crate::problem::Values>,
    /// With `values`: the names whose values print as `mask` (`Values::secret_names`, sorted),
    /// written with the values (from them: no copy of each name). The front keeps reads real
    /// and masks only what prints the whole object.
    /// With `values`: the names whose values are lists or objects, in name order: a front that
    /// freezes the values deeply walks only these (every other value is a string, number or
    /// boolean).
    #[serde(skip_serializing_if = "Option::is_none")]
    nested: Option<Vec<String>>,
    /// With `values`: [`crate::redact::MASK`], the text that stands in for a secret value.
    #[serde(skip_serializing_if = "Option::is_none")]
    mask: Option<&'static str>,
    /// The message of `EnvContractError` when the report has errors and the call is not
    /// skipped ([`render::failure_summary`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    /// `ENV_CONTRACT_SKIP` is on: the caller returns the values instead of failing.
    skipped: bool,
    /// Lines for the front to print as one warning (its console): the env files' warnings and
    /// the skip notice. Never holds a value.
    notice: Vec<String>,
    /// The startup log lines ([`crate::log::startup_lines`]) not logged before by this process,
    /// with `log` (and not skipped): the front hands each to its logger at its level.
    log: Vec<log::Line>,
    /// With `ready`: the readiness endpoint's answer ([`crate::ready`]), `skip` applying as
    /// for `assertEnv` (degraded, `"skipped": true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    ready: Option<ready::Readiness>,
    /// For a contract given as text or id: the id to send instead of the text next time.
    #[serde(skip_serializing_if = "Option::is_none")]
    contract_id: Option<u64>,
    /// With `values`: the id of these values and their `secret` names ([`SENT_VALUES`]).
    /// Absent `values` with an id the request gave as `valuesKept`: they are the ones the front
    /// holds, which it returns again.
    #[serde(skip_serializing_if = "Option::is_none")]
    values_id: Option<u64>,
    /// The request's `valuesKept`, read by [`Done::into_json`].
    #[serde(skip)]
    values_kept: Option<u64>,
    /// For a packed env (or one named by its id): the id to send in its place while the front
    /// knows the env is unchanged ([`unpack_env_shared`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    env_id: Option<u64>,
}

/// The answer to a readiness request whose contract is broken.
#[derive(Serialize)]
struct ReadyOnly {
    ready: ready::Readiness,
}

/// A failure other than an invalid environment (which is a report, not a failure).
#[derive(Serialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum Failure {
    /// A broken contract: `{kind, message, location}` plus the text to raise.
    Contract {
        #[serde(flatten)]
        detail: Box<ContractError>,
        display: String,
    },
    /// A dotenv file that exists but cannot be read or parsed. Never holds a value.
    EnvFile { path: String, message: String, display: String, lines: Vec<EnvFileLine> },
    /// An `env` object whose values are not all strings.
    EnvType { display: String },
    /// A request no front should send (a bug in the package, not the user's fault).
    Request { display: String },
    /// A `{"id": …}` contract the cache no longer holds (it started over): the front sends
    /// the text again.
    StaleContract { display: String },
    /// An `envId` other than the packed env core keeps (another env was packed since): the
    /// front sends the env again.
    StaleEnv { display: String },
}

/// A line of an env file that cannot be parsed.
#[derive(Serialize)]
pub struct EnvFileLine {
    line: usize,
    column: usize,
    message: String,
}

impl From<ContractError> for Failure {
    fn from(detail: ContractError) -> Self {
        let display = render::contract_failure(&detail);
        Failure::Contract { detail: Box::new(detail), display }
    }
}

impl From<EnvFileError> for Failure {
    fn from(error: EnvFileError) -> Self {
        Failure::EnvFile {
            path: error.path.display().to_string(),
            message: error.message.clone(),
            display: render::env_file_failure(&error),
            lines: error
                .lines
                .iter()
                .map(|l| EnvFileLine { line: l.line, column: l.column, message: l.message.clone() })
                .collect(),
        }
    }
}

fn parse<T: DeserializeOwned>(json: &str) -> Result<T, Failure> {
    serde_json::from_str(json)
        .map_err(|e| Failure::Request { display: format!("env-contract: malformed request from the JS layer: {e}") })
}

impl Done {
    /// The answer as JSON, `values` and `secret` last: the rest through serde, these two
    /// written by [`values_json`] and [`json_string`], and left out when they are the ones the
    /// request says the front holds ([`SENT_VALUES`]).
    fn into_json(mut self) -> String {
        let Some(values) = self.values.take() else { return to_json(&self) };
        let values = match SENT_VALUES.name(values, self.values_kept) {
            Named::Held(id) => {
                // The front's own: nothing that comes with the values is sent again.
                self.values_id = Some(id);
                self.nested = None;
                self.mask = None;
                return to_json(&self);
            }
            Named::Send(id, values) => {
                self.values_id = Some(id);
                values
            }
        };
        let mut out = to_json(&self);
        if out.ends_with('}') {
            out.pop();
            out.push_str(if out.ends_with('{') { "\"values\":" } else { ",\"values\":" });
            values_json(&mut out, &values);
            out.push_str(",\"secret\":[");
            for (i, name) in values.secret_names().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(&mut out, name);
            }
            out.push_str("]}");
        }
        out
    }
}

/// The last values this process sent a JS front, and their id ([`crate::sent`]). A front
/// builds, freezes and masks an object from each values text it is sent, keeps the last one
/// with its id and says so in the next request (`valuesKept`); when a check's values are those
/// again, the answer gives the id alone and the front returns that object again.
static SENT_VALUES: Sent = Sent::new();

/// A string in JSON: as it is, in quotes, when JSON escapes nothing in it (checked 8 bytes at a
/// time), else by `serde_json`.
fn json_string(out: &mut String, s: &str) {
    if crate::render::json_escapes_nothing(s) {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        // A string always serialises.
        out.push_str(&serde_json::to_string(s).unwrap_or_default());
    }
}

/// The values as the JSON object a front returns (it masks the `secret` names itself), in name
/// order. Names and string values that JSON escapes nothing in (nearly all: a quote, a
/// backslash or a control character is rare in an environment) are copied as they are, found
/// 8 bytes at a time; anything else is written by `serde_json`, so the text is the same as its.
fn values_json(out: &mut String, values: &crate::problem::Values) {
    out.reserve(64 * values.slots.len());
    out.push('{');
    for (i, (name, value)) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json_string(out, name);
        out.push(':');
        match value {
            Value::String(s) => json_string(out, s),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            other => {
                use std::fmt::Write;
                let _ = write!(out, "{other}");
            }
        }
    }
    out.push('}');
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Our answers always serialise (string keys, no non-finite floats from core).
    serde_json::to_string(value).unwrap_or_else(|_| {
        r#"{"error":"request","display":"env-contract: internal error: an answer did not serialise"}"#.to_string()
    })
}

fn to_env(given: Map<String, Value>) -> Result<Env, Failure> {
    let mut env = crate::input::env_with_capacity(given.len());
    for (k, v) in given {
        let Value::String(s) = v else {
            return Err(Failure::EnvType { display: format!("env-contract: options.env.{k} must be a string") });
        };
        env.insert(k, s);
    }
    Ok(env)
}

/// The environment as a JS front packs it: `name\0value\0` for each variable, in one string
/// (cheaper than JSON on both sides; no name or value of a real environment holds a NUL, and
/// the JS layer sends JSON when one does).
pub fn unpack_env(packed: &str) -> Option<Env> {
    let mut parts = packed.split('\0');
    let mut env = crate::input::env_with_capacity(packed.len() / 32);
    while let Some(name) = parts.next() {
        let Some(value) = parts.next() else {
            return name.is_empty().then_some(env); // the final separator, or a malformed tail
        };
        env.insert(name.to_owned(), value.to_owned());
    }
    Some(env)
}

/// The last packed env: its text, its map and the id it is known by.
static LAST_PACKED: Mutex<Option<(String, Arc<Env>, u64)>> = Mutex::new(None);

/// [`unpack_env`], unpacked again only when the text differs from the last one's: a warm check
/// from one env object (`validateEnv({ env })` in a loop, a Worker's bindings) sends the same
/// text each call, and comparing it costs a fraction of building the map (an allocation for
/// each name and value, freed after the check). One text is kept, whatever its size, under an
/// id: a front that knows its env object is unchanged since (the JS layer compares it in place)
/// sends that id instead ([`packed_env_by_id`]), and the text neither crosses into core nor is
/// compared (at 100 variables, about 5 kB turned into UTF-8 and copied on every call). Equal
/// texts keep their id; any other text takes a new one, so an id stands for one text.
fn unpack_env_shared(packed: &str) -> Option<(Arc<Env>, u64)> {
    let mut last = LAST_PACKED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, env, id)) = last.as_ref().filter(|(text, _, _)| text == packed) {
        return Some((Arc::clone(env), *id));
    }
    let env = Arc::new(unpack_env(packed)?);
    let id = last.as_ref().map_or(1, |(_, _, id)| id + 1);
    *last = Some((packed.to_owned(), Arc::clone(&env), id));
    Some((env, id))
}

/// The packed env kept under `id`, when it is still the one kept.
fn packed_env_by_id(id: u64) -> Option<Arc<Env>> {
    let last = LAST_PACKED.lock().unwrap_or_else(PoisonError::into_inner);
    last.as_ref().filter(|(_, _, kept)| *kept == id).map(|(_, env, _)| Arc::clone(env))
}

/// The warnings this process has printed through [`Done::notice`]: each is printed once (Next.js
/// evaluates its config several times in one build).
fn printed() -> std::sync::MutexGuard<'static, Printed> {
    static PRINTED: OnceLock<Mutex<Printed>> = OnceLock::new();
    PRINTED.get_or_init(Mutex::default).lock().unwrap_or_else(PoisonError::into_inner)
}

#[derive(Default)]
struct Printed {
    lines: HashSet<String>,
    /// What the last startup lines were made from (the report, the contract's label, the
    /// format, `printWarnings`): each of them is in `lines` since. The same four make the
    /// same lines, every one printed already, so a warm `assertEnv` makes none; formatting
    /// them to find each printed was 3 % of one at N = 100.
    last_logged: Option<(Report, String, LogFormat, bool)>,
}

impl Printed {
    /// The startup lines of this check not printed before, now remembered as printed.
    fn startup_lines(&mut self, report: &Report, label: &str, format: LogFormat, warnings: bool) -> Vec<log::Line> {
        let same = |(r, l, f, w): &(Report, String, LogFormat, bool)| {
            *f == format && *w == warnings && l == label && r == report
        };
        if self.last_logged.as_ref().is_some_and(same) {
            return Vec::new();
        }
        let lines = log::startup_lines(report, label, format, warnings)
            .into_iter()
            .filter(|l| self.lines.insert(l.text.clone()))
            .collect();
        self.last_logged = Some((report.clone(), label.to_string(), format, warnings));
        lines
    }
}

fn run_check(request: CheckRequest, packed_env: Option<&str>) -> Result<Done, Failure> {
    let (given, env_id) = match (packed_env, request.env_id) {
        (Some(packed), _) => {
            let (env, id) = unpack_env_shared(packed).ok_or_else(|| Failure::Request {
                display: "env-contract: malformed env from the JS layer".to_string(),
            })?;
            (Some(env), Some(id))
        }
        (None, Some(id)) => {
            let env = packed_env_by_id(id).ok_or_else(|| Failure::StaleEnv {
                display: "env-contract: core no longer holds the env of this id".to_string(),
            })?;
            (Some(env), Some(id))
        }
        (None, None) => (request.env.map(to_env).transpose()?.map(Arc::new), None),
    };
    let (contract, contract_id) = request.contract.load()?;
    let top = given.map_or(Top::Process, Top::Given);
    let files = request.env_files.iter().map(PathBuf::from).collect();
    let built = envfile::layer(Sources { files, json: None, top, expand: request.env_expand })?;
    if files::pending() {
        // A hosted call that needs more files: its answer is thrown away, so it prints nothing
        // (the once-per-process lines below stay for the call that is answered).
        return Err(Failure::Request { display: String::new() });
    }
    let options = CheckOptions { environment: request.environment, phase: request.phase, report_only: !request.values };
    let outcome = contract.check_shared(&built.env, &options);
    let report = outcome.report;
    let label = request.contract.label();
    let skipped = skip::requested(request.skip.as_deref()) && (request.values || request.ready);
    let summary = (!report.ok && !skipped).then(|| render::failure_summary(&report, &label));
    let log_format = if request.log {
        LogFormat::resolve(request.log_format.as_deref(), request.log_format_env.as_deref())
            .map_err(|e| Failure::Request { display: format!("env-contract: options.{e}") })?
    } else {
        LogFormat::Text
    };
    let mut notice = Vec::new();
    let mut log = Vec::new();
    {
        let mut printed = printed();
        // The env files' warnings (a key set twice) whatever `printWarnings` says: they have
        // no callback of their own.
        notice.extend(
            built
                .warnings
                .iter()
                .map(|w| format!("env-contract: warning: {w}"))
                .filter(|l| printed.lines.insert(l.clone())),
        );
        if skipped && request.values {
            notice.extend(skip::notice(&report, &label));
        } else if request.log && request.values {
            // Each line at most once per process: Next.js evaluates its config several times.
            log = printed.startup_lines(&report, &label, log_format, request.print_warnings);
        }
    }
    let (values, nested) = match request.values.then_some(outcome.values) {
        Some(values) => {
            let nested = values.nested_names().map(str::to_string).collect();
            (Some(values), Some(nested))
        }
        None => (None, None),
    };
    let mask = values.as_ref().map(|_| crate::redact::MASK);
    let ready = request.ready.then(|| ready::of_report(&report, skipped));
    Ok(Done {
        report,
        values,
        nested,
        mask,
        summary,
        skipped,
        notice,
        log,
        ready,
        contract_id,
        values_id: None,
        values_kept: request.values_kept,
        env_id,
    })
}

/// Checks an environment: `request` is the JSON described in the module docs, `packed_env`
/// (when given) the environment packed by [`unpack_env`]'s rule, in place of `request.env`.
/// Never panics across the boundary: a panic answers with [`crate::panic::MESSAGE`].
pub fn check_json(request: &str, packed_env: Option<&str>) -> String {
    let run = || -> Result<String, Failure> {
        let mut request: CheckRequest = parse(request)?;
        let readiness = request.ready;
        let given = request.files.take();
        Ok(match over_files(given, || run_check(request, packed_env)) {
            Err(need) => to_json(&need),
            Ok(Ok(done)) => done.into_json(),
            Ok(Err(Failure::Contract { detail, .. })) if readiness => {
                to_json(&ReadyOnly { ready: ready::of_contract_error(&detail) })
            }
            Ok(Err(failure)) => to_json(&failure),
        })
    };
    match crate::panic::guard(run) {
        Ok(Ok(answer)) => answer,
        Ok(Err(failure)) => to_json(&failure),
        Err(internal) => to_json(&Failure::Request { display: internal.to_string() }),
    }
}

/// A docs rendering request.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DocsRequest {
    contract: ContractSource,
    format: DocsFormat,
    #[serde(default)]
    files: Option<Vec<HostFile>>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

/// Renders a contract's docs: `{"contract": …, "format": "markdown" | "env-example" | "dts"}`
/// in, `{"text": …}` or a failure out.
pub fn render_docs_json(request: &str) -> String {
    let run = || -> Result<String, Failure> {
        let mut request: DocsRequest = parse(request)?;
        let given = request.files.take();
        match over_files(given, || request.contract.load()) {
            Err(need) => Ok(to_json(&need)),
            Ok(loaded) => {
                let (contract, _) = loaded?;
                Ok(to_json(&Text { text: crate::docs::render(&contract, request.format) }))
            }
        }
    };
    match crate::panic::guard(run) {
        Ok(Ok(text)) => text,
        Ok(Err(failure)) => to_json(&failure),
        Err(internal) => to_json(&Failure::Request { display: internal.to_string() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_values_are_written_as_serde_json_writes_them() {
        // Every byte that JSON escapes, at each place of an 8-byte word and across two, in names and values,
        // beside the other kinds a value can have.
        let mut texts = vec![String::new(), "plain".to_string(), "é ünïcode ✓ 𝄞".to_string(), "x".repeat(40)];
        for special in ['"', '\\', '\n', '\t', '\u{0}', '\u{1f}', '\u{7f}'] {
            for at in [0, 7, 15, 16, 31] {
                let mut t = "a".repeat(at);
                t.push(special);
                t.push_str("tail");
                texts.push(t);
            }
        }
        let mut entries: Vec<(String, Value)> = texts
            .iter()
            .enumerate()
            .flat_map(|(i, t)| [(format!("N{i:03}{t}"), Value::String(t.clone())), (format!("V{i:03}"), json!(t))])
            .collect();
        entries.push(("W_NUM".into(), json!(-12.5)));
        entries.push(("W_INT".into(), json!(6432)));
        entries.push(("W_BOOL".into(), json!(true)));
        entries.push(("W_LIST".into(), json!(["a\"b", 1, null])));
        entries.push(("W_OBJ".into(), json!({"k\\": {"n": [false]}})));
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let names: Arc<[String]> = entries.iter().map(|(k, _)| k.clone()).chain(["Z_UNSET".to_string()]).collect();
        let mut values: Vec<Option<Value>> = entries.iter().map(|(_, v)| Some(v.clone())).collect();
        values.push(None);
        let values = crate::problem::Values { names, slots: values, secret: Vec::new(), home: None };
        let mut out = String::new();
        values_json(&mut out, &values);
        assert_eq!(out, serde_json::to_string(&values.to_map()).unwrap());
        assert!(!out.contains("Z_UNSET"), "a variable without a value is left out");
    }

    #[test]
    fn a_packed_env_unpacks_and_a_malformed_one_is_refused() {
        let env = unpack_env("A\0x\0B\0\0").unwrap();
        assert_eq!(env.get("A").map(String::as_str), Some("x"));
        assert_eq!(env.get("B").map(String::as_str), Some(""));
        assert!(unpack_env("").unwrap().is_empty());
        assert!(unpack_env("A\0x\0B").is_none());
    }

    /// The same text gives back the same map; any other text, its own.
    #[test]
    fn a_packed_env_sent_again_is_not_unpacked_again() {
        let _serial = crate::cache::TEST_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        let (first, id) = unpack_env_shared("A\0x\0B\0y\0").unwrap();
        let (again, same) = unpack_env_shared(&format!("A\0x\0{}", "B\0y\0")).unwrap();
        assert!(Arc::ptr_eq(&first, &again) && same == id, "the same text: the same map and id");
        assert!(packed_env_by_id(id).is_some_and(|env| Arc::ptr_eq(&env, &first)));
        let mut ids = vec![id];
        for (packed, b) in [("A\0x\0B\0z\0", "z"), ("A\0x\0B\0y\0C\0\0", "y"), ("A\0x\0B\0yy\0", "yy")] {
            let (env, id) = unpack_env_shared(packed).unwrap();
            assert!(!Arc::ptr_eq(&first, &env), "{packed:?}");
            assert_eq!(*env, unpack_env(packed).unwrap());
            assert_eq!(env.get("B").map(String::as_str), Some(b));
            assert!(!ids.contains(&id), "another text, another id");
            ids.push(id);
        }
        assert!(packed_env_by_id(ids[0]).is_none(), "an id stands for the text kept, no other");
        assert!(packed_env_by_id(ids[3]).is_some());
        assert!(unpack_env_shared("A\0x\0B").is_none());
    }

    #[test]
    fn a_failing_check_answers_with_the_summary_and_a_skipped_one_with_the_notice() {
        let _serial = crate::cache::TEST_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        let contract = r#"{"type":"object","required":["PORT"],"properties":{"PORT":{"$ref":"env-contract:port"}}}"#;
        let request = serde_json::json!({"contract": {"text": contract}, "env": {}, "values": true});
        let out: Value = serde_json::from_str(&check_json(&request.to_string(), None)).unwrap();
        assert_eq!(out["report"]["ok"], false);
        let summary = out["summary"].as_str().unwrap();
        assert!(summary.starts_with("env-contract: the environment does not meet the contract given as an object"));
        assert!(summary.contains("\n  - [FAIL] PORT missing: "), "{summary}");

        let mut skipped = request.clone();
        skipped["skip"] = "YES".into();
        let out: Value = serde_json::from_str(&check_json(&skipped.to_string(), None)).unwrap();
        assert_eq!(out["skipped"], true);
        assert!(out.get("summary").is_none());
        let notice = out["notice"].as_array().unwrap();
        assert!(notice[0].as_str().unwrap().contains("ENV_CONTRACT_SKIP is set"));
        assert!(notice[1].as_str().unwrap().contains("[FAIL] PORT missing"));
    }

    #[test]
    fn a_check_with_log_answers_with_the_startup_lines_once_per_process() {
        let _serial = crate::cache::TEST_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        let contract = r#"{"type":"object","required":["LOG_T"],"properties":{"LOG_T":{"type":"string"}}}"#;
        let request = serde_json::json!({"contract": {"text": contract}, "env": {}, "values": true, "log": true,
            "logFormatEnv": "json", "environment": "log-test-1"});
        let out: Value = serde_json::from_str(&check_json(&request.to_string(), None)).unwrap();
        let log = out["log"].as_array().unwrap();
        assert_eq!(log.len(), 2, "{out}");
        assert_eq!(log[1]["level"], "error");
        let line: Value = serde_json::from_str(log[1]["text"].as_str().unwrap()).unwrap();
        assert_eq!((&line["var"], &line["code"]), (&"LOG_T".into(), &"missing".into()));
        let again: Value = serde_json::from_str(&check_json(&request.to_string(), None)).unwrap();
        assert_eq!(again["log"], serde_json::json!([]));
        // Another format makes its own lines once; back to JSON, whose lines were all printed
        // (made again, as the last lines made were the text ones), none.
        let mut text = request.clone();
        text["logFormat"] = "text".into();
        let lines = |request: &Value| -> Vec<String> {
            let out: Value = serde_json::from_str(&check_json(&request.to_string(), None)).unwrap();
            out["log"].as_array().unwrap().iter().map(|l| l["text"].as_str().unwrap().to_string()).collect()
        };
        let text_lines = lines(&text);
        assert_eq!(text_lines.len(), 2);
        assert!(text_lines[1].contains("[FAIL] LOG_T missing"), "{text_lines:?}");
        assert!(lines(&text).is_empty());
        assert!(lines(&request).is_empty());
        // A new report (LOG_T set): its head line only; its problems' lines were printed.
        let mut set = request.clone();
        set["env"] = serde_json::json!({"LOG_T": "x"});
        assert_eq!(lines(&set).len(), 1);
        assert!(lines(&set).is_empty());
        let mut bad = request.clone();
        bad["logFormat"] = "xml".into();
        let out: Value = serde_json::from_str(&check_json(&bad.to_string(), None)).unwrap();
        assert_eq!(out["error"], "request");
        assert!(out["display"].as_str().unwrap().contains("options.logFormat must be one of"), "{out}");
    }

    #[test]
    fn a_readiness_request_answers_with_status_and_body_even_for_a_broken_contract() {
        let _serial = crate::cache::TEST_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        let contract = r#"{"type":"object","required":["RDY"],"properties":{"RDY":{"type":"string","x-secret":true}}}"#;
        let request = serde_json::json!({"contract": {"text": contract}, "env": {}, "ready": true});
        let out: Value = serde_json::from_str(&check_json(&request.to_string(), None)).unwrap();
        assert_eq!(out["ready"]["status"], 503);
        assert_eq!(
            out["ready"]["body"]["problems"][0],
            serde_json::json!({"var": "RDY", "code": "missing", "severity": "error"})
        );
        let mut skipped = request.clone();
        skipped["skip"] = "1".into();
        let out: Value = serde_json::from_str(&check_json(&skipped.to_string(), None)).unwrap();
        assert_eq!((&out["ready"]["status"], &out["ready"]["body"]["skipped"]), (&200.into(), &true.into()));
        let broken = serde_json::json!({"contract": {"text": "["}, "ready": true});
        let out: Value = serde_json::from_str(&check_json(&broken.to_string(), None)).unwrap();
        assert_eq!(
            out,
            serde_json::json!({"ready": {"status": 503, "body": {"status": "error", "contract_error": "json"}}})
        );
    }

    #[test]
    fn values_the_front_holds_are_named_by_their_id_and_not_sent_again() {
        let _serial = crate::cache::TEST_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        let plain = r#"{"type":"object","properties":{"KEPT_A":{"type":"integer"},"KEPT_B":{"type":"string"}}}"#;
        let secret = r#"{"type":"object","properties":{"KEPT_A":{"type":"integer"},"KEPT_B":{"type":"string","x-secret":true}}}"#;
        let ask = |contract: &str, b: &str, kept: Option<u64>| -> Value {
            let mut request = serde_json::json!({"contract": {"text": contract}, "env": {"KEPT_A": "7", "KEPT_B": b}, "values": true});
            if let Some(kept) = kept {
                request["valuesKept"] = kept.into();
            }
            serde_json::from_str(&check_json(&request.to_string(), None)).unwrap()
        };
        let first = ask(plain, "x", None);
        assert_eq!(first["values"], serde_json::json!({"KEPT_A": 7, "KEPT_B": "x"}));
        let id = first["valuesId"].as_u64().unwrap();
        // The same values, and the front says it holds them: only their id comes back.
        let again = ask(plain, "x", Some(id));
        assert_eq!(again["valuesId"], id, "{again}");
        for key in ["values", "secret", "nested", "mask"] {
            assert!(again.get(key).is_none(), "{key} in {again}");
        }
        assert_eq!(again["report"]["ok"], true);
        // The same values to a front that does not hold them (no id, or another one): sent.
        for kept in [None, Some(id + 1000)] {
            let out = ask(plain, "x", kept);
            assert_eq!((&out["values"], &out["valuesId"]), (&first["values"], &id.into()), "{out}");
        }
        // Other values, or the same ones with other names masked: sent, under a new id.
        let changed = ask(plain, "y", Some(id));
        assert_eq!(changed["values"]["KEPT_B"], "y");
        let changed_id = changed["valuesId"].as_u64().unwrap();
        assert_ne!(changed_id, id);
        let masked = ask(secret, "y", Some(changed_id));
        assert_eq!(masked["secret"], serde_json::json!(["KEPT_B"]), "{masked}");
        assert_ne!(masked["valuesId"], changed_id);
        // An id the front held before other values were sent does not stand for them.
        let back = ask(plain, "x", Some(id));
        assert_eq!(back["values"]["KEPT_B"], "x", "{back}");
        assert_ne!(back["valuesId"], id);
    }

    #[test]
    fn a_packed_env_answers_with_an_id_that_stands_for_it() {
        let _serial = crate::cache::TEST_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        let contract = r#"{"type":"object","required":["ENV_ID_T"],"properties":{"ENV_ID_T":{"type":"integer"}}}"#;
        let ask = |request: Value, packed: Option<&str>| -> Value {
            serde_json::from_str(&check_json(&request.to_string(), packed)).unwrap()
        };
        let out = ask(serde_json::json!({"contract": {"text": contract}}), Some(&format!("ENV_ID_T\0{}\0", 3)));
        let id = out["envId"].as_u64().unwrap();
        assert!(out["report"]["ok"].as_bool().unwrap(), "{out}");
        // The id in place of the env: the env it was given for.
        let by_id = ask(serde_json::json!({"contract": {"text": contract}, "envId": id}), None);
        assert!(by_id["report"]["ok"].as_bool().unwrap(), "{by_id}");
        assert_eq!(by_id["envId"], id);
        // Another env packed since: the old id is stale, never the other env.
        let other = ask(serde_json::json!({"contract": {"text": contract}}), Some("ENV_ID_T\0x\0"));
        assert_ne!(other["envId"], id);
        let stale = ask(serde_json::json!({"contract": {"text": contract}, "envId": id}), None);
        assert_eq!(stale["error"], "stale-env", "{stale}");
        // No packed env and no id: no envId either.
        let plain = ask(serde_json::json!({"contract": {"text": contract}, "env": {"ENV_ID_T": "4"}}), None);
        assert!(plain.get("envId").is_none(), "{plain}");
    }

    #[test]
    fn a_contract_given_as_text_answers_with_an_id_that_stands_for_it() {
        let _serial = crate::cache::TEST_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        let contract = r#"{"type":"object","required":["ID_T"],"properties":{"ID_T":{"type":"string"}}}"#;
        let request = serde_json::json!({"contract": {"text": contract}, "env": {"ID_T": "x"}});
        let out: Value = serde_json::from_str(&check_json(&request.to_string(), None)).unwrap();
        let id = out["contractId"].as_u64().unwrap();
        let by_id = serde_json::json!({"contract": {"id": id}, "env": {}});
        let out: Value = serde_json::from_str(&check_json(&by_id.to_string(), None)).unwrap();
        assert_eq!(out["report"]["problems"][0]["code"], "missing", "{out}");
        assert_eq!(out["contractId"], id);
        crate::cache::clear();
        let out: Value = serde_json::from_str(&check_json(&by_id.to_string(), None)).unwrap();
        assert_eq!(out["error"], "stale-contract");
    }

    #[test]
    fn bad_requests_are_failures_not_panics() {
        let _serial = crate::cache::TEST_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        let out: Value = serde_json::from_str(&check_json("{", None)).unwrap();
        assert_eq!(out["error"], "request");
        let request = serde_json::json!({"contract": {"text": "{}"}, "env": {"A": 1}});
        let out: Value = serde_json::from_str(&check_json(&request.to_string(), None)).unwrap();
        assert_eq!(out["error"], "env-type");
        let out: Value =
            serde_json::from_str(&render_docs_json(r#"{"contract":{"text":"["},"format":"dts"}"#)).unwrap();
        assert_eq!(out["error"], "contract");
        assert!(out["display"].as_str().unwrap().starts_with("env-contract: the contract is broken: "));
    }
}
