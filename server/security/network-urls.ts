// The URLs other machines use to reach a Hangar bound beyond loopback (for the start banner).
import os from 'node:os';
import { isWildcardBind } from './host-check';

export function networkUrls(bindHost: string, localUrl: string): string[] {
  const url = new URL(localUrl);
  const addresses: string[] = [];
  if (isWildcardBind(bindHost)) {
    for (const list of Object.values(os.networkInterfaces())) {
      for (const info of list ?? [])
        if (!info.internal && info.family === 'IPv4') addresses.push(info.address);
    }
  }
  return addresses.map((address) => `${url.protocol}//${address}:${url.port}`);
}
