// The line an update leaves: "Already up to date" only when nothing at all happened.
import { describe, expect, it } from 'vitest';
import { updateOutcome } from '../../../lib/shared/updates';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('updateOutcome', () => {
  it('names the commit an update reached, and the update script that ran', () => {
    expect(updateOutcome({ commit: B, updated: true, script: null })).toBe('Updated to bbbbbbb.');
    expect(updateOutcome({ commit: B, updated: true, script: 'update.js' })).toBe(
      'Updated to bbbbbbb; update.js ran to its end.',
    );
  });

  it('says an update script ran even when the launcher had nothing new', () => {
    expect(updateOutcome({ commit: A, updated: false, script: 'update.js' }, false)).toBe(
      'No new commit upstream; update.js ran to its end.',
    );
    expect(updateOutcome({ commit: A, updated: false, script: 'update.json' }, true)).toBe(
      'No launcher file changed; update.json ran to its end.',
    );
  });

  it('is "already up to date" only when the commit stayed and no script ran', () => {
    expect(updateOutcome({ commit: A, updated: false, script: null }, false)).toBe(
      'Already up to date: no new commit upstream.',
    );
    expect(updateOutcome({ commit: A, updated: false, script: null })).toBe(
      'Already up to date: the launcher had nothing new.',
    );
  });
});
