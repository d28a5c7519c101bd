/**
 * The multibrand widget through the demo: connect, edit and disconnect each fire their DOM event in the page
 * and arrive as their own verified webhook at Acme's backend, which keeps the member's programs in step.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startDemo } from 'cosmo-demo';
import type { Demo } from 'cosmo-demo';
import type { BrowserDriver, PageDriver } from './support/driver.js';
import { ENGINE, ENGINE_LABELS, launchBrowser } from './support/driver.js';
import { count, domEvents, entryDetail, frameUrl, openDemo, signIn, waitForSelector, webhookEntries, widgetFrame } from './support/demo-page.js';
import { connectProgram, disconnectProgram, setShare } from './support/widget-actions.js';

interface Connection {
  program: { id: string; name: string };
  share: number;
}

const USER_ID = 'user_grace-hopper';

describe(`demo: multibrand widget end to end (${ENGINE_LABELS[ENGINE]})`, () => {
  let demo: Demo;
  let browser: BrowserDriver;
  let page: PageDriver;

  before(async () => {
    demo = await startDemo({ simulator: { webhookRetry: { baseDelayMs: 50, maxDelayMs: 400 } } });
    browser = await launchBrowser();
    page = await browser.newPage();
    await openDemo(page, demo.url);
    await signIn(page, 'Grace Hopper');
    const frameOrigin = new URL(await frameUrl(page, await widgetFrame(page, 'multibrand'))).origin;
    assert.equal(frameOrigin, new URL(demo.simulator.url).origin, 'the multibrand app runs on the simulator origin');
    assert.notEqual(frameOrigin, new URL(demo.url).origin);
  });
  after(async () => {
    await page?.close();
    await browser?.close();
    await demo?.close();
  });

  /** The one processed webhook of `type` for this user, after waiting for its entry in the live view. */
  async function processedOnce(type: string, index: number): Promise<{ webhookId: string; data: unknown }> {
    await waitForSelector(page, webhookEntries(type), { index });
    const processed = demo.backend.ledger.processed.filter((entry) => entry.type === type && entry.userId === USER_ID);
    assert.equal(processed.length, index + 1, `${type} processed exactly ${index + 1} time(s)`);
    const latest = processed[index]!;
    const delivered = demo.simulator.control.deliveries().filter((entry) => entry.id === latest.webhookId && entry.outcome === 'delivered');
    assert.equal(delivered.length, 1, 'the simulator delivered it once');
    return latest;
  }

  test('connecting a program fires cosmo-program-connect and a verified program_connection.added webhook', async () => {
    await connectProgram(page, 'prog_staywell');

    const detail = await entryDetail<{ program: { id: string }; share: number; connections: Connection[] }>(page, domEvents('cosmo-program-connect'));
    assert.equal(detail.program.id, 'prog_staywell');
    assert.deepEqual(detail.connections.map((c) => c.program.id).sort(), ['prog_skyair', 'prog_staywell']);

    const hook = await processedOnce('program_connection.added', 0);
    const data = hook.data as { userId: string; connection: Connection; connections: Connection[] };
    assert.equal(data.userId, USER_ID);
    assert.equal(data.connection.program.id, 'prog_staywell');
    assert.equal(data.connection.share, detail.share, 'DOM event and webhook agree on the share');
    assert.deepEqual(
      demo.backend.ledger.member(USER_ID).connections.map((c) => c.programId).sort(),
      ['prog_skyair', 'prog_staywell'],
    );
  });

  test('editing a share fires cosmo-program-update and a verified program_connection.updated webhook', async () => {
    await setShare(page, 'prog_staywell', 30);

    const detail = await entryDetail<{ program: { id: string }; share: number; connections: Connection[] }>(page, domEvents('cosmo-program-update'));
    assert.equal(detail.program.id, 'prog_staywell');
    assert.equal(detail.share, 30);
    assert.equal(detail.connections.reduce((sum, c) => sum + c.share, 0), 100, 'the split still sums to 100 %');

    const hook = await processedOnce('program_connection.updated', 0);
    const data = hook.data as { connection: Connection; previous?: Connection; connections: Connection[] };
    assert.equal(data.connection.program.id, 'prog_staywell');
    assert.equal(data.connection.share, 30);
    const staywell = demo.backend.ledger.member(USER_ID).connections.find((c) => c.programId === 'prog_staywell');
    assert.equal(staywell?.share, 30, 'the backend applied the new share');
  });

  test('disconnecting a program fires cosmo-program-disconnect and a verified program_connection.removed webhook', async () => {
    await disconnectProgram(page, 'prog_staywell');

    const detail = await entryDetail<{ program: { id: string }; connections: Connection[] }>(page, domEvents('cosmo-program-disconnect'));
    assert.equal(detail.program.id, 'prog_staywell');
    assert.deepEqual(detail.connections.map((c) => c.program.id), ['prog_skyair']);

    const hook = await processedOnce('program_connection.removed', 0);
    const data = hook.data as { program: { id: string }; connections: Connection[] };
    assert.equal(data.program.id, 'prog_staywell');
    assert.deepEqual(demo.backend.ledger.member(USER_ID).connections, [{ programId: 'prog_skyair', programName: 'SkyAir Miles', share: 100 }]);
  });

  test('the three changes arrive as three distinct verified webhooks, in order, with no page error or CSP violation', async () => {
    const types = demo.backend.ledger.processed.filter((entry) => entry.userId === USER_ID).map((entry) => entry.type);
    assert.deepEqual(types, ['program_connection.added', 'program_connection.updated', 'program_connection.removed']);
    const ids = new Set(demo.backend.ledger.processed.map((entry) => entry.webhookId));
    assert.equal(ids.size, demo.backend.ledger.processed.length);
    assert.equal(await count(page, domEvents('csp-violation')), 0);
    assert.deepEqual(await page.pageErrors(), []);
  });
});
