//! Real compiler output for the engine TCK: allocation (memory.grow), formatting, sorting,
//! trait objects (call_indirect) and recursion, built by build.sh with Debian's rustc 1.63.

use std::fmt::Write;

extern "C" {
    fn host_add(a: i64, b: i64) -> i64;
}

trait Shape {
    fn area(&self) -> u64;
}

struct Square(u64);
struct Rect(u64, u64);

impl Shape for Square {
    fn area(&self) -> u64 {
        self.0 * self.0
    }
}

impl Shape for Rect {
    fn area(&self) -> u64 {
        self.0 * self.1
    }
}

/// Sorts n pseudo-random numbers in a Vec and returns a checksum of the sorted order.
#[no_mangle]
pub extern "C" fn sort_checksum(n: i32) -> i64 {
    let mut seed: u64 = 42;
    let mut values: Vec<u64> = (0..n.max(0) as usize)
        .map(|_| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            seed >> 33
        })
        .collect();
    values.sort_unstable();
    values
        .iter()
        .enumerate()
        .fold(0u64, |acc, (i, v)| acc.wrapping_mul(31).wrapping_add(v ^ i as u64)) as i64
}

/// Formats the numbers 0..n into a String and returns its length.
#[no_mangle]
pub extern "C" fn format_len(n: i32) -> i32 {
    let mut text = String::new();
    for i in 0..n {
        write!(text, "{},", i * 7).unwrap();
    }
    text.len() as i32
}

/// Sums the areas of n boxed shapes through dynamic dispatch.
#[no_mangle]
pub extern "C" fn total_area(n: i32) -> i64 {
    let shapes: Vec<Box<dyn Shape>> = (0..n.max(0) as u64)
        .map(|i| -> Box<dyn Shape> {
            if i % 2 == 0 {
                Box::new(Square(i))
            } else {
                Box::new(Rect(i, i + 1))
            }
        })
        .collect();
    shapes.iter().map(|s| s.area()).sum::<u64>() as i64
}

fn ackermann(m: u64, n: u64) -> u64 {
    match (m, n) {
        (0, n) => n + 1,
        (m, 0) => ackermann(m - 1, 1),
        (m, n) => ackermann(m - 1, ackermann(m, n - 1)),
    }
}

/// Deeply recursive: ackermann(2, n) nests about 2n + 3 calls.
#[no_mangle]
pub extern "C" fn ackermann2(n: i32) -> i64 {
    ackermann(2, n.max(0) as u64) as i64
}

/// Calls the host once.
#[no_mangle]
pub extern "C" fn add_via_host(a: i64, b: i64) -> i64 {
    unsafe { host_add(a, b) }
}
