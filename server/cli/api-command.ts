// The common command: call one API method with the params from the command line, print its result.
import type { MethodName, Params, ParamsArgs, Result } from '../../lib/shared/api';
import { printJson, type CliContext, type CommandInput, type CommandSpec } from './command';
import { EXIT } from './errors';
import { formatValue } from './human';

export type ApiCommandSpec<M extends MethodName> = Omit<CommandSpec, 'run' | 'method'> & {
  method: M;
  /** Human output (default: the result as aligned key/value lines). */
  human?: (result: Result<M>, context: CliContext, input: CommandInput) => string;
};

/** Calls `method` with params the command line built (the server validates them against the contract). */
export function callWith<M extends MethodName>(
  context: CliContext,
  method: M,
  params: Params<M> | Record<string, unknown>,
): Promise<Result<M>> {
  return context.rpc.call(method, ...([params] as ParamsArgs<M>));
}

export function apiCommand<M extends MethodName>(spec: ApiCommandSpec<M>): CommandSpec {
  const { human, ...rest } = spec;
  return {
    ...rest,
    async run(context, input) {
      const result = await callWith(context, spec.method, input.params);
      if (context.json) printJson(context, result);
      else context.out(human ? human(result, context, input) : formatValue(result));
      return EXIT.ok;
    },
  };
}
