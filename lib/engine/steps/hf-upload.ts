// hf.upload: runs `hf upload …` through shell.run with the launcher's args, as Pinokio does.
import { z } from 'zod';
import { hfToken } from '../downloads';
import { defineStep, widePath } from './descriptor';
import { shellSteps } from './shell';
import type { StepContext } from './types';

/** `{_: [repo, local path, path in repo], <flag>: value, path, env, venv}`. */
export const hfUploadParams = z.looseObject({
  _: z.union([z.string(), z.array(z.union([z.string(), z.number()]))]).optional(),
  path: z.string().optional(),
  env: z.record(z.string(), z.unknown()).optional(),
});

/** Params shell.run itself reads; the rest become `hf upload` flags. */
const SHELL_KEYS = ['path', 'env', 'venv', 'conda', 'on', 'sudo', 'input', 'daemon', 'message'];

/** The stored token; a run without Hangar's settings uploads with whatever token the environment has. */
function storedToken(ctx: StepContext): string | undefined {
  const account = ctx.services.hfAccount;
  return account ? hfToken({}, account.settings()) : undefined;
}

export const hfUpload = defineStep({
  summary: 'uploads files to a Hugging Face repository (`hf upload` through shell.run)',
  params: hfUploadParams,
  paths: [widePath('path'), widePath('venv', 'path')],
  run: async (params, ctx, request) => {
    const argv: Record<string, unknown> = {};
    const shell: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(params))
      (SHELL_KEYS.includes(key) ? shell : argv)[key] = value;
    const positional =
      params._ === undefined ? [] : Array.isArray(params._) ? params._ : [params._];
    argv._ = ['hf', 'upload', ...positional];
    const token = storedToken(ctx);
    const env: Record<string, unknown> = { ...params.env };
    if (token && env.HF_TOKEN === undefined) env.HF_TOKEN = token;
    const shellParams = { ...shell, env, message: [argv] };
    return shellSteps['shell.run']!.run(shellParams, ctx, { ...request, params: shellParams });
  },
});
