import { notificationAuthOf, settingsProblem } from '../../../nodes/ReconbankerTrigger/notification-auth';

const TOKEN = 'tok_0123456789abcdef0123';

describe('notificationAuthOf: the one reader of the Notification Auth credential', () => {
	it('trims the token and signing secret as Reconbanker trims stored secrets', () => {
		expect(
			notificationAuthOf({ authType: 'bearer', token: `  ${TOKEN}\n`, signingSecret: '\tsecret-value \u00a0', timestampToleranceSeconds: 60 }),
		).toEqual({ authType: 'bearer', token: TOKEN, signingSecret: 'secret-value', toleranceSeconds: 60 });
	});

	it('reads the auth type (Bearer by default), drops the token with "none", defaults the tolerance', () => {
		expect(notificationAuthOf({ authType: 'apiKey', token: TOKEN }).authType).toBe('apiKey');
		expect(notificationAuthOf({ token: TOKEN })).toEqual({ authType: 'bearer', token: TOKEN, signingSecret: '', toleranceSeconds: 300 });
		expect(notificationAuthOf({ authType: 'none', token: TOKEN, signingSecret: 's' }).token).toBe('');
		expect(notificationAuthOf({ authType: 'bearer', token: 42 }).token).toBe('');
	});
});

describe('settingsProblem', () => {
	const bearer = notificationAuthOf({ authType: 'bearer', token: TOKEN });

	it('requires a long token for token auth (counted after trimming)', () => {
		expect(settingsProblem(bearer)).toBeNull();
		expect(settingsProblem(notificationAuthOf({ token: 'short' }))).toMatch(/at least 16 characters/);
		expect(settingsProblem(notificationAuthOf({ token: `   short-token  \n   ` }))).toMatch(/at least 16 characters/);
	});

	it('requires a signing secret when no token is used', () => {
		expect(settingsProblem(notificationAuthOf({ authType: 'none' }))).toMatch(/signing secret is required/);
		expect(settingsProblem(notificationAuthOf({ authType: 'none', signingSecret: 's' }))).toBeNull();
	});

	it('requires a positive tolerance', () => {
		expect(settingsProblem({ ...bearer, toleranceSeconds: 0 })).toMatch(/tolerance/);
	});
});
