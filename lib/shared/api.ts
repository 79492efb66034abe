// The JSON-RPC contract: every method's params and result schema, description and flags (the API's single source of
// truth for the server's handlers, the browser's and the CLI's clients, and `GET /api`).
import type { z } from 'zod';
import { appMethods } from './api-apps';
import type { ApiMethod } from './api-method';
import { modelMethods } from './api-models';
import { systemMethods } from './api-system';

export type { ApiMethod } from './api-method';
export { emptyParams } from './api-method';

export const apiMethods = {
  ...appMethods,
  ...systemMethods,
  ...modelMethods,
} as const satisfies Record<string, ApiMethod>;

export type MethodName = keyof typeof apiMethods;
/** What a caller sends (fields with defaults may be left out). */
export type Params<M extends MethodName> = z.input<(typeof apiMethods)[M]['params']>;
/** What a handler receives: the params after validation (defaults filled in). */
export type ParsedParams<M extends MethodName> = z.output<(typeof apiMethods)[M]['params']>;
/** What a method answers. */
export type Result<M extends MethodName> = z.output<(typeof apiMethods)[M]['result']>;

/** Methods whose params may be left out entirely (all their fields are optional). */
export type ParamsArgs<M extends MethodName> =
  Record<string, never> extends Params<M> ? [params?: Params<M>] : [params: Params<M>];

export const METHOD_NAMES = Object.keys(apiMethods) as MethodName[];

export function isMethodName(method: string): method is MethodName {
  return Object.hasOwn(apiMethods, method);
}
