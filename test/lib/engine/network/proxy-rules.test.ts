// Which proxy a URL takes: curl's variables and NO_PROXY forms, and the setting over the environment.
import { describe, expect, it } from 'vitest';
import { bypasses, parseProxyUrl, proxyFor } from '../../../../lib/engine/network';
import { proxyEnv, setNetworkSource } from '../../../../lib/engine/network';

const at = (href: string): URL => new URL(href);

describe('proxy rules', () => {
  it('picks the scheme variable (lower case first), then all_proxy; the setting overrides them', () => {
    const env = {
      HTTPS_PROXY: 'http://upper:1',
      https_proxy: 'http://lower:2',
      HTTP_PROXY: 'plain:3',
    };
    expect(proxyFor(at('https://x.org/f'), env, {})?.host).toBe('lower:2');
    expect(proxyFor(at('http://x.org/f'), env, {})?.href).toBe('http://plain:3/');
    expect(proxyFor(at('http://x.org/f'), { ALL_PROXY: 'http://all:4' }, {})?.host).toBe('all:4');
    expect(proxyFor(at('https://x.org/f'), env, { proxy: 'http://set:5' })?.host).toBe('set:5');
    expect(proxyFor(at('https://x.org/f'), {}, {})).toBeNull();
  });

  it('reads NO_PROXY as curl does: *, names and their subdomains, leading dots, IPs, CIDR, ports', () => {
    const url = at('https://cdn.example.com/f');
    expect(bypasses(url, '*')).toBe(true);
    expect(bypasses(url, 'example.com')).toBe(true);
    expect(bypasses(url, '.example.com')).toBe(true);
    expect(bypasses(url, 'ample.com')).toBe(false);
    expect(bypasses(url, 'other.org, example.com:443')).toBe(true);
    expect(bypasses(url, 'example.com:8443')).toBe(false);
    expect(bypasses(at('http://10.1.2.3:8080/'), '10.0.0.0/8')).toBe(true);
    expect(bypasses(at('http://10.1.2.3/'), '10.1.2.4')).toBe(false);
    expect(bypasses(at('http://[::1]:9/'), '::1')).toBe(true);
    // Loopback is proxied unless listed, as in curl.
    expect(bypasses(at('http://127.0.0.1/'), 'localhost')).toBe(false);
    expect(
      proxyFor(at('http://a.example.com/'), { no_proxy: 'example.com' }, { proxy: 'p:1' }),
    ).toBeNull();
    expect(
      proxyFor(
        at('http://a.b.org/'),
        { no_proxy: 'example.com' },
        { proxy: 'p:1', noProxy: 'b.org' },
      ),
    ).toBeNull();
  });

  it('refuses proxies it cannot speak, without echoing credentials', () => {
    expect(() => parseProxyUrl('socks5://u:p@h:1')).toThrow(/only http:\/\/ proxies/);
    expect(() => parseProxyUrl('http://u:secret@[bad')).toThrow(/Invalid proxy URL/);
    expect(() => parseProxyUrl('http://u:secret@[bad')).not.toThrow(/secret/);
  });

  it('gives children the setting in both cases and the joined NO_PROXY', () => {
    const restore = setNetworkSource(() => ({ proxy: 'http://set:5', noProxy: 'internal' }));
    try {
      expect(proxyEnv({ NO_PROXY: 'corp', HTTPS_PROXY: 'http://env:1', PATH: '/bin' })).toEqual({
        http_proxy: 'http://set:5',
        HTTP_PROXY: 'http://set:5',
        https_proxy: 'http://set:5',
        HTTPS_PROXY: 'http://set:5',
        no_proxy: 'corp,internal',
        NO_PROXY: 'corp,internal',
      });
    } finally {
      restore();
    }
    expect(proxyEnv({ https_proxy: 'http://env:1', PATH: '/bin' })).toEqual({
      https_proxy: 'http://env:1',
    });
  });
});
