/**
 * A Clock that moves only when the test says so: timers fire, in order, during advance(). Code
 * under test that waits on it (a timeout, a quiet or idle period) is driven step by step, so no
 * test races the wall clock.
 */
import type { Clock } from '../../shared/src/clock.ts';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
}

export class ManualClock implements Clock {
  private t = 0;
  private seq = 0;
  private timers: Timer[] = [];
  private waiters: Array<() => void> = [];

  now(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): () => void {
    const timer: Timer = { at: this.t + Math.max(0, ms), seq: ++this.seq, fn };
    this.timers.push(timer);
    for (const wake of this.waiters.splice(0)) wake();
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }

  /** Timers set and not yet fired or cancelled. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, earliest first. */
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = Math.max(this.t, due.at);
      due.fn();
    }
    this.t = target;
  }

  /** Settles once a timer is pending: the code under test has gone to wait on this clock. */
  async waiting(): Promise<void> {
    while (this.timers.length === 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}
