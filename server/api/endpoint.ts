// The HTTP edge of JSON-RPC: `POST /api` (application/json only; the admission policy refuses other origins) and `GET /api`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeRpcTable } from './methods';
import { handleRpcBody, type RpcTable } from './json-rpc';
import { sendJson, sendText } from '../http-util';

export const MAX_RPC_BODY = 1024 * 1024;

export function createApiEndpoint(table: RpcTable) {
  const description = { jsonrpc: '2.0', endpoint: '/api', methods: describeRpcTable(table) };
  return async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' || req.method === 'HEAD') return sendJson(res, 200, description);
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'GET, POST');
      return sendText(
        res,
        405,
        'Method Not Allowed: use POST for JSON-RPC calls, GET for the method table',
      );
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json')
      return sendText(
        res,
        415,
        'Unsupported Media Type: JSON-RPC needs Content-Type: application/json',
      );
    const body = await readBody(req, MAX_RPC_BODY);
    if (body === null)
      return sendText(
        res,
        413,
        `Payload Too Large: JSON-RPC bodies are limited to ${MAX_RPC_BODY} bytes`,
      );
    const response = await handleRpcBody(body, table, { remoteAddress: req.socket.remoteAddress });
    if (response === null) {
      res.statusCode = 204;
      return void res.end();
    }
    sendJson(res, 200, response);
  };
}

/** Reads the body as UTF-8; null when it exceeds the limit (the rest is discarded). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      return resolve(null);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
