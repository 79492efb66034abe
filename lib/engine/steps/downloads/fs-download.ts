// fs.download: fetch URLs into `dir`/`path` (resumable, verified, shared via the drive) or extract archives.
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  archiveKindOf,
  extractArchive,
  hfEndpoint,
  hfFileUrl,
  hfToken,
  parseHfResolveUrl,
  remoteFileName,
  urlNamesFile,
  type ArchiveKind,
} from '../../downloads';
import { z } from 'zod';
import { defineStep, pathOptions, widePath } from '../descriptor';
import { fields, looseNumber } from '../schemas';
import type { StepContext } from '../types';
import { fetchOne, type FetchOneResult } from './fetch-one';
import { fileNameOf, listOf, optionalList, optionalText } from './params';
import { fetchIntoCache, listForCache, sharedHfHome, type HfRepoAt } from './hf-cache-fetch';
import { hubOffline } from './hf-offline';
import { downloadServicesOf, type DownloadServices } from './services';

const KINDS: Record<string, ArchiveKind> = {
  zip: 'zip',
  'tar.gz': 'tar.gz',
  tgz: 'tar.gz',
  'tar.xz': 'tar.xz',
  txz: 'tar.xz',
  tar: 'tar',
};

/** The archive kind asked for by `unzip`/`untar`/`extract` (true, or a format name), or null for none. */
function extraction(p: FsDownloadParams, url: string): ArchiveKind | 'auto' | null {
  const flag = p.extract ?? p.unzip ?? p.untar;
  if (flag === undefined || flag === false || flag === null) return null;
  if (typeof flag === 'string' && KINDS[flag.toLowerCase()]) return KINDS[flag.toLowerCase()];
  if (p.unzip !== undefined && p.unzip !== false && !archiveKindOf(url)) return 'zip';
  return 'auto';
}

const PATH = widePath('path');
const DIR = widePath('dir');
const flag = z.union([z.boolean(), z.string()], { error: 'expected true or an archive format' });

const params = fields(
  {
    url: optionalList,
    uri: optionalList,
    dir: optionalText,
    path: optionalText,
    sha256: optionalText,
    hash: optionalText,
    strip: looseNumber.nullish(),
    extract: flag.nullish(),
    unzip: flag.nullish(),
    untar: flag.nullish(),
  },
  'expected {url, dir or path}',
)
  .refine((p) => listOf(p.url ?? p.uri).length > 0, {
    error: 'fs.download needs a "url" (or "uri")',
  })
  .refine((p) => p.dir !== undefined || p.path !== undefined, {
    error: 'fs.download needs "dir" (a folder) or "path"',
  })
  .refine(
    (p) => p.strip === undefined || p.strip === null || (Number.isInteger(p.strip) && p.strip >= 0),
    {
      error: 'fs.download "strip" must be a whole number',
      path: ['strip'],
    },
  );
type FsDownloadParams = z.output<typeof params>;

export const fsDownload = defineStep({
  summary:
    'downloads URLs into a folder or file (resumable, verified, shared via the drive) or extracts archives',
  params,
  paths: [PATH, DIR],
  run: async (p, ctx) => {
    const urls = listOf(p.url ?? p.uri);
    const dir = p.dir;
    const file = p.path;
    const sha256 = p.sha256 ?? p.hash;
    const strip = p.strip ?? 0;
    const services = downloadServicesOf(ctx);
    const resolve = (p2: string, param: 'path' | 'dir'): string =>
      ctx.resolvePath(p2, pathOptions(param === 'path' ? PATH : DIR));
    const results: (FetchOneResult & { extracted?: number })[] = [];
    for (const url of urls) {
      const kind = extraction(p, url);
      if (kind) {
        const target = resolve(file ?? dir!, file ? 'path' : 'dir');
        const key = createHash('sha256').update(url).digest('hex').slice(0, 16);
        const archive = path.join(ctx.home.cache, 'downloads', key, fileNameOf(url));
        const got = await fetchOne(ctx, services, { url, dest: archive, sha256, share: false });
        ctx.log(
          `Extracting ${path.basename(archive)} into ${target}${strip ? ` (strip ${strip})` : ''}\r\n`,
          'info',
        );
        const { entries } = await extractArchive({
          file: archive,
          dest: target,
          strip,
          kind: kind === 'auto' ? undefined : kind,
          signal: ctx.signal,
        });
        await rm(path.dirname(archive), { recursive: true, force: true });
        results.push({ ...got, path: target, extracted: entries });
        continue;
      }
      const dest =
        file && urls.length === 1
          ? resolve(file, 'path')
          : path.join(resolve(dir ?? file!, dir ? 'dir' : 'path'), await nameInFolder(url, ctx));
      const hf = await hfResolveTarget(url, ctx, services);
      if (hf) {
        const listing = await listForCache(ctx, hf, true);
        results.push(
          await fetchIntoCache(ctx, services, listing, {
            url: hfFileUrl(hf.endpoint, hf.repo, hf.file, listing.commit ?? hf.revision, hf.type),
            file: hf.file,
            headers: hf.token ? { authorization: `Bearer ${hf.token}` } : undefined,
            dest,
          }),
        );
        continue;
      }
      results.push(
        await fetchOne(ctx, services, {
          url,
          dest,
          sha256: urls.length === 1 ? sha256 : undefined,
        }),
      );
    }
    return urls.length === 1 ? results[0] : results;
  },
});

/** A Hugging Face resolve URL goes through the shared hub cache, like hf.download. */
async function hfResolveTarget(
  url: string,
  ctx: StepContext,
  services: DownloadServices,
): Promise<(HfRepoAt & { file: string }) | null> {
  const env = { ...process.env, ...(await ctx.env()) };
  const endpoint = hfEndpoint(env, services.settings());
  const target = parseHfResolveUrl(url, endpoint);
  if (!target) return null;
  const token = hfToken(env, services.settings());
  return {
    ...target,
    endpoint,
    token,
    hfHome: sharedHfHome(ctx, env),
    offline: hubOffline(env),
  };
}

/**
 * The name of a file downloaded into a folder: the URL's when it names one (`model.safetensors`), else
 * the server's Content-Disposition (`/api/download/models/123` → `model.safetensors`), as Pinokio does.
 */
async function nameInFolder(url: string, ctx: StepContext): Promise<string> {
  if (urlNamesFile(url)) return fileNameOf(url);
  const { name, reason } = await remoteFileName(url, { signal: ctx.signal });
  if (name) return name;
  ctx.log(
    `${url}: no file name from the server (${reason}), saving as ${fileNameOf(url)}\r\n`,
    'info',
  );
  return fileNameOf(url);
}
