//! Turns a compiled [`Program`] into the tokens of a `const fn` matcher.
//!
//! Each automaton becomes a `loop` over the input bytes with a `match` on the state number;
//! characters are decoded from UTF-8 by hand (an ASCII byte costs one comparison) because
//! `const fn` allows no iterators. Character sets with many ranges (Unicode properties) go to
//! `const` tables searched by bisection, so the code stays small. Helpers are emitted inside
//! the matcher's body, and only those it uses, so the item has no dependencies and no
//! warnings.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::Program;
use super::ast::Mode;
use super::charset::CharSet;
use super::dfa::{Decision, Dfa, Target};
use super::nfa::Pred;

/// Sets with more non-ASCII ranges than this are tested against a table instead of inline.
const MAX_INLINE_RANGES: usize = 6;

pub fn matcher_fn(program: &Program, source: &str, vis: TokenStream, name: &Ident) -> TokenStream {
    let mut emitter = Emitter {
        mode: program.mode,
        tables: BTreeMap::new(),
        uses_word_boundary: false,
        uses_decode: false,
    };
    let main = emitter.automaton(&program.main);
    // Lookahead helpers, emitted only when some emitted automaton refers to them.
    let mut used = BTreeSet::new();
    collect_lookaheads(&program.main, &mut used);
    let mut pending: Vec<usize> = used.iter().copied().collect();
    while let Some(n) = pending.pop() {
        let mut inner = BTreeSet::new();
        collect_lookaheads(&program.lookaheads[n], &mut inner);
        for m in inner {
            if used.insert(m) {
                pending.push(m);
            }
        }
    }
    let lookaheads: Vec<TokenStream> = used
        .iter()
        .map(|&n| {
            let fn_name = lookahead_name(n);
            let body = emitter.automaton(&program.lookaheads[n]);
            let (params, args, init) = match program.mode {
                Mode::Unicode => (
                    quote!(bytes: &[u8], start: usize),
                    quote!(bytes, start),
                    quote!(),
                ),
                Mode::Legacy => (
                    quote!(bytes: &[u8], start: usize, pending: u32),
                    quote!(bytes, start, pending),
                    quote!(let mut pending = pending;),
                ),
            };
            let body = if is_trivial(&program.lookaheads[n]) {
                quote!(let _ = (#args); #body)
            } else {
                quote!(let mut pos = start; #init #body)
            };
            quote! {
                const fn #fn_name(#params) -> bool {
                    #body
                }
            }
        })
        .collect();
    let helpers = emitter.helpers();
    let pending_init = match program.mode {
        Mode::Unicode => quote!(),
        Mode::Legacy => quote!(let mut pending: u32 = 0;),
    };
    let doc = doc_line(source);
    let body = if is_trivial(&program.main) {
        quote! {
            let _ = input;
            #main
        }
    } else {
        quote! {
            #helpers
            #(#lookaheads)*
            let bytes = input.as_bytes();
            let mut pos: usize = 0;
            #pending_init
            #main
        }
    };
    quote! {
        #[doc = #doc]
        #[must_use]
        #vis const fn #name(input: &str) -> bool {
            #body
        }
    }
}

/// Whether every leaf of the decision returns instead of naming a state.
fn decides_at_once(d: &Decision) -> bool {
    match d {
        Decision::Leaf(t) => matches!(t, Target::Accept | Target::Reject),
        Decision::Test {
            if_true, if_false, ..
        } => decides_at_once(if_true) && decides_at_once(if_false),
    }
}

/// Whether the automaton decides before reading anything (e.g. `(?=)` or an empty pattern).
fn is_trivial(dfa: &Dfa) -> bool {
    matches!(dfa.start, Target::Accept | Target::Reject)
}

/// The doc line of a matcher, with the pattern in a code span fenced by more backticks than
/// it contains, so rustdoc reads no links or emphasis in it.
fn doc_line(source: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in source.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    format!(" Whether `input` matches the ECMA-262 pattern {fence} {source} {fence}.")
}

fn lookahead_name(n: usize) -> Ident {
    format_ident!("lookahead_{}", n)
}

fn collect_lookaheads(dfa: &Dfa, out: &mut BTreeSet<usize>) {
    fn walk(d: &Decision, out: &mut BTreeSet<usize>) {
        if let Decision::Test {
            pred,
            if_true,
            if_false,
        } = d
        {
            if let Pred::LookAhead(n) = pred {
                out.insert(*n);
            }
            walk(if_true, out);
            walk(if_false, out);
        }
    }
    for d in &dfa.resolvers {
        walk(d, out);
    }
}

struct Emitter {
    mode: Mode,
    /// Range tables by content, so equal sets share one `const`.
    tables: BTreeMap<Vec<(u32, u32)>, usize>,
    uses_word_boundary: bool,
    uses_decode: bool,
}

fn state_lit(n: usize) -> Literal {
    Literal::usize_unsuffixed(n)
}

fn char_lit(c: u32) -> Literal {
    // Hex keeps code points recognisable next to Unicode charts; the type comes from `c: u32`.
    let text = format!("{c:#06X}").replacen("0X", "0x", 1);
    text.parse().unwrap_or_else(|_| Literal::u32_unsuffixed(c))
}

impl Emitter {
    /// The statements that run `dfa` from the current `pos` (and `pending`) to a `return`.
    fn automaton(&mut self, dfa: &Dfa) -> TokenStream {
        let closed_count = dfa.closed.len();
        let target_expr = |t: Target| -> TokenStream {
            match t {
                Target::Accept => quote!(return true),
                Target::Reject => quote!(return false),
                Target::Closed(n) => {
                    let n = state_lit(n);
                    quote!(#n)
                }
                Target::Resolve(n) => {
                    let n = state_lit(closed_count + n);
                    quote!(#n)
                }
            }
        };
        let start = match dfa.start {
            Target::Accept => return quote!(true),
            Target::Reject => return quote!(false),
            other => target_expr(other),
        };
        self.uses_decode = true;
        let resolve = if dfa.resolvers.is_empty() {
            quote!()
        } else {
            let arms: Vec<TokenStream> = dfa
                .resolvers
                .iter()
                .enumerate()
                .map(|(i, decision)| {
                    let n = state_lit(closed_count + i);
                    let expr = self.decision(decision, &target_expr);
                    quote!(#n => #expr,)
                })
                .collect();
            let first = state_lit(closed_count);
            let diverges = dfa.resolvers.iter().all(decides_at_once);
            let resolved = quote! {
                match state {
                    #(#arms)*
                    _ => return false,
                }
            };
            // Position tests decide which consuming state applies here.
            if diverges {
                quote!(if state >= #first { #resolved })
            } else {
                quote!(if state >= #first { state = #resolved; })
            }
        };
        let arms: Vec<TokenStream> = dfa
            .closed
            .iter()
            .enumerate()
            .map(|(i, closed)| {
                let n = state_lit(i);
                let mut plain = Vec::new();
                let mut guarded = Vec::new();
                for (set, target) in &closed.transitions {
                    let t = target_expr(*target);
                    let (inline, table) = self.split_set(set);
                    if !inline.is_empty() {
                        let pats = inline.iter().map(|&(lo, hi)| {
                            let (l, h) = (char_lit(lo), char_lit(hi));
                            if lo == hi {
                                quote!(#l)
                            } else {
                                quote!(#l..=#h)
                            }
                        });
                        plain.push(quote!(#(#pats)|* => #t,));
                    }
                    if let Some(table) = table {
                        guarded.push(quote!(_ if in_table(#table, c) => #t,));
                    }
                }
                quote! {
                    #n => match c {
                        #(#plain)*
                        #(#guarded)*
                        _ => return false,
                    },
                }
            })
            .collect();
        let (at_end, next_char) = match self.mode {
            Mode::Unicode => (
                quote!(pos == bytes.len()),
                quote! {
                    let byte = bytes[pos];
                    let c = if byte < 0x80 {
                        pos += 1;
                        byte as u32
                    } else {
                        let (c, width) = decode(bytes, pos);
                        pos += width;
                        c
                    };
                },
            ),
            Mode::Legacy => (
                quote!(pos == bytes.len() && pending == 0),
                quote! {
                    // Without the `u` flag JavaScript reads UTF-16 code units: an astral
                    // character yields its high surrogate, then its low one.
                    let c = if pending != 0 {
                        let low = pending;
                        pending = 0;
                        low
                    } else if bytes[pos] < 0x80 {
                        pos += 1;
                        bytes[pos - 1] as u32
                    } else {
                        let (c, width) = decode(bytes, pos);
                        pos += width;
                        if c >= 0x10000 {
                            pending = 0xDC00 | ((c - 0x10000) & 0x3FF);
                            0xD800 | ((c - 0x10000) >> 10)
                        } else {
                            c
                        }
                    };
                },
            ),
        };
        let step = quote! {
            match state {
                #(#arms)*
                _ => return false,
            }
        };
        let step = if dfa.closed.iter().all(|closed| {
            closed
                .transitions
                .iter()
                .all(|(_, t)| matches!(t, Target::Accept | Target::Reject))
        }) {
            quote!(#step)
        } else {
            quote!(state = #step;)
        };
        quote! {
            let mut state: usize = #start;
            loop {
                #resolve
                if #at_end {
                    return false;
                }
                #next_char
                #step
            }
        }
    }

    fn decision(
        &mut self,
        d: &Decision,
        target_expr: &dyn Fn(Target) -> TokenStream,
    ) -> TokenStream {
        match d {
            Decision::Leaf(t) => target_expr(*t),
            Decision::Test {
                pred,
                if_true,
                if_false,
            } => {
                let cond = self.predicate(*pred);
                match (&**if_true, &**if_false) {
                    (Decision::Leaf(Target::Accept), Decision::Leaf(Target::Reject)) => {
                        return quote!(return #cond);
                    }
                    (Decision::Leaf(Target::Reject), Decision::Leaf(Target::Accept)) => {
                        return quote!(return !(#cond));
                    }
                    _ => {}
                }
                let t = self.decision(if_true, target_expr);
                let f = self.decision(if_false, target_expr);
                quote!(if #cond { #t } else { #f })
            }
        }
    }

    fn predicate(&mut self, pred: Pred) -> TokenStream {
        let legacy = self.mode == Mode::Legacy;
        match (pred, legacy) {
            (Pred::Start, _) => quote!(pos == 0),
            (Pred::End, false) => quote!(pos == bytes.len()),
            (Pred::End, true) => quote!(pos == bytes.len() && pending == 0),
            (Pred::WordBoundary, false) => {
                self.uses_word_boundary = true;
                quote!(word_boundary(bytes, pos))
            }
            (Pred::WordBoundary, true) => {
                self.uses_word_boundary = true;
                quote!(pending == 0 && word_boundary(bytes, pos))
            }
            (Pred::LookAhead(n), false) => {
                let f = lookahead_name(n);
                quote!(#f(bytes, pos))
            }
            (Pred::LookAhead(n), true) => {
                let f = lookahead_name(n);
                quote!(#f(bytes, pos, pending))
            }
        }
    }

    /// Splits a set into ranges tested inline and, when there are many non-ASCII ranges,
    /// a table reference for those.
    fn split_set(&mut self, set: &CharSet) -> (Vec<(u32, u32)>, Option<TokenStream>) {
        let (ascii, rest): (Vec<(u32, u32)>, Vec<(u32, u32)>) =
            set.ranges().iter().partition(|&&(lo, _)| lo < 0x80);
        if rest.len() <= MAX_INLINE_RANGES {
            return (set.ranges().to_vec(), None);
        }
        let next = self.tables.len();
        let id = *self.tables.entry(rest).or_insert(next);
        let name = format_ident!("TABLE_{}", id);
        (ascii, Some(quote!(#name)))
    }

    /// Helper items the emitted automata refer to.
    fn helpers(&self) -> TokenStream {
        let mut out = TokenStream::new();
        let mut tables: Vec<(&Vec<(u32, u32)>, usize)> = self
            .tables
            .iter()
            .map(|(ranges, &id)| (ranges, id))
            .collect();
        tables.sort_by_key(|&(_, id)| id);
        for (ranges, id) in tables {
            let name = format_ident!("TABLE_{}", id);
            let entries = ranges.iter().map(|&(lo, hi)| {
                let (l, h) = (char_lit(lo), char_lit(hi));
                quote!((#l, #h))
            });
            out.extend(quote! {
                const #name: &[(u32, u32)] = &[#(#entries),*];
            });
        }
        if !self.tables.is_empty() {
            out.extend(quote! {
                /// Whether `c` lies in one of the sorted, disjoint inclusive ranges of `table`.
                const fn in_table(table: &[(u32, u32)], c: u32) -> bool {
                    let mut lo = 0;
                    let mut hi = table.len();
                    while lo < hi {
                        let mid = lo + (hi - lo) / 2;
                        if c < table[mid].0 {
                            hi = mid;
                        } else if c > table[mid].1 {
                            lo = mid + 1;
                        } else {
                            return true;
                        }
                    }
                    false
                }
            });
        }
        if self.uses_decode {
            out.extend(quote! {
                /// Decodes the multi-byte UTF-8 sequence at `pos` (the input is a `str`, so
                /// it is well formed): the code point and its length in bytes.
                const fn decode(bytes: &[u8], pos: usize) -> (u32, usize) {
                    let b0 = bytes[pos] as u32;
                    if b0 < 0xE0 {
                        (((b0 & 0x1F) << 6) | (bytes[pos + 1] as u32 & 0x3F), 2)
                    } else if b0 < 0xF0 {
                        let c = ((b0 & 0x0F) << 12)
                            | ((bytes[pos + 1] as u32 & 0x3F) << 6)
                            | (bytes[pos + 2] as u32 & 0x3F);
                        (c, 3)
                    } else {
                        let c = ((b0 & 0x07) << 18)
                            | ((bytes[pos + 1] as u32 & 0x3F) << 12)
                            | ((bytes[pos + 2] as u32 & 0x3F) << 6)
                            | (bytes[pos + 3] as u32 & 0x3F);
                        (c, 4)
                    }
                }
            });
        }
        if self.uses_word_boundary {
            out.extend(quote! {
                /// `\b`: exactly one side of `pos` is an ASCII word character. A byte of a
                /// multi-byte UTF-8 sequence is never ASCII, so bytes suffice.
                const fn word_boundary(bytes: &[u8], pos: usize) -> bool {
                    const fn is_word(b: u8) -> bool {
                        b.is_ascii_alphanumeric() || b == b'_'
                    }
                    let before = pos > 0 && is_word(bytes[pos - 1]);
                    let after = pos < bytes.len() && is_word(bytes[pos]);
                    before != after
                }
            });
        }
        out
    }
}
