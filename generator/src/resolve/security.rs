//! Security schemes -> the credentials the client offers. A scheme it cannot use is left out
//! with a warning naming the scheme; it never stops the spec.

use openapiv3::{APIKeyLocation, SecurityScheme};

use super::Resolver;
use crate::model::{ApiKey, ApiKeyLocation, AuthSchemes};
use crate::pointer::Pointer;

impl Resolver<'_> {
    pub(super) fn auth_schemes(&mut self) -> AuthSchemes {
        let mut auth = AuthSchemes::default();
        let Some(components) = &self.doc.components else {
            return auth;
        };
        for (name, scheme) in &components.security_schemes {
            let pointer = Pointer::root()
                .join("components")
                .join("securitySchemes")
                .join(name);
            let Some(scheme) = super::refs::follow_security(components, scheme) else {
                self.diags.warning(
                    &pointer,
                    format!(
                        "security scheme `{name}` is a reference that leads to no scheme; the client does not offer it"
                    ),
                );
                continue;
            };
            match scheme {
                SecurityScheme::HTTP { scheme, .. } => match scheme.to_ascii_lowercase().as_str()
                {
                    "digest" => auth.http_digest = true,
                    "bearer" => auth.http_bearer = true,
                    "basic" => auth.http_basic = true,
                    _ => self.diags.warning(
                        &pointer,
                        format!(
                            "security scheme `{name}` uses HTTP authentication `{scheme}`, which the client does not implement; it is not offered"
                        ),
                    ),
                },
                SecurityScheme::APIKey {
                    location,
                    name: key_name,
                    ..
                } => auth.api_keys.push(ApiKey {
                    scheme: name.clone(),
                    location: match location {
                        APIKeyLocation::Header => ApiKeyLocation::Header,
                        APIKeyLocation::Query => ApiKeyLocation::Query,
                        APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                    },
                    name: key_name.clone(),
                }),
                SecurityScheme::OAuth2 { flows, .. } => {
                    if let Some(flow) = &flows.client_credentials {
                        auth.oauth_client_credentials = Some(flow.token_url.clone());
                    }
                    let mut others = Vec::new();
                    if flows.authorization_code.is_some() {
                        others.push("authorization code");
                    }
                    if flows.implicit.is_some() {
                        others.push("implicit");
                    }
                    if flows.password.is_some() {
                        others.push("password");
                    }
                    if !others.is_empty() {
                        // Every flow ends in a bearer token, which the client always accepts.
                        auth.http_bearer = true;
                        self.diags.warning(
                            &pointer,
                            format!(
                                "security scheme `{name}` uses the OAuth 2.0 {} {}, which the client does not run; pass the token it yields with `bearer_token`",
                                others.join(" and "),
                                if others.len() == 1 { "flow" } else { "flows" }
                            ),
                        );
                    }
                }
                SecurityScheme::OpenIDConnect { .. } => {
                    auth.http_bearer = true;
                    self.diags.warning(
                        &pointer,
                        format!(
                            "security scheme `{name}` is OpenID Connect, which the client does not run; pass the token it yields with `bearer_token`"
                        ),
                    );
                }
            }
        }
        // A bearer token is what both OAuth flows end in, so the client always accepts one.
        auth.http_bearer |= auth.oauth_client_credentials.is_some();
        auth
    }
}
