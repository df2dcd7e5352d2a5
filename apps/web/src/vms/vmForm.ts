// The New / Edit VM dialog's state and how it becomes `vm.create` / `vm.update` input.
// Inputs hold what the user typed (numbers as text, "" for Blank), so a half-typed
// value is never lost; the shared zod schemas judge the result, with the same
// messages the BFF would answer with. Kept free of React so the mapping is tested.
import {
  DISPLAY_PROTOCOLS,
  VM_TYPES,
  vmCreateInput,
  vmUpdateInput,
  type DiskFormat,
  type DisplayProtocol,
  type VmCreateInput,
  type VmType,
  type VmUpdateInput,
} from '@corral/shared';
import type { FormErrors } from '../api/errors.js';

export interface DiskRow {
  /** Stable React key; rows are added and removed. */
  readonly key: number;
  readonly sizeGb: string;
  readonly storageDomainId: string;
  /** COW is oVirt's "Thin Provision", RAW its "Preallocated". */
  readonly format: DiskFormat;
  readonly bootable: boolean;
}

export interface NicRow {
  readonly key: number;
  readonly networkId: string;
}

export interface VmFormState {
  readonly clusterId: string;
  /** "" is Blank. */
  readonly templateId: string;
  readonly name: string;
  readonly description: string;
  readonly os: string;
  readonly vmType: VmType;
  readonly memoryMb: string;
  readonly vcpus: string;
  readonly ha: boolean;
  readonly display: DisplayProtocol;
  readonly disks: readonly DiskRow[];
  readonly nics: readonly NicRow[];
}

/** What a template carries into a new VM, as the form options describe it. */
export interface TemplateDefaults {
  readonly os?: string | null;
  readonly memoryMb?: number | null;
  readonly vcpus?: number | null;
  readonly display?: string | null;
  readonly vmType?: string | null;
}

export const NEW_VM_DEFAULTS = {
  os: 'other_linux',
  vmType: 'Server',
  memoryMb: 1024,
  vcpus: 1,
  display: 'VNC',
} as const satisfies Record<keyof TemplateDefaults, unknown>;

export function newVmForm(clusterId: string): VmFormState {
  return {
    clusterId,
    templateId: '',
    name: '',
    description: '',
    os: NEW_VM_DEFAULTS.os,
    vmType: NEW_VM_DEFAULTS.vmType,
    memoryMb: String(NEW_VM_DEFAULTS.memoryMb),
    vcpus: String(NEW_VM_DEFAULTS.vcpus),
    ha: false,
    display: NEW_VM_DEFAULTS.display,
    disks: [],
    nics: [],
  };
}

const oneOf = <T extends string>(values: readonly T[], v: unknown): T | undefined =>
  values.find((x) => x === v);

/** Choosing a template fills in what it defines, as oVirt does; the user may still change it. */
export function applyTemplate(
  state: VmFormState,
  templateId: string,
  t: TemplateDefaults | undefined,
): VmFormState {
  if (!t) return { ...state, templateId };
  return {
    ...state,
    templateId,
    os: t.os ?? state.os,
    memoryMb: t.memoryMb != null ? String(t.memoryMb) : state.memoryMb,
    vcpus: t.vcpus != null ? String(t.vcpus) : state.vcpus,
    display: oneOf(DISPLAY_PROTOCOLS, t.display) ?? state.display,
    vmType: oneOf(VM_TYPES, t.vmType) ?? state.vmType,
  };
}

/** An existing VM's grid / details row (search field names) as the Edit dialog's state. */
export function editVmForm(row: Record<string, unknown>, clusterId: string): VmFormState {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const num = (v: unknown, fallback: number) => String(typeof v === 'number' ? v : fallback);
  return {
    clusterId,
    templateId: '',
    name: text(row.name),
    description: text(row.description),
    os: text(row.os) || NEW_VM_DEFAULTS.os,
    vmType: oneOf(VM_TYPES, row.type) ?? NEW_VM_DEFAULTS.vmType,
    memoryMb: num(row.memory, NEW_VM_DEFAULTS.memoryMb),
    vcpus: num(row.vcpus, NEW_VM_DEFAULTS.vcpus),
    ha: row.ha === true,
    display: oneOf(DISPLAY_PROTOCOLS, row.display) ?? NEW_VM_DEFAULTS.display,
    disks: [],
    nics: [],
  };
}

/** Typed text as a number for the schema; blank is NaN so the schema's "is a number" message shows. */
export function numberInput(text: string): number {
  return text.trim() === '' ? NaN : Number(text);
}

export function toCreateInput(s: VmFormState): VmCreateInput {
  return {
    name: s.name,
    description: s.description,
    clusterId: s.clusterId,
    templateId: s.templateId || null,
    vmType: s.vmType,
    os: s.os as VmCreateInput['os'],
    memoryMb: numberInput(s.memoryMb),
    vcpus: numberInput(s.vcpus),
    display: s.display,
    ha: s.ha,
    disks: s.disks.map((d) => ({
      sizeGb: numberInput(d.sizeGb),
      storageDomainId: d.storageDomainId,
      format: d.format,
      bootable: d.bootable,
    })),
    nics: s.nics.map((n) => ({ networkId: n.networkId })),
  };
}

/** Only what the user changed: fields left alone are not sent, so they are not judged either. */
export function toUpdateInput(id: string, before: VmFormState, after: VmFormState): VmUpdateInput {
  const created = toCreateInput(after);
  const was = toCreateInput(before);
  const input: { -readonly [K in keyof VmUpdateInput]: VmUpdateInput[K] } = { id };
  const fields = [
    'name',
    'description',
    'clusterId',
    'vmType',
    'os',
    'memoryMb',
    'vcpus',
    'display',
    'ha',
  ] as const;
  for (const f of fields) {
    if (!Object.is(created[f], was[f])) Object.assign(input, { [f]: created[f] });
  }
  return input;
}

export type FieldErrors = Readonly<Record<string, readonly string[]>>;

export const NO_ISSUES: FormErrors = { form: [], fields: {} };

export function hasIssues(e: FormErrors): boolean {
  return e.form.length > 0 || Object.keys(e.fields).length > 0;
}

/** A zod issue path as the form names its inputs: `name`, `disks.0.sizeGb`. */
export function fieldOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Schema issues by the input they concern; one about no input belongs to the form. */
export function issuesByField(issues: readonly Issue[]): FormErrors {
  const form: string[] = [];
  const fields: Record<string, string[]> = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (field) (fields[field] ??= []).push(issue.message);
    else form.push(issue.message);
  }
  return { form, fields };
}

/** The shared schema's verdict on the form; no issues when it may be sent. */
export function validateCreate(s: VmFormState): FormErrors {
  const r = vmCreateInput.safeParse(toCreateInput(s));
  return r.success ? NO_ISSUES : issuesByField(r.error.issues);
}

export function validateUpdate(input: VmUpdateInput): FormErrors {
  const r = vmUpdateInput.safeParse(input);
  return r.success ? NO_ISSUES : issuesByField(r.error.issues);
}

/** The disk row after these, with the next free key; the first disk boots. */
export function addDisk(s: VmFormState, storageDomainId: string): VmFormState {
  const key = Math.max(0, ...s.disks.map((d) => d.key), ...s.nics.map((n) => n.key)) + 1;
  return {
    ...s,
    disks: [
      ...s.disks,
      { key, sizeGb: '10', storageDomainId, format: 'COW', bootable: s.disks.length === 0 },
    ],
  };
}

export function addNic(s: VmFormState, networkId: string): VmFormState {
  const key = Math.max(0, ...s.disks.map((d) => d.key), ...s.nics.map((n) => n.key)) + 1;
  return { ...s, nics: [...s.nics, { key, networkId }] };
}

/** One bootable disk at most: ticking one unticks the others. */
export function setBootable(s: VmFormState, key: number, bootable: boolean): VmFormState {
  return {
    ...s,
    disks: s.disks.map((d) =>
      d.key === key ? { ...d, bootable } : bootable ? { ...d, bootable: false } : d,
    ),
  };
}
