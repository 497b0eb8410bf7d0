// js-libp2p reference peer for the Mero4j interop tests.
//
// Usage: node --import ./polyfill.mjs peer.mjs [--listen /ip4/127.0.0.1/tcp/0]... [--dial <multiaddr>]
//        [--dht <protocol id>]  (runs @libp2p/kad-dht in server mode on that protocol id)
//        [--relay]  (serves circuit relay v2 hop) [--reserve <relay multiaddr>] (reserves a slot there)
//        [--autonat]  (runs @libp2p/autonat: serves and sends AutoNAT v1 dial-back requests)
//        [--public <IPv6 address>]  (listens there too, on a free port announced as this node's
//        own: js-libp2p otherwise withholds a public listen address until AutoNAT confirms it)
//        [--dcutr]  (runs @libp2p/dcutr hole punching) [--mdns]  (runs @libp2p/mdns discovery, which
//        also answers other nodes' queries) [--mdns-dial]  (dials the peers it finds)
//        [--mdns-silent]  (answers no query, so that other nodes cannot find this one)
//        [--log <component prefix>]  (prints that part of js-libp2p's own
//        debug log as "log" events, e.g. --log libp2p:dcutr, so tests see what the library did)
//
// Prints one JSON object per line on stdout (events) and reads one JSON command per line on
// stdin: dial, subscribe, unsubscribe, publish, ping, peerinfo, exit; with --dht also
// dht-provide, dht-find-providers, dht-find-peer, dht-table (keys are hex sha256 multihashes);
// connections prints every open connection with its remote address;
// addrs prints the current listen addresses (circuit addresses appear once a reservation holds);
// autonat-ask sends one AutoNAT v1 DIAL, encoded by @libp2p/autonat's own protobuf code, and prints
// the response (the library's client never asks about loopback addresses, which the tests use).
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { gossipsub } from '@libp2p/gossipsub'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { peerIdFromString } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import { multiaddr } from '@multiformats/multiaddr'
import { autoNAT } from '@libp2p/autonat'
import { dcutr } from '@libp2p/dcutr'
import { mdns } from '@libp2p/mdns'
import { defaultLogger } from '@libp2p/logger'
import { pbStream } from '@libp2p/utils'
// Not exported by the package; imported by path so that the request is the library's own encoding.
import { Message as AutonatMessage } from './node_modules/@libp2p/autonat/dist/src/pb/index.js'
import { createInterface } from 'node:readline'
import { createServer } from 'node:net'

const args = process.argv.slice(2)
const arg = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined }
const argAll = (name) => args.flatMap((a, i) => (a === name && i + 1 < args.length ? [args[i + 1]] : []))
const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
const text = (bytes) => new TextDecoder().decode(bytes)

// The library's debug log, with the components named by --log also printed as events.
const logged = argAll('--log')
const format = (fmt, rest) => {
  let i = 0
  return String(fmt).replace(/%[a-zA-Z]/g, () => {
    const v = rest[i++]
    return v instanceof Error ? v.message : Array.isArray(v) ? v.map(String).join(',') : String(v)
  })
}
const baseLogger = defaultLogger()
const logger = {
  forComponent (name) {
    const inner = baseLogger.forComponent(name)
    if (!logged.some(prefix => name.startsWith(prefix))) return inner
    const out = (level) => (fmt, ...rest) => emit({ event: 'log', component: name, level, message: format(fmt, rest) })
    const log = (fmt, ...rest) => { inner(fmt, ...rest); out('info')(fmt, ...rest) }
    log.error = (fmt, ...rest) => { inner.error(fmt, ...rest); out('error')(fmt, ...rest) }
    log.trace = (fmt, ...rest) => inner.trace(fmt, ...rest)
    log.enabled = true
    log.newScope = (scope) => logger.forComponent(name + ':' + scope)
    return log
  }
}

const freePort = (host) => new Promise((resolve, reject) => {
  const server = createServer().once('error', reject).listen(0, host, () => {
    const { port } = server.address()
    server.close(() => resolve(port))
  })
})
const publicAddr = arg('--public') == null ? [] : [`/ip6/${arg('--public')}/tcp/${await freePort(arg('--public'))}`]

const node = await createLibp2p({
  addresses: {
    listen: [...(argAll('--listen').length > 0 || publicAddr.length > 0 ? argAll('--listen') : ['/ip4/127.0.0.1/tcp/0']),
      ...publicAddr,
      ...(arg('--reserve') != null ? [arg('--reserve') + '/p2p-circuit'] : [])],
    appendAnnounce: publicAddr
  },
  logger,
  transports: [tcp(), circuitRelayTransport()],
  // a query every second (the default is every 10 s), so that tests do not wait
  peerDiscovery: args.includes('--mdns') ? [mdns({ interval: 1000, broadcast: !args.includes('--mdns-silent') })] : [],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    ping: ping(),
    pubsub: gossipsub({
      emitSelf: false,
      floodPublish: true,
      allowPublishToZeroTopicPeers: false,
      D: 4, Dlo: 2, Dhi: 8, Dout: 1,
      heartbeatInterval: 1000
    }),
    ...(args.includes('--relay') ? { relay: circuitRelayServer() } : {}),
    ...(args.includes('--autonat') ? { autonat: autoNAT() } : {}),
    ...(args.includes('--dcutr') ? { dcutr: dcutr() } : {}),
    // loopback addresses are what the tests use, so none are filtered out
    ...(arg('--dht') != null
      ? { dht: kadDHT({ protocol: arg('--dht'), clientMode: false, peerInfoMapper: passthroughMapper, allowQueryWithZeroPeers: true }) }
      : {})
  }
})

const pubsub = node.services.pubsub

node.addEventListener('connection:open', (evt) => {
  const c = evt.detail
  emit({ event: 'connection', peerId: c.remotePeer.toString(), encryption: c.encryption, multiplexer: c.multiplexer, direction: c.direction,
    remoteAddr: c.remoteAddr.toString() })
})
node.addEventListener('peer:discovery', (evt) => {
  const d = evt.detail
  emit({ event: 'discovered', peerId: d.id.toString(), addrs: d.multiaddrs.map((a) => a.toString()) })
  if (args.includes('--mdns-dial') && node.getConnections(d.id).length === 0) {
    node.dial(d.id).catch(err => emit({ event: 'error', cmd: 'mdns-dial', message: String(err?.message ?? err) }))
  }
})
node.addEventListener('peer:connect', (evt) => emit({ event: 'connected', peerId: evt.detail.toString() }))
node.addEventListener('peer:disconnect', (evt) => emit({ event: 'disconnected', peerId: evt.detail.toString() }))
node.addEventListener('peer:identify', (evt) => {
  const d = evt.detail
  emit({ event: 'identified', peerId: d.peerId.toString(), agentVersion: d.agentVersion, protocols: d.protocols,
    listenAddrs: d.listenAddrs.map((a) => a.toString()) })
})
// Benchmark support: per-topic counters, optional silence, and echo from one topic to another.
const counts = new Map()
let quiet = false
const echoes = new Map()
pubsub.addEventListener('message', (evt) => {
  const m = evt.detail
  counts.set(m.topic, (counts.get(m.topic) ?? 0) + 1)
  const echoTo = echoes.get(m.topic)
  if (echoTo != null) {
    pubsub.publish(echoTo, m.data).catch(err => emit({ event: 'error', cmd: 'echo', message: String(err?.message ?? err) }))
  }
  if (!quiet) emit({ event: 'message', topic: m.topic, from: m.from?.toString(), data: text(m.data) })
})
pubsub.addEventListener('subscription-change', (evt) => {
  const d = evt.detail
  emit({ event: 'subscription', peerId: d.peerId.toString(), subscriptions: d.subscriptions.map(s => ({ topic: s.topic, subscribe: s.subscribe })) })
})

const cidOf = (hex) => CID.decode(Uint8Array.from(hex.match(/../g).map(b => parseInt(b, 16))))

async function waitForSubscribers (topic, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (pubsub.getSubscribers(topic).length === 0) {
    if (Date.now() > deadline) throw new Error('no subscriber on ' + topic)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

const commands = {
  async dial ({ addr }) {
    const conn = await node.dial(multiaddr(addr))
    emit({ event: 'dialed', peerId: conn.remotePeer.toString(), encryption: conn.encryption, multiplexer: conn.multiplexer })
  },
  async subscribe ({ topic }) {
    pubsub.subscribe(topic)
    emit({ event: 'subscribed', topic })
  },
  async unsubscribe ({ topic }) {
    pubsub.unsubscribe(topic)
    emit({ event: 'unsubscribed', topic })
  },
  async publish ({ topic, data, count }) {
    await waitForSubscribers(topic, 30000)
    const n = count ?? 1
    for (let i = 0; i < n; i++) {
      await pubsub.publish(topic, new TextEncoder().encode(n === 1 ? data : `${data}${i}`))
    }
    emit({ event: 'published', topic, count: n })
  },
  async ping ({ peer }) {
    const conn = node.getConnections().find(c => c.remotePeer.toString() === peer)
    if (conn == null) throw new Error('not connected to ' + peer)
    const rtt = await node.services.ping.ping(conn.remoteAddr)
    emit({ event: 'pong', peerId: peer, rtt })
  },
  async peerinfo ({ peer }) {
    const p = await node.peerStore.get(node.getConnections().find(c => c.remotePeer.toString() === peer).remotePeer)
    const agent = p.metadata.get('AgentVersion')
    emit({ event: 'peerinfo', peerId: peer, agentVersion: agent ? text(agent) : null, protocols: p.protocols })
  },
  async quiet ({ on }) {
    quiet = on !== false
    emit({ event: 'quiet', on: quiet })
  },
  async count ({ topic }) {
    emit({ event: 'count', topic, n: counts.get(topic) ?? 0 })
  },
  async echo ({ from, to }) {
    pubsub.subscribe(from)
    echoes.set(from, to)
    emit({ event: 'echoing', from, to })
  },
  async 'dht-provide' ({ key }) {
    await node.contentRouting.provide(cidOf(key), { signal: AbortSignal.timeout(30000) })
    emit({ event: 'dht-provided', key })
  },
  async 'dht-find-providers' ({ key, limit }) {
    const providers = []
    for await (const p of node.contentRouting.findProviders(cidOf(key), { signal: AbortSignal.timeout(30000) })) {
      if (!providers.some(q => q.peerId === p.id.toString())) {
        providers.push({ peerId: p.id.toString(), addrs: p.multiaddrs.map(a => a.toString()) })
      }
      if (providers.length >= (limit ?? 5)) break
    }
    emit({ event: 'dht-providers', key, providers })
  },
  async 'dht-find-peer' ({ peer }) {
    const found = await node.peerRouting.findPeer(peerIdFromString(peer), { signal: AbortSignal.timeout(30000) })
    emit({ event: 'dht-peer', peerId: found.id.toString(), addrs: found.multiaddrs.map(a => a.toString()) })
  },
  async connections () {
    emit({ event: 'connections', connections: node.getConnections().map(c => ({ peerId: c.remotePeer.toString(),
      remoteAddr: c.remoteAddr.toString(), direction: c.direction, status: c.status })) })
  },
  async addrs () {
    emit({ event: 'addrs', addrs: node.getMultiaddrs().map(a => a.toString()) })
  },
  async 'autonat-ask' ({ peer, addrs }) {
    const stream = await node.dialProtocol(peerIdFromString(peer), '/libp2p/autonat/1.0.0')
    const messages = pbStream(stream).pb(AutonatMessage)
    const signal = AbortSignal.timeout(30000)
    const [, response] = await Promise.all([
      messages.write({
        type: AutonatMessage.MessageType.DIAL,
        dial: { peer: { id: node.peerId.toMultihash().bytes, addrs: addrs.map(a => multiaddr(a).bytes) } }
      }, { signal }),
      messages.read({ signal })
    ])
    const r = response.dialResponse ?? {}
    emit({ event: 'autonat-response', type: response.type, status: r.status, statusText: r.statusText ?? null,
      addr: r.addr != null ? multiaddr(r.addr).toString() : null })
  },
  async 'dht-table' () {
    emit({ event: 'dht-table', size: node.services.dht.routingTable.size })
  },
  async exit () {
    await node.stop()
    process.exit(0)
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === '') return
  let cmd
  try {
    cmd = JSON.parse(line)
  } catch (e) {
    emit({ event: 'error', message: 'bad command: ' + line })
    return
  }
  const fn = commands[cmd.cmd]
  if (fn == null) {
    emit({ event: 'error', cmd: cmd.cmd, message: 'unknown command' })
    return
  }
  fn(cmd).catch(err => emit({ event: 'error', cmd: cmd.cmd, message: String(err?.message ?? err) }))
}).on('close', async () => {
  await node.stop()
  process.exit(0)
})

emit({ event: 'ready', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(a => a.toString()) })

const dial = arg('--dial')
if (dial != null) {
  commands.dial({ addr: dial }).catch(err => emit({ event: 'error', cmd: 'dial', message: String(err?.message ?? err) }))
}
