import { findWaitingAccountOperation } from './findWaitingAccount.operation';
import { getStatusOperation } from './getStatus.operation';
import { waitForCodeRequestOperation } from './waitForCodeRequest.operation';

export const accountOperations = [getStatusOperation, waitForCodeRequestOperation, findWaitingAccountOperation];
