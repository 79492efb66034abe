// One HTTP/1.1 request on its own connection: sends the head, parses the answer, hands the body to its consumer.
import type net from 'node:net';
import { EngineError } from '../../errors';
import { ResponseParseError, ResponseParser, type ParsedHead } from '../../../http/response-parser';
import { requestHead } from './request-head';
import { responseHeaders, type ResponseHeaders } from './response-headers';
import type { BodySink, WireResponse } from './response';
import type { Slab } from '../../../http/slab-reader';
import { openTransport } from './transport';
import { WireError } from './wire-error';
import { openTunnel, proxyAuthorization, proxyConnectError, refused } from './proxy-tunnel';
import { throttle } from '../../network';

export interface RequestOptions {
  url: URL;
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  signal?: AbortSignal;
  /** Milliseconds from the start until the response head has arrived. */
  headersTimeoutMs: number;
  ca?: string | Buffer;
  /** The http proxy to go through (CONNECT for https, an absolute-URI request for http), or null. */
  proxy?: URL | null;
}

/** Resolves with the response once its head arrived; rejects on a connection failure, a timeout or a cancel. */
export async function sendRequest(options: RequestOptions): Promise<WireResponse> {
  if (options.signal?.aborted)
    throw new EngineError('cancelled', `Request to ${options.url.host} was cancelled`);
  const proxy = options.proxy ?? null;
  const https = options.url.protocol === 'https:';
  const tunnel =
    proxy !== null && https
      ? await openTunnel(proxy, options.url, {
          signal: options.signal,
          timeoutMs: options.headersTimeoutMs,
        })
      : undefined;
  const via = proxy !== null && !https ? { authorization: proxyAuthorization(proxy) } : null;
  const head = requestHead(options.url, options.method, options.headers, via);
  return new Promise((resolve, reject) => {
    new Exchange(options, head, tunnel, resolve, reject);
  });
}

type Phase = 'head' | 'body' | 'done' | 'failed';

class Exchange implements WireResponse {
  status = 0;
  statusMessage = '';
  rawHeaders: string[] = [];
  headers: ResponseHeaders = {};
  private phase: Phase = 'head';
  private sink: BodySink | null = null;
  /** Body bytes that arrived with the head, before a consumer (copies: their slab is reused). */
  private early: Buffer[] = [];
  private failure: Error | null = null;
  private consumerPaused = false;
  private connected = false;
  /** Reading stopped while the bandwidth cap's debt is paid. */
  private throttled = false;
  private throttleTimer: NodeJS.Timeout | undefined;
  /** The proxy that plain-http requests are sent to (https goes through a tunnel instead). */
  private readonly forwardProxy: URL | null;
  /** Slab of the bytes being parsed. */
  private slab: Slab | null = null;
  private readonly parser: ResponseParser;
  private readonly socket: net.Socket;
  private headTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: RequestOptions,
    head: string,
    tunnel: net.Socket | undefined,
    private readonly resolve: (response: WireResponse) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.parser = new ResponseParser(options.method, {
      head: (parsed) => this.onHead(parsed),
      body: (chunk) => this.onBody(chunk),
      end: () => this.onEnd(),
    });
    const onBytes = (chunk: Buffer, slab: Slab | null): void => this.onBytes(chunk, slab);
    const https = options.url.protocol === 'https:';
    this.forwardProxy = https ? null : (options.proxy ?? null);
    const proxy = this.forwardProxy;
    this.socket = openTransport({ url: options.url, ca: options.ca, onBytes, tunnel, proxy });
    this.socket.once(https ? 'secureConnect' : 'connect', () => (this.connected = true));
    this.socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!this.connected && proxy !== null) this.fail(proxyConnectError(proxy, error));
      else
        this.fail(
          new WireError(this.connected ? 'broken' : 'connect', error.message, { cause: error }),
        );
    });
    this.socket.on('end', () => this.onEndOfStream());
    this.socket.on('close', () => this.onEndOfStream());
    this.socket.write(head, 'latin1');
    const host = options.url.host;
    this.headTimer = setTimeout(() => {
      this.fail(
        new EngineError(
          'timeout',
          `No response from ${host} within ${options.headersTimeoutMs} ms`,
        ),
      );
    }, options.headersTimeoutMs);
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get complete(): boolean {
    return this.phase === 'done';
  }

  consume(sink: BodySink): void {
    if (this.sink !== null) throw new Error('a response body can be consumed only once');
    this.sink = sink;
    const early = this.early;
    this.early = [];
    for (const chunk of early) sink.data(chunk, null);
    if (this.phase === 'done') sink.end();
    else if (this.phase === 'failed') sink.fail(this.failure!);
    else if (!this.consumerPaused && !this.throttled) this.socket.resume();
  }

  pause(): void {
    if (this.phase !== 'body' || this.consumerPaused) return;
    this.consumerPaused = true;
    this.socket.pause();
  }

  resume(): void {
    if (this.phase !== 'body' || !this.consumerPaused) return;
    this.consumerPaused = false;
    if (this.sink !== null && !this.throttled) this.socket.resume();
  }

  destroy(error?: Error): void {
    this.fail(
      error ?? new WireError('cut', `the response from ${this.options.url.host} was discarded`),
    );
  }

  private readonly onAbort = (): void => {
    this.fail(new EngineError('cancelled', `Request to ${this.options.url.host} was cancelled`));
  };

  private onBytes(chunk: Buffer, slab: Slab | null): void {
    if (this.phase === 'done' || this.phase === 'failed') return;
    this.slab = slab;
    this.spend(chunk.length);
    try {
      this.parser.execute(chunk);
    } catch (error) {
      if (error instanceof ResponseParseError) {
        const message = `Malformed response from ${this.options.url.host}: ${error.message}`;
        this.fail(new WireError('protocol', message, { cause: error }));
      } else this.fail(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.slab = null;
    }
  }

  /** Charges the bytes to the shared bandwidth cap; an overdraft stops reading until it is paid. */
  private spend(bytes: number): void {
    const wait = throttle(bytes);
    if (wait === 0 || this.throttled) return;
    this.throttled = true;
    this.socket.pause();
    this.throttleTimer = setTimeout(() => {
      this.throttled = false;
      const reading = this.phase === 'head' || (this.sink !== null && !this.consumerPaused);
      if (reading && this.phase !== 'done' && this.phase !== 'failed') this.socket.resume();
    }, wait);
  }

  private onHead(head: ParsedHead): void {
    clearTimeout(this.headTimer);
    const proxy = this.forwardProxy;
    if (proxy !== null && head.status === 407) {
      this.fail(refused(proxy, this.options.url.host, head.status, head.statusMessage));
      return;
    }
    this.status = head.status;
    this.statusMessage = head.statusMessage;
    this.rawHeaders = head.rawHeaders;
    this.headers = responseHeaders(head.rawHeaders);
    this.phase = 'body';
    // Nobody takes the body yet: stop reading until a consumer arrives.
    this.socket.pause();
    this.resolve(this);
  }

  private onBody(chunk: Buffer): void {
    if (this.phase !== 'body') return;
    if (this.sink !== null) this.sink.data(chunk, this.slab);
    else this.early.push(this.slab === null ? chunk : Buffer.from(chunk));
  }

  private onEnd(): void {
    if (this.phase !== 'body') return;
    this.phase = 'done';
    this.close();
    this.sink?.end();
  }

  /** The server closed its side: the end of a close-delimited body, or a response cut short. */
  private onEndOfStream(): void {
    if (this.phase === 'done' || this.phase === 'failed') return;
    if (this.parser.endOfStream()) return;
    const host = this.options.url.host;
    const what =
      this.phase === 'head' ? 'before sending a response' : 'before the end of the response';
    this.fail(new WireError('cut', `${host} closed the connection ${what}`));
  }

  private fail(error: Error): void {
    if (this.phase === 'done' || this.phase === 'failed') return;
    const before = this.phase === 'head';
    this.phase = 'failed';
    this.failure = error;
    this.close();
    if (before) this.reject(error);
    else this.sink?.fail(error);
  }

  private close(): void {
    clearTimeout(this.headTimer);
    clearTimeout(this.throttleTimer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.socket.destroy();
  }
}
