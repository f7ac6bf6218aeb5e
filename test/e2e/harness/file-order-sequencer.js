'use strict';
/**
 * Runs test files in the order of their paths. The queue-mode files share one cluster and some of
 * them restart or kill its processes: their numbered names (01-…, 02-…) say when that happens.
 */
const Sequencer = require('@jest/test-sequencer').default;

class FileOrderSequencer extends Sequencer {
	sort(tests) {
		return [...tests].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	}
}

module.exports = FileOrderSequencer;
