// The stray memory is bounded: at most `max` paths, the least recently used dropped first, each forgotten after its TTL.
import { describe, expect, it } from 'vitest';
import { StrayMemory } from '../../../server/proxy/stray-memory';

describe('StrayMemory', () => {
  it('recalls a path per host, case-insensitively on the host', () => {
    const memory = new StrayMemory();
    memory.remember('Box:42000', '/static/app.css', 'jupyter');
    expect(memory.recall('box:42000', '/static/app.css')).toBe('jupyter');
    expect(memory.recall('other:42000', '/static/app.css')).toBeNull();
    expect(memory.recall('box:42000', '/static/other.css')).toBeNull();
  });

  it('keeps at most max paths, dropping the least recently used', () => {
    const memory = new StrayMemory({ max: 3 });
    for (const path of ['/a', '/b', '/c']) memory.remember('h', path, 'x');
    expect(memory.recall('h', '/a')).toBe('x');
    memory.remember('h', '/d', 'y');
    expect(memory.size).toBe(3);
    expect(memory.recall('h', '/b')).toBeNull();
    expect([memory.recall('h', '/a'), memory.recall('h', '/c'), memory.recall('h', '/d')]).toEqual([
      'x',
      'x',
      'y',
    ]);
    const big = new StrayMemory();
    for (let i = 0; i < 1500; i++) big.remember('h', `/p${i}`, 'x');
    expect(big.size).toBe(1000);
  });

  it('forgets a path its TTL after it was last routed or recalled', () => {
    let now = 0;
    const memory = new StrayMemory({ ttlMs: 1000, now: () => now });
    memory.remember('h', '/a', 'x');
    memory.remember('h', '/b', 'x');
    now = 900;
    expect(memory.recall('h', '/a')).toBe('x');
    now = 1500;
    expect(memory.recall('h', '/a')).toBe('x');
    expect(memory.recall('h', '/b')).toBeNull();
    expect(memory.size).toBe(1);
  });
});
