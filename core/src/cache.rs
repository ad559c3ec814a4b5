//! The contract cache every front uses: compiled contracts keyed by where they came from and
//! the text they were compiled from, so checking twice does not compile twice (Next.js
//! evaluates `next.config` several times in one build; a `FastAPI` app may check at import and
//! in its lifespan), and a warm check costs a file read and a comparison, not a compilation.
//!
//! - A contract file is keyed by its absolute path; a hit needs the text just read to equal
//!   the text that path was compiled from (no hashing of the text), and, for a composed
//!   contract, each file it took in to read as it did. A changed file is compiled again and
//!   replaces the old entry: one entry per path. A file that had settled when it was read
//!   (last changed more than [`files::SETTLED_AFTER`] before: nearly every deployed contract)
//!   is not read again while its metadata stays the same (device, inode, size, modification
//!   and change times: [`files::Stamp`]), which is one `stat` instead of an open, reads and a
//!   close; such a hit is found by the stamp alone, which names the file whatever path led to
//!   it, so the path is neither made absolute nor hashed; a file changed since, or changed too recently for its times to tell two writes
//!   apart, is read and compared as before. Composed contracts are always read.
//! - A contract given as text (a JS object, a Python `Mapping`, serialised by the front) is
//!   keyed by its text, and gets an id ([`load_text_with_id`]): a front that knows the text
//!   has not changed (the JS layer, which freezes the object it serialised) sends the id
//!   instead of the text on later calls ([`load_id`]), so a warm check neither serialises nor
//!   hashes the contract. Ids are this process's, never reused; a cache that started over
//!   forgets them, and the front then sends the text again.
//! - Bounded: past [`MAX_ENTRIES`] distinct contracts (unusual in one process) the cache
//!   starts over. Errors are never cached: a broken contract is read and reported again.

use crate::contract::Contract;
use crate::error::ContractError;
use crate::files::{self, Stamp};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

/// More distinct contracts than this in one process is unusual: the cache then starts over.
pub const MAX_ENTRIES: usize = 64;

#[derive(Default)]
#[allow(clippy::struct_field_names)] // by path, by text, by id: the prefix is the point
struct Entries {
    by_path: HashMap<PathBuf, Kept>,
    by_text: HashMap<String, (u64, Arc<Contract>)>,
    by_id: HashMap<u64, Arc<Contract>>,
}

/// A contract file's entry: the text it was compiled from, and its stamp when the file had
/// settled when read (and takes in no other file).
struct Kept {
    text: String,
    contract: Arc<Contract>,
    stamp: Option<Stamp>,
}

impl Entries {
    fn len(&self) -> usize {
        self.by_path.len() + self.by_text.len()
    }

    fn make_room(&mut self) {
        if self.len() >= MAX_ENTRIES {
            *self = Entries::default();
        }
    }
}

static ENTRIES: OnceLock<Mutex<Entries>> = OnceLock::new();
static NEXT_ID: AtomicU64 = AtomicU64::new(1);
static HITS: AtomicU64 = AtomicU64::new(0);
static MISSES: AtomicU64 = AtomicU64::new(0);

fn entries() -> MutexGuard<'static, Entries> {
    // A poisoned lock only means another call panicked mid-insert; the maps are still usable.
    ENTRIES.get_or_init(Mutex::default).lock().unwrap_or_else(PoisonError::into_inner)
}

/// How the cache has been used in this process (for tests and diagnostics).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub hits: u64,
    pub misses: u64,
    pub entries: usize,
}

/// The compiled contract of the file at `path` (relative to the working directory). A file
/// that cannot be read is reported by [`Contract::from_path`] (missing, a directory, no
/// permission), with the path as the user wrote it.
pub fn load_path(path: &Path) -> Result<Arc<Contract>, ContractError> {
    // Taken before the read: a change after it shows in the next call's stamp.
    let stamp = files::stamp(path);
    if let Some((now, _)) = stamp {
        // A stamp names one file (its device and inode) in one state, whichever path led to
        // it: a warm call finds its entry by the stamp alone, without making the path absolute
        // (for a relative path, as `env.contract.json` is by default, a `getcwd`) or hashing it.
        let hit = entries().by_path.values().find(|k| k.stamp == Some(now)).map(|k| Arc::clone(&k.contract));
        if let Some(hit) = hit {
            HITS.fetch_add(1, Ordering::Relaxed);
            return Ok(hit);
        }
    }
    let key = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    #[cfg(test)]
    READS.fetch_add(1, Ordering::Relaxed);
    let Ok(text) = files::read_to_string(path) else {
        return Contract::from_path(path).map(Arc::new);
    };
    let settled = |c: &Contract| stamp.filter(|(_, settled)| *settled && c.includes().is_empty()).map(|(s, _)| s);
    // A composed contract is a hit only while every file it took in is unchanged too (each one
    // read, so that a hosted call asks for all of them at once: `files::hosted`).
    let unchanged = |c: &Contract| {
        c.includes().iter().fold(true, |all, (p, t)| files::read_to_string(p).is_ok_and(|now| now == *t) && all)
    };
    let kept = entries().by_path.get(&key).filter(|k| k.text == text).map(|k| Arc::clone(&k.contract));
    if let Some(hit) = kept.filter(|c| unchanged(c)) {
        // Settled since it was compiled: the next call needs only its stamp.
        if let Some(kept) = entries().by_path.get_mut(&key).filter(|k| Arc::ptr_eq(&k.contract, &hit)) {
            kept.stamp = settled(&hit);
        }
        HITS.fetch_add(1, Ordering::Relaxed);
        return Ok(hit);
    }
    let compiled = Contract::from_text(&text, Some(path.to_path_buf()));
    if !files::pending() {
        MISSES.fetch_add(1, Ordering::Relaxed);
    }
    let compiled = Arc::new(compiled?);
    let mut entries = entries();
    if !entries.by_path.contains_key(&key) {
        entries.make_room();
    }
    let stamp = settled(&compiled);
    entries.by_path.insert(key, Kept { text, contract: Arc::clone(&compiled), stamp });
    Ok(compiled)
}

/// Contract files read by [`load_path`] (tests see whether a settled file was read again).
#[cfg(test)]
static READS: AtomicU64 = AtomicU64::new(0);

/// The compiled contract of this JSON text (a contract the front was given as an object).
pub fn load_text(text: &str) -> Result<Arc<Contract>, ContractError> {
    load_text_with_id(text).map(|(_, c)| c)
}

/// [`load_text`], and the id that stands for this text in [`load_id`] while the cache holds it.
pub fn load_text_with_id(text: &str) -> Result<(u64, Arc<Contract>), ContractError> {
    if let Some((id, hit)) = entries().by_text.get(text) {
        HITS.fetch_add(1, Ordering::Relaxed);
        return Ok((*id, Arc::clone(hit)));
    }
    MISSES.fetch_add(1, Ordering::Relaxed);
    let compiled = Arc::new(Contract::from_text(text, None)?);
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let mut entries = entries();
    entries.make_room();
    entries.by_text.insert(text.to_owned(), (id, Arc::clone(&compiled)));
    entries.by_id.insert(id, Arc::clone(&compiled));
    Ok((id, compiled))
}

/// The contract compiled from the text [`load_text_with_id`] gave this id, unless the cache has
/// started over since (the front then sends the text again).
pub fn load_id(id: u64) -> Option<Arc<Contract>> {
    let hit = entries().by_id.get(&id).map(Arc::clone);
    if hit.is_some() {
        HITS.fetch_add(1, Ordering::Relaxed);
    }
    hit
}

/// Counts of hits, misses and entries.
pub fn stats() -> Stats {
    Stats { hits: HITS.load(Ordering::Relaxed), misses: MISSES.load(Ordering::Relaxed), entries: entries().len() }
}

/// Empties the cache (the counts stay).
pub fn clear() {
    *entries() = Entries::default();
}

/// Serialises the unit tests that count the cache's entries (the cache is process-wide).
#[cfg(test)]
pub(crate) static TEST_LOCK: Mutex<()> = Mutex::new(());

#[cfg(test)]
mod tests {
    use super::*;

    // One test: the cache is process-wide, and tests run in parallel.
    #[test]
    fn files_are_keyed_by_path_and_text_objects_by_text_and_the_cache_is_bounded() {
        let _serial = TEST_LOCK.lock().unwrap_or_else(PoisonError::into_inner);
        let dir = std::env::temp_dir().join(format!("env-contract-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("env.contract.json");
        let a = r#"{"type":"object","properties":{"A":{"type":"string"}}}"#;
        let b = r#"{"type":"object","properties":{"B":{"type":"string"}}}"#;
        std::fs::write(&file, a).unwrap();
        clear();
        let first = load_path(&file).unwrap();
        let again = load_path(&file).unwrap();
        assert!(Arc::ptr_eq(&first, &again), "same path, same text: compiled once");
        std::fs::write(&file, b).unwrap();
        let changed = load_path(&file).unwrap();
        assert!(!Arc::ptr_eq(&first, &changed), "a changed file is compiled again");
        assert!(changed.var("B").is_some());
        assert_eq!(stats().entries, 1, "one entry per path");

        let t1 = load_text(a).unwrap();
        assert!(Arc::ptr_eq(&t1, &load_text(a).unwrap()));
        assert_eq!(stats().entries, 2);
        let (id, by_text) = load_text_with_id(a).unwrap();
        assert!(Arc::ptr_eq(&t1, &by_text) && Arc::ptr_eq(&t1, &load_id(id).unwrap()), "the id stands for the text");
        assert_ne!(load_text_with_id(b).unwrap().0, id, "each text its own id");
        assert!(load_id(id + 1000).is_none());
        assert_eq!(stats().entries, 3, "an id is not an entry of its own");

        assert!(load_text("{").is_err());
        assert_eq!(stats().entries, 3, "errors are not cached");

        for i in 0..MAX_ENTRIES + 3 {
            load_text(&format!(r#"{{"type":"object","title":"t{i}"}}"#)).unwrap();
        }
        assert!(stats().entries <= MAX_ENTRIES);
        assert!(load_id(id).is_none(), "a cache that started over forgets its ids");
        clear();
        assert_eq!(stats().entries, 0);

        // A settled file is not read again while its stamp stays; a young one is read each time.
        let reads = || READS.load(Ordering::Relaxed);
        let young = dir.join("young.contract.json");
        std::fs::write(&young, a).unwrap();
        let before = reads();
        let y = load_path(&young).unwrap();
        assert!(Arc::ptr_eq(&y, &load_path(&young).unwrap()));
        assert_eq!(reads() - before, 2, "a file changed just now is read on every call");
        std::thread::sleep(files::SETTLED_AFTER + std::time::Duration::from_millis(100));
        let before = reads();
        let settled = load_path(&young).unwrap(); // read once more: now it has settled
        assert!(Arc::ptr_eq(&y, &settled), "the same text is the same contract");
        for _ in 0..3 {
            assert!(Arc::ptr_eq(&settled, &load_path(&young).unwrap()));
        }
        assert_eq!(reads() - before, 1, "a settled file with the same stamp is not read again");
        // Another path to the same file (a link: its absolute path is not the file's) is the
        // same file: its stamp finds it.
        #[cfg(unix)]
        {
            let link = dir.join("link.contract.json");
            std::os::unix::fs::symlink(&young, &link).unwrap();
            assert!(Arc::ptr_eq(&settled, &load_path(&link).unwrap()));
            assert_eq!(reads() - before, 1, "the same file by another path is not read again");
        }
        // A copy is another file (another inode), whatever its text: read, and an entry of its own.
        let copy = dir.join("copy.contract.json");
        std::fs::copy(&young, &copy).unwrap();
        assert!(load_path(&copy).unwrap().var("A").is_some());
        assert_eq!(reads() - before, 2, "a copy of a settled file is read");
        // The same size, other content: the change time moved, so it is read and compiled.
        std::fs::write(&young, b).unwrap();
        let rewritten = load_path(&young).unwrap();
        assert!(rewritten.var("B").is_some() && rewritten.var("A").is_none(), "the new text is compiled");
        assert_eq!(reads() - before, 3);
        clear();
        std::fs::remove_dir_all(&dir).ok();
    }
}
