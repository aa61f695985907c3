//! Sets of characters as sorted, disjoint, non-adjacent inclusive ranges.
//!
//! A "character" is a Unicode code point in `u` mode and a UTF-16 code unit otherwise; the
//! set itself does not care, only [`CharSet::complement`] needs to know the universe.

/// A set of characters; ranges are inclusive, sorted, disjoint and never adjacent, so two equal
/// sets always have equal representations (the DFA builder relies on that for deduplication).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct CharSet {
    ranges: Vec<(u32, u32)>,
}

impl CharSet {
    pub fn empty() -> Self {
        Self::default()
    }

    pub fn single(c: u32) -> Self {
        Self {
            ranges: vec![(c, c)],
        }
    }

    pub fn range(lo: u32, hi: u32) -> Self {
        Self::from_ranges([(lo, hi)])
    }

    /// Builds a set from ranges in any order, possibly overlapping.
    pub fn from_ranges(ranges: impl IntoIterator<Item = (u32, u32)>) -> Self {
        let mut ranges: Vec<(u32, u32)> = ranges.into_iter().filter(|(lo, hi)| lo <= hi).collect();
        ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (lo, hi) in ranges {
            match merged.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        Self { ranges: merged }
    }

    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }

    pub fn contains(&self, c: u32) -> bool {
        self.ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    std::cmp::Ordering::Less
                } else if lo > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }

    pub fn union(&self, other: &Self) -> Self {
        Self::from_ranges(self.ranges.iter().chain(other.ranges.iter()).copied())
    }

    /// The characters of `0..=max` that are not in the set.
    pub fn complement(&self, max: u32) -> Self {
        let mut out = Vec::new();
        let mut next = 0u32;
        for &(lo, hi) in &self.ranges {
            if lo > max {
                break;
            }
            if lo > next {
                out.push((next, lo - 1));
            }
            next = hi.saturating_add(1);
        }
        if next <= max && self.ranges.last().is_none_or(|&(_, hi)| hi < max) {
            out.push((next, max));
        }
        Self { ranges: out }
    }

    /// Keeps only the characters of `0..=max` (a code-unit universe drops astral code points).
    pub fn truncate(&self, max: u32) -> Self {
        Self::from_ranges(
            self.ranges
                .iter()
                .filter(|&&(lo, _)| lo <= max)
                .map(|&(lo, hi)| (lo, hi.min(max))),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_complements() {
        let s = CharSet::from_ranges([(5, 9), (0, 2), (3, 4), (20, 20)]);
        assert_eq!(s.ranges(), &[(0, 9), (20, 20)]);
        assert_eq!(s.complement(30).ranges(), &[(10, 19), (21, 30)]);
        assert_eq!(s.complement(20).ranges(), &[(10, 19)]);
        assert_eq!(CharSet::empty().complement(7).ranges(), &[(0, 7)]);
        assert!(s.contains(20) && s.contains(0) && !s.contains(10));
        assert_eq!(
            CharSet::range(0xFFF0, 0x10010).truncate(0xFFFF).ranges(),
            &[(0xFFF0, 0xFFFF)]
        );
    }
}
