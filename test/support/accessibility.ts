/**
 * What a screen reader gets from the page, read from Chromium's own accessibility tree (CDP):
 * the role, accessible name and description of an element, and a keyboard walk with Tab through
 * every focusable control. Plus the checks for Romanian text: comma-below ș ț, never cedilla ş ţ,
 * and none of the usual English control words or Romanian words missing their diacritics.
 */
import type { CDPSession, Page } from 'playwright-core';

export interface AxInfo {
  role: string;
  name: string;
  description: string;
  /** The element's tag, id and classes, to say which control failed. */
  where: string;
}

interface AxValue { value?: unknown }
interface AxNode { role?: AxValue; name?: AxValue; description?: AxValue; ignored?: boolean }

const cdps = new WeakMap<Page, CDPSession>();
async function cdpOf(page: Page): Promise<CDPSession> {
  let cdp = cdps.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Accessibility.enable');
    cdps.set(page, cdp);
  }
  return cdp;
}

/** The accessible role, name and description of the element `expression` (page JavaScript) evaluates to, or null. */
export async function axOf(page: Page, expression: string): Promise<AxInfo | null> {
  const cdp = await cdpOf(page);
  const { result } = await cdp.send('Runtime.evaluate', { expression });
  if (!result.objectId) return null;
  const where = await cdp.send('Runtime.callFunctionOn', {
    objectId: result.objectId, returnByValue: true,
    functionDeclaration: 'function () { return this.tagName ? this.tagName.toLowerCase() + (this.id ? "#" + this.id : "") + (this.className && typeof this.className === "string" ? "." + this.className.trim().split(/\\s+/).join(".") : "") + (this.type ? "[" + this.type + "]" : "") : String(this); }',
  });
  const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { objectId: result.objectId, fetchRelatives: false }) as { nodes: AxNode[] };
  const node = nodes[0];
  if (!node) return null;
  return {
    role: String(node.role?.value ?? ''), name: String(node.name?.value ?? ''),
    description: String(node.description?.value ?? ''), where: String(where.result.value),
  };
}

export interface TabWalk {
  /** Each control the focus reached, in order. */
  controls: AxInfo[];
  /** Visible, enabled controls a mouse user can use that Tab never reached (tag#id.class). */
  missed: string[];
}

/**
 * Tabs from the top of the page until the focus comes back round (or leaves the page): each
 * focused control once, in order; then which visible controls of `within` (a CSS selector) it
 * never reached. `limit` is a
 * safety net for a focus trap.
 */
export async function tabThrough(page: Page, within = 'body', limit = 300): Promise<TabWalk> {
  // Tab goes on from the last focused or clicked place: start from a mark before everything else
  // (inside `within`: a modal dialog keeps the focus in itself)
  await page.evaluate((within) => {
    const start = document.createElement('span');
    start.tabIndex = -1;
    start.setAttribute('data-tab-start', '');
    document.querySelector(within)!.prepend(start);
    start.focus();
  }, within);
  const controls: AxInfo[] = [];
  const marks = new Set<string>();
  let last: string | null = null;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const mark = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      if (!el.hasAttribute('data-tab-mark')) el.setAttribute('data-tab-mark', String(document.querySelectorAll('[data-tab-mark]').length));
      return el.getAttribute('data-tab-mark');
    });
    if (mark === null) break;
    if (mark === last) continue; // the next field inside one control (day, month, year of a date)
    if (marks.has(mark)) break;
    last = mark;
    marks.add(mark);
    controls.push((await axOf(page, 'document.activeElement'))!);
  }
  const missed = await page.evaluate((within) => {
    const selector = 'a[href], button, input, select, textarea, summary, [tabindex]';
    const out: string[] = [];
    for (const el of Array.from(document.querySelector(within)!.querySelectorAll<HTMLElement>(selector))) {
      if (el.hasAttribute('data-tab-mark') || el.tabIndex < 0 || (el as HTMLButtonElement).disabled) continue;
      if (el.getClientRects().length === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
      // a radio group is one stop: the checked radio (or the first) stands for the others
      const radio = el as HTMLInputElement;
      if (radio.type === 'radio' && radio.name && document.querySelector(`input[type=radio][name="${radio.name}"][data-tab-mark]`)) continue;
      out.push(el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.textContent?.trim() ? ` «${el.textContent.trim().slice(0, 40)}»` : ''));
    }
    document.querySelectorAll('[data-tab-mark]').forEach((el) => el.removeAttribute('data-tab-mark'));
    document.querySelector('[data-tab-start]')?.remove();
    return out;
  }, within);
  return { controls, missed };
}

/** English words a control of ours must not say (the browser's own file-picker words included). */
const ENGLISH = /\b(choose|chosen|select|submit|search|close|open|next|previous|cancel|delete|save|browse|upload|download|reset|clear|menu|toggle|loading|error|no file)\b/i;
/** Romanian words of our pages written without their diacritics. */
const BARE = /\b(salveaza|inchide|sterge|cauta|porneste|incarca|adauga|urmatoare\w*|inapoi|fisier\w*|alegeti|apasati|continua|pastreaza|tipareste|iesire|descarca|inregistrare|saptamana\w*|statii|data zilei|rand\w*)\b/i;

/** What is wrong with a text meant for a Romanian clerk, or null. */
export function romanianProblem(text: string): string | null {
  if (/[şţŞŢ]/.test(text)) return 'ş/ţ cu sedilă în loc de ș/ț cu virgulă';
  const english = ENGLISH.exec(text);
  if (english) return `cuvânt englezesc «${english[0]}»`;
  const bare = BARE.exec(text);
  if (bare) return `fără diacritice «${bare[0]}»`;
  return null;
}

/** Each control without an accessible name, or whose name or description is not plain Romanian. */
export function controlProblems(controls: AxInfo[]): string[] {
  const out: string[] = [];
  for (const c of controls) {
    if (!c.name.trim()) out.push(`${c.where} (${c.role}): fără nume accesibil`);
    for (const text of [c.name, c.description]) {
      const problem = text && romanianProblem(text);
      if (problem) out.push(`${c.where} (${c.role}) «${text}»: ${problem}`);
    }
  }
  return out;
}

/** Links and buttons that share one accessible name on a page: a screen reader's list of them cannot tell them apart. */
export function sameNames(controls: AxInfo[]): string[] {
  const seen = new Map<string, number>();
  for (const c of controls) {
    if (c.role !== 'link' && c.role !== 'button') continue;
    const key = `${c.role} «${c.name}»`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key, n]) => `${key}: de ${n} ori, fără să spună la ce se referă`);
}

/**
 * A page walked with the keyboard (tabThrough inside `within`) and read: every control Tab reached,
 * and what is wrong for a Romanian clerk using it — controls unnamed or not in plain Romanian, links
 * and buttons named alike, controls Tab never reaches, the title, headings and lines of text not in
 * plain Romanian.
 */
export async function keyboardWalkProblems(page: Page, within = 'body'): Promise<{ controls: AxInfo[]; problems: string[] }> {
  const { controls, missed } = await tabThrough(page, within);
  const titles = [await page.title(), ...await page.getByRole('heading').allTextContents()];
  const lines = (await page.locator('body').innerText()).split('\n');
  return {
    controls,
    problems: [
      ...controlProblems(controls),
      ...sameNames(controls),
      ...missed.map((m) => `${m}: nu se ajunge la el cu Tab`),
      ...titles.flatMap((h) => { const p = romanianProblem(h); return p ? [`titlul «${h}»: ${p}`] : []; }),
      ...lines.flatMap((line) => { const p = romanianProblem(line); return p ? [`textul «${line.trim().slice(0, 80)}»: ${p}`] : []; }),
    ],
  };
}
