/** The mocha globals wtr provides (no @types/mocha in the workspace). */
declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: (this: { timeout(ms: number): void }) => Promise<void> | void): void;
declare function afterEach(body: () => Promise<void> | void): void;
