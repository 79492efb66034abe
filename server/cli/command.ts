// What one CLI command is: its words, the API method whose params give its options, its arguments and how it runs.
import type { MethodName } from '../../lib/shared/api';
import type { RpcClient } from './rpc-client';

export interface CliContext {
  json: boolean;
  rpc: RpcClient;
  url: string;
  token: string | undefined;
  out: (text: string) => void;
  err: (text: string) => void;
  isTty: boolean;
}

/** What a positional argument completes to in the shell. */
export type Completion = 'app' | 'file' | 'dir' | readonly string[];

export interface Positional {
  /** As help shows it: NAME, SCRIPT, RUNID. */
  label: string;
  /** The params field it fills (absent: the command reads it itself). */
  field?: string;
  optional?: boolean;
  help: string;
  complete?: Completion;
}

/** An option the command adds beyond the method's params (--detach, --follow). */
export interface LocalOption {
  type: 'string' | 'boolean';
  short?: string;
  help: string;
  values?: readonly string[];
}

/** Per-field help the schema lacks, and words that stand for null (`--gpus all`). */
export interface FieldNote {
  help?: string;
  nullWords?: readonly string[];
}

export interface CommandInput {
  /** The method's params built from the positionals and options. */
  params: Record<string, unknown>;
  /** Values of the command's local options. */
  options: Record<string, string | boolean | undefined>;
  /** Positionals without a params field, in order. */
  args: string[];
}

export interface CommandSpec {
  /** The words that select it: "install", "settings set". */
  name: string;
  summary: string;
  /** The method whose params give the options and whose result `--json` prints. */
  method?: MethodName;
  /** Other methods it calls (each API method must be reachable from some command). */
  alsoCalls?: readonly MethodName[];
  positionals?: readonly Positional[];
  /** Params fields the command line does not offer as options (set by the command). */
  hiddenFields?: readonly string[];
  notes?: Readonly<Record<string, FieldNote>>;
  options?: Readonly<Record<string, LocalOption>>;
  /** Talks to no server (check, completion). */
  offline?: boolean;
  run(context: CliContext, input: CommandInput): Promise<number>;
}

/** Prints a value as the API gave it: two-space indented JSON and a newline. */
export function printJson(context: CliContext, value: unknown): void {
  context.out(`${JSON.stringify(value, null, 2)}\n`);
}
