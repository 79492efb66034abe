// JSON-RPC calls to a running Hangar, for tests (no server code is loaded), typed against the API contract.
import type { MethodName, ParamsArgs, Result } from '../../lib/shared/api';
import type { RpcResponse } from '../../lib/shared/rpc';

/** One JSON-RPC call to the Hangar at `url`; an error answer throws with the method named and `rpc` set to the error. */
export async function rpcCall<M extends MethodName>(
  url: string,
  method: M,
  ...params: ParamsArgs<M>
): Promise<Result<M>> {
  return rpcCallWith(url, {}, method, ...params);
}

/** rpcCall with extra request headers (an `authorization` bearer token, say). */
export async function rpcCallWith<M extends MethodName>(
  url: string,
  headers: Record<string, string>,
  method: M,
  ...params: ParamsArgs<M>
): Promise<Result<M>> {
  const body = await postJson<RpcResponse<Result<M>>>(
    `${url}/api`,
    { jsonrpc: '2.0', id: 1, method, params: params[0] ?? {} },
    headers,
  );
  if ('error' in body)
    throw Object.assign(new Error(`${method}: ${body.error.message}`), { rpc: body.error });
  return body.result;
}

/**
 * A call outside the contract (an unknown method, params the server must refuse): the answer as the server sent it.
 */
export async function rawRpcCall(
  url: string,
  method: string,
  params: unknown = {},
): Promise<unknown> {
  const body = await postJson<RpcResponse>(`${url}/api`, { jsonrpc: '2.0', id: 1, method, params });
  if ('error' in body)
    throw Object.assign(new Error(`${method}: ${body.error.message}`), { rpc: body.error });
  return body.result;
}

/** POSTs `payload` as JSON; the answer's body is taken to be a `T` (the caller names what the server sends). */
export async function postJson<T = unknown>(
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  });
  return (await response.json()) as T;
}

/** An answer that must name the run it started (an install, a start, a rollback): the test fails here when it has none. */
export function started<T extends { runId: string | null }>(answer: T): T & { runId: string } {
  if (answer.runId === null) throw new Error(`expected a run, got ${JSON.stringify(answer)}`);
  return answer as T & { runId: string };
}
