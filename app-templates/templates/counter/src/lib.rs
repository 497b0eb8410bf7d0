//! A counter every member can move up and down.

use mero4j_sdk::collections::PNCounter;

#[mero4j_sdk::state]
pub struct Counter {
    count: PNCounter,
}

/// The counter moved by `by`.
#[mero4j_sdk::event]
pub struct Changed {
    pub by: i64,
}

#[mero4j_sdk::app(emits = Changed)]
impl Counter {
    /// Creates the counter, optionally starting at `start`.
    #[init]
    pub fn init(&mut self, start: Option<i64>) {
        if let Some(start) = start {
            self.count.add(start);
        }
    }

    /// Adds one; returns the new value.
    pub fn increment(&mut self) -> i64 {
        self.add(1)
    }

    /// Subtracts one; returns the new value.
    pub fn decrement(&mut self) -> i64 {
        self.add(-1)
    }

    /// Adds `amount` (may be negative); returns the new value.
    pub fn add(&mut self, amount: i64) -> i64 {
        self.count.add(amount);
        mero4j_sdk::emit!(Changed { by: amount });
        self.count.value()
    }

    /// The current value.
    pub fn value(&self) -> i64 {
        self.count.value()
    }
}
