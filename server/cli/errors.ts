// What a CLI command ends with: its exit codes, and the error a wrong command line raises.

/** Exit codes of every `hangar` command (the README and `hangar help` list them). */
export const EXIT = {
  ok: 0,
  /** The operation failed: the API refused it, a run it followed failed, or `check` found errors. */
  failed: 1,
  /** The command line is wrong (unknown command or option, missing or bad argument, params the API rejects). */
  usage: 2,
  /** No Hangar answers at --url. */
  unreachable: 3,
  /** Hangar needs a token (--token or HANGAR_TOKEN). */
  unauthorized: 4,
} as const;

export const EXIT_CODES_HELP =
  'Exit codes: 0 success, 1 the operation failed (the API refused it, a followed run failed, or check found errors), 2 usage error, 3 Hangar unreachable, 4 token needed.';

/** A command used wrongly: exit code 2 with the message. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage to point at (its help is printed after the message). */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
