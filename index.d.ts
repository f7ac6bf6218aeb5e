// Types of the package's plain-Node entry (index.js): the pure helpers.
export * from './dist/nodes/shared';
