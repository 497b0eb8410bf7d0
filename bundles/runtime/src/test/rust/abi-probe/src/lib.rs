//! ABI probe: one method per behaviour the runtime tests check.
use serde_json::{json, Value};

#[link(wasm_import_module = "env")]
extern "C" {
    fn mero_register_len(reg: u64) -> i64;
    fn mero_read_register(reg: u64, ptr: u32);
    fn mero_input(reg: u64);
    fn mero_return(ptr: u32, len: u32);
    fn mero_error(ptr: u32, len: u32);
    fn mero_panic(ptr: u32, len: u32);
    fn mero_log(ptr: u32, len: u32);
    fn mero_emit(kp: u32, kl: u32, dp: u32, dl: u32, hp: u32, hl: u32);
    fn mero_time_now() -> i64;
    fn mero_random_bytes(ptr: u32, len: u32);
    fn mero_root(kind: u32, np: u32, nl: u32, out: u32);
    fn mero_map_get(id: u32, kp: u32, kl: u32, reg: u64) -> u32;
    fn mero_map_insert(id: u32, kp: u32, kl: u32, vp: u32, vl: u32, reg: u64) -> u32;
    fn mero_map_remove(id: u32, kp: u32, kl: u32, reg: u64) -> u32;
    fn mero_map_len(id: u32) -> i64;
    fn mero_counter_add(id: u32, amount: i64);
    fn mero_counter_value(id: u32) -> i64;
    fn mero_text_insert(id: u32, pos: i64, p: u32, l: u32);
    fn mero_text_read(id: u32, reg: u64);
    fn mero_register_set(id: u32, p: u32, l: u32);
    fn mero_register_get(id: u32, reg: u64) -> u32;
}

const MAP: u32 = 1;
const COUNTER: u32 = 5;
const REGISTER: u32 = 6;
const TEXT: u32 = 7;
const R: u64 = 1;

#[link_section = "mero4j.abi"]
pub static ABI: [u8; include_bytes!("abi.json").len()] = *include_bytes!("abi.json");

fn register(reg: u64) -> Option<Vec<u8>> {
    let len = unsafe { mero_register_len(reg) };
    if len < 0 {
        return None;
    }
    let mut buf = vec![0u8; len as usize];
    unsafe { mero_read_register(reg, buf.as_mut_ptr() as u32) };
    Some(buf)
}

fn args() -> Value {
    unsafe { mero_input(R) };
    serde_json::from_slice(&register(R).unwrap()).unwrap()
}

fn ret(v: &Value) {
    let s = v.to_string();
    unsafe { mero_return(s.as_ptr() as u32, s.len() as u32) }
}

fn root(kind: u32, name: &str) -> [u8; 32] {
    let mut id = [0u8; 32];
    unsafe { mero_root(kind, name.as_ptr() as u32, name.len() as u32, id.as_mut_ptr() as u32) };
    id
}

fn emit(kind: &str, data: &Value) {
    let d = data.to_string();
    unsafe { mero_emit(kind.as_ptr() as u32, kind.len() as u32, d.as_ptr() as u32, d.len() as u32, 0, 0) }
}

fn log(s: &str) {
    unsafe { mero_log(s.as_ptr() as u32, s.len() as u32) }
}

fn put(key: &str, value: &str) -> bool {
    let kv = root(MAP, "kv");
    unsafe {
        mero_map_insert(kv.as_ptr() as u32, key.as_ptr() as u32, key.len() as u32, value.as_ptr() as u32, value.len() as u32, R) == 1
    }
}

#[no_mangle]
pub extern "C" fn init() {
    root(MAP, "kv");
    root(COUNTER, "calls");
    root(TEXT, "doc");
    let owner = root(REGISTER, "owner");
    let a = args();
    let name = a["owner"].as_str().unwrap_or("nobody").to_string();
    unsafe { mero_register_set(owner.as_ptr() as u32, name.as_ptr() as u32, name.len() as u32) };
}

#[no_mangle]
pub extern "C" fn set() {
    let a = args();
    let key = a["key"].as_str().unwrap().to_string();
    let value = a["value"].as_str().unwrap().to_string();
    let existed = put(&key, &value);
    emit(if existed { "Updated" } else { "Inserted" }, &json!({"key": key, "value": value}));
    log(&format!("set {}", key));
}

#[no_mangle]
pub extern "C" fn get() {
    let a = args();
    let key = a["key"].as_str().unwrap();
    let kv = root(MAP, "kv");
    let found = unsafe { mero_map_get(kv.as_ptr() as u32, key.as_ptr() as u32, key.len() as u32, R) };
    if found == 1 {
        ret(&Value::String(String::from_utf8(register(R).unwrap()).unwrap()));
    } else {
        ret(&Value::Null);
    }
}

#[no_mangle]
pub extern "C" fn remove() {
    let a = args();
    let key = a["key"].as_str().unwrap();
    let kv = root(MAP, "kv");
    let had = unsafe { mero_map_remove(kv.as_ptr() as u32, key.as_ptr() as u32, key.len() as u32, R) };
    if had == 1 {
        emit("Removed", &json!({"key": key}));
    }
    ret(&Value::Bool(had == 1));
}

#[no_mangle]
pub extern "C" fn len() {
    let kv = root(MAP, "kv");
    ret(&json!(unsafe { mero_map_len(kv.as_ptr() as u32) }));
}

#[no_mangle]
pub extern "C" fn bump() {
    let by = args()["by"].as_i64().unwrap_or(1);
    let c = root(COUNTER, "calls");
    unsafe { mero_counter_add(c.as_ptr() as u32, by) };
    ret(&json!(unsafe { mero_counter_value(c.as_ptr() as u32) }));
}

#[no_mangle]
pub extern "C" fn type_text() {
    let a = args();
    let t = root(TEXT, "doc");
    let s = a["text"].as_str().unwrap();
    unsafe { mero_text_insert(t.as_ptr() as u32, a["pos"].as_i64().unwrap(), s.as_ptr() as u32, s.len() as u32) };
}

#[no_mangle]
pub extern "C" fn text() {
    let t = root(TEXT, "doc");
    unsafe { mero_text_read(t.as_ptr() as u32, R) };
    ret(&Value::String(String::from_utf8(register(R).unwrap()).unwrap()));
}

#[no_mangle]
pub extern "C" fn owner() {
    let o = root(REGISTER, "owner");
    let found = unsafe { mero_register_get(o.as_ptr() as u32, R) };
    ret(&if found == 1 { Value::String(String::from_utf8(register(R).unwrap()).unwrap()) } else { Value::Null });
}

#[no_mangle]
pub extern "C" fn fail_after_write() {
    put("doomed", "1");
    let e = json!({"code": "Nope", "message": "refused"}).to_string();
    unsafe { mero_error(e.as_ptr() as u32, e.len() as u32) };
}

#[no_mangle]
pub extern "C" fn panic_after_write() {
    put("doomed", "1");
    let m = "boom";
    unsafe { mero_panic(m.as_ptr() as u32, m.len() as u32) };
}

#[no_mangle]
pub extern "C" fn spin() {
    put("doomed", "1");
    let mut x: u64 = 1;
    loop {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
        if x == 0 {
            break;
        }
    }
    ret(&json!(x));
}

#[no_mangle]
pub extern "C" fn big_return() {
    let big = vec![b'a'; 5 << 20];
    unsafe { mero_return(big.as_ptr() as u32, big.len() as u32) };
}

#[no_mangle]
pub extern "C" fn write_in_view() {
    put("doomed", "1");
}

#[no_mangle]
pub extern "C" fn log_flood() {
    for i in 0..2000 {
        log(&format!("line {}", i));
    }
}

#[no_mangle]
pub extern "C" fn announce() {
    let a = args();
    let key = a["key"].as_str().unwrap().to_string();
    put(&key, "announced");
    let kind = "Announced";
    let data = json!({"key": key}).to_string();
    let handler = "on_announce";
    unsafe {
        mero_emit(kind.as_ptr() as u32, kind.len() as u32, data.as_ptr() as u32, data.len() as u32,
            handler.as_ptr() as u32, handler.len() as u32)
    };
}

#[no_mangle]
pub extern "C" fn on_announce() {
    let a = args();
    let key = format!("seen:{}", a["key"].as_str().unwrap());
    put(&key, "1");
    let c = root(COUNTER, "handled");
    unsafe { mero_counter_add(c.as_ptr() as u32, 1) };
}

#[no_mangle]
pub extern "C" fn handled() {
    let c = root(COUNTER, "handled");
    ret(&json!(unsafe { mero_counter_value(c.as_ptr() as u32) }));
}

#[no_mangle]
pub extern "C" fn env() {
    let mut bytes = [0u8; 8];
    unsafe { mero_random_bytes(bytes.as_mut_ptr() as u32, 8) };
    ret(&json!({"now": unsafe { mero_time_now() }, "random": bytes.to_vec()}));
}
