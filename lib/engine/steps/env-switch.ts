// env.switch: cycles an ENVIRONMENT value through a list of options, as Pinokio's toggles do.
import { z } from 'zod';
import { setEnvValues } from './env-file';
import { defineStep } from './descriptor';

/** `{KEY: [option, option, …]}`: each key moves to its next option. */
export const envSwitchParams = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, { error: 'is not a valid variable name' }),
  z.array(z.union([z.string(), z.number(), z.boolean()])).min(1, { error: 'needs an option' }),
  { error: 'expected an object of {KEY: [options]}' },
);

/**
 * A key not set yet gets its first option; a key set to one of the options gets the one after it (the last
 * wraps to the first); a key set to anything else is left alone (Pinokio's options must match exactly).
 */
export const envSwitch = defineStep({
  summary: 'moves ENVIRONMENT variables to the next of their listed options',
  params: envSwitchParams,
  run: async (params, ctx) => {
    const env = await ctx.env();
    const update: Record<string, string> = {};
    for (const [key, raw] of Object.entries(params)) {
      const options = raw.map((option) => String(option));
      if (!(key in env)) update[key] = options[0]!;
      else {
        const at = options.indexOf(env[key]!);
        if (at >= 0) update[key] = options[(at + 1) % options.length]!;
      }
    }
    if (Object.keys(update).length > 0) await setEnvValues(ctx.appDir, update);
    return update;
  },
});
