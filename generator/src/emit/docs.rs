//! Doc comments from the spec's text. Spec text is Markdown-ish prose; it goes into `#[doc]`
//! attributes as is, apart from what rustdoc would misread.

use proc_macro2::TokenStream;
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
        paragraphs.push(docs.facts.join("\n"));
    }
    lines(&paragraphs.join("\n\n"))
}

/// One `#[doc]` attribute per line of `text`.
pub fn lines(text: &str) -> TokenStream {
    let attrs = sanitized_lines(text)
        .into_iter()
        .map(|line| quote!(#[doc = #line]));
    quote!(#(#attrs)*)
}

/// One `#![doc]` attribute per line of `text`: the docs of the module or file they open.
pub fn inner_lines(text: &str) -> TokenStream {
    let attrs = sanitized_lines(text)
        .into_iter()
        .map(|line| quote!(#![doc = #line]));
    quote!(#(#attrs)*)
}

/// The lines of `text` as rustdoc should read them, each with the space after `///`. Tabs
/// (zone files, aligned tables) become four spaces, as clippy asks of doc comments.
fn sanitized_lines(text: &str) -> Vec<String> {
    sanitize(text)
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {}", line.replace('\t', "    "))
            }
        })
        .collect()
}

/// Rustdoc reads bare URLs, `[x]` and indented blocks as things the spec did not mean: URLs
/// get angle brackets, brackets are escaped, and lines lose their indentation so nothing
/// becomes a Rust code block (a doctest). A line right after a list item is either indented in
/// the spec (it continues the item: it is indented under the item's text) or not (a new
/// paragraph: a blank line goes before it), rather than left to Markdown's lazy continuation.
pub(super) fn sanitize(text: &str) -> String {
    let mut out = String::new();
    let mut in_fence = false;
    // The width of the current list item's marker, while the previous line belongs to one.
    let mut list_item: Option<usize> = None;
    for line in text.trim().lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_fence = !in_fence;
            // Fenced blocks in spec prose are shell or JSON, never Rust to be tested.
            out.push_str(if in_fence { "```text" } else { "```" });
            out.push('\n');
            continue;
        }
        if in_fence {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if let Some(width) = list_marker_width(trimmed) {
            list_item = Some(width);
        } else if trimmed.is_empty() {
            list_item = None;
        } else if let Some(width) = list_item {
            if line.starts_with(char::is_whitespace) {
                out.push_str(&" ".repeat(width));
            } else {
                out.push('\n');
                list_item = None;
            }
        }
        out.push_str(&escape_prose(trimmed));
        out.push('\n');
    }
    if in_fence {
        out.push_str("```\n");
    }
    out
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

fn escape_prose(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let mut in_code = false;
    while !rest.is_empty() {
        let c = rest.chars().next().expect("rest is not empty");
        if c == '`' {
            in_code = !in_code;
        }
        // Inside a code span rustdoc takes text literally, so nothing is escaped there.
        if in_code {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if let Some(url_len) = bare_url_len(rest) {
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        if let Some(link_len) = autolink_len(rest) {
            out.push_str(&rest[..link_len]);
            rest = &rest[link_len..];
            continue;
        }
        match c {
            '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            // Spec prose holds broken or placeholder HTML (`abbr title="...">AWS</abbr>`,
            // `the <value>`), which rustdoc would read as tags: it is shown as text.
            '<' if rest[1..]
                .starts_with(|n: char| n.is_ascii_alphabetic() || "/!?".contains(n)) =>
            {
                out.push_str("\\<");
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The length of a Markdown autolink (`<https://example.com>`) at the front of `text`.
fn autolink_len(text: &str) -> Option<usize> {
    if !(text.starts_with("<http://") || text.starts_with("<https://")) {
        return None;
    }
    let end = text.find('>')?;
    (!text[..end].contains(char::is_whitespace)).then_some(end + 1)
}

/// The length of a URL starting at the front of `text`, if one does and it is not already
/// inside `<...>` or a Markdown link (those start with other characters).
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
            sanitized_lines("$TTL\t3600\n@\tIN\tSOA"),
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
            "- one\n  more of one\n10. ten\n    more of ten\n\nNext.\n"
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
}
