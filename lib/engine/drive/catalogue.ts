// The drive's typed catalogue (`drive/catalogue.json`): blobs by sha256, their kinds, names, URLs and links.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeJsonAtomic } from '../home';

export const MODEL_KINDS = ['checkpoint', 'lora', 'vae', 'embedding', 'gguf', 'other'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export interface BlobEntry {
  sha256: string;
  size: number;
  kind: ModelKind;
  /** File names it was stored under (the first one names the human path). */
  names: string[];
  /** URLs it was downloaded from (normalised). */
  urls: string[];
  /** Paths linked to the blob, relative to the home root (`api/<app>/…`). */
  refs: string[];
  /** Human path relative to the home root (`drive/models/<kind>s/<name>`). */
  humanPath: string | null;
  addedAt: number;
  /** Absolute paths of a user's own files taken in place by an import: Hangar never moves, changes or deletes them. */
  origins?: string[];
}

export interface CatalogueData {
  version: 1;
  blobs: Record<string, BlobEntry>;
}

/** The catalogue's entry for a sha256 (own entries only: a name such as `constructor` is not a blob). */
export function blobEntry(data: CatalogueData, sha256: string): BlobEntry | undefined {
  return Object.hasOwn(data.blobs, sha256) ? data.blobs[sha256] : undefined;
}

export function catalogueFile(driveRoot: string): string {
  return path.join(driveRoot, 'catalogue.json');
}

export async function readCatalogue(driveRoot: string): Promise<CatalogueData> {
  try {
    const data = JSON.parse(await readFile(catalogueFile(driveRoot), 'utf8')) as CatalogueData;
    if (data && typeof data.blobs === 'object') return data;
  } catch (error) {
    // Missing or corrupt catalogue: blobs stay on disk; the catalogue is rebuilt as files are adopted.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError))
      throw error;
  }
  return { version: 1, blobs: {} };
}

export async function writeCatalogue(driveRoot: string, data: CatalogueData): Promise<void> {
  await writeJsonAtomic(catalogueFile(driveRoot), data);
}

/** URL identity for the catalogue: `?download=true` and fragments do not make a different file. */
export function normaliseUrl(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    u.searchParams.delete('download');
    return u.href;
  } catch {
    // Not a URL: keep the string as its own identity.
    return url;
  }
}

const MODEL_EXTENSIONS = new Set([
  '.safetensors',
  '.ckpt',
  '.bin',
  '.pt',
  '.pth',
  '.gguf',
  '.ggml',
  '.onnx',
  '.sft',
]);

/** Files worth storing once in the drive: model weights by extension. */
export function isModelFile(name: string): boolean {
  return MODEL_EXTENSIONS.has(path.extname(name).toLowerCase());
}

/** Kind from the folder a file goes to (`models/Lora`, `models/VAE`, `embeddings`…), then its extension. */
export function guessKind(file: string): ModelKind {
  const lower = file.toLowerCase().replace(/\\/g, '/');
  const parts = lower.split('/');
  if (lower.endsWith('.gguf') || lower.endsWith('.ggml')) return 'gguf';
  if (parts.some((p) => p === 'lora' || p === 'loras' || p === 'lycoris')) return 'lora';
  if (parts.some((p) => p === 'vae' || p === 'vae_approx' || p === 'vae-approx')) return 'vae';
  if (parts.some((p) => p === 'embeddings' || p === 'embedding' || p === 'textual_inversion'))
    return 'embedding';
  if (
    parts.some(
      (p) =>
        p === 'checkpoints' || p === 'stable-diffusion' || p === 'diffusion_models' || p === 'unet',
    )
  )
    return 'checkpoint';
  if (lower.endsWith('.ckpt')) return 'checkpoint';
  return 'other';
}

export function kindFolder(kind: ModelKind): string {
  return kind === 'other' ? 'other' : kind === 'gguf' ? 'gguf' : `${kind}s`;
}
