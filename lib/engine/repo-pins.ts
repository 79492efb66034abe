// The commit and branch a script.download/start pinned each cloned repository to (`<home>/cache/state/pins.json`).
import path from 'node:path';
import { z } from 'zod';
import type { HomeLayout } from './home';
import { writeJsonAtomic } from './state-file';
import { readStateFileOr } from './state-file-read';
import { WriteQueue } from './write-queue';

export const repoPinSchema = z.object({
  /** Clone URL. */
  repo: z.string(),
  /** Commit checked out after the pin (full hash). */
  commit: z.string(),
  /** Branch checked out, or null when detached at a pinned hash. */
  branch: z.string().nullable(),
  /** What the script asked for. */
  requested: z.object({
    hash: z.string().optional(),
    branch: z.string().optional(),
    pull: z.boolean().optional(),
  }),
  at: z.number(),
});
export type RepoPin = z.infer<typeof repoPinSchema>;

const pinsSchema = z.record(z.string(), repoPinSchema);
const queues = new Map<string, WriteQueue>();

const fileOf = (home: HomeLayout) => path.join(home.state, 'pins.json');

/** Pins by app folder name (the clone's folder under `<home>/api`). */
export function readPins(home: HomeLayout): Promise<Record<string, RepoPin>> {
  return readStateFileOr(fileOf(home), pinsSchema, {});
}

/** Records the pin of the app folder `name`, replacing an earlier one. */
export function recordPin(home: HomeLayout, name: string, pin: RepoPin): Promise<void> {
  const file = fileOf(home);
  let queue = queues.get(file);
  if (!queue) queues.set(file, (queue = new WriteQueue()));
  return queue.run(async () => {
    const pins = await readPins(home);
    pins[name] = pin;
    await writeJsonAtomic(file, pins);
  });
}

/** The commit and branch the app folder `name` was pinned to, or null when nothing pinned it. */
export async function appPin(
  home: HomeLayout,
  name: string,
): Promise<{ commit: string; branch: string | null } | null> {
  const pin = (await readPins(home))[name];
  return pin ? { commit: pin.commit, branch: pin.branch } : null;
}
