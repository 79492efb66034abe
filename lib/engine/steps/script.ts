// Script methods: script.start/run, stop, restart, return, ready, download.
import { EngineError } from '../errors';
import { downloadPinned, hasPins, scriptDownloadParams, scriptStartParams } from './script-pin';
import type { StepMethod } from './types';
import { withParams } from './with-params';

type Params = Record<string, unknown>;

function uriOf(method: string, params: unknown, fallback?: string): string {
  const uri = params && typeof params === 'object' ? (params as Params).uri : params;
  if (typeof uri === 'string' && uri.length > 0) return uri;
  if (fallback) return fallback;
  throw new EngineError('invalid_params', `${method} needs a "uri"`);
}

const pinned = withParams(scriptStartParams, downloadPinned);

const start: StepMethod = async (params, ctx, request) => {
  const p = (params ?? {}) as Params;
  const uri = uriOf('script.start', p);
  // Pinokio leaves a script that already runs as it is: its clone is not checked out under it.
  if (hasPins(p)) {
    if (await ctx.isRunning(uri))
      ctx.log(`${uri} already runs: its pins wait for its next start\n`, 'info');
    else await pinned(p, ctx, request);
  }
  return ctx.runScript(uri, { params: p.params });
};

const stop: StepMethod = async (params, ctx) => {
  const raw =
    params && typeof params === 'object' && !Array.isArray(params)
      ? (params as Params).uri
      : params;
  const uris = Array.isArray(raw) ? raw : [raw];
  for (const uri of uris) {
    if (typeof uri !== 'string')
      throw new EngineError('invalid_params', 'script.stop needs a "uri" (string or array)');
    await ctx.stopScript(uri);
  }
  return undefined;
};

const restart: StepMethod = async (params, ctx) => {
  const p = (params ?? {}) as Params;
  const uri = uriOf('script.restart', p, ctx.scriptFile);
  await ctx.restartScript(uri, { params: p.params });
  return { uri, scheduled: true, self: uri === ctx.scriptFile, params: p.params };
};

const ret: StepMethod = async (params, ctx) => {
  ctx.setReturn(params);
  return params;
};

const ready: StepMethod = async (params, ctx) => ctx.isReady(uriOf('script.ready', params));

const download = withParams(scriptDownloadParams, downloadPinned);

export const scriptMethods: Record<string, StepMethod> = {
  'script.start': start,
  'script.run': start,
  'script.stop': stop,
  'script.restart': restart,
  'script.return': ret,
  'script.ready': ready,
  'script.download': download,
};
