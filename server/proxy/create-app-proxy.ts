// The app reverse proxy: routes /apps/<name>/… (and stray Referer-routed requests) to running apps, HTTP and WebSocket.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { proxyBase } from '../../lib/shared/proxy-profile';
import type {
  AppProxy,
  AppProxyOptions,
  ForwardContext,
  HangarCredentials,
  ProxyTarget,
} from './types';
import type { Destination } from '../security/destination';
import type { LaneRequest } from './lane-request';
import { attachFastLane, type FastLane } from './fast-lane';
import { routeApps, routeOf, withoutPrefix } from './route';
import { forwardContext } from './context';
import { forwardHttp, type ForwardHooks } from './forward-http';
import { forwardUpgrade, type Tunnels } from './forward-upgrade';
import { createPortOrigins } from './port-origins';
import { UpstreamPool } from './upstream-pool';
import { CONNECT_TIMEOUT_MS, upstreamLabel } from './upstream-address';
import { refuseUpgrade, sendUnavailable, type Unavailable } from './unavailable';

export function createAppProxy(options: AppProxyOptions): AppProxy {
  // Keep-alive pool to the apps: without it every request pays a new TCP connection (about 3× slower).
  const connectTimeoutMs = options.upstreamConnectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const pool = new UpstreamPool({ connectTimeoutMs });
  const hangar: HangarCredentials = {
    cookies: options.hangarCookies,
    isAuthorization: options.isHangarAuthorization ?? (() => false),
  };
  const tunnels: Tunnels = {
    open: new Set(),
    connectTimeoutMs,
    tieToSession: options.tieToSession,
  };
  const hooks: ForwardHooks = {
    unreachable: (req, res, ctx) =>
      sendUnavailable(req, res, {
        name: ctx.target.name,
        reason: 'unreachable',
        dashboard: options.dashboardUrl(ctx.target.name),
        upstream: upstreamLabel(ctx.target),
      }),
  };
  const ports = createPortOrigins(options, pool, hangar, tunnels, hooks);
  const lanes: FastLane[] = [];
  const apps = routeApps(options.lookup);

  /** Why an app that is not running cannot be served: an unknown one is a 404 pointing to Discover. */
  function notServed(name: string): Unavailable {
    return options.isInstalled?.(name) === false
      ? { name, reason: 'not-installed', dashboard: '/discover' }
      : { name, reason: 'not-running', dashboard: options.dashboardUrl(name) };
  }

  /** Where a request for a path-mode target goes upstream. */
  function pathContext(target: ProxyTarget, url: string, stray: boolean): ForwardContext {
    const prefix = proxyBase(target.name);
    let upstreamPath = url;
    if (stray && !target.profile.stripPrefix) upstreamPath = prefix + url;
    else if (!stray && target.profile.stripPrefix) upstreamPath = withoutPrefix(url, prefix);
    return forwardContext(target, prefix, upstreamPath, hangar);
  }

  function redirect(res: ServerResponse, method: string | undefined, location: string): void {
    const permanent = method === 'GET' || method === 'HEAD';
    res.writeHead(permanent ? 301 : 308, {
      location,
      'content-length': 0,
      'cache-control': 'no-cache',
    });
    res.end();
  }

  /** `/apps/<name>/<rest>` on Hangar's origin for an app served at the root of its own origin: a redirect there. */
  function toOwnOrigin(
    req: IncomingMessage,
    res: ServerResponse,
    target: ProxyTarget,
    rest: string,
  ): void {
    if (!options.originLocation) {
      return sendUnavailable(req, res, {
        name: target.name,
        reason: 'port-mode',
        dashboard: options.dashboardUrl(target.name),
      });
    }
    options.originLocation(req, target, rest).then(
      (location) => {
        res.writeHead(302, {
          location,
          'content-length': 0,
          'cache-control': 'no-store',
          'referrer-policy': 'no-referrer',
        });
        res.end();
      },
      (error: unknown) => {
        console.error(`[proxy] no origin for ${target.name}:`, error);
        sendUnavailable(req, res, {
          name: target.name,
          reason: 'port-mode',
          dashboard: options.dashboardUrl(target.name),
        });
      },
    );
  }

  /** The app at the root of its own origin, while it runs and is not served in path mode. */
  function originContext(name: string, url: string): ForwardContext | null {
    const target = options.lookup(name);
    return target === null || target.profile.mode === 'path'
      ? null
      : forwardContext(target, '', url, hangar);
  }

  /** The running path-mode app that takes root-absolute requests from its pages, or null. */
  function strayTarget(name: string): ProxyTarget | null {
    const target = options.lookup(name);
    return target === null || target.profile.mode !== 'path' || !target.profile.refererRouting
      ? null
      : target;
  }

  /** Where a fast-lane request goes, or null when the slow path must take it (not an app, a redirect, HTML rewriting). */
  function laneRoute(req: LaneRequest, to: Destination): ForwardContext | null {
    if (to.kind === 'app') {
      const ctx = originContext(to.name, req.url);
      return ctx === null || ctx.target.profile.rewriteHtml ? null : ctx;
    }
    if (to.kind !== 'hangar') return null;
    const route = routeOf(req, apps);
    if (route.kind !== 'app' && route.kind !== 'stray') return null;
    const target = route.kind === 'app' ? options.lookup(route.name) : strayTarget(route.name);
    if (target === null || target.profile.mode !== 'path' || target.profile.rewriteHtml)
      return null;
    return pathContext(target, req.url, route.kind === 'stray');
  }

  return {
    attachFastLane(server, laneOptions) {
      const lane = attachFastLane(server, laneOptions, laneRoute, pool);
      lanes.push(lane);
      return lane;
    },

    handleRequest(req, res) {
      const route = routeOf(req, apps);
      switch (route.kind) {
        case 'none':
          return false;
        case 'home':
          redirect(res, req.method, '/');
          return true;
        case 'invalid':
          sendUnavailable(req, res, { name: route.name, reason: 'unknown-name', dashboard: '/' });
          return true;
        case 'slash':
          redirect(res, req.method, route.location);
          return true;
        case 'return':
          res.writeHead(302, {
            location: route.location,
            'content-length': 0,
            'cache-control': 'no-store',
          });
          res.end();
          return true;
        case 'app': {
          const target = options.lookup(route.name);
          if (target === null) {
            sendUnavailable(req, res, notServed(route.name));
          } else if (target.profile.mode !== 'path') {
            toOwnOrigin(req, res, target, route.rest);
          } else {
            forwardHttp(req, res, pathContext(target, req.url ?? '/', false), pool, hooks);
          }
          return true;
        }
        case 'stray': {
          const target = strayTarget(route.name);
          if (target === null) return false;
          forwardHttp(req, res, pathContext(target, req.url ?? '/', true), pool, hooks);
          return true;
        }
      }
    },

    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      const route = routeOf(req, apps);
      if (route.kind === 'none') return false;
      if (route.kind === 'app' || route.kind === 'stray') {
        const target = route.kind === 'app' ? options.lookup(route.name) : strayTarget(route.name);
        if (route.kind === 'stray' && target === null) return false;
        if (target === null || target.profile.mode !== 'path') {
          refuseUpgrade(
            socket,
            502,
            'Bad Gateway: the app is not served here (it runs at its own origin, or not at all)',
          );
          return true;
        }
        forwardUpgrade(
          req,
          socket,
          head,
          pathContext(target, req.url ?? '/', route.kind === 'stray'),
          tunnels,
        );
        return true;
      }
      refuseUpgrade(socket, 404, 'Not Found');
      return true;
    },

    serveOrigin(req, res, name) {
      const ctx = originContext(name, req.url ?? '/');
      if (ctx === null) {
        const running = options.lookup(name) !== null;
        return sendUnavailable(
          req,
          res,
          running
            ? { name, reason: 'path-mode', dashboard: options.dashboardUrl(name) }
            : notServed(name),
        );
      }
      forwardHttp(req, res, ctx, pool, hooks);
    },

    upgradeOrigin(req, socket, head, name) {
      const ctx = originContext(name, req.url ?? '/');
      if (ctx === null)
        return refuseUpgrade(socket, 502, 'Bad Gateway: the app is not running at this origin');
      forwardUpgrade(req, socket, head, ctx, tunnels);
    },

    openPortOrigin: (name, opts) => ports.open(name, opts),
    closePortOrigin: (name) => ports.close(name),
    portOrigin: (name) => ports.get(name),
    appOfPort: (port) => ports.appOfPort(port),

    async close() {
      await ports.closeAll();
      for (const socket of tunnels.open) socket.destroy();
      tunnels.open.clear();
      for (const lane of lanes) lane.close();
      pool.destroy();
    },
  };
}
