//! The lock file: the public API of the crate's current version, with every name it has
//! shipped, committed beside the spec (`spec/NAME.lock`).
//!
//! It does two jobs. Names: an operation or schema renamed upstream keeps the Rust and
//! command-line names it shipped with, and its new upstream name is offered beside them
//! ([`operations`] pairs operations before resolution, [`schemas`] pairs schemas and carries
//! field, variant and parameter names over after it). Changes: the report compares the API
//! generated now with the API recorded here ([`crate::surface`]).
//!
//! The lock moves only with the version: a run whose configured version equals the lock's
//! leaves it as it is (so every run reports the changes since that version), and a run with a
//! later version (`cargo xtask codegen --bump`) records the new API under it. Names leave the
//! lock only when asked: entries the new API lacks stay, marked `retired`, so a name comes
//! back with its operation or schema, until a run prunes them.
//!
//! The generator stays pure: callers read the lock and write what [`next`] returns.

mod file;
pub mod operations;
mod rename;
pub mod schemas;

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::surface::{Report, Surface};
use crate::version::{Bump, Version};

/// A lock file's contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lock {
    /// The version whose API `api` is.
    pub version: Version,
    /// That API, and the retired entries.
    pub api: Surface,
}

/// The lock to keep after a run that generated `api` with `version` configured.
///
/// - No lock yet: `api` at `version`.
/// - The lock's version: the lock as it was (its API stays the base of the report), without
///   its retired entries when `prune`.
/// - A later version: `api` at `version`, keeping as retired every entry of the old lock that
///   `api` lacks, unless `prune`.
pub fn next(old: Option<&Lock>, api: &Surface, version: Version, prune: bool) -> Lock {
    let Some(old) = old else {
        return Lock {
            version,
            api: api.clone(),
        };
    };
    if old.version == version {
        let api = if prune {
            old.api.live()
        } else {
            old.api.clone()
        };
        return Lock { version, api };
    }
    let mut new = api.clone();
    if !prune {
        keep_retired(&mut new.operations, &old.api.operations, |o| {
            o.retired = true
        });
        keep_retired(&mut new.types, &old.api.types, |t| t.retired = true);
        keep_retired(&mut new.params, &old.api.params, |p| p.retired = true);
    }
    Lock { version, api: new }
}

/// Adds each entry of `old` that `new` lacks, marked retired by `retire`.
fn keep_retired<V: Clone>(
    new: &mut BTreeMap<String, V>,
    old: &BTreeMap<String, V>,
    retire: impl Fn(&mut V),
) {
    for (name, entry) in old {
        new.entry(name.clone()).or_insert_with(|| {
            let mut entry = entry.clone();
            retire(&mut entry);
            entry
        });
    }
}

/// Checks the configured version against the lock's and the bump the changes need: it may
/// stay (the changes are then reported against the lock's version) or move up by at least
/// that bump, never down.
pub fn check_version(lock: &Lock, configured: Version, bump: Bump) -> Result<(), String> {
    if configured == lock.version {
        return Ok(());
    }
    if configured < lock.version {
        return Err(format!(
            "the configured version {configured} is below the locked version {}",
            lock.version
        ));
    }
    if configured.satisfies(lock.version, bump) {
        Ok(())
    } else {
        Err(format!(
            "the configured version {configured} is too small for a {bump} change since {}: it needs {} or later",
            lock.version,
            lock.version.bumped(bump)
        ))
    }
}

/// What a run decides about the lock and the version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settled {
    /// The changes since the lock's version; none without a lock.
    pub report: Option<Report>,
    /// The version the crate gets.
    pub version: Version,
    /// The lock to keep.
    pub lock: Lock,
}

/// Settles a run that generated `api` with `configured` as the crate's version: reports the
/// changes since the lock's version, takes the proposed version when `bump` asks for it
/// (never otherwise), checks that the version carries the changes, and gives the lock to keep.
pub fn settle(
    crate_name: &str,
    old: Option<&Lock>,
    api: &Surface,
    notes: &[Diagnostic],
    configured: Version,
    bump: bool,
    prune: bool,
) -> Result<Settled, String> {
    let report = old.map(|lock| {
        // The report has a section of its own for them: no "warning:" label.
        let notes = notes
            .iter()
            .map(|n| format!("{}: {}", n.pointer, n.reason))
            .collect();
        Report::new(crate_name, lock.version, &lock.api, api, notes)
    });
    let mut version = configured;
    if let (true, Some(report)) = (bump, &report) {
        version = version.max(report.proposed());
    }
    if let (Some(lock), Some(report)) = (old, &report) {
        check_version(lock, version, report.bump())?;
    }
    Ok(Settled {
        report,
        version,
        lock: next(old, api, version, prune),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::surface::{OperationSurface, TypeSurface};

    fn api(types: &[&str], ops: &[&str]) -> Surface {
        let mut api = Surface::default();
        for t in types {
            api.types.insert(
                (*t).to_owned(),
                TypeSurface {
                    kind: "struct".into(),
                    ..TypeSurface::default()
                },
            );
        }
        for o in ops {
            api.operations
                .insert((*o).to_owned(), OperationSurface::default());
        }
        api
    }

    fn v(text: &str) -> Version {
        text.parse().unwrap()
    }

    #[test]
    fn the_lock_moves_only_with_the_version() {
        let old = Lock {
            version: v("0.1.0"),
            api: api(&["A", "B"], &["getA"]),
        };
        let now = api(&["A", "C"], &[]);
        assert_eq!(next(Some(&old), &now, v("0.1.0"), false), old);
        let moved = next(Some(&old), &now, v("0.2.0"), false);
        assert_eq!(moved.version, v("0.2.0"));
        assert!(!moved.api.types["A"].retired);
        assert!(!moved.api.types["C"].retired);
        assert!(moved.api.types["B"].retired, "names leave only when pruned");
        assert!(moved.api.operations["getA"].retired);
        assert_eq!(moved.api.live(), now);
        let pruned = next(Some(&moved), &now, v("0.2.0"), true);
        assert_eq!(pruned.api, now);
        assert_eq!(next(None, &now, v("0.3.0"), false).api, now);
    }

    #[test]
    fn the_configured_version_must_carry_the_bump() {
        let lock = Lock {
            version: v("0.1.0"),
            api: Surface::default(),
        };
        assert!(check_version(&lock, v("0.1.0"), Bump::Major).is_ok());
        assert!(check_version(&lock, v("0.2.0"), Bump::Major).is_ok());
        let err = check_version(&lock, v("0.1.1"), Bump::Major).unwrap_err();
        assert!(err.contains("needs 0.2.0"), "{err}");
        assert!(check_version(&lock, v("0.0.9"), Bump::None).is_err());
    }
}
