// The step-method list of the README, rendered from the descriptors (a test keeps the README equal to it).
import type { StepDescriptor } from './descriptor';

/** Names sharing one descriptor (aliases such as `jump`/`goto`) are listed in one row. */
function groups(
  descriptors: Readonly<Record<string, StepDescriptor>>,
): [string[], StepDescriptor][] {
  const rows = new Map<StepDescriptor, string[]>();
  for (const [name, descriptor] of Object.entries(descriptors)) {
    const names = rows.get(descriptor) ?? [];
    names.push(name);
    rows.set(descriptor, names);
  }
  return [...rows].map(([descriptor, names]) => [names, descriptor]);
}

const code = (text: string): string => `\`${text}\``;

/** A Markdown table of runnable methods, then one of desktop-only methods and why they fail. */
export function renderMethodList(descriptors: Readonly<Record<string, StepDescriptor>>): string {
  const all = groups(descriptors);
  const runnable = all.filter(([, d]) => d.desktopOnly === undefined);
  const desktop = all.filter(([, d]) => d.desktopOnly !== undefined);
  const lines = [
    '| method | what it does | path params (kept inside the app, or the drive/cache when marked +) |',
    '| --- | --- | --- |',
    ...runnable.map(
      ([names, d]) =>
        `| ${names.map(code).join(', ')} | ${d.summary} | ${d.paths.map((p) => code(p.key) + (p.wide ? '+' : '')).join(', ')} |`,
    ),
    '',
    'Desktop-only methods fail with a message saying why:',
    '',
    '| method | why Hangar cannot run it |',
    '| --- | --- |',
    ...desktop.map(([names, d]) => `| ${names.map(code).join(', ')} | ${d.desktopOnly} |`),
  ];
  return lines.join('\n');
}
