// Stable application error codes shared by the engine, the API and its clients.

export const ERROR_CODES = [
  'internal',
  'invalid_params',
  'invalid_name',
  'not_found',
  'app_not_found',
  'app_busy',
  'app_exists',
  'not_a_launcher',
  'not_runnable',
  'run_not_found',
  'terminal_not_found',
  'unknown_method',
  'not_available',
  'script_parse',
  'script_error',
  'template_error',
  'step_failed',
  'path_escape',
  'config_invalid',
  'conflict',
  'timeout',
  'cancelled',
  'network',
  'checksum_mismatch',
  'archive_unsafe',
  'unsupported',
  'port_in_use',
  'missing_tool',
  'forbidden',
  'unauthorized',
  'disk_full',
  'state_corrupt',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** JSON-RPC 2.0 standard error numbers. */
export const RPC_ERRORS = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  /** Application errors: the stable string code is in `error.data.code`. */
  applicationError: -32000,
} as const;
