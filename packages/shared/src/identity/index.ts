export * from './roles.js';
export * from './forms.js';
