// The step-method table: every method a script may name, desktop-only names, and the list of known names.
import { envMethods } from './env';
import { execMethods } from './exec';
import { flowMethods } from './flow';
import { fsMethods } from './fs';
import { jsonMethods } from './json';
import { memoryMethods } from './memory';
import { netMethods } from './net';
import { pinokioExtraMethods } from './pinokio-extras';
import { scriptMethods } from './script';
import { shellMethods } from './shell';
import { downloadMethods } from './downloads';
import type { StepMethod } from './types';
import { uiMethods } from './ui';
import { DESKTOP_ONLY, desktopOnly } from './unavailable';
import { waitMethods } from './wait';

export { DESKTOP_ONLY } from './unavailable';

/**
 * Runnable methods. Desktop-only names are not in here; `resolveMethod` turns them into a clear failure.
 */
export const STEP_METHODS: Record<string, StepMethod> = {
  ...memoryMethods,
  ...jsonMethods,
  ...envMethods,
  ...scriptMethods,
  ...flowMethods,
  ...uiMethods,
  ...waitMethods,
  ...netMethods,
  ...execMethods,
  ...fsMethods,
  ...downloadMethods,
  ...shellMethods,
  ...pinokioExtraMethods,
};

/** Every method name a script may use (runnable and desktop-only), sorted. */
export function knownMethods(): string[] {
  return [...new Set([...Object.keys(STEP_METHODS), ...Object.keys(DESKTOP_ONLY)])].sort();
}

/** True for names the registry knows, and for `kernel.*` calls (checked when they run). */
export function isKnownMethod(name: string): boolean {
  return name in STEP_METHODS || name in DESKTOP_ONLY || name.startsWith('kernel.');
}

/** The method to call for a name, or undefined when unknown. Desktop-only names fail when called. */
export function resolveMethod(name: string): StepMethod | undefined {
  if (Object.hasOwn(STEP_METHODS, name)) return STEP_METHODS[name];
  if (Object.hasOwn(DESKTOP_ONLY, name)) return desktopOnly(name);
  return undefined;
}
