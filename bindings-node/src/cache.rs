//! Compiled contracts, keyed by source path and content, so checking twice does not compile
//! twice (Next.js evaluates `next.config` several times in one build), and a warm check costs
//! a file read and a comparison, not a compilation.

use env_contract::{Contract, ContractError};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// More distinct contracts than this in one process is unusual: the cache then starts over.
const MAX_ENTRIES: usize = 64;

/// Contracts read from a file, by absolute path, with the text they were compiled from: a hit
/// costs one comparison of the text just read with the one remembered (no hashing of the text).
type ByPath = HashMap<PathBuf, (String, Arc<Contract>)>;
/// Contracts given as text (a contract object), by their text.
type ByText = HashMap<String, Arc<Contract>>;

#[derive(Default)]
struct Cache {
    by_path: ByPath,
    by_text: ByText,
}

static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
static HITS: AtomicU32 = AtomicU32::new(0);
static MISSES: AtomicU32 = AtomicU32::new(0);

fn cache() -> std::sync::MutexGuard<'static, Cache> {
    // A poisoned lock only means another call panicked mid-insert; the maps are still usable.
    CACHE.get_or_init(Mutex::default).lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The compiled contract for this text, read from `source` (as the user named it) when
/// given; `source` keys the cache by its absolute path, and the text must match the one that
/// path was compiled from. Errors are not cached.
pub fn contract(source: Option<PathBuf>, text: String) -> Result<Arc<Contract>, ContractError> {
    let key = source.as_deref().map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()));
    {
        let cache = cache();
        let hit = match &key {
            Some(path) => cache.by_path.get(path).filter(|(seen, _)| *seen == text).map(|(_, c)| c),
            None => cache.by_text.get(&text),
        };
        if let Some(hit) = hit {
            HITS.fetch_add(1, Ordering::Relaxed);
            return Ok(Arc::clone(hit));
        }
    }
    MISSES.fetch_add(1, Ordering::Relaxed);
    let compiled = Arc::new(Contract::from_text(&text, source)?);
    let mut cache = cache();
    if cache.by_path.len() + cache.by_text.len() >= MAX_ENTRIES {
        cache.by_path.clear();
        cache.by_text.clear();
    }
    if let Some(path) = key {
        cache.by_path.insert(path, (text, Arc::clone(&compiled)));
    } else {
        cache.by_text.insert(text, Arc::clone(&compiled));
    }
    Ok(compiled)
}

pub fn stats() -> crate::CacheStats {
    let entries = {
        let cache = cache();
        cache.by_path.len() + cache.by_text.len()
    };
    crate::CacheStats {
        hits: HITS.load(Ordering::Relaxed),
        misses: MISSES.load(Ordering::Relaxed),
        entries: u32::try_from(entries).unwrap_or(u32::MAX),
    }
}
