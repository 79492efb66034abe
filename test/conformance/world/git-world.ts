// Local stand-ins for the GitHub repositories launchers clone, reached through git's own `insteadOf` rewriting.
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { STANDIN_INSTALL_PY, STANDIN_SERVER_PY } from './standin-server';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Stand-in',
  GIT_AUTHOR_EMAIL: 'standin@localhost',
  GIT_COMMITTER_NAME: 'Stand-in',
  GIT_COMMITTER_EMAIL: 'standin@localhost',
};

export interface CloneTarget {
  /** `owner/name` without `.git`. */
  slug: string;
  branches: Set<string>;
}

const CLONE =
  /git clone ([^"'`\n]*?)https:\/\/github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?(?=[\s"'`]|$)([^"'`\n]*)/g;
const BRANCH = /(?:-b|--branch)\s+([\w.-]+)/;

/** Every `git clone https://github.com/...` in the launcher files under `root`, with the branches asked for. */
export async function scanClones(root: string): Promise<CloneTarget[]> {
  const found = new Map<string, CloneTarget>();
  for (const file of await listFiles(root)) {
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(CLONE)) {
      const slug = `${m[2]}/${m[3]}`;
      const target = found.get(slug) ?? { slug, branches: new Set<string>() };
      const branch = BRANCH.exec(`${m[1]} ${m[4]}`);
      if (branch) target.branches.add(branch[1]);
      found.set(slug, target);
    }
  }
  return [...found.values()];
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (/\.(js|json|sh)$/.test(entry.name)) out.push(full);
  }
  return out;
}

const PACKAGE_JSON = JSON.stringify({
  name: 'standin',
  scripts: { dev: 'python3 app.py', start: 'python3 app.py', build: 'true', update_db: 'true' },
});

/** What every stand-in repository holds: the entry points launchers run, each a stand-in server. */
function baseFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'requirements.txt': 'standin-package==1.0\n',
    'install.py': STANDIN_INSTALL_PY,
    'webui.sh': '#!/bin/bash\nexec python3 launch.py "$@"\n',
    'start_linux.sh': '#!/bin/bash\nexec python3 server.py "$@"\n',
    'package.json': PACKAGE_JSON,
    'ui/package.json': PACKAGE_JSON.replace(/python3 app\.py/g, 'python3 ../app.py'),
  };
  for (const entry of ['app.py', 'main.py', 'launch.py', 'webui.py', 'server.py', 'facefusion.py'])
    files[entry] = STANDIN_SERVER_PY;
  return files;
}

/** Per repository: what differs from the base (an app that listens on a fixed port, say). */
const OVERLAYS: Record<string, Record<string, string>> = {
  // run.js restores the package folder with `git checkout -- facefusion` before each run.
  'facefusion/facefusion': { 'facefusion/__init__.py': '' },
  // The one-click installer asks for the GPU on its first run, reads the answer, then serves.
  'oobabooga/one-click-installers': {
    'start_linux.sh':
      '#!/bin/bash\nif [ ! -f installer_files/gpu ]; then\n  echo "What is your GPU?"\n  echo "A) NVIDIA  B) AMD  C) Apple M Series  D) None (CPU mode)"\n  read -r gpu\n  mkdir -p installer_files && echo "$gpu" > installer_files/gpu\nfi\nexec python3 server.py "$@"\n',
  },
  'ostris/ai-toolkit': {
    'ui/package.json': JSON.stringify({
      scripts: { start: 'python3 ../app.py --port 8675', update_db: 'true', build: 'true' },
    }),
  },
};

function git(dir: string, ...args: string[]): void {
  execFileSync('git', args, { cwd: dir, env: GIT_ENV, stdio: 'ignore' });
}

/** Creates `<root>/<owner>/<name>` (and a `.git`-suffixed alias) for each target. */
export async function buildRepos(root: string, targets: CloneTarget[]): Promise<void> {
  for (const target of targets) {
    const dir = path.join(root, target.slug);
    await mkdir(dir, { recursive: true });
    const files = { ...baseFiles(), ...OVERLAYS[target.slug] };
    for (const [name, body] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await writeFile(path.join(dir, name), body, { mode: name.endsWith('.sh') ? 0o755 : 0o644 });
    }
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', `stand-in for ${target.slug}`);
    for (const branch of target.branches) git(dir, 'branch', branch);
    const alias = `${dir}.git`;
    if (!(await stat(alias).catch(() => null))) await symlink(dir, alias);
  }
}

/** A global git config that sends `https://github.com/` to the stand-ins and trusts their folders. */
export async function writeGitConfig(file: string, root: string): Promise<void> {
  await writeFile(
    file,
    `[url "file://${root}/"]\n\tinsteadOf = https://github.com/\n[protocol "file"]\n\tallow = always\n[safe]\n\tdirectory = *\n[user]\n\tname = Stand-in\n\temail = standin@localhost\n[advice]\n\tdetachedHead = false\n`,
  );
}
