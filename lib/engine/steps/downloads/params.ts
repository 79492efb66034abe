// Small helpers for download step params: lists of strings and file names of URLs.
import { z } from 'zod';
import { stringOrList } from '../schemas';

/** A string or a list of strings as a list; empty strings dropped, empty when absent. */
export function listOf(value: string | string[] | null | undefined): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== '');
}

/** File name a URL names: the last path segment, decoded; `download` when it has none. */
export function fileNameOf(url: string): string {
  const last = new URL(url).pathname.split('/').filter(Boolean).pop();
  const name = last ? decodeURIComponent(last) : 'download';
  return name.replace(/[\\/]/g, '_') || 'download';
}

/** An optional string param: empty and null count as absent. */
export const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v === '' || v === null ? undefined : v));

/** An optional string-or-list param, null counting as absent. */
export const optionalList = stringOrList.nullish();
