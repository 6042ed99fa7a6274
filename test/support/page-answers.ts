/**
 * When a page has done with an answer: a test that holds one answer back (page.route) and lets it
 * through late must know that the page's own code has read it and drawn what it does with it before
 * it looks at the page — the network saying the answer is in is not that.
 * `countAnswersRead` (before the page's first load) counts, per path, each answer whose JSON the
 * page's code has read, one task after it was read: by then every promise waiting on it has run
 * and preact has rendered (its renders are microtasks).
 */
import type { Page, Route } from 'playwright-core';

export async function countAnswersRead(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const read: Record<string, number> = {};
    (window as unknown as { answersRead: Record<string, number> }).answersRead = read;
    const fetchOf = window.fetch.bind(window);
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await fetchOf(input, init);
      const at = new URL(res.url || String(input), location.href).pathname;
      const json = res.json.bind(res);
      res.json = async () => {
        try {
          return await json();
        } finally {
          setTimeout(() => void (read[at] = (read[at] ?? 0) + 1), 0);
        }
      };
      return res;
    };
  });
}

/** How many answers of `pathname` the page's code has read and drawn (countAnswersRead first). */
export function answersRead(page: Page, pathname: string): Promise<number> {
  return page.evaluate((p) => (window as unknown as { answersRead?: Record<string, number> }).answersRead?.[p] ?? 0, pathname);
}

export interface HeldAnswer {
  /** Resolves when the first matching request has reached the route (its answer is taken then, and kept). */
  held: Promise<void>;
  /** Lets the kept answer through, as it was when it was asked. */
  release(): Promise<void>;
}

/** The first request matching `url` gets the server's answer of that moment, but only when `release()` is called; the others go through. */
export async function holdFirstAnswer(page: Page, url: string | RegExp | ((u: URL) => boolean)): Promise<HeldAnswer> {
  let release!: () => Promise<void>;
  let arrived!: () => void;
  const held = new Promise<void>((resolve) => void (arrived = resolve));
  let n = 0;
  await page.route(url, async (route: Route) => {
    if (++n !== 1) return route.continue();
    const response = await route.fetch();
    release = () => route.fulfill({ response });
    arrived();
  });
  return { held, release: () => release() };
}
