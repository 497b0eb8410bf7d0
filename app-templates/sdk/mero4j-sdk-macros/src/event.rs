//! `#[event]`: `Event` and an untagged `Serialize` for an enum or a struct.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Error, Fields, Item, Result};

pub fn expand(attr: TokenStream, item: TokenStream) -> Result<TokenStream> {
    if !attr.is_empty() {
        return Err(Error::new_spanned(attr, "#[event] takes no arguments"));
    }
    let item: Item = syn::parse2(item)?;
    match &item {
        Item::Enum(e) => {
            if e.variants.is_empty() {
                return Err(Error::new_spanned(e, "an event enum needs at least one variant"));
            }
            let name = &e.ident;
            let (impl_generics, ty_generics, where_clause) = e.generics.split_for_impl();
            let kinds: Vec<String> = e.variants.iter().map(|v| v.ident.to_string()).collect();
            let arms = e.variants.iter().zip(&kinds).map(|(v, kind)| {
                let ident = &v.ident;
                let pattern = match v.fields {
                    Fields::Named(_) => quote! { Self::#ident { .. } },
                    Fields::Unnamed(_) => quote! { Self::#ident(..) },
                    Fields::Unit => quote! { Self::#ident },
                };
                quote! { #pattern => #kind }
            });
            Ok(quote! {
                #[derive(::mero4j_sdk::serde::Serialize)]
                #[serde(crate = "::mero4j_sdk::serde", untagged)]
                #item

                impl #impl_generics ::mero4j_sdk::Event for #name #ty_generics #where_clause {
                    const KINDS: &'static [&'static str] = &[#(#kinds),*];
                    fn kind(&self) -> &'static str {
                        match self { #(#arms),* }
                    }
                }
            })
        }
        Item::Struct(s) => {
            let name = &s.ident;
            let kind = name.to_string();
            let (impl_generics, ty_generics, where_clause) = s.generics.split_for_impl();
            Ok(quote! {
                #[derive(::mero4j_sdk::serde::Serialize)]
                #[serde(crate = "::mero4j_sdk::serde")]
                #item

                impl #impl_generics ::mero4j_sdk::Event for #name #ty_generics #where_clause {
                    const KINDS: &'static [&'static str] = &[#kind];
                    fn kind(&self) -> &'static str {
                        #kind
                    }
                }
            })
        }
        other => Err(Error::new_spanned(other, "#[event] goes on an enum or a struct")),
    }
}
