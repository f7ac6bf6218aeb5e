/**
 * Which notifications start the workflow. Pure: the trigger passes the parsed notification and
 * its parameters.
 */
import type { ReconbankerNotification } from '../shared/notification';

/** The assistance_required statuses a user can pick, by the name used in the node parameter. */
export type AssistanceChoice = 'newRequest' | 'resend' | 'needsAttention' | 'recovered';

export interface TriggerFilters {
	events: string[];
	assistanceStatuses: AssistanceChoice[];
	/** null = every account. */
	accountIds: string[] | null;
}

export function assistanceChoiceOf(notification: ReconbankerNotification): AssistanceChoice | null {
	switch (notification.status) {
		case 'assistance.requested':
			return notification.resent ? 'resend' : 'newRequest';
		case 'session.needs_attention':
			return 'needsAttention';
		case 'session.recovered':
			return 'recovered';
		default:
			return null;
	}
}

/**
 * The statuses Reconbanker sends with each failure event type. A notification of these types with
 * another (or no) status is ignored, as an unknown assistance status is: a workflow built for
 * "connection failed" must not start on something it cannot interpret.
 */
const FAILURE_STATUSES: Record<string, string[]> = {
	connection_failed: ['connection.failed', 'connection.recovered'],
	scrape_failed: ['scrape.failed', 'scrape.recovered'],
};

/** Returns why a notification is ignored, or null when it should start the workflow. */
export function ignoredBecause(notification: ReconbankerNotification, filters: TriggerFilters): string | null {
	if (filters.accountIds && !filters.accountIds.includes(notification.accountId.toLowerCase())) {
		return 'account not selected';
	}
	if (!filters.events.includes(notification.type)) return 'event type not selected';
	if (notification.type === 'assistance_required') {
		const choice = assistanceChoiceOf(notification);
		if (choice === null || !filters.assistanceStatuses.includes(choice)) return 'status not selected';
	}
	const known = FAILURE_STATUSES[notification.type];
	if (known && !known.includes(notification.status)) return 'status not recognised';
	return null;
}
