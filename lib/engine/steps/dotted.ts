// Dotted-path get/set/remove on plain objects, as Pinokio's local.set/rm and json.set/rm use them.

function segments(key: string): string[] {
  return key.split('.').filter((s) => s.length > 0);
}

function isIndex(segment: string): boolean {
  return /^\d+$/.test(segment);
}

/** Sets `a.b.c` inside target, creating objects on the way. */
export function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = segments(key);
  if (parts.length === 0) return;
  let node: Record<string, unknown> = target;
  for (const part of parts.slice(0, -1)) {
    const child = node[part];
    if (child === null || typeof child !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}

export function getPath(target: unknown, key: string): unknown {
  let node: unknown = target;
  for (const part of segments(key)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Removes `a.b.c`; a numeric last segment splices an array. */
export function removePath(target: Record<string, unknown>, key: string): void {
  const parts = segments(key);
  if (parts.length === 0) return;
  const parent = parts.length === 1 ? target : getPath(target, parts.slice(0, -1).join('.'));
  if (parent === null || typeof parent !== 'object') return;
  const last = parts[parts.length - 1];
  if (Array.isArray(parent) && isIndex(last)) parent.splice(Number(last), 1);
  else delete (parent as Record<string, unknown>)[last];
}

/** Normalises `rm` params: a key, an array of keys, or an object whose keys are removed. */
export function keysOf(params: unknown): string[] {
  if (typeof params === 'string') return [params];
  if (Array.isArray(params)) return params.filter((k): k is string => typeof k === 'string');
  if (params && typeof params === 'object') return Object.keys(params);
  return [];
}
