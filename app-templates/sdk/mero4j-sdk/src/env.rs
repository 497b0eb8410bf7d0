//! The call's environment: input, result, logs, events, identity, time and randomness.

use crate::registers;
use crate::sys;
use serde::Serialize;

/// The call's arguments as sent by the client (JSON text; `{}` when the client sent none).
pub fn input() -> Vec<u8> {
    unsafe { sys::mero_input(registers::INPUT) };
    registers::read(registers::INPUT).unwrap_or_default()
}

/// Sets the call's JSON result (the last call wins).
pub fn value_return(json: &[u8]) {
    unsafe { sys::mero_return(json.as_ptr(), json.len()) }
}

/// Fails the call with a JSON error value; the node discards every write of the call.
pub fn error_return(json: &[u8]) {
    unsafe { sys::mero_error(json.as_ptr(), json.len()) }
}

/// Aborts the call with a message; every write is discarded. Never returns.
pub fn panic_str(message: &str) -> ! {
    unsafe { sys::mero_panic(message.as_ptr(), message.len()) };
    // The host traps inside mero_panic; this is only reached by a broken host.
    std::process::abort()
}

/// Appends a UTF-8 log line.
pub fn log(message: &str) {
    unsafe { sys::mero_log(message.as_ptr(), message.len()) }
}

/// Emits a raw event: a kind, JSON data and optionally a method that receiving peers run.
pub fn emit(kind: &str, data: &[u8], handler: Option<&str>) {
    let handler = handler.unwrap_or("");
    unsafe {
        sys::mero_emit(
            kind.as_ptr(),
            kind.len(),
            data.as_ptr(),
            data.len(),
            handler.as_ptr(),
            handler.len(),
        )
    }
}

/// Emits a typed event (see [`crate::event`]).
pub fn emit_event<E: crate::Event>(event: &E) {
    emit(event.kind(), &crate::codec::to_json(event), None)
}

/// Emits a typed event that receiving peers handle by running method `handler` with the event's
/// data as its arguments.
pub fn emit_event_with_handler<E: crate::Event>(event: &E, handler: &str) {
    emit(event.kind(), &crate::codec::to_json(event), Some(handler))
}

/// The 32-byte id of the context the call runs in.
pub fn context_id() -> [u8; 32] {
    unsafe { sys::mero_context_id(registers::SCRATCH) };
    registers::read_id(registers::SCRATCH, "context id")
}

/// The 32-byte Ed25519 public key of the member executing the call.
pub fn executor_id() -> [u8; 32] {
    unsafe { sys::mero_executor_id(registers::SCRATCH) };
    registers::read_id(registers::SCRATCH, "executor id")
}

/// Nanoseconds since the epoch, fixed for the whole call (the same on every replay).
pub fn time_now() -> u64 {
    unsafe { sys::mero_time_now() }
}

/// Fills `buf` with pseudo-random bytes unique to this member and this call (see docs/abi.md).
pub fn random_bytes(buf: &mut [u8]) {
    unsafe { sys::mero_random_bytes(buf.as_mut_ptr(), buf.len()) }
}

/// True when the 64-byte `signature` over `message` verifies with the 32-byte `public_key`.
pub fn ed25519_verify(signature: &[u8; 64], public_key: &[u8; 32], message: &[u8]) -> bool {
    unsafe {
        sys::mero_ed25519_verify(signature.as_ptr(), public_key.as_ptr(), message.as_ptr(), message.len()) == 1
    }
}

/// Serialises `value` as the call's JSON result.
pub fn return_json<T: Serialize + ?Sized>(value: &T) {
    value_return(&crate::codec::to_json(value))
}
