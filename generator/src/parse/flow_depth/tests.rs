use proptest::prelude::*;
use serde_json::Value;

use super::{deepest_certain, first_beyond, line_and_column};

const LIMIT: usize = 256;

/// The scan's depth, checked against serde_yaml where it reads the text: never more than the
/// document's real nesting.
fn depth(text: &str) -> usize {
    let found = deepest_certain(text).depth;
    if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(text) {
        assert!(found <= yaml_nesting(&value), "{found} levels in {text:?}");
    }
    found
}

/// How many sequences and mappings nest at the deepest point of a YAML value.
fn yaml_nesting(value: &serde_yaml::Value) -> usize {
    use serde_yaml::Value;
    match value {
        Value::Sequence(items) => 1 + items.iter().map(yaml_nesting).max().unwrap_or(0),
        Value::Mapping(entries) => {
            let keys = entries.keys().map(yaml_nesting);
            1 + keys
                .chain(entries.values().map(yaml_nesting))
                .max()
                .unwrap_or(0)
        }
        Value::Tagged(tagged) => yaml_nesting(&tagged.value),
        _ => 0,
    }
}

/// Where the scan first finds nesting beyond [`LIMIT`], as 1-based line and column.
fn beyond(text: &str) -> Option<(usize, usize)> {
    first_beyond(text, LIMIT).map(|offset| line_and_column(text, offset))
}

fn open(count: usize) -> String {
    "[".repeat(count)
}

#[test]
fn deep_nesting_after_a_key_is_found() {
    let text = format!("openapi: 3.0.1\ninfo: {}\n", open(300));
    // `info: ` is 6 characters; the 257th bracket is the one too deep.
    assert_eq!(beyond(&text), Some((2, 6 + 257)));
}

#[test]
fn deep_nesting_after_a_sequence_entry_is_found() {
    let text = format!("tags:\n  - {}\n", "{".repeat(300));
    assert_eq!(beyond(&text), Some((2, 4 + 257)));
    let nested = format!("a:\n  - - b: {}\n", open(300));
    assert_eq!(beyond(&nested), Some((2, "  - - b: ".len() + 257)));
}

#[test]
fn deep_nesting_at_a_json_documents_start_is_found() {
    assert_eq!(beyond(&open(300)), Some((1, 257)));
    let head = r#"{"openapi": "3.0.1", "info": "#;
    let json = format!("{head}{}", open(300));
    // The document's own `{` is the first level.
    assert_eq!(beyond(&json), Some((1, head.len() + 256)));
    let after_marker = format!("# a comment\n---\n{}", open(300));
    assert_eq!(beyond(&after_marker), Some((3, 257)));
}

#[test]
fn nesting_exactly_at_the_limit_passes() {
    let at_limit = format!("a: {}{}\n", open(LIMIT), "]".repeat(LIMIT));
    assert_eq!(depth(&at_limit), LIMIT);
    assert_eq!(beyond(&at_limit), None);
    let one_more = format!("a: {}{}\n", open(LIMIT + 1), "]".repeat(LIMIT + 1));
    assert_eq!(beyond(&one_more), Some((1, 4 + LIMIT)));
}

#[test]
fn closed_collections_do_not_add_up() {
    let text = "a: [[1], [2, {b: [3]}]]\nc: {d: [4]}\n- [5]\n";
    assert_eq!(depth(text), 4);
    assert_eq!(deepest_certain(text).offset, 17);
}

#[test]
fn brackets_in_double_quoted_scalars_are_not_counted() {
    assert_eq!(depth("a: \"[[[{{{\"\nb: [1]\n"), 1);
    assert_eq!(depth("a: [\"[[ \\\" [[\", 1]\n"), 1);
    assert_eq!(depth("a: [\"x\n  [[[ {{{\n  \\\\\" , [1]]\n"), 2);
    // JSON puts a quote right after `:`.
    assert_eq!(depth(r#"{"a":"[[[","b":["]]]"]}"#), 2);
    // An escaped line break does not end the scalar.
    assert_eq!(depth("a: \"x\\\n[[[\"\n"), 0);
}

#[test]
fn brackets_in_single_quoted_scalars_are_not_counted() {
    assert_eq!(depth("a: '[[[{{{'\n"), 0);
    assert_eq!(depth("a: ['it''s [[[', x]\n"), 1);
    assert_eq!(depth("a: ['x\n  [[[ '' {{{\n  ', [1]]\n"), 2);
    assert_eq!(depth("a: '\n  [[[\n  '\nb: [1]\n"), 1);
}

#[test]
fn brackets_in_comments_are_not_counted() {
    assert_eq!(depth("# [[[\na: 1 # [[[\n"), 0);
    assert_eq!(depth("a: [1, # [[[\n  2]\n"), 1);
    // libyaml reads `#` at a token's start in flow context as a comment, space or not.
    assert_eq!(depth("a: [1,#[[[\n  2]\n"), 1);
    assert_eq!(depth("a: [\"x\"#[[[\n  ]\n"), 1);
    // A comment ends at any line break libyaml knows, here LS and NEL.
    assert_eq!(depth("a: [1, # c\u{2028}[2]]\n"), 2);
    assert_eq!(depth("a: [1, # c\u{85}[2]]\n"), 2);
    // `#` inside a plain scalar is text, and does not hide what follows.
    assert_eq!(depth("a: [b#c, [1]]\n"), 2);
}

#[test]
fn brackets_in_block_scalars_are_not_counted() {
    assert_eq!(depth("a: |\n  [[[\n  {{{\n\n  x\nb: [1]\n"), 1);
    assert_eq!(depth("a: >-\n  [[[\n    {{{\nb: [1]\n"), 1);
    assert_eq!(depth("a: |2\n    [[[\n  {{{\nb: [1]\n"), 1);
    assert_eq!(depth("- |\n [[[\n- [1]\n"), 1);
    assert_eq!(depth("--- >\n [[[\n"), 0);
    // The content's indentation is the key's plus one at least, not the line's: here the
    // scalar ends at `  - [`, which opens a flow sequence holding a quoted scalar.
    let text = "- key: |\n    text\n  - [\"\nb: [[[[\n  \"]\n";
    assert_eq!(depth(text), 1);
}

#[test]
fn brackets_in_plain_scalars_are_not_counted() {
    assert_eq!(depth("description: see [x] and {y}\n"), 0);
    assert_eq!(depth("description: don't [x]\nb: [1]\n"), 1);
    let continued = "description: some\n  [[[ text\n  - [[[ more\n  a: [[[\nnext: [1]\n";
    assert_eq!(depth(continued), 1);
    let on_next_line = "description:\n  some\n [[[ text\nnext: [1]\n";
    assert_eq!(depth(on_next_line), 1);
    // At the root a plain scalar goes on at any indentation, up to a comment line.
    assert_eq!(depth("text\n[[[\n- [[[\n# end\n[1]\n"), 1);
}

#[test]
fn apostrophes_inside_plain_scalars_do_not_start_quotes() {
    let text = format!("a: [it's, [b], c'd]\nb: {}\n", open(300));
    assert_eq!(beyond(&text), Some((2, 3 + 257)));
    // `:` inside a plain scalar is text in libyaml, so the quote after it is too.
    assert_eq!(depth("x: [[a:'b], ['c]']]\ny: [[1]]\n"), 2);
}

#[test]
fn what_the_scan_cannot_follow_is_not_counted() {
    for unsure in ["a: &x ", "a: !!seq ", "a: [!t '", "a:\t", "%YAML 1.1\n--- "] {
        let text = format!("{unsure}{}\n", open(300));
        assert_eq!(beyond(&text), None, "{unsure:?}");
        assert!(deepest_certain(&text).read < text.len(), "{unsure:?}");
    }
}

#[test]
fn positions_count_characters_and_every_line_break() {
    assert_eq!(line_and_column("é: [", 4), (1, 4));
    assert_eq!(line_and_column("a\r\nb\rc\u{2028}d", 8), (4, 1));
}

/// Short strings of characters that mean something in YAML.
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z \\[\\]{},:'\"#|>&*!?%@`\\\\\n\t\u{2028}é-]{0,12}")
        .expect("a valid pattern")
}

/// A JSON value nested up to `depth` levels, its strings from [`text`].
fn value(depth: u32) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(depth, 64, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((text(), inner), 0..4)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// How many arrays and objects nest at the deepest point.
fn nesting(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(nesting).max().unwrap_or(0),
        Value::Object(entries) => 1 + entries.values().map(nesting).max().unwrap_or(0),
        _ => 0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// No false positive: whatever the scan counts is real nesting. JSON is flow throughout,
    /// so there it finds the whole depth.
    #[test]
    fn never_counts_more_than_the_real_nesting(value in value(12)) {
        let real = nesting(&value);
        let yaml = serde_yaml::to_string(&value).expect("serializable");
        prop_assert!(depth(&yaml) <= real, "{yaml}");
        prop_assert!(yaml_nesting(&serde_yaml::from_str(&yaml).expect("readable")) == real);
        for json in [
            serde_json::to_string(&value).expect("serializable"),
            serde_json::to_string_pretty(&value).expect("serializable"),
        ] {
            prop_assert_eq!(depth(&json), real, "{}", json);
            let in_block = format!("a:\n  - b: {json}\n    c: [x]\n");
            prop_assert_eq!(depth(&in_block), real.max(1), "{}", in_block);
        }
    }
}

/// A flow node and its nesting: plain scalars with the quotes, `#` and `:` they may hold,
/// quoted scalars full of brackets (over several lines too), anchors, comments between
/// entries.
fn flow_node() -> impl Strategy<Value = (String, usize)> {
    let plain = "[a-z]([a-z'\"#-]|:[a-z]){0,5}";
    let single = "'([a-z \\[\\]{},:#\"\n]|''){0,8}'";
    let double = "\"([a-z \\[\\]{},:#'\n]|\\\\\"|\\\\\\\\){0,8}\"";
    let anchored = "&a[0-9] '[\\[\\]{}]{0,3}'";
    let leaf = prop_oneof![plain, single, double, anchored].prop_map(|text| (text, 0));
    leaf.prop_recursive(10, 48, 4, |inner| {
        let separator =
            prop::sample::select(&[", ", ",", " ,\n  ", ", # c [{'\"\n  ", ",#[\n"][..]);
        let entries = prop::collection::vec((inner, separator), 0..4);
        (any::<bool>(), entries).prop_map(|(mapping, entries)| {
            let (open, close) = if mapping { ("{", "}") } else { ("[", "]") };
            let mut text = String::from(open);
            let mut deepest = 0;
            for (index, ((node, depth), separator)) in entries.iter().enumerate() {
                if index > 0 {
                    text.push_str(separator);
                }
                if mapping {
                    text.push_str(&format!("k{index}: "));
                }
                text.push_str(node);
                deepest = deepest.max(*depth);
            }
            text.push_str(close);
            (text, deepest + 1)
        })
    })
}

/// A block document around a flow node: after a key, after a sequence entry, or as the root,
/// with block scalars and multi-line plain scalars holding brackets around it.
fn block_document() -> impl Strategy<Value = (String, usize)> {
    let before = prop::sample::select(
        &[
            "",
            "a: |\n  [[[ {{\n\n   ]'\n",
            "s:\n- a: >-\n    [[[ '\n  b: x\n",
            "a: see [x] and {y}\n  [[[ it's\n  - [[\n",
            "a:\n  - 'it''s [['\n  - \"[[\\\"\"\n",
            "# [[[\n",
        ][..],
    );
    // The block mappings above take a key, and a sequence or a root node only alone.
    let place = prop::sample::select(&["", "- ", "z: ", "z:\n- ", "z:\n  - b: ", "? "][..]);
    (before, place, flow_node()).prop_map(|(before, place, (node, depth))| {
        let place = match place {
            "" | "- " if !before.is_empty() => "z: ",
            place => place,
        };
        (format!("{before}{place}{node}\n"), depth)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    /// In YAML that libyaml reads, the scan finds the whole flow nesting, and (through
    /// [`depth`]) never more than serde_yaml finds, whatever the line ends.
    #[test]
    fn finds_exactly_the_flow_nesting_of_yaml((text, nesting) in block_document()) {
        prop_assert!(serde_yaml::from_str::<serde_yaml::Value>(&text).is_ok(), "{}", text);
        prop_assert_eq!(depth(&text), nesting, "{}", text);
        // The same with CR LF line ends, which the scan reads without `memchr`.
        let crlf = text.replace('\n', "\r\n");
        prop_assert_eq!(depth(&crlf), nesting, "{:?}", crlf);
    }
}
