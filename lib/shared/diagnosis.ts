// Result shapes of `system.doctor`, `system.tools` and `system.diagnostics` (shared by the engine, API and CLI).
import { z } from 'zod';
import { clusterStatusSchema } from './cluster';
import { runDiagnosisSchema } from './events';
import { gpuSchema } from './system';

export const toolInfoSchema = z.object({
  id: z.string(),
  title: z.string(),
  found: z.boolean(),
  version: z.string().nullable(),
  path: z.string().nullable(),
  why: z.string(),
  /** How Hangar fetches it itself when a launcher needs it, or null (then the machine must have it). */
  provided: z.string().nullable(),
  /** The hardware it serves ("an NVIDIA GPU"), or null when every machine may need it. */
  onlyWith: z.string().nullable(),
  /** How to get it when missing: the exact command (run only in a visible terminal) and advice. */
  install: z
    .object({
      manager: z.string().nullable(),
      command: z.string().nullable(),
      needsRoot: z.boolean(),
      text: z.string(),
      manual: z.string().nullable(),
    })
    .nullable(),
});
export type ToolInfo = z.infer<typeof toolInfoSchema>;

export const toolsInfoSchema = z.object({
  tools: z.array(toolInfoSchema),
  managers: z.array(z.object({ manager: z.string(), path: z.string() })),
  checkedAt: z.number(),
});
export type ToolsInfo = z.infer<typeof toolsInfoSchema>;

export const doctorFailureSchema = z.object({
  runId: z.string(),
  app: z.string().nullable(),
  script: z.string(),
  endedAt: z.number().nullable(),
  code: z.string(),
  message: z.string(),
  diagnosis: runDiagnosisSchema.nullable(),
});
export type DoctorFailure = z.infer<typeof doctorFailureSchema>;

export const doctorReportSchema = z.object({
  version: z.string(),
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
  home: z.object({
    path: z.string(),
    freeBytes: z.number().nullable(),
    totalBytes: z.number().nullable(),
  }),
  tools: z.array(toolInfoSchema),
  gpus: z.array(gpuSchema),
  /** Where the server listens and whether a token is required; null when the engine runs without a server. */
  server: z.object({ host: z.string(), port: z.number(), auth: z.boolean() }).nullable(),
  recentFailures: z.array(doctorFailureSchema),
  /** Tools Hangar installed into bin/ itself (uv from pip, or its pip shim), from bin/provisioned.json. */
  provisioned: z
    .array(
      z.object({
        id: z.string(),
        kind: z.enum(['installed', 'shim']),
        version: z.string().nullable(),
        path: z.string(),
        source: z.string(),
        reason: z.string().optional(),
      }),
    )
    .optional(),
  /** The Slurm cluster of runners.slurm (absent or configured false without one). */
  cluster: clusterStatusSchema.optional(),
  /** One line per problem found (missing core tools, low disk, failures); empty when all is well. */
  problems: z.array(z.string()),
});
export type DoctorReport = z.infer<typeof doctorReportSchema>;

/** Where the browser downloads a bundle: this path, then the bundle's name. */
export const DIAGNOSTICS_PATH = '/_hangar/diagnostics/';

export const diagnosticsBundleInfoSchema = z.object({
  file: z.string(),
  /** Its name in logs/: the browser downloads it from `/_hangar/diagnostics/<name>`. */
  name: z.string(),
  bytes: z.number(),
  entries: z.array(z.string()),
});
export type DiagnosticsBundleInfo = z.infer<typeof diagnosticsBundleInfoSchema>;
