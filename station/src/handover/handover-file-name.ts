/**
 * File names for handover lists that are safe on Linux and Windows and readable by the clerk:
 * `predare-2021-09-28-directia-relatii-cu-publicul.pdf`, `predare-2021-09-28-nerepartizate.pdf`.
 */
const MAX_SLUG = 60;

export function slugify(text: string): string {
  const slug = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, MAX_SLUG).replace(/-+$/, '') || 'structura';
}

/** One name per list, in list order; two departments that slug alike get `-2`, `-3`. */
export function handoverFileNames(departments: ReadonlyArray<string | null>, isoDate: string): string[] {
  const used = new Set<string>();
  return departments.map((d) => {
    const base = `predare-${isoDate}-${d === null ? 'nerepartizate' : slugify(d)}`;
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    return `${name}.pdf`;
  });
}
