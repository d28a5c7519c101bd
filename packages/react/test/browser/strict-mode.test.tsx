/**
 * The React components in React 19 StrictMode (development build: effects and ref callbacks run twice)
 * against the real simulator in a cross-origin frame: each typed event prop fires once per DOM event,
 * and only one token fetch is effective per mount.
 */
import { expect } from '@open-wc/testing';
import { StrictMode, useCallback, useState } from 'react';
import { CosmoErrorEvent, CosmoTransactionCompleteEvent, CosmoTransactionFailEvent } from '@cosmopoints/widgets';
import type { CosmoMultibrandWidget as MultibrandElement, CosmoPurchaseWidget as PurchaseElement, FetchToken } from '@cosmopoints/widgets';
import { CosmoMultibrandWidget, CosmoPurchaseWidget, MULTIBRAND_EVENT_PROPS, PURCHASE_EVENT_PROPS } from '../../src/index.js';
import { control, fetchTestToken, inFrame, mountRoot, settle, testConfig, testId, tokenLog, uniqueKey, until } from './helpers.js';

/**
 * One recording handler per event prop of `table`, and a plain DOM listener per event name on `container`
 * (outside React). Each DOM event must reach its prop exactly once: the two logs must match one to one.
 */
function record<T extends Record<string, string>>(container: HTMLElement, table: T) {
  const calls: { prop: keyof T; event: Event }[] = [];
  const dom: Event[] = [];
  const handlers = Object.fromEntries(Object.keys(table).map((prop) => [prop, (event: Event) => void calls.push({ prop, event })])) as {
    [K in keyof T]: (event: Event) => void;
  };
  for (const name of Object.values(table)) container.addEventListener(name, (event) => dom.push(event));
  return {
    handlers,
    calls,
    dom,
    count: (prop: keyof T) => calls.filter((call) => call.prop === prop).length,
    /** Asserts the props saw exactly the DOM events, in order, each once, under the prop of its name. */
    expectOneCallPerEvent() {
      expect(calls.map((call) => call.event)).to.deep.equal(dom);
      for (const { prop, event } of calls) expect(event.type).to.equal(table[prop]);
      expect(new Set(calls.map((call) => call.event)).size).to.equal(calls.length);
    },
  };
}

describe('<CosmoPurchaseWidget> in StrictMode', () => {
  it('fires every typed event prop once through a purchase, a refresh, a decline and a close, with one effective token fetch per session', async function () {
    this.timeout(60_000);
    const { widgetUrls } = await testConfig();
    const key = uniqueKey();
    const { root, container } = mountRoot();
    const rec = record(container, PURCHASE_EVENT_PROPS);
    let element: PurchaseElement | null = null;
    let refCalls = 0;
    root.render(
      <StrictMode>
        <CosmoPurchaseWidget
          ref={(el) => {
            if (el) refCalls += 1;
            element = el;
          }}
          tokenUrl={`/api/cosmo/token?key=${key}&user=react-${key}`}
          widgetUrl={widgetUrls.purchase}
          {...rec.handlers}
        />
      </StrictMode>,
    );
    await until(() => rec.count('onReady') === 1, 10_000, 'onReady');
    const el = element as PurchaseElement | null;
    if (!el) throw new Error('no element ref');
    expect(el.localName).to.equal('cosmo-purchase-widget');
    // StrictMode is really on: React attached the ref, detached it and attached it again.
    expect(refCalls).to.be.greaterThan(1);
    expect(el.shadowRoot!.querySelectorAll('iframe')).to.have.length(1);
    const first = await tokenLog(key);
    expect(first.received - first.aborted, 'effective token fetches at mount').to.equal(1);
    expect(first.completed).to.equal(1);

    // The session expires before the purchase: the widget asks for a token once, the element fetches it once.
    await control('expire-tokens');
    await inFrame(el, 'click', testId('program-prog_skyair'));
    await inFrame(el, 'fill', testId('points-input'), 1200);
    await inFrame(el, 'click', testId('confirm'));
    await until(() => rec.count('onTransactionComplete') === 1, 15_000, 'onTransactionComplete');
    expect(rec.count('onTokenRefresh')).to.equal(1);
    const complete = rec.calls.find((call) => call.prop === 'onTransactionComplete')!.event;
    expect(complete).to.be.instanceOf(CosmoTransactionCompleteEvent);
    expect((complete as CosmoTransactionCompleteEvent).detail).to.include({ points: 1200 });
    expect((complete as CosmoTransactionCompleteEvent).detail.program.id).to.equal('prog_skyair');

    await inFrame(el, 'click', testId('again'));
    await inFrame(el, 'click', testId('program-prog_decline'));
    await inFrame(el, 'click', testId('confirm'));
    await until(() => rec.count('onTransactionFail') === 1, 15_000, 'onTransactionFail');
    const fail = rec.calls.find((call) => call.prop === 'onTransactionFail')!.event as CosmoTransactionFailEvent;
    expect(fail).to.be.instanceOf(CosmoTransactionFailEvent);
    expect(fail.detail.code).to.equal('declined');

    await inFrame(el, 'click', testId('close'));
    await until(() => rec.count('onClose') === 1, 10_000, 'onClose');
    await settle();

    for (const prop of ['onReady', 'onClose', 'onTokenRefresh', 'onTransactionComplete', 'onTransactionFail'] as const) {
      expect(rec.count(prop), prop).to.equal(1);
    }
    expect(rec.count('onError')).to.equal(0);
    expect(rec.count('onResize')).to.be.greaterThan(0);
    rec.expectOneCallPerEvent();
    const after = await tokenLog(key);
    expect(after.received - after.aborted, 'mount + one refresh').to.equal(2);
  });

  it('fires onError once, after the element\'s own retries, when the token endpoint keeps failing: one session in StrictMode', async () => {
    const { widgetUrls } = await testConfig();
    const key = uniqueKey();
    const { root, container } = mountRoot();
    const rec = record(container, PURCHASE_EVENT_PROPS);
    root.render(
      <StrictMode>
        <CosmoPurchaseWidget tokenUrl={`/api/cosmo/token?key=${key}&mode=500`} widgetUrl={widgetUrls.purchase} {...rec.handlers} />
      </StrictMode>,
    );
    await until(() => rec.count('onError') === 1, 10_000, 'onError');
    await settle();
    const error = rec.calls[0]!.event as CosmoErrorEvent;
    expect(error).to.be.instanceOf(CosmoErrorEvent);
    expect(error.detail).to.include({ code: 'token-http-error', status: 500, recoverable: true, attempts: 4 });
    expect(rec.calls).to.have.length(1);
    expect((await tokenLog(key)).received, 'four attempts of one session, not two sessions').to.equal(4);
    rec.expectOneCallPerEvent();
  });

  it('keeps one session across re-renders with new inline handlers, calls only the latest handler, and aborts the fetch on unmount', async () => {
    const { widgetUrls } = await testConfig();
    const key = uniqueKey();
    const { root } = mountRoot();
    const seen: string[] = [];
    let rerender!: (n: number) => void;
    function Page() {
      const [n, setN] = useState(0);
      rerender = setN;
      // A stable token source (useCallback): an inline one would start a new session on every render.
      const fetchToken = useCallback<FetchToken>((context) => fetchTestToken(key, context), []);
      return <CosmoPurchaseWidget fetchToken={fetchToken} widgetUrl={widgetUrls.purchase} appearance={{ colorPrimary: n % 2 ? '#aa0000' : '#0000aa' }} onReady={() => seen.push(`ready@${n}`)} />;
    }
    root.render(
      <StrictMode>
        <Page />
      </StrictMode>,
    );
    await until(() => seen.length === 1, 10_000, 'onReady');
    for (let n = 1; n <= 5; n += 1) rerender(n);
    await settle(500);
    expect(seen).to.deep.equal(['ready@0']);
    expect((await tokenLog(key)).received).to.equal(1);
    const el = document.querySelector('cosmo-purchase-widget')!;
    expect(el.state).to.equal('ready');
    root.unmount();
    expect(el.isConnected).to.equal(false);
  });

  it('aborts a pending token fetch when StrictMode unmounts the tree before the token arrives', async () => {
    const { widgetUrls } = await testConfig();
    const key = uniqueKey();
    const { root, container } = mountRoot();
    const rec = record(container, PURCHASE_EVENT_PROPS);
    root.render(
      <StrictMode>
        <CosmoPurchaseWidget tokenUrl={`/api/cosmo/token?key=${key}&mode=slow&ms=10000`} widgetUrl={widgetUrls.purchase} {...rec.handlers} />
      </StrictMode>,
    );
    await until(async () => (await tokenLog(key)).received === 1, 5000, 'the token request');
    const el = document.querySelector('cosmo-purchase-widget')!;
    root.unmount();
    await settle(100);
    expect(el.shadowRoot!.querySelector('iframe')).to.equal(null);
    const log = await until(async () => {
      const l = await tokenLog(key);
      return l.aborted === 1 ? l : undefined;
    }, 5000, 'the server to see the abort');
    expect(log.received).to.equal(1);
    expect(log.completed).to.equal(0);
    expect(rec.calls).to.deep.equal([]);
  });
});

describe('<CosmoMultibrandWidget> in StrictMode', () => {
  it('fires onProgramConnect, onProgramUpdate and onProgramDisconnect once each with one effective token fetch', async function () {
    this.timeout(60_000);
    const { widgetUrls } = await testConfig();
    const key = uniqueKey();
    const { root, container } = mountRoot();
    const rec = record(container, MULTIBRAND_EVENT_PROPS);
    let element: MultibrandElement | null = null;
    root.render(
      <StrictMode>
        <CosmoMultibrandWidget
          ref={(el) => {
            element = el;
          }}
          tokenUrl={`/api/cosmo/token?key=${key}&user=react-${key}`}
          widgetUrl={widgetUrls.multibrand}
          {...rec.handlers}
        />
      </StrictMode>,
    );
    await until(() => rec.count('onReady') === 1, 10_000, 'onReady');
    const el = element as MultibrandElement | null;
    if (!el) throw new Error('no element ref');
    await inFrame(el, 'click', testId('connect-prog_cartly'));
    await until(() => rec.count('onProgramConnect') === 1, 10_000, 'onProgramConnect');
    await inFrame(el, 'fill', testId('share-prog_cartly'), 70);
    await inFrame(el, 'click', testId('save-prog_cartly'));
    await until(() => rec.count('onProgramUpdate') === 1, 10_000, 'onProgramUpdate');
    await inFrame(el, 'click', testId('disconnect-prog_cartly'));
    await until(() => rec.count('onProgramDisconnect') === 1, 10_000, 'onProgramDisconnect');
    await settle();
    for (const prop of ['onReady', 'onProgramConnect', 'onProgramUpdate', 'onProgramDisconnect'] as const) expect(rec.count(prop), prop).to.equal(1);
    expect(rec.count('onError')).to.equal(0);
    rec.expectOneCallPerEvent();
    const update = rec.calls.find((call) => call.prop === 'onProgramUpdate')!.event as GlobalEventHandlersEventMap['cosmo-program-update'];
    expect([update.detail.program.id, update.detail.share, update.detail.previousShare]).to.deep.equal(['prog_cartly', 70, 50]);
    const log = await tokenLog(key);
    expect(log.received - log.aborted).to.equal(1);
  });
});
