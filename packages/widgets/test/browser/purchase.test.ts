/** The purchase widget's own events, driven through the simulator's purchase app. */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { CosmoPurchaseWidget } from '../../src/index.js';
import { ALL_EVENTS, control, inFrame, mountReady, nextEvent, recordEvents } from './helpers.js';

afterEach(async () => {
  document.body.replaceChildren();
  await control('reset');
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

async function buy(el: CosmoPurchaseWidget, programId: string, points: number) {
  await inFrame(el, { op: 'click', selector: `[data-testid="program-${programId}"]` });
  await inFrame(el, { op: 'fill', selector: '[data-testid="points-input"]', value: points });
  await inFrame(el, { op: 'click', selector: '[data-testid="confirm"]' });
}

describe('<cosmo-purchase-widget> events', () => {
  it('fires cosmo-transaction-complete with {transactionId, program, points, amount, completedAt}', async () => {
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget');
    const events = recordEvents(el, ALL_EVENTS);
    const complete = nextEvent(el, 'cosmo-transaction-complete');
    await buy(el, 'prog_staywell', 1200);
    const event = await complete;
    expect(event.bubbles && event.composed).to.equal(true);
    const { detail } = event;
    expect(Object.keys(detail).sort()).to.deep.equal(['amount', 'completedAt', 'points', 'program', 'transactionId']);
    expect(detail.program).to.deep.equal({ id: 'prog_staywell', name: 'StayWell Hotels' });
    expect(detail.points).to.equal(1200);
    expect(detail.amount).to.deep.equal({ value: 9.6, currency: 'USD' });
    expect(detail.completedAt).to.match(ISO);
    const shown = await inFrame<string>(el, { op: 'text', selector: '[data-testid="transaction-id"]' });
    expect(detail.transactionId).to.equal(shown);
    expect(events.filter((e) => e.type !== 'cosmo-resize').map((e) => e.type)).to.deep.equal(['cosmo-transaction-complete']);
  });

  it('fires cosmo-close {reason: "done"} from the success screen', async () => {
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget');
    const complete = nextEvent(el, 'cosmo-transaction-complete');
    await buy(el, 'prog_skyair', 100);
    await complete;
    const close = nextEvent(el, 'cosmo-close');
    await inFrame(el, { op: 'click', selector: '[data-testid="done"]' });
    expect((await close).detail).to.deep.equal({ reason: 'done' });
  });

  it('fires cosmo-transaction-fail with {code, message, recoverable, program} for a declined purchase', async () => {
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget');
    const fail = nextEvent(el, 'cosmo-transaction-fail');
    await buy(el, 'prog_decline', 100);
    const { detail } = await fail;
    expect(Object.keys(detail).sort()).to.deep.equal(['code', 'message', 'program', 'recoverable']);
    expect(detail.code).to.match(/^[a-z0-9-]+$/);
    expect(detail.message).to.be.a('string').and.not.empty;
    expect(detail.recoverable).to.equal(false);
    expect(detail.program).to.deep.equal({ id: 'prog_decline', name: 'Decline Test Program' });
    expect(el.state).to.equal('ready');
  });

  it('fires cosmo-transaction-fail with recoverable: true when Cosmo fails with a 5xx', async () => {
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget');
    await inFrame(el, { op: 'wait', selector: '[data-testid="confirm"]' });
    await control('fail', { route: 'transactions', count: 1, status: 503 });
    const fail = nextEvent(el, 'cosmo-transaction-fail');
    await buy(el, 'prog_skyair', 100);
    const { detail } = await fail;
    expect(detail).to.deep.include({ code: 'simulated-failure', recoverable: true });
    expect(detail.program).to.deep.equal({ id: 'prog_skyair', name: 'SkyAir Miles' });
  });
});
