// Runs one engine (yjs or loro) on the workloads of compare.sh and prints one JSON line per result.
// The Java side is dev.mero4j.crdt.benchmarks.Compare; both follow the same schedule (SCHEDULE
// below mirrors Compare.java) and read the same traces from test-data/editing-traces.
// Usage: node --expose-gc bench.mjs yjs|loro [time | snapshot FILE | memory FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { LoroDoc } from 'loro-crdt';

const TRACES = join(dirname(fileURLToPath(import.meta.url)), '../../../test-data/editing-traces');
const MAP_SETS = 100_000;
const MAP_KEYS = 10_000;
const MEMORY_COPIES = 20;
// [warm-up runs, measured runs]; the process reports the median of its measured runs.
const HEAVY = [1, 1];
const LIGHT = [20, 9];

function loadTrace(name) {
  return JSON.parse(gunzipSync(readFileSync(join(TRACES, `${name}.json.gz`))).toString('utf8'));
}

/** Yjs: a Y.Doc with a root text 'doc' and a root map 'm'; updates counted per transaction. */
const yjs = {
  create(agent) {
    const doc = new Y.Doc();
    doc.clientID = agent + 1;
    const r = { doc, text: doc.getText('doc'), map: doc.getMap('m'), last: null };
    doc.on('update', (u) => {
      r.last = u;
    });
    return r;
  },
  transact(r, fn) {
    r.doc.transact(() => fn(r));
    return r.last;
  },
  insert: (r, pos, s) => r.text.insert(pos, s),
  remove: (r, pos, n) => r.text.delete(pos, n),
  set: (r, k, v) => r.map.set(k, v),
  apply: (r, update) => Y.applyUpdate(r.doc, update),
  applyAll(r, updates) {
    for (const u of updates) Y.applyUpdate(r.doc, u);
  },
  snapshot: (r) => Y.encodeStateAsUpdate(r.doc),
  load(bytes) {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, bytes);
    return { doc, text: doc.getText('doc') };
  },
  text: (r) => r.text.toString(),
  length: (r) => r.text.length,
};

/** Loro: a LoroDoc with a root text 'doc' and a root map 'm'; one commit per transaction. */
const loro = {
  create(agent) {
    const doc = new LoroDoc();
    doc.setPeerId(BigInt(agent + 1));
    const r = { doc, text: doc.getText('doc'), map: doc.getMap('m'), last: null };
    doc.subscribeLocalUpdates((u) => {
      r.last = u;
    });
    return r;
  },
  transact(r, fn) {
    fn(r);
    r.doc.commit();
    return r.last;
  },
  insert: (r, pos, s) => r.text.insert(pos, s),
  remove: (r, pos, n) => r.text.delete(pos, n),
  set: (r, k, v) => r.map.set(k, v),
  apply: (r, update) => r.doc.import(update),
  // importBatch, even of one update, is about 3x faster than import in loro-crdt 1.17.1.
  applyAll(r, updates) {
    if (updates.length > 0) r.doc.importBatch(updates);
  },
  snapshot: (r) => r.doc.export({ mode: 'snapshot' }),
  load(bytes) {
    const doc = LoroDoc.fromSnapshot(bytes);
    return { doc, text: doc.getText('doc') };
  },
  text: (r) => r.text.toString(),
  length: (r) => r.text.length,
};

function applyTxn(e, r, txn) {
  for (const [pos, del, ins] of txn.patches) {
    if (del > 0) e.remove(r, pos, del);
    if (ins.length > 0) e.insert(r, pos, ins);
  }
}

function expectEqual(what, actual, expected) {
  if (actual !== expected) {
    throw new Error(`${what}: got ${String(actual).length} chars, expected ${String(expected).length}`);
  }
}

function perKeystroke(e, paper) {
  const r = e.create(0);
  let bytes = 0;
  for (const txn of paper.txns) {
    bytes += e.transact(r, (x) => applyTxn(e, x, txn)).length;
  }
  return { length: e.length(r), bytesPerDelta: bytes / paper.txns.length };
}

function oneTransaction(e, paper, from = 0, to = paper.txns.length, agent = 0) {
  const r = e.create(agent);
  const update = e.transact(r, (x) => {
    for (let i = from; i < to; i++) applyTxn(e, x, paper.txns[i]);
  });
  return { replica: r, update };
}

/** One replica per agent; before each txn its agent applies the unseen causal closure. */
function causalReplay(e, trace) {
  const n = trace.txns.length;
  const agents = 1 + Math.max(...trace.txns.map((t) => t.agent));
  const replicas = [];
  const seen = [];
  for (let a = 0; a < agents; a++) {
    replicas.push(e.create(a));
    seen.push(new Uint8Array(n));
  }
  const updates = new Array(n);
  for (let i = 0; i < n; i++) {
    const txn = trace.txns[i];
    const r = replicas[txn.agent];
    const unseen = closure(trace, txn.parents, seen[txn.agent]);
    e.applyAll(r, unseen.filter((idx) => trace.txns[idx].agent !== txn.agent).map((idx) => updates[idx]));
    updates[i] = e.transact(r, (x) => applyTxn(e, x, txn));
    seen[txn.agent][i] = 1;
  }
  return e.text(replicas[0]);
}

function closure(trace, parents, seen) {
  const found = new Set();
  const stack = [...parents];
  while (stack.length > 0) {
    const t = stack.pop();
    if (seen[t] || found.has(t)) continue;
    found.add(t);
    stack.push(...trace.txns[t].parents);
  }
  const out = [...found].sort((a, b) => a - b);
  for (const t of out) seen[t] = 1;
  return out;
}

function mapSets(e) {
  const r = e.create(0);
  let bytes = 0;
  for (let i = 0; i < MAP_SETS; i++) {
    const key = `key${(i * 7919) % MAP_KEYS}`;
    bytes += e.transact(r, (x) => e.set(x, key, String(i))).length;
  }
  return { bytesPerDelta: bytes / MAP_SETS };
}

function measure(name, [warmups, runs], setup, body, extra = {}) {
  if (!wanted(name)) return undefined;
  const times = [];
  let last;
  for (let i = 0; i < warmups + runs; i++) {
    const input = setup ? setup() : undefined;
    const t0 = process.hrtime.bigint();
    last = body(input);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (i >= warmups) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  console.log(JSON.stringify({ engine: ENGINE, workload: name, ms, ...extra(last) }));
  return last;
}

function wanted(workload) {
  return ONLY.length === 0 || ONLY.includes(workload);
}

function heapBytes() {
  for (let i = 0; i < 4; i++) global.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/**
 * Run in a fresh process on a snapshot file (Loro's WebAssembly memory never shrinks and reuses
 * what earlier workloads freed): one copy loaded first, then 20 more kept.
 */
function memoryPerLoadedDoc(e, snapshot) {
  const keep = [e.load(snapshot)];
  e.length(keep[0]);
  const before = heapBytes();
  for (let i = 0; i < MEMORY_COPIES; i++) {
    const r = e.load(snapshot);
    e.length(r);
    keep.push(r);
  }
  const after = heapBytes();
  const mib = (after - before) / MEMORY_COPIES / (1 << 20);
  console.log(JSON.stringify({ engine: ENGINE, workload: 'memory', mib, copies: keep.length - 1 }));
}

const [ENGINE, mode = 'time', file] = process.argv.slice(2);
// ONLY=mapSets,load runs just those workloads (for a look at one of them).
const ONLY = (process.env.ONLY ?? '').split(',').filter((w) => w.length > 0);
const engines = { yjs, loro };
if (!engines[ENGINE] || !['time', 'snapshot', 'memory'].includes(mode) || typeof global.gc !== 'function') {
  console.error('usage: node --expose-gc bench.mjs yjs|loro [time | snapshot FILE | memory FILE]');
  process.exit(2);
}
const e = engines[ENGINE];
const paper = loadTrace('automerge-paper');
if (mode === 'snapshot') {
  writeFileSync(file, e.snapshot(oneTransaction(e, paper).replica));
} else if (mode === 'memory') {
  memoryPerLoadedDoc(e, new Uint8Array(readFileSync(file)));
} else {
  timeAll(e, paper);
}

function timeAll(e, paper) {
  const half = Math.floor(paper.txns.length / 2);
  const ks = measure('keystrokes', HEAVY, null, () => perKeystroke(e, paper), (x) => x);
  if (ks) expectEqual('keystrokes', ks.length, [...paper.endContent].length);
  measure('oneTransaction', HEAVY, null, () => oneTransaction(e, paper).update.length, () => ({}));
  if (wanted('load')) {
    const whole = e.snapshot(oneTransaction(e, paper).replica);
    measure('load', LIGHT, null, () => e.length(e.load(whole)), () => ({ snapshotBytes: whole.length }));
  }
  if (wanted('merge')) {
    const halfA = e.snapshot(oneTransaction(e, paper, 0, half, 0).replica);
    const halfB = oneTransaction(e, paper, 0, half, 1).update;
    const merge = (r) => {
      e.apply(r, halfB);
      return e.length(r);
    };
    measure('merge', LIGHT, () => e.load(halfA), merge, () => ({}));
  }
  for (const name of ['friendsforever', 'clownschool'].filter(wanted)) {
    const trace = loadTrace(name);
    const text = measure(name, HEAVY, null, () => causalReplay(e, trace), () => ({}));
    expectEqual(name, text, trace.endContent);
  }
  measure('mapSets', HEAVY, null, () => mapSets(e), (x) => x);
}
