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
	return null;
}
