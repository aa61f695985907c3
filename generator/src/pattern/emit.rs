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
use super::dfa::{Closed, Decision, Dfa, Target};
use super::nfa::Pred;

/// Sets with more non-ASCII ranges than this are tested against a table instead of inline.
const MAX_INLINE_RANGES: usize = 6;

pub fn matcher_fn(program: &Program, source: &str, vis: TokenStream, name: &Ident) -> TokenStream {
    let mut emitter = Emitter {
        mode: program.mode,
        tables: BTreeMap::new(),
        uses_word_boundary: false,
        uses_decode: false,
        assigns_pos: false,
        assigns_pending: false,
    };
    let main = emitter.automaton(&program.main);
    let (main_pos, main_pending) = emitter.take_mutability();
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
            let (pos_mut, pending_mut) = emitter.take_mutability();
            let (params, args) = match program.mode {
                Mode::Unicode => (quote!(bytes: &[u8], pos: usize), quote!(bytes, pos)),
                Mode::Legacy => (
                    quote!(bytes: &[u8], pos: usize, pending: u32),
                    quote!(bytes, pos, pending),
                ),
            };
            let body = if is_trivial(&program.lookaheads[n]) {
                quote!(let _ = (#args); #body)
            } else {
                let pos = pos_mut.then(|| quote!(let mut pos = pos;));
                let pending = pending_mut.then(|| quote!(let mut pending = pending;));
                quote!(#pos #pending #body)
            };
            quote! {
                const fn #fn_name(#params) -> bool {
                    #body
                }
            }
        })
        .collect();
    let helpers = emitter.helpers();
    let pos_init = if main_pos {
        quote!(let mut pos: usize = 0;)
    } else {
        quote!(let pos: usize = 0;)
    };
    let pending_init = match (program.mode, main_pending) {
        (Mode::Unicode, _) => quote!(),
        (Mode::Legacy, true) => quote!(let mut pending: u32 = 0;),
        (Mode::Legacy, false) => quote!(let pending: u32 = 0;),
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
            #pos_init
            #pending_init
            #main
        }
    };
    quote! {
        #[doc = #doc]
        #[must_use]
        // The byte ranges spell out the pattern's classes as the pattern writes them.
        #[allow(clippy::manual_is_ascii_check)]
        // Lets callers in other crates inline it; LLVM still weighs the size.
        #[inline]
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
/// it contains, so rustdoc reads no links or emphasis in it. The span's text is padded with a
/// space on each side only where Markdown needs it (a backtick at either end, or a space at
/// both ends, which Markdown would strip), so the common pattern reads `^[a-z]+$`.
pub(super) fn doc_line(source: &str) -> String {
    if source.is_empty() {
        return " Whether `input` matches the empty ECMA-262 pattern.".to_owned();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in source.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let padded = source.starts_with('`')
        || source.ends_with('`')
        || (source.starts_with(' ') && source.ends_with(' ') && !source.trim().is_empty());
    let pad = if padded { " " } else { "" };
    format!(" Whether `input` matches the ECMA-262 pattern {fence}{pad}{source}{pad}{fence}.")
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
    /// Whether the automaton being emitted moves `pos` / `pending` (else they stay immutable).
    assigns_pos: bool,
    assigns_pending: bool,
}

/// `value`, returned from the function unless it is already the function's tail.
fn ret(value: TokenStream, tail: bool) -> TokenStream {
    if tail { value } else { quote!(return #value) }
}

/// Where a step leads: a state number, or the final answer.
fn leaf(t: Target, target_expr: &dyn Fn(Target) -> TokenStream, tail: bool) -> TokenStream {
    match t {
        Target::Accept => ret(quote!(true), tail),
        Target::Reject => ret(quote!(false), tail),
        other => target_expr(other),
    }
}

fn is_ascii(set: &CharSet) -> bool {
    set.ranges().last().is_none_or(|&(_, hi)| hi < 0x80)
}

/// How the emitted code holds the character it tests, which decides how its literals read:
/// a byte when every set it is tested against is ASCII (`b'a'..=b'z'`), a `char` in `u` mode
/// (`'a'..='z'`, `'\u{e9}'`), a UTF-16 code unit in a `u32` without the `u` flag (`0x00E9`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Read {
    Byte,
    Char,
    CodeUnit,
}

/// Whether `ranges` hold every `char` (a `match` on `c` then needs no `_` arm, which
/// `rustc` would call unreachable).
pub(super) fn every_char(ranges: &[(u32, u32)]) -> bool {
    let mut sorted = ranges.to_vec();
    sorted.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::new();
    for (lo, hi) in sorted {
        match merged.last_mut() {
            Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
            _ => merged.push((lo, hi)),
        }
    }
    let surrogates = |lo: u32, hi: u32| {
        let (a, b) = (lo.max(0xD800), hi.min(0xDFFF));
        if a <= b { b - a + 1 } else { 0 }
    };
    let covered: u32 = merged
        .iter()
        .map(|&(lo, hi)| hi.min(0x10FFFF).saturating_sub(lo) + 1 - surrogates(lo, hi))
        .sum();
    covered == 0x110000 - 0x800
}

/// A range pattern for `c` (or a byte) read as `read`. A `char` is never a surrogate, so
/// surrogate ends are moved inside the range, and a range of surrogates alone is `None`.
fn range_pat(lo: u32, hi: u32, read: Read) -> Option<TokenStream> {
    let surrogate = |c: u32| (0xD800..=0xDFFF).contains(&c);
    let (lo, hi) = match read {
        Read::Char if surrogate(lo) || surrogate(hi) => {
            let lo = if surrogate(lo) { 0xE000 } else { lo };
            let hi = if surrogate(hi) { 0xD7FF } else { hi };
            if lo > hi {
                return None;
            }
            (lo, hi)
        }
        _ => (lo, hi),
    };
    let (l, h) = (char_lit(lo, read), char_lit(hi, read));
    Some(if lo == hi {
        quote!(#l)
    } else {
        quote!(#l..=#h)
    })
}

/// Chains of consuming states worth emitting as straight-line code, keyed by their first
/// state. A chain continues while the current state has a single transition, to a state that
/// nothing else enters, that has itself a single transition and cannot end the input.
fn find_runs(dfa: &Dfa) -> BTreeMap<usize, Vec<usize>> {
    let mut entries: BTreeMap<usize, usize> = BTreeMap::new();
    let count = |t: Target, entries: &mut BTreeMap<usize, usize>| {
        if let Target::Closed(n) = t {
            *entries.entry(n).or_default() += 1;
        }
    };
    count(dfa.start, &mut entries);
    for closed in &dfa.closed {
        for (_, t) in &closed.transitions {
            count(*t, &mut entries);
        }
    }
    fn leaves(d: &Decision, out: &mut Vec<Target>) {
        match d {
            Decision::Leaf(t) => out.push(*t),
            Decision::Test {
                if_true, if_false, ..
            } => {
                leaves(if_true, out);
                leaves(if_false, out);
            }
        }
    }
    for d in &dfa.resolvers {
        let mut out = Vec::new();
        leaves(d, &mut out);
        for t in out {
            count(t, &mut entries);
        }
    }
    let single = |n: usize| {
        let c = &dfa.closed[n];
        c.transitions.len() == 1 && c.at_end == Target::Reject
    };
    let mut runs = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for head in 0..dfa.closed.len() {
        if taken.contains(&head) || !single(head) {
            continue;
        }
        // Do not start inside a chain whose true head comes later in numbering order.
        let mut run = vec![head];
        let mut current = head;
        while let Target::Closed(next) = dfa.closed[current].transitions[0].1 {
            if next == head
                || run.contains(&next)
                || entries.get(&next) != Some(&1)
                || !single(next)
                || taken.contains(&next)
            {
                break;
            }
            run.push(next);
            current = next;
        }
        if run.len() > 1 {
            taken.extend(run.iter().copied());
            runs.insert(head, run);
        }
    }
    // A state absorbed into a run may itself have been recorded as a head earlier.
    let absorbed: BTreeSet<usize> = runs.values().flat_map(|r| r[1..].iter().copied()).collect();
    runs.retain(|head, _| !absorbed.contains(head));
    runs
}

/// `byte` in each of a `u64`'s eight bytes, in hexadecimal.
fn word_lit(byte: u8) -> Literal {
    let value = 0x0101_0101_0101_0101 * u64::from(byte);
    format!("{value:#018x}")
        .parse()
        .unwrap_or_else(|_| Literal::u64_unsuffixed(value))
}

fn state_lit(n: usize) -> Literal {
    Literal::usize_unsuffixed(n)
}

fn char_lit(c: u32, read: Read) -> Literal {
    if let (Read::Char, Some(c)) = (read, char::from_u32(c)) {
        return Literal::character(c);
    }
    if read == Read::Byte && c < 0x80 {
        let text = match c as u8 {
            b'\'' => "b'\\''".to_owned(),
            b'\\' => "b'\\\\'".to_owned(),
            b @ 0x20..=0x7E => format!("b'{}'", b as char),
            b => format!("b'\\x{b:02X}'"),
        };
        if let Ok(literal) = text.parse() {
            return literal;
        }
    }
    // Hex keeps code units recognisable next to Unicode charts; the type comes from `c: u32`.
    let text = format!("{c:#06X}").replacen("0X", "0x", 1);
    text.parse().unwrap_or_else(|_| Literal::u32_unsuffixed(c))
}

impl Emitter {
    /// The statements that run `dfa` from the current `pos` (and `pending`) to a `return`.
    fn automaton(&mut self, dfa: &Dfa) -> TokenStream {
        let closed_count = dfa.closed.len();
        let state_of = |t: Target| match t {
            Target::Closed(n) => Some(n),
            Target::Resolve(n) => Some(closed_count + n),
            Target::Accept | Target::Reject => None,
        };
        let target_expr = |t: Target| -> TokenStream {
            match t {
                Target::Accept => quote!(return true),
                Target::Reject => quote!(return false),
                other => {
                    let n = state_lit(state_of(other).unwrap_or_default());
                    quote!(#n)
                }
            }
        };
        match dfa.start {
            Target::Accept => return quote!(true),
            Target::Reject => return quote!(false),
            _ => {}
        }
        let runs = find_runs(dfa);
        let absorbed: BTreeSet<usize> = runs
            .values()
            .flat_map(|run| run[1..].iter().copied())
            .collect();
        // Whether any emitted code moves to another state; if not, the automaton is
        // straight-line code and needs no loop.
        let mut assigns_state = false;

        let mut resolver_arms = Vec::new();
        for (i, decision) in dfa.resolvers.iter().enumerate() {
            assigns_state |= !decides_at_once(decision);
            let n = state_lit(closed_count + i);
            let expr = self.decision(decision, &target_expr, false);
            resolver_arms.push((closed_count + i, quote!(#n => #expr,)));
        }
        let mut closed_arms = Vec::new();
        for (i, closed) in dfa.closed.iter().enumerate() {
            if absorbed.contains(&i) {
                continue;
            }
            let (body, assigns) = match runs.get(&i) {
                Some(run) => self.run_body(dfa, run, &target_expr, false),
                None => self.closed_body(closed, i, &target_expr, false),
            };
            assigns_state |= assigns;
            let n = state_lit(i);
            closed_arms.push((i, quote!(#n => #body,)));
        }
        let start = state_of(dfa.start).unwrap_or_default();
        if !assigns_state {
            // Only the start state's code ever runs: emit it as the tail of the function.
            return match dfa.start {
                Target::Resolve(r) => self.decision(&dfa.resolvers[r], &target_expr, true),
                Target::Closed(c) => match runs.get(&c) {
                    Some(run) => self.run_body(dfa, run, &target_expr, true).0,
                    None => self.closed_body(&dfa.closed[c], c, &target_expr, true).0,
                },
                Target::Accept => quote!(true),
                Target::Reject => quote!(false),
            };
        }
        let start = state_lit(start);
        let resolve = if resolver_arms.is_empty() {
            quote!()
        } else {
            let first = state_lit(closed_count);
            let arms = resolver_arms.iter().map(|(_, arm)| arm);
            // Position tests decide which consuming state applies here. (The fallback arm
            // never runs; it differs from every `else` so no arm reads as a guard.)
            if dfa.resolvers.iter().all(decides_at_once) {
                quote!(if state >= #first { match state { #(#arms)* _ => {} } })
            } else {
                quote!(if state >= #first { state = match state { #(#arms)* _ => state }; })
            }
        };
        let arms = closed_arms.iter().map(|(_, arm)| arm);
        let step = quote! {
            match state {
                #(#arms)*
                _ => return false,
            }
        };
        let step = if dfa.closed.iter().enumerate().any(|(i, c)| {
            !absorbed.contains(&i)
                && (runs.contains_key(&i)
                    || c.transitions.iter().any(|(_, t)| state_of(*t).is_some()))
        }) {
            quote!(state = #step;)
        } else {
            step
        };
        quote! {
            let mut state: usize = #start;
            loop {
                #resolve
                #step
            }
        }
    }

    /// Whether the automaton emitted last moved `pos` and `pending`; resets both.
    fn take_mutability(&mut self) -> (bool, bool) {
        let flags = (self.assigns_pos, self.assigns_pending);
        self.assigns_pos = false;
        self.assigns_pending = false;
        flags
    }

    fn at_end(&self) -> TokenStream {
        match self.mode {
            Mode::Unicode => quote!(pos == bytes.len()),
            Mode::Legacy => quote!(pos == bytes.len() && pending == 0),
        }
    }

    /// How `c` is read when the sets it is tested against are all ASCII (`ascii_only`) or not.
    fn read_kind(&self, ascii_only: bool) -> Read {
        match (ascii_only, self.mode) {
            (true, _) => Read::Byte,
            (false, Mode::Unicode) => Read::Char,
            (false, Mode::Legacy) => Read::CodeUnit,
        }
    }

    /// Whether `c` is in the table named `table` (of code points, as `u32`).
    fn table_test(&self, table: &TokenStream) -> TokenStream {
        match self.mode {
            Mode::Unicode => quote!(in_table(#table, c as u32)),
            Mode::Legacy => quote!(in_table(#table, c)),
        }
    }

    /// Reads the next character into `c`. When every set the caller tests is ASCII, a byte
    /// will do: any other byte starts a character outside them all.
    /// `advance` is false when nothing reads the position afterwards (the next step returns).
    fn read_char(&mut self, ascii_only: bool, advance: bool) -> TokenStream {
        self.uses_decode |= !ascii_only;
        self.assigns_pos |= advance;
        if !advance {
            return self.peek_char(ascii_only);
        }
        self.assigns_pending |= self.mode == Mode::Legacy && !ascii_only;
        match (self.mode, ascii_only) {
            (Mode::Unicode, true) => quote! {
                let c = bytes[pos];
                pos += 1;
            },
            (Mode::Legacy, true) => quote! {
                // A pending low surrogate is in no ASCII set.
                if pending != 0 {
                    return false;
                }
                let c = bytes[pos];
                pos += 1;
            },
            (Mode::Unicode, false) => quote! {
                let byte = bytes[pos];
                let c = if byte < 0x80 {
                    pos += 1;
                    byte as char
                } else {
                    let (c, width) = decode(bytes, pos);
                    pos += width;
                    c
                };
            },
            (Mode::Legacy, false) => quote! {
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
        }
    }

    /// Like [`Self::read_char`], leaving `pos` and `pending` as they are.
    fn peek_char(&self, ascii_only: bool) -> TokenStream {
        match (self.mode, ascii_only) {
            (Mode::Unicode, true) => quote!(let c = bytes[pos];),
            (Mode::Legacy, true) => quote! {
                if pending != 0 {
                    return false;
                }
                let c = bytes[pos];
            },
            (Mode::Unicode, false) => quote! {
                let c = if bytes[pos] < 0x80 {
                    bytes[pos] as char
                } else {
                    decode(bytes, pos).0
                };
            },
            (Mode::Legacy, false) => quote! {
                let c = if pending != 0 {
                    pending
                } else if bytes[pos] < 0x80 {
                    bytes[pos] as u32
                } else {
                    let c = decode(bytes, pos).0;
                    if c >= 0x10000 { 0xD800 | ((c - 0x10000) >> 10) } else { c }
                };
            },
        }
    }

    /// A boolean expression: whether `c` is in `set`.
    fn set_test(&mut self, set: &CharSet) -> TokenStream {
        let (inline, table) = self.split_set(set);
        // The caller read `c` as a byte when the set is ASCII.
        let read = self.read_kind(is_ascii(set));
        let pats: Vec<TokenStream> = inline
            .iter()
            .filter_map(|&(lo, hi)| range_pat(lo, hi, read))
            .collect();
        if read == Read::Char && every_char(&inline) {
            return quote!(true);
        }
        let table = table.map(|t| self.table_test(&t));
        match (pats.is_empty(), table) {
            (false, None) => quote!(matches!(c, #(#pats)|*)),
            (true, Some(t)) => t,
            (false, Some(t)) => quote!(matches!(c, #(#pats)|*) || #t),
            (true, None) => quote!(false),
        }
    }

    /// The code of one consuming state: returns the next state number or returns from the fn.
    fn closed_body(
        &mut self,
        closed: &Closed,
        id: usize,
        target_expr: &dyn Fn(Target) -> TokenStream,
        tail: bool,
    ) -> (TokenStream, bool) {
        let at_end = self.at_end();
        let end_result = closed.at_end == Target::Accept;
        if closed.transitions.is_empty() {
            let result = if end_result {
                at_end.clone()
            } else {
                quote!(false)
            };
            return (ret(result, tail), false);
        }
        let ascii_only = closed.transitions.iter().all(|(set, _)| is_ascii(set));
        // A loop on ASCII characters back to this state: skip them byte by byte.
        let self_loop = closed
            .transitions
            .iter()
            .find(|(set, t)| *t == Target::Closed(id) && is_ascii(set))
            .map(|(set, _)| {
                let pats = set
                    .ranges()
                    .iter()
                    .filter_map(|&(lo, hi)| range_pat(lo, hi, Read::Byte));
                let guard = match self.mode {
                    Mode::Unicode => quote!(pos < bytes.len()),
                    Mode::Legacy => quote!(pending == 0 && pos < bytes.len()),
                };
                self.assigns_pos = true;
                quote! {
                    while #guard && matches!(bytes[pos], #(#pats)|*) {
                        pos += 1;
                    }
                }
            });
        let advance = closed
            .transitions
            .iter()
            .any(|(_, t)| !matches!(t, Target::Accept | Target::Reject));
        let read = self.read_char(ascii_only, advance);
        let mut plain = Vec::new();
        let mut guarded = Vec::new();
        let mut assigns = false;
        let mut inline_ranges = Vec::new();
        for (set, target) in &closed.transitions {
            assigns |= matches!(target, Target::Closed(_) | Target::Resolve(_));
            let t = leaf(*target, target_expr, tail);
            let (inline, table) = self.split_set(set);
            inline_ranges.extend_from_slice(&inline);
            let read = self.read_kind(ascii_only);
            let pats: Vec<TokenStream> = inline
                .iter()
                .filter_map(|&(lo, hi)| range_pat(lo, hi, read))
                .collect();
            if !pats.is_empty() {
                plain.push(quote!(#(#pats)|* => #t,));
            }
            if let Some(table) = table {
                let test = self.table_test(&table);
                guarded.push(quote!(_ if #test => #t,));
            }
        }
        let otherwise = ret(quote!(false), tail);
        let exhaustive = self.read_kind(ascii_only) == Read::Char && every_char(&inline_ranges);
        let otherwise = (!exhaustive).then(|| quote!(_ => #otherwise,));
        let body = quote! {{
            #self_loop
            if #at_end {
                return #end_result;
            }
            #read
            match c {
                #(#plain)*
                #(#guarded)*
                #otherwise
            }
        }};
        (body, assigns)
    }

    /// The code of a run of states that each accept one set of characters and move to the
    /// next (such as `[a-f0-9]{24}`): counted loops instead of one state per character.
    fn run_body(
        &mut self,
        dfa: &Dfa,
        run: &[usize],
        target_expr: &dyn Fn(Target) -> TokenStream,
        tail: bool,
    ) -> (TokenStream, bool) {
        let at_end = self.at_end();
        // Consecutive equal sets become one counted step.
        let mut groups: Vec<(&CharSet, usize)> = Vec::new();
        for &s in run {
            let set = &dfa.closed[s].transitions[0].0;
            match groups.last_mut() {
                Some((last, count)) if *last == set => *count += 1,
                _ => groups.push((set, 1)),
            }
        }
        let last = run[run.len() - 1];
        let target = dfa.closed[last].transitions[0].1;
        let inlined_end =
            matches!(target, Target::Closed(t) if dfa.closed[t].transitions.is_empty());
        let reads_pos_after = inlined_end || !matches!(target, Target::Accept | Target::Reject);
        let group_count = groups.len();
        let mut steps = Vec::new();
        for (g, (set, count)) in groups.into_iter().enumerate() {
            let advance = count > 1 || g + 1 < group_count || reads_pos_after;
            if count > 1 && is_ascii(set) {
                let count_lit = Literal::usize_unsuffixed(count);
                // Each character of an ASCII set is one byte: test the length once, then
                // the bytes, so the loop has no per-byte end test.
                let read_later = g + 1 < group_count || reads_pos_after;
                self.assigns_pos |= read_later;
                let skip = read_later.then(|| quote!(pos += #count_lit;));
                let pats: Vec<TokenStream> = set
                    .ranges()
                    .iter()
                    .filter_map(|&(lo, hi)| range_pat(lo, hi, Read::Byte))
                    .collect();
                let no_pending = (self.mode == Mode::Legacy).then(|| quote!(|| pending != 0));
                let words = self.word_steps(set, count);
                steps.push(quote! {
                    if bytes.len() - pos < #count_lit #no_pending {
                        return false;
                    }
                    let mut n = 0;
                    #words
                    while n < #count_lit {
                        if !matches!(bytes[pos + n], #(#pats)|*) {
                            return false;
                        }
                        n += 1;
                    }
                    #skip
                });
                continue;
            }
            let read = self.read_char(is_ascii(set), advance);
            let test = self.set_test(set);
            let check = quote! {
                if #at_end {
                    return false;
                }
                #read
                if !(#test) {
                    return false;
                }
            };
            steps.push(if count == 1 {
                check
            } else {
                let count = Literal::usize_unsuffixed(count);
                quote! {
                    let mut n = 0;
                    while n < #count {
                        #check
                        n += 1;
                    }
                }
            });
        }
        // A final state that only looks for the end of input is inlined.
        let (end, assigns) = match target {
            Target::Closed(t) if dfa.closed[t].transitions.is_empty() => {
                let result = if dfa.closed[t].at_end == Target::Accept {
                    quote!(#at_end)
                } else {
                    quote!(false)
                };
                (ret(result, tail), false)
            }
            other => (
                leaf(other, target_expr, tail),
                !matches!(other, Target::Accept | Target::Reject),
            ),
        };
        (quote!({ #(#steps)* #end }), assigns)
    }

    /// Eight bytes at a time, while eight remain of a run of `count` bytes of the ASCII `set`:
    /// each byte's membership in each range is read off the high bit of a sum (`b + 0x80 - lo`
    /// reaches the high bit when `b >= lo`, `b + 0x7F - hi` when `b > hi`; bytes below `0x80`
    /// never carry into their neighbour). The byte loop after it checks the rest.
    fn word_steps(&mut self, set: &CharSet, count: usize) -> TokenStream {
        if count < 8 || set.ranges().is_empty() {
            return TokenStream::new();
        }
        let count = Literal::usize_unsuffixed(count);
        let terms: Vec<TokenStream> = set
            .ranges()
            .iter()
            .map(|&(lo, hi)| {
                let ge_lo = word_lit(0x80 - lo as u8);
                let gt_hi = word_lit(0x7F - hi as u8);
                quote!(((word + #ge_lo) & !(word + #gt_hi)))
            })
            .collect();
        // One range needs no parentheses around the union of the ranges.
        let union = if terms.len() == 1 {
            terms[0].clone()
        } else {
            quote!((#(#terms)|*))
        };
        quote! {
            while n + 8 <= #count {
                let (_, rest) = bytes.split_at(pos + n);
                let word = match rest.first_chunk::<8>() {
                    ::core::option::Option::Some(chunk) => u64::from_le_bytes(*chunk),
                    ::core::option::Option::None => return false,
                };
                const HIGH: u64 = 0x8080_8080_8080_8080;
                if word & HIGH != 0 || #union & HIGH != HIGH {
                    return false;
                }
                n += 8;
            }
        }
    }

    fn decision(
        &mut self,
        d: &Decision,
        target_expr: &dyn Fn(Target) -> TokenStream,
        tail: bool,
    ) -> TokenStream {
        match d {
            Decision::Leaf(t) => leaf(*t, target_expr, tail),
            Decision::Test {
                pred,
                if_true,
                if_false,
            } => {
                let cond = self.predicate(*pred);
                match (&**if_true, &**if_false) {
                    (Decision::Leaf(Target::Accept), Decision::Leaf(Target::Reject)) => {
                        return ret(cond, tail);
                    }
                    (Decision::Leaf(Target::Reject), Decision::Leaf(Target::Accept)) => {
                        return ret(quote!(!(#cond)), tail);
                    }
                    _ => {}
                }
                let t = self.decision(if_true, target_expr, tail);
                let f = self.decision(if_false, target_expr, tail);
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
        let ascii: Vec<(u32, u32)> = set
            .ranges()
            .iter()
            .copied()
            .filter(|r| r.0 < 0x80)
            .collect();
        let rest: Vec<(u32, u32)> = set
            .ranges()
            .iter()
            .copied()
            .filter(|r| r.0 >= 0x80)
            .collect();
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
                let (l, h) = (char_lit(lo, Read::CodeUnit), char_lit(hi, Read::CodeUnit));
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
        if self.uses_decode && self.mode == Mode::Unicode {
            out.extend(quote! {
                /// Decodes the multi-byte UTF-8 sequence at `pos` (the input is a `str`, so
                /// it is well formed): the character and its length in bytes.
                const fn decode(bytes: &[u8], pos: usize) -> (char, usize) {
                    let (c, width) = decode_scalar(bytes, pos);
                    match char::from_u32(c) {
                        Some(c) => (c, width),
                        None => (char::REPLACEMENT_CHARACTER, width),
                    }
                }
            });
        }
        if self.uses_decode {
            let name = match self.mode {
                Mode::Unicode => format_ident!("decode_scalar"),
                Mode::Legacy => format_ident!("decode"),
            };
            out.extend(quote! {
                /// Decodes the multi-byte UTF-8 sequence at `pos` (the input is a `str`, so
                /// it is well formed): the code point and its length in bytes.
                const fn #name(bytes: &[u8], pos: usize) -> (u32, usize) {
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
