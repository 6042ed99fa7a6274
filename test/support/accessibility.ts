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

/**
 * Tabs from the top of the page until the focus comes back round (or leaves the page): each
 * focused control once, in order. `limit` is a safety net for a focus trap.
 */
export async function tabThrough(page: Page, limit = 200): Promise<AxInfo[]> {
  await page.evaluate(() => { (document.activeElement as HTMLElement | null)?.blur(); window.getSelection()?.removeAllRanges(); });
  const seen: AxInfo[] = [];
  const marks = new Set<string>();
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const mark = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      if (!el.hasAttribute('data-tab-mark')) el.setAttribute('data-tab-mark', String(document.querySelectorAll('[data-tab-mark]').length));
      return el.getAttribute('data-tab-mark');
    });
    if (mark === null || marks.has(mark)) break;
    marks.add(mark);
    seen.push((await axOf(page, 'document.activeElement'))!);
  }
  await page.evaluate(() => document.querySelectorAll('[data-tab-mark]').forEach((el) => el.removeAttribute('data-tab-mark')));
  return seen;
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
