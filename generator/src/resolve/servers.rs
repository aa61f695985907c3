//! The spec's first server -> the client's default base URL. A URL template's variables
//! (`https://{region}.example.com/{basePath}`) get their defaults; users may set them.

use super::Resolver;
use crate::model::{ServerTemplate, ServerVariable};
use crate::pointer::Pointer;

/// Where requests go when the spec names no server, or only a relative one.
const FALLBACK_ORIGIN: &str = "http://localhost";

impl Resolver<'_> {
    /// The default base URL, and its template when it has variables.
    pub(super) fn server(&mut self) -> (Option<String>, Option<ServerTemplate>) {
        let Some(server) = self.doc.servers.first() else {
            return (None, None);
        };
        let at = Pointer::root().join("servers").join(0);
        let declared = server.variables.clone().unwrap_or_default();
        let mut variables = Vec::new();
        for name in template_variables(&server.url) {
            if variables.iter().any(|v: &ServerVariable| v.name == name) {
                continue;
            }
            match declared.get(&name) {
                Some(v) => variables.push(ServerVariable {
                    name,
                    default: v.default.clone(),
                    allowed: v.enumeration.clone(),
                    description: v.description.clone(),
                }),
                None => self.diags.error(
                    &at.join("url"),
                    format!("the server URL has the variable `{{{name}}}`, which `variables` does not declare"),
                ),
            }
        }
        let mut template = server.url.trim_end_matches('/').to_owned();
        let mut url = template.clone();
        for v in &variables {
            url = url.replace(&format!("{{{}}}", v.name), &v.default);
        }
        if url.starts_with('/') || url.is_empty() {
            // Relative to wherever the spec is served, which the generator cannot know.
            self.diags.warning(
                &at.join("url"),
                format!(
                    "the server URL `{}` is relative; the default base URL is `{FALLBACK_ORIGIN}{url}`, set the real one with `base_url`",
                    server.url
                ),
            );
            url = format!("{FALLBACK_ORIGIN}{url}");
            template = format!("{FALLBACK_ORIGIN}{template}");
        }
        let template = (!variables.is_empty()).then_some(ServerTemplate {
            template,
            variables,
        });
        (Some(url), template)
    }
}

/// The names in `{...}` of a URL template, in order.
pub(super) fn template_variables(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        names.push(rest[open + 1..open + close].to_owned());
        rest = &rest[open + close + 1..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_in_order() {
        assert_eq!(
            template_variables("{scheme}://api.{region}.example.com/{basePath}"),
            ["scheme", "region", "basePath"]
        );
        assert!(template_variables("https://example.com").is_empty());
    }
}
