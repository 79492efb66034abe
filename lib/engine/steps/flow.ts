// Flow methods: jump (= goto) sets the next step by index or id and passes params on as the next input.
import { EngineError } from '../errors';
import type { StepMethod } from './types';

const jump: StepMethod = async (params, ctx) => {
  const p = (params ?? {}) as Record<string, unknown>;
  const target = p.id ?? p.index;
  if (typeof target !== 'string' && typeof target !== 'number') {
    throw new EngineError('invalid_params', 'jump needs an "index" or an "id"');
  }
  ctx.setNext(target);
  return p.params ?? p.input;
};

export const flowMethods: Record<string, StepMethod> = { jump, goto: jump };
