/** Resolves after `ms`, or early (never rejecting) when `signal` aborts. */
export declare function sleep(ms: number, signal?: AbortSignal): Promise<void>;
