//! The change report of a regeneration: every change of the public API, the bump it implies
//! and the version it proposes, as Markdown for a pull request and as a short summary.

use std::fmt::Write as _;

use super::Surface;
use super::diff::{Change, Rename, Severity, diff};
use crate::version::{Bump, Version};

/// What a regeneration changes for users of the crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub crate_name: String,
    /// The version whose API the changes are counted from.
    pub base: Version,
    pub changes: Vec<Change>,
    pub renames: Vec<Rename>,
    /// Names that could not be carried over safely, each with its JSON pointers.
    pub notes: Vec<String>,
}

impl Report {
    /// The changes from `old` (the API of version `base`) to `new`.
    pub fn new(
        crate_name: &str,
        base: Version,
        old: &Surface,
        new: &Surface,
        notes: Vec<String>,
    ) -> Report {
        let (changes, renames) = diff(old, new);
        Report {
            crate_name: crate_name.to_owned(),
            base,
            changes,
            renames,
            notes,
        }
    }

    /// The bump the changes need.
    pub fn bump(&self) -> Bump {
        match self.changes.iter().map(|c| c.severity).max() {
            None => Bump::None,
            Some(Severity::Docs) => Bump::Patch,
            Some(Severity::Additive) => Bump::Minor,
            Some(Severity::Breaking) => Bump::Major,
        }
    }

    /// The smallest version the changes allow after `base`.
    pub fn proposed(&self) -> Version {
        self.base.bumped(self.bump())
    }

    fn count(&self, severity: Severity) -> usize {
        self.changes
            .iter()
            .filter(|c| c.severity == severity)
            .count()
    }

    fn verdict(&self) -> String {
        match self.bump() {
            Bump::None => "no change to the public API".to_owned(),
            Bump::Patch => "patch (documentation only)".to_owned(),
            Bump::Minor => "minor (additive changes only)".to_owned(),
            Bump::Major => "major (breaking changes)".to_owned(),
        }
    }

    /// A few lines for the terminal: the counts, the verdict, the renames and the breaking
    /// changes (the first few).
    pub fn summary(&self) -> String {
        const SHOWN: usize = 5;
        let mut out = String::new();
        if self.changes.is_empty() {
            let _ = writeln!(
                out,
                "{}: no change to the public API since {}",
                self.crate_name, self.base
            );
        } else {
            let _ = writeln!(
                out,
                "{}: API changes since {}: {} breaking, {} additive, {} docs-only -> {}; proposed version {}",
                self.crate_name,
                self.base,
                self.count(Severity::Breaking),
                self.count(Severity::Additive),
                self.count(Severity::Docs),
                self.bump(),
                self.proposed()
            );
        }
        for rename in &self.renames {
            let _ = writeln!(
                out,
                "  renamed upstream: {} `{}` -> `{}` (shipped names kept, new names added)",
                rename.kind, rename.from, rename.to
            );
        }
        let breaking: Vec<&Change> = self
            .changes
            .iter()
            .filter(|c| c.severity == Severity::Breaking)
            .collect();
        for change in breaking.iter().take(SHOWN) {
            let _ = writeln!(out, "  breaking: {}: {}", change.item, change.what);
        }
        if breaking.len() > SHOWN {
            let _ = writeln!(
                out,
                "  ... and {} more breaking changes (see --report)",
                breaking.len() - SHOWN
            );
        }
        for note in &self.notes {
            let _ = writeln!(out, "  not paired: {note}");
        }
        out
    }

    /// The report for a pull request's description.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "## `{}`: API changes since {}\n",
            self.crate_name, self.base
        );
        if self.changes.is_empty() {
            let _ = writeln!(
                out,
                "No change to the public API of the crate or of its command-line tool: version {} stays.",
                self.base
            );
        } else {
            let _ = writeln!(
                out,
                "**{}**: proposed version **{}** (from {}).\n",
                self.verdict(),
                self.proposed(),
                self.base
            );
            let _ = writeln!(out, "| breaking | additive | docs-only |");
            let _ = writeln!(out, "|---:|---:|---:|");
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                self.count(Severity::Breaking),
                self.count(Severity::Additive),
                self.count(Severity::Docs)
            );
        }
        if !self.renames.is_empty() {
            let _ = writeln!(out, "\n### Renamed upstream\n");
            let _ = writeln!(
                out,
                "The shipped names stay; the new upstream names are added beside them.\n"
            );
            for rename in &self.renames {
                let _ = write!(
                    out,
                    "- {} `{}` is now `{}`: keeps {}",
                    rename.kind,
                    rename.from,
                    rename.to,
                    rename.kept.join(", ")
                );
                if rename.added.is_empty() {
                    let _ = writeln!(out);
                } else {
                    let _ = writeln!(out, "; adds {}", rename.added.join(", "));
                }
            }
        }
        for (severity, title) in [
            (Severity::Breaking, "Breaking"),
            (Severity::Additive, "Additive"),
            (Severity::Docs, "Documentation only"),
        ] {
            let changes: Vec<&Change> = self
                .changes
                .iter()
                .filter(|c| c.severity == severity)
                .collect();
            if changes.is_empty() {
                continue;
            }
            // Documentation changes can be many and need no decision: folded away.
            let folded = severity == Severity::Docs;
            if folded {
                let _ = writeln!(
                    out,
                    "\n<details><summary>{title} ({})</summary>\n",
                    changes.len()
                );
            } else {
                let _ = writeln!(out, "\n### {title}\n");
            }
            for change in changes {
                let _ = writeln!(out, "- {}: {}", change.item, change.what);
            }
            if folded {
                let _ = writeln!(out, "\n</details>");
            }
        }
        if !self.notes.is_empty() {
            let _ = writeln!(out, "\n### Not paired\n");
            let _ = writeln!(
                out,
                "The lock could not carry these names over safely; they count as removed and added above. Pair them by hand under `[renames]` in the codegen settings if they are the same.\n"
            );
            for note in &self.notes {
                let _ = writeln!(out, "- {note}");
            }
        }
        out
    }
}
