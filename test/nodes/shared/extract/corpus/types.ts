/**
 * The extraction corpus: messages written after the real formats banks and services send (SMS,
 * e-mail, chat), each labelled with what a careful person would take from it.
 *
 * expected: the code; 'ambiguous' when two or more codes are possible and picking one is a guess;
 * 'none' when the message holds no code (alerts, statements, promotions, a code the text disowns);
 * 'bidi' when text-direction controls make what is shown differ from what is written.
 * Codes, names, numbers and domains are made up.
 */
import type { CodeDescriptor } from '../../../../../nodes/shared/descriptor';

export type Lang =
	| 'en' | 'es' | 'pt' | 'de' | 'fr' | 'it' | 'nl' | 'pl' | 'tr' | 'ru' | 'zh' | 'ja' | 'ko' | 'ar' | 'fa' | 'hi';

export interface CorpusMessage {
	lang: Lang;
	/** Where the format comes from, in a few words. */
	note: string;
	text: string;
	descriptor?: CodeDescriptor;
	expected: string;
}

export const SIX: CodeDescriptor = { length: 6, type: 'numeric' };
export const FOUR: CodeDescriptor = { length: 4, type: 'numeric' };
export const FIVE: CodeDescriptor = { length: 5, type: 'numeric' };
export const SEVEN: CodeDescriptor = { length: 7, type: 'numeric' };
export const EIGHT: CodeDescriptor = { length: 8, type: 'numeric' };
export const ALNUM6: CodeDescriptor = { length: 6, type: 'alphanumeric' };
export const ALNUM8: CodeDescriptor = { length: 8, type: 'alphanumeric' };
