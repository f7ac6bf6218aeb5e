/** Unit, node and sandbox tests. End-to-end tests against a real n8n have their own config. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	testTimeout: 20000,
	// Node tests that wait for real time (results, settle times) run concurrently within a file.
	maxConcurrency: 16,
};
