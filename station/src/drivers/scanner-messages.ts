/**
 * The pieces of the clerk's scanner messages that SANE and eSCL share: where the trouble came
 * (after which page) and the way on (put back the unscanned sheets, or start again).
 */

/** « după pagina 5», or '' when no page came yet. */
export function afterPage(pages: number, last: number): string {
  return pages > 0 ? ` după pagina ${last}` : '';
}

/** The end of a message: how the clerk goes on once the trouble is cleared. */
export function resumeHint(pages: number): string {
  return pages > 0 ? ', puneți înapoi foile nescanate și continuați lotul.' : ', apoi porniți din nou scanarea.';
}

export function paperJamText(pages: number, last: number): string {
  return pages > 0
    ? `Hârtia s-a blocat în scaner după pagina ${last}. Scoateți foaia blocată, puneți înapoi foile nescanate și continuați lotul.`
    : 'Hârtia s-a blocat în scaner la prima foaie. Scoateți foaia blocată, puneți foile înapoi în alimentator și porniți din nou scanarea.';
}
