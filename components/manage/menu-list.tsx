'use client';
// The launcher's menu for the app's current state: script hrefs run (or show their running log), URLs open, nested menus nest.
import type { MenuItem } from '@/lib/shared/menu';
import { SafeHtml } from '../ui/safe-html';
import { buttonClass } from '../ui/button-styles';
import { ConfirmButton } from '../ui/confirm-button';
import { stripTags } from '@/lib/client/text';

export type MenuTarget =
  | { kind: 'script'; script: string; params?: Record<string, unknown> }
  | { kind: 'url'; url: string; popout: boolean };

/** Where a menu href leads; the app's own 127.0.0.1 URL becomes its proxied path /apps/<name>/. */
export function menuTarget(
  item: MenuItem,
  appName: string,
  appPort: number | null,
): MenuTarget | null {
  const href = item.href;
  if (!href) return null;
  const local = /^https?:\/\/(?:127\.0\.0\.1|localhost|0\.0\.0\.0)(?::(\d+))?(\/.*)?$/i.exec(href);
  if (local && (appPort === null || Number(local[1]) === appPort)) {
    return {
      kind: 'url',
      url: `/apps/${appName}${local[2] && local[2] !== '/' ? local[2] : '/'}`,
      popout: item.popout !== false,
    };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('/'))
    return { kind: 'url', url: href, popout: item.popout === true || /^https?:/.test(href) };
  const [script] = href.split('?');
  return { kind: 'script', script, params: item.params };
}

function Label({ item }: { item: MenuItem }) {
  const icon =
    typeof item.icon === 'string' && /^(https?:)?\//.test(item.icon) ? (
      <img src={item.icon} alt="" className="h-4 w-4" />
    ) : null;
  return (
    <>
      {icon}
      {item.html ? <SafeHtml html={item.html} /> : <SafeHtml html={item.text ?? item.href ?? ''} />}
    </>
  );
}

export function MenuList({
  items,
  appName,
  appPort,
  onRun,
}: {
  items: MenuItem[];
  appName: string;
  appPort: number | null;
  onRun: (target: MenuTarget) => void;
}) {
  if (items.length === 0)
    return (
      <p className="text-sm text-zinc-500 dark:text-zinc-400">
        This launcher has no menu for the current state.
      </p>
    );
  return (
    <ul className="flex flex-col gap-1.5" aria-label="Launcher menu">
      {items.map((item, index) => {
        const target = menuTarget(item, appName, appPort);
        const variant = item.default ? 'primary' : 'secondary';
        let control;
        if (item.menu && item.menu.length > 0) {
          control = (
            <details className="w-full">
              <summary className={`${buttonClass.secondary} w-full cursor-pointer`}>
                <Label item={item} />
              </summary>
              <div className="ml-4 mt-1.5">
                <MenuList items={item.menu} appName={appName} appPort={appPort} onRun={onRun} />
              </div>
            </details>
          );
        } else if (!target || item.type === 'label') {
          control = (
            <span className="text-sm text-zinc-600 dark:text-zinc-400">
              <Label item={item} />
            </span>
          );
        } else if (target.kind === 'url') {
          control = (
            <a
              href={target.url}
              target={target.popout ? '_blank' : undefined}
              rel="noopener"
              className={buttonClass[variant]}
            >
              <Label item={item} />
            </a>
          );
        } else if (item.confirm) {
          const question =
            typeof item.confirm === 'string'
              ? item.confirm
              : `Run ${stripTags(item.text ?? target.script)}?`;
          control = (
            <ConfirmButton
              label={stripTags(item.text ?? target.script)}
              question={question}
              variant={variant}
              onConfirm={() => onRun(target)}
            />
          );
        } else {
          control = (
            <button type="button" className={buttonClass[variant]} onClick={() => onRun(target)}>
              <Label item={item} />
            </button>
          );
        }
        return (
          <li key={index} className="flex flex-col">
            {control}
          </li>
        );
      })}
    </ul>
  );
}
