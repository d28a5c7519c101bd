/**
 * Acme Rewards with `@cosmopoints/widgets-react`, rendered in React 19 StrictMode (double mount in
 * development): both widgets, every typed event prop, one token fetch per widget.
 */
import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { CosmoMultibrandWidget, CosmoPurchaseWidget } from '@cosmopoints/widgets-react';
import { currentMember, logEntry, TOKEN_URL, widgetUrls } from '../shared/config.js';
import type { LoggedEvent } from '../shared/config.js';

const urls = widgetUrls();

function App() {
  const [log, setLog] = useState<LoggedEvent[]>([]);
  const [member, setMember] = useState<{ signedIn: boolean; name?: string } | undefined>();
  useEffect(() => {
    const controller = new AbortController();
    void currentMember(controller.signal).then((m) => !controller.signal.aborted && setMember(m));
    return () => controller.abort();
  }, []);
  // One stable handler per widget: an inline arrow would be fine too (only the latest is called).
  const onPurchaseEvent = useCallback((event: Event) => setLog((entries) => [logEntry('purchase', event), ...entries]), []);
  const onMultibrandEvent = useCallback((event: Event) => setLog((entries) => [logEntry('multibrand', event), ...entries]), []);

  return (
    <>
      <header>
        <h1>Acme Rewards · React</h1>
        <nav>
          <a href="/">Main demo</a>
          <a href="/apps/react/" aria-current="page">React</a>
          <a href="/apps/vue/">Vue</a>
          <a href="/apps/angular/">Angular</a>
        </nav>
        <span data-testid="member">{member === undefined ? '' : member.signedIn ? `Signed in as ${member.name ?? 'member'}` : 'Signed out'}</span>
      </header>
      <main data-framework="react">
        {member && !member.signedIn ? (
          <p className="notice" data-testid="signed-out-notice">
            Sign in on the <a href="/">main demo page</a> first: the token route answers 401 without a session.
          </p>
        ) : null}
        <section>
          <h2>Exchange points</h2>
          <CosmoPurchaseWidget
            tokenUrl={TOKEN_URL}
            widgetUrl={urls.purchase}
            onReady={onPurchaseEvent}
            onResize={onPurchaseEvent}
            onClose={onPurchaseEvent}
            onError={onPurchaseEvent}
            onTokenRefresh={onPurchaseEvent}
            onTransactionComplete={(event) => {
              // Not proof of payment: the balance moves only when the signed webhook reaches the backend.
              onPurchaseEvent(event);
            }}
            onTransactionFail={onPurchaseEvent}
          />
        </section>
        <section>
          <h2>Reward preferences</h2>
          <CosmoMultibrandWidget
            tokenUrl={TOKEN_URL}
            widgetUrl={urls.multibrand}
            onReady={onMultibrandEvent}
            onResize={onMultibrandEvent}
            onClose={onMultibrandEvent}
            onError={onMultibrandEvent}
            onTokenRefresh={onMultibrandEvent}
            onProgramConnect={onMultibrandEvent}
            onProgramDisconnect={onMultibrandEvent}
            onProgramUpdate={onMultibrandEvent}
          />
        </section>
        <section className="log">
          <h2>Typed event props</h2>
          <ol data-testid="event-log">
            {log.map((entry) => (
              <li key={entry.seq} data-event={entry.type} data-widget={entry.widget}>
                <strong>{entry.type}</strong> from {entry.widget}
                <pre className="detail">{JSON.stringify(entry.detail)}</pre>
              </li>
            ))}
          </ol>
        </section>
      </main>
    </>
  );
}

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
