//! Prints a `syn` syntax tree as `rustfmt` (style edition 2024, default configuration) would
//! lay it out, so that generated files need no formatter run.
//!
//! The layout rules follow `rustfmt`'s: each construct is first tried on one line within the
//! width heuristics (`fn_call_width` 60, `chain_width` 60, `struct_lit_width` 18, ...), then
//! broken the way `rustfmt` breaks it. A rewrite returns `None` when it does not fit its
//! [`Shape`], and the caller tries the next layout. The printer covers the constructs code
//! generators write; anything else is reported as unsupported instead of printed wrongly.
//! `tests/tests/rustfmt_parity.rs` checks the output of every project spec against `rustfmt`.

mod chains;
mod exprs;
mod imports;
mod items;
mod lists;
mod macros;
mod pats;
mod types;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub(crate) const MAX_WIDTH: usize = 100;
pub(crate) const TAB: usize = 4;
/// `rustfmt`'s width heuristics for `max_width = 100`.
pub(crate) const FN_CALL_WIDTH: usize = 60;
pub(crate) const ATTR_FN_LIKE_WIDTH: usize = 70;
pub(crate) const STRUCT_LIT_WIDTH: usize = 18;
pub(crate) const STRUCT_VARIANT_WIDTH: usize = 35;
pub(crate) const ARRAY_WIDTH: usize = 60;
pub(crate) const CHAIN_WIDTH: usize = 60;
pub(crate) const SINGLE_LINE_IF_ELSE_WIDTH: usize = 50;
pub(crate) const SINGLE_LINE_LET_ELSE_WIDTH: usize = 50;
pub(crate) const SHORT_ARRAY_ELEMENT_WIDTH: usize = 10;

/// Where a line starts: a block indentation plus, rarely, an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) struct Indent {
    pub block: usize,
    pub align: usize,
}

impl Indent {
    pub fn new(block: usize, align: usize) -> Self {
        Self { block, align }
    }

    pub fn width(self) -> usize {
        self.block + self.align
    }

    /// One level deeper.
    pub fn block_indent(self) -> Self {
        Self {
            block: self.block + TAB,
            align: self.align,
        }
    }

    pub fn block_only(self) -> Self {
        Self {
            block: self.block,
            align: 0,
        }
    }

    pub fn newline(self) -> String {
        let mut s = String::with_capacity(self.width() + 1);
        s.push('\n');
        push_spaces(&mut s, self.width());
        s
    }

    pub fn spaces(self) -> String {
        " ".repeat(self.width())
    }
}

/// The room a rewrite has: `width` columns on its first line, which starts `offset` columns
/// right of `indent`; later lines start at `indent` (or deeper) and end by [`MAX_WIDTH`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Shape {
    pub width: usize,
    pub indent: Indent,
    pub offset: usize,
}

impl Shape {
    pub fn indented(indent: Indent) -> Self {
        Self {
            width: MAX_WIDTH.saturating_sub(indent.width()),
            indent,
            offset: indent.align,
        }
    }

    pub fn legacy(width: usize, indent: Indent) -> Self {
        Self {
            width,
            indent,
            offset: indent.align,
        }
    }

    pub fn with_max_width(self) -> Self {
        Self {
            width: MAX_WIDTH.saturating_sub(self.indent.width()),
            ..self
        }
    }

    pub fn visual_indent(self, delta: usize) -> Self {
        let align = self.offset + delta;
        Self {
            width: self.width,
            indent: Indent::new(self.indent.block, align),
            offset: align,
        }
    }

    pub fn block_indent(self, delta: usize) -> Self {
        if self.indent.align == 0 {
            Self {
                width: self.width,
                indent: Indent::new(self.indent.block + delta, 0),
                offset: 0,
            }
        } else {
            Self {
                width: self.width,
                indent: Indent::new(self.indent.block, self.indent.align + delta),
                offset: self.indent.align + delta,
            }
        }
    }

    pub fn block(self) -> Self {
        Self {
            indent: self.indent.block_only(),
            ..self
        }
    }

    pub fn sub_width(self, delta: usize) -> Option<Self> {
        Some(Self {
            width: self.width.checked_sub(delta)?,
            ..self
        })
    }

    pub fn offset_left(self, delta: usize) -> Option<Self> {
        Some(Self {
            width: self.width.checked_sub(delta)?,
            offset: self.offset + delta,
            ..self
        })
    }

    pub fn shrink_left(self, delta: usize) -> Option<Self> {
        Some(Self {
            width: self.width.checked_sub(delta)?,
            indent: Indent::new(self.indent.block, self.indent.align + delta),
            offset: self.offset + delta,
        })
    }

    pub fn used_width(self) -> usize {
        self.indent.block + self.offset
    }

    pub fn rhs_overhead(self) -> usize {
        MAX_WIDTH.saturating_sub(self.used_width() + self.width)
    }

    pub fn infinite_width(self) -> Self {
        Self {
            width: usize::MAX / 2,
            ..self
        }
    }

    /// A newline and the indentation of this shape's first column.
    pub fn newline(self) -> String {
        Indent::new(self.indent.block, self.offset).newline()
    }
}

/// What the printer could not print, kept while a file is printed.
#[derive(Default)]
pub(crate) struct Cx {
    unsupported: RefCell<Option<String>>,
    /// Set while `rustfmt` would forbid a chain to break (the last argument of a call
    /// being tried on the call's line).
    pub force_one_line_chain: Cell<bool>,
    /// While set, long string literals are laid out as short placeholders (see
    /// [`Cx::relaxed`]), and their texts are kept here.
    literals: RefCell<Option<Vec<String>>>,
    /// Expressions already laid out in a shape. Layouts are tried in turn at every level of a
    /// nested call, so without this an expression deep inside would be laid out a number of
    /// times exponential in its depth.
    memo: RefCell<HashMap<MemoKey, Option<String>, PlaceHasher>>,
    /// Set while printing syntax made on the fly (attribute arguments), whose places are
    /// not unique for the file's lifetime.
    no_memo: Cell<bool>,
    /// Macro arguments parsed so far, by the macro's place in the tree.
    macros: RefCell<HashMap<usize, std::rc::Rc<macros::Parsed>, PlaceHasher>>,
}

/// An expression's place in the tree, the shape it is laid out in, and whether its chains
/// may break (`Cx::force_one_line_chain`).
type MemoKey = (usize, Shape, bool);

/// `n` spaces appended to `text`, copied in runs rather than pushed one `char` at a time.
fn push_spaces(text: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = n;
    while left > 0 {
        let run = left.min(SPACES.len());
        text.push_str(&SPACES[..run]);
        left -= run;
    }
}

/// The hasher of the printer's memo tables, whose keys are a few machine words (a node's
/// address, a shape): the multiply-rotate hash of `rustc`'s own tables (FxHash), which costs a
/// few instructions a word where the standard SipHash, made to resist chosen keys (these are
/// addresses, chosen by nobody), took about 4% of a large spec's run. The tables are only
/// looked up, never iterated, so the order of their entries cannot reach the output.
type PlaceHasher = BuildHasherDefault<WordHasher>;

#[derive(Default)]
struct WordHasher(u64);

impl WordHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        // The low bits pick the bucket: fold the well-mixed high bits into them.
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

impl Cx {
    /// Records a construct the printer does not handle; the file then fails to print.
    pub fn unsupported<T>(&self, what: impl std::fmt::Display) -> Option<T> {
        let mut slot = self.unsupported.borrow_mut();
        if slot.is_none() {
            *slot = Some(what.to_string());
        }
        None
    }
}

impl Cx {
    /// `rewrite` of the expression at `node` in `shape`, computed once. Not in relaxed mode,
    /// whose placeholders are numbered per statement.
    pub fn memoized(
        &self,
        node: &syn::Expr,
        shape: Shape,
        rewrite: impl FnOnce() -> Option<String>,
    ) -> Option<String> {
        if self.literals.borrow().is_some() || self.no_memo.get() {
            return rewrite();
        }
        let key = (
            node as *const syn::Expr as usize,
            shape,
            self.force_one_line_chain.get(),
        );
        if let Some(found) = self.memo.borrow().get(&key) {
            return found.clone();
        }
        let result = rewrite();
        self.memo.borrow_mut().insert(key, result.clone());
        result
    }

    /// `rewrite` without the memo (see `no_memo`).
    pub fn without_memo(&self, rewrite: impl FnOnce() -> Option<String>) -> Option<String> {
        let outer = self.no_memo.replace(true);
        let result = rewrite();
        self.no_memo.set(outer);
        result
    }

    /// The arguments of the macro at `mac`, parsed on first use and kept for the file.
    pub fn macro_args(
        &self,
        mac: &syn::Macro,
        parse: impl FnOnce() -> macros::Parsed,
    ) -> std::rc::Rc<macros::Parsed> {
        let key = mac as *const syn::Macro as usize;
        if let Some(found) = self.macros.borrow().get(&key) {
            return found.clone();
        }
        let parsed = std::rc::Rc::new(parse());
        self.macros.borrow_mut().insert(key, parsed.clone());
        parsed
    }
}

/// Below this, a string literal is laid out as written even in relaxed mode.
const SHORT_LITERAL: usize = 16;

impl Cx {
    /// `rewrite` laid out as if long string literals were short. A statement that holds a
    /// string literal too long for any layout makes `rustfmt` give up and keep the statement
    /// as written; this gives that statement the layout it would have with a shorter string.
    pub fn relaxed(&self, rewrite: impl FnOnce() -> Option<String>) -> Option<String> {
        let outer = self.literals.replace(Some(Vec::new()));
        let text = rewrite();
        let literals =
            std::mem::replace(&mut *self.literals.borrow_mut(), outer).unwrap_or_default();
        let text = text?;
        if literals.is_empty() {
            return Some(text);
        }
        // One pass over the text, not one per literal: a statement may hold hundreds.
        let mut out =
            String::with_capacity(text.len() + literals.iter().map(String::len).sum::<usize>());
        let mut rest = text.as_str();
        while let Some(start) = rest.find(PLACEHOLDER_OPEN) {
            let after = &rest[start + PLACEHOLDER_OPEN.len()..];
            let literal = after.find(PLACEHOLDER_CLOSE).and_then(|end| {
                let index: usize = after[..end].parse().ok()?;
                Some((literals.get(index)?, end + PLACEHOLDER_CLOSE.len()))
            });
            match literal {
                Some((literal, len)) => {
                    out.push_str(&rest[..start]);
                    out.push_str(literal);
                    rest = &after[len..];
                }
                // Not one of this statement's placeholders: kept as it is.
                None => {
                    out.push_str(&rest[..start + PLACEHOLDER_OPEN.len()]);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        Some(out)
    }

    /// The text to lay out for a string literal: itself, or in relaxed mode a placeholder
    /// when it is long.
    pub fn string_literal(&self, text: String) -> String {
        let mut literals = self.literals.borrow_mut();
        match literals.as_mut() {
            Some(list) if text.len() > SHORT_LITERAL => {
                list.push(text);
                placeholder(list.len() - 1)
            }
            _ => text,
        }
    }
}

/// A placeholder is `"`, a private-use character, the literal's index, another, and `"`: no
/// Rust text the printer makes holds those characters outside a literal.
const PLACEHOLDER_OPEN: &str = "\"\u{E000}";
const PLACEHOLDER_CLOSE: &str = "\u{E001}\"";

fn placeholder(index: usize) -> String {
    format!("{PLACEHOLDER_OPEN}{index}{PLACEHOLDER_CLOSE}")
}

/// The file's text, or what the printer could not print.
pub(crate) fn file(file: &syn::File) -> Result<String, String> {
    let cx = Cx::default();
    let text = items::file(&cx, file);
    if let Some(what) = cx.unsupported.into_inner() {
        return Err(format!("the formatter does not support {what}"));
    }
    Ok(text)
}

pub(crate) fn first_line_width(s: &str) -> usize {
    s.find('\n').unwrap_or(s.len())
}

pub(crate) fn last_line_width(s: &str) -> usize {
    match s.rfind('\n') {
        Some(i) => s.len() - i - 1,
        None => s.len(),
    }
}

pub(crate) fn is_single_line(s: &str) -> bool {
    !s.contains('\n')
}

pub(crate) fn count_newlines(s: &str) -> usize {
    s.bytes().filter(|b| *b == b'\n').count()
}

pub(crate) fn first_line_ends_with(s: &str, c: char) -> bool {
    s.lines().next().is_some_and(|l| l.ends_with(c))
}

/// `rustfmt`'s check that a multi-line text fits a shape.
pub(crate) fn fits(s: &str, shape: Shape) -> bool {
    if first_line_width(s) > shape.width {
        return false;
    }
    if is_single_line(s) {
        return true;
    }
    if s.lines().skip(1).any(|l| l.len() > MAX_WIDTH) {
        return false;
    }
    last_line_width(s) <= shape.used_width() + shape.width
}

pub(crate) fn wrap(s: String, shape: Shape) -> Option<String> {
    fits(&s, shape).then_some(s)
}

/// The width of the last line past the shape's indentation (`rustfmt`'s `extra_offset`).
pub(crate) fn extra_offset(s: &str, shape: Shape) -> usize {
    match s.rfind('\n') {
        Some(i) => s.len().saturating_sub(i + 1 + shape.used_width()),
        None => s.len(),
    }
}

/// Whether the last line holds only closing delimiters (`rustfmt`'s `last_line_extendable`).
pub(crate) fn last_line_extendable(s: &str) -> bool {
    if s.ends_with("\"#") {
        return true;
    }
    for c in s.chars().rev() {
        match c {
            '(' | ')' | ']' | '}' | '?' | '>' => continue,
            '\n' => break,
            c if c.is_whitespace() => continue,
            _ => return false,
        }
    }
    true
}
