'use client';
// The partner's client component: the purchase widget from @cosmopoints/widgets-react, and a log of the DOM events it
// fired (the end-to-end test reads it; a browser event is never proof of payment, the verified webhook is).
import { CosmoPurchaseWidget } from '@cosmopoints/widgets-react';
import { useState } from 'react';

interface Entry {
  event: string;
  detail: unknown;
}

export function Rewards({ tokenUrl, widgetUrl }: { tokenUrl: string; widgetUrl: string }) {
  const [log, setLog] = useState<Entry[]>([]);
  const record = (event: string) => (e: { detail: unknown }) => setLog((entries) => [...entries, { event, detail: e.detail }]);
  return (
    <>
      <CosmoPurchaseWidget
        tokenUrl={tokenUrl}
        widgetUrl={widgetUrl}
        onReady={record('cosmo-ready')}
        onTransactionComplete={record('cosmo-transaction-complete')}
        onError={record('cosmo-error')}
      />
      <ul data-testid="dom-log">
        {log.map((entry, index) => (
          <li key={index} data-event={entry.event}>
            {entry.event}
            <pre className="detail">{JSON.stringify(entry.detail)}</pre>
          </li>
        ))}
      </ul>
    </>
  );
}
