/**
 * Program sign-ins over real HTTP: the widget API (token only), the sign-in page and its plain form post, the control
 * API, expiry, ownership, and the multibrand connection that needs a completed sign-in; and the program terms page.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { PROGRAMS, startSimulator } from '../../src/index.js';
import type { Simulator } from '../../src/index.js';
import { call, widgetToken } from './helpers.js';

/** A form post as a browser sends it without JavaScript; redirects are not followed, to see the 303. */
const postForm = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });

const page = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, html: await response.text() };
};

describe('program sign-ins', () => {
  let sim: Simulator;
  let token: string;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  beforeEach(async () => {
    await sim.control.reset();
    token = await widgetToken(sim.url, 'multibrand', 'user_ada');
  });

  const start = async (programId = 'prog_orbitrail', as = token) => {
    const response = await call(sim.url, 'POST', '/widget-api/sign-ins', { token: as, body: { programId } });
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return response.body as { signInId: string; url: string; program: { id: string; name: string }; status: string; expiresAt: string };
  };
  const poll = (signInId: string, as = token) => call(sim.url, 'GET', `/widget-api/sign-ins/${signInId}`, { token: as });
  const connect = (body: Record<string, unknown>, as = token) => call(sim.url, 'POST', '/widget-api/connections', { token: as, body });

  it('marks Orbit Rail as the seeded program that requires a sign-in, and lists it so in the widget API', async () => {
    assert.deepEqual(PROGRAMS.filter((program) => program.signInRequired).map((program) => program.id), ['prog_orbitrail']);
    const { body } = await call(sim.url, 'GET', '/widget-api/programs', { token });
    assert.deepEqual(
      body.programs.map((program: { id: string; signInRequired: boolean }) => [program.id, program.signInRequired]),
      [['prog_skyair', false], ['prog_staywell', false], ['prog_cartly', false], ['prog_orbitrail', true]],
    );
  });

  it('creates a pending sign-in whose page is on the origin the app reached the simulator at, expiring in 10 minutes', async () => {
    const before = Date.now();
    const signIn = await start();
    assert.match(signIn.signInId, /^si_[A-Za-z0-9_-]{24}$/);
    assert.equal(signIn.url, `${sim.url}/sign-in/${signIn.signInId}`);
    assert.deepEqual([signIn.program, signIn.status], [{ id: 'prog_orbitrail', name: 'Orbit Rail Club' }, 'pending']);
    const lifetime = Date.parse(signIn.expiresAt) - before;
    assert.ok(lifetime > 599_000 && lifetime <= 601_000, `expires in ${lifetime} ms`);
    const viaLocalhost = await call(sim.url.replace('127.0.0.1', 'localhost'), 'POST', '/widget-api/sign-ins', { token, body: { programId: 'prog_orbitrail' } });
    assert.equal(viaLocalhost.body.url, `${sim.url.replace('127.0.0.1', 'localhost')}/sign-in/${viaLocalhost.body.signInId}`);
  });

  it('refuses to connect a sign-in-required program without a completed sign-in (403 sign-in-required)', async () => {
    const refusedWithout = await connect({ programId: 'prog_orbitrail' });
    assert.deepEqual([refusedWithout.status, refusedWithout.body.error.code], [403, 'sign-in-required']);
    const signIn = await start();
    const refusedPending = await connect({ programId: 'prog_orbitrail', signInId: signIn.signInId });
    assert.deepEqual([refusedPending.status, refusedPending.body.error.code], [403, 'sign-in-required']);
    assert.deepEqual(sim.control.connections('user_ada').map((c) => c.program.id), ['prog_skyair']);
  });

  it('completes by the page’s plain form post (303 back to the page), then the poll reads completed and the program connects', async () => {
    const signIn = await start();
    const pending = await page(signIn.url);
    assert.equal(pending.status, 200);
    assert.match(pending.html, /<main class="app" data-testid="sign-in-page" data-status="pending" data-program="prog_orbitrail">/);
    assert.match(pending.html, /<form method="post"[^>]*>/);
    assert.match(pending.html, /<button type="submit" class="primary" name="action" value="complete" data-testid="sign-in-confirm">Sign in to Orbit Rail Club<\/button>/);
    assert.doesNotMatch(pending.html, /<script/i, 'the page works without JavaScript');
    assert.equal(pending.headers.get('content-security-policy'), "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    assert.deepEqual([pending.headers.get('cache-control'), pending.headers.get('referrer-policy')], ['no-store', 'no-referrer']);
    assert.equal((await poll(signIn.signInId)).body.status, 'pending');

    const posted = await postForm(signIn.url, { action: 'complete' });
    assert.deepEqual([posted.status, posted.headers.get('location')], [303, `/sign-in/${signIn.signInId}`]);
    assert.match((await page(signIn.url)).html, /data-status="completed"[^>]*><h1 class="title">Signed in to Orbit Rail Club<\/h1>/);
    assert.equal((await poll(signIn.signInId)).body.status, 'completed');

    const connected = await connect({ programId: 'prog_orbitrail', signInId: signIn.signInId });
    assert.equal(connected.status, 201, JSON.stringify(connected.body));
    assert.deepEqual(connected.body.connection, { program: { id: 'prog_orbitrail', name: 'Orbit Rail Club' }, share: 50 });
  });

  it('completes through the control API (HTTP and sim.control), which lists every sign-in with its owner', async () => {
    const first = await start();
    const second = await start();
    const completed = await call(sim.url, 'POST', `/__control/sign-ins/${first.signInId}/complete`);
    assert.deepEqual([completed.status, completed.body.status, completed.headers.get('access-control-allow-origin')], [200, 'completed', '*']);
    assert.equal(sim.control.completeSignIn(second.signInId).status, 'completed');
    assert.equal(sim.control.completeSignIn(second.signInId).status, 'completed', 'completing twice changes nothing');
    const { body: listed } = await call(sim.url, 'GET', '/__control/sign-ins');
    assert.deepEqual(
      listed.map((signIn: Record<string, unknown>) => [signIn.signInId, signIn.url, signIn.programId, signIn.userId, signIn.environment, signIn.clientId, signIn.status]),
      [first, second].map((signIn) => [signIn.signInId, signIn.url, 'prog_orbitrail', 'user_ada', 'sandbox', 'demo-client', 'completed']),
    );
    assert.deepEqual(sim.control.signIns(), listed);
    const unknown = await call(sim.url, 'POST', '/__control/sign-ins/si_nope/complete');
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'sign-in-not-found']);
  });

  it('belongs to the token’s user: another user’s token cannot read, cancel or connect with it; the same user’s fresh token can', async () => {
    const signIn = await start();
    sim.control.completeSignIn(signIn.signInId);
    const grace = await widgetToken(sim.url, 'multibrand', 'user_grace');
    for (const response of [await poll(signIn.signInId, grace), await call(sim.url, 'POST', `/widget-api/sign-ins/${signIn.signInId}/cancel`, { token: grace })]) {
      assert.deepEqual([response.status, response.body.error.code], [404, 'sign-in-not-found']);
    }
    const stolen = await connect({ programId: 'prog_orbitrail', signInId: signIn.signInId }, grace);
    assert.deepEqual([stolen.status, stolen.body.error.code], [403, 'sign-in-required']);
    const noToken = await call(sim.url, 'GET', `/widget-api/sign-ins/${signIn.signInId}`);
    assert.deepEqual([noToken.status, noToken.body.error.code], [401, 'unauthorized']);
    const unknownToken = await poll(signIn.signInId, 'wtm_not-a-token');
    assert.deepEqual([unknownToken.status, unknownToken.body.error.code], [401, 'invalid-token']);

    const refreshed = await widgetToken(sim.url, 'multibrand', 'user_ada');
    assert.equal((await poll(signIn.signInId, refreshed)).body.status, 'completed');
    assert.equal((await connect({ programId: 'prog_orbitrail', signInId: signIn.signInId }, refreshed)).status, 201);
  });

  it('belongs to its program: a sign-in with Orbit Rail does not connect Cartly… and Cartly needs none', async () => {
    const signIn = await start('prog_cartly');
    sim.control.completeSignIn(signIn.signInId);
    const orbit = await start();
    sim.control.completeSignIn(orbit.signInId);
    assert.equal((await connect({ programId: 'prog_cartly' })).status, 201);
    const wrong = await connect({ programId: 'prog_orbitrail', signInId: signIn.signInId });
    assert.deepEqual([wrong.status, wrong.body.error.code], [403, 'sign-in-required']);
    assert.match(wrong.body.error.message, /is for another program/);
  });

  it('expires: a pending sign-in past its time polls as expired, cannot be completed (409 sign-in-closed) nor used', async () => {
    const signIn = await start();
    assert.deepEqual(sim.control.expireSignIns(), { expired: 1 });
    assert.deepEqual((await call(sim.url, 'POST', '/__control/sign-ins/expire')).body, { expired: 0 });
    assert.equal((await poll(signIn.signInId)).body.status, 'expired');
    const late = await call(sim.url, 'POST', `/__control/sign-ins/${signIn.signInId}/complete`);
    assert.deepEqual([late.status, late.body.error.code, late.body.error.status], [409, 'sign-in-closed', 'expired']);
    const posted = await postForm(signIn.url, { action: 'complete' });
    assert.equal(posted.status, 303);
    const shown = await page(signIn.url);
    assert.match(shown.html, /data-status="expired"/);
    assert.doesNotMatch(shown.html, /<form/, 'no form once it is over');
    assert.equal((await connect({ programId: 'prog_orbitrail', signInId: signIn.signInId })).status, 403);
  });

  it('cancels from the widget (the page then says so) or from the page (the widget’s poll then reads cancelled)', async () => {
    const fromWidget = await start();
    const cancelled = await call(sim.url, 'POST', `/widget-api/sign-ins/${fromWidget.signInId}/cancel`, { token });
    assert.deepEqual([cancelled.status, cancelled.body.status], [200, 'cancelled']);
    assert.match((await page(fromWidget.url)).html, /data-status="cancelled"[^>]*><h1 class="title">Sign-in cancelled<\/h1>/);
    const late = await call(sim.url, 'POST', `/__control/sign-ins/${fromWidget.signInId}/complete`);
    assert.deepEqual([late.status, late.body.error.code, late.body.error.status], [409, 'sign-in-closed', 'cancelled']);

    const fromPage = await start();
    assert.equal((await postForm(fromPage.url, { action: 'cancel' })).status, 303);
    assert.equal((await poll(fromPage.signInId)).body.status, 'cancelled');
    sim.control.completeSignIn((await start()).signInId);
    const afterCompletion = sim.control.signIns().at(-1)!;
    const cancelCompleted = await call(sim.url, 'POST', `/widget-api/sign-ins/${afterCompletion.signInId}/cancel`, { token });
    assert.equal(cancelCompleted.body.status, 'completed', 'a sign-in no longer pending is left as it is');
  });

  it('answers an unknown sign-in page with 404, a malformed form post with 400, and forgets sign-ins on reset', async () => {
    assert.equal((await page(`${sim.url}/sign-in/si_nope`)).status, 404);
    assert.equal((await postForm(`${sim.url}/sign-in/si_nope`, { action: 'complete' })).status, 404);
    const signIn = await start();
    const malformed = await postForm(signIn.url, { action: 'steal' });
    assert.equal(malformed.status, 400);
    assert.equal((await poll(signIn.signInId)).body.status, 'pending');
    const unknownProgram = await call(sim.url, 'POST', '/widget-api/sign-ins', { token, body: { programId: 'prog_nope' } });
    assert.deepEqual([unknownProgram.status, unknownProgram.body.error.code], [404, 'program-not-found']);
    await sim.control.reset();
    assert.deepEqual(sim.control.signIns(), []);
    assert.equal((await page(signIn.url)).status, 404);
  });
});

describe('program terms pages', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('serves each active program’s terms as a small HTML page on the simulator’s origin, linked from the widget API', async () => {
    const token = await widgetToken(sim.url, 'purchase', 'user_ada');
    const { body } = await call(sim.url, 'GET', '/widget-api/programs', { token });
    const skyair = body.programs.find((program: { id: string }) => program.id === 'prog_skyair');
    assert.equal(skyair.termsUrl, `${sim.url}/programs/prog_skyair/terms`);
    const terms = await page(skyair.termsUrl);
    assert.equal(terms.status, 200);
    assert.match(terms.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(terms.html, /<main class="app" data-testid="terms-page" data-program="prog_skyair">\n<h1 class="title">SkyAir Miles: program terms<\/h1>/);
    assert.equal(terms.headers.get('content-security-policy')?.includes("frame-ancestors 'none'"), true);
    assert.equal((await page(`${sim.url}/programs/prog_legacy/terms`)).status, 404, 'an inactive program has no terms page');
    assert.equal((await page(`${sim.url}/programs/prog_nope/terms`)).status, 404);
  });
});
