// The node's panels: providers (with swaps), peers, applications, contexts (paged), members.
// Everything is built with DOM calls and textContent: nothing from the node is parsed as HTML.

export const CONTEXTS_PER_PAGE = 50;

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const child of children) node.append(child instanceof Node ? child : String(child));
  return node;
}

export function short(id) {
  return id && id.length > 14 ? id.slice(0, 6) + '…' + id.slice(-6) : String(id ?? '');
}

function code(text, full) {
  return el('code', { title: full ?? text }, text);
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
}

export async function renderProviders(api, log) {
  const tbody = document.querySelector('#providers tbody');
  let data;
  try {
    data = await api.get('/admin-api/providers');
  } catch (e) {
    fill(tbody, [el('tr', {}, el('td', { colspan: 3 }, 'no provider swaps on this node: ' + e.message))]);
    return;
  }
  fill(tbody, data.capabilities.map(c => el('tr', { 'data-capability': c.capability },
    el('td', {}, c.capability),
    el('td', { class: 'active' }, c.active ?? '—'),
    el('td', {}, ...c.deployed.filter(p => p !== c.active).map(p => el('button', {
      type: 'button', 'data-swap': c.capability + ':' + p,
      onclick: () => swap(api, c.capability, p, log),
    }, p))))));
}

async function swap(api, capability, to, log) {
  const box = document.getElementById('swap');
  const bar = document.getElementById('swap-progress');
  const phase = document.getElementById('swap-phase');
  document.querySelectorAll('[data-swap]').forEach(b => { b.disabled = true; });
  box.hidden = false;
  phase.classList.remove('error');
  try {
    let job = await api.post('/admin-api/providers/' + capability + '/swap', { to });
    log('swap', capability + ': ' + job.from + ' → ' + job.to + ' (' + job.id + ')');
    let shown = '';
    while (true) {
      bar.max = Math.max(1, job.total);
      bar.value = job.finished && job.phase === 'DONE' ? bar.max : job.done;
      if (job.phase !== shown) {
        shown = job.phase;
        log('swap', capability + ' ' + job.phase + (job.total ? ' ' + job.done + '/' + job.total : ''));
      }
      phase.textContent = job.capability + ' ' + job.from + ' → ' + job.to + ': ' + job.phase
        + (job.total ? ' ' + job.done + '/' + job.total : '')
        + (job.error ? ' — ' + job.error : '');
      phase.dataset.phase = job.phase;
      if (job.finished) break;
      await new Promise(r => setTimeout(r, 150));
      job = await api.get('/admin-api/providers/jobs/' + encodeURIComponent(job.id));
    }
    log('swap', capability + ' swap ' + job.phase + ' in ' + job.elapsedMillis + ' ms');
  } catch (e) {
    phase.textContent = 'swap failed: ' + e.message;
    phase.classList.add('error');
  }
  await renderProviders(api, log);
}

export async function renderNetwork(api) {
  const [status, peers] = await Promise.all([
    api.get('/admin-api/network/status'), api.get('/admin-api/peers')]);
  document.getElementById('network').textContent = status.enabled
    ? status.connectedPeers + ' peers, ' + status.connections + ' connections, reachability '
      + status.reachability + '; listening on ' + status.listenAddresses.join(', ')
    : 'offline: this node runs without a transport';
  fill(document.querySelector('#peers tbody'), peers.peers.map(p => el('tr', { 'data-peer': p.peerId },
    el('td', {}, code(short(p.peerId), p.peerId)),
    el('td', {}, p.direction + (p.relayed ? ' (relayed)' : '')),
    el('td', {}, code((p.addresses || []).join(' '))))));
}

export async function renderApps(api) {
  const data = await api.get('/admin-api/applications');
  fill(document.querySelector('#apps tbody'), data.apps.map(a => el('tr', {},
    el('td', {}, a.name), el('td', {}, a.version), el('td', {}, code(short(a.id), a.id)),
    el('td', {}, a.size + ' B'))));
}

/** One page of contexts; never all of them: a node may hold thousands. */
export async function renderContexts(api, page, select) {
  const data = await api.get('/admin-api/contexts?offset=' + page * CONTEXTS_PER_PAGE
    + '&limit=' + CONTEXTS_PER_PAGE);
  const pages = Math.max(1, Math.ceil(data.total / CONTEXTS_PER_PAGE));
  document.getElementById('contexts-total').textContent = data.total + ' on this node';
  document.getElementById('contexts-page').textContent = 'page ' + (page + 1) + ' of ' + pages;
  document.getElementById('contexts-prev').disabled = page === 0;
  document.getElementById('contexts-next').disabled = page + 1 >= pages;
  fill(document.querySelector('#contexts tbody'), data.contexts.map(c => el('tr', {
    class: 'pick', 'data-context': c.id, onclick: () => select(c.id),
  }, el('td', {}, code(short(c.id), c.id)), el('td', {}, code(short(c.applicationId), c.applicationId)),
  el('td', {}, code(short(c.rootHash), c.rootHash)), el('td', {}, c.dagHeads.length))));
  return pages;
}

export async function renderContextFacts(api, id) {
  const [sync, members] = await Promise.all([
    api.rpc('sync_status', { contextId: id }).catch(e => ({ error: e.message })),
    api.get('/admin-api/contexts/' + id + '/members').catch(e => ({ members: [], error: e.message })),
  ]);
  document.getElementById('context-sync').textContent = sync.error ? sync.error
    : sync.syncState.state + (sync.isInitialized ? '' : ' (not initialised)')
      + (sync.failureCount ? ', ' + sync.failureCount + ' failures' : '')
      + (sync.lastError ? ': ' + sync.lastError : '');
  document.getElementById('members').replaceChildren(...members.members.map(m =>
    el('li', { 'data-member': m.publicKey }, code(short(m.publicKey), m.publicKey), ' ', m.role,
      m.local ? ' (this node)' : '')));
}
