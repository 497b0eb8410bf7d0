//! `#[state]`: `AppState::load` for a struct of collections.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Error, Fields, ItemStruct, Result};

pub fn expand(attr: TokenStream, item: TokenStream) -> Result<TokenStream> {
    if !attr.is_empty() {
        return Err(Error::new_spanned(attr, "#[state] takes no arguments"));
    }
    let item: ItemStruct = syn::parse2(item)?;
    let fields = match &item.fields {
        Fields::Named(named) => &named.named,
        _ => return Err(Error::new_spanned(&item, "#[state] needs a struct with named fields (one per root collection)")),
    };
    if !item.generics.params.is_empty() {
        return Err(Error::new_spanned(&item.generics, "the app state cannot be generic"));
    }
    let name = &item.ident;
    let inits = fields.iter().map(|f| {
        let ident = f.ident.as_ref().expect("named field");
        let root = ident.to_string().trim_start_matches("r#").to_owned();
        quote! { #ident: ::mero4j_sdk::collections::Collection::root(#root) }
    });
    Ok(quote! {
        #item

        impl ::mero4j_sdk::AppState for #name {
            fn load() -> Self {
                #name { #(#inits),* }
            }
        }
    })
}
