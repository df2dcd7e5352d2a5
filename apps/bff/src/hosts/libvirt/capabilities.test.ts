import { describe, expect, it } from 'vitest';
import {
  buildCapabilities,
  kvmProbeXml,
  parseCapabilities,
  parseCpuInfoModel,
  parseNodeInfo,
  parseOsRelease,
  parseVersion,
} from './capabilities.js';
import { fixture } from './fixtures/index.js';
import { parseXml, text, at } from './xml.js';

describe('capabilities', () => {
  const capsXml = fixture('capabilities.xml');
  const nodeinfo = fixture('nodeinfo.txt');
  const version = fixture('version.txt');

  it('reads the host CPU and topology from virsh capabilities', () => {
    const caps = parseCapabilities(capsXml);
    const topo = /<topology sockets='(\d+)' dies='\d+' cores='(\d+)' threads='(\d+)'/.exec(capsXml);
    expect(caps.sockets).toBe(Number(topo?.[1]));
    expect(caps.cores).toBe(Number(topo?.[2]));
    expect(caps.threads).toBe(Number(topo?.[3]));
    expect(caps.cpuModel).toBe(/<cpu>\s*<arch>x86_64<\/arch>\s*<model>([^<]+)</.exec(capsXml)?.[1]);
    expect(caps.domainTypes).toEqual(expect.arrayContaining(['qemu', 'kvm']));
  });

  it('reads nodeinfo and the versions', () => {
    const node = parseNodeInfo(nodeinfo);
    expect(node.cpus).toBe(Number(/CPU\(s\):\s+(\d+)/.exec(nodeinfo)?.[1]));
    expect(node.memoryMb).toBe(
      Math.round(Number(/Memory size:\s+(\d+) KiB/.exec(nodeinfo)?.[1]) / 1024),
    );
    const v = parseVersion(version);
    expect(v.qemu).toBe(/Running hypervisor: QEMU (\S+)/.exec(version)?.[1]);
    expect(v.libvirt).toBe(/Running against daemon: (\S+)/.exec(version)?.[1]);
  });

  it('prefers /proc/cpuinfo and os-release when the host can be asked', () => {
    const caps = parseCapabilities(capsXml);
    const built = buildCapabilities({
      caps,
      node: parseNodeInfo(nodeinfo),
      version: parseVersion(version),
      cpuInfoModel: parseCpuInfoModel(
        'processor\t: 0\nmodel name\t: AMD EPYC 7543 32-Core\nflags: x\n',
      ),
      osVersion: parseOsRelease('NAME="Debian"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'),
      kvm: false,
    });
    expect(built.cpuModel).toBe('AMD EPYC 7543 32-Core');
    expect(built.osVersion).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(built.cpuCores).toBe(caps.cores);
    const bare = buildCapabilities({
      caps,
      node: parseNodeInfo(nodeinfo),
      version: parseVersion(version),
      kvm: true,
    });
    expect(bare.cpuModel).toBe(`${caps.cpuVendor} ${caps.cpuModel}`);
    expect(bare.osVersion).toBe('unknown');
    expect(bare.kvm).toBe(true);
  });

  it('probes KVM with a deviceless kvm domain', () => {
    const probe = parseXml(kvmProbeXml('corral-kvm-probe-x'));
    expect(probe.attrs.type).toBe('kvm');
    expect(text(at(probe, 'name'))).toBe('corral-kvm-probe-x');
  });
});
