// git's --progress stderr as log lines: stages kept apart, carriage-return updates throttled, the end always shown.
import { describe, expect, it } from 'vitest';
import { cloneProgress } from '../../../../lib/engine/apps/clone-progress';

describe('cloneProgress', () => {
  it('shows the first line of each stage, at most one a second after it, and the end', () => {
    const lines: string[] = [];
    let t = 0;
    const feed = cloneProgress(
      (line) => lines.push(line),
      1000,
      () => t,
    );
    feed("Cloning into 'x'...\nremote: Counting objects:   0% (1/200)\rremote: Counting");
    feed(' objects:  50% (100/200)\r');
    feed('Receiving objects:   1% (2/200)\rReceiving objects:   2% (4/200)\r');
    t = 1500;
    feed('remote: Counting objects: 100% (200/200), done.\nReceiving objects:  40% (80/200)\r');
    t = 1600;
    feed(
      'Receiving objects:  41% (82/200)\rReceiving objects: 100% (200/200), 1.2 MiB | 3 MiB/s, done.\n',
    );
    feed('fatal: not a progress line\n');
    expect(lines).toEqual([
      'remote: Counting objects: 0% (1/200)\n',
      'Receiving objects: 1% (2/200)\n',
      'remote: Counting objects: 100% (200/200)\n',
      'Receiving objects: 40% (80/200)\n',
      'Receiving objects: 100% (200/200)\n',
    ]);
  });
});
