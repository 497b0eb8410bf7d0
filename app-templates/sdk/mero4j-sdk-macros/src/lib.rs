//! Procedural macros of the Mero4j Rust SDK; use them through `mero4j_sdk::{app, state, event}`.

extern crate proc_macro;

mod app;
mod event;
mod state;

use proc_macro::TokenStream;

/// Exports every `pub fn` of an `impl` block as an app method and writes the `mero4j.abi`
/// section. Options: `#[app(emits = EventType)]` lists the event kinds of `EventType` in the
/// ABI. Mark the constructor with `#[init]` (exported as `init`).
#[proc_macro_attribute]
pub fn app(attr: TokenStream, item: TokenStream) -> TokenStream {
    app::expand(attr.into(), item.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Makes a struct of collections the app state: each field is the root collection of the same
/// name.
#[proc_macro_attribute]
pub fn state(attr: TokenStream, item: TokenStream) -> TokenStream {
    state::expand(attr.into(), item.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// Makes an enum (one kind per variant) or a struct (one kind, its name) an event type whose
/// data is the JSON of the variant's fields.
#[proc_macro_attribute]
pub fn event(attr: TokenStream, item: TokenStream) -> TokenStream {
    event::expand(attr.into(), item.into()).unwrap_or_else(syn::Error::into_compile_error).into()
}
