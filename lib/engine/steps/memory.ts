// Run memory methods: local.set/rm, global.set/rm and the generic set/rm.
import { EngineError } from '../errors';
import { defineStep, type StepDescriptor } from './descriptor';
import { keysOf, removePath, setPath } from './dotted';
import { fileSets, patchJsonFiles } from './json';
import { fields, keyList, keyValues } from './schemas';
import type { StepContext } from './types';

type Bag = 'local' | 'global';

function setValues(bag: Bag, values: Record<string, unknown>, ctx: StepContext): void {
  for (const [key, value] of Object.entries(values)) {
    setPath(ctx.memory[bag], key, value);
    ctx.log(`[${bag}.set] ${key} = ${JSON.stringify(value)}\n`, 'info');
  }
}

const setter = (bag: Bag): StepDescriptor =>
  defineStep({
    summary: `sets dotted keys in the run's ${bag} memory`,
    params: keyValues,
    run: async (values, ctx) => setValues(bag, values, ctx),
  });

const remover = (bag: Bag): StepDescriptor =>
  defineStep({
    summary: `removes dotted keys from the run's ${bag} memory`,
    params: keyList,
    run: async (keys, ctx) => {
      for (const key of keysOf(keys)) removePath(ctx.memory[bag], key);
    },
  });

const genericSet = defineStep({
  summary: 'sets local, global and JSON file values in one step',
  params: fields(
    {
      local: keyValues.optional(),
      global: keyValues.optional(),
      self: fileSets.optional(),
      json: fileSets.optional(),
    },
    'expected an object of {local, global, self, json}',
  ),
  run: async (p, ctx) => {
    if (p.local) setValues('local', p.local, ctx);
    if (p.global) setValues('global', p.global, ctx);
    const files = p.self ?? p.json;
    if (files) await patchJsonFiles('set', files, ctx);
    if (p.key)
      throw new EngineError(
        'not_available',
        'set {key} is not available in Hangar: key.json secrets are not stored by scripts',
      );
  },
});

const genericRm = defineStep({
  summary: 'removes local (default) or global keys',
  params: keyList,
  run: async (params, ctx) => {
    if (params && typeof params === 'object' && !Array.isArray(params)) {
      if ('local' in params || 'global' in params) {
        for (const key of keysOf(params.local)) removePath(ctx.memory.local, key);
        for (const key of keysOf(params.global)) removePath(ctx.memory.global, key);
        return;
      }
    }
    for (const key of keysOf(params)) removePath(ctx.memory.local, key);
  },
});

export const memorySteps: Record<string, StepDescriptor> = {
  'local.set': setter('local'),
  'local.rm': remover('local'),
  'global.set': setter('global'),
  'global.rm': remover('global'),
  set: genericSet,
  rm: genericRm,
};
