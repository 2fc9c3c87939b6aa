import { defineConfig } from 'vitest/config';

// The container checks (image.test.ts), run by scripts/container/test.sh once the image is built;
// never by `npm test`, whose include is test/**. One file, in order: the checks share the engine.
export default defineConfig({
  test: {
    include: ['scripts/container/*.test.ts'],
    // Upper bounds on waits that come from the engine (health checks every few seconds, a
    // stop that may take the whole grace period), far above what they take on a quiet machine.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
