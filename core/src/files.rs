//! The file system as core sees it: every file core reads (a contract, the contracts it takes
//! in, env files) goes through here.
//!
//! By default that is the real file system (the CLI, the Node addon, the Python extension).
//! A front that cannot read files itself, the WebAssembly build, runs a call inside
//! [`hosted`] with the files its host read for it: each [`HostFile`] says what the host found
//! at a path (the bytes, a directory, nothing, or the host's error) and, when core needs it,
//! where the path really leads (`real`, for composition's root and cycle rules). A path core
//! needs and was not given is recorded, the call fails, and [`hosted`] returns the paths: the
//! front reads them and asks again (the JS layer's loop, `bindings-node/api.js`). Composition
//! takes in at most 64 files, so the rounds are bounded. Every decision (a missing env file is
//! skipped, a directory is not a contract, the messages) stays where it is, in core, the same
//! for both.

use serde::Deserialize;
use std::cell::RefCell;
use std::io;
use std::path::{Path, PathBuf};

/// What the host found at one path. The request's JSON: `{"path", "real"?, "bytes"?, "dir"?,
/// "missing"?, "error"?}`, with `bytes` the file's bytes as a string of code points 0 to 255
/// (one per byte: Node's `latin1` encoding), so that core, not the host, decides what is text.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostFile {
    pub path: String,
    /// Where the path leads, every link followed (`realpath`); absent: not asked for yet.
    #[serde(default)]
    pub real: Option<String>,
    #[serde(default)]
    pub bytes: Option<String>,
    #[serde(default)]
    pub dir: bool,
    #[serde(default)]
    pub missing: bool,
    /// The host's reason when the path exists but cannot be read.
    #[serde(default)]
    pub error: Option<String>,
}

struct Hosted {
    files: Vec<HostFile>,
    needed: Vec<String>,
}

thread_local! {
    static HOSTED: RefCell<Option<Hosted>> = const { RefCell::new(None) };
}

/// Clears the hosted files when the call ends, a panic included.
struct Reset;

impl Drop for Reset {
    fn drop(&mut self) {
        HOSTED.with(|h| h.borrow_mut().take());
    }
}

/// Runs `f` over the host's files instead of the real file system; returns its result and the
/// paths it needed and was not given (none: the result stands; some: the front reads them and
/// calls again with them added).
pub fn hosted<T>(files: Vec<HostFile>, f: impl FnOnce() -> T) -> (T, Vec<String>) {
    HOSTED.with(|h| *h.borrow_mut() = Some(Hosted { files, needed: Vec::new() }));
    let reset = Reset;
    let out = f();
    let needed = HOSTED.with(|h| h.borrow_mut().as_mut().map(|h| std::mem::take(&mut h.needed)).unwrap_or_default());
    drop(reset);
    (out, needed)
}

/// Whether the hosted call under way has needed a path it was not given: its answer will be
/// thrown away, so nothing of it counts (the cache's statistics).
pub(crate) fn pending() -> bool {
    HOSTED.with(|h| h.borrow().as_ref().is_some_and(|h| !h.needed.is_empty()))
}

/// Why a hosted path gives no answer yet: core asks the host for it.
fn needed_error(path: &Path) -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, format!("{} was not read yet", path.display()))
}

/// `Some(answer)` when a call is hosted; `with` gets the host's record of `path` (`None`: not
/// given, and `path` is then recorded as needed when `need` says the record would not do).
fn with_host<T>(path: &Path, need: fn(&HostFile) -> bool, with: impl FnOnce(Option<&HostFile>) -> T) -> Option<T> {
    HOSTED.with(|h| {
        let mut h = h.borrow_mut();
        let hosted = h.as_mut()?;
        let key = path.to_string_lossy();
        let found = hosted.files.iter().rposition(|f| f.path == key);
        match found {
            Some(i) if !need(&hosted.files[i]) => Some(with(Some(&hosted.files[i]))),
            _ => {
                if !hosted.needed.iter().any(|n| *n == key) {
                    hosted.needed.push(key.into_owned());
                }
                Some(with(None))
            }
        }
    })
}

fn host_error(file: &HostFile) -> Option<io::Error> {
    if file.missing {
        Some(io::Error::new(io::ErrorKind::NotFound, "No such file or directory"))
    } else if file.dir {
        Some(io::Error::new(io::ErrorKind::IsADirectory, "Is a directory"))
    } else {
        file.error.as_ref().map(|e| io::Error::other(e.clone()))
    }
}

fn bytes_of(file: &HostFile) -> io::Result<Vec<u8>> {
    if let Some(e) = host_error(file) {
        return Err(e);
    }
    let text = file.bytes.as_deref().unwrap_or_default();
    text.chars()
        .map(|c| u8::try_from(u32::from(c)))
        .collect::<Result<Vec<u8>, _>>()
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "the host sent bytes above 255"))
}

/// The bytes of a file.
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    with_host(path, |_| false, |f| f.map_or_else(|| Err(needed_error(path)), bytes_of))
        .unwrap_or_else(|| std::fs::read(path))
}

/// What a file's metadata says of its content (device, inode, size, modification and change
/// times), for [`crate::cache`] to tell an unchanged contract file without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

/// How long after its last change a file's stamp stands for its content. A write sets the
/// change time (ctime, which no call can set back) from a clock that may tick as coarsely as
/// every 10 ms, so two writes within one tick can leave the same stamp; a stamp taken once
/// the change time is this far in the past cannot match the stamp of any later write (git's
/// rule for "racily clean" index entries).
pub const SETTLED_AFTER: std::time::Duration = std::time::Duration::from_millis(if cfg!(test) { 300 } else { 2_000 });

/// The file's stamp, and whether it is settled ([`SETTLED_AFTER`]): `None` in a hosted call,
/// off Unix, or when the metadata cannot be read.
pub fn stamp(path: &Path) -> Option<(Stamp, bool)> {
    if HOSTED.with(|h| h.borrow().is_some()) {
        return None;
    }
    stamp_of(path)
}

#[cfg(unix)]
fn stamp_of(path: &Path) -> Option<(Stamp, bool)> {
    use std::os::unix::fs::MetadataExt;
    // The clock is read before the metadata: a change after this moment has a later ctime.
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?;
    let m = std::fs::metadata(path).ok()?;
    if !m.is_file() {
        return None;
    }
    let stamp = Stamp {
        dev: m.dev(),
        ino: m.ino(),
        len: m.size(),
        mtime: (m.mtime(), m.mtime_nsec()),
        ctime: (m.ctime(), m.ctime_nsec()),
    };
    let changed = std::time::Duration::new(u64::try_from(m.ctime()).ok()?, u32::try_from(m.ctime_nsec()).ok()?);
    Some((stamp, changed + SETTLED_AFTER < now))
}

#[cfg(not(unix))]
fn stamp_of(_: &Path) -> Option<(Stamp, bool)> {
    None
}

/// The text of a file (UTF-8).
pub fn read_to_string(path: &Path) -> io::Result<String> {
    let text = |f: &HostFile| match &f.bytes {
        // ASCII (most contracts): the same text either way, no decoding.
        Some(b) if b.is_ascii() && host_error(f).is_none() => Ok(b.clone()),
        _ => String::from_utf8(bytes_of(f)?)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "stream did not contain valid UTF-8")),
    };
    with_host(path, |_| false, |f| f.map_or_else(|| Err(needed_error(path)), text))
        .unwrap_or_else(|| std::fs::read_to_string(path))
}

/// Where a path leads, every link followed.
pub fn canonicalize(path: &Path) -> io::Result<PathBuf> {
    let hosted = with_host(
        path,
        |f| f.real.is_none() && !f.missing && f.error.is_none(),
        |f| match f {
            None => Err(needed_error(path)),
            Some(HostFile { real: Some(real), missing: false, .. }) => Ok(PathBuf::from(real)),
            Some(f) => Err(host_error(f).unwrap_or_else(|| needed_error(path))),
        },
    );
    hosted.unwrap_or_else(|| std::fs::canonicalize(path))
}

/// Whether the path is a directory (links followed).
pub fn is_dir(path: &Path) -> bool {
    with_host(path, |_| false, |f| f.is_some_and(|f| f.dir)).unwrap_or_else(|| path.is_dir())
}

/// Whether anything is at the path (a dangling link counts).
pub fn exists(path: &Path) -> bool {
    with_host(path, |_| false, |f| f.is_some_and(|f| !f.missing)).unwrap_or_else(|| path.exists() || path.is_symlink())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, bytes: &str) -> HostFile {
        HostFile { path: path.into(), bytes: Some(bytes.into()), ..HostFile::default() }
    }

    #[test]
    fn hosted_files_answer_and_what_is_missing_is_asked_for() {
        let files = vec![
            file("a.json", "{}"),
            file("bad.env", "A=\u{ff}\n"),
            HostFile { path: "gone".into(), missing: true, ..HostFile::default() },
            HostFile { path: "d".into(), dir: true, real: Some("/r/d".into()), ..HostFile::default() },
        ];
        let ((text, bad, gone, dir, real, other), needed) = hosted(files, || {
            (
                read_to_string(Path::new("a.json")).unwrap(),
                read(Path::new("bad.env")).unwrap(),
                exists(Path::new("gone")),
                is_dir(Path::new("d")),
                canonicalize(Path::new("d")).unwrap(),
                (canonicalize(Path::new("a.json")).is_err(), read(Path::new("b.json")).is_err()),
            )
        });
        assert_eq!(text, "{}");
        assert_eq!(bad, b"A=\xff\n");
        assert!(!gone && dir && other.0 && other.1);
        assert_eq!(real, PathBuf::from("/r/d"));
        assert_eq!(needed, vec!["a.json".to_string(), "b.json".to_string()]);
        assert!(read_to_string(Path::new("bad.env")).is_err(), "outside the call: the real file system");
    }
}
