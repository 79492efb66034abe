// What `models.*` answers: library items by kind, the disk, folder import jobs, Pinokio homes, adopted files.
import { z } from 'zod';

export const LIBRARY_KINDS = [
  'checkpoint',
  'lora',
  'vae',
  'embedding',
  'gguf',
  'diffusers',
  'hf-repo',
  'other',
] as const;

export const hfRevisionSchema = z.object({
  commit: z.string(),
  refs: z.array(z.string()),
  files: z.number(),
  size: z.number(),
});

export const libraryItemSchema = z.object({
  /** `sha256:<hex>` for a drive blob, `hf:<type>/<org/name>` for an HF cache repo. */
  id: z.string(),
  kind: z.enum(LIBRARY_KINDS),
  name: z.string(),
  size: z.number(),
  sha256: z.string().nullable(),
  urls: z.array(z.string()),
  apps: z.array(z.string()),
  refs: z.array(z.string()),
  humanPath: z.string().nullable(),
  origins: z.array(z.string()),
  stored: z.boolean(),
  revisions: z.array(hfRevisionSchema).optional(),
  addedAt: z.number(),
});
export type LibraryItemInfo = z.infer<typeof libraryItemSchema>;

export const libraryInfoSchema = z.object({
  items: z.array(libraryItemSchema),
  disk: z.object({
    path: z.string(),
    totalBytes: z.number(),
    freeBytes: z.number(),
    usedBytes: z.number(),
  }),
  storedBytes: z.number(),
  savedBytes: z.number(),
});
export type LibraryInfo = z.infer<typeof libraryInfoSchema>;

export const importJobSchema = z.object({
  id: z.string(),
  folder: z.string(),
  folders: z.array(z.string()),
  state: z.enum(['scanning', 'hashing', 'done', 'failed']),
  files: z.number(),
  totalBytes: z.number(),
  hashedBytes: z.number(),
  copiedBytes: z.number(),
  imported: z.array(
    z.object({
      path: z.string(),
      sha256: z.string(),
      size: z.number(),
      kind: z.string(),
      how: z.enum(['hardlink', 'external', 'known']),
    }),
  ),
  error: z.string().optional(),
  startedAt: z.number(),
  resumedAt: z.number().optional(),
  finishedAt: z.number().optional(),
});
export type ImportJobInfo = z.infer<typeof importJobSchema>;

export const pinokioHomeSchema = z.object({
  root: z.string(),
  apps: z.array(z.object({ folder: z.string(), title: z.string().nullable(), path: z.string() })),
  drives: z.array(z.object({ path: z.string(), route: z.string(), apps: z.array(z.string()) })),
  drivesJson: z.record(z.string(), z.record(z.string(), z.string())),
  importFolders: z.array(z.string()),
});

export const adoptedFileSchema = z.object({
  path: z.string(),
  sha256: z.string(),
  size: z.number(),
  kind: z.string(),
  duplicate: z.boolean(),
});
