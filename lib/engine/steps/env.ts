// env.set: updates the app's ENVIRONMENT file.
import { z } from 'zod';
import { defineStep, type StepDescriptor } from './descriptor';
import { setEnvValues } from './env-file';
import { asText } from './schemas';

const envSet = defineStep({
  summary: "sets variables in the app's ENVIRONMENT file",
  params: z.record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, { error: 'is not a valid variable name' }),
    z.unknown(),
    { error: 'expected an object of {KEY: value}' },
  ),
  run: async (params, ctx) => {
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(params))
      values[key] = value === null || value === undefined ? '' : asText(value);
    await setEnvValues(ctx.appDir, values);
  },
});

export const envSteps: Record<string, StepDescriptor> = { 'env.set': envSet };
