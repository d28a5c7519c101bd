/**
 * Acme's webhook endpoint goes down (503) while the user buys points and changes preferences. The DOM events
 * still fire at once; the webhooks do not arrive. The simulator retries with exponential backoff; when the
 * endpoint is back every delivery arrives, and each event is processed exactly once, also when Cosmo sends
 * a delivery twice. Prints the measured retry numbers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DeliveryLogEntry, WebhookEventRecord } from '@cosmopoints/simulator';
import { startDemo } from 'cosmo-demo';
import type { Demo } from 'cosmo-demo';
import type { BrowserDriver, PageDriver } from './support/driver.js';
import { ENGINE, ENGINE_LABELS, launchBrowser } from './support/driver.js';
import { count, domEvents, openDemo, pressButton, signIn, testId, waitFor, waitForSelector, webhookEntries } from './support/demo-page.js';
import { buyPoints, connectProgram, setShare } from './support/widget-actions.js';

const RETRY = { baseDelayMs: 100, maxDelayMs: 800, maxAttempts: 30, timeoutMs: 2000 } as const;
/** Failed attempts every delivery must have seen before the endpoint comes back. */
const FAILURES_BEFORE_RECOVERY = 3;
const USER_ID = 'user_margaret-hamilton';

describe(`demo: webhook endpoint outage (${ENGINE_LABELS[ENGINE]})`, () => {
  let demo: Demo;
  let browser: BrowserDriver;
  let page: PageDriver;

  /** The simulator's control API over HTTP, as a test on another machine would use it. */
  const control = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(new URL(`/__control/${path}`, demo.simulator.url), {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.equal(response.status, 200, `control ${path} answered ${response.status}`);
    return (await response.json()) as T;
  };

  before(async () => {
    demo = await startDemo({ simulator: { webhookRetry: RETRY } });
    browser = await launchBrowser();
    page = await browser.newPage();
    await openDemo(page, demo.url);
    await signIn(page, 'Margaret Hamilton');
  });
  after(async () => {
    await page?.close();
    await browser?.close();
    await demo?.close();
  });

  test('deliveries during an outage are retried with backoff, all arrive once the endpoint is back, none is processed twice', async (t) => {
    const processedBefore = demo.backend.ledger.processed.length;
    const downAt = Date.now();
    demo.backend.setWebhookEndpoint('down');
    await waitForSelector(page, `${testId('endpoint-status')}[data-state="down"]`);
    // Cosmo delivers at least once: also send the first event twice, to prove the backend applies it once.
    await control('webhooks', { duplicate: 1 });

    await buyPoints(page, { programId: 'prog_orbitrail', points: 800 });
    await connectProgram(page, 'prog_cartly');
    await setShare(page, 'prog_cartly', 40);

    // The browser learns at once; the backend has applied nothing.
    for (const name of ['cosmo-transaction-complete', 'cosmo-program-connect', 'cosmo-program-update']) {
      await waitForSelector(page, domEvents(name));
    }
    const events = (await control<WebhookEventRecord[]>('events')).filter((record) => (record.event.data as { userId: string }).userId === USER_ID);
    assert.deepEqual(
      events.map((record) => record.event.type),
      ['transaction.confirmed', 'program_connection.added', 'program_connection.updated'],
    );
    const ids = events.map((record) => record.id);

    // Let every delivery fail a few times against the 503.
    await waitFor(
      `${FAILURES_BEFORE_RECOVERY} failed attempts per delivery`,
      async () => {
        const log = await control<DeliveryLogEntry[]>('deliveries');
        return ids.every((id) => log.filter((entry) => entry.id === id && entry.status === 503 && !entry.duplicate).length >= FAILURES_BEFORE_RECOVERY);
      },
      30_000,
    );
    assert.equal(demo.backend.ledger.processed.length, processedBefore, 'nothing applied while the endpoint was down');
    assert.equal(await count(page, webhookEntries('transaction.confirmed')), 0);
    assert.equal(demo.backend.ledger.member(USER_ID).balance, 25_000, 'the balance did not move on the DOM event alone');

    const recoveredAt = Date.now();
    demo.backend.setWebhookEndpoint('up');
    const log = await control<DeliveryLogEntry[]>('wait-for-deliveries', { timeoutMs: 30_000 });

    // Every event delivered, each copy's last attempt a 2xx after nothing but 503s.
    for (const id of ids) {
      const copies = [false, true].map((duplicate) => log.filter((entry) => entry.id === id && Boolean(entry.duplicate) === duplicate)).filter((attempts) => attempts.length > 0);
      for (const attempts of copies) {
        const last = attempts.at(-1)!;
        assert.equal(last.outcome, 'delivered', `${id} delivered`);
        assert.ok(last.status >= 200 && last.status < 300);
        assert.ok(attempts.slice(0, -1).every((entry) => entry.status === 503 && entry.outcome === 'retrying'), 'only 503s before the success');
        assert.deepEqual(
          attempts.map((entry) => entry.attempt),
          attempts.map((_, index) => index + 1),
        );
        // Exponential backoff with equal jitter: retry n waits between half and all of min(max, base·2^(n-1)).
        attempts.slice(0, -1).forEach((entry, index) => {
          const ceiling = Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** index);
          assert.ok(entry.nextDelayMs !== undefined && entry.nextDelayMs >= ceiling / 2 && entry.nextDelayMs <= ceiling, `retry ${index + 1} of ${id} waited ${entry.nextDelayMs} ms, expected ${ceiling / 2}–${ceiling}`);
        });
      }
    }
    const duplicated = ids.filter((id) => log.some((entry) => entry.id === id && entry.duplicate));
    assert.equal(duplicated.length, 1, 'one event was sent twice');

    // The backend applied each event exactly once, in the live view too, and debited the balance once.
    // Every delivery has had its 2xx, and the backend answers only after its callback ran: the log is final.
    const processed = demo.backend.ledger.processed.slice(processedBefore);
    assert.equal(processed.length, ids.length, 'each event processed exactly once');
    assert.deepEqual(processed.map((entry) => entry.webhookId).sort(), [...ids].sort());
    for (const [type, id] of [
      ['transaction.confirmed', ids[0]],
      ['program_connection.added', ids[1]],
      ['program_connection.updated', ids[2]],
    ] as const) {
      await waitForSelector(page, `${webhookEntries(type)}[data-webhook-id="${id}"]`);
      assert.equal(await count(page, `[data-testid="webhook-log"] li[data-webhook-id="${id}"]`), 1, `${type} shown once`);
    }
    assert.equal(demo.backend.ledger.member(USER_ID).balance, 25_000 - 800);
    const okAnswers = demo.backend.webhookResponses.filter((response) => response.status === 200).length;
    assert.equal(okAnswers, processedBefore + ids.length + 1, 'the duplicate copy was acknowledged (200) but not applied again');

    // The numbers, for the README and the closing note.
    const rows = ids.map((id, index) => {
      const attempts = log.filter((entry) => entry.id === id && !entry.duplicate);
      const first = Date.parse(attempts[0]!.at);
      const delivered = Date.parse(attempts.at(-1)!.at);
      return {
        type: events[index]!.event.type,
        attempts: attempts.length,
        failed: attempts.length - 1,
        delaysMs: attempts.slice(0, -1).map((entry) => entry.nextDelayMs),
        firstAttemptToDeliveredMs: delivered - first,
        endpointUpToDeliveredMs: delivered - recoveredAt,
      };
    });
    const outageMs = recoveredAt - downAt;
    const summary = `webhook retry numbers (base ${RETRY.baseDelayMs} ms, cap ${RETRY.maxDelayMs} ms, outage ${outageMs} ms):\n${rows
      .map((row) => `  ${row.type.padEnd(27)} attempts ${String(row.attempts).padStart(2)} (failed ${row.failed}), delays ${row.delaysMs.join('/')} ms, first attempt → delivered ${row.firstAttemptToDeliveredMs} ms, endpoint up → delivered ${row.endpointUpToDeliveredMs} ms`)
      .join('\n')}`;
    t.diagnostic(summary);
    console.log(summary);
    for (const row of rows) assert.ok(row.endpointUpToDeliveredMs <= RETRY.maxDelayMs + 1000, 'delivered within one capped backoff of recovery');
  });

  test("the page's outage button switches Acme's webhook route to 503 and back", async () => {
    const post = () => fetch(new URL('/webhooks/cosmo', demo.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(demo.backend.webhookEndpoint, 'up');
    await pressButton(page, testId('outage-toggle'));
    await waitForSelector(page, `${testId('endpoint-status')}[data-state="down"]`);
    assert.equal(demo.backend.webhookEndpoint, 'down');
    assert.equal((await post()).status, 503);
    await pressButton(page, testId('outage-toggle'));
    await waitForSelector(page, `${testId('endpoint-status')}[data-state="up"]`);
    assert.equal(demo.backend.webhookEndpoint, 'up');
    assert.equal((await post()).status, 400, 'back up, an unsigned request reaches the verifier and is refused');
  });
});
