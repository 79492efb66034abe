import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { diagnose, matchKnownError } from '../../../../lib/engine/diagnosis/diagnose';
import { KNOWN_ERRORS } from '../../../../lib/engine/diagnosis/known-errors';

const OUTPUTS = path.resolve(__dirname, '../../../fixtures/diagnosis/outputs');
const fixtures = readdirSync(OUTPUTS)
  .filter((f) => f.endsWith('.txt'))
  .sort();

describe('the known-error matcher on recorded outputs', () => {
  it.each(fixtures)('explains %s', async (file) => {
    const expected = file.split('--')[0];
    const output = readFileSync(path.join(OUTPUTS, file), 'utf8');
    const diagnosis = await diagnose(output, {
      portOwner: async () => null,
      installCommand: async () => 'apt-get install -y build-essential',
      home: '/home/user/hangar',
    });
    expect(diagnosis?.id).toBe(expected);
    expect(diagnosis!.explanation.length).toBeGreaterThan(20);
    expect(diagnosis!.nextStep.length).toBeGreaterThan(20);
    expect(output).toContain(diagnosis!.evidence);
  });

  it('has a recorded output for every known error', () => {
    const covered = new Set(fixtures.map((f) => f.split('--')[0]));
    expect(KNOWN_ERRORS.map((e) => e.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it('names the details the output carries', async () => {
    const read = (f: string) => readFileSync(path.join(OUTPUTS, f), 'utf8');
    const torch = await diagnose(read('unsupported_gpu_arch--torch.txt'));
    expect(torch!.explanation).toContain('sm_120');
    expect(torch!.nextStep).toContain('cu128');
    expect((await diagnose(read('missing_headers--gcc.txt')))!.nextStep).toContain('python3-dev');
    expect((await diagnose(read('python_version--pip.txt')))!.explanation).toContain('>=3.13');
    const compiler = await diagnose(read('missing_compiler--make.txt'), {
      installCommand: async (tool) =>
        tool === 'cxx' ? 'apt-get install -y build-essential' : null,
    });
    expect(compiler!.nextStep).toContain('apt-get install -y build-essential');
    expect(
      (await diagnose(read('port_in_use--gradio.txt'), { portOwner: async () => null }))!
        .explanation,
    ).toContain('port 7860');
    expect((await diagnose(read('network--pip.txt')))!.nextStep).toContain('internet connection');
  });

  it('tells a server of this machine that is not running from a network that is down', async () => {
    for (const output of [
      "fatal: unable to access 'http://127.0.0.1:9/x.git/': Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server",
      'Error: connect ECONNREFUSED 127.0.0.1:7860',
      "fatal: unable to access 'http://localhost:3000/x.git/': Failed to connect to localhost port 3000",
    ]) {
      const diagnosis = await diagnose(output);
      expect(diagnosis).toMatchObject({ id: 'network' });
      expect(diagnosis!.explanation).toMatch(/an address of this machine/);
      expect(diagnosis!.nextStep).not.toContain('internet');
    }
    const remote = await diagnose('Error: connect ECONNREFUSED 10.1.2.3:443');
    expect(remote!.explanation).toContain('10.1.2.3:443 could not be reached');
  });

  it('ignores output with no known error, and strips terminal colours before matching', async () => {
    expect(
      await diagnose('Installing collected packages: numpy\nSuccessfully installed numpy-2.0.0\n'),
    ).toBeNull();
    expect(matchKnownError('\x1b[31mwrite failed: No space left\x1b[0m on device')?.error.id).toBe(
      'disk_full',
    );
  });
});

describe('a real port conflict', () => {
  let server: Server | null = null;
  let child: ChildProcess | null = null;
  afterEach(async () => {
    child?.kill();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
    child = null;
  });

  it('names the process that holds the port', async () => {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    child = spawn(
      process.execPath,
      ['-e', `require('http').createServer().listen(${port}, '127.0.0.1')`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child!.on('exit', resolve));
    expect(code).not.toBe(0);
    const diagnosis = await diagnose(output);
    expect(diagnosis).toMatchObject({ id: 'port_in_use' });
    expect(diagnosis!.explanation).toContain(`port ${port}`);
    expect(diagnosis!.explanation).toContain(`process ${process.pid}`);
    expect(diagnosis!.nextStep).toContain(`Stop process ${process.pid}`);
  });
});
