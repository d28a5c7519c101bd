/**
 * Payloads as real widget apps send them (codes in any case, order numbers, dates with a space), posted from inside
 * the real cross-origin widget frame, become events; a message that passes the source, origin and channel checks but
 * fails its payload is dropped with a `console.warn` naming the field, in debug mode or not.
 */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { CosmoWidgetElement } from '../../src/index.js';
import { channelOf, inFrame, mountReady, nextEvent, settle } from './helpers.js';

const envelope = (channel: string, type: string, payload: unknown) => ({ ns: 'cosmo', v: 1, channel, type, payload });
const program = { id: 'partners/skyair', name: 'SkyAir Miles' };

/** Captures `console.warn` while `run` runs. */
async function warnings(run: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
  try {
    await run();
  } finally {
    console.warn = original;
  }
  return seen;
}

afterEach(() => document.body.replaceChildren());

describe('payloads real widget apps send', () => {
  let el: CosmoWidgetElement;
  beforeEach(async () => {
    el = await mountReady('cosmo-purchase-widget');
  });
  const post = (type: string, payload: unknown) => inFrame(el, { op: 'post', message: envelope(channelOf(el), type, payload) });

  for (const code of ['card_declined', 'CARD_DECLINED']) {
    it(`fires cosmo-transaction-fail for code ${code}, as sent`, async () => {
      const event = nextEvent(el, 'cosmo-transaction-fail');
      await post('transaction-fail', { code, message: 'Declined', program });
      expect((await event).detail).to.deep.equal({ code, message: 'Declined', recoverable: false, program });
    });
  }

  it('fires cosmo-error for the widget code SESSION_EXPIRED', async () => {
    const event = nextEvent(el, 'cosmo-error');
    await post('error', { code: 'SESSION_EXPIRED', message: 'Sign in again' });
    const { detail } = await event;
    expect([detail.code, detail.widgetCode, detail.message]).to.deep.equal(['widget-error', 'SESSION_EXPIRED', 'Sign in again']);
  });

  it('fires cosmo-transaction-complete for an order number with slashes and a date with a space for T, read with the T', async () => {
    const event = nextEvent(el, 'cosmo-transaction-complete');
    await post('transaction-complete', { transactionId: 'ORD/2026/0001', program, points: 4000, amount: { value: 100, currency: 'USD' }, completedAt: '2026-11-25 10:00:00Z' });
    const { detail } = await event;
    expect(detail.transactionId).to.equal('ORD/2026/0001');
    expect(detail.completedAt).to.equal('2026-11-25T10:00:00Z');
    expect(detail.amount).to.deep.equal({ value: 100, currency: 'USD' });
    expect(Number.isNaN(Date.parse(detail.completedAt))).to.equal(false);
  });
});

describe('a payload the element cannot read is never silent', () => {
  it('warns with the message type and the field, without debug mode, and fires no event', async () => {
    const el = await mountReady('cosmo-purchase-widget');
    let fired = false;
    el.addEventListener('cosmo-transaction-complete', () => (fired = true));
    const seen = await warnings(async () => {
      // No zone: an instant nobody can place in time, refused on purpose.
      await inFrame(el, { op: 'post', message: envelope(channelOf(el), 'transaction-complete', { transactionId: 'ORD-1', program, points: 10, completedAt: '2026-11-25 10:00:00' }) });
      await settle();
    });
    expect(fired).to.equal(false);
    expect(seen.length).to.equal(1);
    expect(seen[0]).to.match(/^@cosmopoints\/widgets: dropped a message \(@cosmopoints\/protocol: transaction-complete: payload\.completedAt must be /);
    expect(el.state).to.equal('ready');
  });

  it('does not warn about a bad payload on another channel (not this widget’s message)', async () => {
    const el = await mountReady('cosmo-purchase-widget');
    const seen = await warnings(async () => {
      await inFrame(el, { op: 'post', message: envelope('f'.repeat(32), 'resize', { height: -1 }) });
      await settle();
    });
    expect(seen).to.deep.equal([]);
  });

  it('reports the drop as invalid-payload to debug logging too', async () => {
    const el = await mountReady('cosmo-multibrand-widget', { debug: '' });
    const debug: string[] = [];
    const original = console.debug;
    console.debug = (...args: unknown[]) => void debug.push(String(args[0]));
    try {
      await warnings(async () => {
        await inFrame(el, { op: 'post', message: envelope(channelOf(el), 'program-connect', { connection: { program, share: 101 }, connections: [] }) });
        await settle();
      });
    } finally {
      console.debug = original;
    }
    expect(debug.some((line) => line.includes('(invalid-payload)'))).to.equal(true);
  });
});
