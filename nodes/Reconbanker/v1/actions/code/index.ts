import { extractFromTextOperation } from './extractFromText.operation';
import { submitOperation } from './submit.operation';

export const codeOperations = [submitOperation, extractFromTextOperation];
