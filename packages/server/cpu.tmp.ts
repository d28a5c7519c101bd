import { createServer, request, Agent } from 'node:http';
const mod = await import(process.argv[2]!);
const { createTokenHandler } = await import('./src/index.node.ts');
const stub = { createWidgetToken: async () => ({ token: 'tok', expiresAt: '2030-01-01T00:00:00.000Z' }) };
const bare = async (req: any, res: any) => { const chunks: Buffer[] = []; for await (const c of req) chunks.push(c); const { widget } = JSON.parse(Buffer.concat(chunks).toString()); const t = await stub.createWidgetToken(); res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }); res.end(JSON.stringify({ ...t, widget: undefined })); };
const ours = mod.toNodeHandler(createTokenHandler({ client: stub as any, authenticate: () => ({ userId: 'u' }) }));
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
async function run(handler: any, n: number) {
  const server = createServer(handler); await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as any).port;
  const one = () => new Promise<void>((resolve, reject) => { const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/t', agent, headers: { 'content-type': 'application/json', 'content-length': '21' } }, (res) => { res.resume(); res.on('end', resolve); }); req.on('error', reject); req.end('{"widget":"purchase"}'); });
  const worker = async (k: number) => { for (let i = 0; i < k; i++) await one(); };
  await Promise.all(Array.from({ length: 64 }, () => worker(50)));
  const cpu = process.cpuUsage(); const t = performance.now();
  await Promise.all(Array.from({ length: 64 }, () => worker(n / 64)));
  const d = process.cpuUsage(cpu); const wall = performance.now() - t;
  server.closeAllConnections(); server.close();
  return { cpuUsPerReq: (d.user + d.system) / n, rps: n / wall * 1000 };
}
const only = process.argv[3];
for (let r = 0; r < (only ? 1 : 3); r++) {
  if (only) { await run(ours, 12800); await run(ours, 25600); break; }
  const b = await run(bare, 12800); const o = await run(ours, 12800);
  console.log(`bare ${b.cpuUsPerReq.toFixed(0)} µs cpu/req ${b.rps.toFixed(0)} rps | ours ${o.cpuUsPerReq.toFixed(0)} µs cpu/req ${o.rps.toFixed(0)} rps | extra ${(o.cpuUsPerReq - b.cpuUsPerReq).toFixed(0)} µs`);
}
agent.destroy();
