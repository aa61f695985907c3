//! Misuse of the generated crate that must not compile, failing with the reviewed message.
//! (What must compile, warning-free, is `tests/tests/generated_crate/user_code/`, built with
//! the rest of the tests.)

#[test]
fn misuse_does_not_compile() {
    trybuild::TestCases::new().compile_fail("ui/fail/*.rs");
}
