// Catalog entries: installable apps listed in catalog/*.json.
import { z } from 'zod';
import { driveProfileSchema } from './drive-profile';
import { proxyProfileSchema } from './proxy-profile';

export const catalogEntrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a lowercase id usable as an app name'),
    title: z.string().min(1).max(100),
    description: z.string().min(1).max(1000),
    icon: z.string().min(1).nullable().default(null),
    /** A git URL, or `bundled:<folder>` for a launcher shipped in catalog/launchers/<folder>. */
    source: z
      .string()
      .regex(
        /^(https:\/\/\S+\.git|bundled:[a-z0-9][a-z0-9._-]*)$/,
        'an https git URL ending in .git, or bundled:<folder>',
      ),
    tags: z.array(z.string().min(1).max(40)).max(20).default([]),
    /** GPU memory (GB) the project documents as needed; 0 for an app that needs no GPU. Left out when unknown. */
    vramGb: z.number().min(0).max(1024).optional(),
    /** Disk space (GB) the project documents for the app with its usual models. Left out when unknown. */
    diskGb: z.number().min(0).max(100_000).optional(),
    /** Screenshots of the app: site paths (under public/) or https URLs. */
    screenshots: z
      .array(z.string().regex(/^(\/|https:\/\/)\S+$/, 'a /path or an https URL'))
      .max(10)
      .default([]),
    proxy: proxyProfileSchema.optional(),
    /** How the app finds the shared drive's models through its own settings. */
    drive: driveProfileSchema.optional(),
  })
  .strict();

export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export const catalogFileSchema = z.object({ apps: z.array(catalogEntrySchema) }).strict();

/** What `catalog.list` answers for each entry. */
export const catalogItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  icon: z.string().nullable(),
  source: z.string(),
  tags: z.array(z.string()),
  vramGb: z.number().nullable(),
  diskGb: z.number().nullable(),
  screenshots: z.array(z.string()),
});
export type CatalogItem = z.infer<typeof catalogItemSchema>;
