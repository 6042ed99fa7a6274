/**
 * The one error type of Scan Station. Callers branch on `code`, never on `message`.
 * `message` is written for the clerk (Romanian); `details` carries structured context for logs.
 */
export const ERROR_CODES = {
  // usage and configuration
  USAGE: 'Comandă sau opțiune greșită.',
  CONFIG_INVALID: 'Configurația nu este validă.',
  // inputs
  INPUT_NOT_FOUND: 'Fișierul de intrare nu există.',
  INPUT_EMPTY: 'Fișierul de intrare este gol (0 octeți).',
  INPUT_CORRUPT: 'Fișierul de intrare este deteriorat sau incomplet.',
  INPUT_UNSUPPORTED: 'Formatul fișierului de intrare nu este acceptat.',
  INPUT_TOO_LARGE: 'Pagina este prea mare pentru a fi prelucrată.',
  OUTPUT_NOT_EMPTY: 'Dosarul de ieșire nu este gol.',
  OUTPUT_FAILED: 'Fișierele de ieșire nu au putut fi scrise.',
  OUTPUT_EXISTS: 'Fișierul de ieșire există deja.',
  CSV_INVALID: 'Fișierul CSV nu este valid.',
  /** Given as the borderou, a file that is no spreadsheet at all (a Word document, a PDF, a picture): details.kind says which. */
  NOT_A_BORDEROU: 'Fișierul nu este un borderou CSV.',
  // disks and folders (the station's own files)
  DISK_FULL: 'Discul este plin.',
  FILE_ACCESS_DENIED: 'Acces refuzat la un fișier sau dosar.',
  READ_ONLY_FS: 'Discul sau dosarul este doar pentru citire.',
  DISK_IO_ERROR: 'Discul a dat o eroare de citire sau scriere.',
  BATCH_EXISTS: 'Există deja un lot cu acest identificator.',
  // scanner
  FEEDER_EMPTY: 'Alimentatorul scanerului este gol.',
  PAPER_JAM: 'Hârtia s-a blocat în scaner.',
  COVER_OPEN: 'Capacul scanerului este deschis.',
  DEVICE_BUSY: 'Scanerul este ocupat.',
  DEVICE_OFFLINE: 'Scanerul nu răspunde sau a fost deconectat.',
  DEVICE_NOT_FOUND: 'Scanerul nu a fost găsit.',
  DOUBLE_FEED: 'Scanerul a tras două foi deodată.',
  ACCESS_DENIED: 'Accesul la scaner a fost refuzat.',
  IO_ERROR: 'Eroare de comunicare cu scanerul.',
  OPTION_INVALID: 'Opțiunea nu este acceptată de scaner.',
  SCAN_FAILED: 'Scanarea a eșuat.',
  PROCESS_TIMEOUT: 'Programul extern nu a răspuns la timp.',
  PROCESS_FAILED: 'Programul extern a eșuat.',
  CANCELLED: 'Operațiunea a fost anulată.',
  BATCH_NOT_FOUND: 'Lotul nu a fost găsit.',
  // server / reporting
  UNAUTHORIZED: 'Autentificare necesară.',
  FORBIDDEN: 'Operațiune nepermisă.',
  NOT_FOUND: 'Resursa nu există.',
  VALIDATION_FAILED: 'Date de intrare invalide.',
  PAYLOAD_TOO_LARGE: 'Cererea este prea mare.',
  CONFLICT: 'Conflict cu datele existente.',
  REPORT_SUPERSEDED: 'Registratura are deja o versiune mai nouă a raportului acestui lot.',
  TOO_MANY_ATTEMPTS: 'Prea multe încercări. Încercați din nou mai târziu.',
  SERVER_UNREACHABLE: 'Serverul registraturii nu poate fi contactat.',
  /** The registry answered, with a temporary error of its own (5xx, 429, 408): reached, not unreachable. */
  SERVER_ERROR: 'Serverul registraturii a răspuns cu o eroare.',
  DATABASE_TOO_NEW: 'Baza de date a fost scrisă de o versiune mai nouă a serverului.',
  DATABASE_OUTDATED: 'Baza de date este la o versiune mai veche a schemei decât serverul.',
  DATABASE_NOT_EMPTY: 'Baza de date de destinație nu este goală.',
  DATABASE_UNREACHABLE: 'Baza de date nu poate fi contactată.',
  DATABASE_BUSY: 'Baza de date este blocată de alt proces.',
  DATABASE_CORRUPT: 'Baza de date este deteriorată.',
  COPY_VERIFY_FAILED: 'Copia bazei de date nu corespunde sursei.',
  // the computer
  /** The web app's port is held by another program (or another station's app): details.port, details.holder. */
  PORT_IN_USE: 'Portul paginii stației este folosit de alt program.',
  CPU_UNSUPPORTED: 'Procesorul calculatorului nu are instrucțiunile de care stația are nevoie (SSE4.1).',
  INTERNAL: 'Eroare internă.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class StationError extends Error {
  override readonly name = 'StationError';
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  /** @param message Romanian text for the clerk; defaults to the code's generic text. */
  constructor(code: ErrorCode, message?: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message ?? ERROR_CODES[code], options);
    this.code = code;
    this.details = details;
  }
}

export function isStationError(err: unknown, code?: ErrorCode): err is StationError {
  return err instanceof StationError && (code === undefined || err.code === code);
}
