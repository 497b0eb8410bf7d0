// Time travel for one delta: the state of the context at that cut, browsable collection by
// collection (nested collections page in, "more" follows nextCursor), and the diff to its parents.
//
//   GET /admin-api/contexts/{id}/state?at=D[&path=P&cursor=C&limit=N]
//   GET /admin-api/contexts/{id}/dag/deltas/{D}/diff?limit=N
//
// Keys and values are the app's data: everything goes into the DOM as text, never as HTML, and is
// cut to MAX_TEXT characters (the full text stays in the title). A failed call shows its error
// in the panel it was meant for.

const ENTRIES_PER_PAGE = 50;
const DIFF_LIMIT = 200;
const MAX_TEXT = 300;

function clip(value) {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + '…' : text;
}

function full(value) {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function base(contextId) {
  return '/admin-api/contexts/' + encodeURIComponent(contextId);
}

export async function stateAt(api, contextId, deltaId, path = '', cursor = null) {
  let url = base(contextId) + '/state?at=' + encodeURIComponent(deltaId);
  if (path) url += '&path=' + encodeURIComponent(path) + '&limit=' + ENTRIES_PER_PAGE;
  if (cursor) url += '&cursor=' + encodeURIComponent(cursor);
  return api.get(url);
}

export async function diffToParents(api, contextId, deltaId) {
  return api.get(base(contextId) + '/dag/deltas/' + encodeURIComponent(deltaId)
    + '/diff?limit=' + DIFF_LIMIT);
}

/**
 * The state browser of one delta. `show()` starts at the root; a stale answer (the user clicked
 * another delta or collection meanwhile) is dropped.
 */
export class StateBrowser {
  constructor(api, el, parts) {
    this.api = api;
    this.el = el;
    this.crumbs = parts.crumbs;
    this.table = parts.table;
    this.more = parts.more;
    this.generation = 0;
    this.more.addEventListener('click', () => this.page(this.path, this.cursor, true));
  }

  show(contextId, deltaId) {
    this.contextId = contextId;
    this.deltaId = deltaId;
    return this.page('', null, false);
  }

  async page(path, cursor, append) {
    const generation = ++this.generation;
    this.path = path;
    this.more.hidden = true;
    this.renderCrumbs(path);
    if (!append) this.table.replaceChildren(this.el('p', { class: 'muted' }, 'loading…'));
    let answer;
    try {
      answer = await stateAt(this.api, this.contextId, this.deltaId, path, cursor);
    } catch (e) {
      if (generation !== this.generation) return;
      this.table.dataset.path = path;
      this.table.replaceChildren(this.el('p', { class: 'error', 'data-error': 'state' },
        'state at this delta unavailable: ' + clip(e.message)));
      return;
    }
    if (generation !== this.generation) return;
    this.table.dataset.path = path;
    if (!path) {
      this.renderCollections(answer.collections || []);
      return;
    }
    const rows = (answer.entries || []).map(e => this.entryRow(path, e));
    const body = append && this.table.querySelector('tbody');
    if (body) {
      body.append(...rows);
    } else {
      this.table.replaceChildren(rows.length ? this.el('table', { class: 'state' },
        this.el('thead', {}, this.el('tr', {}, ...['Key', 'Type', 'Value', 'Author', 'HLC', '']
          .map(h => this.el('th', {}, h)))),
        this.el('tbody', {}, ...rows)) : this.el('p', { class: 'muted' }, 'empty at this delta'));
    }
    this.cursor = answer.nextCursor ?? null;
    this.more.hidden = !this.cursor;
  }

  renderCrumbs(path) {
    const parts = path ? path.split('/') : [];
    const crumbs = [this.el('button', { type: 'button', 'data-path': '',
      onclick: () => this.page('', null, false) }, 'root')];
    parts.forEach((part, i) => {
      const to = parts.slice(0, i + 1).join('/');
      crumbs.push(' › ', this.el('button', { type: 'button', 'data-path': to, title: to,
        onclick: () => this.page(to, null, false) }, clip(part)));
    });
    this.crumbs.replaceChildren(...crumbs);
  }

  renderCollections(collections) {
    if (!collections.length) {
      this.table.replaceChildren(this.el('p', { class: 'muted' }, 'no collections at this delta'));
      return;
    }
    this.table.replaceChildren(this.el('table', { class: 'state' },
      this.el('thead', {}, this.el('tr', {}, ...['Collection', 'Type', 'Size']
        .map(h => this.el('th', {}, h)))),
      this.el('tbody', {}, ...collections.map(c => this.el('tr', { 'data-collection': c.name },
        this.el('td', {}, this.el('button', { type: 'button', 'data-open': c.name, title: c.name,
          onclick: () => this.page(c.name, null, false) }, clip(c.name))),
        this.el('td', {}, clip(c.type)), this.el('td', {}, clip(c.size)))))));
  }

  entryRow(path, e) {
    const nested = e.size !== null && e.size !== undefined;
    const to = path + '/' + e.key;
    const key = nested
      ? this.el('button', { type: 'button', 'data-open': to, title: full(e.key),
        onclick: () => this.page(to, null, false) }, clip(e.key) + ' (' + e.size + ')')
      : this.el('code', { title: full(e.key) }, clip(e.key));
    return this.el('tr', { 'data-key': full(e.key), class: e.deleted ? 'deleted' : '' },
      this.el('td', {}, key),
      this.el('td', {}, clip(e.type)),
      this.el('td', {}, this.el('code', { title: full(e.value) }, nested ? '' : clip(e.value))),
      this.el('td', {}, this.el('code', { title: full(e.author) }, e.author ? clip(e.author).slice(0, 10) + '…' : '—')),
      this.el('td', {}, clip(e.hlc ?? '—')),
      this.el('td', {}, e.deleted ? 'deleted' : ''));
  }
}

/** The diff of a delta to its parents, one list per collection. */
export async function showDiff(api, el, box, contextId, deltaId, isCurrent = () => true) {
  box.replaceChildren(el('p', { class: 'muted' }, 'loading…'));
  let diff;
  try {
    diff = await diffToParents(api, contextId, deltaId);
  } catch (e) {
    if (!isCurrent()) return;
    box.replaceChildren(el('p', { class: 'error', 'data-error': 'diff' },
      'diff to its parents unavailable: ' + clip(e.message)));
    return;
  }
  if (!isCurrent()) return;
  const names = Object.keys(diff.collections || {}).sort();
  const parents = Array.isArray(diff.parents) ? diff.parents : [];
  const from = diff.from != null ? clip(diff.from)
    : parents.length ? 'its parent' + (parents.length > 1 ? 's ' : ' ') + parents.map(clip).join(', ')
      : 'the empty state (no parents)';
  const parts = [el('p', { class: 'muted' }, 'from ' + from + ' to ' + clip(diff.to))];
  if (!names.length) parts.push(el('p', {}, 'no changes'));
  for (const name of names) {
    const c = diff.collections[name];
    const items = [
      ...(c.added || []).map(x => el('li', { class: 'added' }, '+ ', el('code', { title: full(x.key) }, clip(x.key)),
        ' = ', el('code', { title: full(x.value) }, clip(x.value)))),
      ...(c.removed || []).map(x => el('li', { class: 'removed' }, '− ', el('code', { title: full(x.key) }, clip(x.key)),
        ' = ', el('code', { title: full(x.value) }, clip(x.value)))),
      ...(c.changed || []).map(x => el('li', { class: 'changed' }, '~ ', el('code', { title: full(x.key) }, clip(x.key)),
        ': ', el('code', { title: full(x.before) }, clip(x.before)), ' → ',
        el('code', { title: full(x.after) }, clip(x.after)))),
    ];
    parts.push(el('h5', { 'data-collection': name }, clip(name)), el('ul', { class: 'diff' }, ...items));
  }
  if (diff.truncated) parts.push(el('p', { class: 'muted' }, 'more changes than the first ' + DIFF_LIMIT + ' shown'));
  box.replaceChildren(...parts);
}
