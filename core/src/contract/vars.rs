//! The root's variables: their specs side by side in one array, in name order.
//!
//! A check reads every spec in name order (`Contract::check_in`'s one pass). In a `BTreeMap` the
//! specs sat in its nodes, a few to an allocation, and each check first walked the tree to list
//! them; here they follow one another at one stride, which is what a processor's prefetcher
//! reads ahead, and the check lists them without a walk (the names come from `var_names`, the
//! specs from this array). A lookup by name is a binary search: only hints, docs and errors
//! look a variable up.

use super::VarSpec;

#[derive(Debug, Default)]
pub(crate) struct Vars {
    /// Sorted by `name`, each name once.
    specs: Vec<VarSpec>,
}

impl Vars {
    /// Specs sorted by name, each name once (a JSON object's keys).
    pub(crate) fn from_sorted(specs: Vec<VarSpec>) -> Vars {
        debug_assert!(specs.windows(2).all(|w| w[0].name < w[1].name), "specs in name order");
        Vars { specs }
    }

    pub(crate) fn values(&self) -> std::slice::Iter<'_, VarSpec> {
        self.specs.iter()
    }

    pub(crate) fn keys(&self) -> impl Iterator<Item = &String> {
        self.specs.iter().map(|s| &s.name)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&String, &VarSpec)> {
        self.specs.iter().map(|s| (&s.name, s))
    }

    pub(crate) fn get(&self, name: &str) -> Option<&VarSpec> {
        self.specs.binary_search_by(|s| s.name.as_str().cmp(name)).ok().map(|i| &self.specs[i])
    }

    pub(crate) fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn a_name_is_found_where_the_map_had_it() {
        let names = ["B", "A_1", "Z", "A", "M"];
        let map: BTreeMap<String, VarSpec> =
            names.iter().map(|n| (n.to_string(), VarSpec { name: n.to_string(), ..VarSpec::default() })).collect();
        let vars = Vars::from_sorted(map.values().cloned().collect());
        assert_eq!(vars.keys().collect::<Vec<_>>(), map.keys().collect::<Vec<_>>());
        for n in names {
            assert_eq!(vars.get(n).map(|s| s.name.as_str()), Some(n));
        }
        for n in ["", "AA", "A_", "N", "ZZ"] {
            assert!(!vars.contains_key(n), "{n}");
        }
    }
}
