// The proxy contract the dispatcher relies on (implemented by server/proxy).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export interface AppProxy {
  /** Handles `/apps/<name>/…` and stray requests of a proxied app; false when the request is not for an app. */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): Promise<void>;
}

/** Parses `/apps/<name>[/rest]`; null when the path is not under /apps/. */
export function appPathOf(pathname: string): { name: string; rest: string } | null {
  const match = /^\/apps\/([^/?#]+)(\/.*)?$/.exec(pathname);
  if (!match) return null;
  return { name: decodeURIComponent(match[1]), rest: match[2] ?? '' };
}
