//! Compiled contracts, keyed by source path and content, so checking twice does not compile
//! twice (Next.js evaluates `next.config` several times in one build).

use env_contract::{Contract, ContractError};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// More distinct contracts than this in one process is unusual: the cache then starts over.
const MAX_ENTRIES: usize = 64;

/// The file a contract came from (if any) and its full text.
type Key = (Option<PathBuf>, String);

static CACHE: OnceLock<Mutex<HashMap<Key, Arc<Contract>>>> = OnceLock::new();
static HITS: AtomicU32 = AtomicU32::new(0);
static MISSES: AtomicU32 = AtomicU32::new(0);

fn cache() -> &'static Mutex<HashMap<Key, Arc<Contract>>> {
    CACHE.get_or_init(Mutex::default)
}

/// The compiled contract for this text, read from `source` (as the user named it) when
/// given; `source` keys the cache by its absolute path. Errors are not cached.
pub fn contract(source: Option<PathBuf>, text: String) -> Result<Arc<Contract>, ContractError> {
    let key = (source.as_deref().map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())), text);
    // A poisoned lock only means another call panicked mid-insert; the map is still usable.
    if let Some(hit) = cache().lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&key) {
        HITS.fetch_add(1, Ordering::Relaxed);
        return Ok(Arc::clone(hit));
    }
    MISSES.fetch_add(1, Ordering::Relaxed);
    let compiled = Arc::new(Contract::from_text(&key.1, source)?);
    let mut map = cache().lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if map.len() >= MAX_ENTRIES {
        map.clear();
    }
    map.insert(key, Arc::clone(&compiled));
    Ok(compiled)
}

pub fn stats() -> crate::CacheStats {
    let entries = cache().lock().unwrap_or_else(std::sync::PoisonError::into_inner).len();
    crate::CacheStats {
        hits: HITS.load(Ordering::Relaxed),
        misses: MISSES.load(Ordering::Relaxed),
        entries: u32::try_from(entries).unwrap_or(u32::MAX),
    }
}
