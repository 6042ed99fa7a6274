/** The one helper every driver uses to say how far a scan got in the error that stopped it. */
import { describe, expect, it } from 'vitest';
import { StationError } from '../../../shared/src/errors.ts';
import { withPages } from '../../../station/src/drivers/scan-progress.ts';

describe('withPages', () => {
  it('adds the device, pages delivered and last page number to a StationError, keeping its code, message, details and cause', () => {
    const jam = new StationError('PAPER_JAM', 'Hârtia s-a blocat după pagina 3.', { adfState: 'ScannerAdfJam' });
    const err = withPages(jam, { device: 'http://192.168.1.20/eSCL', pagesDelivered: 3, lastPageIndex: 7 }) as StationError;
    expect(err).toBeInstanceOf(StationError);
    expect(err).toMatchObject({ code: 'PAPER_JAM', message: 'Hârtia s-a blocat după pagina 3.', details: { adfState: 'ScannerAdfJam', device: 'http://192.168.1.20/eSCL', pagesDelivered: 3, lastPageIndex: 7 }, cause: jam });
  });

  it('leaves the last page number out when the driver does not number pages, and passes anything else on as it is', () => {
    const err = withPages(new StationError('CANCELLED'), { device: 'wia:1', pagesDelivered: 0 }) as StationError;
    expect(err.details).toEqual({ device: 'wia:1', pagesDelivered: 0 });
    const bug = new TypeError('x');
    expect(withPages(bug, { device: 'd', pagesDelivered: 1 })).toBe(bug);
  });
});
