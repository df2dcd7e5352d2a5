// Form inputs as zod schemas with user-facing messages: the SPA validates with them
// before sending, the BFF's procedures parse with them.
export * from './os.js';
export * from './vm.js';
export * from './host.js';
export * from './gluster.js';
