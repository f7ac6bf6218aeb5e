/**
 * The whole corpus (test/nodes/shared/extract/corpus): ≥ 400 messages in ≥ 12 languages, written
 * after real bank and service formats. A wrong code — a code other than the expected one, or any code
 * where a refusal is expected — fails the run. Recall (codes found / codes expected) is printed per
 * language and held above a floor.
 */
import { extractCode } from '../../../../nodes/shared/extract';
import { isReconbankerInputError } from '../../../../nodes/shared/errors';
import { CORPUS, type CorpusMessage } from './corpus';

type Outcome = { code: string } | { refused: string };

function run(message: CorpusMessage): Outcome {
	try {
		return { code: extractCode(message.text, message.descriptor).code };
	} catch (error) {
		if (!isReconbankerInputError(error)) throw error;
		return { refused: error.reason === 'not_found' ? 'none' : error.reason === 'bidi_control' ? 'bidi' : error.reason };
	}
}

const REFUSALS = new Set(['ambiguous', 'none', 'bidi']);
const results = CORPUS.map((message) => ({ message, outcome: run(message) }));

describe('extraction corpus', () => {
	test('is large and varied enough to mean something', () => {
		expect(CORPUS.length).toBeGreaterThanOrEqual(400);
		expect(new Set(CORPUS.map((message) => message.lang)).size).toBeGreaterThanOrEqual(12);
		for (const message of CORPUS) {
			expect(typeof message.text).toBe('string');
			expect(message.expected === message.expected.trim() && message.expected !== '').toBe(true);
		}
	});

	test('never returns a wrong code', () => {
		const wrong = results
			.filter(({ message, outcome }) => 'code' in outcome && outcome.code !== message.expected)
			.map(({ message, outcome }) => `[${message.lang}] ${message.note}: expected ${message.expected}, got ${(outcome as { code: string }).code}`);
		expect(wrong).toEqual([]);
	});

	test('finds most codes (recall printed per language)', () => {
		const stats = new Map<string, { expected: number; found: number; refusals: number; refusedRight: number }>();
		const missed: string[] = [];
		for (const { message, outcome } of results) {
			const row = stats.get(message.lang) ?? { expected: 0, found: 0, refusals: 0, refusedRight: 0 };
			if (REFUSALS.has(message.expected)) {
				row.refusals++;
				if ('refused' in outcome && outcome.refused === message.expected) row.refusedRight++;
			} else {
				row.expected++;
				if ('code' in outcome && outcome.code === message.expected) row.found++;
				else missed.push(`[${message.lang}] ${message.note}: ${'refused' in outcome ? outcome.refused : 'wrong'}`);
			}
			stats.set(message.lang, row);
		}
		const total = [...stats.values()].reduce(
			(sum, row) => ({
				expected: sum.expected + row.expected,
				found: sum.found + row.found,
				refusals: sum.refusals + row.refusals,
				refusedRight: sum.refusedRight + row.refusedRight,
			}),
			{ expected: 0, found: 0, refusals: 0, refusedRight: 0 },
		);
		const percent = (part: number, whole: number): string => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`);
		const lines = [...stats.entries()]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(
				([lang, row]) =>
					`${lang.padEnd(3)} messages ${String(row.expected + row.refusals).padStart(3)}  codes found ${row.found}/${row.expected} (${percent(row.found, row.expected)})  refusals as labelled ${row.refusedRight}/${row.refusals}`,
			);
		console.log(
			[
				`Extraction corpus: ${CORPUS.length} messages, ${stats.size} languages, 0 wrong codes required`,
				`recall ${total.found}/${total.expected} = ${(total.found / total.expected).toFixed(3)}; refusals as labelled ${total.refusedRight}/${total.refusals}`,
				...lines,
				...(missed.length > 0 ? ['missed (refused instead of the code):', ...missed.map((line) => `  ${line}`)] : []),
			].join('\n'),
		);
		expect(total.found / total.expected).toBeGreaterThanOrEqual(0.9);
	});
});
