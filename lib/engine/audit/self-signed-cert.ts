// Makes (once) a self-signed TLS certificate for `--https` with the openssl CLI, for a secure context on a LAN address.
import { X509Certificate } from 'node:crypto';
import { execFile } from 'node:child_process';
import { access, chmod, readFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import { EngineError } from '../errors';
import { ensureAuthDir, type AuthFiles } from './auth-files';

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  certFile: string;
  keyFile: string;
  /** True when this call generated a new certificate. */
  created: boolean;
}

/** Names the certificate covers: localhost, the loopback and interface addresses, the host name and extra names. */
export function certificateNames(extra: readonly string[] = []): string[] {
  const names = new Set([
    'localhost',
    '127.0.0.1',
    '::1',
    os.hostname().toLowerCase(),
    ...extra.map((n) => n.toLowerCase()),
  ]);
  for (const list of Object.values(os.networkInterfaces()))
    for (const info of list ?? []) if (!info.address.includes('%')) names.add(info.address);
  return [...names].filter((n) => /^(\*\.)?[a-z0-9.:-]+$/.test(n));
}

function subjectAltName(names: readonly string[]): string {
  return names.map((n) => (net.isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
}

async function covers(certFile: string, names: readonly string[]): Promise<boolean> {
  const alt = new X509Certificate(await readFile(certFile)).subjectAltName ?? '';
  const listed = new Set(
    alt.split(',').map((entry) =>
      entry
        .trim()
        .replace(/^(DNS|IP Address):/, '')
        .toLowerCase(),
    ),
  );
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  return certificateNames(names).every((name) => !wanted.has(name) || listed.has(name));
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    // Missing (or unreadable): the caller generates a new one.
    return false;
  }
}

function run(command: string, args: string[], signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { signal, timeout: 60_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(
          new EngineError(
            'unsupported',
            '--https needs the openssl command (install openssl, or pass --cert and --key)',
            { cause: error },
          ),
        );
      }
      reject(
        new EngineError(
          'internal',
          `openssl could not make a certificate: ${String(stderr).trim() || error.message}`,
          { cause: error },
        ),
      );
    });
  });
}

/** Returns the certificate in the home, generating an EC P-256 one valid 825 days when there is none. */
export async function ensureSelfSignedCert(
  files: AuthFiles,
  options: { names?: string[]; signal?: AbortSignal } = {},
): Promise<TlsMaterial> {
  let created = false;
  const present = (await exists(files.tlsCert)) && (await exists(files.tlsKey));
  // A certificate made before a name was asked for (an apps domain added later) is made again with it.
  if (!present || !(await covers(files.tlsCert, options.names ?? []))) {
    await ensureAuthDir(files);
    const names = certificateNames(options.names);
    await run(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-sha256',
        '-days',
        '825',
        '-subj',
        '/CN=Hangar (self-signed)',
        '-addext',
        `subjectAltName=${subjectAltName(names)}`,
        '-keyout',
        files.tlsKey,
        '-out',
        files.tlsCert,
      ],
      options.signal,
    );
    await chmod(files.tlsKey, 0o600);
    created = true;
  }
  const [cert, key] = await Promise.all([readFile(files.tlsCert), readFile(files.tlsKey)]);
  return { cert, key, certFile: files.tlsCert, keyFile: files.tlsKey, created };
}
