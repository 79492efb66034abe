// The text of a WebSocket message as `ws` hands it over (a Buffer, or fragments, or an ArrayBuffer).
import type { RawData } from 'ws';

export function messageText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.from(data).toString('utf8');
}
