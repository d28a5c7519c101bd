/** The multibrand widget's own events, driven through the simulator's multibrand app. */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { CosmoConnection, CosmoMultibrandWidget } from '../../src/index.js';
import { control, inFrame, mountReady, nextEvent, uniqueKey } from './helpers.js';

afterEach(async () => {
  document.body.replaceChildren();
  await control('reset');
});

const SKYAIR = { id: 'prog_skyair', name: 'SkyAir Miles' };
const STAYWELL = { id: 'prog_staywell', name: 'StayWell Hotels' };
const ids = (connections: readonly CosmoConnection[]) => connections.map((c) => c.program.id).sort();
const total = (connections: readonly CosmoConnection[]) => connections.reduce((sum, c) => sum + c.share, 0);

describe('<cosmo-multibrand-widget> events', () => {
  it('fires connect, update and disconnect with the program, its share and the user’s resulting list', async () => {
    const key = uniqueKey();
    const el = await mountReady<CosmoMultibrandWidget>('cosmo-multibrand-widget', { 'token-url': `/api/cosmo/token?key=${key}&user=mb-${key}` });

    const connect = nextEvent(el, 'cosmo-program-connect');
    await inFrame(el, { op: 'click', selector: `[data-testid="connect-${STAYWELL.id}"]` });
    const connected = (await connect).detail;
    expect(Object.keys(connected).sort()).to.deep.equal(['connections', 'program', 'share']);
    expect(connected.program).to.deep.equal(STAYWELL);
    expect(connected.share).to.be.within(0, 100);
    expect(ids(connected.connections)).to.deep.equal([SKYAIR.id, STAYWELL.id]);
    expect(total(connected.connections)).to.equal(100);
    expect(connected.connections.find((c) => c.program.id === STAYWELL.id)!.share).to.equal(connected.share);
    for (const connection of connected.connections) expect(Object.keys(connection).sort()).to.deep.equal(['program', 'share']);

    const update = nextEvent(el, 'cosmo-program-update');
    await inFrame(el, { op: 'fill', selector: `[data-testid="share-${STAYWELL.id}"]`, value: 30 });
    await inFrame(el, { op: 'click', selector: `[data-testid="save-${STAYWELL.id}"]` });
    const updated = (await update).detail;
    expect(Object.keys(updated).sort()).to.deep.equal(['connections', 'previousShare', 'program', 'share']);
    expect(updated).to.deep.include({ program: STAYWELL, share: 30, previousShare: connected.share });
    const byId = Object.fromEntries(updated.connections.map((c) => [c.program.id, c]));
    expect(byId).to.deep.equal({ [SKYAIR.id]: { program: SKYAIR, share: 70 }, [STAYWELL.id]: { program: STAYWELL, share: 30 } });

    const disconnect = nextEvent(el, 'cosmo-program-disconnect');
    await inFrame(el, { op: 'click', selector: `[data-testid="disconnect-${STAYWELL.id}"]` });
    const disconnected = (await disconnect).detail;
    expect(Object.keys(disconnected).sort()).to.deep.equal(['connections', 'program']);
    expect(disconnected.program).to.deep.equal(STAYWELL);
    expect(disconnected.connections).to.deep.equal([{ program: SKYAIR, share: 100 }]);
    expect(el.state).to.equal('ready');
  });
});
