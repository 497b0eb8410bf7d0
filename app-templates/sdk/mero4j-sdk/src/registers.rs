//! Host registers: the host writes variable-length results there and the guest copies them out.

use crate::sys;

/// Register used for the call's input.
pub(crate) const INPUT: u64 = 0;
/// Register used for every other result; read right after the call that filled it.
pub(crate) const SCRATCH: u64 = 1;

/// The register's bytes, or `None` when the register is empty.
pub(crate) fn read(reg: u64) -> Option<Vec<u8>> {
    let len = unsafe { sys::mero_register_len(reg) };
    if len < 0 {
        return None;
    }
    let len = usize::try_from(len).unwrap_or_else(|_| crate::env::panic_str("register larger than memory"));
    let mut buf = Vec::<u8>::with_capacity(len);
    unsafe {
        sys::mero_read_register(reg, buf.as_mut_ptr());
        buf.set_len(len);
    }
    Some(buf)
}

/// For host functions that return 1 with a value in `reg` and 0 without one.
pub(crate) fn read_if(found: i32, reg: u64) -> Option<Vec<u8>> {
    if found == 1 {
        read(reg)
    } else {
        None
    }
}

/// Reads a register expected to hold exactly 32 bytes (an id or a public key).
pub(crate) fn read_id(reg: u64, what: &str) -> [u8; 32] {
    match read(reg) {
        Some(bytes) if bytes.len() == 32 => {
            let mut id = [0u8; 32];
            id.copy_from_slice(&bytes);
            id
        }
        _ => crate::env::panic_str(&format!("host returned no 32-byte {}", what)),
    }
}
