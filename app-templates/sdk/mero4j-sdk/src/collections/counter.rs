use super::{collection, to_u64, Entity};
use crate::sys;

/// Grow-only counter: every member increments its own slot; the value is the sum.
#[derive(Debug)]
pub struct GCounter {
    pub(crate) entity: Entity,
}
collection!(GCounter, sys::kind::G_COUNTER);

impl GCounter {
    /// Adds one.
    pub fn increment(&mut self) {
        self.add(1)
    }

    /// Adds `amount`.
    pub fn add(&mut self, amount: u64) {
        let amount = super::to_i64(amount);
        let id = self.entity.id();
        unsafe { sys::mero_counter_add(id.as_ptr(), amount) }
    }

    /// The current total.
    pub fn value(&self) -> u64 {
        let id = self.entity.id();
        to_u64(unsafe { sys::mero_counter_value(id.as_ptr()) })
    }
}

/// Counter that goes up and down (a positive and a negative grow-only counter).
#[derive(Debug)]
pub struct PNCounter {
    pub(crate) entity: Entity,
}
collection!(PNCounter, sys::kind::PN_COUNTER);

impl PNCounter {
    /// Adds one.
    pub fn increment(&mut self) {
        self.add(1)
    }

    /// Subtracts one.
    pub fn decrement(&mut self) {
        self.add(-1)
    }

    /// Adds `amount`, which may be negative.
    pub fn add(&mut self, amount: i64) {
        let id = self.entity.id();
        unsafe { sys::mero_counter_add(id.as_ptr(), amount) }
    }

    /// The current value.
    pub fn value(&self) -> i64 {
        let id = self.entity.id();
        unsafe { sys::mero_counter_value(id.as_ptr()) }
    }
}
