//! ECMA-262 pattern syntax, in `u` mode and in the web-compatibility grammar of Annex B.
//!
//! [`parse`] reads the pattern the way a JSON Schema validator in JavaScript would: with the `u`
//! flag when the pattern is valid under it, otherwise without flags (which every browser and
//! Node read with Annex B). Constructs the compiler cannot express exactly (backreferences,
//! lookbehind, inline modifiers) are reported as unsupported rather than approximated.

use std::collections::BTreeSet;

use super::PatternError;
use super::ast::{Assertion, Mode, Node};
use super::charset::CharSet;
use super::unicode::{self, PropertyError};

/// A parse failure, remembering whether the pattern is invalid (so the other mode may still
/// accept it) or valid but beyond this compiler.
#[derive(Debug)]
struct Failure {
    unsupported: bool,
    error: PatternError,
}

/// Parses `pattern`, preferring `u` mode as described in the module docs.
pub fn parse(pattern: &str) -> Result<(Node, Mode), PatternError> {
    match Parser::new(pattern, Mode::Unicode).run() {
        Ok(node) => Ok((node, Mode::Unicode)),
        Err(failure) if failure.unsupported => Err(failure.error),
        Err(_) => match Parser::new(pattern, Mode::Legacy).run() {
            Ok(node) => Ok((node, Mode::Legacy)),
            Err(failure) => Err(failure.error),
        },
    }
}

/// Parses in one mode only (tests use it to pin a mode).
#[cfg(test)]
pub fn parse_in(pattern: &str, mode: Mode) -> Result<Node, PatternError> {
    Parser::new(pattern, mode).run().map_err(|f| f.error)
}

const SYNTAX_CHARS: &str = "^$\\.*+?()[]{}|";

enum ClassAtom {
    Char(u32),
    Set(CharSet),
}

struct Parser<'a> {
    source: &'a str,
    /// Code points in `u` mode, UTF-16 code units otherwise: what JavaScript reads.
    chars: Vec<u32>,
    /// Byte offset in `source` of each element of `chars` (both halves of a pair share one).
    offsets: Vec<usize>,
    pos: usize,
    mode: Mode,
    capture_count: u32,
    group_names: BTreeSet<String>,
    /// Names seen so far, to refuse duplicates.
    defined_names: BTreeSet<String>,
}

fn is_syntax(c: u32) -> bool {
    char::from_u32(c).is_some_and(|c| SYNTAX_CHARS.contains(c))
}

fn hex_value(c: u32) -> Option<u32> {
    char::from_u32(c).and_then(|c| c.to_digit(16))
}

fn is_ascii_letter(c: u32) -> bool {
    char::from_u32(c).is_some_and(|c| c.is_ascii_alphabetic())
}

fn is_digit(c: u32) -> bool {
    (0x30..=0x39).contains(&c)
}

impl<'a> Parser<'a> {
    fn new(source: &'a str, mode: Mode) -> Self {
        let mut chars = Vec::new();
        let mut offsets = Vec::new();
        for (offset, c) in source.char_indices() {
            match mode {
                Mode::Unicode => {
                    chars.push(u32::from(c));
                    offsets.push(offset);
                }
                Mode::Legacy => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        chars.push(u32::from(*unit));
                        offsets.push(offset);
                    }
                }
            }
        }
        let mut parser = Parser {
            source,
            chars,
            offsets,
            pos: 0,
            mode,
            capture_count: 0,
            group_names: BTreeSet::new(),
            defined_names: BTreeSet::new(),
        };
        parser.scan_groups();
        parser
    }

    /// Counts capture groups and collects group names ahead of parsing, because `\2` and
    /// `\k<name>` may refer forward and their meaning (in Annex B) depends on what exists.
    fn scan_groups(&mut self) {
        let mut i = 0;
        let mut in_class = false;
        while i < self.chars.len() {
            let c = self.chars[i];
            if c == u32::from('\\') {
                i += 2;
                continue;
            }
            if in_class {
                in_class = c != u32::from(']');
            } else if c == u32::from('[') {
                in_class = true;
            } else if c == u32::from('(') {
                if self.chars.get(i + 1) != Some(&u32::from('?')) {
                    self.capture_count += 1;
                } else if self.chars.get(i + 2) == Some(&u32::from('<'))
                    && !matches!(self.chars.get(i + 3).copied(), Some(0x3D | 0x21))
                {
                    self.capture_count += 1;
                    let name: String = self.chars[i + 3..]
                        .iter()
                        .take_while(|&&c| c != u32::from('>'))
                        .filter_map(|&c| char::from_u32(c))
                        .collect();
                    self.group_names.insert(name);
                }
            }
            i += 1;
        }
    }

    fn run(mut self) -> Result<Node, Failure> {
        let node = self.disjunction()?;
        if self.pos < self.chars.len() {
            // Only an unbalanced `)` stops a top-level disjunction early.
            return Err(self.syntax(self.pos, "`)`", "closes a group that was never opened"));
        }
        Ok(node)
    }

    // ---- errors -------------------------------------------------------------------------

    fn offset(&self, at: usize) -> usize {
        self.offsets.get(at).copied().unwrap_or(self.source.len())
    }

    fn text(&self, from: usize, to: usize) -> &'a str {
        &self.source[self.offset(from)..self.offset(to)]
    }

    fn syntax(&self, at: usize, construct: &str, reason: &str) -> Failure {
        Failure {
            unsupported: false,
            error: PatternError {
                construct: construct.to_owned(),
                offset: self.offset(at),
                reason: reason.to_owned(),
            },
        }
    }

    fn unsupported(&self, at: usize, construct: String, reason: &str) -> Failure {
        Failure {
            unsupported: true,
            error: PatternError {
                construct,
                offset: self.offset(at),
                reason: reason.to_owned(),
            },
        }
    }

    // ---- cursor -------------------------------------------------------------------------

    fn peek(&self) -> Option<u32> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u32> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(u32::from(c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn looking_at(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(i, c)| self.peek_at(i) == Some(u32::from(c)))
    }

    // ---- disjunctions and terms ---------------------------------------------------------

    fn disjunction(&mut self) -> Result<Node, Failure> {
        let mut alternatives = vec![self.alternative()?];
        while self.eat('|') {
            alternatives.push(self.alternative()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alternation(alternatives)
        })
    }

    fn alternative(&mut self) -> Result<Node, Failure> {
        let mut terms = Vec::new();
        while let Some(c) = self.peek() {
            if c == u32::from('|') || c == u32::from(')') {
                break;
            }
            terms.push(self.term()?);
        }
        Ok(match terms.len() {
            0 => Node::Empty,
            1 => terms.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(terms),
        })
    }

    fn term(&mut self) -> Result<Node, Failure> {
        let start = self.pos;
        // Assertions that can never take a quantifier.
        let assertion = if self.eat('^') {
            Some((Assertion::Start, false))
        } else if self.eat('$') {
            Some((Assertion::End, false))
        } else if self.looking_at("\\b") {
            self.pos += 2;
            Some((Assertion::WordBoundary, false))
        } else if self.looking_at("\\B") {
            self.pos += 2;
            Some((Assertion::WordBoundary, true))
        } else {
            None
        };
        if let Some((assertion, negated)) = assertion {
            self.refuse_quantifier(start)?;
            return Ok(Node::Assert { assertion, negated });
        }
        if self.looking_at("(?<=") || self.looking_at("(?<!") {
            let construct = format!("lookbehind `{}`", self.text(start, start + 4));
            return Err(self.unsupported(
                start,
                construct,
                "is not supported: the compiled matcher only reads forwards",
            ));
        }
        if self.looking_at("(?=") || self.looking_at("(?!") {
            let negated = self.peek_at(2) == Some(u32::from('!'));
            self.pos += 3;
            let body = self.disjunction()?;
            self.close_group(start)?;
            let node = Node::LookAhead {
                node: Box::new(body),
                negated,
            };
            // Annex B lets a lookahead take a quantifier; `u` mode does not.
            return match self.mode {
                Mode::Unicode => {
                    self.refuse_quantifier(start)?;
                    Ok(node)
                }
                Mode::Legacy => self.quantified(node),
            };
        }
        let atom = self.atom()?;
        self.quantified(atom)
    }

    fn close_group(&mut self, open: usize) -> Result<(), Failure> {
        if self.eat(')') {
            Ok(())
        } else {
            Err(self.syntax(open, "group `(`", "is never closed"))
        }
    }

    fn refuse_quantifier(&mut self, term_start: usize) -> Result<(), Failure> {
        let at = self.pos;
        if self.quantifier()?.is_some() {
            let construct = format!("quantifier after `{}`", self.text(term_start, at));
            return Err(self.syntax(at, &construct, "has nothing it may repeat"));
        }
        Ok(())
    }

    fn quantified(&mut self, node: Node) -> Result<Node, Failure> {
        match self.quantifier()? {
            Some((min, max)) => Ok(Node::Repeat {
                node: Box::new(node),
                min,
                max,
            }),
            None => Ok(node),
        }
    }

    /// Reads a quantifier if one starts here; a trailing `?` (lazy) is consumed and ignored,
    /// since laziness only changes which match is found.
    fn quantifier(&mut self) -> Result<Option<(u32, Option<u32>)>, Failure> {
        let start = self.pos;
        let bounds = match self.peek().and_then(char::from_u32) {
            Some('*') => {
                self.pos += 1;
                (0, None)
            }
            Some('+') => {
                self.pos += 1;
                (1, None)
            }
            Some('?') => {
                self.pos += 1;
                (0, Some(1))
            }
            Some('{') => match self.braced_quantifier() {
                Some(bounds) => bounds,
                None if self.mode == Mode::Legacy => return Ok(None),
                None => {
                    return Err(self.syntax(
                        start,
                        "`{`",
                        "is neither a quantifier `{n}`, `{n,}`, `{n,m}` nor escaped (`\\{`), \
                         which `u` mode requires",
                    ));
                }
            },
            _ => return Ok(None),
        };
        if let (min, Some(max)) = bounds
            && min > max
        {
            let construct = format!("quantifier `{}`", self.text(start, self.pos));
            return Err(self.syntax(start, &construct, "has its bounds out of order"));
        }
        self.eat('?');
        Ok(Some(bounds))
    }

    /// `{n}`, `{n,}` or `{n,m}`; leaves the cursor alone when there is none.
    fn braced_quantifier(&mut self) -> Option<(u32, Option<u32>)> {
        let save = self.pos;
        self.pos += 1;
        let parsed = (|| {
            let min = self.decimal()?;
            if self.eat('}') {
                return Some((min, Some(min)));
            }
            if !self.eat(',') {
                return None;
            }
            if self.eat('}') {
                return Some((min, None));
            }
            let max = self.decimal()?;
            self.eat('}').then_some((min, Some(max)))
        })();
        if parsed.is_none() {
            self.pos = save;
        }
        parsed
    }

    /// A decimal number, saturating (ECMA-262 allows any size; huge bounds fail later as too big).
    fn decimal(&mut self) -> Option<u32> {
        let start = self.pos;
        let mut value: u32 = 0;
        while let Some(c) = self.peek().filter(|&c| is_digit(c)) {
            value = value.saturating_mul(10).saturating_add(c - 0x30);
            self.pos += 1;
        }
        (self.pos > start).then_some(value)
    }

    // ---- atoms --------------------------------------------------------------------------

    fn atom(&mut self) -> Result<Node, Failure> {
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Ok(Node::Empty);
        };
        self.pos += 1;
        match char::from_u32(c) {
            Some('.') => Ok(Node::Class(
                unicode::line_terminator().complement(self.mode.max_char()),
            )),
            Some('(') => self.group(start),
            Some('[') => self.class(start),
            Some('\\') => self.atom_escape(start),
            Some('*' | '+' | '?') => {
                let construct = format!("quantifier `{}`", char::from_u32(c).unwrap_or('?'));
                Err(self.syntax(start, &construct, "has nothing it may repeat"))
            }
            Some('{') => {
                self.pos = start;
                if self.mode == Mode::Unicode || self.braced_quantifier().is_some() {
                    let construct =
                        format!("quantifier `{}`", self.text(start, self.pos.max(start + 1)));
                    return Err(self.syntax(start, &construct, "has nothing it may repeat"));
                }
                self.pos = start + 1;
                Ok(Node::Class(CharSet::single(c)))
            }
            Some(']' | '}') if self.mode == Mode::Unicode => Err(self.syntax(
                start,
                &format!("`{}`", char::from_u32(c).unwrap_or(']')),
                "must be escaped in `u` mode",
            )),
            _ => Ok(Node::Class(CharSet::single(c))),
        }
    }

    fn group(&mut self, start: usize) -> Result<Node, Failure> {
        if self.eat('?') {
            if self.eat(':') {
            } else if self.eat('<') {
                let name = self.group_name(start)?;
                if !self.defined_names.insert(name.clone()) {
                    return Err(self.syntax(
                        start,
                        &format!("group name `{name}`"),
                        "is defined twice",
                    ));
                }
            } else {
                let construct = format!(
                    "group `{}`",
                    self.text(start, (start + 3).min(self.chars.len()))
                );
                return Err(self.unsupported(
                    start,
                    construct,
                    "is not supported: only `(...)`, `(?:...)`, `(?<name>...)`, `(?=...)` and \
                     `(?!...)` groups are",
                ));
            }
        }
        let body = self.disjunction()?;
        self.close_group(start)?;
        Ok(body)
    }

    /// A group name up to and including `>`.
    fn group_name(&mut self, group_start: usize) -> Result<String, Failure> {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == u32::from('>') {
                if name.is_empty() {
                    break;
                }
                return Ok(name);
            }
            let ok = char::from_u32(c).is_some_and(|ch| {
                if name.is_empty() {
                    ch == '$' || ch == '_' || ch.is_alphabetic()
                } else {
                    ch == '$'
                        || ch == '_'
                        || ch == '\u{200C}'
                        || ch == '\u{200D}'
                        || ch.is_alphanumeric()
                }
            });
            if !ok {
                break;
            }
            name.push(char::from_u32(c).unwrap_or('_'));
        }
        Err(self.syntax(
            group_start,
            "group name",
            "is not an identifier closed by `>`",
        ))
    }

    fn atom_escape(&mut self, start: usize) -> Result<Node, Failure> {
        let Some(c) = self.peek() else {
            return Err(self.syntax(start, "`\\`", "ends the pattern"));
        };
        if (0x31..=0x39).contains(&c) {
            return self.decimal_escape(start);
        }
        if c == u32::from('k') && (self.mode == Mode::Unicode || !self.group_names.is_empty()) {
            self.pos += 1;
            let name = if self.eat('<') {
                self.group_name(start).ok()
            } else {
                None
            };
            return match name {
                Some(name) if self.group_names.contains(&name) => Err(self.unsupported(
                    start,
                    format!("backreference `\\k<{name}>`"),
                    "is not supported: the compiled matcher cannot compare against an earlier \
                     capture",
                )),
                _ => Err(self.syntax(start, "`\\k`", "does not name a group of the pattern")),
            };
        }
        if c == u32::from('c')
            && self.mode == Mode::Legacy
            && !self.peek_at(1).is_some_and(is_ascii_letter)
        {
            // Annex B: a `\` before a `c` that starts no control escape stands for itself.
            return Ok(Node::Class(CharSet::single(u32::from('\\'))));
        }
        match self.class_escape(start, false)? {
            ClassAtom::Char(c) => Ok(Node::Class(CharSet::single(c))),
            ClassAtom::Set(set) => Ok(Node::Class(set)),
        }
    }

    /// `\1`..`\9...` outside a class: a backreference when that many groups exist; otherwise a
    /// syntax error in `u` mode and, in Annex B, a legacy octal escape or the digit itself.
    fn decimal_escape(&mut self, start: usize) -> Result<Node, Failure> {
        let digits_start = self.pos;
        let n = self.decimal().unwrap_or(0);
        if n <= self.capture_count {
            let construct = format!("backreference `{}`", self.text(start, self.pos));
            return Err(self.unsupported(
                start,
                construct,
                "is not supported: the compiled matcher cannot compare against an earlier capture",
            ));
        }
        if self.mode == Mode::Unicode {
            let construct = format!("escape `{}`", self.text(start, self.pos));
            return Err(self.syntax(
                start,
                &construct,
                "refers to a group the pattern does not have",
            ));
        }
        self.pos = digits_start;
        Ok(Node::Class(CharSet::single(self.legacy_octal_or_digit())))
    }

    /// Annex B LegacyOctalEscapeSequence (up to `\377`), or an identity escape for `8`/`9`.
    /// The cursor is on the first digit.
    fn legacy_octal_or_digit(&mut self) -> u32 {
        let first = self.peek().unwrap_or(0x30);
        self.pos += 1;
        if !(0x30..=0x37).contains(&first) {
            return first;
        }
        let mut value = first - 0x30;
        let max_digits = if value <= 3 { 3 } else { 2 };
        for _ in 1..max_digits {
            match self.peek() {
                Some(d) if (0x30..=0x37).contains(&d) => {
                    value = value * 8 + (d - 0x30);
                    self.pos += 1;
                }
                _ => break,
            }
        }
        value
    }

    /// The escapes allowed both inside and outside a class; the cursor is just after `\`.
    fn class_escape(&mut self, start: usize, in_class: bool) -> Result<ClassAtom, Failure> {
        let Some(c) = self.peek() else {
            return Err(self.syntax(start, "`\\`", "ends the pattern"));
        };
        self.pos += 1;
        let max = self.mode.max_char();
        let ch = char::from_u32(c).unwrap_or('\u{FFFD}');
        let atom = match ch {
            'd' => ClassAtom::Set(unicode::digit()),
            'D' => ClassAtom::Set(unicode::digit().complement(max)),
            'w' => ClassAtom::Set(unicode::word()),
            'W' => ClassAtom::Set(unicode::word().complement(max)),
            's' => ClassAtom::Set(unicode::space()),
            'S' => ClassAtom::Set(unicode::space().complement(max)),
            'p' | 'P' if self.mode == Mode::Unicode => {
                let set = self.property(start)?;
                ClassAtom::Set(if ch == 'P' { set.complement(max) } else { set })
            }
            'f' => ClassAtom::Char(0x0C),
            'n' => ClassAtom::Char(0x0A),
            'r' => ClassAtom::Char(0x0D),
            't' => ClassAtom::Char(0x09),
            'v' => ClassAtom::Char(0x0B),
            'b' if in_class => ClassAtom::Char(0x08),
            '-' if in_class && self.mode == Mode::Unicode => ClassAtom::Char(c),
            'c' => match self.peek() {
                Some(l) if is_ascii_letter(l) => {
                    self.pos += 1;
                    ClassAtom::Char(l % 32)
                }
                // Annex B ClassControlLetter: digits and `_` too, inside a class only.
                Some(l) if in_class && self.mode == Mode::Legacy && (is_digit(l) || l == 0x5F) => {
                    self.pos += 1;
                    ClassAtom::Char(l % 32)
                }
                _ if self.mode == Mode::Legacy => {
                    // Annex B: the backslash stands for itself and `c` is read next.
                    self.pos -= 1;
                    ClassAtom::Char(u32::from('\\'))
                }
                _ => return Err(self.syntax(start, "`\\c`", "is not followed by an ASCII letter")),
            },
            '0' if !self.peek().is_some_and(is_digit) => ClassAtom::Char(0),
            '0'..='9' if self.mode == Mode::Legacy => {
                self.pos -= 1;
                ClassAtom::Char(self.legacy_octal_or_digit())
            }
            'x' => match (
                self.peek().and_then(hex_value),
                self.peek_at(1).and_then(hex_value),
            ) {
                (Some(h), Some(l)) => {
                    self.pos += 2;
                    ClassAtom::Char(h * 16 + l)
                }
                _ if self.mode == Mode::Legacy => ClassAtom::Char(c),
                _ => return Err(self.syntax(start, "`\\x`", "is not followed by two hex digits")),
            },
            'u' => match self.unicode_escape() {
                Some(value) => ClassAtom::Char(value),
                None if self.mode == Mode::Legacy => ClassAtom::Char(c),
                None => {
                    return Err(self.syntax(
                        start,
                        "`\\u`",
                        "is not followed by four hex digits or `{code point}`",
                    ));
                }
            },
            _ if self.mode == Mode::Unicode && (is_syntax(c) || c == u32::from('/')) => {
                ClassAtom::Char(c)
            }
            _ if self.mode == Mode::Legacy => ClassAtom::Char(c),
            _ => {
                let construct = format!("escape `{}`", self.text(start, self.pos));
                return Err(self.syntax(
                    start,
                    &construct,
                    "is not valid in `u` mode, which only allows escaping syntax characters",
                ));
            }
        };
        Ok(atom)
    }

    /// After `\u`: `HHHH` (joined with a following `\uHHHH` trail surrogate in `u` mode) or,
    /// in `u` mode, `{H...}`. Leaves the cursor alone when there is none.
    fn unicode_escape(&mut self) -> Option<u32> {
        let four = |p: &Self, at: usize| -> Option<u32> {
            (0..4).try_fold(0u32, |acc, i| {
                Some(acc * 16 + hex_value(p.peek_at(at + i)?)?)
            })
        };
        if self.mode == Mode::Unicode && self.peek() == Some(u32::from('{')) {
            let mut i = 1;
            let mut value: u32 = 0;
            while let Some(h) = self.peek_at(i).and_then(hex_value) {
                value = value.saturating_mul(16).saturating_add(h);
                i += 1;
            }
            if i > 1 && value <= 0x10FFFF && self.peek_at(i) == Some(u32::from('}')) {
                self.pos += i + 1;
                return Some(value);
            }
            return None;
        }
        let lead = four(self, 0)?;
        self.pos += 4;
        if self.mode == Mode::Unicode
            && (0xD800..=0xDBFF).contains(&lead)
            && self.looking_at("\\u")
            && let Some(trail) = four(self, 2).filter(|t| (0xDC00..=0xDFFF).contains(t))
        {
            self.pos += 6;
            return Some(0x10000 + ((lead - 0xD800) << 10) + (trail - 0xDC00));
        }
        Some(lead)
    }

    /// `{...}` after `\p` or `\P`.
    fn property(&mut self, start: usize) -> Result<CharSet, Failure> {
        let open = self.pos;
        if !self.eat('{') {
            return Err(self.syntax(start, "`\\p`", "is not followed by `{property}`"));
        }
        let body_start = self.pos;
        while self.peek().is_some_and(|c| c != u32::from('}')) {
            self.pos += 1;
        }
        if !self.eat('}') {
            return Err(self.syntax(open, "`\\p{`", "is never closed"));
        }
        let body = self.text(body_start, self.pos - 1);
        let construct = format!("property escape `{}`", self.text(start, self.pos));
        match unicode::property(body) {
            Ok(set) => Ok(set),
            Err(PropertyError::Unknown) => Err(self.syntax(
                start,
                &construct,
                "names no General_Category value, script or binary property known to ECMA-262",
            )),
            Err(PropertyError::NoTable) => Err(self.unsupported(
                start,
                construct,
                "is not supported: no table for this property is available to the generator",
            )),
        }
    }

    // ---- classes ------------------------------------------------------------------------

    /// After `[`.
    fn class(&mut self, start: usize) -> Result<Node, Failure> {
        let negated = self.eat('^');
        let mut set = CharSet::empty();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.syntax(start, "class `[`", "is never closed"));
            };
            if c == u32::from(']') {
                self.pos += 1;
                break;
            }
            let first_at = self.pos;
            let first = self.class_atom()?;
            if self.peek() == Some(u32::from('-'))
                && self.peek_at(1).is_some_and(|c| c != u32::from(']'))
            {
                self.pos += 1;
                let second = self.class_atom()?;
                match (first, second) {
                    (ClassAtom::Char(lo), ClassAtom::Char(hi)) => {
                        if lo > hi {
                            let construct =
                                format!("class range `{}`", self.text(first_at, self.pos));
                            return Err(self.syntax(
                                first_at,
                                &construct,
                                "has its ends out of order",
                            ));
                        }
                        set = set.union(&CharSet::range(lo, hi));
                    }
                    (first, second) => {
                        if self.mode == Mode::Unicode {
                            let construct =
                                format!("class range `{}`", self.text(first_at, self.pos));
                            return Err(self.syntax(
                                first_at,
                                &construct,
                                "has a character class as an end, which `u` mode forbids",
                            ));
                        }
                        // Annex B: both ends and the `-` itself are members.
                        for atom in [first, second] {
                            set = set.union(&match atom {
                                ClassAtom::Char(c) => CharSet::single(c),
                                ClassAtom::Set(s) => s,
                            });
                        }
                        set = set.union(&CharSet::single(u32::from('-')));
                    }
                }
            } else {
                set = set.union(&match first {
                    ClassAtom::Char(c) => CharSet::single(c),
                    ClassAtom::Set(s) => s,
                });
            }
        }
        let max = self.mode.max_char();
        Ok(Node::Class(if negated {
            set.complement(max)
        } else {
            set.truncate(max)
        }))
    }

    fn class_atom(&mut self) -> Result<ClassAtom, Failure> {
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Err(self.syntax(start, "class", "is never closed"));
        };
        self.pos += 1;
        if c != u32::from('\\') {
            return Ok(ClassAtom::Char(c));
        }
        if self.mode == Mode::Unicode
            && self.peek().is_some_and(is_digit)
            && self.peek() != Some(0x30)
        {
            let construct = format!("escape `{}`", self.text(start, self.pos + 1));
            return Err(self.syntax(start, &construct, "cannot appear in a class in `u` mode"));
        }
        if self.mode == Mode::Legacy && self.peek() == Some(u32::from('k')) {
            self.pos += 1;
            return Ok(ClassAtom::Char(u32::from('k')));
        }
        self.class_escape(start, true)
    }
}
