export * from './domain/index.js';
export * from './search/index.js';
export * from './details/tabs.js';
export * from './rules/index.js';
export * from './forms/index.js';
