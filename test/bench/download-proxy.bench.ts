// Benchmark: a 512 MiB https download through a loopback CONNECT proxy, ours vs `curl -x` through the same proxy.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { selfSignedCert } from '../helpers/self-signed-cert';
import { higherIsBetter, missingBaseline, type Benchmark, type BenchResult } from './harness';
import {
  bundleClient,
  hasTool,
  makeFile,
  run,
  scratch,
  startServer,
  timedCommand,
} from './util/download-kit';

const SIZE = 512 << 20;
const ROUNDS = 5;

/** A CONNECT-only proxy in its own process: both clients pay the same hop. Prints its port. */
const PROXY = `
const http = require('node:http');
const net = require('node:net');
const server = http.createServer((req, res) => res.writeHead(405).end());
server.on('connect', (req, client, head) => {
  const [host, port] = req.url.split(':');
  const upstream = net.connect(Number(port), host, () => {
    client.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

async function startProxy(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['-e', PROXY], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', (code) => reject(new Error(`bench proxy exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function benchDownloadProxy(): Promise<BenchResult> {
  const dir = await scratch('hangar-bench-dlproxy-');
  const files = path.join(dir, 'files');
  await mkdir(files);
  await makeFile(path.join(files, 'big.bin'), SIZE);
  await makeFile(path.join(files, 'warm.bin'), 32 << 20);
  const tls = selfSignedCert();
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  await writeFile(cert, tls.cert);
  await writeFile(key, tls.key);
  const bundle = await bundleClient(dir);
  const server = await startServer(files, { cert, key });
  const proxy = await startProxy();
  const url = `${server.origin}/big.bin`;
  // Ours reads the proxy from HTTPS_PROXY as it would in production, and trusts the test certificate.
  const env = { ...process.env, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: cert };
  try {
    const ours: number[] = [];
    const curl: number[] = [];
    const oursCpu: number[] = [];
    const curlCpu: number[] = [];
    const oursRound = async (round: number): Promise<void> => {
      const dest = path.join(dir, `ours-${round}.bin`);
      const { stdout } = await run(
        process.execPath,
        [bundle, `${server.origin}/warm.bin`, url, dir, dest],
        { env },
      );
      const measured = JSON.parse(stdout.trim().split('\n').pop()!) as {
        secs: number;
        cpu: number;
      };
      ours.push(measured.secs);
      oursCpu.push(measured.cpu);
      await rm(dest);
      await rm(`${dest}.warm`);
    };
    const curlRound = async (round: number): Promise<void> => {
      const out = path.join(dir, `curl-${round}.bin`);
      const args = ['-sS', '--fail', '-x', proxy.url, '--cacert', cert, '-o', out, url];
      const measured = await timedCommand('curl', args);
      curl.push(measured.wall);
      if (measured.cpu !== null) curlCpu.push(measured.cpu);
      await rm(out);
    };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [oursRound, curlRound] : [curlRound, oursRound];
      for (const side of order) if (side === oursRound || hasTool('curl')) await side(round);
    }
    const mibps = (secs: number): number => SIZE / 1048576 / secs;
    const best = mibps(Math.min(...ours));
    const extra = {
      oursSec: ours,
      curlSec: curl,
      oursCpuSec: oursCpu,
      curlCpuSec: curlCpu,
      loadAvg: loadavg()[0],
      note: `https through a loopback CONNECT proxy (a node child); best of ${ROUNDS} rounds in alternating order`,
    };
    if (curl.length === 0)
      return { ...missingBaseline('download-proxy', 'MiB/s', best, 'curl'), ...extra };
    return higherIsBetter('download-proxy', 'MiB/s', best, mibps(Math.min(...curl)), extra);
  } finally {
    proxy.child.kill();
    server.child.kill();
    await rm(dir, { recursive: true, force: true });
  }
}

export const benchmarks: Benchmark[] = [{ name: 'download-proxy', run: benchDownloadProxy }];
