//! Doc comments from the spec's text. Spec text is Markdown written by others, so it is
//! untrusted: it is parsed with a CommonMark parser (`pulldown-cmark`, the parser rustdoc
//! uses) and written out again, with every code block fenced as ```` ```text ````. Rustdoc
//! runs code blocks without a language as doctests, so no text from a spec ever becomes code
//! that `cargo test` compiles or runs, whatever form the block took (backtick or tilde
//! fences, indented blocks, blocks inside quotes or list items).
//!
//! Besides that, the output reads as the spec wrote it: paragraphs, lists, quotes, emphasis
//! and links are kept; bare URLs get angle brackets, and brackets and HTML-like text are
//! escaped, since rustdoc would read them as links and tags the spec did not mean.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use proc_macro2::TokenStream;
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use quote::quote;

use crate::model::Docs;

/// `#[doc = "..."]` lines: title, description, then the facts, as paragraphs.
pub fn doc_attrs(docs: &Docs) -> TokenStream {
    let mut paragraphs = Vec::new();
    if let Some(title) = &docs.title {
        paragraphs.push(title.clone());
    }
    if let Some(description) = &docs.description {
        paragraphs.push(description.clone());
    }
    if !docs.facts.is_empty() {
        paragraphs.push(super::facts::lines(
            &docs.facts,
            super::facts::Reader::Rustdoc,
        ));
    }
    lines(&paragraphs.join("\n\n"))
}

/// One `#[doc]` attribute per line of `text`, rendered inert.
pub fn lines(text: &str) -> TokenStream {
    let attrs = sanitized_lines(text);
    let attrs = attrs.iter().map(|line| quote!(#[doc = #line]));
    quote!(#(#attrs)*)
}

/// One `#![doc]` attribute per line of `text`, rendered inert: the docs of the module or file
/// they open.
pub fn inner_lines(text: &str) -> TokenStream {
    let attrs = sanitized_lines(text);
    let attrs = attrs.iter().map(|line| quote!(#![doc = #line]));
    quote!(#(#attrs)*)
}

/// `text` as an inline code span, whatever it holds (backticks, line breaks), for names and
/// values from the spec inside generated prose.
pub fn code_span(text: &str) -> String {
    let text = text.replace(['\r', '\n'], " ");
    let fence = "`".repeat(longest_run(&text, '`') + 1);
    // A span starting or ending with a backtick or a space needs a space inside the fence.
    let pad = if text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']) {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Spec text for a terminal (command-line help): code blocks fenced as in the docs, the
/// rest as written, and control characters (escape sequences, carriage returns) dropped.
pub fn terminal(text: &str) -> String {
    let rendered = render(text, Mode::Terminal);
    rendered
        .trim_end()
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect()
}

/// The lines of `text` as rustdoc should read them, each with the space after `///`. Tabs
/// (zone files, aligned tables) become four spaces, as clippy asks of doc comments.
fn sanitized_lines(text: &str) -> Rc<[String]> {
    if let Some(lines) = SANITIZED.with_borrow(|cache| cache.get(text).cloned()) {
        return lines;
    }
    let lines: Rc<[String]> = sanitize(text)
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {}", line.replace('\t', "    "))
            }
        })
        .collect();
    SANITIZED.with_borrow_mut(|cache| {
        if cache.len() >= SANITIZED_LIMIT {
            cache.clear();
        }
        cache.insert(text.to_owned(), lines.clone());
    });
    lines
}

thread_local! {
    /// [`sanitized_lines`] by source text. A spec repeats its descriptions (a parameter's in
    /// every operation that takes it) and each is rendered in several places (a field, its
    /// setter, its builder): parsing the Markdown twice at each use was about 4% of a large
    /// spec's run. A pure function's results, so the output does not depend on what is
    /// cached; per thread, since emission runs on several.
    static SANITIZED: RefCell<HashMap<String, Rc<[String]>>> = RefCell::default();
}

/// Past this many texts the cache starts again, so a long-lived caller's memory stays bounded.
const SANITIZED_LIMIT: usize = 16_384;

/// `text` as Markdown in which every code block is fenced as `text`; see the module docs.
pub(super) fn sanitize(text: &str) -> String {
    let rendered = render(text, Mode::Rustdoc);
    if only_text_code_blocks(&rendered) {
        rendered
    } else {
        // Not expected: the renderer wrote something rustdoc reads as a code block. Every
        // punctuation character escaped and no indentation cannot open one.
        escape_everything(text)
    }
}

/// Whether every code block rustdoc would see in `markdown` is fenced as `text`.
fn only_text_code_blocks(markdown: &str) -> bool {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    Parser::new_ext(markdown, options).all(|event| match event {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => info.trim() == "text",
        Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => false,
        _ => true,
    })
}

fn escape_everything(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        for c in line.trim().chars() {
            if c.is_ascii_punctuation() {
                out.push('\\');
            }
            if !c.is_control() {
                out.push(c);
            }
        }
        out.push('\n');
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Markdown for rustdoc: text is escaped so it reads back as the same text.
    Rustdoc,
    /// Text for people: nothing is escaped, markup is written as in the source.
    Terminal,
}

/// Parses `text` and writes it back as Markdown; see the module docs.
fn render(text: &str, mode: Mode) -> String {
    let text = separate_lazy_lines(text.trim());
    let mut writer = Writer::new(mode);
    for event in Parser::new(&text) {
        writer.event(event);
    }
    writer.finish()
}

/// A line right after a list item is either indented in the spec (it continues the item) or
/// not (a new paragraph: a blank line goes before it), rather than left to Markdown's lazy
/// continuation, which would join it to the item.
fn separate_lazy_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<&str> = None;
    let mut in_item = false;
    // The kind of the current list's marker (`-`, `*`, `+`, `.`, `)`): a marker of another
    // kind starts another list, which needs a blank line before it, or Markdown would read
    // an ordered item not numbered 1 as a continuation of the text before it.
    let mut kind: Option<char> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        let fence_mark = ["```", "~~~"]
            .into_iter()
            .find(|mark| trimmed.starts_with(mark));
        match (fence, fence_mark) {
            (None, Some(mark)) => fence = Some(mark),
            (Some(open), Some(mark)) if open == mark => fence = None,
            _ => {}
        }
        if fence.is_none() && fence_mark.is_none() {
            if list_marker_width(trimmed).is_some() {
                let this_kind = marker_kind(trimmed);
                let at_margin = !line.starts_with(char::is_whitespace);
                if in_item && at_margin && kind != Some(this_kind) {
                    out.push('\n');
                }
                if at_margin {
                    kind = Some(this_kind);
                }
                in_item = true;
            } else if trimmed.is_empty() {
                in_item = false;
            } else if in_item && !line.starts_with(char::is_whitespace) {
                out.push('\n');
                in_item = false;
                kind = None;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The kind of a list item's marker: its bullet, or the delimiter after its number.
fn marker_kind(line: &str) -> char {
    line.chars().find(|c| !c.is_ascii_digit()).unwrap_or('-')
}

/// The width of the marker (`- `, `* `, `+ `, `1. `, `1) `) a Markdown list item starts with.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") ")))
        .then_some(digits + 2)
}

/// An open container: what each of its lines starts with.
struct Container {
    /// The prefix of its lines after the first (`> `, or spaces under a list item's text).
    prefix: String,
    /// The list marker still to be written on the item's first line.
    marker: Option<String>,
    /// Whether a block was written in it yet (the next one needs a blank line before it).
    has_blocks: bool,
    /// Whether it is a list item.
    item: bool,
}

/// A list being written: its next number, and whether its items are separated by blank lines.
struct List {
    next: Option<u64>,
    loose: bool,
    items: usize,
}

/// Writes parser events back as Markdown.
struct Writer {
    mode: Mode,
    out: String,
    containers: Vec<Container>,
    lists: Vec<List>,
    at_line_start: bool,
    /// The text of the code block being read, written at its end.
    code: Option<String>,
    /// The destinations and titles of the links whose text is being written (bare URLs in
    /// that text stay as they are).
    links: Vec<(String, String)>,
    /// Inside an autolink, whose text is its URL, already written.
    in_autolink: bool,
}

impl Writer {
    fn new(mode: Mode) -> Self {
        Writer {
            mode,
            out: String::new(),
            containers: vec![Container {
                prefix: String::new(),
                marker: None,
                has_blocks: false,
                item: false,
            }],
            lists: Vec::new(),
            at_line_start: true,
            code: None,
            links: Vec::new(),
            in_autolink: false,
        }
    }

    fn finish(mut self) -> String {
        if !self.at_line_start {
            self.out.push('\n');
        }
        self.out
    }

    fn event(&mut self, event: Event<'_>) {
        if let Some(code) = &mut self.code {
            match event {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => self.code_block_end(),
                _ => {}
            }
            return;
        }
        if self.in_autolink {
            if let Event::End(TagEnd::Link) = event {
                self.in_autolink = false;
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(&text),
            Event::Code(code) => {
                let span = code_span(&code);
                self.inline(&span);
            }
            // HTML is shown as the text it is: spec prose holds broken or placeholder HTML
            // (`the <value>`, `abbr title="...">AWS</abbr>`).
            Event::Html(html) => {
                for (i, line) in html.trim_end().lines().enumerate() {
                    if i > 0 {
                        self.line_break();
                    }
                    self.text(line.trim());
                }
            }
            Event::InlineHtml(html) | Event::InlineMath(html) | Event::DisplayMath(html) => {
                self.text(&html)
            }
            Event::FootnoteReference(name) => self.text(&format!("[^{name}]")),
            Event::SoftBreak => self.line_break(),
            Event::HardBreak => {
                self.inline(if self.mode == Mode::Rustdoc { "\\" } else { "" });
                self.line_break();
            }
            Event::Rule => {
                self.block_start();
                self.inline("---");
                self.end_line();
            }
            Event::TaskListMarker(done) => self.inline(if done { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock => {
                // The parser wraps an item's text in paragraphs only in a loose list.
                if self.containers.last().is_some_and(|c| c.item) {
                    if let Some(list) = self.lists.last_mut() {
                        list.loose = true;
                    }
                }
                self.block_start();
            }
            Tag::Heading { level, .. } => {
                self.block_start();
                let hashes = "#".repeat(level as usize);
                self.inline(&format!("{hashes} "));
            }
            Tag::BlockQuote(_) => {
                self.block_start();
                self.push_container("> ".to_owned(), None);
            }
            Tag::CodeBlock(_) => {
                self.block_start();
                self.code = Some(String::new());
            }
            Tag::List(start) => {
                self.block_start();
                self.lists.push(List {
                    next: start,
                    loose: false,
                    items: 0,
                });
            }
            Tag::Item => {
                let Some(list) = self.lists.last_mut() else {
                    return;
                };
                let marker = match &mut list.next {
                    Some(n) => {
                        let marker = format!("{n}. ");
                        *n += 1;
                        marker
                    }
                    None => "- ".to_owned(),
                };
                let blank_before = list.loose && list.items > 0;
                list.items += 1;
                if blank_before {
                    self.blank_line();
                }
                let width = marker.len();
                self.push_container(" ".repeat(width), Some(marker));
            }
            Tag::Emphasis => self.inline("*"),
            Tag::Strong => self.inline("**"),
            Tag::Strikethrough => self.inline("~~"),
            Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                dest_url,
                ..
            } => {
                self.inline(&format!("<{dest_url}>"));
                self.in_autolink = true;
            }
            Tag::Link {
                dest_url, title, ..
            } => {
                self.links
                    .push((dest_url.into_string(), title.into_string()));
                self.inline("[");
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.links
                    .push((dest_url.into_string(), title.into_string()));
                self.inline("![");
            }
            // Tables, footnotes and the like are not parsed (no extension is on): their text
            // passes through as text.
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::HtmlBlock => self.end_line(),
            TagEnd::BlockQuote(_) => {
                self.containers.pop();
            }
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::Item => {
                self.end_line();
                self.containers.pop();
            }
            TagEnd::Emphasis => self.inline("*"),
            TagEnd::Strong => self.inline("**"),
            TagEnd::Strikethrough => self.inline("~~"),
            TagEnd::Link | TagEnd::Image => {
                let (url, title) = self.links.pop().unwrap_or_default();
                self.inline(&format!("]({})", link_target(&url, &title)));
            }
            _ => {}
        }
    }

    fn push_container(&mut self, prefix: String, marker: Option<String>) {
        self.containers.push(Container {
            item: marker.is_some(),
            prefix,
            marker,
            has_blocks: false,
        });
    }

    /// Before a block: a blank line when its container already holds a block.
    fn block_start(&mut self) {
        self.end_line();
        let needs_blank = self.containers.last().is_some_and(|c| c.has_blocks);
        if needs_blank {
            self.blank_line();
        }
        for container in &mut self.containers {
            container.has_blocks = true;
        }
    }

    fn blank_line(&mut self) {
        self.end_line();
        let prefix = self.prefix_for_continuation();
        self.out.push_str(prefix.trim_end());
        self.out.push('\n');
    }

    /// The prefixes of the open containers, for a line that is not an item's first.
    fn prefix_for_continuation(&self) -> String {
        self.containers.iter().map(|c| c.prefix.as_str()).collect()
    }

    /// Starts a line if none is started: the containers' prefixes, or an item's marker.
    fn begin_line(&mut self) {
        if !self.at_line_start {
            return;
        }
        for container in &mut self.containers {
            match container.marker.take() {
                Some(marker) => self.out.push_str(&marker),
                None => self.out.push_str(&container.prefix),
            }
        }
        self.at_line_start = false;
    }

    fn end_line(&mut self) {
        if !self.at_line_start {
            self.out.push('\n');
            self.at_line_start = true;
        }
    }

    fn line_break(&mut self) {
        self.begin_line();
        self.end_line();
    }

    /// Markup written as is.
    fn inline(&mut self, markup: &str) {
        self.begin_line();
        self.out.push_str(markup);
    }

    fn text(&mut self, text: &str) {
        let line_start = self.at_line_start;
        self.begin_line();
        match self.mode {
            Mode::Terminal => self.out.push_str(text),
            Mode::Rustdoc => {
                let text = if line_start { text.trim_start() } else { text };
                let escaped = escape_text(text, line_start, !self.links.is_empty());
                self.out.push_str(&escaped);
            }
        }
    }

    fn code_block_end(&mut self) {
        let code = self.code.take().unwrap_or_default();
        let fence = "`".repeat(longest_run(&code, '`').max(2) + 1);
        self.inline(&format!("{fence}text"));
        self.end_line();
        for line in code.lines() {
            self.begin_line();
            self.out.push_str(line);
            self.end_line();
        }
        self.inline(&fence);
        self.end_line();
    }
}

/// A link's destination and title as written inside `(...)`: a destination with spaces,
/// parentheses or brackets in angle brackets (with `<` and `>` escaped), `"` escaped in the
/// title.
fn link_target(url: &str, title: &str) -> String {
    let escape = |text: &str, special: &[char]| {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if special.contains(&c) || c == '\\' {
                out.push('\\');
            }
            if !c.is_control() {
                out.push(c);
            }
        }
        out
    };
    // A plain destination (an intra-doc path, most URLs) is written as is; one Markdown
    // could read otherwise (spaces, parentheses, brackets) goes in angle brackets.
    let plain = !url.is_empty()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>()\\".contains(c));
    let url = if plain {
        url.to_owned()
    } else {
        format!("<{}>", escape(url, &['<', '>']))
    };
    if title.is_empty() {
        url
    } else {
        format!("{url} \"{}\"", escape(&title.replace('\n', " "), &['"']))
    }
}

/// The longest run of `c` in `text`.
fn longest_run(text: &str, c: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// Text escaped so that rustdoc reads it back as the same text: characters that would start
/// markup are escaped, bare URLs get angle brackets (outside links).
fn escape_text(text: &str, line_start: bool, in_link: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let consumed = if line_start {
        escape_block_start(text, &mut out)
    } else {
        0
    };
    let mut rest = &text[consumed..];
    let mut previous = out.chars().last();
    while let Some(c) = rest.chars().next() {
        if !in_link {
            if let Some(url_len) = bare_url_len(rest) {
                out.push('<');
                out.push_str(&rest[..url_len]);
                out.push('>');
                previous = Some('>');
                rest = &rest[url_len..];
                continue;
            }
        }
        let next = rest[c.len_utf8()..].chars().next();
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' => true,
            // Inside a word `_` is literal; elsewhere it could open emphasis.
            '_' => {
                !(previous.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric))
            }
            // `<` before a letter, `/`, `!` or `?` could open a tag or an autolink.
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || "/!?".contains(n)),
            // `&name;` and `&#1;` would be character references.
            '&' => looks_like_entity(&rest[1..]),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        previous = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// At the start of a line, characters that would open a block (a heading, a quote, a list
/// item, a fence, a thematic break or a setext underline) are escaped: `out` gets the
/// escaped prefix of `text`; returns how many bytes of `text` that prefix holds.
fn escape_block_start(text: &str, out: &mut String) -> usize {
    let Some(first) = text.chars().next() else {
        return 0;
    };
    let second = text[first.len_utf8()..].chars().next();
    let opens = match first {
        '#' | '>' | '~' | '|' => true,
        '-' | '+' | '=' => second.is_none_or(|s| s == first || s.is_whitespace()),
        _ => false,
    };
    if opens {
        out.push('\\');
        out.push(first);
        return first.len_utf8();
    }
    // `1.` or `1)` then a space or the end: an ordered list item.
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 10 {
        let after = &text[digits..];
        let is_marker = (after.starts_with('.') || after.starts_with(')'))
            && after[1..].chars().next().is_none_or(char::is_whitespace);
        if is_marker {
            out.push_str(&text[..digits]);
            out.push('\\');
            out.push_str(&after[..1]);
            return digits + 1;
        }
    }
    0
}

/// Whether `text` (after a `&`) starts like a character reference: `name;` or `#digits;`.
fn looks_like_entity(text: &str) -> bool {
    let body = text.strip_prefix('#').unwrap_or(text);
    let len = body.chars().take_while(char::is_ascii_alphanumeric).count();
    len > 0 && body[len..].starts_with(';')
}

/// The length of a URL starting at the front of `text`, if one does.
fn bare_url_len(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text
        .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '`' | '<'))
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':']);
    Some(url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(
            *sanitized_lines("$TTL\t3600\n@\tIN\tSOA"),
            [" $TTL    3600", " @    IN    SOA"]
        );
    }

    #[test]
    fn urls_brackets_and_code_blocks_are_made_safe() {
        assert_eq!(
            sanitize("See https://example.com/a. And [x].\n    indented"),
            "See <https://example.com/a>. And \\[x\\].\nindented\n"
        );
        assert_eq!(sanitize("Pattern `^[a-f]{2}$`."), "Pattern `^[a-f]{2}$`.\n");
        assert_eq!(sanitize("```\ncurl x\n```"), "```text\ncurl x\n```\n");
    }

    #[test]
    fn a_line_after_a_list_item_continues_it_only_when_indented() {
        assert_eq!(
            sanitize("Limits:\n\n- one\n- two\nAfter the list."),
            "Limits:\n\n- one\n- two\n\nAfter the list.\n"
        );
        assert_eq!(
            sanitize("- one\n    more of one\n10. ten\n   more of ten\n\nNext."),
            "- one\n  more of one\n\n10. ten\n    more of ten\n\nNext.\n"
        );
        assert_eq!(
            sanitize("-1 is not a list\nnor this"),
            "-1 is not a list\nnor this\n"
        );
    }

    #[test]
    fn html_in_prose_is_shown_as_text_and_autolinks_are_kept() {
        assert_eq!(
            sanitize(r#"for abbr title="A">AWS</abbr>, the <value>; a < b; `<x>`"#),
            "for abbr title=\"A\">AWS\\</abbr>, the \\<value>; a < b; `<x>`\n"
        );
        assert_eq!(
            sanitize("See <https://example.com/a> or https://example.com/b."),
            "See <https://example.com/a> or <https://example.com/b>.\n"
        );
    }

    /// Every form of code block CommonMark knows, each of which rustdoc would run as a
    /// doctest if left unmarked.
    const HOSTILE: &[(&str, &str)] = &[
        (
            "backtick fence",
            "Intro.\n\n```\nstd::fs::write(\"x\", \"\").unwrap();\n```",
        ),
        ("rust fence", "```rust\npanic!();\n```"),
        ("fence with attributes", "``` rust,no_run\npanic!();\n```"),
        ("tilde fence", "~~~\npanic!();\n~~~"),
        ("long tilde fence", "~~~~~~ rust\npanic!();\n~~~~~~"),
        ("fence in a quote", "> ```\n> panic!();\n> ```"),
        (
            "fence in a list item",
            "- item\n\n  ```\n  panic!();\n  ```",
        ),
        (
            "fence in a numbered item",
            "1. item\n   ~~~\n   panic!();\n   ~~~",
        ),
        ("indented block", "Intro.\n\n    panic!();"),
        ("indented block in an item", "- item\n\n      panic!();"),
        ("indented block in a quote", "> Intro.\n>\n>     panic!();"),
        ("unclosed fence", "```\npanic!();"),
        ("fence right after text", "Intro.\n```\npanic!();\n```"),
        (
            "nested quote and list",
            "> - a\n>\n>   ```\n>   panic!();\n>   ```",
        ),
        (
            "backticks inside the code",
            "````\n```\npanic!();\n```\n````",
        ),
        ("HTML pre block", "<pre>\n```\npanic!();\n```\n</pre>"),
    ];

    #[test]
    fn every_form_of_code_block_becomes_a_text_block() {
        for (form, text) in HOSTILE {
            let out = sanitize(text);
            assert!(only_text_code_blocks(&out), "{form}: {out}");
            // The code is still shown, as text.
            assert!(
                out.contains("panic!()") || out.contains("std::fs::write"),
                "{form}: {out}"
            );
            // Rendering is stable: the output renders to itself.
            assert_eq!(sanitize(&out), out, "{form}");
        }
    }

    #[test]
    fn blocks_keep_their_place_in_quotes_and_lists() {
        assert_eq!(
            sanitize("> ```\n> panic!();\n> ```"),
            "> ```text\n> panic!();\n> ```\n"
        );
        assert_eq!(
            sanitize("- item\n\n  ~~~\n  panic!();\n  ~~~\n- next"),
            "- item\n\n  ```text\n  panic!();\n  ```\n\n- next\n"
        );
        assert_eq!(
            sanitize("Intro.\n\n    panic!();"),
            "Intro.\n\n```text\npanic!();\n```\n"
        );
    }

    #[test]
    fn spec_names_in_generated_prose_cannot_open_blocks() {
        // A name or value with line breaks and fences stays one inline code span.
        let name = "x`\n\n```\npanic!();\n```\n`";
        let out = sanitize(&format!("The {} parameter.", code_span(name)));
        assert!(only_text_code_blocks(&out), "{out}");
        assert_eq!(out.lines().count(), 1, "{out}");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a"), "`` `a ``");
    }

    #[test]
    fn markup_and_links_survive() {
        assert_eq!(
            sanitize("*Some* **bold** text, a [link](https://example.com/a \"T\") and `code`."),
            "*Some* **bold** text, a [link](https://example.com/a \"T\") and `code`.\n"
        );
        // A destination Markdown could misread keeps its angle brackets.
        assert_eq!(
            sanitize("[a](<https://example.com/a b>) [b](<https://example.com/(c)>)"),
            "[a](<https://example.com/a b>) [b](<https://example.com/(c)>)\n"
        );
        assert_eq!(sanitize("# Title\n\nText"), "# Title\n\nText\n");
        assert_eq!(sanitize("a_b_c and _d_"), "a_b_c and *d*\n");
        assert_eq!(sanitize("\\# not a heading"), "\\# not a heading\n");
        assert_eq!(sanitize("1. one\n2. two"), "1. one\n2. two\n");
    }

    #[test]
    fn terminal_text_keeps_markup_and_drops_control_characters() {
        assert_eq!(
            terminal("Run [this]:\n\n~~~\ncurl \u{1b}]0;x\u{7}\n~~~"),
            "Run [this]:\n\n```text\ncurl ]0;x\n```"
        );
    }
}
