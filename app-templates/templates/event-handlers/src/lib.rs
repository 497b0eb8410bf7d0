//! Events with handlers: adding an item emits `ItemAdded` naming the method `on_item_added`, which
//! every receiving peer runs with the event's data as arguments; each peer counts what it received.

use mero4j_sdk::collections::{UnorderedSet, UserStorage};

#[mero4j_sdk::state]
pub struct Inbox {
    items: UnorderedSet<String>,
    received: UserStorage<u64>,
}

#[mero4j_sdk::event]
pub enum InboxEvent {
    ItemAdded { item: String },
}

#[mero4j_sdk::app(emits = InboxEvent)]
impl Inbox {
    /// Adds `item`; receivers run `on_item_added` for it. Returns false when it was already there.
    pub fn add_item(&mut self, item: String) -> bool {
        let added = self.items.insert(item.clone());
        if added {
            mero4j_sdk::emit!((InboxEvent::ItemAdded { item }, "on_item_added"));
        }
        added
    }

    /// Handler run by receiving peers: counts the item in the executor's own slot.
    pub fn on_item_added(&mut self, item: String) -> u64 {
        let count = self.received.get().unwrap_or(0) + 1;
        self.received.insert(count);
        mero4j_sdk::log!("received item {} ({} so far)", item, count);
        count
    }

    /// Every item.
    pub fn items(&self) -> Vec<String> {
        self.items.values()
    }

    /// How many items this member has received through the handler.
    pub fn received(&self) -> u64 {
        self.received.get().unwrap_or(0)
    }
}
