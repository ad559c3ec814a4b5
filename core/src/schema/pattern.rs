//! `pattern` (and `format: "regex"`): translating an ECMA-262 regular expression, the dialect
//! JSON Schema's patterns are written in, to the syntax of the `regex` crate, so that
//! `regex::Regex::new(&to_rust(p)?)` finds a match (anywhere in the string, unanchored) where
//! ECMA-262 would.
//!
//! The syntax accepted is ECMA-262's with the `u` flag's strictness (an escaped letter that is
//! no escape, a lone `]`, `{` or `}` are errors), widened with identity escapes of any
//! character that is not a letter or digit (`\-`, `\:`, `\ ` are common in patterns), with
//! `\p{…}` property escapes, named groups and the `(?ims-ims:…)` modifiers. What differs from
//! the `regex` crate is rewritten: `\d`, `\w`, `\s`, `\b` and `.` keep their ECMA-262 (ASCII,
//! ECMA white space, ECMA line terminators) meaning; `[` and the set operators `&&`, `--`, `~~`
//! are literals inside a class; `\uXXXX`, `\cX`, `\0` become `\x{…}`.
//!
//! Look-around and back-references have no linear-time equivalent: they are refused with their
//! own errors (after the whole pattern was checked, so a pattern that is also malformed is
//! `Invalid`), which lets `format: "regex"` accept them as valid ECMA-262.
//!
//! Left as the `regex` crate does it: in an `(?m:…)` group only `\n` ends a line for `^` and
//! `$` (ECMA-262 also `\r`, U+2028, U+2029); `(?i:…)` folds case as Unicode simple case folding
//! (as ECMA-262 does with the `u` flag); a repetition count above 2^32 - 1 is refused. The
//! translation always parses, but a huge counted repetition may pass the `regex` crate's size
//! limit, so `Regex::new` can still fail.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Why a pattern has no translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PatternError {
    /// A valid pattern with a look-ahead or look-behind (`(?=`, `(?!`, `(?<=`, `(?<!`).
    LookAround,
    /// A valid pattern with a back-reference (`\1`, `\k<name>`).
    Backreference,
    /// Not an ECMA-262 pattern; the reason, short.
    Invalid(String),
}

impl std::fmt::Display for PatternError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::LookAround => f.write_str("look-around is not supported"),
            Self::Backreference => f.write_str("back-references are not supported"),
            Self::Invalid(reason) => f.write_str(reason),
        }
    }
}

/// ECMA-262 `\s`: `WhiteSpace` (TAB, VT, FF, ZWNBSP, the Zs space separators) and
/// `LineTerminator` (LF, CR, LS, PS), as the inside of a `regex` class.
const SPACE: &str = r"\t\n\x0B\x0C\r \xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
/// ECMA-262 `.` without the `s` flag: anything but a line terminator.
const DOT: &str = r"[^\n\r\x{2028}\x{2029}]";
/// A class that matches nothing (ECMA-262 `[]`, or a lone surrogate, which no `&str` holds).
const NOTHING: &str = r"[^\x00-\x{10FFFF}]";

/// Translates an ECMA-262 pattern to `regex` crate syntax (borrowed when it needs no change).
pub(crate) fn to_rust(pattern: &str) -> Result<Cow<'_, str>, PatternError> {
    let mut t = Translator {
        src: pattern,
        i: 0,
        out: None,
        copied: 0,
        unsupported: None,
        groups: 0,
        max_backref: 0,
        names: Vec::new(),
        name_refs: Vec::new(),
    };
    t.run().map_err(PatternError::Invalid)?;
    if t.max_backref > t.groups {
        return Err(PatternError::Invalid(format!(
            "back-reference \\{} to a group that does not exist",
            t.max_backref
        )));
    }
    if let Some(missing) = t.name_refs.iter().find(|r| !t.names.contains(r)) {
        return Err(PatternError::Invalid(format!("back-reference to an unknown group name \"{missing}\"")));
    }
    if let Some(e) = t.unsupported {
        return Err(e);
    }
    Ok(match t.out {
        None => Cow::Borrowed(pattern),
        Some(mut s) => {
            s.push_str(&pattern[t.copied..]);
            Cow::Owned(s)
        }
    })
}

/// One open group.
struct Frame {
    /// `.` matches line terminators (the `s` modifier).
    dot_all: bool,
    /// A look-around: not quantifiable once closed.
    look: bool,
}

/// What the last item was, for the quantifier that may follow.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    /// Nothing quantifiable (start, `|`, `(`, `^`, `$`, `\b`, a look-around).
    None,
    /// An atom a quantifier may follow.
    Atom,
    /// A quantifier (a second one is an error).
    Quantifier,
}

struct Translator<'a> {
    src: &'a str,
    i: usize,
    /// The translation so far, once it differs from the source.
    out: Option<String>,
    /// How much of the source is accounted for in `out`.
    copied: usize,
    unsupported: Option<PatternError>,
    groups: u32,
    max_backref: u32,
    names: Vec<&'a str>,
    name_refs: Vec<&'a str>,
}

type Step<T = ()> = Result<T, String>;

impl<'a> Translator<'a> {
    fn peek(&self) -> Option<char> {
        self.src[self.i..].chars().next()
    }

    fn peek_at(&self, skip: usize) -> Option<char> {
        self.src[self.i..].chars().nth(skip)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += c.len_utf8();
            true
        } else {
            false
        }
    }

    /// The source from `start` to the current position translates to `text`.
    fn put(&mut self, start: usize, text: &str) {
        if self.out.is_none() && text == &self.src[start..self.i] {
            return;
        }
        let out = self.out.get_or_insert_with(String::new);
        out.push_str(&self.src[self.copied..start]);
        out.push_str(text);
        self.copied = self.i;
    }

    fn flag_unsupported(&mut self, e: PatternError) {
        if self.unsupported.is_none() {
            self.unsupported = Some(e);
        }
    }

    fn run(&mut self) -> Step {
        let mut stack: Vec<Frame> = Vec::new();
        let mut dot_all = false;
        let mut last = Last::None;
        while let Some(c) = self.peek() {
            let start = self.i;
            match c {
                '(' => {
                    self.i += 1;
                    let frame = self.open_group(start, dot_all)?;
                    dot_all = frame.dot_all;
                    stack.push(frame);
                    last = Last::None;
                }
                ')' => {
                    self.i += 1;
                    let Some(frame) = stack.pop() else { return Err("unmatched ')'".into()) };
                    dot_all = stack.last().is_some_and(|f| f.dot_all);
                    last = if frame.look { Last::None } else { Last::Atom };
                }
                '|' | '^' | '$' => {
                    self.i += 1;
                    last = Last::None;
                }
                '*' | '+' | '?' => {
                    self.i += 1;
                    Self::quantifier_follows(last)?;
                    self.eat('?');
                    last = Last::Quantifier;
                }
                '{' => {
                    self.i += 1;
                    Self::quantifier_follows(last)?;
                    self.braced_quantifier(start)?;
                    self.eat('?');
                    last = Last::Quantifier;
                }
                '}' => return Err("lone '}'".into()),
                ']' => return Err("lone ']'".into()),
                '[' => {
                    self.i += 1;
                    self.class(start)?;
                    last = Last::Atom;
                }
                '.' => {
                    self.i += 1;
                    self.put(start, if dot_all { "(?s:.)" } else { DOT });
                    last = Last::Atom;
                }
                '\\' => {
                    self.i += 1;
                    last = if self.atom_escape(start)? { Last::Atom } else { Last::None };
                }
                _ => {
                    self.i += c.len_utf8();
                    last = Last::Atom;
                }
            }
        }
        if !stack.is_empty() {
            return Err("unclosed group".into());
        }
        Ok(())
    }

    fn quantifier_follows(last: Last) -> Step {
        match last {
            Last::Atom => Ok(()),
            Last::Quantifier => Err("a quantifier follows a quantifier".into()),
            Last::None => Err("a quantifier follows nothing to repeat".into()),
        }
    }

    /// After `(`: the group's kind; rewrites names and modifiers.
    fn open_group(&mut self, start: usize, dot_all: bool) -> Step<Frame> {
        if !self.eat('?') {
            self.groups += 1;
            return Ok(Frame { dot_all, look: false });
        }
        match self.bump() {
            Some(':') => Ok(Frame { dot_all, look: false }),
            Some('=' | '!') => {
                self.flag_unsupported(PatternError::LookAround);
                Ok(Frame { dot_all, look: true })
            }
            Some('<') if matches!(self.peek(), Some('=' | '!')) => {
                self.i += 1;
                self.flag_unsupported(PatternError::LookAround);
                Ok(Frame { dot_all, look: true })
            }
            Some('<') => {
                let name = self.group_name()?;
                if self.names.contains(&name) {
                    return Err(format!("duplicate group name \"{name}\""));
                }
                self.names.push(name);
                self.groups += 1;
                self.put(start, "(");
                Ok(Frame { dot_all, look: false })
            }
            Some(c @ ('i' | 'm' | 's' | '-')) => {
                let (mut on, mut off) = (String::new(), String::new());
                let mut seen = String::new();
                let mut negative = false;
                let mut dot = dot_all;
                let mut f = Some(c);
                loop {
                    match f {
                        Some(':') => break,
                        Some('-') if !negative => negative = true,
                        Some(flag @ ('i' | 'm' | 's')) => {
                            if seen.contains(flag) {
                                return Err(format!("modifier '{flag}' given twice"));
                            }
                            seen.push(flag);
                            if flag == 's' {
                                dot = !negative;
                            } else if negative {
                                off.push(flag);
                            } else {
                                on.push(flag);
                            }
                        }
                        _ => return Err("invalid group modifiers".into()),
                    }
                    f = self.bump();
                }
                if seen.is_empty() {
                    return Err("a modifier group names no modifier".into());
                }
                let text = match (on.is_empty(), off.is_empty()) {
                    (true, true) => "(?:".to_string(),
                    (_, true) => format!("(?{on}:"),
                    _ => format!("(?{on}-{off}:"),
                };
                self.put(start, &text);
                Ok(Frame { dot_all: dot, look: false })
            }
            _ => Err("invalid group".into()),
        }
    }

    /// A group name up to and including `>`.
    fn group_name(&mut self) -> Step<&'a str> {
        let begin = self.i;
        let mut first = true;
        loop {
            match self.bump() {
                Some('>') if !first => return Ok(&self.src[begin..self.i - 1]),
                Some(c) if c == '$' || c == '_' || c.is_alphabetic() || (!first && c.is_alphanumeric()) => {
                    first = false;
                }
                _ => return Err("invalid group name".into()),
            }
        }
    }

    /// After `{`: `n}`, `n,}` or `n,m}`, written back with the counts normalised.
    fn braced_quantifier(&mut self, start: usize) -> Step {
        let min = self.count()?.ok_or("'{' without a repetition count")?;
        let max = if self.eat(',') { self.count()? } else { Some(min) };
        if !self.eat('}') {
            return Err("unclosed repetition count".into());
        }
        let text = match max {
            Some(max) if max < min => return Err("repetition counts out of order".into()),
            Some(max) if self.src[start..self.i].contains(',') => format!("{{{min},{max}}}"),
            Some(_) => format!("{{{min}}}"),
            None => format!("{{{min},}}"),
        };
        self.put(start, &text);
        Ok(())
    }

    fn count(&mut self) -> Step<Option<u32>> {
        let begin = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let digits = &self.src[begin..self.i];
        if digits.is_empty() {
            return Ok(None);
        }
        digits.parse().map(Some).map_err(|_| "repetition count too large".to_string())
    }

    /// After `\` outside a class. Returns whether the escape is quantifiable.
    fn atom_escape(&mut self, start: usize) -> Step<bool> {
        let Some(c) = self.bump() else { return Err("trailing '\\'".into()) };
        match c {
            'b' | 'B' => {
                self.put(start, if c == 'b' { r"(?-u:\b)" } else { r"(?-u:\B)" });
                Ok(false)
            }
            'd' => {
                self.put(start, "[0-9]");
                Ok(true)
            }
            'D' => {
                self.put(start, "[^0-9]");
                Ok(true)
            }
            'w' => {
                self.put(start, "[0-9A-Za-z_]");
                Ok(true)
            }
            'W' => {
                self.put(start, "[^0-9A-Za-z_]");
                Ok(true)
            }
            's' => {
                self.put(start, &format!("[{SPACE}]"));
                Ok(true)
            }
            'S' => {
                self.put(start, &format!("[^{SPACE}]"));
                Ok(true)
            }
            'p' | 'P' => {
                let text = self.property(c == 'P')?;
                self.put(start, &text);
                Ok(true)
            }
            '1'..='9' => {
                let begin = self.i - 1;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.i += 1;
                }
                let n = self.src[begin..self.i].parse::<u32>().unwrap_or(u32::MAX);
                self.max_backref = self.max_backref.max(n);
                self.flag_unsupported(PatternError::Backreference);
                Ok(true)
            }
            'k' => {
                if !self.eat('<') {
                    return Err("'\\k' without a group name".into());
                }
                let name = self.group_name()?;
                self.name_refs.push(name);
                self.flag_unsupported(PatternError::Backreference);
                Ok(true)
            }
            _ => {
                let code = self.character_escape(c)?;
                self.put_char(start, char::from_u32(code));
                Ok(true)
            }
        }
    }

    /// The escapes that stand for one character (after the `\`), shared by atoms and classes:
    /// its code point (a lone surrogate, from `\uD800`, is no `char`).
    fn character_escape(&mut self, c: char) -> Step<u32> {
        Ok(u32::from(match c {
            'f' => '\x0C',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\x0B',
            'c' => match self.peek() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.i += 1;
                    char::from(u8::try_from(l).unwrap_or(0) % 32)
                }
                _ => return Err("'\\c' without a control letter".into()),
            },
            '0' => {
                if self.peek().is_some_and(|d| d.is_ascii_digit()) {
                    return Err("octal escapes are not allowed".into());
                }
                '\0'
            }
            'x' => {
                let v = self.hex(2)?;
                return Ok(v);
            }
            'u' => return self.unicode_escape(),
            c if c.is_alphanumeric() => return Err(format!("unknown escape '\\{c}'")),
            c => c,
        }))
    }

    fn hex(&mut self, n: usize) -> Step<u32> {
        let mut v = 0;
        for _ in 0..n {
            let d = self.peek().and_then(|c| c.to_digit(16)).ok_or("invalid hexadecimal escape")?;
            self.i += 1;
            v = v * 16 + d;
        }
        Ok(v)
    }

    /// After `\u`: `XXXX` (a surrogate pair `\uD83D\uDE00` is one character) or `{X…}`.
    fn unicode_escape(&mut self) -> Step<u32> {
        if self.eat('{') {
            let mut v: u32 = 0;
            let mut digits = 0;
            while let Some(d) = self.peek().and_then(|c| c.to_digit(16)) {
                self.i += 1;
                digits += 1;
                v = v.saturating_mul(16).saturating_add(d);
            }
            if digits == 0 || !self.eat('}') || v > 0x10_FFFF {
                return Err("invalid '\\u{…}' escape".into());
            }
            return Ok(v);
        }
        let hi = self.hex(4)?;
        if (0xD800..0xDC00).contains(&hi) && self.src[self.i..].starts_with("\\u") {
            let back = self.i;
            self.i += 2;
            match self.hex(4) {
                Ok(lo) if (0xDC00..0xE000).contains(&lo) => {
                    return Ok(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
                }
                _ => self.i = back,
            }
        }
        Ok(hi)
    }

    /// After `\p` or `\P`: `{Name}` or `{Name=Value}`, checked against the `regex` crate's
    /// Unicode tables; the translation.
    fn property(&mut self, negated: bool) -> Step<String> {
        if !self.eat('{') {
            return Err("'\\p' without a property".into());
        }
        let begin = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '=') {
            self.i += 1;
        }
        let body = &self.src[begin..self.i];
        if !self.eat('}') || body.is_empty() || body.starts_with('=') || body.ends_with('=') {
            return Err("invalid property escape".into());
        }
        let text = format!("\\{}{{{body}}}", if negated { 'P' } else { 'p' });
        if regex::Regex::new(&text).is_err() {
            // The builds carry the general categories' table, not those of scripts, ages or
            // binary properties (docs/contract.md, "The JSON Schema validator").
            return Err(format!(
                "the Unicode property \"{body}\" is not available (general categories such as \\p{{L}} or \\p{{Lu}} are; scripts, ages and binary properties are not)"
            ));
        }
        Ok(text)
    }

    /// Writes one character outside a class (or nothing-matching, for a lone surrogate).
    fn put_char(&mut self, start: usize, ch: Option<char>) {
        let mut text = String::new();
        match ch {
            None => text.push_str(NOTHING),
            Some(ch) => push_char(&mut text, ch, false),
        }
        self.put(start, &text);
    }

    /// After `[`.
    fn class(&mut self, start: usize) -> Step {
        let negated = self.eat('^');
        if self.eat(']') {
            self.put(start, if negated { "(?s:.)" } else { NOTHING });
            return Ok(());
        }
        let mut text = String::from(if negated { "[^" } else { "[" });
        // Whether the class must be rewritten (else it is copied as written).
        let mut changed = false;
        let mut first = true;
        loop {
            let item_start = self.i;
            let lo = self.class_atom()?;
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']') {
                self.i += 1;
                let hi = self.class_atom()?;
                let (Some(lo_code), Some(hi_code)) = (lo.code(), hi.code()) else {
                    return Err("a class escape in a range".into());
                };
                if lo_code > hi_code {
                    return Err("class range out of order".into());
                }
                if let (ClassAtom::Char(lo, lo_escaped), ClassAtom::Char(hi, hi_escaped)) = (&lo, &hi) {
                    changed |= *lo_escaped || *hi_escaped || needs_class_escape(*lo) || needs_class_escape(*hi);
                } else {
                    changed = true;
                }
                push_range(&mut text, lo_code, hi_code);
            } else {
                match lo {
                    ClassAtom::Set(set) => {
                        text.push_str(&set);
                        changed = true;
                    }
                    ClassAtom::Surrogate(_) => {
                        text.push_str(NOTHING);
                        changed = true;
                    }
                    ClassAtom::Char(ch, escaped) => {
                        let edge = first || self.peek() == Some(']');
                        // Rust's set operators `--`, `&&`, `~~`.
                        let doubled = matches!(ch, '-' | '&' | '~')
                            && (self.peek() == Some(ch) || self.src[..item_start].ends_with(ch));
                        if !escaped && ((ch == '-' && edge && !doubled) || (ch == '^' && !first)) {
                            text.push(ch);
                        } else {
                            changed |= escaped || needs_class_escape(ch) || doubled;
                            push_char(&mut text, ch, true);
                        }
                    }
                }
            }
            first = false;
            match self.peek() {
                None => return Err("unclosed class".into()),
                Some(']') => {
                    self.i += 1;
                    break;
                }
                Some(_) => {}
            }
        }
        text.push(']');
        if changed {
            self.put(start, &text);
        }
        Ok(())
    }

    /// One class atom.
    fn class_atom(&mut self) -> Step<ClassAtom> {
        let Some(c) = self.bump() else { return Err("unclosed class".into()) };
        if c != '\\' {
            return Ok(ClassAtom::Char(c, false));
        }
        let Some(e) = self.bump() else { return Err("unclosed class".into()) };
        let set = |s: &str| Ok(ClassAtom::Set(s.to_string()));
        match e {
            'd' => set("0-9"),
            'D' => set("[^0-9]"),
            'w' => set("0-9A-Za-z_"),
            'W' => set("[^0-9A-Za-z_]"),
            's' => set(SPACE),
            'S' => set(&format!("[^{SPACE}]")),
            'b' => Ok(ClassAtom::Char('\x08', true)),
            '-' => Ok(ClassAtom::Char('-', true)),
            'p' | 'P' => Ok(ClassAtom::Set(self.property(e == 'P')?)),
            'B' | '1'..='9' | 'k' => Err(format!("'\\{e}' in a class")),
            _ => {
                let code = self.character_escape(e)?;
                Ok(char::from_u32(code).map_or(ClassAtom::Surrogate(code), |ch| ClassAtom::Char(ch, true)))
            }
        }
    }
}

/// An item of a class.
enum ClassAtom {
    /// One character, and whether it was written as an escape.
    Char(char, bool),
    /// A lone surrogate (`\uD800`): no character of a `&str`, but a range may end at it.
    Surrogate(u32),
    /// A set of characters (`\d`, `\p{…}`), as the inside of a `regex` class.
    Set(String),
}

impl ClassAtom {
    /// The code point of a single character, for a range.
    fn code(&self) -> Option<u32> {
        match self {
            Self::Char(c, _) => Some(u32::from(*c)),
            Self::Surrogate(code) => Some(*code),
            Self::Set(_) => None,
        }
    }
}

/// Writes the range `lo-hi` of code points, less the surrogates no `&str` holds.
fn push_range(out: &mut String, lo: u32, hi: u32) {
    let mut any = false;
    for (a, b) in [(lo, hi.min(0xD7FF)), (lo.max(0xE000), hi)] {
        if let (true, Some(a), Some(b)) = (a <= b, char::from_u32(a), char::from_u32(b)) {
            push_char(out, a, true);
            if b != a {
                out.push('-');
                push_char(out, b, true);
            }
            any = true;
        }
    }
    if !any {
        out.push_str(NOTHING);
    }
}

/// A character that must be escaped inside a `regex` class.
fn needs_class_escape(c: char) -> bool {
    matches!(c, '[' | ']' | '\\' | '^' | '-' | '&' | '~') || c.is_control()
}

/// Writes `c` as a `regex` literal (inside a class when `in_class`).
fn push_char(out: &mut String, c: char, in_class: bool) {
    let meta = if in_class {
        needs_class_escape(c)
    } else {
        matches!(
            c,
            '\\' | '.' | '+' | '*' | '?' | '(' | ')' | '|' | '[' | ']' | '{' | '}' | '^' | '$' | '#' | '&' | '-' | '~'
        )
    };
    if c.is_control() || c == ' ' {
        let _ = write!(out, "\\x{{{:X}}}", u32::from(c));
    } else if meta {
        out.push('\\');
        out.push(c);
    } else {
        out.push(c);
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::{PatternError, to_rust};
    use std::borrow::Cow;

    /// A small seeded generator (xorshift64*), so the mutated corpus is the same on every run.
    pub(crate) struct Rng(pub(crate) u64);

    impl Rng {
        pub(crate) fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        pub(crate) fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % (n as u64)).unwrap()
        }
    }

    /// Characters mutations insert: the ones the grammars treat specially, and some outside
    /// them.
    const SPECIALS: &str = concat!(
        "%:/?#[]@!$&'()*+,;=-._~0123456789aAzZxXvVTtPWDYMHSl{}\\\"<>^`| \t\n",
        "\u{0}\u{7f}\u{a0}é·͵׳・٠۰\u{200d}\u{302e}。ßü\u{e000}\u{fffe}\u{10000}"
    );

    /// `value` with one character deleted, inserted or replaced (one to three times).
    pub(crate) fn mutate(value: &str, rng: &mut Rng) -> String {
        let specials: Vec<char> = SPECIALS.chars().collect();
        let mut chars: Vec<char> = value.chars().collect();
        for _ in 0..=rng.below(3) {
            let pick = |rng: &mut Rng, chars: &[char]| {
                if chars.is_empty() || rng.below(2) == 0 {
                    specials[rng.below(specials.len())]
                } else {
                    chars[rng.below(chars.len())]
                }
            };
            match rng.below(3) {
                0 if !chars.is_empty() => {
                    chars.remove(rng.below(chars.len()));
                }
                1 if !chars.is_empty() => {
                    let at = rng.below(chars.len());
                    chars[at] = pick(rng, &chars);
                }
                _ => {
                    let c = pick(rng, &chars);
                    chars.insert(rng.below(chars.len() + 1), c);
                }
            }
        }
        chars.into_iter().collect()
    }

    fn matches(pattern: &str, s: &str) -> bool {
        let rust = to_rust(pattern).unwrap_or_else(|e| panic!("{pattern:?}: {e}"));
        regex::Regex::new(&rust).unwrap_or_else(|e| panic!("{pattern:?} -> {rust:?}: {e}")).is_match(s)
    }

    #[test]
    fn plain_patterns_are_borrowed() {
        for p in ["^[A-Z_]+$", "^https?://", "a|b", "^(foo|bar)+$", "[a-z0-9-]", "x{2,3}", "^\\.\\*$", "[^a]"] {
            assert!(matches!(to_rust(p), Ok(Cow::Borrowed(_))), "{p}: {:?}", to_rust(p));
        }
    }

    #[test]
    fn translations() {
        for (p, rust) in [
            ("\\d", "[0-9]"),
            ("\\D", "[^0-9]"),
            ("\\w+", "[0-9A-Za-z_]+"),
            ("[\\d.]", "[0-9.]"),
            ("[\\D]", "[[^0-9]]"),
            ("\\/", "/"),
            (".", "[^\\n\\r\\x{2028}\\x{2029}]"),
            ("(?s:.)", "(?:(?s:.))"),
            ("(?<year>\\d{4})", "([0-9]{4})"),
            ("a{010,10}", "a{10,10}"),
            ("[a&&b]", "[a\\&\\&b]"),
            ("[a-z--b]", "[a-z\\--b]"),
            ("[a-c-e]", "[a-c\\-e]"),
            ("[~~]", "[\\~\\~]"),
            ("[[a]", "[\\[a]"),
            ("\\cJ", "\\x{A}"),
            ("\\u0041", "A"),
            ("\\uD83D\\uDE00", "\u{1F600}"),
            ("[]", "[^\\x00-\\x{10FFFF}]"),
            ("[^]", "(?s:.)"),
            ("\\bx", "(?-u:\\b)x"),
        ] {
            assert_eq!(to_rust(p).as_deref(), Ok(rust), "{p}");
        }
    }

    #[test]
    fn ecma_semantics() {
        for (p, s, expected) in [
            ("\\d", "٣", false),
            ("\\d", "7", true),
            ("\\w", "é", false),
            ("\\W", "é", true),
            ("^\\s$", "\u{FEFF}", true),
            ("^\\s$", "\u{2028}", true),
            ("^\\s$", "\u{85}", false),
            ("^\\S$", "\u{85}", true),
            ("^[\\s]$", "\u{3000}", true),
            ("^[^\\s]$", "\u{3000}", false),
            ("^[\\S]$", "a", true),
            ("^.$", "\n", false),
            ("^.$", "\r", false),
            ("^.$", "\u{2028}", false),
            ("^.$", "\u{85}", true),
            ("^(?s:.)$", "\n", true),
            ("^[^]$", "\n", true),
            ("[]", "", false),
            ("[]", "a", false),
            ("\\bé", " é", false),
            ("a\\b", "aé", true),
            ("^[[]$", "[", true),
            ("^[a&&b]$", "&", true),
            ("^[a-c-e]$", "-", true),
            ("^[a-c-e]$", "d", false),
            ("^\\cJ$", "\n", true),
            ("^[\\cJ]$", "\n", true),
            ("^\\u00e9$", "é", true),
            ("^\\u{1F600}$", "\u{1F600}", true),
            ("^\\uD83D$", "\u{1F600}", false),
            ("^[\\b]$", "\u{8}", true),
            ("^\\0$", "\0", true),
            ("^\\x41$", "A", true),
            ("^a{2}$", "aa", true),
            ("^a{2,}$", "a", false),
            ("abc", "xabcx", true),
            ("^\\p{Lu}+$", "ÀB", true),
            ("^\\P{Lu}+$", "ÀB", false),
            ("^[\\p{Nd}]$", "٣", true),
            ("(?i:a)B", "Ab", false),
            ("(?i:a)B", "AB", true),
            ("^\\-\\:\\ $", "-: ", true),
            ("^\\x7e$", "~", true),
            ("^\\<\\>$", "<>", true),
            ("\\<", "a", false),
            ("^[\\uD800-\\uFFFF]$", "\u{E000}", true),
            ("^[\\uD800-\\uFFFF]$", "\u{D7FF}", false),
            ("^[\\0-\\uDBFF]$", "\u{D7FF}", true),
        ] {
            assert_eq!(matches(p, s), expected, "{p:?} on {s:?}");
        }
    }

    #[test]
    fn refusals() {
        for p in ["(?=a)", "(?!a)b", "a(?<=b)", "(?<!a)b"] {
            assert_eq!(to_rust(p), Err(PatternError::LookAround), "{p}");
        }
        for p in ["(a)\\1", "(?<n>a)\\k<n>", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10"] {
            assert_eq!(to_rust(p), Err(PatternError::Backreference), "{p}");
        }
        for p in [
            "(?=a",
            "(?=a)*",
            "\\1",
            "(a)\\2",
            "\\k<n>",
            "(?<n>a)\\k<m>",
            "(",
            ")",
            "[",
            "[a",
            "]",
            "{",
            "}",
            "a{",
            "a{2",
            "a{,2}",
            "a{2,1}",
            "*",
            "a**",
            "a|*",
            "^*",
            "$+",
            "\\b+",
            "\\",
            "\\a",
            "\\z",
            "\\é",
            "\\c",
            "\\c1",
            "\\x4",
            "\\u12",
            "\\u{110000}",
            "\\u{}",
            "\\00",
            "\\01",
            "\\p",
            "\\pL",
            "\\p{}",
            "\\p{Nope}",
            "[z-a]",
            "[\\d-z]",
            "[a-\\w]",
            "[\\B]",
            "[\\1]",
            "(?P<n>a)",
            "(?<>a)",
            "(?<1>a)",
            "(?<a>x)(?<a>y)",
            "(?i)a",
            "(?ii:a)",
            "(?-:a)",
            "(?u:a)",
            "(?#c)",
            "a{99999999999}",
        ] {
            assert!(matches!(to_rust(p), Err(PatternError::Invalid(_))), "{p}: {:?}", to_rust(p));
        }
    }

    /// Patterns the differential tests start from: the features the translation rewrites, and
    /// the kind contracts use.
    pub(crate) const PATTERNS: &[&str] = &[
        "^[A-Z_][A-Z0-9_]*$",
        "^https?://",
        "^\\d{3}-\\d{4}$",
        "\\w+@\\w+\\.\\w+",
        "^\\s*$",
        "\\S",
        "^[^\\s]+$",
        "^.$",
        "^.*$",
        "a.c",
        "^[\\w.-]+$",
        "^[\\d\\s]+$",
        "^[\\D]+$",
        "^[^\\W]+$",
        "\\bword\\b",
        "\\Bor\\B",
        "^(foo|bar)+$",
        "^(?:a|b){2,3}$",
        "^a{2}$",
        "^a{1,}$",
        "^a+?b*?c??$",
        "^[a-c-e]+$",
        "[[]",
        "^[a&&b]+$",
        "^[a-z--b]+$",
        "^[~~]$",
        "\\/",
        "^\\/api\\/v\\d+$",
        "\\cJ",
        "^\\u00e9+$",
        "\\uD83D\\uDE00",
        "^\\u{1F600}$",
        "[]",
        "[^]",
        "^[\\b]$",
        "\\0",
        "\\x41",
        "^\\p{L}+$",
        "^\\P{L}+$",
        "^[\\p{Lu}\\d]+$",
        "(?i:abc)",
        "(?s:a.b)",
        "(?<name>[a-z]+)-\\d",
        "^\\-?\\d+(\\.\\d+)?$",
        "^[\\-+]?\\d+$",
        "^\\$\\{[A-Z]+\\}$",
        "^[^\\x00-\\x1f]*$",
        "^(?:[0-9]{1,3}\\.){3}[0-9]{1,3}$",
        "^[0-9a-f]{8}-[0-9a-f]{4}$",
        "^(prod|staging|dev)$",
        "^$",
        "",
        "^[ \\t]+",
        "[\\s\\S]",
        "^[\\]]$",
        "^\\]$",
        "^[\\^a]$",
        "^[a^]$",
        "[\\[\\]]",
        "é+",
        "^(a|)$",
        "^\\<\\w+\\>$",
        "[\\uD800-\\uFFFF]",
    ];

    /// Strings the patterns are tried on: ASCII, the white space and line terminators ECMA-262
    /// and the `regex` crate tell apart, non-ASCII letters and digits.
    const STRINGS: &[&str] = &[
        "",
        "a",
        "A",
        "abc",
        "ABC_1",
        "_X",
        "foo",
        "foobar",
        "barfoo",
        "aa",
        "aaa",
        "aab",
        "ac",
        "abbc",
        "a\nc",
        "a\rc",
        "a\u{2028}c",
        "a\u{85}c",
        "\n",
        "\r",
        "\u{2028}",
        "\u{2029}",
        "\u{85}",
        "\u{a0}",
        "\u{feff}",
        "\u{3000}",
        "\u{1680}",
        "\u{200b}",
        " ",
        "\t",
        "\u{b}",
        "\u{c}",
        "é",
        "éé",
        "É",
        "٣",
        "7",
        "123-4567",
        "a@b.c",
        "word",
        "a word here",
        "sword",
        "https://x",
        "http:/x",
        "/api/v2",
        "/",
        "\u{1F600}",
        "\u{8}",
        "\0",
        "A1",
        "-12.5",
        "+3",
        "${HOME}",
        "192.168.0.1",
        "deadbeef-0123",
        "prod",
        "dev ",
        "\u{1}x",
        "[",
        "]",
        "^",
        "&",
        "-",
        "~",
        "a-c",
        "d",
        "e",
        "ſ",
        "K",
        "\u{212A}",
        "x y",
    ];

    /// Where a match may differ from jsonschema's, and why.
    fn deviation(pattern: &str, s: &str) -> Option<&'static str> {
        if (pattern.contains("\\b") || pattern.contains("\\B")) && !s.is_ascii() {
            return Some(
                "ECMA-262's \\b (without the u and i flags) knows ASCII word characters only; jsonschema's is Unicode",
            );
        }
        if pattern.contains("\\<") || pattern.contains("\\>") {
            return Some("ECMA-262's \\< and \\> are the characters < and >; jsonschema leaves them word boundaries");
        }
        let s_modifier = pattern.split("(?").skip(1).any(|after| {
            let flags: &str = after.split(':').next().unwrap_or("");
            flags.contains('s') && flags.chars().all(|c| matches!(c, 'i' | 'm' | 's' | '-'))
        });
        if s_modifier && s.contains(['\n', '\r', '\u{2028}', '\u{2029}']) {
            return Some("the s modifier makes . match line terminators (ES2025); jsonschema's . ignores it");
        }
        None
    }

    /// Compares matches on `STRINGS`; the number compared, and the patterns jsonschema's
    /// `pattern` refuses though its `format: "regex"` says they are valid ECMA-262 (`[]`, `[^]`,
    /// `\0`, `[\b]`, surrogate escapes, escaped non-ASCII punctuation): no match to compare.
    pub(super) fn compare(patterns: &[String], disagreements: &mut Vec<String>) -> (usize, usize) {
        let regex_format = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&serde_json::json!({"format": "regex"}))
            .unwrap();
        let (mut compared, mut skipped) = (0, 0);
        for p in patterns {
            let Ok(rust) = to_rust(p) else { continue };
            let re = regex::Regex::new(&rust).unwrap_or_else(|e| panic!("{p:?} -> {rust:?} does not compile: {e}"));
            let Ok(theirs) = jsonschema::draft202012::new(&serde_json::json!({ "pattern": p })) else {
                if regex_format.is_valid(&serde_json::json!(p)) {
                    skipped += 1;
                } else {
                    disagreements.push(format!("{p:?}: we translate it, jsonschema says it is no regex"));
                }
                continue;
            };
            for s in STRINGS {
                let theirs = theirs.is_valid(&serde_json::json!(s));
                compared += 1;
                if re.is_match(s) != theirs && deviation(p, s).is_none() {
                    disagreements.push(format!("{p:?} on {s:?}: ours {}, jsonschema {theirs}", !theirs));
                }
            }
        }
        (compared, skipped)
    }

    #[test]
    fn matches_agree_with_jsonschema() {
        let patterns: Vec<String> = PATTERNS.iter().map(|p| (*p).to_string()).collect();
        for p in &patterns {
            assert!(to_rust(p).is_ok(), "{p:?}: {:?}", to_rust(p));
        }
        let mut disagreements = Vec::new();
        let (compared, skipped) = compare(&patterns, &mut disagreements);
        assert!(skipped <= 10 && compared >= (PATTERNS.len() - skipped) * STRINGS.len(), "{compared}, {skipped}");
        assert!(disagreements.is_empty(), "{} disagreements:\n{}", disagreements.len(), disagreements.join("\n"));
    }

    #[test]
    fn mutated_patterns_compile_and_agree_with_jsonschema() {
        let mut rng = Rng(0x0BAD_5EED_CAFE_F00D);
        let patterns: Vec<String> = (0..3000).map(|_| mutate(PATTERNS[rng.below(PATTERNS.len())], &mut rng)).collect();
        let mut disagreements = Vec::new();
        let (compared, skipped) = compare(&patterns, &mut disagreements);
        assert!(compared > 1000 * STRINGS.len() && skipped < 300, "{compared}, {skipped}");
        assert!(disagreements.is_empty(), "{} disagreements:\n{}", disagreements.len(), disagreements.join("\n"));
    }

    /// Pieces random patterns are made of: the syntax the translation handles, valid or not
    /// once put together.
    const PIECES: &[&str] = &[
        "(", ")", "(?:", "(?=", "(?<n>", "(?i:", "(?s:", "(?-i:", "[", "]", "[^", "-", "&", "&&", "~", "--", "\\",
        "\\d", "\\w", "\\s", "\\S", "\\D", "\\W", "\\b", "\\B", "\\p{L}", "\\u0041", "\\uD83D", "\\uDE00", "\\cA",
        "\\0", "\\x41", "\\-", "\\]", "\\[", "\\/", "\\1", "{", "}", "{2}", "{1,3}", "{2,}", ",", "*", "+", "?", "|",
        "^", "$", ".", "a", "b", "z", "0", "9", "é", " ", "#", "<", ">", "\\<", "\\k<n>", "\\.", "[a-z]", "[]", "[^]",
    ];

    #[test]
    fn random_patterns_compile_and_agree_with_jsonschema() {
        let mut rng = Rng(77);
        let random =
            |rng: &mut Rng| -> String { (0..=rng.below(8)).map(|_| PIECES[rng.below(PIECES.len())]).collect() };
        let regex_format = jsonschema::draft202012::options()
            .should_validate_formats(true)
            .build(&serde_json::json!({"format": "regex"}))
            .unwrap();
        let mut disagreements = Vec::new();
        let mut translated = 0;
        for _ in 0..20_000 {
            let p = random(&mut rng);
            let t = to_rust(&p);
            if let Ok(rust) = &t {
                translated += 1;
                assert!(regex::Regex::new(rust).is_ok(), "{p:?} -> {rust:?} does not compile");
            }
            let ours = !matches!(t, Err(PatternError::Invalid(_)));
            if ours != regex_format.is_valid(&serde_json::json!(p)) {
                disagreements.push(format!("{p:?}: valid ECMA-262 for us {ours}, for jsonschema {}", !ours));
            }
        }
        assert!(translated > 4000, "{translated}");
        let patterns: Vec<String> = (0..4000).map(|_| random(&mut rng)).collect();
        let (compared, _) = compare(&patterns, &mut disagreements);
        assert!(compared > 50_000, "{compared}");
        assert!(disagreements.is_empty(), "{} disagreements:\n{}", disagreements.len(), disagreements.join("\n"));
    }
}
