//! Behaviour of the whole compiler through its public API: parsing, refusals and matching.

use super::ast::{Assertion, Mode, Node};
use super::charset::CharSet;
use super::parse::{parse, parse_in};
use super::{PatternError, compile};

fn error(pattern: &str) -> PatternError {
    match compile(pattern) {
        Ok(_) => panic!("`{pattern}` compiled but should not"),
        Err(e) => e,
    }
}

fn matches(pattern: &str, input: &str) -> bool {
    compile(pattern)
        .unwrap_or_else(|e| panic!("`{pattern}`: {e}"))
        .is_match(input)
}

fn char_node(c: char) -> Node {
    Node::Class(CharSet::single(u32::from(c)))
}

#[test]
fn parses_into_the_expected_tree() {
    let (node, mode) = parse("^a{2,3}?(?:b|)$").unwrap();
    assert_eq!(mode, Mode::Unicode);
    assert_eq!(
        node,
        Node::Concat(vec![
            Node::Assert {
                assertion: Assertion::Start,
                negated: false
            },
            Node::Repeat {
                node: Box::new(char_node('a')),
                min: 2,
                max: Some(3)
            },
            Node::Alternation(vec![char_node('b'), Node::Empty]),
            Node::Assert {
                assertion: Assertion::End,
                negated: false
            },
        ])
    );
}

#[test]
fn escapes_decode_to_their_characters() {
    let single = |p: &str, mode| match parse_in(p, mode).unwrap() {
        Node::Class(set) => set.ranges().to_vec(),
        other => panic!("{p}: {other:?}"),
    };
    assert_eq!(single("\\t", Mode::Unicode), [(9, 9)]);
    assert_eq!(single("\\x41", Mode::Unicode), [(0x41, 0x41)]);
    assert_eq!(single("\\u00e9", Mode::Unicode), [(0xE9, 0xE9)]);
    assert_eq!(single("\\u{1D49C}", Mode::Unicode), [(0x1D49C, 0x1D49C)]);
    assert_eq!(
        single("\\uD835\\uDC9C", Mode::Unicode),
        [(0x1D49C, 0x1D49C)]
    );
    assert_eq!(single("\\cJ", Mode::Unicode), [(10, 10)]);
    assert_eq!(single("\\0", Mode::Unicode), [(0, 0)]);
    assert_eq!(single("\\/", Mode::Unicode), [(0x2F, 0x2F)]);
    // Annex B only.
    assert_eq!(single("\\_", Mode::Legacy), [(0x5F, 0x5F)]);
    assert_eq!(single("\\101", Mode::Legacy), [(0x41, 0x41)]);
    assert_eq!(single("\\8", Mode::Legacy), [(0x38, 0x38)]);
    assert_eq!(single("[\\c1]", Mode::Legacy), [(0x11, 0x11)]);
    assert_eq!(
        single("[\\d-z]", Mode::Legacy),
        [(0x2D, 0x2D), (0x30, 0x39), (0x7A, 0x7A)]
    );
}

#[test]
fn annex_b_is_used_only_when_u_mode_rejects_the_pattern() {
    let mode = |p: &str| parse(p).unwrap().1;
    assert_eq!(mode("^[a-z]+$"), Mode::Unicode);
    assert_eq!(mode("^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$"), Mode::Unicode);
    assert_eq!(mode("\\_"), Mode::Legacy);
    assert_eq!(mode("a{"), Mode::Legacy);
    assert_eq!(mode("]"), Mode::Legacy);
    assert_eq!(mode("\\p{L}x\\_"), Mode::Legacy);
    // `\p` without `u` is just `p`.
    assert!(matches("^\\p{L}\\_$", "p{L}_"));
    assert!(matches("^\\u{3}$", "\u{3}"));
    assert!(matches("^\\u{3}\\_$", "uuu_"));
    assert!(matches("^a{,2}$", "a{,2}"));
}

#[test]
fn unsupported_constructs_are_refused_with_a_precise_reason() {
    let e = error("^(a)\\1$");
    assert_eq!(e.construct, "backreference `\\1`");
    assert_eq!(e.offset, 4);
    assert!(e.reason.starts_with("is not supported"), "{e}");
    assert_eq!(
        e.to_string(),
        "backreference `\\1` at offset 4 is not supported: the compiled matcher cannot compare \
         against an earlier capture"
    );

    let e = error("(?<x>a)\\k<x>");
    assert_eq!(
        (e.construct.as_str(), e.offset),
        ("backreference `\\k<x>`", 7)
    );

    let e = error("a(?<=b)");
    assert_eq!((e.construct.as_str(), e.offset), ("lookbehind `(?<=`", 1));
    let e = error("(?<!b)a");
    assert_eq!(e.construct, "lookbehind `(?<!`");

    let e = error("(?i:a)");
    assert!(e.construct.starts_with("group `(?i"), "{e}");
    assert!(e.reason.starts_with("is not supported"), "{e}");

    // A forward reference is still a backreference.
    assert_eq!(error("\\1(a)").construct, "backreference `\\1`");
    // Too big to expand into an automaton.
    assert!(error("a{100000}").reason.starts_with("is too large"));
}

#[test]
fn invalid_patterns_are_reported_with_their_position() {
    let e = error("ab)");
    assert_eq!((e.construct.as_str(), e.offset), ("`)`", 2));
    let e = error("(ab");
    assert_eq!((e.construct.as_str(), e.offset), ("group `(`", 0));
    let e = error("a**");
    assert_eq!(e.reason, "has nothing it may repeat");
    let e = error("x{3,2}");
    assert_eq!((e.construct.as_str(), e.offset), ("quantifier `{3,2}`", 1));
    let e = error("[z-a]");
    assert_eq!(e.construct, "class range `z-a`");
    let e = error("[abc");
    assert_eq!(e.reason, "is never closed");
    let e = error("^*");
    assert_eq!(e.construct, "quantifier after `^`");
    let e = error("{2}");
    assert_eq!(e.construct, "quantifier `{2}`");
    let e = error("é\\");
    assert_eq!((e.construct.as_str(), e.offset), ("`\\`", 2));
    let e = error("(?<n>a)(?<n>b)");
    assert_eq!(e.construct, "group name `n`");
}

#[test]
fn property_names_follow_ecma() {
    // Unknown in `u` mode, and `\p` then means `p` without `u`: the pattern is still valid.
    assert!(matches("^\\p{Latin}$", "p{Latin}"));
    assert!(matches("^\\p{Script=Latin}$", "é"));
    assert!(matches("^\\p{Lu}\\p{Ll}+$", "Éa"));
    assert!(!matches("^\\p{Lu}$", "é"));
    assert!(matches("^\\P{L}$", "1"));
    assert!(matches("^\\p{N}$", "٣"));
    assert!(matches("^[^\\p{L}]$", "-"));
}

#[test]
fn search_is_unanchored_unless_anchored() {
    assert!(matches("\\d+\\.\\d+", "version 10.2 released"));
    assert!(!matches("\\d+\\.\\d+", "version 10 released"));
    assert!(matches("^abc", "abcdef"));
    assert!(!matches("^abc", "xabc"));
    assert!(matches("abc$", "xxabc"));
    assert!(!matches("abc$", "abc\n"));
    assert!(matches("", "anything"));
    assert!(matches("a|^b", "xa"));
    assert!(!matches("a|^b", "xb"));
}

#[test]
fn hex_ids() {
    let p = "^([a-f0-9]{24})$";
    assert!(matches(p, "32b6e34b3d91647abb20e7b8"));
    assert!(!matches(p, "32b6e34b3d91647abb20e7b"));
    assert!(!matches(p, "32b6e34b3d91647abb20e7b8a"));
    assert!(!matches(p, "32B6E34B3D91647ABB20E7B8"));
    assert!(!matches(p, "32b6e34b3d91647abb20e7b8\n"));
    assert!(!matches(p, ""));
}

#[test]
fn character_class_escapes_have_ecma_meanings() {
    assert!(matches("^\\s$", "\u{FEFF}"));
    assert!(matches("^\\s$", "\u{2028}"));
    assert!(!matches("^\\s$", "\u{85}"));
    assert!(!matches("^\\d$", "٣"));
    assert!(!matches("^\\w$", "é"));
    assert!(!matches("^.$", "\n"));
    assert!(!matches("^.$", "\u{2029}"));
    assert!(matches("^.$", "\u{85}"));
    assert!(matches("^[^]$", "\n"));
    assert!(!matches("[]", "a"));
}

#[test]
fn word_boundaries() {
    assert!(matches("\\bfoo\\b", "a foo b"));
    assert!(!matches("\\bfoo\\b", "afoo"));
    assert!(matches("\\Boo", "foo"));
    // `é` is not a word character (`\w` is ASCII), so no side of it is a boundary.
    assert!(!matches("\\bé", "é"));
    assert!(matches("\\bé", "aé") && matches("a\\b", "aé"));
}

#[test]
fn lookaheads() {
    let ipv4 = "^((25[0-5]|(2[0-4]|1\\d|[1-9]|)\\d)(\\.(?!$)|$)){4}$";
    assert!(matches(ipv4, "192.168.0.1"));
    assert!(!matches(ipv4, "192.168.0."));
    assert!(!matches(ipv4, "192.168.0.256"));
    assert!(matches("^(?=.*\\d)(?=.*[a-z])\\w{4,}$", "ab12"));
    assert!(!matches("^(?=.*\\d)(?=.*[a-z])\\w{4,}$", "abcd"));
    assert!(matches("^(?!foo)\\w+$", "bar"));
    assert!(!matches("^(?!foo)\\w+$", "foobar"));
    assert!(matches("^(?!$)", "x"));
    assert!(!matches("^(?!$)", ""));
    assert!(matches("a(?=b(?!c))", "abd"));
    assert!(!matches("a(?=b(?!c))", "abc"));
    // Annex B lets a lookahead be quantified.
    assert!(matches("^(?=a)*b", "b"));
}

#[test]
fn legacy_mode_matches_utf16_code_units() {
    // `\_` forces Annex B; an astral character is two units there.
    assert!(!matches("^.\\_$", "𝒜_"));
    assert!(matches("^..\\_$", "𝒜_"));
    assert!(matches("^[^a]{2}\\_$", "😀_"));
    assert!(matches("^\\uD835\\uDC9C\\_$", "𝒜_"));
    assert!(matches("^[\\uD835][\\uDC9C]\\_$", "𝒜_"));
    // In `u` mode it is one character.
    assert!(matches("^.$", "𝒜"));
    assert!(!matches("^..$", "𝒜"));
    // Between the halves of a pair there is no word boundary and no end.
    assert!(matches("^.\\B.\\_$", "𝒜_"));
    assert!(!matches("^.(?=$)\\_", "𝒜_"));
}

#[test]
fn emitted_code_is_deterministic_and_parses() {
    let name = proc_macro2::Ident::new("is_valid", proc_macro2::Span::call_site());
    for p in [
        "^([a-f0-9]{24})$",
        "^[\\p{L}\\p{N}\\-_.,' ]*$",
        "^(?!$)\\bx\\_",
        "(?=a)",
    ] {
        let compiled = compile(p).unwrap();
        let a = compiled.matcher_fn(quote::quote!(pub), &name).to_string();
        let b = compile(p)
            .unwrap()
            .matcher_fn(quote::quote!(pub), &name)
            .to_string();
        assert_eq!(a, b);
        syn::parse_str::<syn::ItemFn>(&a).unwrap_or_else(|e| panic!("{p}: {e}\n{a}"));
    }
}

#[test]
fn the_doc_line_quotes_the_pattern_as_markdown_shows_it() {
    use super::emit::doc_line;
    let doc = |p: &str| doc_line(p).trim().to_owned();
    assert_eq!(
        doc("^[a-z]+$"),
        "Whether `input` matches the ECMA-262 pattern `^[a-z]+$`."
    );
    // A backtick inside: a longer fence; at an end: padding, which Markdown strips.
    assert_eq!(
        doc("a`b"),
        "Whether `input` matches the ECMA-262 pattern ``a`b``."
    );
    assert_eq!(
        doc("`x``"),
        "Whether `input` matches the ECMA-262 pattern ``` `x`` ```."
    );
    // Spaces at both ends would be stripped once: padded, they survive.
    assert_eq!(
        doc(" a "),
        "Whether `input` matches the ECMA-262 pattern `  a  `."
    );
    assert_eq!(
        doc(""),
        "Whether `input` matches the empty ECMA-262 pattern."
    );
}

#[test]
fn a_match_on_every_char_is_known_to_be_exhaustive() {
    use super::emit::every_char;
    // `[^"]`: around one character, across the surrogates, which no `char` is.
    assert!(every_char(&[(0, 0x21), (0x22, 0x22), (0x23, 0x10FFFF)]));
    assert!(every_char(&[(0, 0xD7FF), (0xE000, 0x10FFFF)]));
    assert!(!every_char(&[(0, 0x21), (0x23, 0x10FFFF)]));
    assert!(!every_char(&[(0, 0xD7FF), (0xE001, 0x10FFFF)]));
    assert!(!every_char(&[]));
}

#[test]
fn patterns_anchored_over_unreserved_characters_admit_nothing_to_encode() {
    let only = |p: &str| compile(p).unwrap().admits_only_unreserved();
    for p in [
        "^([a-f0-9]{24})$",
        "^[a-zA-Z0-9][a-zA-Z0-9-]*$",
        "^$",
        "^(abc|d~e)$",
        "^\\d+$",
        "^[a-z]+(?=x)[a-z]*$",
        "^(?!admin)[a-z._-]{1,64}$",
        "^\\w+$",
    ] {
        assert!(only(p), "{p}");
    }
    for p in [
        // Unanchored: anything may surround the match.
        "[a-z]+",
        "^[a-z]+",
        "[a-z]+$",
        // Characters that need encoding.
        "^[a-z ]+$",
        "^[a-z/]+$",
        "^.+$",
        "^\\S+$",
        "^[^/]+$",
        "^[a-z%]+$",
        "^a|b$",
        "^é$",
    ] {
        assert!(!only(p), "{p}");
    }
}
