// The fast lane takes only whole, plain HTTP/1.1 GET/HEAD heads; everything else is left to Node's parser.
import { describe, expect, it } from 'vitest';
import { parseLaneRequest } from '../../../server/proxy/lane-request';

const socket = { remoteAddress: '127.0.0.1' };
const parse = (head: string) => parseLaneRequest(Buffer.from(head, 'latin1'), socket);

describe('parseLaneRequest', () => {
  it('reads a GET head: method, target, raw and joined headers, its size and the close flag', () => {
    const head =
      'GET /apps/x/a?b=1 HTTP/1.1\r\nHost: h:1\r\nCookie: a=1\r\ncookie: b=2\r\nAccept: x\r\nAccept: y\r\nConnection: Close\r\n\r\n';
    const req = parse(`${head}GET /next HTTP/1.1\r\n`);
    if (req === null || req === 'incomplete') throw new Error(`not parsed: ${req}`);
    expect(req).toMatchObject({
      method: 'GET',
      url: '/apps/x/a?b=1',
      size: head.length,
      close: true,
      socket,
    });
    expect(req.rawHeaders).toEqual([
      'Host',
      'h:1',
      'Cookie',
      'a=1',
      'cookie',
      'b=2',
      'Accept',
      'x',
      'Accept',
      'y',
      'Connection',
      'Close',
    ]);
    expect(req.headers).toMatchObject({ host: 'h:1', cookie: 'a=1; b=2', accept: 'x, y' });
    expect(parse('HEAD / HTTP/1.1\r\nHost: h\r\n\r\n')).toMatchObject({
      method: 'HEAD',
      close: false,
    });
  });

  it.each([
    ['another method', 'POST / HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['HTTP/1.0', 'GET / HTTP/1.0\r\nHost: h\r\n\r\n'],
    ['an absolute-form target', 'GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['a space in the target', 'GET /a b HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['no Host', 'GET / HTTP/1.1\r\nAccept: x\r\n\r\n'],
    ['two Hosts', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'],
    ['a body length', 'GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n'],
    ['chunked framing', 'GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n'],
    [
      'an upgrade',
      'GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    ],
    ['Expect', 'GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n'],
    [
      'a Connection naming other headers',
      'GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, X-Secret\r\n\r\n',
    ],
    ['a control character in a value', 'GET / HTTP/1.1\r\nHost: h\r\nX-A: a\x01b\r\n\r\n'],
    ['a bare LF inside the head', 'GET / HTTP/1.1\r\nHost: h\nX-Injected: 1\r\n\r\n'],
    ['a name that is not a token', 'GET / HTTP/1.1\r\nHost: h\r\nBad Name: 1\r\n\r\n'],
    ['an obs-folded line', 'GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n'],
    ['a head over 16 KiB', `GET / HTTP/1.1\r\nHost: h\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`],
    ['the start of another method', 'POST / HTTP/1.1\r\nHost: h\r\n'],
    [
      'the start of a head already over 16 KiB',
      `GET / HTTP/1.1\r\nHost: h\r\nX-Big: ${'a'.repeat(17 * 1024)}`,
    ],
  ])('declines %s', (_what, head) => {
    expect(parse(head)).toBeNull();
  });

  it.each([
    'G',
    'GE',
    'GET',
    'HEAD',
    'GET /apps/x/ HTTP/1.1\r\nHost: h\r\n',
    'HEAD / HTTP/1.1\r\nHost: h\r\n\r',
  ])('waits for the rest of %j', (head) => {
    expect(parse(head)).toBe('incomplete');
  });
});
