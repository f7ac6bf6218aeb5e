import type { CodeDescriptor } from '../../../nodes/shared/descriptor';
import type { AccountStatus } from '../../../nodes/shared/status';
import { codeFitsDescriptor, decideWaitingAccount, type AccountReading } from '../../../nodes/shared/waiting-account';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';

function status(accountId: string, descriptor: CodeDescriptor | null, waiting = true): AccountStatus {
	return {
		account_id: accountId,
		session_running: true,
		pending_assistance: waiting ? { id: `req-${accountId.slice(0, 1)}`, type: 'otp', descriptor, attempts: 1 } : null,
	};
}

const read = (accountId: string, s: AccountStatus): AccountReading => ({ accountId, status: s });
const failed = (accountId: string): AccountReading => ({ accountId, failure: 'Account not found' });
const idle = (accountId: string) => read(accountId, status(accountId, null, false));
const six = { length: 6, type: 'numeric' };
const eightAlnum = { length: 8, type: 'alphanumeric' };

describe('codeFitsDescriptor', () => {
	it.each([
		['123456', six, true],
		['123 456', six, true],
		['12345', six, false],
		['12345A', six, false],
		['AB12CD34', eightAlnum, true],
		['12345678', eightAlnum, true],
		['123456', null, true],
		['12#456', null, false],
		[12345, six, false], // a number that lost its leading zero
		[123456, six, true],
	])('%p fits %p: %p', (code, descriptor, expected) => {
		expect(codeFitsDescriptor(code, descriptor)).toBe(expected);
	});
});

describe('decideWaitingAccount', () => {
	const noCode = { code: null, ignoreUnreadable: false };

	it('finds the one waiting account, with the id as listed', () => {
		const decision = decideWaitingAccount([idle(A), read(B, status(B.toUpperCase(), six)), idle(C)], noCode);
		expect(decision).toMatchObject({ kind: 'found', accountId: B, unreadable: [] });
	});

	it('refuses several waiting accounts, in list order', () => {
		expect(decideWaitingAccount([read(C, status(C, six)), idle(A), read(B, status(B, six))], noCode)).toEqual({
			kind: 'several',
			accountIds: [C, B],
			unreadable: [],
		});
	});

	it('narrows by the code, and says when it fits none', () => {
		const readings = [read(A, status(A, six)), read(B, status(B, eightAlnum))];
		expect(decideWaitingAccount(readings, { code: 'X1Y2Z3W4', ignoreUnreadable: false })).toMatchObject({
			kind: 'found',
			accountId: B,
		});
		expect(decideWaitingAccount(readings, { code: '1234567', ignoreUnreadable: false })).toEqual({
			kind: 'none',
			reason: 'code_fits_none',
			waiting: [
				{ accountId: A, descriptor: six },
				{ accountId: B, descriptor: eightAlnum },
			],
			unreadable: [],
		});
	});

	it('says none waits when none does', () => {
		expect(decideWaitingAccount([idle(A), idle(B)], noCode)).toMatchObject({ kind: 'none', reason: 'no_pending_request' });
	});

	it('refuses an uncertain answer while an account is unreadable, unless told to ignore it', () => {
		const readings = [read(A, status(A, six)), failed(B)];
		expect(decideWaitingAccount(readings, noCode)).toEqual({
			kind: 'unreadable',
			unreadable: [{ accountId: B, message: 'Account not found' }],
			waitingAccountIds: [A],
		});
		expect(decideWaitingAccount([idle(A), failed(B)], noCode)).toMatchObject({ kind: 'unreadable', waitingAccountIds: [] });
		expect(decideWaitingAccount(readings, { code: null, ignoreUnreadable: true })).toMatchObject({
			kind: 'found',
			accountId: A,
			unreadable: [B],
		});
		expect(decideWaitingAccount([idle(A), failed(B)], { code: null, ignoreUnreadable: true })).toMatchObject({
			kind: 'none',
			unreadable: [B],
		});
	});

	it('refuses several waiting accounts even when another is unreadable', () => {
		expect(decideWaitingAccount([read(A, status(A, six)), failed(B), read(C, status(C, six))], noCode)).toEqual({
			kind: 'several',
			accountIds: [A, C],
			unreadable: [B],
		});
	});
});
