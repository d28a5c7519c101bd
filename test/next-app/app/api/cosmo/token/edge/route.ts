// The token route on the edge runtime: createTokenHandler, mounted as the README shows.
import { cosmoRoutes } from '../../../../../lib/cosmo';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';

const routes = cosmoRoutes('edge');
export const POST = (request: Request): Promise<Response> => routes().token(request);
