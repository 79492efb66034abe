// Run memory methods: local.set/rm, global.set/rm and the generic set/rm.
import { EngineError } from '../errors';
import { keysOf, removePath, setPath } from './dotted';
import { jsonSet } from './json';
import type { StepContext, StepMethod } from './types';

function assertObject(method: string, params: unknown): Record<string, unknown> {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new EngineError('invalid_params', `${method} needs an object of {key: value}`);
  }
  return params as Record<string, unknown>;
}

function setter(bag: 'local' | 'global'): StepMethod {
  return async (params, ctx) => {
    const values = assertObject(`${bag}.set`, params);
    for (const [key, value] of Object.entries(values)) {
      setPath(ctx.memory[bag], key, value);
      ctx.log(`[${bag}.set] ${key} = ${JSON.stringify(value)}\n`, 'info');
    }
    return undefined;
  };
}

function remover(bag: 'local' | 'global'): StepMethod {
  return async (params, ctx) => {
    for (const key of keysOf(params)) removePath(ctx.memory[bag], key);
    return undefined;
  };
}

async function genericSet(
  params: unknown,
  ctx: StepContext,
  request: Parameters<StepMethod>[2],
): Promise<unknown> {
  const p = assertObject('set', params);
  if (p.local) await setter('local')(p.local, ctx, request);
  if (p.global) await setter('global')(p.global, ctx, request);
  const files = p.self ?? p.json;
  if (files) await jsonSet(files, ctx, request);
  if (p.key)
    throw new EngineError(
      'not_available',
      'set {key} is not available in Hangar: key.json secrets are not stored by scripts',
    );
  return undefined;
}

async function genericRm(params: unknown, ctx: StepContext): Promise<unknown> {
  if (params && typeof params === 'object' && !Array.isArray(params)) {
    const p = params as Record<string, unknown>;
    if ('local' in p || 'global' in p) {
      for (const key of keysOf(p.local)) removePath(ctx.memory.local, key);
      for (const key of keysOf(p.global)) removePath(ctx.memory.global, key);
      return undefined;
    }
  }
  for (const key of keysOf(params)) removePath(ctx.memory.local, key);
  return undefined;
}

export const memoryMethods: Record<string, StepMethod> = {
  'local.set': setter('local'),
  'local.rm': remover('local'),
  'global.set': setter('global'),
  'global.rm': remover('global'),
  set: genericSet,
  rm: genericRm,
};
