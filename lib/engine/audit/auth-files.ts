// Where Hangar keeps its own credentials in the home: <home>/auth (mode 0700), never served, never logged.
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';

export interface AuthFiles {
  dir: string;
  /** scrypt hash of the owner's password (JSON, mode 0600). */
  password: string;
  /** Self-signed certificate and key made by `--https`. */
  tlsCert: string;
  tlsKey: string;
}

export function authFiles(homeRoot: string): AuthFiles {
  const dir = path.join(path.resolve(homeRoot), 'auth');
  return {
    dir,
    password: path.join(dir, 'password.json'),
    tlsCert: path.join(dir, 'tls-cert.pem'),
    tlsKey: path.join(dir, 'tls-key.pem'),
  };
}

export async function ensureAuthDir(files: AuthFiles): Promise<void> {
  await mkdir(files.dir, { recursive: true, mode: 0o700 });
  await chmod(files.dir, 0o700);
}
