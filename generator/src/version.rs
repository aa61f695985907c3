//! Crate versions and the bump a change of the public API needs, by Cargo's reading of semver:
//! below 1.0 the first non-zero number is the "major" one (`0.1.0` -> `0.2.0` breaks,
//! `0.1.0` -> `0.1.1` does not).

use std::fmt;
use std::str::FromStr;

/// `MAJOR.MINOR.PATCH`, without pre-release or build parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

/// What a set of API changes requires of the next version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// Nothing public changed.
    None,
    /// Documentation only.
    Patch,
    /// Additions only.
    Minor,
    /// Something existing users rely on changed.
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

impl FromStr for Version {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{text}` is not a version of the form MAJOR.MINOR.PATCH");
        let parts: Vec<&str> = text.split('.').collect();
        let [major, minor, patch] = parts.as_slice() else {
            return Err(bad());
        };
        let number = |part: &str| {
            // Leading zeros are not semver.
            if part.is_empty() || (part.len() > 1 && part.starts_with('0')) {
                return Err(bad());
            }
            part.parse::<u64>().map_err(|_| bad())
        };
        Ok(Version {
            major: number(major)?,
            minor: number(minor)?,
            patch: number(patch)?,
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl Version {
    /// The smallest version after `self` that `bump` allows.
    pub fn bumped(self, bump: Bump) -> Version {
        let Version {
            major,
            minor,
            patch,
        } = self;
        match (bump, major, minor) {
            (Bump::None, ..) => self,
            (Bump::Major, 0, 0) => Version {
                patch: patch + 1,
                ..self
            },
            (Bump::Major, 0, _) => Version {
                minor: minor + 1,
                patch: 0,
                ..self
            },
            (Bump::Major, ..) => Version {
                major: major + 1,
                minor: 0,
                patch: 0,
            },
            (Bump::Minor, 0, _) | (Bump::Patch, ..) => Version {
                patch: patch + 1,
                ..self
            },
            (Bump::Minor, ..) => Version {
                minor: minor + 1,
                patch: 0,
                ..self
            },
        }
    }

    /// Whether `self`, a later version than `base`, is allowed after `base` for `bump`: a
    /// major bump needs a version Cargo does not treat as compatible with `base`.
    pub fn satisfies(self, base: Version, bump: Bump) -> bool {
        if self < base {
            return false;
        }
        match bump {
            Bump::None => true,
            Bump::Patch | Bump::Minor => self >= base.bumped(bump),
            Bump::Major => !self.compatible_with(base),
        }
    }

    /// Cargo's `^base` requirement: same first non-zero number.
    fn compatible_with(self, base: Version) -> bool {
        match (base.major, base.minor) {
            (0, 0) => self == base,
            (0, _) => self.major == 0 && self.minor == base.minor,
            _ => self.major == base.major,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        text.parse().unwrap()
    }

    #[test]
    fn bumps_follow_cargo_below_and_above_one() {
        assert_eq!(v("0.1.0").bumped(Bump::Major), v("0.2.0"));
        assert_eq!(v("0.1.3").bumped(Bump::Minor), v("0.1.4"));
        assert_eq!(v("0.1.3").bumped(Bump::Patch), v("0.1.4"));
        assert_eq!(v("0.0.3").bumped(Bump::Major), v("0.0.4"));
        assert_eq!(v("1.2.3").bumped(Bump::Major), v("2.0.0"));
        assert_eq!(v("1.2.3").bumped(Bump::Minor), v("1.3.0"));
        assert_eq!(v("1.2.3").bumped(Bump::Patch), v("1.2.4"));
        assert_eq!(v("1.2.3").bumped(Bump::None), v("1.2.3"));
    }

    #[test]
    fn a_version_must_carry_the_bump() {
        assert!(v("0.2.0").satisfies(v("0.1.0"), Bump::Major));
        assert!(!v("0.1.5").satisfies(v("0.1.0"), Bump::Major));
        assert!(v("0.1.1").satisfies(v("0.1.0"), Bump::Minor));
        assert!(!v("0.1.0").satisfies(v("0.1.0"), Bump::Minor));
        assert!(!v("0.0.9").satisfies(v("0.1.0"), Bump::None));
        assert!(v("2.0.0").satisfies(v("1.4.0"), Bump::Major));
    }

    #[test]
    fn only_plain_versions_parse() {
        assert!("1.2".parse::<Version>().is_err());
        assert!("1.02.0".parse::<Version>().is_err());
        assert!("1.2.3-beta".parse::<Version>().is_err());
    }
}
