/**
 * Checks a device option given with `--option name=value` against what the device reported in
 * `scanimage -A`, and turns it into scanimage arguments (pure). Anything wrong is OPTION_INVALID
 * with a Romanian message that tells the clerk which values are allowed.
 */
import { StationError } from '../../../../shared/src/errors.ts';
import type { DeviceOption } from '../driver.ts';
import type { SaneOption } from './parse-scanimage-options.ts';

const YES = new Set(['yes', 'y', 'true', '1', 'on', 'da']);
const NO = new Set(['no', 'n', 'false', '0', 'off', 'nu']);

/** The value scanimage should receive for `option`, or OPTION_INVALID. */
export function checkDeviceOption(option: DeviceOption & Partial<SaneOption>, rawValue: string): string {
  const { name } = option;
  const value = rawValue.trim();
  const invalid = (message: string, extra: Record<string, unknown> = {}) =>
    new StationError('OPTION_INVALID', message, { option: name, value: rawValue, ...extra });

  if (option.readOnly || option.hardware) {
    throw invalid(`Opțiunea „${name}” doar arată starea scanerului și nu poate fi setată.`);
  }
  switch (option.kind) {
    case 'button':
      throw invalid(`Opțiunea „${name}” este un buton al scanerului și nu poate fi folosită la scanare.`);
    case 'bool': {
      const lower = value.toLowerCase();
      if (YES.has(lower)) return 'yes';
      if (NO.has(lower)) return 'no';
      if (lower === 'auto' && option.values?.includes('auto')) return 'auto';
      throw invalid(`Opțiunea „${name}” acceptă doar „yes” sau „no”, nu „${rawValue}”.`);
    }
    case 'enum': {
      const values = option.values ?? [];
      const hit = matchEnum(values, value, option.unit);
      if (hit !== undefined || option.array) return hit ?? value;
      throw invalid(`Valoarea „${rawValue}” nu este acceptată pentru opțiunea „${name}”. Valori posibile: ${values.join(', ')}.`, { allowed: values });
    }
    case 'range': {
      if (option.values?.includes(value.toLowerCase())) return value.toLowerCase();
      if (option.array) return value; // gamma tables: scanimage checks their syntax itself
      const n = parseNumber(value, option.unit);
      const range = option.range!;
      if (n === undefined || n < range.min || n > range.max) {
        const unit = option.unit ? ` ${option.unit}` : '';
        throw invalid(`Valoarea „${rawValue}” pentru opțiunea „${name}” trebuie să fie un număr între ${range.min} și ${range.max}${unit}.`, { range });
      }
      return String(n);
    }
    case 'number': {
      if (option.array) return value;
      const n = parseNumber(value, option.unit);
      if (n === undefined) throw invalid(`Valoarea „${rawValue}” pentru opțiunea „${name}” trebuie să fie un număr.`);
      return String(n);
    }
    case 'string':
      return rawValue;
  }
}

/** scanimage arguments for one checked option: `-x 210` for the area letters, `--name=value` otherwise. */
export function deviceOptionArgs(name: string, value: string): string[] {
  return name.length === 1 ? [`-${name}`, value] : [`--${name}=${value}`];
}

function matchEnum(values: string[], value: string, unit: string | undefined): string | undefined {
  const exact = values.find((v) => v === value);
  if (exact !== undefined) return exact;
  const folded = values.find((v) => v.toLowerCase() === value.toLowerCase());
  if (folded !== undefined) return folded;
  const n = parseNumber(value, unit);
  if (n === undefined) return undefined;
  return values.find((v) => Number(v) === n);
}

function parseNumber(value: string, unit: string | undefined): number | undefined {
  let text = value.trim().replace(',', '.');
  if (unit && text.toLowerCase().endsWith(unit.toLowerCase())) text = text.slice(0, -unit.length).trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}
