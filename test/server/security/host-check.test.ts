import { describe, expect, it } from 'vitest';
import { createHostPolicy, machineNames } from '../../../server/security/host-check';

describe('the machine answers to its own names when reachable from the LAN', () => {
  it('a host name gives itself, its first label and that label under .local', () => {
    expect(machineNames('GPUBox.example.lan')).toEqual([
      'gpubox.example.lan',
      'gpubox',
      'gpubox.local',
    ]);
    expect(machineNames('gpubox')).toEqual(['gpubox', 'gpubox.local']);
    expect(machineNames('gpubox.')).toEqual(['gpubox', 'gpubox.local']);
    expect(machineNames('bad name!')).toEqual([]);
    expect(machineNames('.gpubox')).toEqual([]);
  });

  it('bound to 0.0.0.0: the machine names pass with or without a port; look-alikes get no pass', () => {
    const policy = createHostPolicy({
      bindHost: '0.0.0.0',
      allowHosts: [],
      hostname: 'gpubox.example.lan',
    });
    for (const host of ['gpubox', 'gpubox:42000', 'gpubox.local:42000', 'GPUBOX.example.lan:42000'])
      expect(policy.allows(host), host).toBe(true);
    for (const host of [
      'gpubox.evil.example',
      'evil.gpubox.local',
      'gpubox.local.evil.example:42000',
      'xgpubox',
      'example.lan',
    ])
      expect(policy.allows(host), host).toBe(false);
  });

  it('bound to one LAN address: that address and the machine names pass, other addresses do not', () => {
    const policy = createHostPolicy({
      bindHost: '192.168.1.20',
      allowHosts: [],
      hostname: 'gpubox',
    });
    expect(policy.allows('192.168.1.20:42000')).toBe(true);
    expect(policy.allows('gpubox.local:42000')).toBe(true);
    expect(policy.allows('192.168.1.21:42000')).toBe(false);
  });

  it('bound to loopback (nobody else can reach it): only loopback names and --allow-host names pass', () => {
    const policy = createHostPolicy({
      bindHost: '127.0.0.1',
      allowHosts: ['gpu.lan'],
      hostname: 'gpubox',
    });
    expect(policy.allows('localhost:42000')).toBe(true);
    expect(policy.allows('gpu.lan')).toBe(true);
    expect(policy.allows('gpubox:42000')).toBe(false);
    expect(policy.allows('gpubox.local')).toBe(false);
  });
});
