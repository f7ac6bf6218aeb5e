/**
 * An in-memory stand-in for n8n's deduplication store (the CLI's `DeduplicationHelper`, kept in
 * the `processed_data` table), installed into n8n-core's `DataDeduplicationService` so that
 * `this.helpers.checkProcessedAndRecord` & co. work in node tests as they do in n8n.
 *
 * Mirrored faithfully, because the nodes' safety depends on exactly these properties:
 *  - one row per (workflow id, context): context `n:<node.id>` for scope 'node', '' for 'workflow';
 *  - the row holds `{ mode, data }`; in mode 'entries' `data` is the md5/base64 hash of each item's
 *    `toString()`, in insertion order; `maxEntries` trims the oldest;
 *  - `checkProcessedAndRecord` = read the row → compute → update the row (or insert it when there was
 *    none). It is NOT atomic: another call may write between the read and the write, and the later
 *    write wins (a lost update). Two concurrent first inserts: the second fails on the primary key;
 *  - a row saved in another mode makes every call throw;
 *  - `removeProcessed` is the same read → update, removing the first copy of each hash.
 * The read and the write each wait `latency` (a database round trip), so races are real in tests.
 */
import { createHash } from 'node:crypto';
import type {
	DeduplicationItemTypes,
	DeduplicationMode,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

interface Row {
	mode: DeduplicationMode;
	data: DeduplicationItemTypes | DeduplicationItemTypes[];
}

/** What a call is doing, for a latency function that treats calls differently. */
export interface StoreCall {
	operation: 'checkProcessedAndRecord' | 'removeProcessed' | 'clearAllProcessedItems' | 'getProcessedDataCount';
	phase: 'read' | 'write';
	workflowId: string;
	context: string;
	items: DeduplicationItemTypes[];
}

/** Milliseconds each database round trip takes: a number, or chosen per call. */
export type StoreLatency = number | ((call: StoreCall) => number);

/** The error n8n's store throws (the CLI's `DeduplicationError`), by message. */
export class HarnessDeduplicationError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DeduplicationError';
	}
}

/** What SQLite answers when two inserts race for one (workflowId, context) row. */
export class HarnessInsertConflictError extends Error {
	constructor() {
		super('SQLITE_CONSTRAINT: UNIQUE constraint failed: processed_data.workflowId, processed_data.context');
		this.name = 'QueryFailedError';
	}
}

const hash = (value: DeduplicationItemTypes) => createHash('md5').update(value.toString()).digest('base64');

const isLatestMode = (mode: DeduplicationMode) => mode === 'latestIncrementalKey' || mode === 'latestDate';

function greater(mode: DeduplicationMode, a: DeduplicationItemTypes, b: DeduplicationItemTypes): boolean {
	if (mode === 'latestIncrementalKey') {
		const [x, y] = [Number(a), Number(b)];
		if (Number.isNaN(x) || Number.isNaN(y)) {
			throw new HarnessDeduplicationError('Invalid value. Only numbers are supported in mode "latestIncrementalKey"');
		}
		return x > y;
	}
	const [x, y] = [new Date(a as string).getTime(), new Date(b as string).getTime()];
	if (Number.isNaN(x) || Number.isNaN(y)) {
		throw new HarnessDeduplicationError('Invalid value. Only valid dates are supported in mode "latestDate"');
	}
	return x > y;
}

const MODE_MISMATCH =
	'Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ parameter. Try ’Clean Database’ operation to reset.';

export class InMemoryDeduplicationStore implements IDataDeduplicator {
	private readonly rows = new Map<string, Row>();

	/** Database round-trip time of each read and each write. */
	latency: StoreLatency = 0;

	/** Every call made, in order (for assertions such as "the store was used"). */
	readonly calls: Array<Omit<StoreCall, 'phase'>> = [];

	/** How many inserts failed because another call inserted the row first. */
	insertConflicts = 0;

	/** Forgets every row and call, and sets the latency back to 0. */
	reset(): void {
		this.rows.clear();
		this.calls.length = 0;
		this.latency = 0;
		this.insertConflicts = 0;
	}

	/** The stored hashes of one row ([] when there is none), for white-box assertions. */
	entries(workflowId: string, context: string): string[] {
		const row = this.rows.get(this.key(workflowId, context));
		return Array.isArray(row?.data) ? (row.data as string[]).slice() : [];
	}

	/** Whether `item` is recorded in the row, without recording it (tests only: n8n has no such call). */
	has(workflowId: string, context: string, item: DeduplicationItemTypes): boolean {
		return this.entries(workflowId, context).includes(hash(item));
	}

	/** Writes a row as another node of the workflow could (e.g. n8n's Remove Duplicates in another mode). */
	setRow(workflowId: string, context: string, row: Row): void {
		this.rows.set(this.key(workflowId, context), structuredClone(row));
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const call = this.begin('checkProcessedAndRecord', scope, contextData, items);
		const row = await this.read(call);
		if (row && row.mode !== options.mode) throw new HarnessDeduplicationError(MODE_MISMATCH);

		if (isLatestMode(options.mode)) {
			const sorted = items.slice().sort((a, b) => (greater(options.mode, a, b) ? 1 : -1));
			if (!row) {
				await this.write(call, { mode: options.mode, data: sorted[sorted.length - 1] }, true);
				return { new: items, processed: [] };
			}
			const result: IDeduplicationOutput = { new: [], processed: [] };
			let largest = row.data as DeduplicationItemTypes;
			for (const item of sorted) {
				if (greater(options.mode, item, row.data as DeduplicationItemTypes)) {
					result.new.push(item);
					if (greater(options.mode, item, largest)) largest = item;
				} else result.processed.push(item);
			}
			await this.write(call, { mode: row.mode, data: largest }, false);
			return result;
		}

		const hashes = items.map(hash);
		if (!row) {
			if (options.maxEntries) hashes.splice(0, hashes.length - options.maxEntries);
			await this.write(call, { mode: options.mode, data: hashes }, true);
			return { new: items, processed: [] };
		}
		const data = row.data as string[];
		const result: IDeduplicationOutput = { new: [], processed: [] };
		hashes.forEach((itemHash, index) => {
			if (data.includes(itemHash)) result.processed.push(items[index]);
			else {
				result.new.push(items[index]);
				data.push(itemHash);
			}
		});
		if (options.maxEntries) data.splice(0, data.length - options.maxEntries);
		await this.write(call, row, false);
		return result;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		if (isLatestMode(options.mode)) {
			throw new HarnessDeduplicationError('Removing processed data is not possible in mode "latest"');
		}
		const call = this.begin('removeProcessed', scope, contextData, items);
		const row = await this.read(call);
		if (!row) return;
		const data = row.data as string[];
		for (const itemHash of items.map(hash)) {
			const index = data.indexOf(itemHash);
			if (index !== -1) data.splice(index, 1);
		}
		await this.write(call, row, false);
	}

	async clearAllProcessedItems(scope: DeduplicationScope, contextData: ICheckProcessedContextData): Promise<void> {
		const call = this.begin('clearAllProcessedItems', scope, contextData, []);
		await this.pause({ ...call, phase: 'write' });
		this.rows.delete(this.key(call.workflowId, call.context));
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<number> {
		const call = this.begin('getProcessedDataCount', scope, contextData, []);
		const row = await this.read(call);
		return options.mode === 'entries' && Array.isArray(row?.data) ? row.data.length : 0;
	}

	private key(workflowId: string, context: string): string {
		return `${workflowId}\u0000${context}`;
	}

	private begin(
		operation: StoreCall['operation'],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		items: DeduplicationItemTypes[],
	): Omit<StoreCall, 'phase'> {
		if (!contextData.workflow.id) throw new Error('The workflow has no id');
		let context = '';
		if (scope === 'node') {
			if (!contextData.node) {
				throw new HarnessDeduplicationError("No node information has been provided and so cannot use scope 'node'");
			}
			context = `n:${contextData.node.id}`;
		}
		const call = { operation, workflowId: String(contextData.workflow.id), context, items: items.slice() };
		this.calls.push(call);
		return call;
	}

	private async pause(call: StoreCall): Promise<void> {
		const ms = typeof this.latency === 'function' ? this.latency(call) : this.latency;
		if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
	}

	/** `findOne`: a private copy of the row as it is when the query answers. */
	private async read(call: Omit<StoreCall, 'phase'>): Promise<Row | undefined> {
		await this.pause({ ...call, phase: 'read' });
		const row = this.rows.get(this.key(call.workflowId, call.context));
		return row ? structuredClone(row) : undefined;
	}

	/** `insert` (fails if the row appeared meanwhile) or `update` (overwrites whatever is there). */
	private async write(call: Omit<StoreCall, 'phase'>, row: Row, insert: boolean): Promise<void> {
		await this.pause({ ...call, phase: 'write' });
		const key = this.key(call.workflowId, call.context);
		if (insert && this.rows.has(key)) {
			this.insertConflicts += 1;
			throw new HarnessInsertConflictError();
		}
		// An UPDATE of a row deleted meanwhile (Clean Database) changes nothing.
		if (!insert && !this.rows.has(key)) return;
		this.rows.set(key, structuredClone(row));
	}
}
