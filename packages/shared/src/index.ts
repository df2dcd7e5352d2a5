export * from './domain/index.js';
export * from './search/catalog.js';
export * from './details/tabs.js';
