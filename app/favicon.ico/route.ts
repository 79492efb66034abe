// /favicon.ico: browsers ask for it on pages without an icon (such as a proxied app's); answer with Hangar's icon.
export function GET(): Response {
  return new Response(null, {
    status: 308,
    headers: { location: '/icon.svg', 'cache-control': 'public, max-age=86400' },
  });
}
