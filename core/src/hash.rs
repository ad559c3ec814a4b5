//! The hash of core's own maps of names: an environment ([`crate::Env`]) and the lookups a
//! check makes by variable name.
//!
//! `SipHash`, the standard library's default, was an eighth of a warm check (perf,
//! docs/benchmarks.md): a check hashes every variable's name several times. Its key protects a
//! map from inputs chosen to collide, and here the keys are the names of the process's own
//! environment and of the contract: whoever can choose them already runs the process. So a
//! multiply-rotate hash over 8 bytes at a time, the kind compilers use for identifiers.

use std::hash::{BuildHasherDefault, Hasher};

/// A multiply-rotate hasher over words (not keyed: see the module docs).
#[derive(Default, Clone, Copy)]
pub struct NameHasher(u64);

const K: u64 = 0xf135_7aea_2e62_a9c5;

impl NameHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(26) ^ word).wrapping_mul(K);
    }
}

impl Hasher for NameHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    #[inline]
    fn write_u8(&mut self, n: u8) {
        // `str`'s Hash writes a 0xff after the bytes: mixed in like a short word.
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // Spread the high bits, which the multiply fills best, over the low ones hashbrown reads.
        let x = self.0;
        (x ^ (x >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (x >> 32)
    }
}

/// What builds a [`NameHasher`].
pub type BuildNameHasher = BuildHasherDefault<NameHasher>;

/// A map keyed by names, hashed with [`NameHasher`].
pub type NameMap<K, V> = std::collections::HashMap<K, V, BuildNameHasher>;

/// A set of names, hashed with [`NameHasher`].
pub type NameSet<K> = std::collections::HashSet<K, BuildNameHasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn equal_names_hash_equal_and_near_names_apart() {
        let h = |s: &str| BuildNameHasher::default().hash_one(s);
        assert_eq!(h("DATABASE_URL"), h(&String::from("DATABASE_URL")));
        // Names that differ in one byte, at any place, or only in length, spread over the low
        // bits a table reads.
        let names: Vec<String> = (0..4096).map(|i| format!("VAR_{i}")).chain((0..64).map(|n| "A".repeat(n))).collect();
        let buckets: NameSet<u64> = names.iter().map(|n| h(n) & 0xfff).collect();
        assert!(buckets.len() > 2500, "only {} of 4096 buckets used", buckets.len());
        let all: NameSet<u64> = names.iter().map(|n| h(n)).collect();
        assert_eq!(all.len(), names.len(), "a full-width collision among near names");
    }
}
