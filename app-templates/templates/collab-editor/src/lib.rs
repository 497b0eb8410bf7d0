//! A shared text document edited concurrently; positions count Unicode code points.

use mero4j_sdk::collections::Text;

#[mero4j_sdk::state]
pub struct Editor {
    document: Text,
}

#[mero4j_sdk::event]
pub enum EditorEvent {
    Inserted { pos: u64, text: String },
    Deleted { pos: u64, len: u64 },
}

#[mero4j_sdk::app(emits = EditorEvent)]
impl Editor {
    /// Inserts `text` before code point `pos` (`pos` = length appends).
    pub fn insert(&mut self, pos: u64, text: String) -> Result<(), String> {
        let len = self.document.len();
        if pos > len {
            return Err(format!("position {} is past the end of the text ({} code points)", pos, len));
        }
        self.document.insert(pos, &text);
        mero4j_sdk::emit!(EditorEvent::Inserted { pos, text });
        Ok(())
    }

    /// Deletes `len` code points starting at `pos`.
    pub fn delete(&mut self, pos: u64, len: u64) -> Result<(), String> {
        let total = self.document.len();
        if pos.checked_add(len).map_or(true, |end| end > total) {
            return Err(format!("range {}..{}+{} is past the end of the text ({} code points)", pos, pos, len, total));
        }
        self.document.delete(pos, len);
        mero4j_sdk::emit!(EditorEvent::Deleted { pos, len });
        Ok(())
    }

    /// The whole text.
    pub fn text(&self) -> String {
        self.document.to_string()
    }

    /// Length in code points.
    pub fn len(&self) -> u64 {
        self.document.len()
    }
}
