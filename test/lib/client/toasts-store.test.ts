// The notify toasts' store: a toast identical to one shown replaces it at the end (its timer restarts with the new
// key), different toasts are all kept, and no more than five at once.
import { beforeEach, describe, expect, it } from 'vitest';
import { dismissToast, pushToast, toasts } from '../../../lib/client/live-stores';

const shown = () => toasts.get().map(({ html, href, type }) => ({ html, href, type }));

beforeEach(() => {
  for (const toast of toasts.get()) dismissToast(toast.key);
});

describe('pushToast', () => {
  it('replaces an identical toast: one remains, it is last, with a new key', () => {
    pushToast({ html: 'Saved <b>model</b>', href: '/models', type: 'success' });
    pushToast({ html: 'Another', type: 'info' });
    const first = toasts.get()[0]!.key;
    pushToast({ html: 'Saved <b>model</b>', href: '/models', type: 'success', runId: 'r2' });
    expect(shown()).toEqual([
      { html: 'Another', href: undefined, type: 'info' },
      { html: 'Saved <b>model</b>', href: '/models', type: 'success' },
    ]);
    expect(toasts.get()[1]!.key).not.toBe(first);
    expect(toasts.get()[1]!.runId).toBe('r2');
  });

  it('keeps toasts that differ in html, href or type', () => {
    pushToast({ html: 'Done', type: 'success' });
    pushToast({ html: 'Done', type: 'error' });
    pushToast({ html: 'Done', type: 'success', href: '/apps/a/' });
    pushToast({ html: 'Done!', type: 'success' });
    expect(toasts.get()).toHaveLength(4);
    expect(new Set(toasts.get().map((t) => t.key)).size).toBe(4);
  });

  it('keeps at most five, dropping the oldest', () => {
    for (let i = 1; i <= 7; i++) pushToast({ html: `Toast ${i}` });
    expect(shown().map((t) => t.html)).toEqual([
      'Toast 3',
      'Toast 4',
      'Toast 5',
      'Toast 6',
      'Toast 7',
    ]);
  });
});
