/**
 * Two requests of one kind (a list asked again while the last answer is still on its way) travel on
 * two connections: their answers may come back in either order. Only the newest one asked is shown,
 * so an older answer arriving late never puts back on the page what was true before.
 */
export type ShowNewest = <T>(answer: Promise<T>, show: (value: T) => void, fail: (err: unknown) => void) => Promise<void>;

/** One per kind of request (`useMemo(newestAnswer, [])` in a component): settles after `show` or `fail`, or at once for an answer a newer request has overtaken. */
export function newestAnswer(): ShowNewest {
  let asked = 0;
  return async (answer, show, fail) => {
    const mine = ++asked;
    try {
      const value = await answer;
      if (mine === asked) show(value);
    } catch (err) {
      if (mine === asked) fail(err);
    }
  };
}
