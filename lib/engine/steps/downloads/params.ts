// Small readers for download step params (strings, lists, flags) with clear errors.
import { EngineError } from '../../errors';

export type Params = Record<string, unknown>;

export function asObject(method: string, params: unknown): Params {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new EngineError('invalid_params', `${method} needs an object of params`);
  }
  return params as Params;
}

/** A string or a list of strings (comma-free), as a list; empty when absent. */
export function stringList(method: string, key: string, value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) {
    if (typeof item !== 'string' || item.length === 0)
      throw new EngineError(
        'invalid_params',
        `${method} "${key}" must be a string or a list of strings`,
      );
  }
  return list as string[];
}

export function optionalString(method: string, key: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new EngineError('invalid_params', `${method} "${key}" must be a string`);
  return value;
}

/** File name a URL names: the last path segment, decoded; `download` when it has none. */
export function fileNameOf(url: string): string {
  const last = new URL(url).pathname.split('/').filter(Boolean).pop();
  const name = last ? decodeURIComponent(last) : 'download';
  return name.replace(/[\\/]/g, '_') || 'download';
}
