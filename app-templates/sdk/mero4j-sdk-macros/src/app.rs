//! `#[app]`: one `() -> ()` export per `pub fn`, plus the `mero4j.abi` custom section.
//!
//! For `pub fn set(&mut self, key: String, value: String) -> T` it generates, in a hidden module:
//!
//! ```ignore
//! #[no_mangle]
//! pub extern "C" fn set() {
//!     ::mero4j_sdk::__private::enter();                       // panic hook
//!     #[derive(Deserialize)] #[serde(deny_unknown_fields)]
//!     struct __Args { key: String, value: String }
//!     let __Args { key, value } = match args::<__Args>("set") { Some(a) => a, None => return };
//!     let mut __state = <KvStore as AppState>::load();
//!     let __out = __state.set(key, value);
//!     ::mero4j_sdk::__private::value(&__out);                // or result(__out) for a Result
//! }
//! ```

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Error, FnArg, Ident, ImplItem, ImplItemMethod, ItemImpl, Pat, Result, ReturnType, Token, Type, Visibility};

/// Method names that are also C symbols linked into every module: an export of that name would
/// not link (the export name is the symbol name), so it is refused with a clear message.
const CLASHING_NAMES: &[&str] = &[
    "memory", "memcpy", "memmove", "memset", "memcmp", "bcmp", "malloc", "free", "realloc", "calloc",
    "log", "exp", "pow", "sin", "cos", "tan", "sqrt", "floor", "ceil", "round", "trunc", "fmod", "fmin",
    "fmax", "abs",
];

/// Arguments of `#[app(...)]`.
struct AppArgs {
    emits: Option<Type>,
}

impl Parse for AppArgs {
    fn parse(input: ParseStream) -> Result<Self> {
        let mut emits = None;
        while !input.is_empty() {
            let key: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            if key == "emits" {
                emits = Some(input.parse::<Type>()?);
            } else {
                return Err(Error::new(key.span(), "unknown #[app] option; expected `emits = EventType`"));
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        Ok(AppArgs { emits })
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Receiver {
    None,
    Ref,
    Mut,
}

/// One exported method.
struct Method {
    rust_name: Ident,
    export_name: String,
    receiver: Receiver,
    params: Vec<(Ident, Type)>,
    returns: Returns,
    is_init: bool,
}

enum Returns {
    Nothing,
    Value,
    Result,
    /// A constructor returning the state: the value is dropped (the state lives in the node).
    SelfValue,
}

pub fn expand(attr: TokenStream, item: TokenStream) -> Result<TokenStream> {
    let args: AppArgs = syn::parse2(attr)?;
    let mut imp: ItemImpl = syn::parse2(item)?;
    if imp.trait_.is_some() {
        return Err(Error::new_spanned(&imp, "#[app] goes on an inherent impl block, not a trait impl"));
    }
    if !imp.generics.params.is_empty() {
        return Err(Error::new_spanned(&imp.generics, "the app impl cannot be generic"));
    }
    let self_ty = (*imp.self_ty).clone();

    let mut methods = Vec::new();
    for item in &mut imp.items {
        if let ImplItem::Method(method) = item {
            let is_init = take_attr(method, "init");
            if matches!(method.vis, Visibility::Public(_)) {
                methods.push(analyse(method, is_init, &self_ty)?);
            } else if is_init {
                return Err(Error::new_spanned(&method.sig, "#[init] must be on a `pub fn`"));
            }
        }
    }
    check_names(&methods)?;

    let exports = methods.iter().map(|m| export(m, &self_ty));
    let abi_methods = methods.iter().map(|m| {
        let name = &m.export_name;
        let read_only = m.receiver == Receiver::Ref && !m.is_init;
        quote! { (#name, #read_only) }
    });
    let events = match &args.emits {
        Some(ty) => quote! { <#ty as ::mero4j_sdk::Event>::KINDS },
        None => quote! { &[] },
    };

    Ok(quote! {
        #imp

        #[doc(hidden)]
        #[allow(non_snake_case, unused_imports)]
        mod __mero4j_app {
            use super::*;

            const MANIFEST: ::mero4j_sdk::abi::Manifest<'static> = ::mero4j_sdk::abi::Manifest {
                name: ::core::env!("CARGO_PKG_NAME"),
                version: ::core::env!("CARGO_PKG_VERSION"),
                methods: &[#(#abi_methods),*],
                events: #events,
            };
            const ABI_LEN: usize = ::mero4j_sdk::abi::encoded_len(&MANIFEST);

            #[used]
            #[link_section = "mero4j.abi"]
            static ABI: [u8; ABI_LEN] = ::mero4j_sdk::abi::encoded::<ABI_LEN>(&MANIFEST);

            #(#exports)*
        }
    })
}

/// Removes `#[name]` from the method and tells whether it was there.
fn take_attr(method: &mut ImplItemMethod, name: &str) -> bool {
    let before = method.attrs.len();
    method.attrs.retain(|a| !a.path.is_ident(name));
    method.attrs.len() != before
}

fn analyse(method: &ImplItemMethod, is_init: bool, self_ty: &Type) -> Result<Method> {
    let sig = &method.sig;
    if !sig.generics.params.is_empty() {
        return Err(Error::new_spanned(&sig.generics, "app methods cannot be generic"));
    }
    if let Some(a) = &sig.asyncness {
        return Err(Error::new_spanned(a, "app methods cannot be async"));
    }
    let mut receiver = Receiver::None;
    let mut params = Vec::new();
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(r) => {
                if r.reference.is_none() {
                    return Err(Error::new_spanned(r, "app methods take `&self` (read-only) or `&mut self`, not `self`"));
                }
                receiver = if r.mutability.is_some() { Receiver::Mut } else { Receiver::Ref };
            }
            FnArg::Typed(pt) => match &*pt.pat {
                Pat::Ident(pi) if pi.by_ref.is_none() && pi.subpat.is_none() => {
                    if let Type::Reference(_) = &*pt.ty {
                        return Err(Error::new_spanned(&pt.ty, "app method parameters are decoded from JSON: use owned types (String, Vec<T>…)"));
                    }
                    params.push((pi.ident.clone(), (*pt.ty).clone()));
                }
                other => return Err(Error::new_spanned(other, "app method parameters must be plain names: they are the JSON argument keys")),
            },
        }
    }
    let returns = match &sig.output {
        ReturnType::Default => Returns::Nothing,
        ReturnType::Type(_, ty) if is_init && receiver == Receiver::None && is_self(ty, self_ty) => Returns::SelfValue,
        ReturnType::Type(_, ty) if is_result(ty) => Returns::Result,
        ReturnType::Type(..) => Returns::Value,
    };
    let rust_name = sig.ident.clone();
    let export_name = if is_init { "init".to_owned() } else { unraw(&rust_name) };
    Ok(Method { rust_name, export_name, receiver, params, returns, is_init })
}

fn check_names(methods: &[Method]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for m in methods {
        let name = &m.export_name;
        if name.starts_with("__mero") {
            return Err(Error::new_spanned(&m.rust_name, "method names starting with `__mero` are reserved"));
        }
        if CLASHING_NAMES.contains(&name.as_str()) {
            return Err(Error::new_spanned(
                &m.rust_name,
                format!("`{}` clashes with a C symbol linked into every wasm module; rename the method", name),
            ));
        }
        if name == "init" && !m.is_init {
            return Err(Error::new_spanned(&m.rust_name, "the export `init` is the constructor: mark it #[init]"));
        }
        if !seen.insert(name.clone()) {
            return Err(Error::new_spanned(&m.rust_name, format!("two methods are exported as `{}`", name)));
        }
    }
    Ok(())
}

fn export(m: &Method, self_ty: &Type) -> TokenStream {
    let export_ident = Ident::new(&m.export_name, Span::call_site());
    let export_name = &m.export_name;
    let rust_name = &m.rust_name;
    let names: Vec<&Ident> = m.params.iter().map(|(n, _)| n).collect();
    let types: Vec<&Type> = m.params.iter().map(|(_, t)| t).collect();
    let call = match m.receiver {
        Receiver::None => quote! { <#self_ty>::#rust_name(#(#names),*) },
        Receiver::Ref => quote! {{
            let __state = <#self_ty as ::mero4j_sdk::AppState>::load();
            __state.#rust_name(#(#names),*)
        }},
        Receiver::Mut => quote! {{
            let mut __state = <#self_ty as ::mero4j_sdk::AppState>::load();
            __state.#rust_name(#(#names),*)
        }},
    };
    let finish = match m.returns {
        Returns::Nothing => quote! { #call; },
        Returns::SelfValue => quote! { let _ = #call; },
        Returns::Value => quote! { ::mero4j_sdk::__private::value(&#call); },
        Returns::Result => quote! { ::mero4j_sdk::__private::result(#call); },
    };
    quote! {
        #[no_mangle]
        pub extern "C" fn #export_ident() {
            ::mero4j_sdk::__private::enter();
            #[derive(::mero4j_sdk::serde::Deserialize)]
            #[serde(crate = "::mero4j_sdk::serde", deny_unknown_fields)]
            struct __Args { #(#names: #types),* }
            let __Args { #(#names),* } = match ::mero4j_sdk::__private::args::<__Args>(#export_name) {
                ::core::option::Option::Some(args) => args,
                ::core::option::Option::None => return,
            };
            #finish
        }
    }
}

fn unraw(ident: &Ident) -> String {
    ident.to_string().trim_start_matches("r#").to_owned()
}

fn is_result(ty: &Type) -> bool {
    match ty {
        Type::Path(p) => p.path.segments.last().map_or(false, |s| s.ident == "Result"),
        _ => false,
    }
}

fn is_self(ty: &Type, self_ty: &Type) -> bool {
    match ty {
        Type::Path(p) if p.path.is_ident("Self") => true,
        _ => quote!(#ty).to_string() == quote!(#self_ty).to_string(),
    }
}
