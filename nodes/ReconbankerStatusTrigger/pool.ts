/**
 * A tiny bounded-concurrency pool. Pure: no n8n imports, no timers, no npm packages.
 *
 * Runs `worker` over `inputs` with at most `limit` calls in flight at any time and never
 * rejects: every input gets a settled result in input order, so one failing input cannot hide
 * the others. `shouldStart` is asked before each new call; once it answers false no further
 * call starts and the inputs not started yet come back as `skipped` (calls already in flight
 * still finish).
 */

export type PoolResult<R> =
	| { status: 'fulfilled'; value: R }
	| { status: 'rejected'; reason: unknown }
	| { status: 'skipped' };

export interface PoolOptions {
	/** Asked before each call starts; false stops starting new calls. */
	shouldStart?: () => boolean;
}

/** The concurrency actually used: an integer between 1 and `inputCount` (1 for bad values). */
export function effectiveLimit(limit: number, inputCount: number): number {
	const whole = Number.isFinite(limit) ? Math.floor(limit) : 1;
	return Math.max(1, Math.min(whole, Math.max(inputCount, 1)));
}

export async function runPool<T, R>(
	inputs: readonly T[],
	limit: number,
	worker: (input: T, index: number) => Promise<R>,
	options: PoolOptions = {},
): Promise<Array<PoolResult<R>>> {
	const results: Array<PoolResult<R>> = inputs.map(() => ({ status: 'skipped' }));
	let next = 0;
	let stopped = false;

	const lane = async (): Promise<void> => {
		while (!stopped && next < inputs.length) {
			if (options.shouldStart && !options.shouldStart()) {
				stopped = true;
				return;
			}
			const index = next++;
			try {
				results[index] = { status: 'fulfilled', value: await worker(inputs[index], index) };
			} catch (reason) {
				// Kept, not swallowed: the caller reads every rejection from the results.
				results[index] = { status: 'rejected', reason };
			}
		}
	};

	const lanes: Array<Promise<void>> = [];
	for (let i = 0; i < effectiveLimit(limit, inputs.length); i++) lanes.push(lane());
	await Promise.all(lanes);
	return results;
}
