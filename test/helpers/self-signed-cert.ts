// Test helper: a throwaway self-signed TLS certificate for localhost and 127.0.0.1, made with the openssl CLI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TlsCredentials {
  cert: Buffer;
  key: Buffer;
}

/** A one-day certificate (CN localhost, alt names localhost and 127.0.0.1); throws when openssl cannot make it. */
export function selfSignedCert(): TlsCredentials {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hangar-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'pipe' },
    );
    return {
      cert: readFileSync(path.join(dir, 'cert.pem')),
      key: readFileSync(path.join(dir, 'key.pem')),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
