//! `x-sunset`: the day an operation stops being served. The emitters show it (docs, a `SUNSET`
//! constant, the `#[deprecated]` note, a warning from the command-line tool); this pass checks
//! the dates first and warns about those already past when the crate is generated.

use crate::diagnostics::Diagnostic;
use crate::model::Api;

/// Drops sunset values that are not dates, with a warning, and warns about each operation
/// whose sunset is before `today` (`YYYY-MM-DD`; `None` skips that check, and the generator
/// stays independent of the clock: the caller says what day it is). The warnings join the
/// resolver's in [`Api::warnings`], so `--strict` fails on a past sunset like on any warning.
pub fn review(api: &mut Api, today: Option<&str>) {
    let mut warnings = Vec::new();
    for op in &mut api.operations {
        let Some(sunset) = op.sunset.take() else {
            continue;
        };
        let at = op.pointer.join("x-sunset");
        if !is_date(&sunset) {
            warnings.push(Diagnostic::warning(
                &at,
                format!("`x-sunset` {sunset:?} is not a date (YYYY-MM-DD); ignored"),
            ));
            continue;
        }
        // Valid dates in this one format compare as text.
        if let Some(today) = today
            && sunset.as_str() < today
        {
            warnings.push(Diagnostic::warning(
                &at,
                format!(
                    "operation `{}` was sunset on {sunset}, before today ({today}): the API may no longer serve it",
                    op.operation_id
                ),
            ));
        }
        op.sunset = Some(sunset);
    }
    if !warnings.is_empty() {
        api.warnings.extend(warnings);
        api.warnings.sort();
        api.warnings.dedup();
    }
}

/// Whether `text` is a calendar date written `YYYY-MM-DD`.
pub fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes[range.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| {
                bytes[range]
                    .iter()
                    .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
            })
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::is_date;

    #[test]
    fn dates_are_checked_by_the_calendar() {
        for good in ["2026-07-31", "2024-02-29", "2000-02-29", "1999-12-01"] {
            assert!(is_date(good), "{good}");
        }
        for bad in [
            "2025-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-04-31",
            "2026-00-10",
            "2026-7-31",
            "2026/07/31",
            "next year",
            "2026-07-31T00:00:00Z",
            "",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
