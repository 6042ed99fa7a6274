/**
 * pdf-lib reports what it repairs while parsing (`Trying to parse invalid object…`, `Invalid object
 * ref…`) with console.warn/console.log, which would reach the clerk's terminal before our Romanian
 * message. `withoutParserNoise` collects those lines instead, so the caller can put them in the
 * error's details (they reach the log, never stderr).
 */
const MAX_KEPT = 20;

type ConsoleMethod = 'warn' | 'log';
const METHODS: ConsoleMethod[] = ['warn', 'log'];

const collectors = new Set<string[]>();
let saved: Partial<Record<ConsoleMethod, (...args: unknown[]) => void>> = {};

function install(): void {
  for (const method of METHODS) {
    saved[method] = console[method];
    console[method] = (...args: unknown[]) => {
      const line = args.map((a) => (typeof a === 'string' ? a : String(a))).join(' ').slice(0, 300);
      for (const lines of collectors) if (lines.length < MAX_KEPT) lines.push(line);
    };
  }
}

function uninstall(): void {
  for (const method of METHODS) if (saved[method]) console[method] = saved[method];
  saved = {};
}

/** Runs `fn` with pdf-lib's console output collected (at most 20 lines, 300 characters each). */
export async function withoutParserNoise<T>(fn: () => Promise<T>): Promise<{ value: T; noise: string[] } | { error: unknown; noise: string[] }> {
  const noise: string[] = [];
  if (collectors.size === 0) install();
  collectors.add(noise);
  try {
    return { value: await fn(), noise };
  } catch (error) {
    return { error, noise };
  } finally {
    collectors.delete(noise);
    if (collectors.size === 0) uninstall();
  }
}
