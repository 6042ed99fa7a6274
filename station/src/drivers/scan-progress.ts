/**
 * How far a scan got, carried by every error a driver raises: the device, the pages it delivered in
 * this scan() call and the number of the last one (its file number), so the clerk is told where to
 * go on from and `--resume` numbers on. One helper for the SANE, WIA and eSCL drivers.
 */
import { isStationError, StationError } from '../../../shared/src/errors.ts';

export interface ScanProgress {
  device: string;
  pagesDelivered: number;
  /** Number of the last page delivered; left out where the driver does not number pages itself. */
  lastPageIndex?: number;
}

/** `err` with the scan's progress in its details (a StationError; anything else is passed on as it is). */
export function withPages(err: unknown, progress: ScanProgress): unknown {
  if (!isStationError(err)) return err;
  return new StationError(err.code, err.message, { ...err.details, ...progress }, { cause: err });
}
