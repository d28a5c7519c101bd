// Serves the bundled app (argv[2]) with Bun.serve on a free loopback port and prints {"port": n}.
const { createApp, entries } = await import(process.argv[2]);
const fetch = createApp(entries, { simulatorUrl: process.env.SIMULATOR_URL, webhookSecret: process.env.WEBHOOK_SECRET });
const server = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch });
console.log(JSON.stringify({ port: server.port, runtime: `bun ${Bun.version}` }));
