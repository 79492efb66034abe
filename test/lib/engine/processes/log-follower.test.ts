// Following a keeper log: output that lands split inside a UTF-8 character comes out whole, byte for byte.
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogFollower } from '../../../../lib/engine/processes/keeper';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('LogFollower', () => {
  it('joins a character split between two reads, and reads the exit code from the trailer', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-follower-'));
    const file = path.join(dir, 'kept.log');
    await writeFile(file, 'Script started on 2026-12-05 06:00:00+00:00\n');
    const emitted: string[] = [];
    const follower = new LogFollower(file, 0, (data) => emitted.push(data));
    const bar = Buffer.from('progress █▌ 50% é\r\n');
    // Cut inside the three bytes of █.
    const cut = bar.indexOf(Buffer.from('█')) + 1;
    await appendFile(file, bar.subarray(0, cut));
    await follower.read();
    await appendFile(file, bar.subarray(cut));
    await follower.read();
    await appendFile(file, '\nScript done on 2026-12-05 06:00:01+00:00 [COMMAND_EXIT_CODE="3"]\n');
    await follower.finish();
    expect(emitted.join('')).toBe(bar.toString());
    expect(emitted.join('')).not.toContain('\uFFFD');
    expect(follower.exitCode).toBe(3);
  });
});
