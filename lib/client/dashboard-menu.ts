// Which launcher menu items the dashboard shows: one button per action, so items Hangar offers itself are left out.
import type { MenuItem } from '@/lib/shared/menu';
import { STARTABLE_STATES, type AppState } from '@/lib/shared/app-state';

const NOT_INSTALLED: ReadonlySet<AppState> = new Set(['not-installed', 'install-failed']);
const START_SCRIPTS = ['start.js', 'start.json'];

function scriptOf(href: string | undefined): string | null {
  if (!href || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/')) return null;
  return (href.split('?')[0].split('/').pop() ?? '').toLowerCase();
}

function opensApp(href: string | undefined, port: number | null): boolean {
  const local = /^https?:\/\/(?:127\.0\.0\.1|localhost|0\.0\.0\.0)(?::(\d+))?\/?$/i.exec(
    href ?? '',
  );
  return local !== null && (port === null || Number(local[1]) === port);
}

/**
 * The menu without the items that duplicate the dashboard's own buttons: Install once the app has a record (Install
 * again is above the menu), Start before the app is installed or after a failed start (Retry), update.js
 * (Maintenance → Update runs it, with a roll back), and the link to the app's own root while it runs (the web view's
 * Open Web UI).
 */
export function dashboardMenu(items: MenuItem[], state: AppState, port: number | null): MenuItem[] {
  return items
    .filter((item) => {
      const script = scriptOf(item.href);
      if (script === 'update.js' || script === 'update.json') return false;
      if ((script === 'install.js' || script === 'install.json') && state !== 'not-installed')
        return false;
      // Nothing starts before it installs (the failure view's Install again is the way on), and after a failed
      // start Retry (above the menu) is the start.
      if (START_SCRIPTS.includes(script ?? '') && (NOT_INSTALLED.has(state) || state === 'failed'))
        return false;
      if (state === 'running' && opensApp(item.href, port)) return false;
      return true;
    })
    .map((item) => (item.menu ? { ...item, menu: dashboardMenu(item.menu, state, port) } : item));
}

function hasStart(items: MenuItem[]): boolean {
  return items.some(
    (item) => START_SCRIPTS.includes(scriptOf(item.href) ?? '') || hasStart(item.menu ?? []),
  );
}

/**
 * The menu with a Start where the app can start but its launcher's menu offers none in this state (a menu that
 * only ever shows Install, say), so the dashboard never leaves an installed app without its way to run.
 */
export function withStart(items: MenuItem[], state: AppState, scripts: string[]): MenuItem[] {
  if (!STARTABLE_STATES.has(state) || state === 'failed' || hasStart(items)) return items;
  const script = START_SCRIPTS.find((name) => scripts.includes(name));
  return script ? [{ text: 'Start', href: script, default: true }, ...items] : items;
}
