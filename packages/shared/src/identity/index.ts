export * from './roles.js';
export * from './forms.js';
export * from './objects.js';
