// Lint config for this shim: the workspace's rules plus the globals of plain Node.js ESM.
import root from '../../eslint.config.js';

export default [
  ...root,
  { files: ['**/*.js'], languageOptions: { globals: { process: 'readonly' } } },
];
