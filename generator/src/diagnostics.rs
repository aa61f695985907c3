//! What the generator reports about a spec: errors, which stop the run (a broken spec), and
//! warnings, which do not (a construct the generator does not support costs only what depends
//! on it: an operation is skipped, a value is kept as JSON). Each names the JSON pointer of the
//! spec element and, for a warning, what was done instead. The generator collects every problem
//! it can find before giving up, so one run lists them all.

use std::fmt;

use crate::pointer::Pointer;

/// Whether a problem stops the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The spec is broken here; nothing is generated.
    Error,
    /// Generation goes on without the construct; the reason says what was done instead.
    Warning,
}

/// One problem in the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub pointer: Pointer,
    pub reason: String,
    pub severity: Severity,
}

impl Diagnostic {
    /// An error.
    pub fn new(pointer: &Pointer, reason: impl Into<String>) -> Self {
        Diagnostic {
            pointer: pointer.clone(),
            reason: reason.into(),
            severity: Severity::Error,
        }
    }

    /// A warning; `reason` says what is unsupported and what was done instead.
    pub fn warning(pointer: &Pointer, reason: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::new(pointer, reason)
        }
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.severity {
            Severity::Error => write!(f, "{}: {}", self.pointer, self.reason),
            Severity::Warning => write!(f, "warning: {}: {}", self.pointer, self.reason),
        }
    }
}

/// Every problem found in one spec, sorted and without repeats so the report is stable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn error(&mut self, pointer: &Pointer, reason: impl Into<String>) {
        self.push(Diagnostic::new(pointer, reason));
    }

    pub fn warning(&mut self, pointer: &Pointer, reason: impl Into<String>) {
        self.push(Diagnostic::warning(pointer, reason));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether any problem stops the run.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| !d.is_warning())
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// How many have been reported so far (a mark to [`Diagnostics::take_from`]).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Removes and returns what was reported since `mark`.
    pub fn take_from(&mut self, mark: usize) -> Vec<Diagnostic> {
        self.0.split_off(mark.min(self.0.len()))
    }

    /// The errors (as `Diagnostics`) and the warnings, each sorted, without repeats.
    pub fn split(self) -> (Diagnostics, Vec<Diagnostic>) {
        let (warnings, errors): (Vec<Diagnostic>, Vec<Diagnostic>) =
            self.0.into_iter().partition(Diagnostic::is_warning);
        (Diagnostics(sorted(errors)), sorted(warnings))
    }

    /// `Ok(value)` when no error was reported, else every problem, sorted by pointer.
    /// Warnings alone do not fail; take them out first with [`Diagnostics::split`].
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if !self.has_errors() {
            Ok(value)
        } else {
            self.0 = sorted(std::mem::take(&mut self.0));
            Err(self)
        }
    }

    /// One line per problem, each prefixed with the spec file's name.
    pub fn render(&self, file: &str) -> String {
        render(&self.0, file)
    }
}

/// One line per problem, each prefixed with the spec file's name.
pub fn render(diagnostics: &[Diagnostic], file: &str) -> String {
    diagnostics
        .iter()
        .map(|d| format!("{file}: {d}\n"))
        .collect()
}

fn sorted(mut list: Vec<Diagnostic>) -> Vec<Diagnostic> {
    list.sort();
    list.dedup();
    list
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_do_not_fail_and_are_labelled() {
        let at = Pointer::root().join("paths");
        let mut diags = Diagnostics::default();
        diags.warning(&at, "kept as JSON");
        assert!(!diags.has_errors());
        assert_eq!(
            diags.render("a.yaml"),
            "a.yaml: warning: #/paths: kept as JSON\n"
        );
        assert!(diags.clone().into_result(()).is_ok());
        diags.error(&at, "broken");
        let (errors, warnings) = diags.clone().split();
        assert_eq!(errors.iter().count(), 1);
        assert_eq!(warnings.len(), 1);
        assert!(diags.into_result(()).is_err());
    }
}
