// hf.download, native: `hf download REPO [FILES…] --include/--exclude --revision --repo-type --local-dir`.
import path from 'node:path';
import {
  filterFiles,
  hfEndpoint,
  hfFileUrl,
  hfListFiles,
  hfToken,
  type HfRepoType,
} from '../../downloads';
import { EngineError } from '../../errors';
import type { StepMethod } from '../types';
import { fetchOne, type FetchOneResult } from './fetch-one';
import { asObject, optionalString, stringList, type Params } from './params';
import { downloadServicesOf } from './services';
import { shellWords } from '../shell-words';

/** Pinokio passes these into an `hf download` shell command, so a string of several quoted words is several. */
function words(key: string, value: unknown): string[] {
  return stringList('hf.download', key, value).flatMap((s) =>
    shellWords(s, `hf.download "${key}"`),
  );
}

/** A flag under any of the spellings launchers use: `local-dir`, `local_dir`, `localDir`. */
function flag(p: Params, name: string): unknown {
  const snake = name.replace(/-/g, '_');
  const camel = name.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());
  return p[name] ?? p[`--${name}`] ?? p[snake] ?? p[camel];
}

function repoType(value: unknown): HfRepoType {
  if (value === undefined || value === null || value === '' || value === 'model') return 'model';
  if (value === 'dataset' || value === 'space') return value;
  throw new EngineError(
    'invalid_params',
    `hf.download "repo-type" must be model, dataset or space (got ${String(value)})`,
  );
}

function hasGlob(name: string): boolean {
  return /[*?[]/.test(name);
}

export const hfDownload: StepMethod = async (params, ctx) => {
  const p = asObject('hf.download', params);
  const positional = words('_', p._);
  const repo = optionalString('hf.download', 'repo', p.repo) ?? positional[0];
  if (!repo || !/^[\w.-]+(\/[\w.-]+)?$/.test(repo))
    throw new EngineError('invalid_params', 'hf.download needs a repo id such as "org/name"');
  const files = [
    ...positional.slice(1),
    ...stringList('hf.download', 'files', p.files ?? p.filenames),
  ];
  const include = [...words('include', flag(p, 'include')), ...files.filter(hasGlob)];
  const exclude = words('exclude', flag(p, 'exclude'));
  const revision = optionalString('hf.download', 'revision', flag(p, 'revision')) ?? 'main';
  const type = repoType(flag(p, 'repo-type') ?? p.type);
  const services = downloadServicesOf(ctx);
  const env = { ...process.env, ...(await ctx.env()) };
  const endpoint = hfEndpoint(env, services.settings());
  const token =
    optionalString('hf.download', 'token', p.token) ?? hfToken(env, services.settings());
  const exact = files.filter((f) => !hasGlob(f));
  let names = exact;
  let commit: string | null = null;
  if (exact.length === 0 || include.length > 0) {
    const listing = await hfListFiles(endpoint, repo, revision, type, token, ctx.signal);
    commit = listing.sha;
    names = [...new Set([...exact, ...filterFiles(listing.files, include, exclude)])];
  }
  const localDirParam = optionalString('hf.download', 'local-dir', flag(p, 'local-dir'));
  const base = optionalString('hf.download', 'path', p.path);
  const cacheDir = path.join(
    env.HF_HOME || path.join(ctx.home.cache, 'HF_HOME'),
    'hub',
    `${type}s--${repo.replace('/', '--')}`,
    'snapshots',
    commit ?? revision,
  );
  const localDir = localDirParam
    ? ctx.resolvePath(base ? path.join(base, localDirParam) : localDirParam, {
        param: 'local-dir',
        allowDrive: true,
        allowCache: true,
      })
    : cacheDir;
  const headers = token ? { authorization: `Bearer ${token}` } : undefined;
  ctx.log(
    `hf.download ${repo}@${revision} (${names.length} file${names.length === 1 ? '' : 's'}) from ${endpoint}\r\n`,
    'info',
  );
  const results: FetchOneResult[] = [];
  for (const name of names) {
    const dest = path.resolve(localDir, name);
    if (path.relative(localDir, dest).startsWith('..'))
      throw new EngineError('path_escape', `hf.download file "${name}" leaves the target folder`);
    results.push(
      await fetchOne(ctx, services, {
        url: hfFileUrl(endpoint, repo, name, revision, type),
        dest,
        headers,
      }),
    );
  }
  return { repo, revision, commit, localDir, files: results.map((r) => r.path), results };
};
