//! JSON pointers (RFC 6901) into the spec document, as `#/a/b~1c`: every diagnostic and every
//! generated item carries one, so a reader can find the spec text behind it.

use std::fmt;

/// A pointer into the spec document, kept in its escaped, `#`-prefixed form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The whole document: `#`.
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// Parses the `#/...` form used by `$ref`; `None` for references into other documents.
    pub fn from_ref(reference: &str) -> Option<Self> {
        reference
            .starts_with("#/")
            .then(|| Pointer(reference.to_owned()))
    }

    /// This pointer with one more reference token, escaped as RFC 6901 requires.
    pub fn join(&self, token: impl fmt::Display) -> Self {
        let token = token.to_string().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{}", self.0, token))
    }

    /// The unescaped reference tokens.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .trim_start_matches('#')
            .split('/')
            .skip(1)
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_slashes_and_tildes() {
        let p = Pointer::root().join("paths").join("/a/{b}").join("x~y");
        assert_eq!(p.as_str(), "#/paths/~1a~1{b}/x~0y");
        assert_eq!(p.tokens().collect::<Vec<_>>(), ["paths", "/a/{b}", "x~y"]);
    }

    #[test]
    fn only_local_refs_are_pointers() {
        assert!(Pointer::from_ref("#/components/schemas/A").is_some());
        assert!(Pointer::from_ref("other.yaml#/components/schemas/A").is_none());
    }
}
