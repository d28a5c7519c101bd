/**
 * A real `redis-server` for the Redis store tests, started on a free loopback port and stopped afterwards. The binary
 * comes from $REDIS_SERVER (set by `pnpm test`, which installs Debian's package when it is missing) or is looked up
 * by scripts/find-redis.mjs without installing.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createClient } from 'redis';

/** A connected node-redis client. */
export type RedisClient = ReturnType<typeof connectClient>;
const connectClient = (url: string, disableOfflineQueue: boolean) =>
  createClient({ url, disableOfflineQueue, socket: { reconnectStrategy: (retries) => Math.min(retries * 20, 200) } });

/** A running redis-server and a connected client. */
export interface RedisServer {
  url: string;
  port: number;
  /** Connects a new node-redis client (several instances each have their own). */
  connect(options?: { disableOfflineQueue?: boolean }): Promise<RedisClient>;
  /** Stops the server and disconnects the clients. */
  stop(): Promise<void>;
  /** Pauses the server (SIGSTOP): connections stay open, and what is sent meanwhile waits, unanswered. */
  pause(): void;
  /** Lets a paused server go on (SIGCONT): it runs what it received, in order. */
  resume(): void;
  /** Kills the server (SIGKILL) and waits for it to exit; the clients stay, reconnecting. */
  crash(): Promise<void>;
  /** Starts the server again on the same port (after `crash`); resolves once it accepts connections. */
  restart(): Promise<void>;
}

/** scripts/find-redis.mjs without installing (a plain `.mjs`, so typed here). */
async function findRedisServer(): Promise<string> {
  const finder = (await import(new URL('../../../../../scripts/find-redis.mjs', import.meta.url).href)) as { findRedisServer(options: { install: boolean }): string };
  return finder.findRedisServer({ install: false });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function launch(binary: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'notice'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready to accept connections/.test(output)) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.resume();
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output.slice(-2000)}`)));
    child.once('error', reject);
  });
}

/** Starts redis-server on a free loopback port (retrying if another process takes the port first). */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = process.env.REDIS_SERVER || (await findRedisServer());
  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 0; child === undefined; attempt++) {
    port = await freePort();
    try {
      child = await launch(binary, port);
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
  const url = `redis://127.0.0.1:${port}`;
  const clients: RedisClient[] = [];
  let running = child;
  const exit = async () => {
    if (running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  return {
    url,
    port,
    async connect(options = {}) {
      const client = connectClient(url, options.disableOfflineQueue ?? false);
      client.on('error', () => {}); // connection errors surface through the commands
      await client.connect();
      clients.push(client);
      return client;
    },
    async stop() {
      await exit();
      await Promise.allSettled(clients.map((client) => client.destroy()));
    },
    pause: () => void running.kill('SIGSTOP'),
    resume: () => void running.kill('SIGCONT'),
    crash: exit,
    async restart() {
      running = await launch(binary, port);
    },
  };
}
