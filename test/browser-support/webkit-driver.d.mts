/** The capabilities that make WebKitWebDriver start MiniBrowser in automation mode. */
export declare function webkitCapabilities(): Record<string, unknown>;
/** Starts WebKitWebDriver on a virtual display; `close()` ends it and everything it started. */
export declare function startWebKitDriver(): Promise<{ hostname: string; port: number; close(): Promise<void> }>;
