// hf.login and hf.logout: the Hugging Face token in Hangar's settings file (config.json, mode 0600).
import { z } from 'zod';
import { hfEndpoint } from '../downloads';
import { EngineError, errorMessage } from '../errors';
import { defineStep, type StepDescriptor } from './descriptor';
import type { HfAccountService } from './hf-account-service';
import type { StepContext, StepRequest } from './types';

export const hfLoginParams = z.preprocess(
  (value) => value ?? {},
  z.looseObject({
    /** Hangar: a token to store instead of asking in the dashboard. */
    token: z.string().min(1).optional(),
    /** Ask again even when a working token is stored. */
    force: z.boolean().optional(),
  }),
);
export const hfLogoutParams = z.unknown();

/** The run's Hugging Face account service; fails the step when the run was not given it. */
function accountOf(ctx: StepContext, request: StepRequest): HfAccountService {
  const account = ctx.services.hfAccount;
  if (!account)
    throw new EngineError(
      'not_available',
      `${request.method} needs Hangar's settings, which this run was not given`,
      { details: { runId: ctx.runId } },
    );
  return account;
}

type WhoAmI = { ok: true; name: string | null } | { ok: false; error: string };

/** Asks the Hub (or HF_ENDPOINT) who a token belongs to. */
async function whoami(endpoint: string, token: string, ctx: StepContext): Promise<WhoAmI> {
  let res: Response;
  try {
    res = await fetch(`${endpoint.replace(/\/+$/, '')}/api/whoami-v2`, {
      headers: { authorization: `Bearer ${token}` },
      signal: ctx.signal,
    });
  } catch (error) {
    return { ok: false, error: `${endpoint} could not be reached: ${errorMessage(error)}` };
  }
  const text = await res.text();
  if (!res.ok) return { ok: false, error: `Hugging Face rejected the token (${res.status})` };
  try {
    const body = JSON.parse(text) as { name?: unknown };
    return { ok: true, name: typeof body.name === 'string' ? body.name : null };
  } catch {
    return { ok: false, error: `${endpoint}/api/whoami-v2 did not answer JSON` };
  }
}

async function askToken(ctx: StepContext): Promise<string> {
  const answer = await ctx.requestInput({
    title: 'Log in to Hugging Face',
    description:
      'Paste an access token from https://huggingface.co/settings/tokens. Hangar keeps it in its settings file, readable only by your user.',
    form: [{ key: 'token', title: 'Access token', type: 'password' }],
  });
  const token =
    typeof answer === 'string' ? answer : (answer as Record<string, unknown> | null)?.token;
  if (typeof token !== 'string' || token.trim() === '')
    throw new EngineError('invalid_params', 'hf.login: no token was given');
  return token.trim();
}

/**
 * Pinokio's device login stores a token and returns `{status}`. Hangar checks a stored token first (unless
 * `force`), else takes `token` or asks for one in the dashboard, checks it with the Hub and stores it.
 */
const hfLogin = defineStep({
  summary: 'checks a Hugging Face token with the Hub and stores it (asks for it without `token`)',
  params: hfLoginParams,
  run: async (params, ctx, request) => {
    const account = accountOf(ctx, request);
    const endpoint = hfEndpoint({ ...process.env, ...(await ctx.env()) }, account.settings());
    const stored = account.settings().hfToken;
    if (!params.force && stored) {
      const who = await whoami(endpoint, stored, ctx);
      if (who.ok) return { status: 'success', already_logged_in: true, name: who.name };
    }
    const token = params.token ?? (await askToken(ctx));
    const who = await whoami(endpoint, token, ctx);
    if (!who.ok) {
      ctx.log(`hf.login: ${who.error}; the token was not stored\n`, 'error');
      return { status: 'error', error: who.error };
    }
    await account.setToken(token);
    ctx.log(`hf.login: logged in to Hugging Face${who.name ? ` as ${who.name}` : ''}\n`, 'info');
    return { status: 'success', name: who.name };
  },
});

/** Removes the stored token. */
const hfLogout = defineStep({
  summary: 'removes the stored Hugging Face token',
  params: hfLogoutParams,
  run: async (_params, ctx, request) => {
    await accountOf(ctx, request).setToken(null);
    ctx.log('hf.logout: the Hugging Face token was removed\n', 'info');
    return { status: 'success' };
  },
});

export const hfAccountSteps: Record<string, StepDescriptor> = {
  'hf.login': hfLogin,
  'hf.logout': hfLogout,
};
