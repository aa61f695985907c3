//! The `multipart::Parts` impls of the `operations` module: how each body type sent as
//! `multipart/form-data` writes its parts.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Api, BodyKind, ParamLocation, ParamTy, TypeKind, TypeRef};
use crate::naming::ident;

/// How each body type sent as `multipart/form-data` writes its parts: files as file parts,
/// everything else as values. One impl per struct, however many operations send it.
pub(super) fn impls(api: &Api) -> TokenStream {
    let mut done: Vec<&str> = Vec::new();
    let mut impls = Vec::new();
    for op in &api.operations {
        if !matches!(&op.body, Some(b) if b.kind == BodyKind::Multipart) {
            continue;
        }
        let Some(TypeRef::Named(name)) = op.params.iter().find_map(|p| match &p.ty {
            ParamTy::Body(ty) if p.location == ParamLocation::Body => Some(ty),
            _ => None,
        }) else {
            continue;
        };
        let Some((struct_name, fields)) = struct_of(api, name) else {
            continue;
        };
        if done.contains(&struct_name) {
            continue;
        }
        done.push(struct_name);
        let writes = fields.fields.iter().map(|f| {
            let field = ident(&f.name);
            let json_name = &f.json_name;
            if f.flatten {
                return quote!(form.members(&self.#field)?;);
            }
            let (write, is_file) = match &f.ty {
                TypeRef::File => (quote!(form.file(#json_name, value);), true),
                TypeRef::Array(item) if **item == TypeRef::File => {
                    (quote!(form.files(#json_name, value);), true)
                }
                _ => (quote!(form.value(#json_name, value)?;), false),
            };
            if !is_file {
                return quote!(form.value(#json_name, &self.#field)?;);
            }
            match (f.required, f.nullable) {
                (true, false) => quote! {
                    {
                        let value = &self.#field;
                        #write
                    }
                },
                (false, true) => quote! {
                    if let ::std::option::Option::Some(::std::option::Option::Some(value)) = &self.#field {
                        #write
                    }
                },
                _ => quote! {
                    if let ::std::option::Option::Some(value) = &self.#field {
                        #write
                    }
                },
            }
        });
        let additional = fields
            .additional
            .as_ref()
            .map(|_| quote!(form.members(&self.additional_properties)?;));
        let ty = ident(struct_name);
        impls.push(quote! {
            impl crate::multipart::Parts for crate::models::#ty {
                fn parts(&self, form: &mut crate::multipart::Form) -> ::std::result::Result<(), crate::Error> {
                    #(#writes)*
                    #additional
                    ::std::result::Result::Ok(())
                }
            }
        });
    }
    quote!(#(#impls)*)
}

/// The struct a type name finally is, through aliases.
fn struct_of<'a>(api: &'a Api, name: &'a str) -> Option<(&'a str, &'a crate::model::Struct)> {
    let mut name = name;
    for _ in 0..api.types.len() {
        match &api.types.iter().find(|t| t.name == name)?.kind {
            TypeKind::Struct(s) => return Some((name, s)),
            TypeKind::Alias(TypeRef::Named(next)) => name = next,
            _ => return None,
        }
    }
    None
}
