// New / Edit Pool: the dialog's state, the command inputs it becomes, and what the
// browser finds wrong before sending (the shared schemas and rules, the BFF's own).
// Kept free of React: tested on its own.
import {
  POOL_TYPES,
  poolCreateInput,
  poolUpdateInput,
  poolUpdateRule,
  type PoolCreateInput,
  type PoolType,
  type PoolUpdateInput,
} from '@corral/shared';
import type { FormErrors } from '../api/errors.js';
import { oneOf } from '../actions/rowState.js';
import { issuesByField } from '../vms/vmForm.js';

export interface PoolForm {
  readonly name: string;
  readonly description: string;
  readonly clusterId: string;
  readonly templateId: string;
  readonly poolType: PoolType;
  /** Numbers as typed; blank or not a number is sent as NaN, which the schema refuses. */
  readonly size: string;
  readonly prestarted: string;
  readonly maxPerUser: string;
  readonly stateless: boolean;
}

export const NEW_POOL: PoolForm = {
  name: '',
  description: '',
  clusterId: '',
  templateId: '',
  poolType: 'Automatic',
  size: '5',
  prestarted: '0',
  maxPerUser: '1',
  stateless: true,
};

const numberOf = (text: string) => (text.trim() === '' ? NaN : Number(text));
const text = (v: unknown) => (typeof v === 'string' ? v : '');
const count = (v: unknown, fallback: number) => {
  const n = Number(v);
  return String(v !== null && v !== undefined && v !== '' && Number.isFinite(n) ? n : fallback);
};

/**
 * A pool's record (the grid row or `pool.get`, search field names) as Edit starts.
 * Cluster and template are known by name there; Edit does not change them.
 */
export function poolFormOf(row: Record<string, unknown>): PoolForm {
  return {
    name: text(row.name),
    description: text(row.description),
    clusterId: '',
    templateId: '',
    poolType: oneOf(POOL_TYPES, row.type) ?? 'Automatic',
    size: count(row.size, 1),
    prestarted: count(row.prestarted, 0),
    maxPerUser: count(row.max_per_user, 1),
    stateless: row.stateless !== false,
  };
}

export function poolCreateOf(f: PoolForm): PoolCreateInput {
  return {
    name: f.name,
    description: f.description,
    clusterId: f.clusterId,
    templateId: f.templateId,
    poolType: f.poolType,
    size: numberOf(f.size),
    prestarted: numberOf(f.prestarted),
    maxPerUser: numberOf(f.maxPerUser),
    stateless: f.stateless,
  };
}

/** Edit sends only what changed: a field left alone is never refused. */
export function poolUpdateOf(id: string, before: PoolForm, after: PoolForm): PoolUpdateInput {
  const input: { -readonly [K in keyof PoolUpdateInput]: PoolUpdateInput[K] } = { id };
  if (after.description !== before.description) input.description = after.description;
  if (after.size !== before.size) input.size = numberOf(after.size);
  if (after.prestarted !== before.prestarted) input.prestarted = numberOf(after.prestarted);
  if (after.maxPerUser !== before.maxPerUser) input.maxPerUser = numberOf(after.maxPerUser);
  return input;
}

const NONE: FormErrors = { form: [], fields: {} };

export function validatePoolCreate(f: PoolForm): FormErrors {
  const r = poolCreateInput.safeParse(poolCreateOf(f));
  return r.success ? NONE : issuesByField(r.error.issues);
}

/** The schema first; then the pool rule (a pool only grows), as the engine judges it. */
export function validatePoolUpdate(input: PoolUpdateInput, before: PoolForm): FormErrors {
  const r = poolUpdateInput.safeParse(input);
  if (!r.success) return issuesByField(r.error.issues);
  const rule = poolUpdateRule(
    { size: numberOf(before.size), prestarted: numberOf(before.prestarted) },
    { size: input.size, prestarted: input.prestarted },
  );
  if (rule.allowed) return NONE;
  const message = rule.reason ?? 'The pool cannot be changed so.';
  return rule.field
    ? { form: [], fields: { [rule.field]: [message] } }
    : { form: [message], fields: {} };
}

export const POOL_TYPE_HINT: Record<PoolType, string> = {
  Automatic:
    'A VM taken from the pool goes back to it when its user shuts it down (stateless VMs lose their changes).',
  Manual: 'A VM taken from the pool stays its user’s until an administrator returns it.',
};
