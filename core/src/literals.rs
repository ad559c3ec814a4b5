//! A table of short texts to find in one pass ([`Literals`]).

/// Short texts found in one pass over a value with nothing to build but a table: each text
/// is listed under its first byte (under both cases of it for an ASCII case-insensitive
/// text), and each byte of the value compares only the texts listed under it. The secret
/// catalogue's heads and name keywords and the secret words of names are searched this way:
/// Aho-Corasick automata of the same texts found them in about the same time in an env value
/// or a name, but building the four took 0.4 ms of the first check of every process (memory
/// and code touched for the first time); this takes microseconds. On a built asset (`scan`),
/// the longest list under one byte is a few dozen texts, and most bytes have none.
pub(crate) struct Literals<T> {
    /// (text, ASCII case-insensitive, what it stands for).
    texts: Vec<(String, bool, T)>,
    /// Indices into `texts`, by first byte: `slots[start[b]..start[b + 1]]` are the texts
    /// that may start at a byte `b`.
    slots: Vec<u16>,
    start: Box<[u16; 257]>,
}

impl<T> Literals<T> {
    pub(crate) fn new(mut texts: Vec<(String, bool, T)>) -> Self {
        texts.retain(|(t, _, _)| !t.is_empty());
        let mut keyed: Vec<(u8, u16)> = Vec::new();
        for (i, (t, ci, _)) in texts.iter().enumerate() {
            let i = u16::try_from(i).expect("fewer than 65,536 texts");
            let first = t.as_bytes()[0];
            keyed.push((first, i));
            if *ci && first.is_ascii_alphabetic() {
                keyed.push((first ^ 0x20, i));
            }
        }
        keyed.sort_unstable();
        let mut start = Box::new([0u16; 257]);
        for &(b, _) in &keyed {
            start[usize::from(b) + 1] += 1;
        }
        for b in 0..256 {
            start[b + 1] += start[b];
        }
        Literals { texts, slots: keyed.into_iter().map(|(_, i)| i).collect(), start }
    }

    /// Calls `found` with each text that occurs in `hay` and where it starts, overlapping ones
    /// included.
    pub(crate) fn find_each(&self, hay: &[u8], mut found: impl FnMut(&T, usize)) {
        for (i, &b) in hay.iter().enumerate() {
            let (lo, hi) = (usize::from(self.start[usize::from(b)]), usize::from(self.start[usize::from(b) + 1]));
            if lo == hi {
                continue;
            }
            let rest = &hay[i..];
            for &slot in &self.slots[lo..hi] {
                let (text, ci, what) = &self.texts[usize::from(slot)];
                let text = text.as_bytes();
                let at = rest.get(..text.len());
                if at.is_some_and(|at| if *ci { at.eq_ignore_ascii_case(text) } else { at == text }) {
                    found(what, i);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_found_where_they_start_overlapping_and_by_case_as_asked() {
        let texts = vec![
            ("ab".to_string(), false, 0),
            ("abc".to_string(), false, 1),
            ("Bc".to_string(), true, 2),
            ("c".to_string(), false, 3),
            (String::new(), false, 4),
        ];
        let literals = Literals::new(texts);
        let mut hits = Vec::new();
        literals.find_each(b"xabcABC bC", |what, at| hits.push((*what, at)));
        hits.sort_unstable();
        assert_eq!(hits, [(0, 1), (1, 1), (2, 2), (2, 5), (2, 8), (3, 3)]);
        let mut none = Vec::new();
        literals.find_each(b"", |what, at| none.push((*what, at)));
        literals.find_each(b"a", |what, at| none.push((*what, at)));
        assert!(none.is_empty());
    }
}
