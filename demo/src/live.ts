/**
 * The live view's feed: every verified webhook the backend processed, pushed to open pages as
 * server-sent events. A page that connects late first gets the history, so a reload loses nothing.
 */
import type { ServerResponse } from 'node:http';

/** One message on the feed; `event` is the SSE event name the page listens for. */
export interface LiveMessage {
  event: 'webhook' | 'rejected' | 'endpoint';
  data: unknown;
}

const HEARTBEAT_MS = 15_000;

/** Fan-out of {@link LiveMessage}s to every connected `EventSource`. */
export class LiveFeed {
  #clients = new Set<ServerResponse>();
  #history: LiveMessage[] = [];
  #limit: number;

  constructor(options: { historyLimit?: number } = {}) {
    this.#limit = options.historyLimit ?? 500;
  }

  /** Number of open streams (the tests wait for the page's stream before acting). */
  get clients(): number {
    return this.#clients.size;
  }

  /** Sends `message` to every open stream and keeps it for pages that connect later. */
  publish(message: LiveMessage): void {
    this.#history.push(message);
    if (this.#history.length > this.#limit) this.#history.shift();
    for (const client of this.#clients) write(client, message, this.#history.length);
  }

  /** Takes over a response as an event stream until the client goes away or `signal` aborts. */
  attach(response: ServerResponse, signal: AbortSignal): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // Tells EventSource how long to wait before reconnecting after a drop.
    response.write('retry: 1000\n\n');
    this.#history.forEach((message, index) => write(response, message, index + 1));
    this.#clients.add(response);
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const detach = (): void => {
      clearInterval(heartbeat);
      this.#clients.delete(response);
      signal.removeEventListener('abort', end);
    };
    const end = (): void => {
      detach();
      response.end();
    };
    response.on('close', detach);
    signal.addEventListener('abort', end, { once: true });
  }

  /** Ends every open stream (server shutdown). */
  closeAll(): void {
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }
}

function write(response: ServerResponse, message: LiveMessage, id: number): void {
  response.write(`id: ${id}\nevent: ${message.event}\ndata: ${JSON.stringify(message.data)}\n\n`);
}
