import { describe, expect, it } from 'vitest';
import { chromaOf, mayReachChroma3 } from '../../../station/src/imaging/colour-lab.ts';

describe('mayReachChroma3: rules a colour out only when its chroma is surely below 3', () => {
  it('passes every colour of a dense grid over the whole stretched range whose chroma is 3 or more', () => {
    // a grid of 1/80 from 0 to 1.25 in every channel, and colours beside the neutral axis at
    // every lightness in steps of 1/2048 (finer than the 0.009 the bound allows at its tightest)
    const missed: string[] = [];
    const step = 1 / 80;
    for (let r = 0; r <= 1.25; r += step) {
      for (let g = 0; g <= 1.25; g += step) {
        for (let b = 0; b <= 1.25; b += step) {
          if (chromaOf(r, g, b) >= 3 && !mayReachChroma3(r, g, b)) missed.push(`${r} ${g} ${b}`);
        }
      }
    }
    for (let v = 0; v <= 1.25; v += 1 / 512) {
      for (let d = 0; d <= 0.03; d += 1 / 2048) {
        for (const [r, g, b] of [[v + d, v, v], [v, v + d, v], [v, v, v + d], [v - d, v, v], [v, v - d, v], [v, v, v - d], [v + d, v - d, v], [v, v + d, v - d], [v - d, v, v + d]] as const) {
          if (chromaOf(r, g, b) >= 3 && !mayReachChroma3(r, g, b)) missed.push(`${r} ${g} ${b}`);
        }
      }
    }
    expect(missed.slice(0, 5)).toEqual([]);
  });

  it('rules out the neutral axis and the faint tints that scanner noise leaves', () => {
    for (let v = 0; v <= 1.25; v += 1 / 64) {
      expect(mayReachChroma3(v, v, v)).toBe(false);
      expect(mayReachChroma3(v + 0.002, v, v - 0.002)).toBe(false);
    }
  });
});
