//! Raw host imports of the Mero4j host ABI v1 (`docs/abi.md`), module `env`.
//!
//! Wasm types: pointers and lengths are `i32` (`*const u8`, `usize` on wasm32), register ids,
//! counts, positions and numbers are `i64` (`u64`/`i64`). Every name is prefixed `mero_` so that
//! no import clashes with a C symbol of `compiler_builtins` (a bare `log` would).
//!
//! Off wasm32 (host-side unit tests, `cargo doc`) the functions are stubs that panic.

macro_rules! host_imports {
    ($( $(#[$meta:meta])* pub fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $(-> $ret:ty)?; )*) => {
        #[cfg(target_arch = "wasm32")]
        #[link(wasm_import_module = "env")]
        extern "C" {
            $( $(#[$meta])* pub fn $name($($arg: $ty),*) $(-> $ret)?; )*
        }

        #[cfg(not(target_arch = "wasm32"))]
        mod stubs {
            $(
                #[allow(unused_variables, clippy::missing_safety_doc)]
                pub unsafe fn $name($($arg: $ty),*) $(-> $ret)? {
                    panic!(concat!("host function ", stringify!($name), " exists only on wasm32"))
                }
            )*
        }
        #[cfg(not(target_arch = "wasm32"))]
        pub use stubs::*;
    };
}

host_imports! {
    // Registers.
    /// Length of the register's bytes, or -1 when the register is empty.
    pub fn mero_register_len(reg: u64) -> i64;
    /// Copies the register's bytes to `ptr`.
    pub fn mero_read_register(reg: u64, ptr: *mut u8);

    // Call I/O, logs, events, environment.
    pub fn mero_input(reg: u64);
    pub fn mero_return(ptr: *const u8, len: usize);
    pub fn mero_error(ptr: *const u8, len: usize);
    pub fn mero_panic(ptr: *const u8, len: usize);
    pub fn mero_log(ptr: *const u8, len: usize);
    pub fn mero_emit(
        kind_ptr: *const u8, kind_len: usize,
        data_ptr: *const u8, data_len: usize,
        handler_ptr: *const u8, handler_len: usize,
    );
    pub fn mero_context_id(reg: u64);
    pub fn mero_executor_id(reg: u64);
    pub fn mero_time_now() -> u64;
    pub fn mero_random_bytes(ptr: *mut u8, len: usize);
    pub fn mero_ed25519_verify(sig_ptr: *const u8, pk_ptr: *const u8, msg_ptr: *const u8, msg_len: usize) -> i32;

    // State: roots and maps (also sorted maps, user and frozen storage).
    pub fn mero_root(kind: i32, name_ptr: *const u8, name_len: usize, id_out: *mut u8);
    pub fn mero_map_get(id_ptr: *const u8, key_ptr: *const u8, key_len: usize, reg: u64) -> i32;
    pub fn mero_map_insert(
        id_ptr: *const u8, key_ptr: *const u8, key_len: usize,
        val_ptr: *const u8, val_len: usize, reg_old: u64,
    ) -> i32;
    pub fn mero_map_remove(id_ptr: *const u8, key_ptr: *const u8, key_len: usize, reg_old: u64) -> i32;
    pub fn mero_map_contains(id_ptr: *const u8, key_ptr: *const u8, key_len: usize) -> i32;
    pub fn mero_map_len(id_ptr: *const u8) -> i64;
    pub fn mero_map_entries(id_ptr: *const u8, reg: u64);
    pub fn mero_map_range(
        id_ptr: *const u8, from_ptr: *const u8, from_len: usize,
        to_ptr: *const u8, to_len: usize, offset: i64, limit: i64, reg: u64,
    );
    pub fn mero_map_child(id_ptr: *const u8, key_ptr: *const u8, key_len: usize, kind: i32, id_out: *mut u8);

    // Sets.
    pub fn mero_set_insert(id_ptr: *const u8, val_ptr: *const u8, val_len: usize) -> i32;
    pub fn mero_set_contains(id_ptr: *const u8, val_ptr: *const u8, val_len: usize) -> i32;
    pub fn mero_set_remove(id_ptr: *const u8, val_ptr: *const u8, val_len: usize) -> i32;
    pub fn mero_set_values(id_ptr: *const u8, reg: u64);

    // Vectors.
    pub fn mero_vector_len(id_ptr: *const u8) -> i64;
    pub fn mero_vector_get(id_ptr: *const u8, index: i64, reg: u64) -> i32;
    pub fn mero_vector_insert(id_ptr: *const u8, index: i64, val_ptr: *const u8, val_len: usize);
    pub fn mero_vector_set(id_ptr: *const u8, index: i64, val_ptr: *const u8, val_len: usize);
    pub fn mero_vector_remove(id_ptr: *const u8, index: i64, reg_old: u64) -> i32;
    pub fn mero_vector_child(id_ptr: *const u8, index: i64, kind: i32, id_out: *mut u8);

    // Counters and registers.
    pub fn mero_counter_add(id_ptr: *const u8, amount: i64);
    pub fn mero_counter_value(id_ptr: *const u8) -> i64;
    pub fn mero_register_set(id_ptr: *const u8, val_ptr: *const u8, val_len: usize);
    pub fn mero_register_get(id_ptr: *const u8, reg: u64) -> i32;

    // Rga text; positions and counts are Unicode code points.
    pub fn mero_text_insert(id_ptr: *const u8, pos: i64, ptr: *const u8, len: usize);
    pub fn mero_text_delete(id_ptr: *const u8, pos: i64, count: i64);
    pub fn mero_text_len(id_ptr: *const u8) -> i64;
    pub fn mero_text_read(id_ptr: *const u8, reg: u64);
}

/// Collection kinds of `mero_root`, `mero_map_child` and `mero_vector_child`.
pub mod kind {
    pub const UNORDERED_MAP: i32 = 1;
    pub const UNORDERED_SET: i32 = 2;
    pub const VECTOR: i32 = 3;
    pub const G_COUNTER: i32 = 4;
    pub const PN_COUNTER: i32 = 5;
    pub const LWW_REGISTER: i32 = 6;
    pub const RGA_TEXT: i32 = 7;
    pub const SORTED_MAP: i32 = 8;
    pub const SORTED_SET: i32 = 9;
    pub const USER_STORAGE: i32 = 10;
    pub const FROZEN_STORAGE: i32 = 11;
}
