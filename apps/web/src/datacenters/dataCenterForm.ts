// The New / Edit Data Center dialog's state and the command inputs it becomes. Kept
// free of React: which fields an edit sends is tested on its own.
import {
  COMPATIBILITY_VERSIONS,
  DATA_CENTER_STORAGE_MODES,
  DEFAULT_COMPATIBILITY_VERSION,
  QUOTA_MODES,
  type DataCenterCreateInput,
  type DataCenterStorageMode,
  type DataCenterUpdateInput,
  type QuotaMode,
} from '@corral/shared';
import { oneOf } from '../actions/rowState.js';

export interface DataCenterForm {
  readonly name: string;
  readonly description: string;
  readonly storageType: DataCenterStorageMode;
  readonly compatVersion: string;
  readonly quotaMode: QuotaMode;
}

export const NEW_DATA_CENTER: DataCenterForm = {
  name: '',
  description: '',
  storageType: 'Shared',
  compatVersion: DEFAULT_COMPATIBILITY_VERSION,
  quotaMode: 'Disabled',
};

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** A grid row of the Data Centers tab (search field names) as the Edit dialog starts. */
export function dataCenterFormOf(row: Record<string, unknown>): DataCenterForm {
  return {
    name: text(row.name),
    description: text(row.description),
    storageType: oneOf(DATA_CENTER_STORAGE_MODES, row.storage_type) ?? 'Shared',
    // An unknown version is kept as it is: the schema says what is wrong if it is sent.
    compatVersion: text(row.compat_version) || DEFAULT_COMPATIBILITY_VERSION,
    quotaMode: oneOf(QUOTA_MODES, row.quota_mode) ?? 'Disabled',
  };
}

export function dataCenterCreateOf(f: DataCenterForm): DataCenterCreateInput {
  return {
    name: f.name,
    description: f.description,
    storageType: f.storageType,
    compatVersion: f.compatVersion as DataCenterCreateInput['compatVersion'],
    quotaMode: f.quotaMode,
  };
}

/**
 * Edit: only what changed is sent, so a field the user left alone is never refused
 * (changing the storage type is refused once domains are attached; leaving it is not).
 */
export function dataCenterUpdateOf(
  id: string,
  before: DataCenterForm,
  after: DataCenterForm,
): DataCenterUpdateInput {
  const input: { -readonly [K in keyof DataCenterUpdateInput]: DataCenterUpdateInput[K] } = { id };
  if (after.name.trim() !== before.name) input.name = after.name;
  if (after.description !== before.description) input.description = after.description;
  if (after.storageType !== before.storageType) input.storageType = after.storageType;
  if (after.compatVersion !== before.compatVersion)
    input.compatVersion = after.compatVersion as DataCenterUpdateInput['compatVersion'];
  if (after.quotaMode !== before.quotaMode) input.quotaMode = after.quotaMode;
  return input;
}

/** The versions offered: oVirt's, plus the one the data center has should it be another. */
export function versionChoices(current: string): readonly string[] {
  return (COMPATIBILITY_VERSIONS as readonly string[]).includes(current) || !current
    ? COMPATIBILITY_VERSIONS
    : [...COMPATIBILITY_VERSIONS, current];
}

export const STORAGE_TYPE_HINT: Record<DataCenterStorageMode, string> = {
  Shared: 'NFS, POSIX and GlusterFS domains that every host of the data center mounts.',
  Local: "One host's own directory: one cluster with one host.",
};
