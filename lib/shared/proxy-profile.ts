// Per-app reverse-proxy profile: how an app is reached under /apps/<name>/ and how it is told so.
import { z } from 'zod';
import type { AppOriginMode } from './app-origin';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

export const proxyProfileSchema = z
  .object({
    /**
     * `origin` (default): at the root of its own browser origin (`<name>.localhost`, `<name>.<apps-domain>` or its own
     * port, whichever the browser can reach), unless config.json's `appOrigins` is `path`; `path`: always served under
     * /apps/<name>/ on Hangar's origin, sharing Hangar's trust; `port`: always its own listener on the same host.
     * The fields below say how the app is adapted to path mode; an app at the root of its own origin needs none.
     */
    mode: z.enum(['origin', 'path', 'port']).default('origin'),
    /** In path mode: remove /apps/<name> before forwarding (Gradio, ComfyUI, A1111); false for apps that keep it (Streamlit, Jupyter). */
    stripPrefix: z.boolean().default(true),
    /** Environment variable(s) set to the base path when the app starts, e.g. GRADIO_ROOT_PATH. */
    rootPathEnv: z.union([envName, z.array(envName)]).optional(),
    /**
     * Argument(s) appended when the app starts. A single flag (`--subpath`) is followed by the base;
     * any `{{base}}` in a string or list element is replaced by it (`--server.baseUrlPath={{base}}`).
     */
    rootPathArg: z.union([z.string().min(1), z.array(z.string())]).optional(),
    /** `keep`: forward Host as the browser sent it; `upstream`: send 127.0.0.1:<port>. */
    host: z.enum(['keep', 'upstream']).default('keep'),
    /** Rename the app's cookies to `<app>__<cookie>` so two apps' same-named cookies never collide. */
    cookieRename: z.boolean().default(false),
    /** Inject <base> and a small URL shim into HTML pages (for apps emitting root-absolute URLs). */
    rewriteHtml: z.boolean().default(false),
    /**
     * Take stray root-absolute requests: one whose Referer is inside /apps/<name>/ (or is a stray path already
     * routed to this app) goes to this app, and a page navigation out of the prefix is redirected back under it.
     * One rule ties cookies to it: an app that takes strays keeps its cookies' paths as it sets them (Path=/ stays
     * Path=/, no Path becomes Path=/) so they reach its root-level requests; with false they are scoped under
     * /apps/<name>/. Root-level cookies are shared with the other apps on Hangar's origin: add cookieRename to
     * keep same-named cookies apart.
     */
    refererRouting: z.boolean().default(true),
    /**
     * Redirect the bare /apps/<name> to /apps/<name>/. False forwards it to the app as is (as `/` plus the query
     * when stripPrefix, else as /apps/<name>), for apps that redirect /apps/<name>/ to /apps/<name>.
     */
    slashRedirect: z.boolean().default(true),
  })
  .strict();

export type ProxyProfile = z.infer<typeof proxyProfileSchema>;
export type ProxyProfileInput = z.input<typeof proxyProfileSchema>;

/** How an app is served once Hangar's origin mode is applied: `origin` apps become `path` when config says `path`. */
export function effectiveProfile(profile: ProxyProfile, appOrigins: AppOriginMode): ProxyProfile {
  return profile.mode === 'origin' && appOrigins === 'path'
    ? { ...profile, mode: 'path' }
    : profile;
}

/** The profile used when a launcher or catalog entry declares none. */
export const DEFAULT_PROXY_PROFILE: ProxyProfile = proxyProfileSchema.parse({});

/** Validates a profile from a launcher's metadata or a catalog entry, filling defaults. */
export function parseProxyProfile(input: unknown): ProxyProfile {
  return proxyProfileSchema.parse(input ?? {});
}

/** An app's base path on Hangar's origin: `/apps/<name>`. */
export function proxyBase(name: string): string {
  return `/apps/${name}`;
}

/** Names Hangar accepts in /apps/<name>/ (one URL path segment, no dots-only names). */
export const PROXY_APP_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

export interface RootPathInjection {
  /** The app's base path as HANGAR_BASE_PATH gives it: `/apps/<name>` in path mode, '' at the root of an origin. */
  base: string;
  env: Record<string, string>;
  args: string[];
}

/**
 * What to add to an app's environment and command line when it starts so it knows its base path.
 * Apps at the root of their own origin (modes `origin` and `port`) get nothing.
 */
export function rootPathInjection(profile: ProxyProfile, name: string): RootPathInjection {
  if (profile.mode !== 'path') return { base: '', env: {}, args: [] };
  const base = proxyBase(name);
  const env: Record<string, string> = {};
  const names = profile.rootPathEnv === undefined ? [] : [profile.rootPathEnv].flat();
  for (const key of names) env[key] = base;
  const arg = profile.rootPathArg;
  let args: string[] = [];
  if (typeof arg === 'string')
    args = arg.includes('{{base}}') ? [arg.replaceAll('{{base}}', base)] : [arg, base];
  else if (Array.isArray(arg)) args = arg.map((part) => part.replaceAll('{{base}}', base));
  return { base, env, args };
}
