//! The compiled pattern matchers against an ECMA-262 engine (`regress`), on edge cases and on
//! random strings biased towards each pattern's alphabet.
//!
//! The reference is what a JavaScript JSON Schema validator does: `u` flag when the pattern
//! is valid under it (search over code points), else no flag (search over UTF-16 code units,
//! Annex B syntax).

use atlas_admin_tests::compiled_patterns::{self, PATTERNS};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

enum Reference {
    Unicode(regress::Regex),
    /// Matched over UTF-16 code units, as JavaScript does without `u`.
    CodeUnits(regress::Regex),
}

impl Reference {
    fn new(pattern: &str) -> Self {
        match regress::Regex::with_flags(pattern, "u") {
            Ok(re) => Reference::Unicode(re),
            Err(_) => Reference::CodeUnits(
                regress::Regex::new(pattern)
                    .unwrap_or_else(|e| panic!("`{pattern}` is not ECMA-262 at all: {e}")),
            ),
        }
    }

    fn is_match(&self, input: &str) -> bool {
        match self {
            Reference::Unicode(re) => re.find(input).is_some(),
            Reference::CodeUnits(re) => {
                let units: Vec<u16> = input.encode_utf16().collect();
                re.find_from_ucs2(&units, 0).next().is_some()
            }
        }
    }
}

struct Subject {
    pattern: &'static str,
    emitted: fn(&str) -> bool,
    compiled: codegen::pattern::CompiledPattern,
    reference: Reference,
}

impl Subject {
    fn new(pattern: &'static str, emitted: fn(&str) -> bool) -> Self {
        let compiled =
            codegen::pattern::compile(pattern).unwrap_or_else(|e| panic!("`{pattern}`: {e}"));
        let reference = Reference::new(pattern);
        assert_eq!(
            compiled.is_unicode_mode(),
            matches!(reference, Reference::Unicode(_)),
            "`{pattern}`: the compiler and the engine disagree on whether `u` mode applies"
        );
        Subject {
            pattern,
            emitted,
            compiled,
            reference,
        }
    }

    fn check(&self, input: &str) -> Result<(), String> {
        let expected = self.reference.is_match(input);
        let emitted = (self.emitted)(input);
        let interpreted = self.compiled.is_match(input);
        if emitted != expected || interpreted != expected {
            return Err(format!(
                "pattern `{}` on {input:?}: engine {expected}, emitted fn {emitted}, \
                 interpreter {interpreted}",
                self.pattern
            ));
        }
        Ok(())
    }
}

fn subjects() -> Vec<Subject> {
    PATTERNS.iter().map(|&(p, f)| Subject::new(p, f)).collect()
}

const EDGE_CASES: &[&str] = &[
    "",
    " ",
    "\n",
    "a",
    "0",
    "32b6e34b3d91647abb20e7b",
    "32b6e34b3d91647abb20e7b8",
    "32b6e34b3d91647abb20e7b8a",
    "32B6E34B3D91647ABB20E7B8",
    "32b6e34b3d91647abb20e7b8\n",
    "\n32b6e34b3d91647abb20e7b8",
    "32b6e34b3d91647abb20e7b\u{663}",
    "32b6e34b3d91647abb20e7bé",
    "Cluster0",
    "cluster-0",
    "-cluster",
    "cluster_0",
    "Clüster",
    "192.168.0.1",
    "192.168.0.",
    "192.168.0.256",
    "10.0.0.0/8",
    "10.0.0.0%2F8",
    "10.0.0.0%2f33",
    "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
    "2001:db8::1",
    "fe80::1%2F64",
    "sg-0123abcd",
    "1.2.3",
    "v1.2.3-beta.1",
    "version 10.2 released",
    "user@example.com",
    "first.last+tag@sub.example.co",
    "123e4567-e89b-42d3-a456-426614174000",
    "arn:aws:iam::123456789012:role/my-role",
    "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "arn:aws:kafka:us-east-1:123456789012:cluster/x",
    "mdb_sa_id_0123456789ABCDEFabcdef01",
    "vpce-0123456789abcdef0",
    "CN=Jane,OU=eng,DC=example,DC=com",
    "DC=example,DC=com",
    "2024-02-29T12:34:56.789Z",
    "2023-02-29T12:34:56Z",
    "2024-12-31T23:59:59+01:00",
    "\\d",
    "a foo b",
    "afoo",
    "Password1",
    "password1",
    "admin",
    "admins",
    "2024-06-30",
    "Élan",
    "ΑΘΗΝΑ",
    "αβγ",
    "Straße",
    "٣٤٥",
    "\u{663}",
    "é",
    "ß",
    "𝒜",
    "𝒜𝒝",
    "😀",
    "😀😀",
    "a😀",
    "𝒜_",
    "\u{2028}",
    "\u{2029}",
    "\u{A0}",
    "\u{FEFF}",
    "\u{85}",
    "\u{0}",
    "\u{1f}",
    "\u{7f}",
    "a{1,",
    "12]",
    "xA_",
    "x\u{41}_",
    "-z5_",
    "b_",
    "ab_",
    "\u{18}\\c1_",
    "\u{18}\u{11}_",
    "/exported_snapshots/{ORG-NAME}/{PROJECT-NAME}/{CLUSTER-NAME}/{SNAPSHOT-INITIATION-DATE}/{TIMESTAMP}",
    "https://www.example.com/compute/v1/projects/p-abc123/regions/us-east1/serviceAttachments/sa-1",
    "/subscriptions/01234567-89ab-cdef-0123-456789abcdef/resourceGroups/privateLink/providers/Microsoft.Network/privateEndpoints/pe-1",
    // Word-at-a-time checks: every byte of a word at a range's limits, one byte outside it,
    // a non-ASCII byte in the middle of a word, and runs that end inside a word.
    "0123456789012345",
    "0123456/89012345",
    "01234567890123:5",
    "ABCDEFGH123456789",
    "ABCDEFG@123456789",
    "ABCDEFGH12345678",
    "x ~!}{|`_^]\\[@",
    "x ~!}{|`_^]\u{7f}",
    "x ~!}é{|`_^]",
    "0123abcd-ef01",
    "0123abcG-ef01",
    "/9@Z`z/9@Z`zrest",
    "/9@Z`z/9@Z[z",
    "0123é56789012345",
];

#[test]
fn edge_cases_agree_with_the_engine() {
    let mut failures = Vec::new();
    for subject in subjects() {
        for input in EDGE_CASES {
            if let Err(e) = subject.check(input) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Characters worth mixing into random inputs: the pattern's own characters plus the usual
/// troublemakers (line terminators, non-ASCII digits and letters, astral characters).
fn alphabet(pattern: &str) -> Vec<char> {
    let mut chars: Vec<char> = pattern.chars().filter(|&c| c != '\\').collect();
    chars.extend("0123456789abcdefABCDEF-_.:/%@ \n\t\u{A0}\u{2028}\u{FEFF}é߀٣𝒜😀Zz".chars());
    chars.sort_unstable();
    chars.dedup();
    chars
}

fn strategies(pattern: &str) -> Vec<BoxedStrategy<String>> {
    let chars = alphabet(pattern);
    let segment = prop_oneof![
        "[0-9a-f]{1,4}",
        "[0-9]{1,3}",
        "[a-zA-Z]{1,6}",
        "[\\p{L}\\p{N}]{1,4}",
    ];
    let separator = prop_oneof![
        Just(""),
        Just("."),
        Just(":"),
        Just("-"),
        Just("/"),
        Just("%2F"),
        Just("@"),
        Just("="),
        Just(","),
        Just("_"),
    ];
    vec![
        // Long enough for 24-hex ids and UUIDs, sometimes one off.
        "[0-9a-f]{0,40}".boxed(),
        "[0-9a-fA-F\\-]{20,40}".boxed(),
        proptest::collection::vec(proptest::sample::select(chars), 0..48)
            .prop_map(|v| v.into_iter().collect())
            .boxed(),
        proptest::collection::vec((segment, separator), 0..10)
            .prop_map(|parts| parts.into_iter().map(|(s, sep)| s + sep).collect())
            .boxed(),
        any::<String>().boxed(),
    ]
}

#[test]
fn random_strings_agree_with_the_engine() {
    for subject in subjects() {
        for strategy in strategies(subject.pattern) {
            let mut runner = TestRunner::new(Config {
                cases: 200,
                failure_persistence: None,
                ..Config::default()
            });
            let result = runner.run(&strategy, |input| {
                subject.check(&input).map_err(TestCaseError::fail)
            });
            if let Err(e) = result {
                panic!("{e}");
            }
        }
    }
}

#[test]
fn matchers_work_in_const_context() {
    const ID: &str = "32b6e34b3d91647abb20e7b8";
    const VALID: bool = compiled_patterns::object_id(ID);
    const INVALID: bool = compiled_patterns::object_id("32b6e34b3d91647abb20e7bZ");
    const CLUSTER: bool = compiled_patterns::cluster_name("Cluster0-eu");
    // Evaluated by the compiler: a wrong answer fails the build.
    const _: () = assert!(VALID && !INVALID && CLUSTER);
    // And the same answers at run time.
    assert_eq!(
        compiled_patterns::object_id(std::hint::black_box(ID)),
        VALID
    );
    assert_eq!(
        compiled_patterns::cluster_name(std::hint::black_box("Cluster0-eu")),
        CLUSTER
    );
}

#[test]
fn corpus_is_large_enough() {
    assert!(PATTERNS.len() >= 30, "only {} patterns", PATTERNS.len());
}
