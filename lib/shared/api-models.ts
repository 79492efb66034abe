// The contract's model library methods: list, delete, folder imports, Pinokio homes and app adoption.
import { z } from 'zod';
import { emptyParams, type ApiMethod } from './api-method';
import { appNameSchema } from './app';
import { adoptedFileSchema, importJobSchema, libraryInfoSchema, pinokioHomeSchema } from './models';

const folderPath = z.string().min(1).max(4000);

export const modelMethods = {
  'models.list': {
    description:
      'Every model in the drive and the shared HF cache by kind (checkpoint, lora, vae, embedding, gguf, diffusers, hf-repo), with size, sha256, source URLs and the apps that use it; free and used disk; bytes saved by sharing.',
    params: emptyParams,
    result: libraryInfoSchema,
  },
  'models.delete': {
    description:
      'Delete a model (id from models.list): its blob, its human path and the links Hangar made; refused while an app that uses it runs. A folder imported in place keeps its own files.',
    params: z.object({ id: z.string().min(1).max(300) }).strict(),
    result: z.object({ removed: z.array(z.string()) }),
    audited: true,
  },
  'models.import': {
    description:
      'Import a models folder in place (an A1111/ComfyUI models/ tree or an HF cache hub/ folder, absolute path): hashes in the background and links its files into the drive, copying and changing nothing. Returns the job.',
    params: z.object({ path: folderPath }).strict(),
    result: importJobSchema,
    audited: true,
  },
  'models.imports': {
    description: 'Folder import jobs, newest first, with progress and every file with its hash.',
    params: z.object({ id: z.string().max(100).optional() }).strict(),
    result: z.array(importJobSchema),
  },
  'models.pinokio': {
    description:
      'Read an existing Pinokio home (absolute path) without writing to it: its apps with their titles, its drive folders and drives.json.',
    params: z.object({ path: folderPath }).strict(),
    result: pinokioHomeSchema,
  },
  'models.importPinokio': {
    description:
      "Import a Pinokio home's models in place (its apps, drive folders and HF cache), never writing into it. Returns the job.",
    params: z.object({ path: folderPath }).strict(),
    result: importJobSchema,
    audited: true,
  },
  'models.adopt': {
    description:
      'Take the model files an app downloaded into its own folder into the drive by hash (moved into the store, linked back).',
    params: z.object({ app: appNameSchema }).strict(),
    result: z.array(adoptedFileSchema),
    audited: true,
  },
} as const satisfies Record<string, ApiMethod>;
