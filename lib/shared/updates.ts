// What the periodic `git fetch` of installed git apps found: how far each is behind its upstream, and the changelog.
import { z } from 'zod';

export const updateCheckSchema = z.object({
  name: z.string(),
  /** When the last check ended (epoch ms). */
  checkedAt: z.number(),
  /** Commits upstream that the app does not have. */
  behind: z.number().int().min(0),
  /** Local commits the upstream does not have. */
  ahead: z.number().int().min(0),
  /** The subjects of the commits between HEAD and the upstream, newest first (at most 50). */
  changelog: z.array(z.object({ commit: z.string(), subject: z.string() })),
  /** Why the fetch failed (offline, remote gone); the counts are from the last fetch that worked. */
  error: z.string().nullable(),
});
export type UpdateCheck = z.infer<typeof updateCheckSchema>;
