import { AR, FA, HI } from './ar-fa-hi';
import { BLIND } from './blind';
import { JA, KO, ZH } from './cjk';
import { EN } from './en';
import { ES } from './es';
import { DE, FR, IT, NL, PL } from './europe';
import { HTML } from './html';
import { MORE } from './more';
import { PT } from './pt';
import { RU, TR } from './tr-ru';
import type { CorpusMessage } from './types';

export type { CorpusMessage, Lang } from './types';

export const CORPUS: readonly CorpusMessage[] = [
	...EN, ...ES, ...PT, ...DE, ...FR, ...IT, ...NL, ...PL, ...TR, ...RU, ...ZH, ...JA, ...KO, ...AR, ...FA, ...HI, ...HTML, ...MORE, ...BLIND,
];
