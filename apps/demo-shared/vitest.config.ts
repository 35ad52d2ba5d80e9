import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'demo-shared',
    environment: 'node',
    include: ['*.test.ts'],
  },
});
