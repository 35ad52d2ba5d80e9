// The workspace's rules; this package is plain Node.js ESM (root config: *.js get Node globals).
import root from '../../eslint.config.js';

export default root;
