// The webhook route on the node runtime: createWebhookHandler (POST, the raw body untouched), and GET for the test:
// what this runtime verified.
import { cosmoRoutes } from '../../../../../lib/cosmo';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const routes = cosmoRoutes('node');
export const POST = (request: Request): Promise<Response> => routes().webhook(request);
export function GET(): Response {
  return Response.json(routes().verified, { headers: { 'cache-control': 'no-store' } });
}
