// Remembers which app each stray path was routed to, so the requests a stray makes (a stylesheet's fonts) follow it.

export interface StrayMemoryOptions {
  /** Most paths kept; the least recently used goes first (default 1,000). */
  max?: number;
  /** How long a path is remembered after it was last routed or recalled (default 10 minutes). */
  ttlMs?: number;
  /** The clock, in milliseconds. */
  now?: () => number;
}

interface Entry {
  name: string;
  expires: number;
}

export class StrayMemory {
  private readonly entries = new Map<string, Entry>();
  private readonly max: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: StrayMemoryOptions = {}) {
    this.max = options.max ?? 1000;
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Notes that `path` (no query) on `host` was routed to the app `name`. */
  remember(host: string, path: string, name: string): void {
    const key = keyOf(host, path);
    this.entries.delete(key);
    this.entries.set(key, { name, expires: this.now() + this.ttlMs });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The app `path` on `host` was last routed to, or null when it never was or that was too long ago. */
  recall(host: string, path: string): string | null {
    const key = keyOf(host, path);
    const entry = this.entries.get(key);
    if (entry === undefined) return null;
    this.entries.delete(key);
    const now = this.now();
    if (entry.expires <= now) return null;
    entry.expires = now + this.ttlMs;
    this.entries.set(key, entry);
    return entry.name;
  }

  get size(): number {
    return this.entries.size;
  }
}

function keyOf(host: string, path: string): string {
  return `${host.toLowerCase()} ${path}`;
}
