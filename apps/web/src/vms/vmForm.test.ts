import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { VM_LIMITS, vmCreateInput, OPERATING_SYSTEMS } from '@corral/shared';
import {
  addDisk,
  addNic,
  hasIssues,
  issuesByField,
  applyTemplate,
  editVmForm,
  newVmForm,
  numberInput,
  setBootable,
  toCreateInput,
  toUpdateInput,
  validateCreate,
  validateUpdate,
  type VmFormState,
} from './vmForm.js';

const cluster = '5b6c1a43-8f55-4c8e-9a3e-2f0d1d1d0a01';
const domain = '5b6c1a43-8f55-4c8e-9a3e-2f0d1d1d0a02';
const network = '5b6c1a43-8f55-4c8e-9a3e-2f0d1d1d0a03';
const template = '5b6c1a43-8f55-4c8e-9a3e-2f0d1d1d0a04';
const vmId = '5b6c1a43-8f55-4c8e-9a3e-2f0d1d1d0a05';

const filled = (over: Partial<VmFormState> = {}): VmFormState => ({
  ...newVmForm(cluster),
  name: 'web-01',
  ...over,
});

describe('toCreateInput', () => {
  it('turns typed text into the numbers and ids vm.create takes', () => {
    let s = filled({ memoryMb: '2048', vcpus: '2', ha: true, display: 'SPICE' });
    s = addNic(addDisk(s, domain), network);
    const input = toCreateInput(s);
    expect(input).toMatchObject({
      name: 'web-01',
      clusterId: cluster,
      templateId: null,
      memoryMb: 2048,
      vcpus: 2,
      ha: true,
      display: 'SPICE',
    });
    expect(input.disks).toEqual([
      {
        sizeGb: Number(s.disks[0]!.sizeGb),
        storageDomainId: domain,
        format: s.disks[0]!.format,
        bootable: true,
      },
    ]);
    expect(input.nics).toEqual([{ networkId: network }]);
    expect(vmCreateInput.safeParse(input).success).toBe(true);
  });

  it('sends the template chosen, and Blank as none', () => {
    expect(toCreateInput(filled({ templateId: template })).templateId).toBe(template);
    expect(toCreateInput(filled({ templateId: '' })).templateId).toBeNull();
  });

  it('reads blank numbers as not-a-number, so the schema says what is expected', () => {
    expect(numberInput('')).toBeNaN();
    expect(numberInput('  ')).toBeNaN();
    expect(numberInput('512')).toBe(512);
  });
});

describe('validateCreate', () => {
  it('finds nothing wrong with a complete form', () => {
    expect(hasIssues(validateCreate(addDisk(filled(), domain)))).toBe(false);
  });

  it('puts the shared schema’s messages under the inputs they concern', () => {
    const s = addDisk(filled({ name: '', memoryMb: '12', vcpus: '' }), domain);
    const bad = { ...s, disks: [{ ...s.disks[0]!, sizeGb: '0' }] };
    const errors = validateCreate(bad).fields;
    const expected = vmCreateInput.safeParse(toCreateInput(bad));
    expect(expected.success).toBe(false);
    for (const issue of expected.error!.issues) {
      expect(errors[issue.path.join('.')]).toContain(issue.message);
    }
    expect(Object.keys(errors)).toEqual(
      expect.arrayContaining(['name', 'memoryMb', 'vcpus', 'disks.0.sizeGb']),
    );
  });

  it('accepts any memory within the limits and refuses any outside', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: VM_LIMITS.memoryMaxMb * 2 }), (mb) => {
        const errors = validateCreate(filled({ memoryMb: String(mb) })).fields;
        const inRange = mb >= VM_LIMITS.memoryMinMb && mb <= VM_LIMITS.memoryMaxMb;
        expect('memoryMb' in errors).toBe(!inRange);
      }),
    );
  });
});

describe('templates', () => {
  it('fill in what the template defines and keep the rest', () => {
    const before = filled({ memoryMb: '1024', vcpus: '1' });
    const os = OPERATING_SYSTEMS.at(-1)!.id;
    const after = applyTemplate(before, template, { os, memoryMb: 4096, vcpus: null });
    expect(after).toMatchObject({ templateId: template, os, memoryMb: '4096', vcpus: '1' });
    expect(applyTemplate(before, '', undefined)).toEqual({ ...before, templateId: '' });
  });

  it('ignore values the form does not know', () => {
    const after = applyTemplate(filled(), template, { display: 'RDP', vmType: 'Mainframe' });
    expect(after.display).toBe(filled().display);
    expect(after.vmType).toBe(filled().vmType);
  });
});

describe('edit', () => {
  const row = {
    id: vmId,
    name: 'db-01',
    description: 'primary',
    os: 'rhel_9x64',
    type: 'Desktop',
    memory: 8192,
    vcpus: 4,
    ha: true,
    display: 'SPICE',
    cluster: 'Default',
  };

  it('starts from the VM as the grid shows it', () => {
    expect(editVmForm(row, cluster)).toMatchObject({
      name: row.name,
      description: row.description,
      os: row.os,
      vmType: row.type,
      memoryMb: String(row.memory),
      vcpus: String(row.vcpus),
      ha: row.ha,
      display: row.display,
      clusterId: cluster,
    });
  });

  it('sends only what changed', () => {
    const before = editVmForm(row, cluster);
    expect(toUpdateInput(vmId, before, before)).toEqual({ id: vmId });
    const after = { ...before, memoryMb: '16384', ha: false };
    expect(toUpdateInput(vmId, before, after)).toEqual({ id: vmId, memoryMb: 16384, ha: false });
    const renamed = toUpdateInput(vmId, before, { ...before, name: 'bad name!' });
    expect(validateUpdate(renamed).fields).toHaveProperty('name');
  });
});

describe('disks and NICs', () => {
  it('keep one bootable disk, the first by default', () => {
    let s = addDisk(addDisk(addDisk(filled(), domain), domain), domain);
    expect(s.disks.map((d) => d.bootable)).toEqual([true, false, false]);
    s = setBootable(s, s.disks[2]!.key, true);
    expect(s.disks.map((d) => d.bootable)).toEqual([false, false, true]);
    s = setBootable(s, s.disks[2]!.key, false);
    expect(s.disks.every((d) => !d.bootable)).toBe(true);
  });

  it('give every row its own key', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 20 }), (adds) => {
        let s = filled();
        for (const disk of adds) s = disk ? addDisk(s, domain) : addNic(s, network);
        const keys = [...s.disks.map((d) => d.key), ...s.nics.map((n) => n.key)];
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
  });
});

describe('issuesByField', () => {
  it('keeps issues about no input for the form', () => {
    const issues = [
      { path: ['name'], message: 'A VM needs a name.' },
      { path: [], message: 'Something about the whole form.' },
    ];
    expect(issuesByField(issues)).toEqual({
      form: [issues[1]!.message],
      fields: { name: [issues[0]!.message] },
    });
  });
});
