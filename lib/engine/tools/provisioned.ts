// `<home>/bin/provisioned.json`: the tools Hangar installed into bin/ itself, with version and where they came from.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../state-file';

export const provisionedToolSchema = z.object({
  /** `installed`: the real tool in bin/; `shim`: Hangar's stand-in (uv through pip), used where the tool could not be had. */
  kind: z.enum(['installed', 'shim']),
  version: z.string().nullable(),
  /** The executable linked into bin/. */
  path: z.string(),
  /** Where it came from, in words (`pip install uv (index: …)`). */
  source: z.string(),
  /** Why the shim stands in, when it does. */
  reason: z.string().optional(),
  at: z.number(),
});
export type ProvisionedTool = z.infer<typeof provisionedToolSchema>;

const fileSchema = z.object({ tools: z.record(z.string(), provisionedToolSchema) });

export const PROVISIONED_FILE = 'provisioned.json';

/** The records of `binDir`; an absent or unreadable file reads as none (provisioning starts afresh). */
export async function readProvisioned(binDir: string): Promise<Record<string, ProvisionedTool>> {
  let text: string;
  try {
    text = await readFile(path.join(binDir, PROVISIONED_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const parsed = fileSchema.safeParse(safeJson(text));
  return parsed.success ? parsed.data.tools : {};
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A torn or hand-edited file: treated as empty, rewritten by the next provisioning.
    return null;
  }
}

/** Records one tool (read, merge, write atomically: unique temp name, fsync, rename). */
export async function recordProvisioned(
  binDir: string,
  id: string,
  record: ProvisionedTool,
): Promise<void> {
  const tools = await readProvisioned(binDir);
  tools[id] = record;
  await writeJsonAtomic(path.join(binDir, PROVISIONED_FILE), { tools });
}
