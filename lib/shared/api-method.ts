// One entry of the JSON-RPC contract, and the param pieces several methods share.
import { z } from 'zod';
import { appNameSchema } from './app';

export interface ApiMethod {
  description: string;
  /** What the caller sends (validated before the handler runs). */
  params: z.ZodType;
  /** What the handler answers (the compiler checks handlers against it; the server validates it too). */
  result: z.ZodType;
  /** Calls are written to the audit log with their caller and outcome. */
  audited?: true;
  /** Why a command line would not offer this method (it only makes sense in the browser). */
  uiOnly?: string;
}

export const emptyParams = z.object({}).strict();
export const nameParams = z.object({ name: appNameSchema }).strict();
export const runIdParam = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'a run id');
export const okResult = z.object({ ok: z.literal(true) });
