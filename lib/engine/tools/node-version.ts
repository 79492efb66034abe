// Node versions a launcher asks for: read from `requires`, matched against a version, and the npm that fits.
import { EngineError } from '../errors';

/** `20`, `20.18`, `v20.18.0` (that release line) or `>=18` (that or newer). */
export interface NodeVersionSpec {
  text: string;
  op: 'prefix' | 'atLeast';
  parts: number[];
}

export function parseNodeVersion(text: string, field: string): NodeVersionSpec {
  const match = /^\s*(>=)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(text);
  if (!match)
    throw new EngineError(
      'invalid_params',
      `${field}: "${text}" is not a Node version Hangar understands (write 20, 20.18, 20.18.0 or >=20)`,
      { details: { field } },
    );
  const parts = match.slice(2).flatMap((p) => (p === undefined ? [] : [Number(p)]));
  return { text: text.trim(), op: match[1] ? 'atLeast' : 'prefix', parts };
}

/** Whether `version` (`v20.20.2` or `20.20.2`) is of the spec. */
export function satisfiesNode(version: string, spec: NodeVersionSpec): boolean {
  const have = version.replace(/^v/, '').split('.').map(Number);
  if (spec.op === 'prefix') return spec.parts.every((p, i) => have[i] === p);
  for (let i = 0; i < spec.parts.length; i++) {
    const a = have[i] ?? 0;
    const b = spec.parts[i]!;
    if (a !== b) return a > b;
  }
  return true;
}

/** The range `npm pack` is given: `20` stays `20` (latest 20.x), `>=18` stays `>=18`. */
export function packRange(spec: NodeVersionSpec): string {
  return spec.op === 'atLeast' ? `>=${spec.parts.join('.')}` : spec.parts.join('.');
}

/** The newest npm major whose `engines.node` accepts this Node (npm 11: ^20.17 || >=22.9, npm 10: ^18.17 || >=20.5…). */
export function npmMajorFor(nodeVersion: string): number {
  const [major = 0, minor = 0] = nodeVersion.replace(/^v/, '').split('.').map(Number);
  const atLeast = (ma: number, mi: number) => major > ma || (major === ma && minor >= mi);
  if ((major === 20 && minor >= 17) || (major !== 21 && atLeast(22, 9))) return 11;
  if ((major === 18 && minor >= 17) || atLeast(20, 5)) return 10;
  if (major >= 18 || (major === 16 && minor >= 13) || (major === 14 && minor >= 17)) return 9;
  return 8;
}

/**
 * The Node version a launcher's `requires` asks for, or null: `{node: "20"}` beside `bundle`, `{tools: ["node@20"]}`,
 * or a legacy entry `{name: "node" | "nodejs", version: "20"}` / `"nodejs=20"`.
 */
export function requiredNodeVersion(requires: unknown): NodeVersionSpec | null {
  const named = (text: string, field: string): NodeVersionSpec | null => {
    const match = /^(?:node|nodejs)\s*[@=]+\s*(.+)$/i.exec(text.trim());
    return match ? parseNodeVersion(match[1]!, field) : null;
  };
  if (Array.isArray(requires)) {
    for (const [i, entry] of requires.entries()) {
      if (typeof entry === 'string') {
        const spec = named(entry, `requires[${i}]`);
        if (spec) return spec;
        continue;
      }
      if (!entry || typeof entry !== 'object') continue;
      const item = entry as Record<string, unknown>;
      const name = typeof item.name === 'string' ? item.name : '';
      if (/^(node|nodejs)$/i.test(name) && item.version !== undefined)
        return parseNodeVersion(versionText(item.version), `requires[${i}].version`);
      const spec = named(name, `requires[${i}].name`);
      if (spec) return spec;
    }
    return null;
  }
  if (!requires || typeof requires !== 'object') return null;
  const obj = requires as Record<string, unknown>;
  if (obj.node !== undefined) return parseNodeVersion(versionText(obj.node), 'requires.node');
  const tools: unknown[] = Array.isArray(obj.tools) ? obj.tools : [];
  for (const [i, tool] of tools.entries()) {
    const spec = typeof tool === 'string' ? named(tool, `requires.tools[${i}]`) : null;
    if (spec) return spec;
  }
  return null;
}

/** A version field as written (`20` or "20"); anything else reads as text that parseNodeVersion refuses. */
function versionText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number'
    ? String(value)
    : JSON.stringify(value);
}
