// Reference front for benchmarks: http-proxy with a keep-alive agent on /apps/<name>/ (prefix stripped), as STACK-NOTES set it up.
// `http-proxy-front.ts <name> <app port>` prints one JSON line {"port":N}; SIGTERM closes it.
import http from 'node:http';
import httpProxy from 'http-proxy';

function main(): void {
  const [name, port] = process.argv.slice(2);
  if (!name || !port) throw new Error('usage: http-proxy-front.ts <name> <app port>');
  const prefix = `/apps/${name}`;
  const origin = `http://127.0.0.1:${port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const proxy = httpProxy.createProxyServer({ xfwd: true, ws: true, agent });
  proxy.on('error', (_error, _req, res) => {
    if ('writeHead' in res && !res.headersSent) res.writeHead(502).end();
    else res.destroy();
  });
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith(`${prefix}/`)) return void res.writeHead(404).end();
    proxy.web(req, res, { target: origin + url.slice(prefix.length), ignorePath: true });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(
      `${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`,
    );
  });
  process.on('SIGTERM', () => {
    agent.destroy();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

main();
