import { defineConfig } from 'vitest/config';
import { HeavyFirstSequencer } from './test/support/heavy-first-sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // safety nets only (a hang fails here, never a slow machine): no test asserts a duration. 60 s
    // was not one: at a load average of 40 a split child of 4 pages (image-inputs-fidelity), seven G3
    // splits (scanner-pdf-fidelity) and the demo's generation (interrupt) each ran past it
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // expect.poll waits for a state the test cannot be told of (a page drawn, a count reached): 60 s, not vitest's 1 s
    expect: { poll: { timeout: 60_000 } },
    // one process per file on the 2 cores CI has (threads share one heap and native libraries)
    pool: 'forks',
    maxWorkers: 2,
    sequence: { sequencer: HeavyFirstSequencer },
  },
});
