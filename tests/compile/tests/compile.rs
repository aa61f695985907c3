//! The generated crate used as a user would: what must compile does, warning-free, and what
//! must not compile fails with the reviewed message.

#[test]
fn user_code() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
