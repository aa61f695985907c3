//! Helpers the validated parameter types share. All are `const fn`, so a literal can be
//! checked at compile time.

/// The length of `s` in Unicode code points, as JSON Schema counts `minLength`/`maxLength`.
pub const fn char_count(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
        if bytes[i] & 0xC0 != 0x80 {
            count += 1;
        }
        i += 1;
    }
    count
}
