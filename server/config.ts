// Server configuration from flags and environment, validated once with zod.
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

export const serverConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  home: z.string().min(1),
  headless: z.boolean(),
  open: z.boolean(),
  dev: z.boolean(),
  allowHosts: z.array(z.string().min(1)),
  /** `--apps-domain D`: each app at `<label>.D` (a wildcard DNS name pointing at this machine); Hangar itself at `D`. */
  appsDomain: z
    .string()
    .regex(
      /^(?=.{1,200}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/,
      'a domain name such as hangar.lan (lower case, at least two labels)',
    )
    .optional(),
  /** Reverse proxies in front of Hangar whose X-Forwarded-For names the client (IP addresses). */
  trustedProxies: z.array(z.string().refine(isPlainIp, 'not an IP address')),
  /** Require login even on a loopback binding (always required beyond loopback). */
  auth: z.boolean(),
  /** Serve HTTPS with a self-signed certificate generated into the home. */
  https: z.boolean(),
  cert: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  /** HANGAR_TOKEN: the login and bearer token (a random one per start otherwise). */
  token: z.string().min(16, 'HANGAR_TOKEN needs at least 16 characters').max(1024).optional(),
  /** HANGAR_PASSWORD: sets the owner's password (stored as a scrypt hash) at start. */
  password: z.string().min(8, 'HANGAR_PASSWORD needs at least 8 characters').max(1024).optional(),
});

export type ServerConfig = z.infer<typeof serverConfigSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const VALUE_FLAGS = new Set([
  'port',
  'host',
  'home',
  'allow-host',
  'apps-domain',
  'trusted-proxy',
  'cert',
  'key',
]);
const BOOLEAN_FLAGS = new Set(['headless', 'open', 'dev', 'auth', 'https']);

/** Parses `--flag value`, `--flag=value` and boolean flags; unknown flags are errors naming the flag. */
export function parseServerConfig(
  argv: string[],
  env: Readonly<Record<string, string | undefined>>,
): ServerConfig {
  const values: Record<string, string> = {};
  const booleans: Record<string, boolean> = {};
  const allowHosts: string[] = splitList(env.HANGAR_ALLOW_HOSTS);
  const trustedProxies = splitList(env.HANGAR_TRUSTED_PROXIES).map((value) => ({
    value,
    source: 'HANGAR_TRUSTED_PROXIES',
  }));
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match)
      throw new ConfigError(`unexpected argument "${arg}" (flags start with --; see --help)`);
    const [, name, inline] = match;
    if (BOOLEAN_FLAGS.has(name)) {
      if (inline !== undefined) throw new ConfigError(`--${name} takes no value`);
      booleans[name] = true;
      continue;
    }
    if (!VALUE_FLAGS.has(name)) throw new ConfigError(`unknown flag --${name}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--'))
      throw new ConfigError(`--${name} needs a value`);
    if (name === 'allow-host') allowHosts.push(value);
    else if (name === 'trusted-proxy') trustedProxies.push({ value, source: '--trusted-proxy' });
    else values[name] = value;
  }
  const raw = {
    port: values.port ?? env.HANGAR_PORT ?? '42000',
    host: values.host ?? env.HANGAR_HOST ?? '127.0.0.1',
    home: path.resolve(expandTilde(values.home ?? env.HANGAR_HOME ?? '~/hangar')),
    headless: booleans.headless ?? env.HANGAR_HEADLESS === '1',
    open: booleans.open ?? false,
    dev: booleans.dev ?? env.NODE_ENV === 'development',
    allowHosts,
    appsDomain:
      (values['apps-domain'] ?? env.HANGAR_APPS_DOMAIN)?.toLowerCase().replace(/\.$/, '') ||
      undefined,
    trustedProxies: trustedProxies.map(({ value }) => value),
    auth: booleans.auth ?? env.HANGAR_AUTH === '1',
    https: booleans.https ?? env.HANGAR_HTTPS === '1',
    cert: optionalPath(values.cert ?? env.HANGAR_CERT),
    key: optionalPath(values.key ?? env.HANGAR_KEY),
    token: env.HANGAR_TOKEN || undefined,
    password: env.HANGAR_PASSWORD || undefined,
  };
  if ((raw.cert === undefined) !== (raw.key === undefined))
    throw new ConfigError(
      '--cert and --key go together: pass both files (or --https for a self-signed certificate)',
    );
  for (const { value, source } of trustedProxies) {
    if (!isPlainIp(value))
      throw new ConfigError(
        `${source} takes the IP address of a proxy in front of Hangar (no name, range or zone), got "${value}"`,
      );
  }
  if (!/^\d+$/.test(String(raw.port))) {
    const source = values.port !== undefined ? '--port' : 'HANGAR_PORT';
    throw new ConfigError(`${source} must be a number between 0 and 65535, got "${raw.port}"`);
  }
  const parsed = serverConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0] ?? 'config');
    // Secrets come only from the environment; their messages never echo the value.
    if (field === 'token' || field === 'password') throw new ConfigError(issue.message);
    throw new ConfigError(`${flagName(field)}: ${issue.message}`);
  }
  return parsed.data;
}

function flagName(field: string): string {
  const env = `HANGAR_${field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
  return `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} / ${env}`;
}

function optionalPath(value: string | undefined): string | undefined {
  return value ? path.resolve(expandTilde(value)) : undefined;
}

function expandTilde(p: string): string {
  if (p === '~') return os.homedir();
  if (p.startsWith('~/')) return path.join(os.homedir(), p.slice(2));
  return p;
}

/** An IPv4 or IPv6 address, without a zone id. */
function isPlainIp(value: string): boolean {
  return net.isIP(value) !== 0 && !value.includes('%');
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
