// The partner's sign-in, reduced to a cookie: GET /sign-in?user=ada&next=/edge.
export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  const url = new URL(request.url);
  const user = url.searchParams.get('user') ?? '';
  const next = url.searchParams.get('next') ?? '/';
  if (!/^[\w-]{1,40}$/.test(user) || !/^\/[\w/-]*$/.test(next)) return new Response('bad sign-in', { status: 400 });
  return new Response(null, { status: 303, headers: { location: next, 'set-cookie': `acme_user=${user}; Path=/; HttpOnly; SameSite=Lax` } });
}
