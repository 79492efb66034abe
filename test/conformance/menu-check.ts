// Checks a rendered launcher menu: it is not empty and every script (.js/.json) it points at exists in the app folder.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { MenuItem } from '../../lib/shared/menu';

/** Problems with `menu` as rendered for the app in `appDir`; empty when it is sound. */
export function menuProblems(menu: MenuItem[], appDir: string): string[] {
  if (menu.length === 0) return ['the menu rendered empty'];
  const problems: string[] = [];
  const visit = (items: MenuItem[]) => {
    for (const item of items) {
      if (typeof item.href === 'string') {
        const href = item.href.split('?')[0];
        const script = /\.(js|json)$/i.test(href) && !/^[a-z][a-z0-9+.-]*:/i.test(href);
        const local = script && !href.startsWith('/');
        if (local && !existsSync(path.resolve(appDir, href)))
          problems.push(`"${item.text ?? item.html ?? href}" points to missing ${href}`);
      }
      if (Array.isArray(item.menu)) visit(item.menu);
    }
  };
  visit(menu);
  return problems;
}

export function flatten(menu: MenuItem[]): MenuItem[] {
  return menu.flatMap((item) => [item, ...(Array.isArray(item.menu) ? flatten(item.menu) : [])]);
}

/** Whether a user of this menu could start the app: an item runs a start script. */
export function offersStart(menu: MenuItem[]): boolean {
  return flatten(menu).some(
    (item) => typeof item.href === 'string' && /(^|\/)start[^/]*\.(js|json)(\?|$)/i.test(item.href),
  );
}

/** The menu's labels, for a report. */
export function menuTexts(menu: MenuItem[]): string {
  const texts = flatten(menu).map((item) =>
    String(item.text ?? item.html ?? item.href ?? '?')
      .replace(/<[^>]*>/g, '')
      .trim(),
  );
  return texts.length ? `"${texts.join('", "')}"` : 'nothing';
}
