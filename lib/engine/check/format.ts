// Human-readable text of a `hangar check` report (the CLI prints this unless --json is given).
import type { MenuItem } from '../../shared/menu';
import type { CheckReport, StepPlan } from './types';

const PARAMS_MAX = 160;

export function formatCheckReport(report: CheckReport): string {
  const lines: string[] = [];
  lines.push(`Launcher ${report.title ? `"${report.title}" ` : ''}at ${report.launcher}`);
  for (const error of report.errors) lines.push(`  error: ${error}`);
  for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
  lines.push('', 'Menu:');
  for (const [state, items] of Object.entries(report.menus)) {
    lines.push(`  ${state}: ${items && items.length ? items.map(label).join(' | ') : '(empty)'}`);
  }
  lines.push('', 'Scripts:');
  for (const script of report.scripts) {
    const status = script.ok ? (script.warnings.length ? 'ok (with warnings)' : 'ok') : 'FAILED';
    const kind = script.kind === 'module' ? ' [module, not run]' : script.daemon ? ' [daemon]' : '';
    lines.push(`  ${script.file}${kind}: ${status}`);
    for (const step of script.steps) lines.push(`    ${formatStep(step)}`);
    for (const error of script.errors) lines.push(`    error: ${error}`);
    for (const warning of script.warnings) lines.push(`    warning: ${warning}`);
  }
  lines.push('', 'Tools:');
  if (report.tools.length === 0) lines.push('  none found in the scripts');
  for (const tool of report.tools) {
    const who = tool.provider === 'hangar' ? 'provided by Hangar' : 'from the system';
    lines.push(`  ${tool.id} (${who}): ${tool.how}`, `    used by ${tool.from.join(', ')}`);
  }
  const errors = report.errors.length + report.scripts.reduce((n, s) => n + s.errors.length, 0);
  const warnings =
    report.warnings.length + report.scripts.reduce((n, s) => n + s.warnings.length, 0);
  lines.push(
    '',
    `${report.ok ? 'OK' : 'FAILED'}: ${report.scripts.length} files, ${errors} errors, ${warnings} warnings`,
  );
  return lines.join('\n');
}

function formatStep(step: StepPlan): string {
  let text = `${step.index}. ${step.method}`;
  if (step.id) text += ` #${step.id}`;
  if (step.when !== undefined) text += ` (when: ${step.when})`;
  if (step.params !== undefined) {
    const json = JSON.stringify(step.params) ?? '';
    text += ` ${json.length > PARAMS_MAX ? `${json.slice(0, PARAMS_MAX)}…` : json}`;
  }
  return text;
}

function label(item: MenuItem): string {
  const raw = String(item.text ?? item.html ?? item.href ?? '?')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const sub = item.menu?.length ? ` [${item.menu.length} items]` : '';
  return `${item.default ? '*' : ''}${raw}${item.href ? ` → ${item.href}` : ''}${sub}`;
}
