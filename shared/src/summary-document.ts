/**
 * Which of summary.json's documents a document of the review page's layout still is — one rule for
 * the station's layout (review-routes: the department) and the review page (the number shown).
 * `d<i>` is the summary's i-th document (ids may repeat — a number given twice —, positions do not),
 * `n<i>` a part the clerk split off. A `d<i>` under the summary's own id is still that document, its
 * pages moved or not: it keeps the number the borderou gave it (`assignedId`, matched by that id when
 * the corrections are saved) and with it its department. Renumbered by the clerk, it is not. Its PDF
 * and its sheets are the summary's only while its pages are unchanged too (the page's `changed`).
 */

/** The summary's document at the layout document's position (`d<i>`), whatever its number now: how it began. */
export function summaryDocumentAt<D>(documents: readonly D[] | undefined, key: string): D | undefined {
  return key.startsWith('d') ? documents?.[Number(key.slice(1))] : undefined;
}

/** The summary's document the layout document still is (same position, same id), or undefined. */
export function summaryDocumentOf<D extends { id: string }>(documents: readonly D[] | undefined, doc: { key: string; id: string }): D | undefined {
  const d = summaryDocumentAt(documents, doc.key);
  return d && d.id === doc.id ? d : undefined;
}

/** The number a layout document goes by: the borderou's for a document still the summary's, else its own. */
export function givenNumber(documents: readonly { id: string; assignedId?: string }[] | undefined, doc: { key: string; id: string }): string {
  return summaryDocumentOf(documents, doc)?.assignedId ?? doc.id;
}
