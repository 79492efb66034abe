// tab.open, web.close, web.expose and loading.start/end: Pinokio's UI events, as Hangar's dashboard has them.
import { z } from 'zod';
import { EngineError } from '../errors';
import type { StepContext } from './types';
import { defineStep, type StepDescriptor } from './descriptor';

export const tabOpenParams = z.looseObject({
  url: z.string().optional(),
  uri: z.string().optional(),
  target: z.string().optional(),
});

/** Pinokio opens a tab in its own window; Hangar asks the dashboard to open the page, as web.open does. */
export const tabOpen = defineStep({
  summary: 'opens a URL in a tab of Hangar (as web.open)',
  params: tabOpenParams,
  run: async (params, ctx) => {
    const uri = params.url ?? params.uri;
    if (!uri) throw new EngineError('invalid_params', 'tab.open needs a "url"');
    ctx.emit.webOpen({ uri, target: 'web' });
    return undefined;
  },
});

export const webCloseParams = z.unknown();

/**
 * Pinokio closes one of its own browser windows. Pages Hangar opens are tabs of the user's browser, which a
 * server cannot close, so the step logs that and the script goes on.
 */
export const webClose = defineStep({
  summary: 'logs a line: a tab of your browser cannot be closed by Hangar',
  params: webCloseParams,
  run: async (_params, ctx) => {
    ctx.log(
      'web.close: the page is a tab of your browser, which Hangar cannot close; ignored\n',
      'info',
    );
    return undefined;
  },
});

export const webExposeParams = z.looseObject({
  uri: z.string().regex(/^https?:\/\/\S+$/, { error: 'expected an http(s) URL' }),
});

/**
 * Pinokio serves the app at /app/<name> from this URL. Hangar serves an app under /apps/<name>/ from the URL
 * its start script records in `local.url`, so exposing sets that.
 */
export const webExpose = defineStep({
  summary: "sets the app's local.url, which Hangar serves under /apps/<name>/",
  params: webExposeParams,
  run: async (params, ctx) => {
    ctx.memory.local.url = params.uri;
    ctx.log(`[Exposing Web URL] /apps/${ctx.app ?? '(no app)'}/ => ${params.uri}\n`, 'info');
    return undefined;
  },
});

export const loadingStartParams = z.unknown();
export const loadingEndParams = z.unknown();

function loadingText(params: unknown): string | null {
  if (typeof params === 'string') return params;
  if (params && typeof params === 'object') {
    const p = params as Record<string, unknown>;
    for (const key of ['title', 'message', 'description', 'html'])
      if (typeof p[key] === 'string') return p[key];
  }
  return null;
}

/** Pinokio shows a loading overlay until loading.end; Hangar's run view already shows a running step, so a log line. */
function loading(phase: 'start' | 'end') {
  return async (params: unknown, ctx: StepContext) => {
    const text = loadingText(params);
    ctx.log(`[loading ${phase}]${text ? ` ${text}` : ''}\n`, 'info');
    return undefined;
  };
}

export const uiExtraSteps: Record<string, StepDescriptor> = {
  'tab.open': tabOpen,
  'web.close': webClose,
  'web.expose': webExpose,
  'loading.start': defineStep({
    summary: 'logs the loading text (the run view shows the running step)',
    params: loadingStartParams,
    run: loading('start'),
  }),
  'loading.end': defineStep({
    summary: 'logs the end of loading',
    params: loadingEndParams,
    run: loading('end'),
  }),
};
