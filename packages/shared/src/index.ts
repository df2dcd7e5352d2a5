export * from './domain/index.js';
export * from './search/index.js';
export * from './details/tabs.js';
