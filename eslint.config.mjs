// Lint the shipped code and package.json with n8n's community-node rules (recommended set).
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';

const recommended = n8nCommunityNodesPlugin.configs.recommended;

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', '.pack/**', '.local/**', 'templates/**', 'scripts/**'] },
	{
		files: ['credentials/**/*.ts', 'nodes/**/*.ts'],
		languageOptions: { parser: tsParser },
		plugins: recommended.plugins,
		rules: recommended.rules,
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tsParser, parserOptions: { extraFileExtensions: ['.json'] } },
		plugins: recommended.plugins,
		rules: recommended.rules,
	},
];
