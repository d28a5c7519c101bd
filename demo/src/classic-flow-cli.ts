/**
 * `pnpm --filter cosmo-demo classic-flow`: walks the classic flow (validate → preview → issue → fetch back by reference)
 * against a local simulator, or against the Cosmo API named by `COSMO_API_URL` with `COSMO_CLIENT_ID` /
 * `COSMO_CLIENT_SECRET`, printing each step; then issues once more with the same reference to show that the second
 * call returns the first transaction. Build the packages first (`pnpm build`).
 *
 *   pnpm --filter cosmo-demo classic-flow -- --program prog_staywell --member-email ada@example.com --value 40
 */
import { parseArgs } from 'node:util';
import { createCosmoClient } from '@cosmopoints/server';
import { startSimulator } from '@cosmopoints/simulator';
import type { Simulator } from '@cosmopoints/simulator';
import { DEMO_CLIENT } from './backend.js';
import { runClassicFlow } from './classic-flow.js';

const { values } = parseArgs({
  options: {
    program: { type: 'string', default: 'prog_skyair' },
    'member-id': { type: 'string' },
    'member-email': { type: 'string' },
    value: { type: 'string', default: '25' },
    reference: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
});

if (values.help) {
  console.log(`Usage: pnpm --filter cosmo-demo classic-flow [-- --program prog_skyair] [--member-id SKY-100200] [--member-email ada@example.com] [--value 25] [--reference acme-order-1]
Against Cosmo instead of a local simulator: COSMO_API_URL, COSMO_CLIENT_ID, COSMO_CLIENT_SECRET.`);
  process.exit(0);
}

const member = {
  ...(values['member-id'] ? { destinationUserId: values['member-id'] } : {}),
  ...(values['member-email'] ? { destinationUserEmail: values['member-email'] } : {}),
};
if (Object.keys(member).length === 0) member.destinationUserId = 'SKY-100200'; // a seeded SkyAir member of the simulator

let simulator: Simulator | undefined;
const baseUrl = process.env.COSMO_API_URL ?? (simulator = await startSimulator({ clients: [{ ...DEMO_CLIENT }] })).url;
const cosmo = createCosmoClient({
  clientId: process.env.COSMO_CLIENT_ID ?? DEMO_CLIENT.clientId,
  clientSecret: process.env.COSMO_CLIENT_SECRET ?? DEMO_CLIENT.clientSecret,
  baseUrl,
});
const referenceNumber = values.reference ?? `acme-order-${Date.now()}`;

try {
  console.log(`Cosmo API: ${baseUrl}${simulator ? ' (local simulator)' : ''}`);
  const result = await runClassicFlow(cosmo, { programId: values.program, member, value: Number(values.value), referenceNumber, description: 'Acme classic-flow demo', log: console.log });
  if (result.issued) {
    const again = await cosmo.issuePoints({ programId: values.program, value: Number(values.value), userId: member.destinationUserId ?? member.destinationUserEmail ?? '', referenceNumber });
    console.log(`6. issued again with the same reference: transaction ${again.id} (${again.id === result.issued.id ? 'the same one: exactly once' : 'A DIFFERENT ONE'})`);
  }
} catch (error) {
  console.error(`classic flow failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await simulator?.close();
}
