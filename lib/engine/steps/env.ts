// env.set: updates the app's ENVIRONMENT file.
import { EngineError } from '../errors';
import { setEnvValues } from './env-file';
import type { StepMethod } from './types';

const envSet: StepMethod = async (params, ctx) => {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new EngineError('invalid_params', 'env.set needs an object of {KEY: value}');
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key))
      throw new EngineError('invalid_params', `env.set: "${key}" is not a valid variable name`);
    values[key] = value === null || value === undefined ? '' : String(value);
  }
  await setEnvValues(ctx.appDir, values);
  return undefined;
};

export const envMethods: Record<string, StepMethod> = { 'env.set': envSet };
