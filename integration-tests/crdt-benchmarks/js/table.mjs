// Reads the JSON lines that compare.sh collected (Compare.java and bench.mjs, several rounds) and
// prints the medians as a Markdown table with Mero4j's ratio to Yjs and to Loro.
// Usage: node table.mjs RESULTS.jsonl
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const version = (pkg) => require(`${pkg}/package.json`).version;

// [workload, label, the Yjs and Loro workload it is compared with (default: the same)]
const ROWS = [
  ['keystrokes', 'automerge-paper, 259,778 per-keystroke transactions, each its own signed batch'],
  ['keystrokes-framed', 'the same, keystrokes signed in one batch per 16 ms frame', 'keystrokes'],
  ['oneTransaction', 'automerge-paper as one transaction'],
  ['load', 'load the encoded automerge-paper document'],
  ['merge', 'merge two replicas that each typed the first half concurrently'],
  ['friendsforever', 'friendsforever causal replay (Mero4j verifies signatures), each transaction its own signed batch'],
  ['friendsforever-framed', 'the same, each writer signing one batch per 16 ms frame', 'friendsforever'],
  ['clownschool', 'clownschool causal replay (Mero4j verifies signatures), each transaction its own signed batch'],
  ['clownschool-framed', 'the same, each writer signing one batch per 16 ms frame', 'clownschool'],
  ['mapSets', '100,000 map sets over 10,000 keys, one transaction each, each its own signed batch'],
  ['mapSets-framed', 'the same, sets signed in one batch per 16 ms frame', 'mapSets'],
  ['memory', 'memory retained per loaded automerge-paper document'],
  ['friendsforever-unverified', 'friendsforever, Mero4j without signature checks'],
  ['clownschool-unverified', 'clownschool, Mero4j without signature checks'],
];
const ENGINES = ['yjs', 'loro', 'mero4j'];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? undefined : s[Math.floor(s.length / 2)];
}

function show(value, unit) {
  if (value === undefined) return '–';
  if (unit === 'MiB') return `${value.toFixed(2)} MiB`;
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toPrecision(3)} ms`;
}

function ratio(mine, theirs) {
  if (mine === undefined || theirs === undefined) return '–';
  return `${(mine / theirs).toFixed(2)}×`;
}

const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.startsWith('{'));
const results = lines.map((l) => JSON.parse(l));
const values = (engine, workload, key) =>
  results.filter((r) => r.engine === engine && r.workload === workload).map((r) => r[key]);
const rounds = Math.max(...ROWS.flatMap(([w]) => ENGINES.map((e) => values(e, w, w === 'memory' ? 'mib' : 'ms').length)));

console.log(`\nMedians of ${rounds} runs (the upper middle one of an even count); a ratio below 1 means Mero4j is faster (or smaller).\n`);
console.log(`| workload | Yjs ${version('yjs')} | Loro ${version('loro-crdt')} | Mero4j | Mero4j ÷ Yjs | Mero4j ÷ Loro |`);
console.log('|---|---:|---:|---:|---:|---:|');
for (const [workload, label, base = workload] of ROWS) {
  const key = workload === 'memory' ? 'mib' : 'ms';
  const unit = workload === 'memory' ? 'MiB' : 'ms';
  const m = Object.fromEntries(
    ENGINES.map((e) => [e, median(values(e, e === 'mero4j' ? workload : base, key))]),
  );
  console.log(
    `| ${label} | ${show(m.yjs, unit)} | ${show(m.loro, unit)} | ${show(m.mero4j, unit)} | ` +
      `${ratio(m.mero4j, m.yjs)} | ${ratio(m.mero4j, m.loro)} |`,
  );
}

console.log('\nEvery run (ms, or MiB for memory):');
for (const [workload, , base = workload] of ROWS) {
  const key = workload === 'memory' ? 'mib' : 'ms';
  const each = ENGINES.map((e) => `${e} ${values(e, e === 'mero4j' ? workload : base, key).map((v) => v.toFixed(2)).join(' / ') || '–'}`);
  console.log(`  ${workload}: ${each.join('; ')}`);
}
console.log('\nEncoded bytes per delta (median; Mero4j: the whole signed envelope, unsealed):');
for (const workload of ['keystrokes', 'keystrokes-framed', 'mapSets', 'mapSets-framed']) {
  const base = workload.replace('-framed', '');
  const each = ENGINES.map(
    (e) => `${e} ${median(values(e, e === 'mero4j' ? workload : base, 'bytesPerDelta'))?.toFixed(1) ?? '–'}`,
  );
  const action = median(values('mero4j', workload, 'actionBytesPerDelta'));
  const perSignature = median(values('mero4j', workload, 'deltasPerSignature'));
  console.log(
    `  ${workload}: ${each.join(', ')}${action ? ` (Mero4j action section ${action.toFixed(1)})` : ''}` +
      `${perSignature ? `; Mero4j deltas per signature ${perSignature.toFixed(2)}` : ''}`,
  );
}
for (const workload of ['friendsforever-framed', 'clownschool-framed']) {
  const perSignature = median(values('mero4j', workload, 'deltasPerSignature'));
  if (perSignature !== undefined) {
    console.log(`  ${workload}: Mero4j deltas per signature ${perSignature.toFixed(2)}`);
  }
}
const perCall = (key) => median(values('mero4j', 'ed25519', key))?.toFixed(1);
if (perCall('signMicros') !== undefined) {
  console.log(
    `\nEd25519 per call (median, µs): sign ${perCall('signMicros')} (CPU ${perCall('signCpuMicros')}), ` +
      `verify ${perCall('verifyMicros')} (CPU ${perCall('verifyCpuMicros')})`,
  );
}
