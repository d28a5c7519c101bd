/** The API request log: one entry per answered request (control calls excluded), for counting calls in tests. */
import type { RouteName } from './faults.js';

/** One logged request. The path never includes the query string, so widget tokens are not logged. */
export interface RequestLogEntry {
  route: RouteName;
  method: string;
  path: string;
  /** HTTP status answered; 0 when the connection was dropped or closed before an answer. */
  status: number;
  /** ISO 8601 time the request arrived. */
  at: string;
}

/** Keeps at most this many entries (oldest dropped first). */
export const REQUEST_LOG_LIMIT = 10_000;

/** An append-only, bounded request log. */
export class RequestLog {
  #entries: RequestLogEntry[] = [];
  readonly #onEntry: ((entry: RequestLogEntry) => void) | undefined;

  constructor(onEntry?: (entry: RequestLogEntry) => void) {
    this.#onEntry = onEntry;
  }

  /** Appends an entry. */
  add(entry: RequestLogEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > REQUEST_LOG_LIMIT) this.#entries.splice(0, this.#entries.length - REQUEST_LOG_LIMIT);
    notify(this.#onEntry, entry);
  }

  /** The entries, oldest first, optionally only one route's. */
  list(filter: { route?: string } = {}): RequestLogEntry[] {
    return this.#entries.filter((entry) => !filter.route || entry.route === filter.route).map((entry) => ({ ...entry }));
  }

  /** Empties the log. */
  clear(): void {
    this.#entries = [];
  }
}

/** Calls an observer with a copy of an entry; an observer's exception never breaks the simulator. */
export function notify<T extends object>(observer: ((entry: T) => void) | undefined, entry: T): void {
  if (!observer) return;
  try {
    observer({ ...entry });
  } catch (error) {
    console.error('@cosmopoints/simulator: an observer threw', error);
  }
}
