/**
 * The scanner seam. Every driver (SANE, WIA, eSCL, watched folder) implements this and nothing more.
 * Errors are StationError with a stable code (FEEDER_EMPTY, PAPER_JAM, DEVICE_BUSY, ...).
 * A driver delivers every complete page before it raises the error that stopped the batch.
 */
import type { ErrorCode } from '../../../shared/src/errors.ts';
import type { FileStamp } from '../fs/file-stamp.ts';

export type ScanSource = 'flatbed' | 'adf' | 'adf-duplex';
export type ColorMode = 'color' | 'gray' | 'lineart';

export interface ScanDevice {
  /** Identifier passed back to getCapabilities()/scan(), e.g. `test:0` or `airscan:e0:Emulator`. */
  id: string;
  vendor: string;
  model: string;
  type: string;
  driver: 'sane' | 'wia' | 'folder' | 'escl';
  /**
   * Set for a configured device that cannot be used now (an eSCL scanner switched off, busy, or
   * refusing the connection): listed, so the clerk sees it, with why in Romanian; not scanned with.
   */
  unavailable?: { code: ErrorCode; reason: string };
}

export interface DeviceOption {
  /** Option name as the device names it (`resolution`, `source`, `mode`, `page-height`, ...). */
  name: string;
  kind: 'enum' | 'range' | 'bool' | 'string' | 'number' | 'button';
  values?: string[];
  range?: { min: number; max: number; step?: number };
  unit?: string;
  defaultValue?: string;
  inactive?: boolean;
}

export interface ScanCapabilities {
  sources: ScanSource[];
  /** Device source name for each generic source, e.g. { adf: 'ADF Front', 'adf-duplex': 'ADF Duplex' }. */
  sourceNames: Partial<Record<ScanSource, string>>;
  resolutions: number[];
  modes: ColorMode[];
  modeNames: Partial<Record<ColorMode, string>>;
  duplex: boolean;
  /** Largest scan area in millimetres, when the device says. */
  maxAreaMm?: { width: number; height: number };
  options: DeviceOption[];
}

export interface ScanRequest {
  device: string;
  source: ScanSource;
  resolution: number;
  mode: ColorMode;
  /** Device-specific options passed through (already checked against the capabilities). */
  options: Record<string, string>;
  /** Folder where the driver writes page files; created by the caller. */
  workDir: string;
  /** Number of the first page file (1-based), so a resumed batch continues the numbering. */
  startIndex?: number;
  signal?: AbortSignal;
}

export interface ScannedPage {
  /** 1-based sequence number within this scan() call's numbering (startIndex, startIndex+1, ...). */
  index: number;
  /** Absolute path of a complete page file (PNM, TIFF, JPEG, PNG or PDF). */
  file: string;
  /** Resolution the page was scanned at, when the driver knows it (SANE: the --resolution it asked for; PNM states none). */
  dpi?: number;
  /**
   * The file's bytes as the driver wrote them, with their SHA-256, when it holds them (the watched
   * folder: hashed as read from the folder): the page reader takes them instead of reading and hashing the file again.
   */
  content?: PageContent;
}

export interface PageContent {
  bytes: Uint8Array;
  sha256: string;
  /**
   * The file's stamp (`fs/file-stamp.ts`) the writer took once the bytes stood under the file's name:
   * while it holds, the file still has these bytes, and the decode may read it again (`jpeg-readers.ts`).
   * Without it the file is never read again.
   */
  stamp?: FileStamp;
}

export interface ScanDriver {
  readonly name: 'sane' | 'wia' | 'folder' | 'escl';
  listDevices(signal?: AbortSignal): Promise<ScanDevice[]>;
  getCapabilities(device: string, signal?: AbortSignal): Promise<ScanCapabilities>;
  /** Yields pages as soon as each file is complete; throws a StationError after the last good page. */
  scan(request: ScanRequest): AsyncIterable<ScannedPage>;
  /**
   * Drivers whose pages live outside the work folder (watched folder) are told when the station
   * holds its own durable copy of a page; only then may they archive the original.
   */
  confirm?(page: ScannedPage): Promise<void>;
  /**
   * Drivers that copy pages into the work folder (watched folder): before a batch goes on there,
   * remove the copies a crash left unconfirmed whose originals will be handed over again, so no
   * page is counted twice. `keep`: the page files the batch has recorded. Returns the removed paths.
   */
  dropOrphanCopies?(device: string, workDir: string, keep: readonly string[]): Promise<string[]>;
}
