// Loopback HTTP proxy for network tests: CONNECT tunnels and absolute-URI forwarding, optional Basic auth, refusal.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import net, { type AddressInfo, type Socket } from 'node:net';

export interface ProxySeen {
  method: string;
  /** `host:port` of a CONNECT, or the absolute URL of a forwarded request. */
  target: string;
  proxyAuthorization: string | undefined;
}

export interface ProxyOptions {
  /** `user:pass` the proxy demands (407 otherwise). */
  auth?: string;
  /** Answer every request with this status instead of serving it (e.g. 502). */
  refuseWith?: number;
}

export class HttpProxy {
  readonly seen: ProxySeen[] = [];
  /** Tunnels opened (CONNECT answered 200). */
  tunnels = 0;
  port = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly options: ProxyOptions = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const deny = (status: number, reason: string): void => {
        res.writeHead(status, reason, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      };
      if (!this.admit(req, deny)) return;
      const target = new URL(req.url ?? '');
      const headers = { ...req.headers };
      delete headers['proxy-authorization'];
      const upstream = request(
        {
          host: target.hostname,
          port: target.port || 80,
          path: `${target.pathname}${target.search}`,
          method: req.method,
          headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
      const answer = (status: number, reason: string): void => {
        client.end(
          `HTTP/1.1 ${status} ${reason}\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n`,
        );
      };
      if (!this.admit(req, answer)) return;
      const [host, port] = (req.url ?? '').split(':');
      const upstream = net.connect(Number(port), host, () => {
        this.tunnels += 1;
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  /** Records the request; answers a refusal or a 407 through `deny` and returns false when it is not served. */
  private admit(req: IncomingMessage, deny: (status: number, reason: string) => void): boolean {
    const proxyAuthorization = req.headers['proxy-authorization'];
    this.seen.push({ method: req.method ?? '', target: req.url ?? '', proxyAuthorization });
    if (this.options.refuseWith !== undefined) {
      deny(this.options.refuseWith, 'Refused By Test Proxy');
      return false;
    }
    const wanted = this.options.auth;
    if (
      wanted !== undefined &&
      proxyAuthorization !== `Basic ${Buffer.from(wanted).toString('base64')}`
    ) {
      deny(407, 'Proxy Authentication Required');
      return false;
    }
    return true;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export function startProxy(options: ProxyOptions = {}): Promise<HttpProxy> {
  return new HttpProxy(options).start();
}
