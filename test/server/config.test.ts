import { describe, expect, it } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, parseServerConfig } from '../../server/config';

describe('server configuration', () => {
  it('uses port 42000, loopback and ~/hangar by default', () => {
    const config = parseServerConfig([], {});
    expect(config).toMatchObject({
      port: 42000,
      host: '127.0.0.1',
      home: path.join(os.homedir(), 'hangar'),
      headless: false,
      open: false,
    });
  });

  it('reads flags before environment variables', () => {
    const config = parseServerConfig(['--port=4100', '--host', '0.0.0.0', '--headless'], {
      HANGAR_PORT: '5000',
      HANGAR_HOME: '/tmp/h',
    });
    expect(config).toMatchObject({ port: 4100, host: '0.0.0.0', home: '/tmp/h', headless: true });
  });

  it('collects --allow-host names from flags and HANGAR_ALLOW_HOSTS', () => {
    expect(
      parseServerConfig(['--allow-host', 'gpu.lan'], { HANGAR_ALLOW_HOSTS: 'a.lan, b.lan' })
        .allowHosts,
    ).toEqual(['a.lan', 'b.lan', 'gpu.lan']);
  });

  it.each([
    [['--port', 'abc'], /--port must be a number/],
    [['--port', '70000'], /--port/],
    [['--bogus'], /unknown flag --bogus/],
    [['--home'], /--home needs a value/],
    [['--headless=yes'], /--headless takes no value/],
    [['serve'], /unexpected argument "serve"/],
  ])('rejects %j with a message naming it', (argv, message) => {
    expect(() => parseServerConfig(argv, {})).toThrowError(ConfigError);
    expect(() => parseServerConfig(argv, {})).toThrowError(message);
  });

  it('names HANGAR_PORT when the environment value is bad', () => {
    expect(() => parseServerConfig([], { HANGAR_PORT: 'x' })).toThrowError(/HANGAR_PORT/);
  });
});
