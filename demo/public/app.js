// Acme Rewards' page script. Plain JavaScript, no build step, no inline code (the page runs under a strict
// CSP). It shows who is signed in, logs every DOM event the Cosmo widgets fire, and streams the verified
// webhooks Acme's backend processed (server-sent events from /api/live), side by side. An ES module: it
// imports the widgets' script-tag module (the same file as the page's script tag, loaded once).
import { CosmoMultibrandWidget, CosmoPurchaseWidget } from '/cdn/cosmo-widgets.js';

{
  const $ = (selector) => document.querySelector(selector);
  // Every event the widgets can fire, read from each element's event table (`static events`): an event
  // added to the SDK shows up in this log with no change here.
  const COSMO_EVENTS = new Set([CosmoPurchaseWidget, CosmoMultibrandWidget].flatMap((element) => Object.values(element.events).map((row) => row.event.eventName)));
  let signedIn = null; // unknown until /api/me answers
  let currentUserId = null;

  const time = (date = new Date()) => date.toLocaleTimeString('en-GB', { hour12: false }) + '.' + String(date.getMilliseconds()).padStart(3, '0');
  const formatPoints = (value) => Number(value).toLocaleString('en-US');

  function element(tag, attributes = {}, children = []) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function append(listName, entry) {
    const list = $(`[data-testid="${listName}"]`);
    list.prepend(entry);
    while (list.children.length > 200) list.lastElementChild.remove();
    const empty = $(`[data-empty-for="${listName}"]`);
    if (empty) empty.hidden = true;
  }

  function details(value) {
    if (value === undefined || value === null) return null;
    const text = JSON.stringify(value, null, 2);
    return element('pre', { class: 'detail', text: text.length > 1200 ? text.slice(0, 1200) + '\n…' : text });
  }

  // ---- Account -------------------------------------------------------------------------------------
  function renderMember(me) {
    signedIn = me.signedIn;
    currentUserId = me.signedIn ? me.user.userId : null;
    $('[data-state="signed-out"]').hidden = me.signedIn;
    $('[data-state="signed-in"]').hidden = !me.signedIn;
    document.documentElement.dataset.session = me.signedIn ? 'signed-in' : 'signed-out';
    $('[data-testid="signed-out-notice"]').hidden = me.signedIn;
    if (me.signedIn) {
      $('[data-testid="member-name"]').textContent = `${me.user.name} · ${me.user.userId}`;
      $('[data-testid="balance"]').textContent = formatPoints(me.member.balance);
    }
    renderEndpoint(me.webhookEndpoint);
  }

  async function loadMember() {
    try {
      const response = await fetch('/api/me', { credentials: 'same-origin', cache: 'no-store' });
      renderMember(await response.json());
    } catch (error) {
      console.error('acme: could not load the session', error);
    }
  }

  // ---- DOM events (browser side) -------------------------------------------------------------------
  function describeEvent(event) {
    const detail = event.detail;
    switch (event.type) {
      case 'cosmo-transaction-complete':
        return `${formatPoints(detail.points)} points to ${detail.program?.name ?? '?'} (${detail.transactionId})`;
      case 'cosmo-transaction-fail':
      case 'cosmo-error':
        return `${detail.code}${detail.status ? ` (HTTP ${detail.status})` : ''}: ${detail.message}`;
      case 'cosmo-program-connect':
        return `${detail.program?.name ?? '?'} connected at ${detail.share}%`;
      case 'cosmo-program-disconnect':
        return `${detail.program?.name ?? '?'} disconnected`;
      case 'cosmo-program-update': {
        const before = detail.previousShare === undefined ? '' : `${detail.previousShare}% → `;
        return `${detail.program?.name ?? '?'}: ${before}${detail.share}%`;
      }
      case 'cosmo-resize':
        return `height ${detail.height}px`;
      default:
        return '';
    }
  }

  function onCosmoEvent(event) {
    const source = event.target instanceof Element ? `${event.target.localName}${event.target.id ? `#${event.target.id}` : ''}` : 'document';
    // Resizes come in bursts from both widgets: update the widget's entry in the newest run of resize
    // entries instead of flooding the log.
    if (event.type === 'cosmo-resize') {
      for (let node = $('[data-testid="dom-log"]').firstElementChild; node && node.dataset.event === 'cosmo-resize'; node = node.nextElementSibling) {
        if (node.dataset.source !== source) continue;
        const count = Number(node.dataset.count) + 1;
        node.dataset.count = String(count);
        node.querySelector('.summary').textContent = `${describeEvent(event)} (×${count})`;
        node.querySelector('time').textContent = time();
        return;
      }
    }
    const entry = element('li', { class: `entry ${event.type === 'cosmo-error' || event.type === 'cosmo-transaction-fail' ? 'bad' : ''}`, 'data-event': event.type, 'data-source': source, 'data-count': '1' }, [
      element('div', { class: 'entry-head' }, [element('code', { class: 'name', text: event.type }), element('span', { class: 'source', text: `<${source}>` }), element('time', { text: time() })]),
      element('div', { class: 'summary', text: describeEvent(event) }),
      event.type === 'cosmo-resize' ? null : details(event.detail),
    ]);
    append('dom-log', entry);
    if (event.type === 'cosmo-error' && signedIn !== true) {
      $('[data-testid="signed-out-detail"]').textContent = `The widget reported: ${event.detail?.code ?? 'error'} (${event.detail?.message ?? ''}).`;
    }
  }
  for (const name of COSMO_EVENTS) document.addEventListener(name, onCosmoEvent);
  // This script may run after a widget already gave up (the token route's 401 is quick, and the widgets' module can
  // run before this one has arrived): an element keeps its last failure in `error`, so a late listener misses nothing.
  // Its event table's `failure` row turns it into the detail its cosmo-error carried.
  for (const widget of document.querySelectorAll('cosmo-purchase-widget, cosmo-multibrand-widget')) {
    const { failure } = widget.constructor.events;
    if (widget.error) onCosmoEvent({ type: failure.event.eventName, target: widget, detail: failure.detail(widget.error) });
  }

  // A strict CSP is part of the demo: show any violation loudly instead of failing silently.
  document.addEventListener('securitypolicyviolation', (event) => {
    append(
      'dom-log',
      element('li', { class: 'entry bad', 'data-event': 'csp-violation' }, [
        element('div', { class: 'entry-head' }, [element('code', { class: 'name', text: 'CSP violation' }), element('time', { text: time() })]),
        element('div', { class: 'summary', text: `${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}` }),
      ]),
    );
  });

  // ---- Verified webhooks (backend side) ------------------------------------------------------------
  function onWebhook(record) {
    const entry = element('li', { class: 'entry good', 'data-type': record.type, 'data-webhook-id': record.webhookId }, [
      element('div', { class: 'entry-head' }, [
        element('code', { class: 'name', text: record.type }),
        element('span', { class: 'badge', text: 'verified' }),
        element('time', { text: time(new Date(record.receivedAt)) }),
      ]),
      element('div', { class: 'summary', text: record.summary }),
      element('div', { class: 'meta', text: `webhook-id ${record.webhookId} · user ${record.userId} · balance after: ${formatPoints(record.balance)}` }),
      details(record.data),
    ]);
    append('webhook-log', entry);
    if (record.userId === currentUserId) $('[data-testid="balance"]').textContent = formatPoints(record.balance);
  }

  function onRejected(record) {
    append(
      'webhook-log',
      element('li', { class: 'entry bad', 'data-type': 'rejected' }, [
        element('div', { class: 'entry-head' }, [element('code', { class: 'name', text: 'rejected delivery' }), element('time', { text: time(new Date(record.at)) })]),
        element('div', { class: 'summary', text: `Failed verification (${record.reason}); nothing was applied.` }),
      ]),
    );
  }

  function renderEndpoint(state) {
    const status = $('[data-testid="endpoint-status"]');
    status.dataset.state = state;
    status.textContent = state === 'down' ? 'Webhook endpoint down (503): Cosmo is retrying' : 'Webhook endpoint up';
    $('[data-testid="outage-toggle"]').textContent = state === 'down' ? 'End the outage' : 'Simulate an outage';
  }

  function onEndpoint(record) {
    renderEndpoint(record.state);
    append(
      'webhook-log',
      element('li', { class: `entry ${record.state === 'down' ? 'bad' : 'info'}`, 'data-type': `endpoint-${record.state}` }, [
        element('div', { class: 'entry-head' }, [element('code', { class: 'name', text: `endpoint ${record.state}` }), element('time', { text: time(new Date(record.at)) })]),
        element('div', {
          class: 'summary',
          text: record.state === 'down' ? 'Acme answers 503 to every delivery; Cosmo retries with backoff.' : 'Acme accepts deliveries again; retried webhooks arrive, each applied once.',
        }),
      ]),
    );
  }

  const live = new EventSource('/api/live');
  const parse = (handler) => (message) => {
    try {
      handler(JSON.parse(message.data));
    } catch (error) {
      console.error('acme: bad live message', error);
    }
  };
  live.addEventListener('webhook', parse(onWebhook));
  live.addEventListener('rejected', parse(onRejected));
  live.addEventListener('endpoint', parse(onEndpoint));
  live.addEventListener('open', () => {
    document.documentElement.dataset.live = 'open';
    $('[data-testid="live-status"]').textContent = 'Listening for webhooks.';
  });
  live.addEventListener('error', () => {
    document.documentElement.dataset.live = 'reconnecting';
    $('[data-testid="live-status"]').textContent = 'Reconnecting to the live feed…';
  });

  $('[data-testid="outage-toggle"]').addEventListener('click', async () => {
    const next = $('[data-testid="endpoint-status"]').dataset.state === 'down' ? 'up' : 'down';
    try {
      const response = await fetch('/api/demo/webhook-endpoint', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ state: next }),
      });
      renderEndpoint((await response.json()).webhookEndpoint);
    } catch (error) {
      console.error('acme: could not switch the webhook endpoint', error);
    }
  });

  // ---- "Buy points": the purchase widget as a dialog -----------------------------------------------
  // Preloading on intent (pointer over the button, or keyboard focus on it) fetches the token and loads the
  // widget before the click, so the dialog opens ready. Signed out, the token route answers 401: the
  // dialog then opens on its "sign in" error screen.
  const buy = $('[data-testid="buy-points"]');
  const buyDialog = $('#buy-points-dialog');
  const preload = () => buyDialog.preload();
  buy.addEventListener('pointerenter', preload, { once: true });
  buy.addEventListener('focus', preload, { once: true });
  buy.addEventListener('click', () => buyDialog.show());

  void loadMember();
}
