// VM pools (docs/pools.md).
export { createPool } from './create.js';
export { updatePool } from './update.js';
export { removePool } from './remove.js';
export { takeVm } from './take.js';
export { returnVm } from './return.js';
export { handleDownVms } from './down.js';
export { keepPrestarted, type KeepReport } from './keep.js';
export { resetStatelessVm } from './stateless.js';
export { getPool, poolVms, ASSIGNED_ROLE } from './common.js';
