// Typed JSON-RPC client for the browser: one POST /api per call, errors as RpcError with the stable code.
import type { MethodName, ParamsArgs, Result } from '../shared/api';
import type { RpcResponse } from '../shared/rpc';

export class RpcError extends Error {
  constructor(
    message: string,
    readonly rpcCode: number,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

let nextId = 1;

/** Calls a method of the contract: its params and result types come from lib/shared/api. */
export async function rpc<M extends MethodName>(
  method: M,
  ...args: ParamsArgs<M>
): Promise<Result<M>> {
  const params = args[0] ?? {};
  const response = await fetch('/api', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
  });
  if (!response.ok)
    throw new RpcError(`${method}: HTTP ${response.status}`, response.status, 'http');
  const body = (await response.json()) as RpcResponse<Result<M>>;
  if ('error' in body)
    throw new RpcError(
      body.error.message,
      body.error.code,
      body.error.data?.code ?? 'internal',
      body.error.data?.details,
    );
  return body.result;
}
