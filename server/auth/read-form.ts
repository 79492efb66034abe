// Reads a small JSON or urlencoded form body with a size limit (login and password forms).
import type { IncomingMessage } from 'node:http';

export const MAX_FORM_BODY = 16 * 1024;

export type FormResult =
  | { ok: true; fields: Record<string, string>; json: boolean }
  | { ok: false; status: 413 | 415 | 400; message: string };

export function readForm(req: IncomingMessage, limit = MAX_FORM_BODY): Promise<FormResult> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const json = type === 'application/json';
  if (!json && type !== 'application/x-www-form-urlencoded') {
    req.resume();
    return Promise.resolve({
      ok: false,
      status: 415,
      message: 'Unsupported Media Type: send application/json or a form',
    });
  }
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      return resolve({
        ok: false,
        status: 413,
        message: `Payload Too Large: at most ${limit} bytes`,
      });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > limit)
        return resolve({
          ok: false,
          status: 413,
          message: `Payload Too Large: at most ${limit} bytes`,
        });
      const text = Buffer.concat(chunks).toString('utf8');
      resolve(
        json
          ? parseJsonFields(text)
          : { ok: true, json: false, fields: Object.fromEntries(new URLSearchParams(text)) },
      );
    });
  });
}

function parseJsonFields(text: string): FormResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Malformed JSON is the client's error, answered as 400.
    return { ok: false, status: 400, message: 'Bad Request: the body is not valid JSON' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, status: 400, message: 'Bad Request: expected a JSON object' };
  const fields: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) if (typeof item === 'string') fields[key] = item;
  return { ok: true, json: true, fields };
}
