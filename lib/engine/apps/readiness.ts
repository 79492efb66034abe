// Waits until a started app is ready: its start run captured a URL (`local.url`) or the app answers HTTP.
import http from 'node:http';
import { appAuthority, dialApp, type AppAddress, type GateAddress } from '../../http/app-dial';
import { isLiveRun } from '../../shared/events';
import { EngineError } from '../errors';

export interface ReadinessProbe {
  /** The URL the start script captured, if any (`local.url` or any local http URL). */
  capturedUrl(): string | null;
  /** The start run's status, to fail fast when it ends without the app running. */
  runStatus(): string;
  /** A port to probe with HTTP when no URL is captured (a declared port), or null. */
  declaredPort(): number | null;
  /**
   * Who listens on the port: the app's own process tree (owned), another program, or null when not visible. A
   * server that answers from another program is not this app (it printed its URL before failing to bind).
   */
  portOwner?(
    port: number,
  ): Promise<{ owned: boolean; owner: { pid: number; command: string | null } } | null>;
  lastLines(): string[];
  /** Ready only when the port is seen to belong to the app (a guessed URL, such as a menu's link, needs proof). */
  requireOwner?: boolean;
  /**
   * An app served from another host (a cluster node): its address once known, and whether its job waits for a node
   * (the wait does not count against the timeout: a queue may take long). Null: this machine.
   */
  remote?(): { host: string | null; gate?: GateAddress; waiting: boolean } | null;
}

export interface Ready {
  url: string;
  port: number;
}

export async function waitUntilReady(
  probe: ReadinessProbe,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Ready> {
  let deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new EngineError('cancelled', 'start was cancelled');
    const remote = probe.remote?.() ?? null;
    if (remote?.waiting) deadline = Date.now() + timeoutMs;
    const url = probe.capturedUrl();
    const port = url ? portOf(url) : probe.declaredPort();
    const host = remote ? remote.host : '127.0.0.1';
    const answers = port !== null && host !== null && (await answersHttp(port, host, remote?.gate));
    // Who owns a port on another host cannot be read here.
    const found = answers && port !== null && !remote ? await probe.portOwner?.(port) : undefined;
    if (answers && port !== null && (found?.owned === true || !probe.requireOwner)) {
      if (found && !found.owned) {
        const who = `pid ${found.owner.pid}${found.owner.command ? ` (${found.owner.command.slice(0, 120)})` : ''}`;
        throw new EngineError(
          'port_in_use',
          `port ${port} answers, but from another program, ${who}, not from this app`,
          { details: { port, pid: found.owner.pid, lastLines: probe.lastLines() } },
        );
      }
      return { url: onHost(url ?? `http://127.0.0.1:${port}`, host!), port };
    }
    const status = probe.runStatus();
    if (!isLiveRun(status)) {
      throw new EngineError(
        'step_failed',
        `the start script ended (${status}) before the app was ready`,
        { details: { lastLines: probe.lastLines(), runEnded: true } },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new EngineError(
    'timeout',
    `the app did not become ready within ${Math.round(timeoutMs / 1000)} s`,
    { details: { lastLines: probe.lastLines() } },
  );
}

export function portOf(url: string): number | null {
  try {
    const parsed = new URL(url);
    if (parsed.port) return Number(parsed.port);
    return parsed.protocol === 'https:' ? 443 : 80;
  } catch {
    // Not a URL: no port to probe.
    return null;
  }
}

/**
 * The captured URL with its loopback host replaced by the host the app really serves from: an app on a cluster node
 * prints http://127.0.0.1:7860 about itself, which is the node's own loopback, not this machine's.
 */
export function onHost(url: string, host: string): string {
  if (host === '127.0.0.1') return url;
  try {
    const parsed = new URL(url);
    if (!LOOPBACK_NAMES.has(parsed.hostname)) return url;
    parsed.hostname = host.includes(':') ? `[${host}]` : host;
    return parsed.toString();
  } catch {
    // Not a URL: kept as the app printed it.
    return url;
  }
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '0.0.0.0', '[::1]', '[::]']);

/**
 * True when something answers an HTTP request on host:port (any status), through the host's gate when it has one;
 * host defaults to 127.0.0.1.
 */
export function answersHttp(
  port: number,
  host = '127.0.0.1',
  gate?: GateAddress,
): Promise<boolean> {
  const address: AppAddress = { port, host, ...(gate ? { gate } : {}) };
  return new Promise((resolve) => {
    const req = http.request(
      {
        path: '/',
        method: 'GET',
        timeout: 2000,
        // Through a gate, the app sees a request for its own loopback, as a local app would.
        headers: { host: appAuthority(address) },
        createConnection: () => dialApp(address),
      },
      (res) => {
        res.resume();
        resolve(true);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** The first http(s) URL among a run's local variables, preferring `url`. */
export function urlFromLocal(local: Record<string, unknown>): string | null {
  const candidates = [local.url, ...Object.values(local)];
  for (const value of candidates) {
    if (typeof value === 'string' && /^https?:\/\/[^\s]+$/.test(value)) return value;
  }
  return null;
}
