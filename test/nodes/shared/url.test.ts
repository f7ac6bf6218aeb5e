import { isUuid, joinUrl, normaliseBaseUrl } from '../../../nodes/shared/url';

describe('normaliseBaseUrl', () => {
	it.each([
		['https://rb.example.com', 'https://rb.example.com'],
		['https://rb.example.com/', 'https://rb.example.com'],
		['https://rb.example.com///', 'https://rb.example.com'],
		['  https://rb.example.com/reconbanker/  ', 'https://rb.example.com/reconbanker'],
		['https://rb.example.com//reconbanker//api-root/', 'https://rb.example.com/reconbanker/api-root'],
		['http://localhost:3000', 'http://localhost:3000'],
		['HTTPS://RB.Example.com/Prefix', 'https://rb.example.com/Prefix'],
		['https://rb.example.com:443/x/', 'https://rb.example.com/x'],
		['https://rb.example.com/x?foo=bar#frag', 'https://rb.example.com/x'],
		['http://[::1]:8080/rb/', 'http://[::1]:8080/rb'],
	])('normalises %j to %j', (input, expected) => {
		expect(normaliseBaseUrl(input)).toBe(expected);
	});

	it('rejects an empty or blank value', () => {
		expect(() => normaliseBaseUrl('')).toThrow('The Reconbanker base URL is empty');
		expect(() => normaliseBaseUrl('   ')).toThrow('The Reconbanker base URL is empty');
	});

	it.each(['rb.example.com', 'rb.example.com/reconbanker', 'localhost:3000', '//rb.example.com', '/v1', 'https:/rb.example.com'])(
		'rejects %j (no scheme)',
		(input) => {
			expect(() => normaliseBaseUrl(input)).toThrow(
				'The Reconbanker base URL must be an absolute URL starting with http:// or https://',
			);
		},
	);

	it.each([
		['ftp://rb.example.com', 'ftp'],
		['ws://rb.example.com', 'ws'],
		['file:///etc/passwd', 'file'],
	])('rejects %j (scheme %s)', (input, scheme) => {
		expect(() => normaliseBaseUrl(input)).toThrow(
			`The Reconbanker base URL must use http or https (got "${scheme}")`,
		);
	});

	it('rejects an unparsable URL', () => {
		expect(() => normaliseBaseUrl('https://exa mple.com')).toThrow('The Reconbanker base URL is not a valid URL');
	});

	it('rejects credentials in the URL without echoing them', () => {
		let message = '';
		try {
			normaliseBaseUrl('https://alice:s3cret@rb.example.com');
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toContain('must not contain a user name or password');
		expect(message).not.toContain('s3cret');
		expect(message).not.toContain('alice');
	});
});

describe('joinUrl', () => {
	it.each([
		['https://rb.example.com', '/v1/accounts/a/status', 'https://rb.example.com/v1/accounts/a/status'],
		['https://rb.example.com', 'v1/accounts/a/status', 'https://rb.example.com/v1/accounts/a/status'],
		['https://rb.example.com/', '/v1/x', 'https://rb.example.com/v1/x'],
		['https://rb.example.com/', 'v1/x', 'https://rb.example.com/v1/x'],
		['https://host/reconbanker', '/v1/x', 'https://host/reconbanker/v1/x'],
		['https://host/reconbanker/', '/v1/x', 'https://host/reconbanker/v1/x'],
		['https://host/reconbanker//', '//v1//x', 'https://host/reconbanker/v1/x'],
		['  https://host/reconbanker/  ', '  api/me/api-keys ', 'https://host/reconbanker/api/me/api-keys'],
		['https://host/a/b/', 'api/accounts/1/config', 'https://host/a/b/api/accounts/1/config'],
		['https://host/reconbanker?x=1', '/v1/x', 'https://host/reconbanker/v1/x'],
		['https://host/reconbanker', '/v1/x?limit=2&a=b//c', 'https://host/reconbanker/v1/x?limit=2&a=b//c'],
		['https://host/reconbanker', 'v1/x/', 'https://host/reconbanker/v1/x/'],
		['https://host/reconbanker', '', 'https://host/reconbanker'],
		['https://host/reconbanker', '/', 'https://host/reconbanker'],
		['https://host', '', 'https://host'],
	])('joinUrl(%j, %j) = %j', (base, path, expected) => {
		expect(joinUrl(base, path)).toBe(expected);
	});

	it('validates the base', () => {
		expect(() => joinUrl('rb.example.com', '/v1/x')).toThrow('must be an absolute URL starting with http');
		expect(() => joinUrl('', '/v1/x')).toThrow('The Reconbanker base URL is empty');
	});
});

describe('isUuid', () => {
	it.each([
		'b9c2f3e4-1a2b-4c3d-8e9f-0123456789ab',
		'B9C2F3E4-1A2B-4C3D-9E9F-0123456789AB',
		'b9c2f3e4-1a2b-1c3d-ae9f-0123456789ab',
		'0190a6c1-7b3e-7d2f-bf00-123456789abc',
		'00000000-0000-0000-0000-000000000000',
		'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
	])('accepts %j', (value) => {
		expect(isUuid(value)).toBe(true);
	});

	it.each([
		'',
		'not-a-uuid',
		' b9c2f3e4-1a2b-4c3d-8e9f-0123456789ab',
		'b9c2f3e4-1a2b-4c3d-8e9f-0123456789ab ',
		'b9c2f3e41a2b4c3d8e9f0123456789ab',
		'{b9c2f3e4-1a2b-4c3d-8e9f-0123456789ab}',
		'b9c2f3e4-1a2b-4c3d-8e9f-0123456789a',
		'b9c2f3e4-1a2b-4c3d-8e9f-0123456789abc',
		'g9c2f3e4-1a2b-4c3d-8e9f-0123456789ab',
		'b9c2f3e4-1a2b-0c3d-8e9f-0123456789ab',
		'b9c2f3e4-1a2b-9c3d-8e9f-0123456789ab',
		'b9c2f3e4-1a2b-4c3d-7e9f-0123456789ab',
		'b9c2f3e4-1a2b-4c3d-ce9f-0123456789ab',
		'../../v1/x',
	])('rejects %j', (value) => {
		expect(isUuid(value)).toBe(false);
	});

	it('rejects non-strings without throwing', () => {
		expect(isUuid(undefined as unknown as string)).toBe(false);
		expect(isUuid(123 as unknown as string)).toBe(false);
	});
});
