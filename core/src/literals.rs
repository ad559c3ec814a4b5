//! A table of short texts to find in one pass ([`Literals`]).

/// Short texts found in one pass over a value with nothing to build but a table: each text of
/// two bytes or more is listed under a hash of its first two bytes (under each case of them for
/// an ASCII case-insensitive text), and each position of the value compares only the texts
/// listed under the hash of its two bytes; the texts of one byte are compared where a bit table
/// says a byte starts one. The secret catalogue's heads and name keywords and the secret words
/// of names are searched this way: Aho-Corasick automata of the same texts found them in about
/// the same time in an env value or a name, but building the four took 0.4 ms of the first check
/// of every process (memory and code touched for the first time); this takes microseconds.
///
/// Two bytes, not one: listed by first byte, the texts a position compared were a dozen at
/// nearly every position of a URL or a name (the heads starting `s`, `p`, `a`, …), a sixth of
/// a warm check (callgrind). Under 1,024 buckets of two bytes most positions compare none.
pub(crate) struct Literals<T> {
    /// (text, ASCII case-insensitive, what it stands for).
    texts: Vec<(String, bool, T)>,
    /// Indices into `texts`, by bucket: `slots[start[k]..start[k + 1]]` are the texts of two
    /// bytes or more that may start at a position whose two bytes hash to `k`.
    slots: Vec<u16>,
    start: Box<[u16; BUCKETS + 1]>,
    /// The texts of one byte, and the bytes that start one (a bit each).
    shorts: Vec<u16>,
    short: [u64; 4],
}

const BUCKETS: usize = 1024;

/// The bucket of a text's (or a position's) first two bytes.
fn bucket(a: u8, b: u8) -> usize {
    let pair = u32::from(a) << 8 | u32::from(b);
    // The top ten bits of a multiplicative hash: always below `BUCKETS`.
    (pair.wrapping_mul(0x9e37_79b1) >> 22) as usize
}

/// The cases of a byte a text's byte stands for: itself, and its other case when the text is
/// ASCII case-insensitive and the byte a letter.
fn cases(b: u8, ci: bool) -> impl Iterator<Item = u8> {
    let other = (ci && b.is_ascii_alphabetic()).then_some(b ^ 0x20);
    std::iter::once(b).chain(other)
}

impl<T> Literals<T> {
    pub(crate) fn new(mut texts: Vec<(String, bool, T)>) -> Self {
        texts.retain(|(t, _, _)| !t.is_empty());
        let mut keyed: Vec<(u16, u16)> = Vec::new();
        let (mut shorts, mut short) = (Vec::new(), [0u64; 4]);
        for (i, (t, ci, _)) in texts.iter().enumerate() {
            let i = u16::try_from(i).expect("fewer than 65,536 texts");
            match *t.as_bytes() {
                [only] => {
                    shorts.push(i);
                    for b in cases(only, *ci) {
                        short[usize::from(b >> 6)] |= 1 << (b & 63);
                    }
                }
                [first, second, ..] => {
                    for a in cases(first, *ci) {
                        for b in cases(second, *ci) {
                            let k = u16::try_from(bucket(a, b)).expect("below BUCKETS");
                            keyed.push((k, i));
                        }
                    }
                }
                [] => {}
            }
        }
        // The cases of one text never share a bucket (a test holds the hash to it), so no
        // text is listed twice under one bucket and found twice at one position.
        keyed.sort_unstable();
        let mut start = Box::new([0u16; BUCKETS + 1]);
        for &(k, _) in &keyed {
            start[usize::from(k) + 1] += 1;
        }
        for k in 0..BUCKETS {
            start[k + 1] += start[k];
        }
        Literals { texts, slots: keyed.into_iter().map(|(_, i)| i).collect(), start, shorts, short }
    }

    /// Calls `found` with each text that occurs in `hay` and where it starts, overlapping ones
    /// included.
    pub(crate) fn find_each(&self, hay: &[u8], mut found: impl FnMut(&T, usize)) {
        let matches = |text: &str, ci: bool, at: &[u8]| {
            let text = text.as_bytes();
            at.get(..text.len()).is_some_and(|at| if ci { at.eq_ignore_ascii_case(text) } else { at == text })
        };
        for (i, &b) in hay.iter().enumerate() {
            if !self.shorts.is_empty() && self.short[usize::from(b >> 6)] >> (b & 63) & 1 == 1 {
                for &slot in &self.shorts {
                    let (text, ci, what) = &self.texts[usize::from(slot)];
                    if matches(text, *ci, &hay[i..]) {
                        found(what, i);
                    }
                }
            }
            let Some(&next) = hay.get(i + 1) else { break };
            let k = bucket(b, next);
            let (lo, hi) = (usize::from(self.start[k]), usize::from(self.start[k + 1]));
            for &slot in &self.slots[lo..hi] {
                let (text, ci, what) = &self.texts[usize::from(slot)];
                if matches(text, *ci, &hay[i..]) {
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

    /// The texts a naive search finds, as often and where it finds them: random texts (ASCII
    /// case-insensitive or not, of one to five bytes, some sharing two first bytes) in random
    /// values over a small alphabet, so that texts occur often and overlap.
    #[test]
    fn every_text_is_found_as_a_naive_search_finds_it() {
        let alphabet = b"aAbBzZ_-09:/";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n as u64).expect("small")
        };
        for round in 0..300 {
            let count = 1 + next(12);
            let mut texts = Vec::new();
            for i in 0..count {
                let len = 1 + next(5);
                let text: String = (0..len).map(|_| char::from(alphabet[next(alphabet.len())])).collect();
                texts.push((text, next(2) == 1, i));
            }
            let literals = Literals::new(texts.clone());
            for _ in 0..5 {
                let len = next(40);
                let hay: Vec<u8> = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
                let mut hits = Vec::new();
                literals.find_each(&hay, |what, at| hits.push((*what, at)));
                let mut want = Vec::new();
                for (text, ci, what) in &texts {
                    let t = text.as_bytes();
                    for at in 0..hay.len() {
                        let window = hay.get(at..at + t.len());
                        if window.is_some_and(|w| if *ci { w.eq_ignore_ascii_case(t) } else { w == t }) {
                            want.push((*what, at));
                        }
                    }
                }
                hits.sort_unstable();
                want.sort_unstable();
                assert_eq!(hits, want, "round {round}: {texts:?} in {:?}", String::from_utf8_lossy(&hay));
            }
        }
    }

    /// The four cases of two letters fall in four buckets, so a case-insensitive text is
    /// listed once under each bucket it is in (`new` relies on it).
    #[test]
    fn the_cases_of_two_letters_never_share_a_bucket() {
        for a in b'a'..=b'z' {
            for b in b'a'..=b'z' {
                let mut ks: Vec<usize> = [(a, b), (a ^ 0x20, b), (a, b ^ 0x20), (a ^ 0x20, b ^ 0x20)]
                    .iter()
                    .map(|&(x, y)| bucket(x, y))
                    .collect();
                ks.sort_unstable();
                ks.dedup();
                assert_eq!(ks.len(), 4, "{}{}", char::from(a), char::from(b));
            }
        }
    }
}
