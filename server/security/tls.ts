// HTTPS material for the server: --cert/--key files, or a self-signed certificate in the home for --https.
import { authFiles, ensureSelfSignedCert, type Engine } from '../../lib/engine';
import { EngineError } from '../../lib/engine';
import type { ServerConfig } from '../config';
import { readFile } from 'node:fs/promises';
import { machineNames } from './host-check';

export interface TlsOptions {
  cert: Buffer;
  key: Buffer;
  /** Where the certificate lives (to tell the user which one to trust). */
  certFile: string;
  selfSigned: boolean;
}

/** null when the server speaks plain HTTP. */
export async function loadTls(
  config: Pick<ServerConfig, 'https' | 'cert' | 'key' | 'allowHosts' | 'appsDomain'>,
  engine: Engine,
): Promise<TlsOptions | null> {
  if (config.cert && config.key) {
    const read = async (file: string, what: string) => {
      try {
        return await readFile(file);
      } catch (error) {
        throw new EngineError(
          'config_invalid',
          `cannot read the ${what} ${file}: ${(error as Error).message}`,
          { cause: error },
        );
      }
    };
    return {
      cert: await read(config.cert, 'certificate'),
      key: await read(config.key, 'key'),
      certFile: config.cert,
      selfSigned: false,
    };
  }
  if (!config.https) return null;
  // App origins: `<name>.localhost` always, `<name>.<apps-domain>` and the domain itself when one is set.
  const appNames = [
    '*.localhost',
    ...(config.appsDomain ? [config.appsDomain, `*.${config.appsDomain}`] : []),
  ];
  const material = await ensureSelfSignedCert(authFiles(engine.layout.root), {
    names: [...config.allowHosts, ...machineNames(), ...appNames],
  });
  return { cert: material.cert, key: material.key, certFile: material.certFile, selfSigned: true };
}
