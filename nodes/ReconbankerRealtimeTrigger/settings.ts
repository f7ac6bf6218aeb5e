/** The trigger's parameters, read and checked once at activation. */
import type { ITriggerFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseAccountIds } from '../shared/account-ids';
import { invalidAccountIdError } from '../transport/external-api';
import type { RealtimeAssistanceChoice, RealtimeFilters } from './filters';

export interface RealtimeSettings {
	filters: RealtimeFilters;
	catchUp: boolean;
	fireForAlreadyPending: boolean;
}

export function readSettings(ctx: ITriggerFunctions): RealtimeSettings {
	const events = ctx.getNodeParameter('events', []) as string[];
	if (events.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No events selected', {
			description: 'Select at least one event in "Events".',
		});
	}
	let accountIds: string[] | null = null;
	if (ctx.getNodeParameter('accountScope', 'all') === 'list') {
		const { valid, invalid } = parseAccountIds(ctx.getNodeParameter('accountIds', ''));
		// A typo would silently drop that account's events for good.
		if (invalid.length > 0) throw invalidAccountIdError(ctx, invalid[0]);
		if (valid.length === 0) {
			throw new NodeOperationError(ctx.getNode(), 'No account IDs to watch', {
				description: 'Enter at least one Reconbanker account ID, or choose "All Accounts".',
			});
		}
		accountIds = valid;
	}
	const catchUp = ctx.getNodeParameter('catchUp', true) as boolean;
	const options = (catchUp ? ctx.getNodeParameter('options', {}) : {}) as { fireForAlreadyPending?: boolean };
	return {
		filters: {
			events,
			assistanceStatuses: ctx.getNodeParameter('assistanceStatuses', []) as RealtimeAssistanceChoice[],
			accountIds,
		},
		catchUp,
		fireForAlreadyPending: options.fireForAlreadyPending !== false,
	};
}
