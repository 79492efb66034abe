// The proxy-cluster benchmark's upstream, run on a Slurm node as a job: /1k and /1m with Content-Length, as lean as
// Node allows (as test/fixtures/apps/bench-upstream.ts), bound where the launcher says: `node server.cjs PORT HOST`.
const http = require('node:http');

const BODIES = {
  '/1k': Buffer.alloc(1024, 'k'),
  '/1m': Buffer.alloc(1024 * 1024, 'm'),
};

const server = http.createServer((req, res) => {
  const body = BODIES[req.url ?? ''];
  if (!body) {
    res.writeHead(404, { 'content-length': 0 });
    return void res.end();
  }
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2]), process.argv[3] || '127.0.0.1', () => {
  // The line the launcher's start step waits for, naming loopback as most apps do.
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
