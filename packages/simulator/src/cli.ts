#!/usr/bin/env node
/**
 * `cosmo-sim`: runs the Cosmo simulator from the command line and prints its URLs.
 * @example
 * cosmo-sim --port 4010 --webhook-url http://localhost:3000/webhooks/cosmo
 */
import { HELP, parseCli } from './cli-options.js';
import { SimulatorError } from './errors.js';
import { DEFAULT_CLIENTS, DEFAULT_WEBHOOK_SECRET, startSimulator } from './simulator.js';

const mask = (secret: string, fallback: string) => (secret === fallback ? `${secret} (demo default)` : `${secret.slice(0, 4)}… (set)`);

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`cosmo-sim: ${error instanceof Error ? error.message : String(error)}\nRun cosmo-sim --help for the options.`);
    process.exitCode = 2;
    return;
  }
  if (!parsed) {
    console.log(HELP);
    return;
  }
  const { options, verbose } = parsed;
  if (verbose) {
    options.onRequest = (entry) => console.log(`${entry.at} ${entry.method} ${entry.path} → ${entry.status} [${entry.route}]`);
    options.onDelivery = (entry) =>
      console.log(`${entry.at} webhook ${entry.type} ${entry.id} attempt ${entry.attempt} → ${entry.outcome}${entry.status ? ` ${entry.status}` : ''}${entry.error ? ` (${entry.error})` : ''}`);
  }
  const sim = await startSimulator(options);
  const client = options.clients?.[0] ?? DEFAULT_CLIENTS[0]!;
  console.log(`cosmo-sim listening on ${sim.url}

  API base           ${sim.url}   (environment-pinned: ${sim.environmentUrls.sandbox}, ${sim.environmentUrls.production})
  Purchase widget    ${sim.widgetUrls.purchase}
  Multibrand widget  ${sim.widgetUrls.multibrand}
  Control API        ${sim.url}/__control/
  Client             ${client.clientId} / ${mask(client.clientSecret, DEFAULT_CLIENTS[0]!.clientSecret)} (sandbox)${options.clients && options.clients.length > 1 ? ' + a production secret' : ''}
  Webhooks           ${options.webhookUrl ? `→ ${options.webhookUrl}` : 'no URL (events recorded only; --webhook-url to deliver)'}
  Webhook secret     ${mask(options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET, DEFAULT_WEBHOOK_SECRET)}

Press Ctrl+C to stop.`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`cosmo-sim: ${error instanceof SimulatorError || error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
