// The live DAG view: deltas as circles (one colour per author), edges to their parents, heads
// outlined, pending deltas dashed. Laid out left to right by depth within the deltas shown.

const SVG = 'http://www.w3.org/2000/svg';
const MAX_SHOWN = 300;
const STEP_X = 64;
const STEP_Y = 36;

function svg(tag, attrs) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

export function authorColour(author) {
  let h = 0;
  for (const c of author) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return 'hsl(' + (h % 360) + ' 65% 60%)';
}

export class DagView {
  constructor(element, onSelect) {
    this.element = element;
    this.onSelect = onSelect;
    this.deltas = new Map();
    this.heads = new Set();
    this.selected = null;
    this.scheduled = false;
  }

  clear() {
    this.deltas.clear();
    this.heads.clear();
    this.selected = null;
    this.element.replaceChildren();
  }

  /** A delta from the stream: new, or a pending one that was applied since. */
  add(delta) {
    const known = this.deltas.get(delta.id);
    if (known && !(known.pending && !delta.pending)) return;
    this.deltas.set(delta.id, { ...delta, fresh: !known });
    while (this.deltas.size > MAX_SHOWN) this.deltas.delete(this.deltas.keys().next().value);
    this.schedule();
  }

  frontier(f) {
    this.heads = new Set(f.heads);
    const pending = new Set(f.pending);
    for (const d of this.deltas.values()) {
      if (d.pending && !pending.has(d.id)) d.pending = false;
    }
    this.schedule();
  }

  select(id) {
    this.selected = id;
    this.schedule();
    this.onSelect(id);
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => { this.scheduled = false; this.render(); });
  }

  levels() {
    const level = new Map();
    const visit = (id, depth) => {
      if (level.has(id)) return level.get(id);
      if (depth > MAX_SHOWN) return 0;
      const d = this.deltas.get(id);
      let l = 0;
      for (const p of d.parents) {
        if (this.deltas.has(p)) l = Math.max(l, visit(p, depth + 1) + 1);
      }
      level.set(id, l);
      return l;
    };
    for (const id of this.deltas.keys()) visit(id, 0);
    return level;
  }

  render() {
    const level = this.levels();
    const rows = new Map();
    const at = new Map();
    for (const [id, l] of level) {
      const row = rows.get(l) ?? 0;
      rows.set(l, row + 1);
      at.set(id, { x: 24 + l * STEP_X, y: 22 + row * STEP_Y });
    }
    const width = 48 + Math.max(0, ...level.values()) * STEP_X + STEP_X;
    const height = 44 + Math.max(1, ...rows.values()) * STEP_Y;
    this.element.setAttribute('width', width);
    this.element.setAttribute('height', height);
    const edges = svg('g', {});
    const nodes = svg('g', {});
    for (const [id, d] of this.deltas) {
      const p = at.get(id);
      for (const parent of d.parents) {
        const q = at.get(parent);
        if (q) edges.append(svg('line', { class: 'edge', x1: q.x, y1: q.y, x2: p.x, y2: p.y }));
      }
      const classes = ['delta'];
      if (d.pending) classes.push('pending');
      if (this.heads.has(id)) classes.push('head');
      if (this.selected === id) classes.push('selected');
      if (d.fresh) classes.push('fresh');
      d.fresh = false;
      const g = svg('g', { class: classes.join(' '), 'data-delta': id, tabindex: 0 });
      const circle = svg('circle', { cx: p.x, cy: p.y, r: 9, fill: authorColour(d.author) });
      const title = svg('title', {});
      title.textContent = id + '\nauthor ' + d.author + '\n' + d.actions + ' actions'
        + (d.pending ? '\npending: waiting for parents' : '');
      circle.append(title);
      const label = svg('text', { x: p.x - 14, y: p.y + 20 });
      label.textContent = id.slice(0, 5);
      g.append(circle, label);
      g.addEventListener('click', () => this.select(id));
      g.addEventListener('keydown', e => { if (e.key === 'Enter') this.select(id); });
      nodes.append(g);
    }
    this.element.replaceChildren(edges, nodes);
  }
}
