// Requests to an app at its own origin (`<label>.localhost:<port>`), sent to 127.0.0.1 with that Host: Node does
// not resolve *.localhost names, browsers do.
import http from 'node:http';
import { appLabel } from '../../lib/shared/app-origin';

/** The Host of an app's origin on a Hangar listening on `port`. */
export function appHost(name: string, port: number): string {
  return `${appLabel(name)}.localhost:${port}`;
}

/** A fetch-like request to `path` on the app's own origin, as a browser that resolves *.localhost would send it. */
export function fetchApp(
  port: number,
  name: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array } = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: init.method ?? 'GET',
        headers: { host: appHost(name, port), ...init.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers = new Headers();
          for (const [key, value] of Object.entries(res.headers)) {
            for (const one of [value ?? []].flat()) headers.append(key, one);
          }
          const status = res.statusCode ?? 0;
          resolve(
            new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), {
              status,
              headers,
            }),
          );
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
