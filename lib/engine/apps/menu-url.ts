// The address a launcher's menu offers for its running app ("Open Web UI" → http://127.0.0.1:7860): how launchers
// that keep their URL in a file of their own (not in `local.url`) tell where the app answers.
import type { MenuItem } from '../../shared/menu';

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1\])(:\d+)?(\/|$)/i;

/** The first loopback http(s) link among the menu's items and submenus, or null. */
export function loopbackUrlOf(menu: readonly MenuItem[]): string | null {
  for (const item of menu) {
    if (typeof item.href === 'string' && LOOPBACK.test(item.href)) return item.href;
    const inner = item.menu ? loopbackUrlOf(item.menu) : null;
    if (inner) return inner;
  }
  return null;
}

export interface MenuUrlWatch {
  /** The link found by the latest read. */
  url(): string | null;
  stop(): void;
}

/** Reads the menu's link now and every `everyMs` until stopped (one read at a time). */
export function watchMenuUrl(read: () => Promise<string | null>, everyMs: number): MenuUrlWatch {
  let latest: string | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const tick = (): void => {
    read()
      .then(
        (url) => {
          latest = url;
        },
        (error: unknown) => {
          latest = null;
          console.error('[apps] could not read the menu for its link:', error);
        },
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, everyMs);
      });
  };
  tick();
  return {
    url: () => latest,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
