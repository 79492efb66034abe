// hf.download, native: `hf download REPO [FILES…] --include/--exclude --revision --repo-type --local-dir`.
import path from 'node:path';
import { z } from 'zod';
import { filterFiles, hfEndpoint, hfFileUrl, hfToken, type HfRepoType } from '../../downloads';
import { EngineError } from '../../errors';
import { defineStep, widePath } from '../descriptor';
import { fields } from '../schemas';
import type { FetchOneResult } from './fetch-one';
import { fetchIntoCache, listForCache, sharedHfHome } from './hf-cache-fetch';
import { hubOffline } from './hf-offline';
import { listOf, optionalList, optionalText } from './params';
import { downloadServicesOf } from './services';
import { shellWords } from '../shell-words';

/** Pinokio passes these into an `hf download` shell command, so a string of several quoted words is several. */
function words(key: string, value: string | string[] | null | undefined): string[] {
  return listOf(value).flatMap((s) => shellWords(s, `hf.download "${key}"`));
}

const FLAGS = ['include', 'exclude', 'revision', 'repo-type', 'local-dir'];

/** Flags under any of the spellings launchers use (`--local-dir`, `local_dir`, `localDir`) become `local-dir`. */
function normalizeFlags(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const p = { ...(value as Record<string, unknown>) };
  for (const name of FLAGS) {
    const snake = name.replace(/-/g, '_');
    const camel = name.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());
    p[name] ??= p[`--${name}`] ?? p[snake] ?? p[camel];
  }
  return p;
}

const params = z.preprocess(
  normalizeFlags,
  fields(
    {
      repo: optionalText,
      _: optionalList,
      files: optionalList,
      filenames: optionalList,
      include: optionalList,
      exclude: optionalList,
      revision: optionalText,
      'repo-type': z.enum(['model', 'dataset', 'space', '']).nullish(),
      type: z.enum(['model', 'dataset', 'space', '']).nullish(),
      token: optionalText,
      'local-dir': optionalText,
      path: optionalText,
    },
    'expected {repo, files, local-dir}',
  ),
);

function hasGlob(name: string): boolean {
  return /[*?[]/.test(name);
}

export const hfDownload = defineStep({
  summary: 'downloads files of a Hugging Face repository (`hf download` flags)',
  params,
  paths: [widePath('local-dir', 'path')],
  run: async (p, ctx) => {
    const positional = words('_', p._);
    const repo = p.repo ?? positional[0];
    if (!repo || !/^[\w.-]+(\/[\w.-]+)?$/.test(repo))
      throw new EngineError('invalid_params', 'hf.download needs a repo id such as "org/name"');
    const files = [...positional.slice(1), ...listOf(p.files ?? p.filenames)];
    const include = [...words('include', p.include), ...files.filter(hasGlob)];
    const exclude = words('exclude', p.exclude);
    const revision = p.revision ?? 'main';
    const type: HfRepoType = p['repo-type'] || p.type || 'model';
    const services = downloadServicesOf(ctx);
    const env = { ...process.env, ...(await ctx.env()) };
    const endpoint = hfEndpoint(env, services.settings());
    const token = p.token ?? hfToken(env, services.settings());
    const exact = files.filter((f) => !hasGlob(f));
    const needsListing = exact.length === 0 || include.length > 0;
    const hfHome = sharedHfHome(ctx, env);
    const listing = await listForCache(
      ctx,
      { endpoint, type, repo, revision, token, hfHome, offline: hubOffline(env) },
      !needsListing,
    );
    const commit = listing.commit;
    const names = listing.info
      ? needsListing
        ? [...new Set([...exact, ...filterFiles(listing.info.files, include, exclude)])]
        : exact
      : exact;
    const localDirParam = p['local-dir'];
    const base = p.path;
    const localDir = localDirParam
      ? ctx.resolvePath(base ? path.join(base, localDirParam) : localDirParam, {
          param: 'local-dir',
          allowDrive: true,
          allowCache: true,
        })
      : listing.cache.snapshotDir(commit ?? revision);
    const headers = token ? { authorization: `Bearer ${token}` } : undefined;
    ctx.log(
      `hf.download ${repo}@${revision} (${names.length} file${names.length === 1 ? '' : 's'}${commit ? `, commit ${commit}` : ''}) from ${endpoint}\r\n`,
      'info',
    );
    const results: FetchOneResult[] = [];
    for (const name of names) {
      const dest = path.resolve(localDir, name);
      if (path.relative(localDir, dest).startsWith('..'))
        throw new EngineError('path_escape', `hf.download file "${name}" leaves the target folder`);
      results.push(
        await fetchIntoCache(ctx, services, listing, {
          url: hfFileUrl(endpoint, repo, name, commit ?? revision, type),
          file: name,
          headers,
          ...(localDirParam ? { dest, localDir } : {}),
        }),
      );
    }
    return { repo, revision, commit, localDir, files: results.map((r) => r.path), results };
  },
});
