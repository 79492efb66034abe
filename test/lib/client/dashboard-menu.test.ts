// The dashboard's menu leaves out what the dashboard offers itself, so each action has one button.
import { describe, expect, it } from 'vitest';
import { dashboardMenu, withStart } from '../../../lib/client/dashboard-menu';
import type { MenuItem } from '../../../lib/shared/menu';

// The shape of a typical Pinokio launcher's menu while the app runs and once it is installed.
const MENU: MenuItem[] = [
  { text: 'Open Web UI', href: 'http://127.0.0.1:7860', popout: true },
  { text: 'Terminal', href: 'start.js' },
  { text: 'Update', href: 'update.js' },
  { text: 'Install', href: 'install.js' },
  { text: 'Reset', href: 'reset.js' },
  { text: 'Docs', href: 'https://example.org/docs' },
  {
    text: 'More',
    menu: [
      { text: 'Update', href: 'update.js?x=1' },
      { text: 'Save', href: 'save.js' },
    ],
  },
];

const texts = (items: MenuItem[]): string[] =>
  items.map((i) => (i.menu ? `${i.text}[${texts(i.menu).join(',')}]` : (i.text ?? '')));

describe('dashboardMenu', () => {
  it('drops Open Web UI, Update and Install while the app runs', () => {
    expect(texts(dashboardMenu(MENU, 'running', 7860))).toEqual([
      'Terminal',
      'Reset',
      'Docs',
      'More[Save]',
    ]);
  });

  it('keeps a link to another port of the app (not its own web UI)', () => {
    expect(texts(dashboardMenu(MENU, 'running', 9000))).toContain('Open Web UI');
  });

  it('keeps Install on an app that is not installed, and never keeps update.js', () => {
    const shown = texts(dashboardMenu(MENU, 'not-installed', null));
    expect(shown).toContain('Install');
    expect(shown).not.toContain('Update');
    expect(shown).toContain('Open Web UI');
  });

  it('offers no Start on an app whose install failed', () => {
    const menu: MenuItem[] = [{ default: true, text: 'Start', href: 'start.js' }, ...MENU];
    expect(texts(dashboardMenu(menu, 'install-failed', null))).not.toContain('Start');
    expect(texts(dashboardMenu(menu, 'stopped', null))).toContain('Start');
  });

  it('offers no Start after a failed start: Retry is the start there', () => {
    const menu: MenuItem[] = [{ default: true, text: 'Start', href: 'start.json' }, ...MENU];
    expect(texts(dashboardMenu(menu, 'failed', null))).not.toContain('Start');
    expect(texts(dashboardMenu(menu, 'installed', null))).toContain('Start');
  });

  it('drops Install on a stopped app', () => {
    expect(texts(dashboardMenu(MENU, 'stopped', null))).not.toContain('Install');
  });
});

describe('withStart', () => {
  const installOnly: MenuItem[] = [{ text: 'Install', href: 'install.json' }];

  it('offers Start where an installed app has a start script its menu does not show', () => {
    const menu = dashboardMenu(installOnly, 'installed', null);
    expect(withStart(menu, 'installed', ['install.json', 'start.json'])).toEqual([
      { text: 'Start', href: 'start.json', default: true },
    ]);
    expect(texts(withStart(menu, 'stopped', ['start.js']))).toEqual(['Start']);
  });

  it('adds nothing where the menu has a start, the app has no start script, or the state cannot start', () => {
    const nested: MenuItem[] = [{ text: 'Run', menu: [{ text: 'Go', href: 'start.js?x=1' }] }];
    expect(withStart(nested, 'installed', ['start.js'])).toEqual(nested);
    expect(withStart([], 'installed', ['install.json'])).toEqual([]);
    for (const state of ['running', 'installing', 'install-failed', 'failed'] as const)
      expect(withStart([], state, ['start.js'])).toEqual([]);
  });
});
