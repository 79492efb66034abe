// Script methods: script.start/run, stop, restart, return, ready, download.
import { z } from 'zod';
import { defineStep, type StepDescriptor } from './descriptor';
import { fields, looseParams, stringOrList } from './schemas';
import { downloadPinned, hasPins, scriptDownloadParams, scriptStartParams } from './script-pin';

const uri = z.string().min(1, { error: 'expected a script URI' });
/** `"uri"` or `{uri}`. */
const uriOnly = z.union([uri, fields({ uri })], {
  error: 'expected a script URI or {uri}',
});
const uriOf = (p: z.output<typeof uriOnly>): string => (typeof p === 'string' ? p : p.uri);

const start = defineStep({
  summary:
    'runs another script and waits for its steps to end (`hash`/`branch`/`pull` pin a git clone first)',
  params: scriptStartParams,
  checks: ['targets'],
  run: async (p, ctx) => {
    // Pinokio leaves a script that already runs as it is: its clone is not checked out under it.
    if (hasPins(p)) {
      if (await ctx.isRunning(p.uri))
        ctx.log(`${p.uri} already runs: its pins wait for its next start\n`, 'info');
      else await downloadPinned(p, ctx);
    }
    return ctx.runScript(p.uri, { params: p.params });
  },
});

const stop = defineStep({
  summary: 'stops a running script (or a list of them)',
  params: z.union([stringOrList, fields({ uri: stringOrList })], {
    error: 'expected a script URI, a list of them, or {uri}',
  }),
  checks: ['targets'],
  run: async (p, ctx) => {
    const raw = typeof p === 'object' && !Array.isArray(p) ? p.uri : p;
    for (const one of Array.isArray(raw) ? raw : [raw]) await ctx.stopScript(one);
  },
});

const restart = defineStep({
  summary: 'stops then starts a script in the background (this one without a uri)',
  params: z.union(
    [
      uri.transform((u) => ({ uri: u as string | undefined, params: undefined as unknown })),
      looseParams({ uri: uri.optional(), params: z.unknown().optional() }),
    ],
    { error: 'expected a script URI or {uri, params}' },
  ),
  checks: ['targets'],
  run: async (p, ctx) => {
    const target = p.uri ?? ctx.scriptFile;
    await ctx.restartScript(target, { params: p.params });
    return { uri: target, scheduled: true, self: target === ctx.scriptFile, params: p.params };
  },
});

const ret = defineStep({
  summary: 'sets the value a script.start caller gets',
  params: z.unknown(),
  run: async (params, ctx) => {
    ctx.setReturn(params);
    return params;
  },
});

const ready = defineStep({
  summary: 'whether a script has finished its steps and keeps running',
  params: uriOnly,
  checks: ['targets'],
  run: (p, ctx) => ctx.isReady(uriOf(p)),
});

const download = defineStep({
  summary:
    'clones a script repository and returns the local file (checked out at `hash`/`branch`, `pull`ed)',
  params: scriptDownloadParams,
  run: (p, ctx) => downloadPinned(p, ctx),
});

export const scriptSteps: Record<string, StepDescriptor> = {
  'script.start': start,
  'script.run': start,
  'script.stop': stop,
  'script.restart': restart,
  'script.return': ret,
  'script.ready': ready,
  'script.download': download,
};
