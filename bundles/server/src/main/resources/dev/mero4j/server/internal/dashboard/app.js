// The dashboard: wires the panels, the live DAG stream of the selected context and the event log.
// The page's own modules are fetched with the token it was opened with (the files sit behind the
// same auth as the API).
const token = new URL(import.meta.url).searchParams.get('token');
const q = token ? '?token=' + encodeURIComponent(token) : '';
const [{ client }, panels, { DagView }, travel] = await Promise.all([
  import('./api.js' + q), import('./panels.js' + q), import('./dag.js' + q), import('./travel.js' + q)]);

const api = client(token);
const { el, short } = panels;
const MAX_EVENTS = 200;
const live = document.getElementById('live');
let page = 0;
let pages = 1;
let contextId = null;
let stream = null;

function log(kind, text, cls) {
  const list = document.getElementById('events');
  list.prepend(el('li', cls ? { class: cls, 'data-kind': kind } : { 'data-kind': kind },
    new Date().toLocaleTimeString() + ' ' + kind + ' ' + text));
  while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
}

function failed(what) {
  return e => log('error', what + ': ' + e.message, 'error');
}

const dag = new DagView(document.getElementById('dag'), showDelta);

const states = new travel.StateBrowser(api, el, {
  crumbs: document.getElementById('delta-state-path'),
  table: document.getElementById('delta-state'),
  more: document.getElementById('delta-state-more'),
});
let shownDelta = 0;

async function showDelta(id) {
  const generation = ++shownDelta;
  const box = document.getElementById('delta');
  box.hidden = false;
  delete box.dataset.loaded;
  document.getElementById('delta-id').textContent = id;
  const travelled = Promise.all([
    states.show(contextId, id),
    travel.showDiff(api, el, document.getElementById('delta-diff'), contextId, id,
      () => generation === shownDelta),
  ]);
  try {
    const d = await api.get('/admin-api/contexts/' + contextId + '/dag/deltas/' + id);
    if (generation !== shownDelta) return;
    document.getElementById('delta-author').textContent = d.author;
    document.getElementById('delta-hlc').textContent = String(d.hlc);
    document.getElementById('delta-lamport').textContent = String(d.lamport);
    document.getElementById('delta-status').textContent = d.pending
      ? 'pending: waiting for its parents' : 'applied';
    document.getElementById('delta-parents').replaceChildren(...d.parents.map(p =>
      el('button', { type: 'button', title: p, onclick: () => dag.select(p) }, short(p))));
    document.getElementById('delta-action-count').textContent = d.actionCount + ' in this delta'
      + (d.actionCount > d.actionLines.length ? ', first ' + d.actionLines.length + ' shown' : '');
    document.getElementById('delta-actions').replaceChildren(...d.actionLines.map(a =>
      el('li', {}, el('code', {}, a))));
  } catch (e) {
    if (generation === shownDelta) document.getElementById('delta-status').textContent = e.message;
  }
  await travelled;
  if (generation === shownDelta) box.dataset.loaded = id;
}

function openStream(id) {
  if (stream) stream.close();
  dag.clear();
  stream = api.stream('/admin-api/contexts/' + id + '/dag/stream');
  stream.onopen = () => { live.textContent = 'live'; live.className = 'badge ok'; };
  stream.onerror = () => { live.textContent = 'reconnecting'; live.className = 'badge bad'; };
  stream.addEventListener('delta', m => {
    const d = JSON.parse(m.data);
    dag.add(d);
    log('delta', short(d.id) + ' by ' + short(d.author) + ', ' + d.actions + ' actions'
      + (d.pending ? ' (pending)' : ''), d.pending ? 'delta-pending' : null);
  });
  stream.addEventListener('frontier', m => {
    const f = JSON.parse(m.data);
    dag.frontier(f);
    document.getElementById('context-heads').textContent = f.heads.map(short).join(', ');
    document.getElementById('context-pending').textContent = f.pendingCount
      + (f.missingParents.length ? ', waiting for ' + f.missingParents.map(short).join(', ') : '');
  });
  stream.addEventListener('context', m => {
    const e = JSON.parse(m.data);
    document.getElementById('context-root').textContent = e.data.newRoot;
    log('state', short(e.contextId) + ' root ' + short(e.data.newRoot)
      + e.data.events.map(a => ' ' + a.kind).join(''));
  });
  stream.addEventListener('dropped', m => log('stream', JSON.parse(m.data).reason, 'error'));
}

async function select(id) {
  contextId = id;
  document.querySelectorAll('#contexts tr.selected').forEach(r => r.classList.remove('selected'));
  document.querySelector('#contexts tr[data-context="' + CSS.escape(id) + '"]')?.classList.add('selected');
  document.getElementById('context-panel').hidden = false;
  document.getElementById('delta').hidden = true;
  document.getElementById('context-id').textContent = id;
  const info = await api.get('/admin-api/contexts/' + id).catch(() => null);
  document.getElementById('context-root').textContent = info ? (info.rootHash ?? info.context?.rootHash ?? '') : '';
  openStream(id);
  await panels.renderContextFacts(api, id).catch(failed('context'));
}

async function showContexts() {
  pages = await panels.renderContexts(api, page, select);
}

document.getElementById('contexts-prev').addEventListener('click', () => {
  if (page > 0) { page--; showContexts().catch(failed('contexts')); }
});
document.getElementById('contexts-next').addEventListener('click', () => {
  if (page + 1 < pages) { page++; showContexts().catch(failed('contexts')); }
});

api.get('/admin-api/identity').then(i => {
  document.getElementById('node-key').textContent = i.publicKey;
  document.getElementById('node-peer').textContent = i.peerId ? 'peer ' + short(i.peerId) : 'offline';
}).catch(failed('identity'));
await Promise.all([
  showContexts().catch(failed('contexts')),
  panels.renderProviders(api, log),
  panels.renderNetwork(api).catch(failed('network')),
  panels.renderApps(api).catch(failed('applications')),
]);
document.body.dataset.ready = 'true';
setInterval(() => {
  panels.renderNetwork(api).catch(failed('network'));
  if (contextId) panels.renderContextFacts(api, contextId).catch(failed('context'));
}, 5000);
