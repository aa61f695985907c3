//! The syntax tree of a parsed pattern, reduced to what decides whether a string matches.
//!
//! Capture groups, group names and quantifier laziness are gone by the time a [`Node`] exists:
//! with no backreferences they cannot change whether a match exists, only which one is found.

use super::charset::CharSet;

/// Whether the pattern is read and matched over code points (`u` flag) or over UTF-16 code
/// units with the web-compatibility grammar of ECMA-262 Annex B (no flag).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Unicode,
    Legacy,
}

impl Mode {
    /// The largest character of the universe matched over.
    pub fn max_char(self) -> u32 {
        match self {
            Mode::Unicode => 0x10FFFF,
            Mode::Legacy => 0xFFFF,
        }
    }
}

/// A zero-width test of the position between two characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Assertion {
    /// `^` (no multiline flag exists in JSON Schema, so: start of input).
    Start,
    /// `$`: end of input.
    End,
    /// `\b`; `\B` is its negation.
    WordBoundary,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// Matches the empty string.
    Empty,
    /// One character from the set.
    Class(CharSet),
    Concat(Vec<Node>),
    Alternation(Vec<Node>),
    /// `max == None` is unbounded.
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
    /// `negated` flips the test (`\B`).
    Assert {
        assertion: Assertion,
        negated: bool,
    },
    /// `(?=...)` or, when `negated`, `(?!...)`.
    LookAhead {
        node: Box<Node>,
        negated: bool,
    },
}
