// The BFF as a library, for tests, the e2e harness and benchmarks.
export { createApp } from './app.js';
export { loadConfig } from './config.js';
export { openStore, type Db } from './store/index.js';
export { appRouter, createCaller, type AppRouter } from './trpc/router.js';
