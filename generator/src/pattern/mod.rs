//! Compiles ECMA-262 regular expressions (JSON Schema `pattern`) to plain Rust matchers.
//!
//! The generated crate must validate parameters without a regex engine at run time, so each
//! pattern is compiled here, at generation time, into a deterministic automaton and emitted as
//! a `const fn(&str) -> bool` that walks the UTF-8 bytes of its input once, with no allocation.
//!
//! # Semantics
//! As a JavaScript JSON Schema validator would: `new RegExp(pattern, "u").test(s)` when the
//! pattern is valid with the `u` flag, else `new RegExp(pattern).test(s)` read with the
//! web-compatibility grammar of ECMA-262 Annex B (`\-`, `\_`, a lone `{` or `]`, legacy octal
//! escapes, ...). Without `u`, JavaScript matches over UTF-16 code units, and so do the
//! compiled matchers: `^.$` does not match a single astral character, which is two units.
//!
//! - The match is a search: unanchored unless `^`/`$` anchor it; `^`/`$` test the start and
//!   end of the whole input (JSON Schema has no multiline flag).
//! - `\d`, `\w`, `\b` are ASCII; `\s` is ECMA's WhiteSpace and LineTerminator set; `.` is any
//!   character but `\n`, `\r`, U+2028 and U+2029.
//! - Classes, escapes, groups of every capturing kind, alternation, greedy and lazy
//!   quantifiers, `\p{...}`/`\P{...}` (General_Category, Script, Script_Extensions and the
//!   binary properties ECMA-262 lists), lookahead `(?=...)`/`(?!...)` and `\b`/`\B`.
//! - Refused with a [`PatternError`], never approximated: backreferences (`\1`, `\k<name>`),
//!   lookbehind, inline modifier groups such as `(?i:...)`, and patterns whose automaton
//!   would be unreasonably large.
//!
//! Captures and laziness are dropped: with no backreferences they decide *which* match is
//! found, never *whether* one exists, and a `pattern` only asks whether.
//!
//! Script names are checked for ECMA-262's exact spelling only by shape (an uppercase first
//! letter, then letters, digits and `_`); the tables behind `\p{...}` come from `regex-syntax`,
//! so they follow its Unicode version.

mod ast;
mod charset;
mod dfa;
mod emit;
mod exec;
mod nfa;
mod parse;
mod unicode;

use std::fmt;

use proc_macro2::{Ident, TokenStream};

use ast::Mode;

/// A pattern that was parsed and compiled to an automaton.
#[derive(Debug, Clone)]
pub struct CompiledPattern {
    source: String,
    program: Program,
}

/// The automata of one pattern: the search itself and one anchored automaton per lookahead.
#[derive(Debug, Clone)]
struct Program {
    mode: Mode,
    main: dfa::Dfa,
    lookaheads: Vec<dfa::Dfa>,
}

/// Why a pattern cannot be compiled: it is not valid ECMA-262, or it uses a construct this
/// compiler refuses rather than approximates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// The construct at fault as written, e.g. ``backreference `\1` ``.
    pub construct: String,
    /// Byte offset of the construct in the pattern.
    pub offset: usize,
    /// Why it fails, phrased to follow the construct, e.g. `is not supported: ...`.
    pub reason: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at offset {} {}",
            self.construct, self.offset, self.reason
        )
    }
}

impl std::error::Error for PatternError {}

/// Parses and compiles `pattern`.
pub fn compile(pattern: &str) -> Result<CompiledPattern, PatternError> {
    let (node, mode) = parse::parse(pattern)?;
    let nfa = nfa::build(&node, mode)?;
    let main = dfa::build(&nfa, nfa.search_entry, Some(true))?;
    let lookaheads = nfa
        .lookaheads
        .iter()
        .map(|&entry| dfa::build(&nfa, entry, None))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CompiledPattern {
        source: pattern.to_owned(),
        program: Program {
            mode,
            main,
            lookaheads,
        },
    })
}

impl CompiledPattern {
    /// The pattern text as given to [`compile`].
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether the pattern was read with the `u` flag (else: Annex B, over UTF-16 units).
    pub fn is_unicode_mode(&self) -> bool {
        self.program.mode == Mode::Unicode
    }

    /// Emits `#vis const fn #name(input: &str) -> bool { ... }`: plain Rust with no
    /// dependencies and no allocation, usable in `const` context.
    pub fn matcher_fn(&self, vis: TokenStream, name: &Ident) -> TokenStream {
        emit::matcher_fn(&self.program, &self.source, vis, name)
    }

    /// Whether every value the pattern admits is made of RFC 3986 unreserved characters only
    /// (`A-Z a-z 0-9 - . _ ~`), so that it needs no percent-encoding in a URL. Conservative: a
    /// pattern that is not anchored at both ends admits anything around its match.
    pub fn admits_only_unreserved(&self) -> bool {
        let unreserved = charset::CharSet::from_ranges([
            (u32::from(b'-'), u32::from(b'.')),
            (u32::from(b'0'), u32::from(b'9')),
            (u32::from(b'A'), u32::from(b'Z')),
            (u32::from(b'_'), u32::from(b'_')),
            (u32::from(b'a'), u32::from(b'z')),
            (u32::from(b'~'), u32::from(b'~')),
        ]);
        self.program.main.admits_only(&unreserved)
    }

    /// Runs the same automaton in-process.
    pub fn is_match(&self, input: &str) -> bool {
        exec::is_match(&self.program, input)
    }
}

#[cfg(test)]
mod tests;
