/** The `station` command: dispatches to one module per sub-command. */
import { assertKernelsSupported } from '../wasm/wasm-support.ts';
import { reportError, type CliCommand, type CliIo } from './cli-io.ts';

/** The commands that process pages: told at start when this processor cannot run the kernels. */
const PROCESSES_PAGES = new Set(['split', 'scan', 'demo', 'ui']);

const COMMANDS: Record<string, { load: () => Promise<CliCommand>; help: string }> = {
  split: { load: async () => (await import('./split-command.ts')).splitCommand, help: 'împarte imagini scanate în câte un PDF pe document' },
  demo: { load: async () => (await import('./demo-command.ts')).demoCommand, help: 'generează un lot de probă și îl împarte (fără scaner, fără server)' },
  scan: { load: async () => (await import('./scan-command.ts')).scanCommand, help: 'scanează un lot și îl împarte pe documente, în timp ce scanerul alimentează' },
  devices: { load: async () => (await import('./devices-command.ts')).devicesCommand, help: 'listează scanerele disponibile' },
  sync: { load: async () => (await import('./sync-command.ts')).syncCommand, help: 'trimite rapoartele din coadă la serverul registraturii' },
  outbox: { load: async () => (await import('./outbox-command.ts')).outboxCommand, help: 'rapoartele netrimise: de ce, trimitere din nou, readresare' },
  separators: { load: async () => (await import('./separators-command.ts')).separatorsCommand, help: 'tipărește foile separator pentru un borderou' },
  handover: { load: async () => (await import('./handover-command.ts')).handoverCommand, help: 'borderourile de predare pe structuri' },
  ui: { load: async () => (await import('./ui-command.ts')).uiCommand, help: 'stația în browser: scanare, loturi, verificare (http://127.0.0.1:7780)' },
  shortcut: { load: async () => (await import('./shortcut-command.ts')).shortcutCommand, help: 'pune pictograma «Stația de scanare» pe Desktop (pornire fără terminal)' },
};

export const MAIN_USAGE = `Utilizare: station <comandă> [opțiuni]

Comenzi:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(12)}${c.help}`)
  .join('\n')}

„station <comandă> --help” arată opțiunile fiecărei comenzi.
`;

export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(MAIN_USAGE);
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.stderr.write(`Comanda „${name}” nu există.\n\n${MAIN_USAGE}`);
    return 2;
  }
  if (PROCESSES_PAGES.has(name) && !rest.includes('--help') && !rest.includes('-h')) {
    try {
      assertKernelsSupported();
    } catch (err) {
      const code = reportError(err, io, rest.includes('--json'));
      // the clerk's icon (`ui --open`, no terminal): the reason in the browser too
      if (name === 'ui' && rest.includes('--open')) await (await import('./ui-command.ts')).showStartupFailure(err, io);
      return code;
    }
  }
  return (await cmd.load())(rest, io);
}
