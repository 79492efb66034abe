import { describe, expect, it } from 'vitest';
import { ConfigError, parseServerConfig } from '../../../server/config';
import { authRequired } from '../../../server/auth/setup';

describe('auth and HTTPS configuration', () => {
  it('requires login on any non-loopback binding, and on loopback only with --auth', () => {
    expect(authRequired(parseServerConfig([], {}))).toBe(false);
    expect(authRequired(parseServerConfig(['--host', 'localhost'], {}))).toBe(false);
    expect(authRequired(parseServerConfig(['--host', '::1'], {}))).toBe(false);
    expect(authRequired(parseServerConfig(['--host', '0.0.0.0'], {}))).toBe(true);
    expect(authRequired(parseServerConfig(['--host', '192.168.1.20'], {}))).toBe(true);
    expect(authRequired(parseServerConfig(['--host', '::'], {}))).toBe(true);
    expect(authRequired(parseServerConfig(['--auth'], {}))).toBe(true);
  });

  it('reads HANGAR_TOKEN and HANGAR_PASSWORD from the environment only', () => {
    const config = parseServerConfig([], {
      HANGAR_TOKEN: 'a-long-enough-token-123',
      HANGAR_PASSWORD: 'password1',
    });
    expect(config).toMatchObject({ token: 'a-long-enough-token-123', password: 'password1' });
    expect(() => parseServerConfig(['--token', 'x'], {})).toThrowError(/unknown flag --token/);
  });

  it('weak secrets: a short HANGAR_TOKEN or HANGAR_PASSWORD is refused without echoing it', () => {
    expect(() => parseServerConfig([], { HANGAR_TOKEN: 'short' })).toThrowError(ConfigError);
    expect(() => parseServerConfig([], { HANGAR_TOKEN: 'short' })).not.toThrowError(/short"/);
    expect(() => parseServerConfig([], { HANGAR_PASSWORD: 'abc' })).toThrowError(
      /HANGAR_PASSWORD needs at least 8/,
    );
  });

  it('takes --cert with --key, or --https', () => {
    expect(parseServerConfig(['--cert', '/tmp/c.pem', '--key', '/tmp/k.pem'], {})).toMatchObject({
      cert: '/tmp/c.pem',
      key: '/tmp/k.pem',
      https: false,
    });
    expect(parseServerConfig(['--https'], {}).https).toBe(true);
    expect(() => parseServerConfig(['--cert', '/tmp/c.pem'], {})).toThrowError(
      /--cert and --key go together/,
    );
  });
});
