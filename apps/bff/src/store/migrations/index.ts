import inventory from './0001-inventory.js';
import engine from './0002-engine.js';
import statsHistory from './0003-stats-history.js';
import consoles from './0004-console.js';
import gluster from './0005-gluster.js';
import storageDomains from './0006-storage-domains.js';
import identity from './0007-identity.js';
import pools from './0008-pools.js';

/** Versioned migrations, applied in order; never edit one that has shipped. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: 'inventory', sql: inventory },
  { version: 2, name: 'engine', sql: engine },
  { version: 3, name: 'stats history', sql: statsHistory },
  { version: 4, name: 'console', sql: consoles },
  { version: 5, name: 'gluster', sql: gluster },
  { version: 6, name: 'storage domains', sql: storageDomains },
  { version: 7, name: 'identity', sql: identity },
  { version: 8, name: 'pools', sql: pools },
];
