// Serves the bundled app (argv[0]) with Deno.serve on a free loopback port and prints {"port": n}.
const { createApp, entries } = await import(new URL(Deno.args[0], 'file://').href);
const fetch = createApp(entries, { simulatorUrl: Deno.env.get('SIMULATOR_URL'), webhookSecret: Deno.env.get('WEBHOOK_SECRET') });
Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: ({ port }) => console.log(JSON.stringify({ port, runtime: `deno ${Deno.version.deno}` })) }, fetch);
