// JSON-RPC client of the CLI: calls a running Hangar at --url with an optional bearer token.
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
  call<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
}

export function createRpcClient(url: string, token?: string): RpcClient {
  let id = 0;
  return {
    url,
    async call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
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
        throw new CliRpcError(
          `cannot reach Hangar at ${url} (${(error as Error).cause ?? (error as Error).message}); is it running? Start it with: hangar serve`,
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
      const body = (await response.json()) as {
        result?: T;
        error?: { message: string; data?: { code?: string } };
      };
      if (body.error)
        throw new CliRpcError(body.error.message, body.error.data?.code ?? 'internal', 1);
      return body.result as T;
    },
  };
}
