/**
 * `scanimage -A` (`--all-options`) output → typed options (pure).
 *
 * Each option line is what scanimage's print_option() writes:
 *   `    --name <constraint>[unit][,...] [ (in steps of q)] [current value] [flags]`
 * with `-l`/`-t`/`-x`/`-y` for the scan area, `--name[=(yes|no)]` for booleans, nothing after the
 * name for buttons, and `[inactive]`, `[advanced]`, `[read-only]`, `[hardware]` flags at the end.
 * Group titles are indented by two spaces and end with a colon; descriptions by eight.
 * Values may themselves hold brackets (`24bit Color[Fast]`), so the trailing `[...]` groups are
 * matched from the end, by depth.
 */
import type { DeviceOption } from '../driver.ts';

export interface SaneOption extends DeviceOption {
  /** Group title shown by scanimage (`Geometry`, `Scan Mode`, ...), when there is one. */
  group?: string;
  description?: string;
  /** `[read-only]`: the device reports it, nobody sets it. */
  readOnly?: boolean;
  /** `[hardware]`: set by a switch or button on the device. */
  hardware?: boolean;
  advanced?: boolean;
  /** Takes a list of values (gamma tables): `0..255,...`. */
  array?: boolean;
}

export interface ParsedOptions {
  /** Device name from the `All options specific to device `...':` header. */
  device?: string;
  options: SaneOption[];
}

const UNITS = ['pel', 'bit', 'mm', 'dpi', '%', 'us'];
const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:e[+-]?\d+)?`;
const RANGE = new RegExp(String.raw`^(${NUMBER})\.\.(${NUMBER})(${UNITS.join('|')})?(,\.\.\.)?(?:\s+\(in steps of (${NUMBER})\))?$`, 'i');
const FLAGS = new Set(['inactive', 'advanced', 'read-only', 'hardware', 'emulated', 'automatic']);

export function parseScanimageOptions(text: string): ParsedOptions {
  const result: ParsedOptions = { options: [] };
  let group: string | undefined;
  let current: SaneOption | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, '');
    const header = /^All options specific to device [`'](.*)':$/.exec(line.trim());
    if (header) {
      result.device = header[1];
      group = undefined;
      current = undefined;
      continue;
    }
    const optionLine = /^\s{2,6}(--?[^\s-].*)$/.exec(line);
    if (optionLine && /^\s+-/.test(line) && !/^\s{8}/.test(line)) {
      current = parseOptionLine(optionLine[1]!);
      if (current) {
        if (group) current.group = group;
        result.options.push(current);
      }
      continue;
    }
    const groupTitle = /^ {2}(\S.*):$/.exec(line);
    if (groupTitle && result.device !== undefined) {
      group = groupTitle[1]!;
      current = undefined;
      continue;
    }
    if (current && /^\s{8}\S/.test(line)) {
      const text = line.trim();
      current.description = current.description ? `${current.description} ${text}` : text;
    }
  }
  return result;
}

/** One option line without its indentation, e.g. `--mode Lineart|Gray|Color [Color]`. */
export function parseOptionLine(line: string): SaneOption | undefined {
  const bool = /^--?(.+?)\[=\(((?:auto\|)?yes\|no)\)\](.*)$/.exec(line);
  if (bool) {
    const option: SaneOption = { name: bool[1]!.trim(), kind: 'bool', values: bool[2]!.split('|') };
    applyTrailer(option, splitTrailer(bool[3]!.trim()));
    return option;
  }
  const head = /^--?(\S+)(.*)$/.exec(line);
  if (!head) return undefined;
  const option: SaneOption = { name: head[1]!, kind: 'button' };
  const trailer = splitTrailer(head[2]!.trim());
  applyTrailer(option, trailer);
  applyConstraint(option, trailer.constraint);
  return option;
}

interface Trailer {
  constraint: string;
  value?: string;
  flags: string[];
}

/** Splits `A|B|C [B] [advanced]` into the constraint, the current value and the flags. */
function splitTrailer(text: string): Trailer {
  const flags: string[] = [];
  let rest = text;
  let value: string | undefined;
  for (;;) {
    const group = lastBracketGroup(rest);
    if (!group) break;
    rest = rest.slice(0, group.start).trimEnd();
    if (FLAGS.has(group.inner)) {
      flags.unshift(group.inner);
      continue;
    }
    value = group.inner; // the current value comes before the flags: nothing further left is ours
    break;
  }
  return { constraint: rest.trim(), value, flags };
}

/** The `[...]` group that ends `text`, when it stands on its own (at the start or after a space). */
function lastBracketGroup(text: string): { inner: string; start: number } | undefined {
  if (!text.endsWith(']')) return undefined;
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i];
    if (c === ']') depth++;
    else if (c === '[') {
      depth--;
      if (depth === 0) {
        if (i > 0 && text[i - 1] !== ' ') return undefined;
        return { inner: text.slice(i + 1, -1), start: i };
      }
    }
  }
  return undefined;
}

function applyTrailer(option: SaneOption, trailer: Trailer): void {
  if (trailer.value !== undefined) option.defaultValue = trailer.value;
  if (trailer.flags.includes('inactive')) option.inactive = true;
  if (trailer.flags.includes('read-only')) option.readOnly = true;
  if (trailer.flags.includes('hardware')) option.hardware = true;
  if (trailer.flags.includes('advanced')) option.advanced = true;
}

function applyConstraint(option: SaneOption, constraint: string): void {
  if (constraint === '') return; // a button
  let text = constraint;
  const extra: string[] = [];
  // `auto|0..216mm`: the backend can choose the value itself
  if (/^auto\|/.test(text) && text !== 'auto|') {
    extra.push('auto');
    text = text.replace(/^auto\|+/, '');
  }
  const typed = /^<(int|float|string)>(,\.\.\.)?$/.exec(text);
  if (typed) {
    option.kind = typed[1] === 'string' ? 'string' : 'number';
    if (typed[2]) option.array = true;
    if (extra.length) option.values = extra;
    return;
  }
  const range = RANGE.exec(text);
  if (range) {
    option.kind = 'range';
    option.range = { min: Number(range[1]), max: Number(range[2]) };
    if (range[5] !== undefined) option.range.step = Number(range[5]);
    if (range[3]) option.unit = range[3];
    if (range[4]) option.array = true;
    if (extra.length) option.values = extra;
    return;
  }
  option.kind = 'enum';
  if (text.endsWith(',...')) {
    option.array = true;
    text = text.slice(0, -4);
  }
  const items = text.split('|').map((v) => v.trim()).filter((v) => v !== '');
  const numeric = numericList(items);
  if (numeric) {
    option.values = [...extra, ...numeric.values];
    if (numeric.unit) option.unit = numeric.unit;
  } else {
    option.values = [...extra, ...items];
  }
}

/** `75|150|300dpi` → ['75','150','300'] + 'dpi'; undefined when any item is not a number. */
function numericList(items: string[]): { values: string[]; unit?: string } | undefined {
  if (items.length === 0) return undefined;
  const last = items[items.length - 1]!;
  const unit = UNITS.find((u) => last.endsWith(u) && new RegExp(`^${NUMBER}$`, 'i').test(last.slice(0, -u.length)));
  const values = items.map((v, i) => (i === items.length - 1 && unit ? v.slice(0, -unit.length) : v));
  if (!values.every((v) => new RegExp(`^${NUMBER}$`, 'i').test(v))) return undefined;
  return unit ? { values, unit } : { values };
}
