// The step-method table: one descriptor per method a script may name (runnable and desktop-only).
import type { StepDescriptor } from './descriptor';
import { downloadSteps } from './downloads';
import { envSteps } from './env';
import { execSteps } from './exec';
import { flowSteps } from './flow';
import { fsSteps } from './fs';
import { htmlmodalSteps } from './htmlmodal';
import { jsonSteps } from './json';
import { memorySteps } from './memory';
import { modalSteps } from './modal';
import { netSteps } from './net';
import { pinokioExtraSteps } from './pinokio-extras';
import { scriptSteps } from './script';
import { shellSteps } from './shell';
import { uiSteps } from './ui';
import { desktopSteps } from './unavailable';
import { waitSteps } from './wait';

/** Every method a script may name. The runner, `hangar check` and the README's method list all read this. */
export const STEP_DESCRIPTORS: Readonly<Record<string, StepDescriptor>> = {
  ...memorySteps,
  ...jsonSteps,
  ...envSteps,
  ...scriptSteps,
  ...flowSteps,
  ...uiSteps,
  ...modalSteps,
  ...htmlmodalSteps,
  ...waitSteps,
  ...netSteps,
  ...execSteps,
  ...fsSteps,
  ...downloadSteps,
  ...shellSteps,
  ...pinokioExtraSteps,
  ...desktopSteps,
};

/** Desktop-only method names and why Hangar cannot run them. */
export const DESKTOP_ONLY: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(STEP_DESCRIPTORS).flatMap(([name, d]) =>
    d.desktopOnly === undefined ? [] : [[name, d.desktopOnly]],
  ),
);

/** Every method name a script may use (runnable and desktop-only), sorted. */
export function knownMethods(): string[] {
  return Object.keys(STEP_DESCRIPTORS).sort();
}

/** True for names the registry knows, and for `kernel.*` calls (checked when they run). */
export function isKnownMethod(name: string): boolean {
  return Object.hasOwn(STEP_DESCRIPTORS, name) || name.startsWith('kernel.');
}

/** The descriptor of a method, or undefined when unknown. Desktop-only ones fail when run. */
export function stepDescriptor(name: string): StepDescriptor | undefined {
  return Object.hasOwn(STEP_DESCRIPTORS, name) ? STEP_DESCRIPTORS[name] : undefined;
}
