// gradio.predict: calls an endpoint of a running Gradio app over its HTTP API (`/call/<api_name>` + SSE).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { EngineError, errorMessage } from '../errors';
import type { StepContext } from './types';
import { defineStep } from './descriptor';

export const gradioPredictParams = z.looseObject({
  uri: z.string().regex(/^https?:\/\/\S+$/, { error: 'expected the http(s) URL of a Gradio app' }),
  path: z.string().min(1, { error: 'expected an endpoint such as "/predict"' }),
  params: z.unknown().optional(),
});

const FILE_KEYS = ['image', 'video', 'audio', 'file'] as const;

async function request(url: string, init: RequestInit, ctx: StepContext): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: ctx.signal });
  } catch (error) {
    throw new EngineError('network', `gradio.predict: ${url} failed: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  if (!res.ok) {
    const body = (await res.text()).slice(0, 300);
    throw new EngineError('network', `gradio.predict: ${url} answered ${res.status} ${body}`, {
      details: { status: res.status },
    });
  }
  return res;
}

/** The app's API root: Gradio 5 serves it under `api_prefix` (`/gradio_api`), Gradio 4 at the root. */
async function apiRoot(base: string, ctx: StepContext): Promise<string> {
  const config = (await (await request(`${base}/config`, {}, ctx)).json()) as {
    api_prefix?: unknown;
  };
  const prefix = typeof config.api_prefix === 'string' ? config.api_prefix.replace(/\/+$/, '') : '';
  return `${base}${prefix}`;
}

/** A `{image: path}` (or video/audio/file) argument becomes Gradio FileData, uploading local files first. */
async function fileArg(value: unknown, root: string, ctx: StepContext): Promise<unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length !== 1) return value;
  const [key, where] = entries[0]!;
  if (!(FILE_KEYS as readonly string[]).includes(key) || typeof where !== 'string') return value;
  const meta = { _type: 'gradio.FileData' };
  if (/^https?:\/\//.test(where)) return { path: where, url: where, meta };
  const file = ctx.resolvePath(where, { param: key, allowDrive: true, allowCache: true });
  const form = new FormData();
  form.append('files', new Blob([await readFile(file)]), path.basename(file));
  const uploaded = (await (
    await request(`${root}/upload`, { method: 'POST', body: form }, ctx)
  ).json()) as unknown;
  if (!Array.isArray(uploaded) || typeof uploaded[0] !== 'string')
    throw new EngineError('network', `gradio.predict: ${root}/upload did not return a file path`);
  return { path: uploaded[0], orig_name: path.basename(file), meta };
}

/** Reads the SSE stream of a call until `complete` (its data) or `error`. */
async function awaitResult(res: Response, endpoint: string): Promise<unknown> {
  const text = await res.text();
  let event = '';
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:') && (event === 'complete' || event === 'error')) {
      const data = line.slice(5).trim();
      if (event === 'error')
        throw new EngineError('step_failed', `gradio.predict ${endpoint} failed: ${data}`);
      return JSON.parse(data) as unknown;
    }
  }
  throw new EngineError('network', `gradio.predict ${endpoint}: the stream ended without a result`);
}

/** Returns `{type: 'data', endpoint, data}` as Pinokio's Gradio client does. */
export const gradioPredict = defineStep({
  summary: "calls an endpoint of a Gradio app's API, uploading local files first",
  params: gradioPredictParams,
  run: async (params, ctx) => {
    const base = params.uri.replace(/\/+$/, '');
    const root = await apiRoot(base, ctx);
    const endpoint = `/${params.path.replace(/^\/+/, '')}`;
    const raw = params.params === undefined ? [] : params.params;
    const args = Array.isArray(raw) ? raw : [raw];
    const data = await Promise.all(args.map((arg) => fileArg(arg, root, ctx)));
    const started = (await (
      await request(
        `${root}/call${endpoint}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ data }),
        },
        ctx,
      )
    ).json()) as { event_id?: unknown };
    if (typeof started.event_id !== 'string')
      throw new EngineError('network', `gradio.predict ${endpoint}: no event_id in the answer`);
    const res = await request(`${root}/call${endpoint}/${started.event_id}`, {}, ctx);
    ctx.log(`gradio.predict ${base}${endpoint}\n`, 'info');
    return { type: 'data', endpoint, data: await awaitResult(res, endpoint) };
  },
});
