/** `cosmo-sim`: flag parsing, and the built CLI started as a process, answering, then stopping on SIGTERM. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parseCli } from '../../src/cli-options.js';

describe('cosmo-sim flags', () => {
  it('defaults to 127.0.0.1:4010 with the demo client and no webhook URL', () => {
    const parsed = parseCli([]);
    assert.equal(parsed?.options.port, 4010);
    assert.equal(parsed?.options.host, '127.0.0.1');
    assert.deepEqual(parsed?.options.clients, [{ clientId: 'demo-client', clientSecret: 'demo-secret-sandbox', environment: 'sandbox' }]);
    assert.equal(parsed?.options.webhookUrl, undefined);
    assert.equal(parsed?.verbose, false);
  });

  it('maps every flag to its option', () => {
    const parsed = parseCli([
      '-p', '0', '--host', '0.0.0.0', '--client-id', 'acme', '--client-secret', 's1', '--production-secret', 'p1',
      '--webhook-url', 'http://127.0.0.1:3000/hooks', '--webhook-secret', 'whsec_abc', '--widget-token-ttl', '60',
      '--access-token-ttl', '120', '--allowed-origin', 'http://localhost:5173', '--allowed-origin', 'https://shop.example',
      '--webhook-max-attempts', '3', '--webhook-base-delay', '100', '--webhook-max-delay', '1000', '-v',
    ]);
    assert.deepEqual(parsed, {
      verbose: true,
      options: {
        host: '0.0.0.0',
        port: 0,
        clients: [
          { clientId: 'acme', clientSecret: 's1', environment: 'sandbox' },
          { clientId: 'acme', clientSecret: 'p1', environment: 'production' },
        ],
        webhookUrl: 'http://127.0.0.1:3000/hooks',
        webhookSecret: 'whsec_abc',
        widgetTokenTtlSeconds: 60,
        accessTokenTtlSeconds: 120,
        allowedOrigins: ['http://localhost:5173', 'https://shop.example'],
        webhookRetry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
      },
    });
  });

  it('reads COSMO_SIM_* environment variables when the flags are absent', () => {
    const parsed = parseCli([], { COSMO_SIM_PORT: '5000', COSMO_SIM_WEBHOOK_URL: 'http://127.0.0.1:1/h', COSMO_SIM_WEBHOOK_SECRET: 'whsec_x' });
    assert.deepEqual([parsed?.options.port, parsed?.options.webhookUrl, parsed?.options.webhookSecret], [5000, 'http://127.0.0.1:1/h', 'whsec_x']);
  });

  it('returns undefined for --help', () => {
    assert.equal(parseCli(['--help']), undefined);
  });

  for (const argv of [['--port', 'abc'], ['--nope'], ['--widget-token-ttl', '-1'], ['positional']]) {
    it(`throws on ${argv.join(' ')}`, () => {
      assert.throws(() => parseCli(argv));
    });
  }
});

describe('cosmo-sim process', () => {
  const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

  it('prints its URLs, serves the API, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 5000);
      child.stdout.on('data', (chunk: string) => {
        output += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(output);
        if (match?.[1] && output.includes('Press Ctrl+C')) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      child.once('exit', () => reject(new Error(`exited early: ${output}`)));
    });
    assert.match(output, new RegExp(`Purchase widget +${url}/widgets/purchase`));
    assert.match(output, new RegExp(`Multibrand widget +${url}/widgets/multibrand`));
    const info = (await (await fetch(`${url}/`)).json()) as { widgets: { purchase: string } };
    assert.equal(info.widgets.purchase, `${url}/widgets/purchase`);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });

  it('--help prints the flags and exits 0; a bad flag exits 2', async () => {
    const help = spawn(process.execPath, [cli, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    help.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    assert.equal((await once(help, 'exit'))[0], 0);
    for (const flag of ['--port', '--webhook-url', '--webhook-secret', '--client-secret', '--widget-token-ttl']) assert.ok(text.includes(flag), flag);
    const bad = spawn(process.execPath, [cli, '--nope'], { stdio: 'ignore' });
    assert.equal((await once(bad, 'exit'))[0], 2);
  });
});
