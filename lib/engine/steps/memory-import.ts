// import and local.import: read the local variables of other running scripts, as Pinokio's kernel.import does.
import { z } from 'zod';
import type { StepContext } from './types';
import { defineStep, type StepDescriptor } from './descriptor';

/** `{name: uri}`: a path relative to the script's folder, `~/…` in the home, or a git URI of a clone. */
export const importParams = z.record(z.string(), z.string().min(1), {
  error: 'expected an object of {name: script uri}',
});
export const localImportParams = importParams;

/** `{name: local variables of the script at uri}` (empty for a script that does not run). */
export function importLocals(
  params: Record<string, string>,
  ctx: StepContext,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, uri] of Object.entries(params)) {
    out[name] = { ...ctx.memory.localOf(uri) };
  }
  return out;
}

/** Returns the imported variables (the step's result, for `returns` or the next step's `input`). */
export const importMethod = defineStep({
  summary: 'returns the local variables of other running scripts by name',
  params: importParams,
  run: async (params, ctx) => importLocals(params, ctx),
});

/** Sets `local.<name>` to the local variables of each named script. */
export const localImport = defineStep({
  summary: 'sets local.<name> to the local variables of other running scripts',
  params: localImportParams,
  run: async (params, ctx) => {
    const imported = importLocals(params, ctx);
    Object.assign(ctx.memory.local, imported);
    for (const name of Object.keys(imported))
      ctx.log(`[local.import] ${name} = ${JSON.stringify(imported[name])}\n`, 'info');
    return imported;
  },
});

export const memoryImportSteps: Record<string, StepDescriptor> = {
  import: importMethod,
  'local.import': localImport,
};
