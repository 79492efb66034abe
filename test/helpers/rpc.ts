// JSON-RPC calls to a running Hangar, for tests (no server code is loaded).

/** One JSON-RPC call to the Hangar at `url`; an error answer throws with the method named and `rpc` set to the error. */
export async function rpcCall<T = unknown>(
  url: string,
  method: string,
  params: unknown = {},
): Promise<T> {
  const body = await postJson(`${url}/api`, { jsonrpc: '2.0', id: 1, method, params });
  if (body.error)
    throw Object.assign(new Error(`${method}: ${body.error.message}`), { rpc: body.error });
  return body.result as T;
}

export async function postJson(
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  });
  return response.json();
}
