// Polls until a condition holds, checking that the daemons it depends on are still alive.
import { logTail, type Daemon } from './daemon';

export async function pollUntil(
  what: string,
  check: () => Promise<boolean>,
  daemons: () => Daemon[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = daemons().find((d) => d.hasExited());
    if (dead) {
      throw new Error(
        `${dead.label} ${dead.exitDescription()} while waiting for ${what}; ${dead.log}:\n${logTail(dead.log)}`,
      );
    }
    if (await check()) return;
    if (Date.now() > deadline) {
      const tails = daemons()
        .map((d) => `--- ${d.label} (${d.log}):\n${logTail(d.log, 12)}`)
        .join('\n');
      throw new Error(`${what} did not happen within ${timeoutMs} ms\n${tails}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}
