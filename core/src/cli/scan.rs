//! `env-contract scan DIR`: secret values and secret patterns inside built client assets.
//!
//! Each file is read once; the values of the `x-secret` variables are searched with one
//! Aho-Corasick automaton, the secret shapes with the leak rule's catalogue
//! ([`crate::rules::patterns`], one `RegexSet` pass). Binary files (a NUL byte in the first
//! 8 KiB) and files over 64 MiB are skipped and counted.

use super::args::ScanArgs;
use super::{CmdResult, EXIT_ERRORS, EXIT_OK, Failure, Io, load_contract};
use crate::check::Env;
use crate::envfile;
use crate::rules::patterns::find_secret;
use aho_corasick::AhoCorasick;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Files larger than this are skipped (built assets are far smaller).
const MAX_FILE: u64 = 64 * 1024 * 1024;
/// Secret values shorter than this are not searched for: they would match by chance.
pub const MIN_SECRET_LEN: usize = crate::redact::RUN;

/// One find: a file and what was found in it (a variable's name or a kind of secret).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Find {
    pub file: PathBuf,
    /// `Some(name)` for the value of an `x-secret` variable.
    pub var: Option<String>,
    /// The kind of secret, for a pattern.
    pub kind: Option<&'static str>,
}

/// What a scan saw.
#[derive(Debug, Default)]
pub struct ScanResult {
    pub finds: Vec<Find>,
    pub files: usize,
    pub skipped: usize,
    /// Secret variables present but too short to search for.
    pub short: Vec<String>,
    /// How many secret values were searched for.
    pub searched: usize,
}

/// Scans a directory (or one file) for these secret values and the secret patterns.
pub fn scan(root: &Path, secrets: &[(String, String)]) -> Result<ScanResult, Failure> {
    let mut result = ScanResult::default();
    let mut names = Vec::new();
    let mut values = Vec::new();
    for (name, value) in secrets {
        if value.len() < MIN_SECRET_LEN {
            if !value.is_empty() {
                result.short.push(name.clone());
            }
            continue;
        }
        names.push(name.clone());
        values.push(value.as_bytes().to_vec());
    }
    result.searched = values.len();
    let ac = if values.is_empty() {
        None
    } else {
        Some(
            AhoCorasick::new(&values)
                .map_err(|e| Failure::usage(format!("internal: cannot build the secret matcher: {e}")))?,
        )
    };
    let meta =
        std::fs::metadata(root).map_err(|e| Failure::usage(format!("{}: cannot be read: {e}", root.display())))?;
    let mut files = Vec::new();
    if meta.is_dir() {
        walk(root, &mut files, 0).map_err(|e| Failure::usage(format!("{}: cannot be read: {e}", root.display())))?;
    } else {
        files.push(root.to_path_buf());
    }
    files.sort();
    for path in files {
        let Ok(meta) = std::fs::metadata(&path) else {
            result.skipped += 1;
            continue;
        };
        if meta.len() > MAX_FILE {
            result.skipped += 1;
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            result.skipped += 1;
            continue;
        };
        if bytes[..bytes.len().min(8192)].contains(&0) {
            result.skipped += 1;
            continue;
        }
        result.files += 1;
        let mut found: BTreeSet<Find> = BTreeSet::new();
        if let Some(ac) = &ac {
            for hit in ac.find_overlapping_iter(&bytes) {
                found.insert(Find {
                    file: path.clone(),
                    var: Some(names[hit.pattern().as_usize()].clone()),
                    kind: None,
                });
            }
        }
        // The shapes of the leak rule; after a find, the rest of the file is searched again,
        // so each kind is reported once per file.
        let text = String::from_utf8_lossy(&bytes);
        let mut rest: &str = &text;
        for _ in 0..64 {
            let Some(f) = find_secret(rest) else { break };
            found.insert(Find { file: path.clone(), var: None, kind: Some(f.label) });
            let offset = (f.secret.as_ptr() as usize).saturating_sub(rest.as_ptr() as usize) + f.secret.len();
            match rest.get(offset..) {
                Some(r) if offset > 0 => rest = r,
                _ => break,
            }
        }
        result.finds.extend(found);
    }
    Ok(result)
}

/// Recursion over a directory; symbolic links are not followed (no loops, no escaping DIR).
fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    if depth > 64 {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let ty = entry.file_type()?;
        if ty.is_dir() {
            walk(&entry.path(), out, depth + 1)?;
        } else if ty.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}

pub(super) fn run(a: &ScanArgs, io: &mut Io<'_>) -> CmdResult {
    // The contract names the secrets; without one, only the patterns are searched for.
    let default = Path::new("env.contract.json");
    let contract = match &a.contract {
        Some(p) => Some(load_contract(p)?),
        None if default.exists() => Some(load_contract(default)?),
        None => {
            let _ = writeln!(
                io.err,
                "env-contract: no contract (./env.contract.json not found): searching for secret patterns only"
            );
            None
        }
    };
    let sources = envfile::Sources {
        files: a.env_files.clone(),
        json: None,
        top: if a.no_process_env { envfile::Top::None } else { envfile::Top::Process },
        expand: a.env_expand,
    };
    let env: Env = super::layered_env(&sources, io)?;
    let mut secrets: Vec<(String, String)> = Vec::new();
    if let Some(c) = &contract {
        let mut names: BTreeSet<&str> = c.vars().filter(|v| v.secret).map(|v| v.name.as_str()).collect();
        for p in c.profiles() {
            names.extend(p.vars.values().filter(|v| v.secret).map(|v| v.name.as_str()));
        }
        for f in c.families().iter().filter(|f| f.spec.secret) {
            names.extend(env.keys().filter(|k| f.regex.is_match(k)).map(String::as_str));
        }
        for name in names {
            if let Some(v) = env.get(name) {
                secrets.push((name.to_string(), v.clone()));
            }
        }
    }
    let r = scan(&a.dir, &secrets)?;
    let mut s = String::new();
    let skipped = if r.skipped > 0 {
        format!(" ({} skipped: binary, unreadable or over 64 MiB)", r.skipped)
    } else {
        String::new()
    };
    s.push_str(&format!(
        "env-contract scan: {} file{} in {}{skipped}; {} secret value{} searched for\n",
        r.files,
        if r.files == 1 { "" } else { "s" },
        a.dir.display(),
        r.searched,
        if r.searched == 1 { "" } else { "s" }
    ));
    for name in &r.short {
        s.push_str(&format!(
            "[SKIP] {name}  its value is shorter than {MIN_SECRET_LEN} characters: not searched for\n"
        ));
    }
    for f in &r.finds {
        let what = match (&f.var, f.kind) {
            (Some(v), _) => format!("{v}  the value of this x-secret variable"),
            (None, Some(k)) => format!("{k} (a secret pattern)"),
            (None, None) => continue,
        };
        s.push_str(&format!("[LEAK] {}  {what}\n", f.file.display()));
    }
    let files: BTreeSet<&Path> = r.finds.iter().map(|f| f.file.as_path()).collect();
    if r.finds.is_empty() {
        s.push_str("Summary: no secret found\n");
    } else {
        s.push_str(&format!(
            "Summary: {} find{} in {} file{}\n",
            r.finds.len(),
            if r.finds.len() == 1 { "" } else { "s" },
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        ));
    }
    let _ = io.out.write_all(s.as_bytes());
    Ok(if r.finds.is_empty() { EXIT_OK } else { EXIT_ERRORS })
}
