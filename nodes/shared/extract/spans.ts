/**
 * Sorted text spans with the few look-ups extraction needs, each in O(log n): is a range inside any
 * span, which span ends last before a position, which starts first after it, does any start in a range.
 *
 * Pure helpers: no n8n imports, no npm packages.
 */

export interface Span {
	start: number;
	end: number;
}

/** Index of the first element of a sorted array that is >= value. */
function lowerBound(sorted: readonly number[], value: number): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (sorted[middle] < value) low = middle + 1;
		else high = middle;
	}
	return low;
}

export class SpanIndex {
	private readonly byStart: Span[];
	private readonly starts: number[];
	/** maxEnd[i]: the largest end among byStart[0..i]. */
	private readonly maxEnd: number[];
	private readonly byEnd: Span[];
	private readonly ends: number[];

	constructor(spans: readonly Span[]) {
		this.byStart = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
		this.starts = this.byStart.map((span) => span.start);
		this.maxEnd = [];
		let max = -1;
		for (const span of this.byStart) {
			max = Math.max(max, span.end);
			this.maxEnd.push(max);
		}
		this.byEnd = [...spans].sort((a, b) => a.end - b.end || a.start - b.start);
		this.ends = this.byEnd.map((span) => span.end);
	}

	get size(): number {
		return this.byStart.length;
	}

	all(): readonly Span[] {
		return this.byStart;
	}

	/** Is [start, end) inside one span? */
	covers(start: number, end: number): boolean {
		const last = lowerBound(this.starts, start + 1) - 1;
		return last >= 0 && this.maxEnd[last] >= end;
	}

	/** The span with the largest end <= position (the nearest one finishing before it). */
	lastEndingAtOrBefore(position: number): Span | null {
		const index = lowerBound(this.ends, position + 1) - 1;
		return index >= 0 ? this.byEnd[index] : null;
	}

	/** The span with the smallest start >= position. */
	firstStartingAtOrAfter(position: number): Span | null {
		const index = lowerBound(this.starts, position);
		return index < this.byStart.length ? this.byStart[index] : null;
	}

	/** Does any span start in [from, to)? */
	anyStartIn(from: number, to: number): boolean {
		const index = lowerBound(this.starts, from);
		return index < this.starts.length && this.starts[index] < to;
	}
}
