// Incremental HTTP/1.x response parser (the proxy's upstream side and the downloader): status, raw headers, then the body as slices.
const CRLF2 = Buffer.from('\r\n\r\n');
const MAX_HEAD = 64 * 1024;
const MAX_LINE = 4096;

export interface ParsedHead {
  status: number;
  statusMessage: string;
  /** Flat [name, value, …] as the app sent them. */
  rawHeaders: string[];
  /** -1 when the response has no Content-Length. */
  contentLength: number;
  chunked: boolean;
  /** The connection may carry another request after this response. */
  keepAlive: boolean;
}

export interface ResponseSink {
  head(head: ParsedHead): void;
  body(chunk: Buffer): void;
  end(): void;
}

export class ResponseParseError extends Error {
  override name = 'ResponseParseError';
}

const enum State {
  Head,
  Fixed,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
  UntilClose,
  Done,
}

export class ResponseParser {
  private state = State.Head;
  private pending: Buffer | null = null;
  private remaining = 0;
  private line = '';
  /** Bytes received after the response ended (a misbehaving app): the connection must not be reused. */
  trailingGarbage = false;
  keepAlive = false;

  constructor(
    private readonly method: string,
    private readonly sink: ResponseSink,
  ) {}

  get done(): boolean {
    return this.state === State.Done;
  }

  get started(): boolean {
    return this.state !== State.Head || this.pending !== null;
  }

  /** Feeds bytes from the socket; throws ResponseParseError on a malformed response. */
  execute(chunk: Buffer): void {
    let data = chunk;
    while (data.length > 0) {
      switch (this.state) {
        case State.Head:
          data = this.readHead(data);
          break;
        case State.Fixed: {
          if (data.length < this.remaining) {
            this.remaining -= data.length;
            this.sink.body(data);
            return;
          }
          const last = data.subarray(0, this.remaining);
          data = data.subarray(this.remaining);
          this.remaining = 0;
          if (last.length > 0) this.sink.body(last);
          this.finish();
          break;
        }
        case State.ChunkSize:
        case State.ChunkDataEnd:
        case State.Trailers:
          data = this.readLine(data);
          break;
        case State.ChunkData: {
          if (data.length <= this.remaining) {
            this.remaining -= data.length;
            this.sink.body(data);
            if (this.remaining === 0) this.state = State.ChunkDataEnd;
            return;
          }
          this.sink.body(data.subarray(0, this.remaining));
          data = data.subarray(this.remaining);
          this.remaining = 0;
          this.state = State.ChunkDataEnd;
          break;
        }
        case State.UntilClose:
          this.sink.body(data);
          return;
        case State.Done:
          this.trailingGarbage = true;
          return;
      }
    }
  }

  /** The socket ended: completes a close-delimited body; false when the response was cut short. */
  endOfStream(): boolean {
    if (this.state === State.UntilClose) {
      this.finish();
      return true;
    }
    return this.state === State.Done;
  }

  private finish(): void {
    this.state = State.Done;
    this.sink.end();
  }

  private readHead(data: Buffer): Buffer {
    const buf = this.pending === null ? data : Buffer.concat([this.pending, data]);
    const end = buf.indexOf(CRLF2);
    if (end < 0) {
      if (buf.length > MAX_HEAD) throw new ResponseParseError('response head too large');
      // The bytes may sit in a read buffer that is reused once this call returns: keep a copy.
      this.pending = buf === data ? Buffer.from(data) : buf;
      return Buffer.alloc(0);
    }
    this.pending = null;
    const rest = buf.subarray(end + 4);
    // One string for the whole head, scanned by index: no split, regular expression or per-line copies.
    const text = buf.toString('latin1', 0, end);
    const lineEnd = text.indexOf('\r\n');
    const firstEnd = lineEnd < 0 ? text.length : lineEnd;
    const status = statusOf(text, firstEnd);
    const http11 = text.charCodeAt(7) === 49;
    const statusMessage = firstEnd > 13 ? text.slice(13, firstEnd) : '';
    const rawHeaders: string[] = [];
    let contentLength = -1;
    let chunked = false;
    let connection = '';
    let at = lineEnd < 0 ? text.length : lineEnd + 2;
    while (at < text.length) {
      let eol = text.indexOf('\r\n', at);
      if (eol < 0) eol = text.length;
      const colon = text.indexOf(':', at);
      if (colon <= at || colon > eol) throw new ResponseParseError('bad header line');
      const name = text.slice(at, colon);
      const value = trimmed(text, colon + 1, eol);
      at = eol + 2;
      rawHeaders.push(name, value);
      const length = name.length;
      if (length === 14 && sameLower(name, 'content-length')) {
        contentLength = Number(value);
        if (value === '' || !Number.isSafeInteger(contentLength) || contentLength < 0)
          throw new ResponseParseError('bad content-length');
      } else if (length === 17 && sameLower(name, 'transfer-encoding')) {
        chunked = value.toLowerCase().endsWith('chunked');
      } else if (length === 10 && sameLower(name, 'connection')) {
        connection = value.toLowerCase();
      }
    }
    // 1xx (100 Continue, 103 Early Hints) precede the real response: skip them.
    if (status >= 100 && status < 200) return rest;
    this.keepAlive = http11 ? !connection.includes('close') : connection.includes('keep-alive');
    const bodiless = this.method === 'HEAD' || status === 204 || status === 304;
    this.sink.head({
      status,
      statusMessage,
      rawHeaders,
      contentLength,
      chunked: chunked && !bodiless,
      keepAlive: this.keepAlive,
    });
    if (bodiless) this.finish();
    else if (chunked) this.state = State.ChunkSize;
    else if (contentLength >= 0) {
      this.remaining = contentLength;
      this.state = State.Fixed;
      if (contentLength === 0) this.finish();
    } else {
      this.keepAlive = false;
      this.state = State.UntilClose;
    }
    return rest;
  }

  /** Line-oriented states of chunked framing: size lines, the CRLF after data, trailers. */
  private readLine(data: Buffer): Buffer {
    const lf = data.indexOf(10);
    if (lf < 0) {
      this.line += data.toString('latin1');
      if (this.line.length > MAX_LINE) throw new ResponseParseError('chunk line too long');
      return Buffer.alloc(0);
    }
    const text = (this.line + data.toString('latin1', 0, lf)).replace(/\r$/, '');
    this.line = '';
    const rest = data.subarray(lf + 1);
    if (this.state === State.ChunkDataEnd) {
      if (text !== '') throw new ResponseParseError('missing CRLF after chunk');
      this.state = State.ChunkSize;
    } else if (this.state === State.ChunkSize) {
      const size = parseInt(text, 16);
      if (!Number.isFinite(size) || size < 0 || !/^[0-9a-fA-F]+/.test(text))
        throw new ResponseParseError('bad chunk size');
      if (size === 0) this.state = State.Trailers;
      else {
        this.remaining = size;
        this.state = State.ChunkData;
      }
    } else if (text === '') {
      this.finish();
    }
    return rest;
  }
}

/** The status code of `HTTP/1.x NNN[ reason]` (the first `end` characters of `head`); throws on anything else. */
function statusOf(head: string, end: number): number {
  const valid =
    end >= 12 &&
    head.startsWith('HTTP/1.') &&
    (head.charCodeAt(7) === 48 || head.charCodeAt(7) === 49) &&
    head.charCodeAt(8) === 32 &&
    isDigit(head.charCodeAt(9)) &&
    isDigit(head.charCodeAt(10)) &&
    isDigit(head.charCodeAt(11)) &&
    (end === 12 || head.charCodeAt(12) === 32);
  if (!valid)
    throw new ResponseParseError(
      `bad status line: ${JSON.stringify(head.slice(0, Math.min(end, 80)))}`,
    );
  return (
    (head.charCodeAt(9) - 48) * 100 + (head.charCodeAt(10) - 48) * 10 + (head.charCodeAt(11) - 48)
  );
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `text[from, to)` without surrounding spaces and tabs. */
function trimmed(text: string, from: number, to: number): string {
  let start = from;
  let end = to;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

/** Whether `name` equals the lower-case ASCII `lower`, ignoring case, without allocating. */
function sameLower(name: string, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    const code = name.charCodeAt(i);
    if ((code >= 65 && code <= 90 ? code + 32 : code) !== lower.charCodeAt(i)) return false;
  }
  return true;
}
