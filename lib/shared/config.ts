// Schema of the home's config.json (user settings persisted by Hangar).
import { z } from 'zod';

export const homeConfigSchema = z
  .object({
    version: z.literal(1).default(1),
    hfToken: z.string().min(1).optional(),
    hfEndpoint: z.string().url().optional(),
    allowHosts: z.array(z.string().min(1)).default([]),
    stopTimeoutMs: z.number().int().min(0).max(120_000).default(5000),
    portRange: z
      .object({ from: z.number().int().min(1024).max(65535), to: z.number().int().min(1024).max(65535) })
      .default({ from: 42003, to: 42999 }),
  })
  .strict();

export type HomeConfig = z.infer<typeof homeConfigSchema>;
