// Stand-ins for the network tools launchers call: small bash scripts, first on PATH, that record and succeed.
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { STANDIN_SERVER_PY } from './standin-server';

/** One recorded call of a stand-in tool. */
export interface ToolCall {
  tool: string;
  cwd: string;
  /** VIRTUAL_ENV when set, else CONDA_PREFIX, else ''. */
  env: string;
  args: string[];
}

export interface Shims {
  binDir: string;
  /** The stand-in app server script, run by the tools that start one (`litellm`, `open-webui`). */
  serverScript: string;
  calls(): Promise<ToolCall[]>;
}

/** The interpreter behind `python3`, resolved once (a version manager's shim is skipped). */
function realPython(): string {
  return execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  }).trim();
}

function header(record: string, python: string, bin: string): string {
  return `#!/bin/bash
SHIMS=${JSON.stringify(bin)}
REAL_PY=${JSON.stringify(python)}
{ printf '%s\\t%s\\t%s' "$(basename "$0")" "$PWD" "\${VIRTUAL_ENV:-\${CONDA_PREFIX:-}}"; printf '\\t%s' "$@"; printf '\\n'; } >> ${JSON.stringify(record)}
# A real venv without pip (0.5 s instead of 14 s); its pip and python -m pip are the recording pip.
make_venv() {
  "$REAL_PY" -m venv --without-pip "$1" || exit 1
  ln -sf "$SHIMS/pip" "$1/bin/pip"; ln -sf "$SHIMS/pip" "$1/bin/pip3"
  for sp in "$1"/lib/python*/site-packages; do
    mkdir -p "$sp/pip"; : > "$sp/pip/__init__.py"
    printf 'import os, sys\\nos.execv(%s, ["pip"] + sys.argv[1:])\\n' "'$SHIMS/pip'" > "$sp/pip/__main__.py"
  done
}
last_plain() { local d=""; local skip=0; for a in "$@"; do
  if [ $skip = 1 ]; then skip=0; continue; fi
  case "$a" in --python|-p) skip=1;; -*) ;; *) d="$a";; esac; done; printf '%s' "$d"; }
`;
}

/** Packages whose files a launcher reads after installing them: `pip install` makes these folders in the venv. */
const PACKAGE_FILES: Record<string, string> = {
  'open-webui': 'open_webui/data',
};

const PLACE_PACKAGES = `place_packages() { [ -n "$VIRTUAL_ENV" ] || return 0; for a in "$@"; do case "$a" in
${Object.entries(PACKAGE_FILES)
  .map(
    ([pkg, dir]) =>
      `  ${pkg}) for sp in "$VIRTUAL_ENV"/lib/python*/site-packages; do mkdir -p "$sp/${dir}"; done;;`,
  )
  .join('\n')}
esac; done; }
`;

const BODIES: Record<string, string> = {
  pip: `${PLACE_PACKAGES}[ "$1" = install ] && place_packages "$@"\nexit 0`,
  uv: `${PLACE_PACKAGES}[ "$1" = venv ] && { shift; make_venv "$(last_plain "$@")"; }
[ "$1" = pip ] && [ "$2" = install ] && place_packages "$@"
exit 0`,
  python3: `if [ "$1" = -m ] && [ "$2" = venv ]; then shift 2; make_venv "$(last_plain "$@")"; exit 0; fi
if [ "$1" = -m ] && [ "$2" = pip ]; then exit 0; fi
exec "$REAL_PY" "$@"`,
  conda: `case "$1" in
  create) shift; prev=""; for a in "$@"; do [ "$prev" = -p ] && mkdir -p "$a/conda-meta"; prev="$a"; done;;
esac
exit 0`,
  npm: `case "$1" in run|run-script) name="$2";; start|dev|test) name="$1";;
  install|i|add|ci) mkdir -p node_modules; exit 0;; *) exit 0;; esac
script=$(node -e 'const f=process.cwd()+"/package.json";const s=require("fs").existsSync(f)?require(f).scripts||{}:{};process.stdout.write(s[process.argv[1]]||"")' "$name")
[ -z "$script" ] && exit 0
exec sh -c "$script"`,
  record: 'exit 0',
  server: 'exec "$REAL_PY" "$SHIMS/standin-server.py" "$@"',
};

/**
 * Tool name → behaviour: recording tools succeed, package managers make node_modules on install and run
 * package.json scripts, servers serve.
 */
const TOOLS: Record<string, keyof typeof BODIES> = {
  pip: 'pip',
  pip3: 'pip',
  uv: 'uv',
  python3: 'python3',
  python: 'python3',
  conda: 'conda',
  npm: 'npm',
  pnpm: 'npm',
  yarn: 'npm',
  npx: 'record',
  'huggingface-cli': 'record',
  hf: 'record',
  ollama: 'record',
  litellm: 'server',
  'open-webui': 'server',
};

export async function writeShims(dir: string): Promise<Shims> {
  const binDir = path.join(dir, 'bin');
  const record = path.join(dir, 'calls.tsv');
  await mkdir(binDir, { recursive: true });
  await writeFile(record, '');
  const python = realPython();
  const serverScript = path.join(binDir, 'standin-server.py');
  await writeFile(serverScript, STANDIN_SERVER_PY);
  for (const [tool, body] of Object.entries(TOOLS)) {
    const file = path.join(binDir, tool);
    await writeFile(file, `${header(record, python, binDir)}${BODIES[body]}\n`);
    await chmod(file, 0o755);
  }
  return {
    binDir,
    serverScript,
    async calls() {
      const text = await readFile(record, 'utf8');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [tool, cwd, env, ...args] = line.split('\t');
          return { tool, cwd, env, args };
        });
    },
  };
}
