//! Skipping an operation the generator cannot express. Resolving an operation makes types and
//! parameter newtypes as it goes; when something in it turns out to be unsupported, the
//! operation is dropped with a warning per reason, and what only it had made is dropped too
//! (names given back), so the crate is the one the spec would give without that operation.

use super::Resolver;
use crate::model::TypeRef;
use crate::pointer::Pointer;

/// What the operation being resolved has made, and why it cannot be generated.
pub(super) struct OperationScope {
    /// The operation's `operationId` (or derived name), for the warnings.
    name: String,
    /// Why it cannot be generated: (where, what).
    reasons: Vec<(Pointer, String)>,
    /// Inline types and parameter newtypes made while resolving it.
    types: Vec<String>,
    params: Vec<String>,
}

impl Resolver<'_> {
    pub(super) fn begin_operation(&mut self, name: &str) {
        self.operation = Some(OperationScope {
            name: name.to_owned(),
            reasons: Vec::new(),
            types: Vec::new(),
            params: Vec::new(),
        });
    }

    /// Ends the operation begun last: `true` when it can be generated, else it is skipped.
    pub(super) fn end_operation(&mut self, at: &Pointer) -> bool {
        let Some(scope) = self.operation.take() else {
            return true;
        };
        if scope.reasons.is_empty() {
            return true;
        }
        for (pointer, reason) in &scope.reasons {
            self.diags.warning(
                pointer,
                format!("{reason}; the operation `{}` is skipped", scope.name),
            );
        }
        self.drop_made(&scope);
        self.skipped.push(at.clone());
        false
    }

    /// Records that the operation being resolved cannot be generated. Outside an operation
    /// (which the callers never are) it is a plain warning.
    pub(super) fn unsupported_in_operation(&mut self, at: &Pointer, reason: impl Into<String>) {
        match &mut self.operation {
            Some(scope) => scope.reasons.push((at.clone(), reason.into())),
            None => self.diags.warning(at, reason),
        }
    }

    /// Notes a type made for the operation being resolved.
    pub(super) fn made_type(&mut self, name: &str) {
        if let Some(scope) = &mut self.operation {
            scope.types.push(name.to_owned());
        }
    }

    /// Notes a parameter newtype made for the operation being resolved.
    pub(super) fn made_param(&mut self, name: &str) {
        if let Some(scope) = &mut self.operation {
            scope.params.push(name.to_owned());
        }
    }

    /// Drops what a skipped operation made. Component schemas (and the inline types inside
    /// them) stay: they are part of the crate whether or not an operation uses them.
    fn drop_made(&mut self, scope: &OperationScope) {
        let components = Pointer::root().join("components").join("schemas");
        let prefix = format!("{components}/");
        for name in &scope.types {
            let shared = self
                .types
                .get(name)
                .is_some_and(|t| t.pointer.as_str().starts_with(&prefix));
            if shared {
                continue;
            }
            if self.types.remove(name).is_some() {
                self.type_scope.release(name);
            }
            let named = TypeRef::Named(name.clone());
            self.inline_types.retain(|_, ty| *ty != named);
        }
        for name in &scope.params {
            if self.params.remove(name).is_some() {
                self.param_scope.release(name);
            }
        }
    }
}
