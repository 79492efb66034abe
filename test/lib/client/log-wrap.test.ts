// Wrapped log lines: rows per line at a width (wide characters, tabs, colours), and the row offsets kept as lines
// arrive, the partial last line grows, lines leave the front, and the width changes.
import { describe, expect, it } from 'vitest';
import { WrapLayout, wrappedRows, type WrappedLines } from '@/lib/client/log-wrap';

function lines(all: string[], complete = all.length, dropped = 0): WrappedLines {
  return { lineCount: all.length, completeCount: complete, dropped, line: (i) => all[i] };
}

describe('wrappedRows', () => {
  it('counts cells: ASCII one each, CJK and emoji two, colours none, tabs to the next stop', () => {
    expect(wrappedRows('', 10)).toBe(1);
    expect(wrappedRows('x'.repeat(10), 10)).toBe(1);
    expect(wrappedRows('x'.repeat(11), 10)).toBe(2);
    expect(wrappedRows(`\u001b[32m${'x'.repeat(10)}\u001b[0m`, 10)).toBe(1);
    expect(wrappedRows('漢字漢字漢', 10)).toBe(1);
    expect(wrappedRows('漢字漢字漢字', 10)).toBe(2);
    // A wide character that does not fit in the last cell starts the next row.
    expect(wrappedRows(`${'x'.repeat(9)}漢`, 10)).toBe(2);
    expect(wrappedRows('a\tb', 10)).toBe(1);
    expect(wrappedRows('a\tbcd', 10)).toBe(2);
  });

  it('counts a huge line as the view shows it, cut with a note', () => {
    expect(wrappedRows('y'.repeat(1_000_000), 100)).toBe(41);
  });
});

describe('WrapLayout', () => {
  it('places lines by their rows and finds the line at a row', () => {
    const layout = new WrapLayout();
    const all = ['short', 'x'.repeat(25), 'y'];
    layout.sync(lines(all), 10);
    expect([0, 1, 2].map((i) => layout.top(i))).toEqual([0, 1, 4]);
    expect([0, 1, 2].map((i) => layout.rows(i))).toEqual([1, 3, 1]);
    expect(layout.total).toBe(5);
    expect([0, 1, 2, 3, 4, 99].map((r) => layout.lineAt(r))).toEqual([0, 1, 1, 1, 2, 2]);
  });

  it('counts the growing last line again, and complete lines once', () => {
    const layout = new WrapLayout();
    const all = ['a', 'b'];
    layout.sync(lines(all, 1), 10);
    expect(layout.total).toBe(2);
    all[1] = 'b'.repeat(35);
    layout.sync(lines(all, 1), 10);
    expect(layout.rows(1)).toBe(4);
    expect(layout.total).toBe(5);
    let reads = 0;
    const counted: WrappedLines = {
      ...lines(all, 2),
      line: (i) => {
        reads++;
        return all[i];
      },
    };
    layout.sync(counted, 10);
    reads = 0;
    layout.sync(counted, 10);
    expect(reads).toBe(0);
  });

  it('shifts when lines leave the front, and counts all again at another width', () => {
    const layout = new WrapLayout();
    const all = ['x'.repeat(30), 'y', 'z'.repeat(15)];
    layout.sync(lines(all), 10);
    expect(layout.total).toBe(6);
    const kept = all.slice(1);
    layout.sync(lines(kept, 2, 1), 10);
    expect([layout.top(0), layout.top(1), layout.total]).toEqual([0, 1, 3]);
    layout.sync(lines(kept, 2, 1), 5);
    expect([layout.top(0), layout.top(1), layout.total]).toEqual([0, 1, 4]);
  });
});
