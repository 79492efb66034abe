// JSON-RPC 2.0 dispatch: parses, validates envelopes and params, calls handlers, translates errors.
import { z } from 'zod';
import { RPC_ERRORS } from '../../lib/shared/errors';
import { rpcRequestSchema, type RpcId, type RpcResponse } from '../../lib/shared/rpc';
import type { ApiMethod } from '../../lib/shared/api';
import { isEngineError } from '../../lib/engine';

/** A method of the contract with its handler (typed against the contract in methods.ts). */
export interface RpcMethod extends ApiMethod {
  /** Answers the result, or a promise of it. */
  handler(params: unknown, context: RpcContext): unknown;
}

export interface RpcContext {
  remoteAddress: string | undefined;
}

export type RpcTable = Record<string, RpcMethod>;

const MAX_BATCH = 100;

/**
 * Every result is checked against its schema (cheap: 1.5 ms for a page of 10,000 log entries, which takes 5 ms to
 * serialise; a tenth of a millisecond for the app list). A mismatch is a bug of Hangar: outside production it fails
 * the call (so tests catch it); in production it is logged and the result is sent as it is.
 */
const STRICT_RESULTS = process.env.NODE_ENV !== 'production';

function resultMatches(name: string, method: RpcMethod, result: unknown): boolean {
  const checked = method.result.safeParse(result);
  if (checked.success) return true;
  console.error(
    `[api] ${name} answered outside its result schema: ${describeIssues(checked.error)}`,
  );
  return false;
}

/** Handles a raw body; returns the response body, or null when nothing is to be sent (notifications only). */
export async function handleRpcBody(
  body: string,
  table: RpcTable,
  context: RpcContext,
): Promise<unknown> {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    // Not JSON: the standard parse error answers it.
    return failure(
      null,
      RPC_ERRORS.parseError,
      'Parse error: the body is not valid JSON',
      'invalid_params',
    );
  }
  if (Array.isArray(payload)) {
    if (payload.length === 0)
      return failure(
        null,
        RPC_ERRORS.invalidRequest,
        'Invalid Request: empty batch',
        'invalid_params',
      );
    if (payload.length > MAX_BATCH) {
      return failure(
        null,
        RPC_ERRORS.invalidRequest,
        `Invalid Request: a batch holds at most ${MAX_BATCH} calls`,
        'invalid_params',
      );
    }
    const results = await Promise.all(payload.map((item) => handleOne(item, table, context)));
    const answered = results.filter((r): r is RpcResponse => r !== null);
    return answered.length > 0 ? answered : null;
  }
  return handleOne(payload, table, context);
}

async function handleOne(
  item: unknown,
  table: RpcTable,
  context: RpcContext,
): Promise<RpcResponse | null> {
  const envelope = rpcRequestSchema.safeParse(item);
  if (!envelope.success) {
    const id = idOf(item);
    return failure(
      id,
      RPC_ERRORS.invalidRequest,
      `Invalid Request: ${describeIssues(envelope.error)}`,
      'invalid_params',
    );
  }
  const request = envelope.data;
  const isNotification = request.id === undefined;
  const id = request.id ?? null;
  const method = Object.hasOwn(table, request.method) ? table[request.method] : undefined;
  if (!method) {
    if (isNotification) return null;
    return failure(
      id,
      RPC_ERRORS.methodNotFound,
      `Method not found: ${request.method}`,
      'unknown_method',
    );
  }
  const params = method.params.safeParse(request.params ?? {});
  if (!params.success) {
    if (isNotification) return null;
    return failure(
      id,
      RPC_ERRORS.invalidParams,
      `Invalid params: ${describeIssues(params.error)}`,
      'invalid_params',
      params.error.issues,
    );
  }
  try {
    const result = (await method.handler(params.data, context)) ?? null;
    if (!resultMatches(request.method, method, result) && STRICT_RESULTS)
      return isNotification
        ? null
        : failure(id, RPC_ERRORS.internalError, 'Internal error', 'invalid_result');
    return isNotification ? null : { jsonrpc: '2.0', id, result };
  } catch (error) {
    if (isNotification) return null;
    if (isEngineError(error)) {
      return {
        jsonrpc: '2.0',
        id,
        error: {
          code: RPC_ERRORS.applicationError,
          message: error.message,
          data: { code: error.code, details: error.details },
        },
      };
    }
    console.error(`[api] ${request.method} failed:`, error);
    return failure(id, RPC_ERRORS.internalError, 'Internal error', 'internal');
  }
}

function failure(
  id: RpcId,
  code: number,
  message: string,
  appCode: string,
  issues?: unknown,
): RpcResponse {
  return {
    jsonrpc: '2.0',
    id,
    error: {
      code,
      message,
      data: issues === undefined ? { code: appCode } : { code: appCode, issues },
    },
  };
}

function idOf(item: unknown): RpcId {
  if (item && typeof item === 'object' && 'id' in item) {
    const id = (item as { id: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number' || id === null)
      return typeof id === 'string' ? id.slice(0, 200) : id;
  }
  return null;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ')
    .slice(0, 500);
}
