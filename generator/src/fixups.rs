//! Named repairs of known upstream spec defects. Each one is applied only where its defect is
//! present, reported in the generated docs, and tested both ways (repairs the defect, leaves a
//! correct spec alone), so it can be dropped once upstream is fixed.

/// Over-escaped patterns: upstream writes `\\d` (a backslash, then `d`) where `\d` (a digit)
/// is meant, e.g. in an RFC 3339 date-time pattern. A literal backslash followed by a class
/// letter never appears on purpose in these patterns, so every `\\d`, `\\w`, `\\s` and `\\.`
/// is halved. Returns `None` when the pattern has no such sequence.
pub fn doubled_backslashes(pattern: &str) -> Option<String> {
    const DEFECT: [&str; 4] = ["\\\\d", "\\\\w", "\\\\s", "\\\\."];
    if !DEFECT.iter().any(|d| pattern.contains(d)) {
        return None;
    }
    let mut repaired = pattern.to_owned();
    for defect in DEFECT {
        repaired = repaired.replace(defect, &defect[1..]);
    }
    Some(repaired)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_doubled_class_escapes() {
        assert_eq!(
            doubled_backslashes(r"^[1-9]\\d{3}(?:\\.\\d{1,9})?$").as_deref(),
            Some(r"^[1-9]\d{3}(?:\.\d{1,9})?$")
        );
    }

    #[test]
    fn leaves_correct_patterns_alone() {
        assert_eq!(doubled_backslashes(r"^\d{3}\.\w+$"), None);
        assert_eq!(doubled_backslashes(r"^([a-f0-9]{24})$"), None);
    }
}
