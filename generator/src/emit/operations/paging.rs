//! The `PagedOperation` impl of an operation the spec pages: how the page walker reads and
//! sets the page number and finds a page's items and total.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::setters::param_type;
use crate::emit::types::crate_type;
use crate::model::{Operation, OperationParam, ParamTy};
use crate::naming::ident;

/// `impl PagedOperation`, for an operation with pagination.
pub(super) fn paged_impl(op: &Operation) -> Option<TokenStream> {
    let name = ident(&op.type_name);
    op.pagination.as_ref().map(|pg| {
        let page_field = ident(&op.params[pg.page_num].name);
        let size_field = ident(&op.params[pg.items_per_page].name);
        let item = crate_type(&pg.item);
        let results = ident(&pg.results_field);
        // 0 for unknown: the page walker then goes by short pages and the total.
        let size_default = Literal::i64_unsuffixed(pg.default_page_size.unwrap_or(0));
        let size_default = quote!(#size_default);
        let page_value = integer_or(&op.params[pg.page_num], quote!(1));
        let size_value = integer_or(&op.params[pg.items_per_page], size_default);
        let page_ty = param_type(&op.params[pg.page_num]);
        let make_page = match &op.params[pg.page_num].ty {
            ParamTy::Validated(_) => quote!(#page_ty::new(page_num)?),
            _ => quote!(page_num),
        };
        let total = match &pg.total_count_field {
            Some(f) if pg.total_count_required => {
                let f = ident(f);
                quote!(::std::option::Option::Some(i64::from(page.#f)))
            }
            Some(f) => {
                let f = ident(f);
                quote!(page.#f.map(i64::from))
            }
            None => quote!(::std::option::Option::None),
        };
        let (borrow_items, take_items) = if pg.results_required {
            (quote!(&page.#results), quote!(page.#results))
        } else {
            (quote!(page.#results.as_deref().unwrap_or_default()), quote!(page.#results.unwrap_or_default()))
        };
        quote! {
            impl crate::operation::PagedOperation for #name {
                type Item = #item;

                fn page_num(&self) -> i64 {
                    self.#page_field.#page_value
                }

                fn items_per_page(&self) -> i64 {
                    self.#size_field.#size_value
                }

                fn with_page_num(&self, page_num: i64) -> ::std::result::Result<Self, crate::Error> {
                    let mut next = self.clone();
                    next.#page_field = ::std::option::Option::Some(#make_page);
                    ::std::result::Result::Ok(next)
                }

                fn items(page: &Self::Output) -> &[Self::Item] {
                    #borrow_items
                }

                fn into_items(page: Self::Output) -> ::std::vec::Vec<Self::Item> {
                    #take_items
                }

                fn total_count(page: &Self::Output) -> ::std::option::Option<i64> {
                    #total
                }
            }
        }
    })
}

/// `map_or(default, i64::from)` for validated integers, `unwrap_or(default)` for plain ones.
fn integer_or(p: &OperationParam, default: TokenStream) -> TokenStream {
    match &p.ty {
        ParamTy::Validated(_) => quote!(map_or(#default, i64::from)),
        _ => quote!(unwrap_or(#default)),
    }
}
