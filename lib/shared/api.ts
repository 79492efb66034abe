// The JSON-RPC method table: names, param schemas and descriptions (the API's single source of truth).
import { z } from 'zod';

export const emptyParams = z.object({}).strict();

export const apiMethods = {
  'system.info': {
    description: 'Version, Node, platform, architecture, home path, GPUs and uptime of this Hangar.',
    params: emptyParams,
  },
} as const satisfies Record<string, { description: string; params: z.ZodType }>;

export type ApiMethodName = keyof typeof apiMethods;
export type ApiParams<M extends ApiMethodName> = z.infer<(typeof apiMethods)[M]['params']>;
