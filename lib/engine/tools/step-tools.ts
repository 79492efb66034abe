// Tools a shell step's own commands call, made available in bin/ before the step runs.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { ensureUv, type ProvisionOptions } from './provision-uv';

/** Whether a command line (or any string of an array/argv message) runs `uv`. */
export function callsUv(message: unknown): boolean {
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(message);
  return texts.some((text) => /(^|[\s;&|(`])uvx?(\s|$)/.test(text));
}

/**
 * Before a step whose commands call uv, or that pins a Python version (`venv_python`, created through uv when it
 * can be had), uv is provisioned into bin/ (real uv from pip, or the pip shim). Progress goes to `log`.
 */
export async function ensureStepTools(
  step: { message: unknown; python?: string; venvDir?: string },
  options: ProvisionOptions,
): Promise<void> {
  if (callsUv(step.message) || (step.python !== undefined && !(await hasVenv(step.venvDir))))
    await ensureUv(options);
}

async function hasVenv(dir: string | undefined): Promise<boolean> {
  if (!dir) return false;
  return access(path.join(dir, 'bin', 'python')).then(
    () => true,
    () => false,
  );
}
