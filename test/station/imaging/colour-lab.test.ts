import { describe, expect, it } from 'vitest';
import { chromaAtMost, chromaOf, mayReachChroma, type ChromaLevel } from '../../../station/src/imaging/colour-lab.ts';
import { rng } from '../../support/make-pages.ts';

describe('mayReachChroma: rules a colour out only when its chroma is surely below the level', () => {
  for (const level of [3, 6] as ChromaLevel[]) {
    it(`passes every colour of a dense grid over the whole stretched range whose chroma is ${level} or more`, () => {
      // a grid of 1/80 from 0 to 1.25 in every channel, and colours beside the neutral axis at
      // every lightness in steps of 1/2048 (finer than the 0.009 the bound allows at its tightest)
      const missed: string[] = [];
      const step = 1 / 80;
      for (let r = 0; r <= 1.25; r += step) {
        for (let g = 0; g <= 1.25; g += step) {
          for (let b = 0; b <= 1.25; b += step) {
            if (chromaOf(r, g, b) >= level && !mayReachChroma(r, g, b, level)) missed.push(`${r} ${g} ${b}`);
          }
        }
      }
      for (let v = 0; v <= 1.25; v += 1 / 512) {
        for (let d = 0; d <= 0.01 * level; d += 1 / 2048) {
          for (const [r, g, b] of [[v + d, v, v], [v, v + d, v], [v, v, v + d], [v - d, v, v], [v, v - d, v], [v, v, v - d], [v + d, v - d, v], [v, v + d, v - d], [v - d, v, v + d]] as const) {
            if (chromaOf(r, g, b) >= level && !mayReachChroma(r, g, b, level)) missed.push(`${r} ${g} ${b}`);
          }
        }
      }
      expect(missed.slice(0, 5)).toEqual([]);
    });
  }

  it('rules out the neutral axis and the faint tints that scanner noise leaves', () => {
    for (let v = 0; v <= 1.25; v += 1 / 64) {
      expect(mayReachChroma(v, v, v, 3)).toBe(false);
      expect(mayReachChroma(v + 0.002, v, v - 0.002, 3)).toBe(false);
      expect(mayReachChroma(v + 0.006, v, v - 0.006, 6)).toBe(false);
    }
  });

  it('within eps: passes a colour when a colour that near it passes', () => {
    const next = rng(5);
    const missed: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const v = next() * 1.25, eps = next() * 0.002;
      const c = [v + (next() - 0.5) * 0.08, v + (next() - 0.5) * 0.08, v + (next() - 0.5) * 0.08] as const;
      const near = c.map((x) => x + (next() * 2 - 1) * eps) as unknown as [number, number, number];
      for (const level of [3, 6] as ChromaLevel[]) if (mayReachChroma(...near, level) && !mayReachChroma(...c, level, eps)) missed.push(`${c} ${near} ${eps}`);
    }
    expect(missed.slice(0, 5)).toEqual([]);
  });
});

describe('chromaAtMost: no colour within eps has a higher chroma', () => {
  it('bounds the chroma of colours in the box, its corners included, and is close to the chroma itself', () => {
    const next = rng(9);
    const over: string[] = [];
    let slack = 0;
    for (let i = 0; i < 100_000; i++) {
      const v = next() * 1.2, eps = [0, 2e-4, 1e-3][i % 3]!;
      const c = [v + (next() - 0.5) * 0.2, v + (next() - 0.5) * 0.2, v + (next() - 0.5) * 0.2] as const;
      const bound = chromaAtMost(c[0], c[1], c[2], eps);
      const corner = (k: number) => c.map((x, j) => x + (((k >> j) & 1) ? eps : -eps) * (i % 2 ? 1 : next())) as unknown as [number, number, number];
      for (let k = 0; k < 8; k++) if (chromaOf(...corner(k)) > bound) over.push(`${c} ${eps} ${k}`);
      if (eps === 2e-4) slack = Math.max(slack, bound - chromaOf(...c));
    }
    expect(over.slice(0, 5)).toEqual([]);
    // a bound, not a guess: 2e-4 moves the chroma by about a table step at most
    expect(slack).toBeLessThan(2);
  });
});
