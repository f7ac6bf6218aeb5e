// The pure helpers, importable without n8n (the package's index.js re-exports this file).
export * from './api-error';
export * from './code';
export * from './descriptor';
export * from './errors';
export * from './extract';
export * from './notification';
export * from './signature';
export * from './status';
export * from './totp';
export * from './url';
export * from './account-ids';
export * from './stream-event';
export * from './backoff';
export * from './login-budget';
export * from './request-memory';
export * from './attempt-keys';
export * from './claim';
