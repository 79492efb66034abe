// UI methods: input (blocks for an answer), notify, log, web.open and browser.open (events only, never a server-side browser).
import { EngineError } from '../errors';
import type { StepMethod } from './types';

type Params = Record<string, unknown>;

const input: StepMethod = async (params, ctx) => {
  const p = (params ?? {}) as Params;
  return ctx.requestInput({
    title: typeof p.title === 'string' ? p.title : undefined,
    description: typeof p.description === 'string' ? p.description : undefined,
    type: typeof p.type === 'string' ? p.type : undefined,
    form: Array.isArray(p.form) ? p.form : undefined,
  });
};

const notify: StepMethod = async (params, ctx) => {
  const p = (params ?? {}) as Params;
  const html =
    typeof p.html === 'string' ? p.html : typeof p.text === 'string' ? p.text : undefined;
  ctx.emit.notify({
    html,
    href: typeof p.href === 'string' ? p.href : undefined,
    type: typeof p.type === 'string' ? p.type : undefined,
  });
  return undefined;
};

const log: StepMethod = async (params, ctx) => {
  const p = (params ?? {}) as Params;
  if (typeof params === 'string') ctx.log(`${params}\n`);
  else if (p.raw !== undefined) ctx.log(String(p.raw));
  else if (p.text !== undefined) ctx.log(`${String(p.text)}\n`);
  else if (p.json !== undefined) ctx.log(`${JSON.stringify(p.json)}\n`);
  else if (p.json2 !== undefined) ctx.log(`${JSON.stringify(p.json2, null, 2)}\n`);
  return undefined;
};

function opener(target: 'web' | 'browser'): StepMethod {
  return async (params, ctx) => {
    const p = (params ?? {}) as Params;
    const uri = p.uri ?? p.url;
    if (typeof uri !== 'string')
      throw new EngineError('invalid_params', `${target}.open needs a "uri"`);
    ctx.emit.webOpen({ uri, target });
    return undefined;
  };
}

export const uiMethods: Record<string, StepMethod> = {
  input,
  notify,
  log,
  'web.open': opener('web'),
  'browser.open': opener('browser'),
};
