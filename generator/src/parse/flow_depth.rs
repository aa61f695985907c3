//! A linear pre-pass that refuses YAML whose flow collections (`[ ]`, `{ }`) are nested far too
//! deep, before serde_yaml sees it.
//!
//! Why: serde_yaml (over unsafe-libyaml) scans a whole document into events before its
//! recursion limit (128) applies, and libyaml's scanner is quadratic in the depth of flow
//! collections (every token walks one simple-key slot per open flow level). A 100 KB line of
//! `[` thus takes many seconds to be refused: a denial of service for anyone generating from
//! untrusted specs. This pass finds such nesting in one pass over the text.
//!
//! It must never refuse a document serde_yaml would accept, so it counts a bracket only where
//! libyaml certainly reads a flow-collection indicator, and it follows libyaml's own scanner
//! (not just the YAML specification) where the two differ: in flow context `#` at a token start
//! begins a comment even without a space before it, and `:` inside a plain scalar is text.
//! Whatever it cannot follow with certainty (tags, anchors and aliases in block context, tabs
//! between block tokens, directives, malformed indicators) ends the scan: the depth found so
//! far stands and serde_yaml handles the rest, only slowly. Only a prefix libyaml accepts needs
//! to be read rightly: a document with an error anywhere is refused by serde_yaml anyway.

/// What a scan found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlowNesting {
    /// The deepest flow nesting the scan was certain of.
    pub depth: usize,
    /// The byte offset of the bracket that first reached it (0 when there is none).
    pub offset: usize,
    /// How far the scan followed the text: its length, unless the scan stopped at the limit
    /// or where it could not be certain.
    pub read: usize,
}

/// The deepest flow nesting in `text` that is certain, scanning the whole text (what the
/// tests hold against serde_yaml's own nesting).
#[cfg(test)]
pub fn deepest_certain(text: &str) -> FlowNesting {
    scan(text, usize::MAX)
}

/// The byte offset of the first bracket that certainly nests flow collections more than
/// `limit` deep, if any. Stops there: the rest of the text is not read.
pub fn first_beyond(text: &str, limit: usize) -> Option<usize> {
    let found = scan(text, limit);
    (found.depth > limit).then_some(found.offset)
}

/// The 1-based line and column (in characters) of a byte offset, counting line breaks as
/// libyaml does (CR, LF, CRLF, NEL, LS, PS), for messages in serde_yaml's terms.
pub fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let (mut line, mut line_start, mut pos) = (1, 0, 0);
    while pos < end {
        match break_len(bytes, pos) {
            0 => pos += 1,
            len => {
                pos += len;
                line += 1;
                line_start = pos;
            }
        }
    }
    let prefix = text.get(line_start..end).unwrap_or("");
    (line, prefix.chars().count() + 1)
}

fn scan(text: &str, limit: usize) -> FlowNesting {
    let mut scanner = Scanner::new(text.as_bytes(), limit);
    // The result is the same whether the scan ended at the text's end, at the limit or where
    // it became unsure: the deepest certain nesting up to there.
    let _ = scanner.document();
    FlowNesting {
        depth: scanner.deepest,
        offset: scanner.deepest_at,
        read: scanner.pos.min(text.len()),
    }
}

/// Why a scan ended before the text did.
enum Stop {
    /// Nesting beyond the limit was found.
    Limit,
    /// The text goes where the scan cannot follow libyaml with certainty.
    Unsure,
}

type Scan<T> = Result<T, Stop>;

/// What the next line is, in block context, after the line just read.
#[derive(Clone, Copy)]
enum Pending {
    /// Lines start new tokens.
    Nothing,
    /// A plain scalar may go on, in lines indented more than `indent` (libyaml's block
    /// indentation when the scalar began; -1 at the document's root).
    Plain { indent: isize },
    /// A block scalar (`|`, `>`) follows; `parent` is the block indentation at its indicator.
    BlockScalar {
        parent: isize,
        increment: Option<usize>,
    },
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Where the current line begins, for columns.
    line_start: usize,
    /// Whether LF is the only line break in the text (see [`Stops`]).
    only_lf_breaks: bool,
    /// The column at a position of the current line (see [`Scanner::column`]).
    known_column: (usize, usize),
    /// libyaml's stack of block indentation columns (its `indent`, -1 when empty).
    indents: Vec<usize>,
    depth: usize,
    deepest: usize,
    deepest_at: usize,
    limit: usize,
}

impl<'a> Scanner<'a> {
    fn new(bytes: &'a [u8], limit: usize) -> Self {
        // libyaml drops a byte order mark at the start of the stream.
        let pos = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
        Scanner {
            bytes,
            pos,
            line_start: pos,
            only_lf_breaks: only_lf_breaks(bytes),
            known_column: (pos, 0),
            indents: Vec::new(),
            depth: 0,
            deepest: 0,
            deepest_at: 0,
            limit,
        }
    }

    /// Reads the text line by line in block context; flow collections and quoted scalars may
    /// take several lines.
    fn document(&mut self) -> Scan<()> {
        let mut pending = Pending::Nothing;
        while self.pos < self.bytes.len() {
            pending = match pending {
                Pending::Nothing => self.fresh_line()?,
                Pending::Plain { indent } => self.plain_continuation(indent)?,
                Pending::BlockScalar { parent, increment } => {
                    self.block_scalar(parent, increment)?;
                    Pending::Nothing
                }
            };
        }
        Ok(())
    }

    // ---- Block context -------------------------------------------------------------------

    /// A line whose first non-space character starts a token (or a comment).
    fn fresh_line(&mut self) -> Scan<Pending> {
        self.skip_spaces();
        // Only spaces since the line's start.
        let column = self.pos - self.line_start;
        self.known_column = (self.pos, column);
        match self.peek() {
            None => return Ok(Pending::Nothing),
            Some(b'\t') => return Err(Stop::Unsure),
            Some(b'#') => {
                self.skip_line();
                return Ok(Pending::Nothing);
            }
            Some(b'%') => return Err(Stop::Unsure),
            _ if self.at_break() => {
                self.skip_line();
                return Ok(Pending::Nothing);
            }
            _ => {}
        }
        if column == 0 && self.at_document_marker(b'-') {
            // `---` ends every block collection; what follows it on the line is the root node.
            self.indents.clear();
            self.pos += 3;
            return self.line_tokens();
        }
        if column == 0 && self.at_document_marker(b'.') {
            self.indents.clear();
            self.pos += 3;
            return self.end_of_line();
        }
        self.unroll(column);
        self.line_tokens()
    }

    /// The tokens from the current position to the end of the line (or of the multi-line
    /// node that starts on it), in block context with a simple key allowed.
    fn line_tokens(&mut self) -> Scan<Pending> {
        loop {
            self.skip_spaces();
            let Some(byte) = self.peek() else {
                return Ok(Pending::Nothing);
            };
            if self.at_break() {
                self.skip_line();
                return Ok(Pending::Nothing);
            }
            let column = self.column();
            match byte {
                b'#' => {
                    self.skip_line();
                    return Ok(Pending::Nothing);
                }
                // Block entry, explicit key, value without a simple key: each starts (or
                // continues) a block collection at its column.
                b'-' | b'?' | b':' if self.blankz_at(self.pos + 1) => {
                    self.roll(column);
                    self.pos += 1;
                }
                b'[' | b'{' => {
                    let line = self.line_start;
                    self.flow_collection()?;
                    if !self.after_node(column, line)? {
                        return Ok(Pending::Nothing);
                    }
                }
                b'\'' | b'"' => {
                    let line = self.line_start;
                    self.quoted_scalar(byte);
                    if !self.after_node(column, line)? {
                        return Ok(Pending::Nothing);
                    }
                }
                b'|' | b'>' => return self.block_scalar_header(),
                b'\t' | b'!' | b'&' | b'*' | b'%' | b'@' | b'`' | b']' | b'}' | b',' => {
                    return Err(Stop::Unsure);
                }
                _ if self.bytes[self.pos..].starts_with(BOM) => return Err(Stop::Unsure),
                _ => match self.block_plain_scalar() {
                    PlainEnd::Key => {
                        self.roll(column);
                        self.pos += 1;
                    }
                    PlainEnd::Comment => {
                        self.skip_line();
                        return Ok(Pending::Nothing);
                    }
                    PlainEnd::LineEnd => {
                        self.skip_line();
                        return Ok(Pending::Plain {
                            indent: self.indent(),
                        });
                    }
                },
            }
        }
    }

    /// After a flow collection or quoted scalar that began at `column` on the line starting at
    /// `line`: whether a value follows (the node was a simple key, now rolled in), or the line
    /// ended. Anything else is an error in libyaml, so the scan stops.
    fn after_node(&mut self, column: usize, line: usize) -> Scan<bool> {
        self.skip_blanks();
        if self.peek() == Some(b':') && self.blankz_at(self.pos + 1) {
            // A key must be on one line; a multi-line one followed by `:` is an error.
            if self.line_start != line {
                return Err(Stop::Unsure);
            }
            self.roll(column);
            self.pos += 1;
            return Ok(true);
        }
        self.end_of_line()?;
        Ok(false)
    }

    /// Only blanks and a comment may follow here before the line ends.
    fn end_of_line(&mut self) -> Scan<Pending> {
        self.skip_blanks();
        match self.peek() {
            None => Ok(Pending::Nothing),
            Some(b'#') => {
                self.skip_line();
                Ok(Pending::Nothing)
            }
            _ if self.at_break() => {
                self.skip_line();
                Ok(Pending::Nothing)
            }
            _ => Err(Stop::Unsure),
        }
    }

    /// A plain scalar in block context: brackets and quotes inside it are text. It ends at
    /// `: ` (a key), at ` #` (a comment) or at the line's end (it may go on below).
    fn block_plain_scalar(&mut self) -> PlainEnd {
        loop {
            let Some(byte) = self.skip_until(&BLOCK_PLAIN_STOPS) else {
                return PlainEnd::LineEnd;
            };
            match byte {
                b':' if self.blankz_at(self.pos + 1) => return PlainEnd::Key,
                b'#' if self.after_blank() => return PlainEnd::Comment,
                _ if self.at_break() => return PlainEnd::LineEnd,
                _ => self.pos += 1,
            }
        }
    }

    /// A line after one that ended inside a plain scalar: more of the scalar (text, whatever
    /// it holds), or a line the scalar does not reach, left for [`Scanner::fresh_line`].
    fn plain_continuation(&mut self, indent: isize) -> Scan<Pending> {
        let start = self.pos;
        self.skip_blanks();
        let column = self.column();
        if self.peek().is_none() {
            return Ok(Pending::Nothing);
        }
        if self.at_break() {
            // Blank lines are folded into the scalar.
            self.skip_line();
            return Ok(Pending::Plain { indent });
        }
        if self.peek() == Some(b'#') {
            self.skip_line();
            return Ok(Pending::Nothing);
        }
        let ends = (column as isize) <= indent
            || (column == 0 && (self.at_document_marker(b'-') || self.at_document_marker(b'.')));
        if ends {
            self.pos = start;
            return Ok(Pending::Nothing);
        }
        // `: ` on a continuation line is an error in libyaml (the scalar spans lines, so it
        // cannot be a key); only ` #` changes what follows.
        loop {
            let Some(byte) = self.skip_until(&COMMENT_STOPS) else {
                return Ok(Pending::Plain { indent });
            };
            if byte == b'#' && self.after_blank() {
                self.skip_line();
                return Ok(Pending::Nothing);
            }
            if self.at_break() {
                self.skip_break();
                return Ok(Pending::Plain { indent });
            }
            self.pos += 1;
        }
    }

    /// `|` or `>` with optional indentation and chomping indicators, then only a comment.
    fn block_scalar_header(&mut self) -> Scan<Pending> {
        self.pos += 1;
        let mut increment = None;
        for _ in 0..2 {
            match self.peek() {
                Some(b'+' | b'-') => self.pos += 1,
                Some(digit @ b'1'..=b'9') if increment.is_none() => {
                    increment = Some(usize::from(digit - b'0'));
                    self.pos += 1;
                }
                _ => break,
            }
        }
        self.skip_blanks();
        match self.peek() {
            None => {}
            Some(b'#') => self.skip_line(),
            _ if self.at_break() => self.skip_line(),
            _ => return Err(Stop::Unsure),
        }
        Ok(Pending::BlockScalar {
            parent: self.indent(),
            increment,
        })
    }

    /// Skips a block scalar's content: as libyaml does, its indentation is the indicator's
    /// (added to the parent's), or that of its first non-empty line (at least one more than
    /// the parent's); empty lines belong to it whatever their spaces.
    fn block_scalar(&mut self, parent: isize, increment: Option<usize>) -> Scan<()> {
        let indent = match increment {
            Some(increment) => usize::try_from(parent).map_or(increment, |p| p + increment),
            None => self.detect_block_indent(parent)?,
        };
        while self.pos < self.bytes.len() {
            let start = self.pos;
            let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
            if rest
                .get(..indent)
                .is_some_and(|head| head.iter().all(|&b| b == b' '))
            {
                self.skip_line();
                continue;
            }
            self.skip_spaces();
            match self.peek() {
                None => {}
                Some(b'\t') => return Err(Stop::Unsure),
                _ if self.at_break() => self.skip_line(),
                _ => {
                    self.pos = start;
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// libyaml's auto-detected block scalar indentation: the most spaces on the leading empty
    /// lines and the first non-empty one, at least the parent's plus one, and at least 1.
    /// Leaves the position at the first non-empty line.
    fn detect_block_indent(&mut self, parent: isize) -> Scan<usize> {
        let mut most = 0;
        loop {
            let start = self.pos;
            self.skip_spaces();
            most = most.max(self.pos - start);
            match self.peek() {
                Some(b'\t') => return Err(Stop::Unsure),
                Some(_) if self.at_break() => self.skip_line(),
                _ => {
                    self.pos = start;
                    break;
                }
            }
        }
        let above_parent = usize::try_from(parent + 1).unwrap_or(0);
        Ok(most.max(above_parent).max(1))
    }

    /// libyaml's `roll_indent`: a block collection starts at `column` if it is deeper.
    fn roll(&mut self, column: usize) {
        if self.indents.last().is_none_or(|&top| top < column) {
            self.indents.push(column);
        }
    }

    /// libyaml's `unroll_indent`: block collections deeper than a token's column end.
    fn unroll(&mut self, column: usize) {
        while self.indents.last().is_some_and(|&top| top > column) {
            self.indents.pop();
        }
    }

    fn indent(&self) -> isize {
        self.indents
            .last()
            .map_or(-1, |&top| isize::try_from(top).unwrap_or(isize::MAX))
    }

    // ---- Flow context --------------------------------------------------------------------

    /// From an opening bracket to the one closing it (or the text's end). In flow context
    /// libyaml reads every bracket outside quoted scalars and comments as an indicator:
    /// plain scalars end at them.
    fn flow_collection(&mut self) -> Scan<()> {
        self.open()?;
        loop {
            self.skip_blanks_and_breaks();
            let Some(byte) = self.peek() else {
                return Ok(());
            };
            match byte {
                b'#' => self.skip_comment(),
                b'[' | b'{' => self.open()?,
                b']' | b'}' => {
                    self.pos += 1;
                    self.depth -= 1;
                    if self.depth == 0 {
                        return Ok(());
                    }
                }
                // In flow context `?` and `:` at a token's start are always indicators.
                b',' | b'?' | b':' => self.pos += 1,
                b'\'' | b'"' => self.quoted_scalar(byte),
                b'&' | b'*' => {
                    self.pos += 1;
                    self.skip_anchor_name();
                }
                b'!' => return Err(Stop::Unsure),
                _ if self.bytes[self.pos..].starts_with(BOM) => return Err(Stop::Unsure),
                _ => self.flow_plain_scalar(),
            }
        }
    }

    fn open(&mut self) -> Scan<()> {
        self.depth += 1;
        if self.depth > self.deepest {
            self.deepest = self.depth;
            self.deepest_at = self.pos;
        }
        self.pos += 1;
        if self.depth > self.limit {
            return Err(Stop::Limit);
        }
        Ok(())
    }

    /// A plain scalar in flow context, which may span lines: it ends before `, [ ] { }`,
    /// before `:` and a blank, and at a `#` after blanks. Quotes inside it are text.
    fn flow_plain_scalar(&mut self) {
        while let Some(byte) = self.skip_until(&FLOW_PLAIN_STOPS) {
            match byte {
                b',' | b'[' | b']' | b'{' | b'}' => return,
                b':' if self.blankz_at(self.pos + 1) => return,
                // Blanks and breaks go on the scalar, unless a comment follows them.
                _ if byte == b' ' || byte == b'\t' || self.at_break() => {
                    self.skip_blanks_and_breaks();
                    if self.peek() == Some(b'#') {
                        return;
                    }
                }
                _ => self.pos += 1,
            }
        }
    }

    /// libyaml's anchor and alias names: ASCII letters, digits, `_` and `-`.
    fn skip_anchor_name(&mut self) {
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            self.pos += 1;
        }
    }

    // ---- Both contexts -------------------------------------------------------------------

    /// A single- (`''` escapes a quote) or double-quoted (`\` escapes) scalar, from its
    /// opening quote past its closing one; it may span lines.
    fn quoted_scalar(&mut self, quote: u8) {
        self.pos += 1;
        let stops = if quote == b'"' {
            &DOUBLE_QUOTED_STOPS
        } else {
            &SINGLE_QUOTED_STOPS
        };
        while let Some(byte) = self.skip_until(stops) {
            if self.at_break() {
                self.skip_break();
                continue;
            }
            self.pos += 1;
            if byte == quote {
                if quote == b'\'' && self.peek() == Some(b'\'') {
                    self.pos += 1;
                    continue;
                }
                return;
            }
            if quote == b'"' && byte == b'\\' {
                // The escaped character, which may be a line break.
                if self.at_break() {
                    self.skip_break();
                } else if self.peek().is_some() {
                    self.pos += 1;
                }
            }
        }
    }

    /// To the end of the line.
    fn skip_comment(&mut self) {
        while self.skip_until(&LINE_STOPS).is_some() && !self.at_break() {
            self.pos += 1;
        }
    }

    /// Moves to the next byte in `stops`, and returns it; to the end if none.
    fn skip_until(&mut self, stops: &Stops) -> Option<u8> {
        let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
        let found = match (self.only_lf_breaks, stops.lf_only) {
            (true, Some(&[a])) => memchr::memchr(a, rest),
            (true, Some(&[a, b])) => memchr::memchr2(a, b, rest),
            (true, Some(&[a, b, c])) => memchr::memchr3(a, b, c, rest),
            _ => rest.iter().position(|&b| stops.table[usize::from(b)]),
        };
        match found {
            Some(offset) => {
                self.pos += offset;
                self.peek()
            }
            None => {
                self.pos = self.bytes.len();
                None
            }
        }
    }

    /// Whether the byte before the position is a space or tab.
    fn after_blank(&self) -> bool {
        let before = self.pos.checked_sub(1).and_then(|at| self.bytes.get(at));
        matches!(before, Some(b' ' | b'\t'))
    }

    /// To the start of the next line.
    fn skip_line(&mut self) {
        self.skip_comment();
        self.skip_break();
    }

    fn skip_break(&mut self) {
        let len = break_len(self.bytes, self.pos);
        if len > 0 {
            self.pos += len;
            self.line_start = self.pos;
        }
    }

    fn skip_spaces(&mut self) {
        self.skip_while(|b| b == b' ');
    }

    fn skip_blanks(&mut self) {
        self.skip_while(|b| b == b' ' || b == b'\t');
    }

    fn skip_while(&mut self, skip: impl Fn(u8) -> bool) {
        let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
        self.pos += rest.iter().take_while(|&&b| skip(b)).count();
    }

    fn skip_blanks_and_breaks(&mut self) {
        loop {
            self.skip_blanks();
            if !self.at_break() {
                return;
            }
            self.skip_break();
        }
    }

    /// The current column in characters, as libyaml counts it (a tab is one). Counted on
    /// from the last column asked for on the same line, so that a long line costs one pass.
    fn column(&mut self) -> usize {
        let (from, mut column) = match self.known_column {
            (at, column) if at >= self.line_start && at <= self.pos => (at, column),
            _ => (self.line_start, 0),
        };
        let line = self.bytes.get(from..self.pos).unwrap_or(&[]);
        column += line.iter().filter(|&&b| !is_utf8_continuation(b)).count();
        self.known_column = (self.pos, column);
        column
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn at_break(&self) -> bool {
        self.peek().is_some_and(may_break) && break_len(self.bytes, self.pos) > 0
    }

    /// A space, tab, line break or the end of the text at `at` (libyaml's `IS_BLANKZ`).
    fn blankz_at(&self, at: usize) -> bool {
        match self.bytes.get(at) {
            None | Some(b' ' | b'\t') => true,
            Some(_) => break_len(self.bytes, at) > 0,
        }
    }

    /// `---` or `...` followed by a blank, a break or the end (the caller checks column 0).
    fn at_document_marker(&self, marker: u8) -> bool {
        self.bytes[self.pos..].starts_with(&[marker; 3]) && self.blankz_at(self.pos + 3)
    }
}

/// How a plain scalar in block context ended.
enum PlainEnd {
    /// At `:` and a blank: the scalar was a key (the position is at the `:`).
    Key,
    /// At a `#` after a blank.
    Comment,
    /// At the end of the line or text.
    LineEnd,
}

const BOM: &[u8] = "\u{feff}".as_bytes();

/// The length of the line break at `at`, 0 if none: LF, CR, CRLF, and the Unicode breaks
/// libyaml also honours (NEL, LS, PS).
fn break_len(bytes: &[u8], at: usize) -> usize {
    let rest = bytes.get(at..).unwrap_or(&[]);
    match rest {
        [b'\r', b'\n', ..] => 2,
        [b'\n' | b'\r', ..] => 1,
        [0xC2, 0x85, ..] => 2,
        [0xE2, 0x80, 0xA8 | 0xA9, ..] => 3,
        _ => 0,
    }
}

/// The bytes a loop stops at: some bytes and the line breaks. The loops read most of the text,
/// so in a text whose only line break is LF (nearly all) they search for at most three bytes
/// with `memchr`; otherwise they look each byte up in a table.
struct Stops {
    table: [bool; 256],
    /// The bytes and LF, when they are at most three.
    lf_only: Option<&'static [u8]>,
}

const LINE_STOPS: Stops = stops(b"", Some(b"\n"));
const COMMENT_STOPS: Stops = stops(b"#", Some(b"#\n"));
const BLOCK_PLAIN_STOPS: Stops = stops(b":#", Some(b":#\n"));
const FLOW_PLAIN_STOPS: Stops = stops(b",[]{}: \t", None);
const SINGLE_QUOTED_STOPS: Stops = stops(b"'", Some(b"'\n"));
const DOUBLE_QUOTED_STOPS: Stops = stops(b"\"\\", Some(b"\"\\\n"));

/// `extra` and the bytes that may start a line break.
const fn stops(extra: &[u8], lf_only: Option<&'static [u8]>) -> Stops {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = may_break(byte as u8);
        byte += 1;
    }
    let mut index = 0;
    while index < extra.len() {
        table[extra[index] as usize] = true;
        index += 1;
    }
    Stops { table, lf_only }
}

/// Whether LF is the text's only line break: no CR, NEL, LS or PS anywhere.
fn only_lf_breaks(bytes: &[u8]) -> bool {
    let mut from = 0;
    while let Some(found) = memchr::memchr3(b'\r', 0xC2, 0xE2, &bytes[from..]) {
        let at = from + found;
        if break_len(bytes, at) > 0 {
            return false;
        }
        from = at + 1;
    }
    true
}

/// Whether a byte may start a line break: LF, CR, or the first byte of NEL, LS or PS.
const fn may_break(byte: u8) -> bool {
    matches!(byte, b'\n' | b'\r' | 0xC2 | 0xE2)
}

fn is_utf8_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

#[cfg(test)]
mod tests;
