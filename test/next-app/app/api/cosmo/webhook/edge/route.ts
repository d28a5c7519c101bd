// The webhook route on the edge runtime: createWebhookHandler (POST, the raw body untouched), and GET for the test:
// what this runtime verified.
import { cosmoRoutes } from '../../../../../lib/cosmo';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';

const routes = cosmoRoutes('edge');
export const POST = (request: Request): Promise<Response> => routes().webhook(request);
export function GET(): Response {
  return Response.json(routes().verified, { headers: { 'cache-control': 'no-store' } });
}
