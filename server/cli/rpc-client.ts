// JSON-RPC client of the CLI: calls a running Hangar at --url with an optional bearer token, typed by the contract.
import type { MethodName, ParamsArgs, Result } from '../../lib/shared/api';
import type { RpcResponse } from '../../lib/shared/rpc';

/** Exit codes of a failed call: 1 the operation failed, 2 params the API rejects, 3 Hangar unreachable, 4 token needed. */
export class CliRpcError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliRpcError';
  }
}

export interface RpcClient {
  url: string;
  /** Calls a method of the contract (lib/shared/api): its params and result types come from there. */
  call<M extends MethodName>(method: M, ...params: ParamsArgs<M>): Promise<Result<M>>;
}

export function createRpcClient(url: string, token?: string): RpcClient {
  let id = 0;
  const post = async (method: string, params: unknown): Promise<RpcResponse> => {
    let response: Response;
    try {
      response = await fetch(new URL('/api', url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
      });
    } catch (error) {
      const reason = error instanceof Error ? (error.cause ?? error.message) : error;
      throw new CliRpcError(
        `cannot reach Hangar at ${url} (${String(reason)}); is it running? Start it with: hangar serve`,
        'unreachable',
        3,
      );
    }
    if (response.status === 401)
      throw new CliRpcError(
        `Hangar at ${url} needs a token: pass --token or set HANGAR_TOKEN`,
        'unauthorized',
        4,
      );
    if (!response.ok)
      throw new CliRpcError(`Hangar at ${url} answered HTTP ${response.status}`, 'http', 1);
    return (await response.json()) as RpcResponse;
  };
  return {
    url,
    async call<M extends MethodName>(method: M, ...params: ParamsArgs<M>): Promise<Result<M>> {
      const body = (await post(method, params[0] ?? {})) as RpcResponse<Result<M>>;
      if ('error' in body) {
        const code = body.error.data?.code ?? 'internal';
        throw new CliRpcError(body.error.message, code, code === 'invalid_params' ? 2 : 1);
      }
      return body.result;
    },
  };
}
