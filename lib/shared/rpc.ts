// JSON-RPC 2.0 envelope types shared by the server and its clients.
import { z } from 'zod';

export const rpcIdSchema = z.union([z.string(), z.number(), z.null()]);
export type RpcId = z.infer<typeof rpcIdSchema>;

export const rpcRequestSchema = z
  .object({
    jsonrpc: z.literal('2.0'),
    method: z.string().min(1).max(200),
    params: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional(),
    id: rpcIdSchema.optional(),
  })
  .strict();
export type RpcRequest = z.infer<typeof rpcRequestSchema>;

export interface RpcErrorObject {
  code: number;
  message: string;
  data?: { code: string; details?: unknown; issues?: unknown };
}

export interface RpcSuccess<R = unknown> {
  jsonrpc: '2.0';
  id: RpcId;
  result: R;
}

export interface RpcFailure {
  jsonrpc: '2.0';
  id: RpcId;
  error: RpcErrorObject;
}

/** A response; `R` is the result type the contract (lib/shared/api) gives the called method. */
export type RpcResponse<R = unknown> = RpcSuccess<R> | RpcFailure;
