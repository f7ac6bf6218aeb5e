/**
 * The claim protocol over a non-atomic store (shared/claim.ts). Besides the step table, a
 * discrete-event simulation replays thousands of random schedules of executions claiming one
 * request over a register with lost updates — the store's real semantics — and counts winners.
 */
import { MAX_ROUNDS, MAX_TRUSTED_WRITE_MS, nextClaimStep, SETTLE_MS, type ClaimCall } from '../../../nodes/shared/claim';

describe('nextClaimStep', () => {
	const call = (answeredWasNew: boolean, claimWasNew: boolean, durationMs = 5): ClaimCall => ({
		answeredWasNew,
		claimWasNew,
		durationMs,
	});

	it('first look: an earlier claim of the request means taken, else wait and look again', () => {
		expect(nextClaimStep(call(false, true), 1, 5)).toEqual({ next: 'taken' });
		expect(nextClaimStep(call(true, true), 1, 5)).toEqual({ next: 'verify' });
	});

	it('later look: own claim still there → won; replaced by another → taken; both erased → look again', () => {
		expect(nextClaimStep(call(false, false), 2, 5)).toEqual({ next: 'won' });
		expect(nextClaimStep(call(false, true), 2, 5)).toEqual({ next: 'taken' });
		expect(nextClaimStep(call(true, true), 2, 5)).toEqual({ next: 'verify' });
	});

	it('a win whose writing call was slower than the bound is not trusted', () => {
		const step = nextClaimStep(call(false, false), 2, MAX_TRUSTED_WRITE_MS + 1);
		expect(step.next).toBe('unsafe');
		expect(step).toMatchObject({ why: expect.stringMatching(/took \d+ ms to record the claim/) });
	});

	it('gives up after MAX_ROUNDS erasures', () => {
		expect(nextClaimStep(call(true, true), MAX_ROUNDS, 5).next).toBe('unsafe');
	});

	it('the settle time leaves room for the trusted write time', () => {
		expect(SETTLE_MS).toBeGreaterThan(2 * MAX_TRUSTED_WRITE_MS);
	});
});

// ------------------------------------------------------------------------------------------
// Simulation
// ------------------------------------------------------------------------------------------

/** A tiny deterministic PRNG (mulberry32), so failures can be replayed by seed. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface Schedule {
	contenders: number;
	/** Executions that write unrelated keys to the same row meanwhile (lost updates). */
	unrelated: number;
	/** Longest read → write time of a contender's call, and of an unrelated call (ms). */
	maxContenderCallMs: number;
	maxUnrelatedCallMs: number;
	/** Contenders start within this window (ms). */
	startWindowMs: number;
	/** Whether contenders time their calls (as the node does) or pretend every call was instant. */
	timeCalls: boolean;
}

type Event = { at: number; seq: number; run: () => void };

/** Runs one schedule; returns how many contenders won. */
function simulate(random: () => number, schedule: Schedule): { won: number; taken: number; unsafe: number } {
	let row = new Set<string>();
	const queue: Event[] = [];
	let seq = 0;
	const at = (time: number, run: () => void) => queue.push({ at: time, seq: seq++, run });
	/** One check-and-record: reads at `start`, writes (the read copy plus `keys`) `duration` later. */
	const recordCall = (start: number, duration: number, keys: string[], done: (had: Set<string>, end: number) => void) => {
		at(start, () => {
			const snapshot = new Set(row);
			at(start + duration, () => {
				row = new Set([...snapshot, ...keys]);
				done(new Set(keys.filter((key) => snapshot.has(key))), start + duration);
			});
		});
	};

	const results = { won: 0, taken: 0, unsafe: 0 };
	for (let p = 0; p < schedule.contenders; p++) {
		const answered = 'answered:R';
		const claim = `claim:R:${p}`;
		let lastWriteMs = 0;
		const round = (n: number, start: number) => {
			const duration = 1 + random() * schedule.maxContenderCallMs;
			recordCall(start, duration, [answered, claim], (had, end) => {
				const call = { answeredWasNew: !had.has(answered), claimWasNew: !had.has(claim), durationMs: duration };
				if (call.claimWasNew) lastWriteMs = schedule.timeCalls ? duration : 0;
				const step = nextClaimStep(call, n, lastWriteMs);
				if (step.next === 'verify') round(n + 1, end + SETTLE_MS);
				else results[step.next] += 1;
			});
		};
		round(1, random() * schedule.startWindowMs);
	}
	for (let u = 0; u < schedule.unrelated; u++) {
		const start = random() * (schedule.startWindowMs + 3 * SETTLE_MS);
		recordCall(start, 1 + random() * schedule.maxUnrelatedCallMs, [`other:${u}`], () => undefined);
	}
	while (queue.length > 0) {
		queue.sort((x, y) => x.at - y.at || x.seq - y.seq);
		(queue.shift() as Event).run();
	}
	return results;
}

function runMany(schedule: Schedule, trials = 3000) {
	const totals = { trials, doubleWins: 0, noWinner: 0 };
	for (let seed = 1; seed <= trials; seed++) {
		const { won } = simulate(prng(seed), schedule);
		if (won > 1) totals.doubleWins += 1;
		if (won === 0) totals.noWinner += 1;
	}
	return totals;
}

describe('claim protocol: simulated races over a store with lost updates', () => {
	it('calls within the trusted bound: never two winners, and almost always one', () => {
		const totals = runMany({
			contenders: 3,
			unrelated: 4,
			maxContenderCallMs: MAX_TRUSTED_WRITE_MS,
			maxUnrelatedCallMs: MAX_TRUSTED_WRITE_MS,
			startWindowMs: 600,
			timeCalls: true,
		});
		expect(totals.doubleWins).toBe(0);
		expect(totals.noWinner).toBeLessThan(totals.trials * 0.05);
	});

	it('slow contenders (up to 3 s per call) that time their calls: never two winners', () => {
		const totals = runMany({
			contenders: 3,
			unrelated: 0,
			maxContenderCallMs: 3000,
			maxUnrelatedCallMs: 0,
			startWindowMs: 1500,
			timeCalls: true,
		});
		expect(totals.doubleWins).toBe(0);
	});

	it('the same slow contenders without timing their calls would both win sometimes (the check is needed)', () => {
		const totals = runMany({
			contenders: 3,
			unrelated: 0,
			maxContenderCallMs: 3000,
			maxUnrelatedCallMs: 0,
			startWindowMs: 1500,
			timeCalls: false,
		});
		expect(totals.doubleWins).toBeGreaterThan(0);
	});

	it('the bound holds for every write: an unrelated write held longer than the settle time can erase a won claim', () => {
		// The protocol's stated assumption (README "Attempt safety"): n8n's database answers each write well
		// within a second. A stalled write from before the claim, landing after it was verified, erases it.
		const totals = runMany({
			contenders: 3,
			unrelated: 10,
			maxContenderCallMs: MAX_TRUSTED_WRITE_MS,
			maxUnrelatedCallMs: 3000,
			startWindowMs: 600,
			timeCalls: true,
		});
		expect(totals.doubleWins).toBeGreaterThan(0);
	});
});
