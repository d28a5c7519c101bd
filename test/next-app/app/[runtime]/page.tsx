// /node and /edge: the same client component, talking to the token route of that runtime. A server component, so the
// simulator's widget URL is read from the environment at request time.
import { notFound } from 'next/navigation';
import { Rewards } from './rewards';

export const dynamic = 'force-dynamic';

export default async function RuntimePage({ params }: { params: Promise<{ runtime: string }> }) {
  const { runtime } = await params;
  if (runtime !== 'node' && runtime !== 'edge') notFound();
  return (
    <main>
      <h1>Rewards ({runtime} runtime)</h1>
      <Rewards tokenUrl={`/api/cosmo/token/${runtime}`} widgetUrl={process.env.COSMO_PURCHASE_WIDGET_URL ?? ''} />
    </main>
  );
}
