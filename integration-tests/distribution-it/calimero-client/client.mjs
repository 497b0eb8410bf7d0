// Drives a Mero4j node with Calimero's published JS client as an app would, with the client's
// defaults (path /jsonrpc and /ws, 1 s timeout, no auth header, empty executorPublicKey), and
// prints one JSON line with what the client returned. Usage: node client.mjs NODE_URL CONTEXT_ID
// The package's entry point cannot be imported by Node.js (it re-exports a missing ./jsonrpc and
// directory imports), so the client classes are imported from their own modules.
import { JsonRpcClient } from '@calimero-network/calimero-client/lib/rpc/jsonrpc.js';
import { WsSubscriptionsClient } from '@calimero-network/calimero-client/lib/subscriptions/ws.js';

const EVENT_WAIT_MS = 30000;
const RETRY_MS = 250;

const [url, contextId] = process.argv.slice(2);
const rpc = new JsonRpcClient(url, '/jsonrpc');
const params = (method, argsJson) => ({ contextId, method, argsJson, executorPublicKey: '' });

const report = {};
report.set = await rpc.execute(params('set', { key: 'from-js', value: 'hello' }));
report.get = await rpc.execute(params('get', { key: 'from-js' }));
report.mutate = await rpc.mutate(params('set', { key: 'mutated', value: 'yes' }));
report.query = await rpc.query(params('get', { key: 'mutated' }));
report.missing = await rpc.execute(params('no_such_method', {}));

// The client does not wait for the subscription to be confirmed, so writes repeat until the
// first event arrives.
const ws = new WsSubscriptionsClient(url.replace(/^http/, 'ws'), '/ws');
await ws.connect();
const event = new Promise((resolve) => ws.addCallback(resolve));
ws.subscribe([contextId]);
const deadline = Date.now() + EVENT_WAIT_MS;
let received = null;
event.then((e) => { received = e; });
for (let i = 0; received === null && Date.now() < deadline; i++) {
  await rpc.execute(params('set', { key: 'pushed', value: `v${i}` }));
  await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
}
report.event = received;
ws.disconnect();

console.log(JSON.stringify(report));
