// The token route on the node runtime: createTokenHandler, mounted as the README shows.
import { cosmoRoutes } from '../../../../../lib/cosmo';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const routes = cosmoRoutes('node');
export const POST = (request: Request): Promise<Response> => routes().token(request);
