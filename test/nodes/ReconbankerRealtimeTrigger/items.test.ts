import { catchUpNotification, catchUpPayload, notificationItem } from '../../../nodes/ReconbankerRealtimeTrigger/items';
import { parseStreamEvent } from '../../../nodes/shared/stream-event';

const A = 'b9c2f3e4-1a2b-4c3d-8e9f-0123456789ab';

describe('items', () => {
	it('a stream event becomes the push trigger item, with the frame as payload', () => {
		const frame = { type: 'assistance.cancelled', userId: 'u', accountId: A, data: { requestId: 'r1' }, occurredAt: 't' };
		expect(notificationItem(parseStreamEvent(frame), frame)).toEqual({
			accountId: A,
			type: 'assistance_required',
			status: 'assistance.cancelled',
			requestId: 'r1',
			descriptor: null,
			attempts: null,
			resent: false,
			reason: null,
			category: null,
			occurredAt: 't',
			payload: frame,
		});
	});

	it('a pending request read by catch-up becomes an assistance.requested item; none pending → nothing', () => {
		const status = {
			account_id: A,
			session_running: true,
			pending_assistance: { id: 'r2', type: 'otp', descriptor: { length: 6, type: 'numeric' as const }, attempts: 2 },
		};
		const notification = catchUpNotification(status);
		expect(notificationItem(notification!, catchUpPayload(status))).toEqual({
			accountId: A,
			type: 'assistance_required',
			status: 'assistance.requested',
			requestId: 'r2',
			descriptor: { length: 6, type: 'numeric' },
			attempts: 2,
			resent: false,
			reason: null,
			category: null,
			occurredAt: null,
			payload: { source: 'catch_up', status },
		});
		expect(catchUpNotification({ ...status, pending_assistance: null })).toBeNull();
	});
});
