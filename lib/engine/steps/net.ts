// net: an HTTP request from an axios-style config; returns the response data (JSON when the server says so).
import { EngineError, errorMessage } from '../errors';
import { z } from 'zod';
import { defineStep, type StepDescriptor } from './descriptor';
import { fields, scalar } from './schemas';

const net = defineStep({
  summary: 'sends an HTTP request (axios-style config) and returns the response data',
  params: fields(
    {
      url: z.string(),
      method: z.string().optional(),
      headers: z.record(z.string(), scalar.transform(String)).optional(),
      data: z.unknown().optional(),
    },
    'expected {url, method, headers, data}',
  ),
  run: async (p, ctx) => {
    const method = p.method?.toUpperCase() ?? 'GET';
    const headers = new Headers(p.headers ?? {});
    let body: string | undefined;
    if (p.data !== undefined && method !== 'GET' && method !== 'HEAD') {
      body = typeof p.data === 'string' ? p.data : JSON.stringify(p.data);
      if (typeof p.data !== 'string' && !headers.has('content-type'))
        headers.set('content-type', 'application/json');
    }
    let res: Response;
    try {
      res = await fetch(p.url, { method, headers, body, signal: ctx.signal });
    } catch (error) {
      throw new EngineError('network', `net: ${method} ${p.url} failed: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    const text = await res.text();
    if (!res.ok)
      throw new EngineError('network', `net: ${method} ${p.url} answered ${res.status}`, {
        details: { status: res.status, body: text.slice(0, 500) },
      });
    if ((res.headers.get('content-type') ?? '').includes('json')) {
      try {
        return JSON.parse(text);
      } catch {
        // a server that labels non-JSON as JSON: hand back the text
        return text;
      }
    }
    return text;
  },
});

export const netSteps: Record<string, StepDescriptor> = { net };
