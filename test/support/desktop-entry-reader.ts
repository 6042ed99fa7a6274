/**
 * A Desktop Entry read back as a desktop reads it (freedesktop.org Desktop Entry Specification): a
 * string value's escapes first, then Exec's quoting, then `%%`. Written from the specification, apart
 * from the code under test, so a quoting mistake there shows here.
 */

/** A string value's escapes undone (\s \n \t \r \\), as the specification's «Possible value types» says. */
export function unescapeValue(value: string): string {
  return value.replace(/\\([sntr\\])/g, (_m, c: string) => ({ s: ' ', n: '\n', t: '\t', r: '\r', '\\': '\\' })[c]!);
}

/** Exec's arguments as a desktop reads them: unescaped value, then quoting, then %% (no field codes used). */
export function execArgv(value: string): string[] {
  const text = unescapeValue(value);
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    let arg = '';
    if (text[i] === '"') {
      for (i++; text[i] !== '"'; i++) {
        if (i >= text.length) throw new Error(`unterminated quote in ${value}`);
        if (text[i] === '\\') {
          i++;
          if (!'"`$\\'.includes(text[i]!)) throw new Error(`bad escape \\${text[i]} in ${value}`);
        }
        arg += text[i];
      }
      i++;
    } else {
      for (; i < text.length && text[i] !== ' '; i++) arg += text[i];
    }
    if (/%[^%]|%$/.test(arg.replaceAll('%%', ''))) throw new Error(`a field code in ${value}`);
    args.push(arg.replaceAll('%%', '%'));
  }
  return args;
}

/** The value of `key` in the file's [Desktop Entry] group, as written (unescapeValue or execArgv read it). */
export function entryValue(text: string, key: string): string | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${key}=`));
  return line === undefined ? undefined : line.slice(key.length + 1);
}
