// The report `hangar check` produces for a launcher folder.
import type { MenuItem } from '../../shared/menu';
import type { SystemSnapshot } from '../../shared/system';
import type { ToolNeed } from '../tools';
import type { MenuState } from './fake-runtime';

export interface StepPlan {
  index: number;
  /** Method name, `<uri>#<method>` for custom modules, or `(inline function)`. */
  method: string;
  id?: string;
  /** Rendered `when`: true/false, or 'unresolved' when it depends on values only known at run time. */
  when?: boolean | 'unresolved';
  /** Params rendered as far as possible offline (unresolved expressions stay as `{{ … }}` text). */
  params?: unknown;
  /** Expressions left for run time (depend on input, args, local…). */
  deferred?: string[];
}

export interface ScriptReport {
  /** Path relative to the launcher root. */
  file: string;
  /** `script`: runnable; `module`: a data/helper module that is not meant to run (skipped). */
  kind: 'script' | 'module';
  ok: boolean;
  daemon?: boolean;
  steps: StepPlan[];
  errors: string[];
  warnings: string[];
  notes: string[];
}

export interface CheckReport {
  launcher: string;
  title?: string;
  scripts: ScriptReport[];
  menus: Partial<Record<MenuState, MenuItem[]>>;
  /** Tools the scripts call or require, and whether Hangar provides each or the machine must. */
  tools: ToolNeed[];
  /** Problems of the launcher itself (pinokio.js, menus). */
  errors: string[];
  warnings: string[];
  ok: boolean;
}

export interface CheckOptions {
  /** System facts for templates (default: this machine's OS, no GPU). */
  system?: SystemSnapshot;
  /** Hangar home for `~/` paths (default `~/hangar`; nothing is written there). */
  home?: string;
  /** Method names the engine knows (default: the step registry). */
  knownMethods?: readonly string[];
  /** Desktop-only method names and why (default: the step registry's list). */
  desktopOnly?: Readonly<Record<string, string>>;
}
