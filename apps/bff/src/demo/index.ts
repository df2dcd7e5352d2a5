// The demo data center: generation (pure) and loading (SQL).
export { DEFAULT_BOOKMARKS } from './bookmarks.js';
export * from './fleet.js';
export { generateFleet, type GenerateOptions } from './generate.js';
export { EVENT_WINDOW_DAYS } from './history.js';
export { LOAD_CHUNK_ROWS, loadFleet } from './load.js';
export { Rng } from './prng.js';
export { installDefaultBookmarks, seedDemo, type SeedOptions, type SeedResult } from './seed.js';
export { ON_HOST_STATUSES } from './workloads.js';
