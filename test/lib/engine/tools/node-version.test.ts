// The Node version a launcher's `requires` names, matched against a machine's Node, and the npm that fits it.
import { describe, expect, it } from 'vitest';
import { parseNodeVersion, parseRequires, requiredNodeVersion } from '../../../../lib/engine/tools';
import { npmMajorFor, packRange, satisfiesNode } from '../../../../lib/engine/tools/node-version';

const linux = { platform: 'linux', arch: 'x64', gpu: 'none' } as const;

describe('Node versions in requires', () => {
  it('reads every form a launcher can write', () => {
    expect(requiredNodeVersion({ bundle: 'javascript', node: '20' })?.text).toBe('20');
    expect(requiredNodeVersion({ node: 22 })?.text).toBe('22');
    expect(requiredNodeVersion({ tools: ['git', 'node@>=18'] })?.text).toBe('>=18');
    expect(requiredNodeVersion([{ type: 'conda', name: 'nodejs', version: '20.18' }])?.text).toBe(
      '20.18',
    );
    expect(requiredNodeVersion(['git', 'nodejs=18.20.4'])?.text).toBe('18.20.4');
    expect(requiredNodeVersion({ bundle: 'javascript' })).toBeNull();
    expect(requiredNodeVersion([{ name: 'nodejs' }])).toBeNull();
  });

  it('refuses a version it cannot read, naming the field', () => {
    expect(() => requiredNodeVersion({ node: 'lts/iron' })).toThrow(
      /requires\.node: "lts\/iron" is not a Node version/,
    );
    expect(() => requiredNodeVersion([{ name: 'node', version: { x: 1 } }])).toThrow(
      /requires\[0\]\.version/,
    );
  });

  it('keeps node and npm as the tools of a versioned legacy entry', () => {
    const req = parseRequires(['nodejs=20', { name: 'node@22' }], linux);
    expect(req.required).toEqual(['node', 'npm']);
    expect(req.unknown).toEqual([]);
  });

  it('matches release lines and minimums', () => {
    expect(satisfiesNode('v20.20.2', parseNodeVersion('20', 'f'))).toBe(true);
    expect(satisfiesNode('20.20.2', parseNodeVersion('20.18', 'f'))).toBe(false);
    expect(satisfiesNode('20.20.2', parseNodeVersion('v20.20.2', 'f'))).toBe(true);
    expect(satisfiesNode('20.20.2', parseNodeVersion('>=18', 'f'))).toBe(true);
    expect(satisfiesNode('20.20.2', parseNodeVersion('>=20.21', 'f'))).toBe(false);
    expect(satisfiesNode('22.0.0', parseNodeVersion('>=20.21', 'f'))).toBe(true);
    expect(packRange(parseNodeVersion('>= 18.2', 'f'))).toBe('>=18.2');
    expect(packRange(parseNodeVersion('v20', 'f'))).toBe('20');
  });

  it('picks the newest npm major whose engines accept the Node', () => {
    expect(npmMajorFor('22.12.0')).toBe(11);
    expect(npmMajorFor('20.18.0')).toBe(11);
    expect(npmMajorFor('21.7.0')).toBe(10);
    expect(npmMajorFor('20.10.0')).toBe(10);
    expect(npmMajorFor('18.20.4')).toBe(10);
    expect(npmMajorFor('18.12.0')).toBe(9);
    expect(npmMajorFor('16.20.0')).toBe(9);
    expect(npmMajorFor('14.0.0')).toBe(8);
  });
});
