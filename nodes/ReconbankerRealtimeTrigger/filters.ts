/**
 * Which stream events start the workflow: the Reconbanker Trigger's filters (events, assistance
 * statuses, accounts), plus the stream-only statuses the user can pick. Pure.
 */
import type { ReconbankerNotification } from '../shared/notification';
import { ignoredBecause, type AssistanceChoice } from '../ReconbankerTrigger/filters';

export type RealtimeAssistanceChoice = AssistanceChoice | 'fulfilled' | 'cancelled';

export interface RealtimeFilters {
	events: string[];
	assistanceStatuses: RealtimeAssistanceChoice[];
	/** null = every account (lower-case UUIDs otherwise). */
	accountIds: string[] | null;
}

const STREAM_ONLY: Record<string, RealtimeAssistanceChoice> = {
	'assistance.fulfilled': 'fulfilled',
	'assistance.cancelled': 'cancelled',
};

function isPushChoice(choice: RealtimeAssistanceChoice): choice is AssistanceChoice {
	return choice !== 'fulfilled' && choice !== 'cancelled';
}

/** Returns why an event is ignored, or null when it starts the workflow. */
export function realtimeIgnoredBecause(notification: ReconbankerNotification, filters: RealtimeFilters): string | null {
	const streamOnly = STREAM_ONLY[notification.status];
	if (streamOnly === undefined) {
		return ignoredBecause(notification, {
			events: filters.events,
			assistanceStatuses: filters.assistanceStatuses.filter(isPushChoice),
			accountIds: filters.accountIds,
		});
	}
	if (filters.accountIds && !filters.accountIds.includes(notification.accountId.toLowerCase())) return 'account not selected';
	if (!filters.events.includes(notification.type)) return 'event type not selected';
	if (!filters.assistanceStatuses.includes(streamOnly)) return 'status not selected';
	return null;
}
