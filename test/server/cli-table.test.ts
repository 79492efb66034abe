// The CLI's command table against the API contract: every method reachable, options and help from the schemas,
// the README's command list, and the bash completion script generated from the table.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiMethods, METHOD_NAMES } from '../../lib/shared/api';
import { commandList } from '../../server/cli/help';
import { runCli } from '../../server/cli/main';
import { parseCommand } from '../../server/cli/parse';
import { COMMANDS, findCommand, optionFields } from '../../server/cli/table';
import { repoRoot } from '../helpers/server';

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    isTty: false,
    env: { HANGAR_URL: 'http://127.0.0.1:9' },
  });
  return { code, stdout, stderr };
}

function parse(...words: string[]) {
  const found = findCommand(words);
  if (!found || !('spec' in found)) throw new Error(`no command ${words.join(' ')}`);
  return parseCommand(found.spec, found.rest);
}

function bash(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const hangar = `node ${JSON.stringify(path.join(repoRoot, 'server/bin/hangar.mjs'))}`;
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['--noprofile', '--norc', '-c', `source <(${hangar} completion bash)\n${script}`],
      { cwd: repoRoot, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the command table covers the API contract', () => {
  it.each(METHOD_NAMES)('%s has a command, or is browser-only with a reason', (method) => {
    const entry = apiMethods[method] as { uiOnly?: string };
    const commands = COMMANDS.filter(
      (spec) => spec.method === method || spec.alsoCalls?.includes(method),
    ).map((spec) => spec.name);
    if (entry.uiOnly) {
      expect(entry.uiOnly.length).toBeGreaterThan(10);
      expect(commands).toEqual([]);
    } else expect(commands.length, `${method} has no hangar command`).toBeGreaterThan(0);
  });

  it('names each command once, and every method it calls exists', () => {
    const names = COMMANDS.map((spec) => spec.name);
    expect(new Set(names).size).toBe(names.length);
    for (const spec of COMMANDS)
      for (const method of [spec.method, ...(spec.alsoCalls ?? [])].filter(Boolean))
        expect(METHOD_NAMES).toContain(method);
  });

  it('offers every params field as a positional or an --option, except those a command sets itself', () => {
    for (const spec of COMMANDS.filter((s) => s.method)) {
      const offered = new Set([
        ...optionFields(spec).map((f) => f.path[0]),
        ...(spec.positionals ?? []).map((p) => p.field),
      ]);
      const schema = apiMethods[spec.method!].params as unknown as { shape: object };
      const hidden = (spec.hiddenFields ?? []).length;
      expect(Object.keys(schema.shape).filter((key) => !offered.has(key)).length).toBe(hidden);
    }
  });

  it("the README's command list is the table's", () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const block = /<!-- cli-commands:[^>]*-->\n\n```\n([\s\S]*?)```/.exec(readme);
    expect(block?.[1]).toBe(commandList());
  });
});

describe('options and help from the params schemas', () => {
  it('turns options into typed params: lists, null words, nested objects, booleans', () => {
    expect(parse('configure', 'comfy', '--gpus', '0,1', '--restart', 'on-failure').params).toEqual({
      name: 'comfy',
      gpus: [0, 1],
      restart: 'on-failure',
    });
    expect(parse('configure', 'comfy', '--gpus', 'all').params).toEqual({
      name: 'comfy',
      gpus: null,
    });
    expect(
      parse(
        'settings',
        'set',
        '--logs-keep-runs',
        '5',
        '--no-stop-apps-on-exit',
        '--allow-hosts',
        'a,b',
      ).params,
    ).toEqual({ logs: { keepRuns: 5 }, stopAppsOnExit: false, allowHosts: ['a', 'b'] });
    expect(parse('run', 'app', 'x.js', '--params', '{"a":1}').params).toEqual({
      name: 'app',
      script: 'x.js',
      params: { a: 1 },
    });
    expect(parse('downloads').params).toEqual({});
  });

  it('refuses bad values by option name with exit code 2', async () => {
    const bad = await cli('start', 'comfy', '--timeout-ms', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--timeout-ms must be an integer, got "soon"');
    expect((await cli('configure', 'comfy', '--restart', 'always')).stderr).toContain(
      '--restart must be one of never, on-failure',
    );
    expect((await cli('downloads', 'start', 'http://x')).stderr).toContain('missing DEST');
    expect((await cli('settings', 'frob')).stderr).toContain('settings has: get, set');
    expect((await cli('stop', 'a', 'b')).stderr).toContain('unexpected argument "b"');
    expect((await cli('completion', 'fish')).code).toBe(2);
  });

  it('prints help generated from the schema for hangar help <cmd> and <cmd> --help', async () => {
    const help = await cli('help', 'start');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: hangar start NAME [options]');
    expect(help.stdout).toContain('--timeout-ms <integer>');
    expect(help.stdout).toContain('1000..3600000');
    expect(help.stdout).toContain(apiMethods['apps.start'].description);
    expect((await cli('start', '--help')).stdout).toBe(help.stdout);
    expect((await cli('settings', 'set', '-h')).stdout).toContain('--[no-]stop-apps-on-exit');
    const all = await cli('help');
    for (const spec of COMMANDS) expect(all.stdout).toContain(spec.name);
  });
});

describe('shell completion', () => {
  const complete = (...words: string[]) =>
    bash(
      `COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}; _hangar_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ).then((result) => result.stdout.split('\n').filter(Boolean));

  it('registers with bash', async () => {
    const result = await bash('complete -p hangar');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('complete -F _hangar_complete hangar');
  });

  it('completes commands, subcommands, options and option values from the table', async () => {
    expect(await complete('hangar', 's')).toEqual(['show', 'start', 'stop', 'settings', 'serve']);
    expect(await complete('hangar', 'settings', '')).toEqual(['get', 'set']);
    expect(await complete('hangar', 'downloads', 'c')).toEqual(['cancel']);
    expect(await complete('hangar', 'configure', 'comfy', '--r')).toEqual(['--restart']);
    expect(await complete('hangar', 'configure', 'comfy', '--restart', '')).toEqual([
      'never',
      'on-failure',
    ]);
    expect(await complete('hangar', 'settings', 'set', '--logs-')).toEqual([
      '--logs-keep-runs',
      '--logs-max-bytes',
    ]);
    expect(await complete('hangar', 'check', '--gpu', 'n')).toEqual(['nvidia', 'none']);
    expect(await complete('hangar', 'completion', '')).toEqual(['bash', 'zsh']);
    expect(await complete('hangar', '--url', 'http://x', 'p')).toEqual(['ps', 'password']);
  });
});
