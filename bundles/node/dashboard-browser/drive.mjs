// Drives Debian's headless Chromium with the pinned playwright-core for DashboardBrowserTest.
// One JSON command per stdin line, one JSON answer per stdout line ({"ok":true,...} or
// {"ok":false,"error":...}), so the Java test can write on other nodes between steps.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-zygote'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
const consoleErrors = [];
page.on('console', m => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', e => consoleErrors.push(String(e)));

const ops = {
  async open({ url, timeoutMs = 30000 }) {
    const started = Date.now();
    const response = await page.goto(url, { waitUntil: 'commit' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: timeoutMs });
    const readyMs = Date.now() - started;
    const paint = await page.evaluate(() => {
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const nav = performance.getEntriesByType('navigation')[0];
      return { fcp: fcp ? fcp.startTime : null, domContentLoaded: nav ? nav.domContentLoadedEventEnd : null };
    });
    const rows = await page.locator('#contexts tbody tr').count();
    return { status: response.status(), readyMs, ...paint, contextRows: rows,
      total: await page.textContent('#contexts-total') };
  },
  async goto({ url }) {
    const response = await page.goto(url);
    return { status: response.status(), text: await page.evaluate(() => document.body.innerText),
      headers: response.headers() };
  },
  async selectContext({ id }) {
    await page.click(`#contexts tr[data-context="${id}"]`);
    await page.waitForSelector('#live.ok', { timeout: 20000 });
    await page.waitForSelector('#members li', { timeout: 20000 });
    return { members: await page.locator('#members li').allInnerTexts(),
      sync: await page.textContent('#context-sync') };
  },
  async waitDelta({ id, timeoutMs = 60000 }) {
    const started = Date.now();
    const handle = await page.waitForSelector(`#dag [data-delta="${id}"]`, { timeout: timeoutMs });
    return { afterMs: Date.now() - started, classes: await handle.getAttribute('class'),
      shown: await page.locator('#dag [data-delta]').count() };
  },
  async waitNotPending({ id, timeoutMs = 30000 }) {
    const started = Date.now();
    await page.waitForFunction(i => {
      const g = [...document.querySelectorAll('#dag [data-delta]')].find(n => n.dataset.delta === i);
      return g && !g.classList.contains('pending');
    }, id, { timeout: timeoutMs });
    return { afterMs: Date.now() - started,
      classes: await page.getAttribute(`#dag [data-delta="${id}"]`, 'class') };
  },
  async clickDelta({ id }) {
    await page.click(`#dag [data-delta="${id}"] circle`);
    await page.waitForSelector(`#delta[data-loaded="${id}"]`, { timeout: 20000 });
    return {
      id: await page.textContent('#delta-id'),
      author: await page.textContent('#delta-author'),
      status: await page.textContent('#delta-status'),
      parents: await page.locator('#delta-parents button').count(),
      actions: await page.locator('#delta-actions li').allInnerTexts(),
      state: await page.textContent('#delta-state'),
      statePath: await page.getAttribute('#delta-state', 'data-path'),
      collections: await page.locator('#delta-state tr[data-collection]').evaluateAll(
        rows => rows.map(r => r.dataset.collection)),
      diff: await page.textContent('#delta-diff'),
      selected: await page.getAttribute(`#dag [data-delta="${id}"]`, 'class'),
    };
  },
  // Opens a collection of the state shown (a root collection or a nested one) by its path.
  async openState({ path, timeoutMs = 20000 }) {
    await page.locator('#delta-state [data-open]').evaluateAll((buttons, p) =>
      buttons.find(b => b.dataset.open === p).click(), path);
    await page.waitForFunction(p => document.getElementById('delta-state').dataset.path === p
      && !document.querySelector('#delta-state p.muted')?.textContent.startsWith('loading'),
    path, { timeout: timeoutMs });
    return {
      path: await page.getAttribute('#delta-state', 'data-path'),
      text: await page.textContent('#delta-state'),
      entries: await page.locator('#delta-state tr[data-key]').evaluateAll(rows => rows.map(r => ({
        key: r.dataset.key, cells: [...r.cells].map(c => c.textContent),
      }))),
      more: await page.isVisible('#delta-state-more'),
    };
  },
  async swap({ capability, to, timeoutMs = 120000 }) {
    await page.click(`[data-swap="${capability}:${to}"]`);
    const seen = [];
    const deadline = Date.now() + timeoutMs;
    let finalText = '';
    while (Date.now() < deadline) {
      const phase = await page.getAttribute('#swap-phase', 'data-phase');
      const progress = await page.evaluate(() => {
        const bar = document.getElementById('swap-progress');
        return { value: bar.value, max: bar.max, visible: !document.getElementById('swap').hidden };
      });
      if (phase && (seen.length === 0 || seen[seen.length - 1].phase !== phase)) {
        seen.push({ phase, ...progress });
      }
      finalText = await page.textContent('#swap-phase');
      const active = await page.textContent(`#providers tr[data-capability="${capability}"] .active`);
      if (phase === 'ROLLED_BACK' || (active === to && phase === 'DONE')) break;
      await new Promise(r => setTimeout(r, 25));
    }
    return { phases: seen, text: finalText,
      active: await page.textContent(`#providers tr[data-capability="${capability}"] .active`) };
  },
  async screenshot({ path, fullPage = true }) {
    await page.screenshot({ path, fullPage });
    return { path };
  },
  // Whether app data got into the page as markup: images in the delta panel, the flag a hostile
  // value would set.
  async probe() {
    return page.evaluate(() => ({ images: document.querySelectorAll('#delta img').length,
      pwned: window.pwned ?? null }));
  },
  async errors() {
    return { errors: consoleErrors.slice() };
  },
};

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const command = JSON.parse(line);
  if (command.op === 'close') break;
  try {
    const result = await ops[command.op](command);
    process.stdout.write(JSON.stringify({ ok: true, ...result }) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ ok: false, error: String(e && e.stack || e) }) + '\n');
  }
}
await browser.close();
