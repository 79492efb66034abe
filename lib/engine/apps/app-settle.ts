// What the records say after Hangar (re)starts: a start whose process lives on is resumed, a start or stop whose
// process is gone leaves the app stopped with a reason, and a cut install, update or removal is settled.
import type { AppContext } from './app-context';
import { recoverInterrupted } from './app-updates';

/** Settles every record; returns the apps whose start is still under way, to be waited on again. */
export async function settleRecords(ctx: AppContext): Promise<string[]> {
  const { store, runs, options } = ctx;
  const resumed: string[] = [];
  for (const record of store.list()) {
    const live = record.startRunId !== null && runs.isLive(record.startRunId);
    if (live && record.state === 'starting') resumed.push(record.name);
    if (live && ['running', 'starting'].includes(record.state)) continue;
    if (['running', 'starting', 'stopping'].includes(record.state)) {
      if (live) await options.runner.stop(record.startRunId!);
      await store.put({
        ...record,
        state: 'stopped',
        url: null,
        port: null,
        startRunId: null,
        error: {
          message:
            'Hangar restarted while the app was starting or its process had ended; start it again.',
        },
      });
    } else if (['installing', 'updating', 'removing'].includes(record.state)) {
      await store.put(await recoverInterrupted(record, ctx.appDir(record.name)));
    }
  }
  return resumed;
}
