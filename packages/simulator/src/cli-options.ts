/** Command-line parsing of `cosmo-sim`, separate from `cli.ts` so it can be tested without starting a server. */
import { parseArgs } from 'node:util';
import { DEFAULT_CLIENTS } from './simulator.js';
import type { SimulatorOptions } from './simulator.js';
import type { ClientCredentials } from './store.js';
import { DEFAULT_WEBHOOK_RETRY } from './webhooks.js';

/** The CLI's default port. */
export const DEFAULT_CLI_PORT = 4010;

/** The `--help` text. */
export const HELP = `cosmo-sim: a local stand-in for Cosmo (partner API, widget apps, signed webhooks)

Usage: cosmo-sim [options]

  -p, --port <n>                 port to listen on (default ${DEFAULT_CLI_PORT}; 0 = any free port)
      --host <addr>              interface (default 127.0.0.1; 0.0.0.0 to expose it)
      --client-id <id>           accepted client id (default demo-client)
      --client-secret <secret>   its sandbox secret (default demo-secret-sandbox)
      --production-secret <s>    also accept this production secret for the same client id
      --webhook-url <url>        where signed webhooks are POSTed (default: none, events only recorded)
      --webhook-secret <whsec_>  signing secret (default: the fixed demo secret)
      --webhook-max-attempts <n> attempts per delivery (default ${DEFAULT_WEBHOOK_RETRY.maxAttempts})
      --webhook-base-delay <ms>  first retry delay, doubled each retry (default ${DEFAULT_WEBHOOK_RETRY.baseDelayMs})
      --webhook-max-delay <ms>   cap on one retry delay (default ${DEFAULT_WEBHOOK_RETRY.maxDelayMs})
      --widget-token-ttl <s>     widget token lifetime in seconds (default 900)
      --access-token-ttl <s>     access token lifetime in seconds (default 600)
      --allowed-origin <origin>  host page origin allowed to embed the widgets (repeatable; default any)
  -v, --verbose                  print every request and webhook delivery
  -h, --help                     print this help

Environment variables COSMO_SIM_PORT, COSMO_SIM_WEBHOOK_URL and COSMO_SIM_WEBHOOK_SECRET
are read when the matching flag is absent.`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number, got "${value}"`);
  return Number(value);
}

/** Parses the command line into simulator options; `undefined` when help was asked for. */
export function parseCli(argv: string[], env: Record<string, string | undefined> = {}): { options: SimulatorOptions; verbose: boolean } | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'production-secret': { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'webhook-max-attempts': { type: 'string' },
      'webhook-base-delay': { type: 'string' },
      'webhook-max-delay': { type: 'string' },
      'widget-token-ttl': { type: 'string' },
      'access-token-ttl': { type: 'string' },
      'allowed-origin': { type: 'string', multiple: true },
      verbose: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  const defaults = DEFAULT_CLIENTS[0]!;
  const clientId = values['client-id'] ?? defaults.clientId;
  const clients: ClientCredentials[] = [{ clientId, clientSecret: values['client-secret'] ?? defaults.clientSecret, environment: 'sandbox' }];
  if (values['production-secret']) clients.push({ clientId, clientSecret: values['production-secret'], environment: 'production' });
  const webhookUrl = values['webhook-url'] ?? env.COSMO_SIM_WEBHOOK_URL;
  const webhookSecret = values['webhook-secret'] ?? env.COSMO_SIM_WEBHOOK_SECRET;
  const widgetTtl = integer('widget-token-ttl', values['widget-token-ttl']);
  const accessTtl = integer('access-token-ttl', values['access-token-ttl']);
  const maxAttempts = integer('webhook-max-attempts', values['webhook-max-attempts']);
  const baseDelayMs = integer('webhook-base-delay', values['webhook-base-delay']);
  const maxDelayMs = integer('webhook-max-delay', values['webhook-max-delay']);
  const options: SimulatorOptions = {
    host: values.host ?? '127.0.0.1',
    port: integer('port', values.port ?? env.COSMO_SIM_PORT) ?? DEFAULT_CLI_PORT,
    clients,
    ...(webhookUrl ? { webhookUrl } : {}),
    ...(webhookSecret ? { webhookSecret } : {}),
    ...(widgetTtl === undefined ? {} : { widgetTokenTtlSeconds: widgetTtl }),
    ...(accessTtl === undefined ? {} : { accessTokenTtlSeconds: accessTtl }),
    ...(values['allowed-origin'] ? { allowedOrigins: values['allowed-origin'] } : {}),
    webhookRetry: {
      ...(maxAttempts === undefined ? {} : { maxAttempts }),
      ...(baseDelayMs === undefined ? {} : { baseDelayMs }),
      ...(maxDelayMs === undefined ? {} : { maxDelayMs }),
    },
  };
  return { options, verbose: values.verbose ?? false };
}

