import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoverList } from '../../../station/src/handover/handover-groups.ts';
import { renderHandoverPdf } from '../../../station/src/handover/render-handover-pdf.ts';

const run = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'handover-pdf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function pdfText(bytes: Uint8Array, name: string): Promise<{ text: string; pages: number; fonts: string }> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  const text = (await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])).stdout;
  const info = (await run('pdfinfo', [file])).stdout;
  const fonts = (await run('pdffonts', [file])).stdout;
  return { text, pages: Number(/Pages:\s+(\d+)/.exec(info)![1]), fonts };
}

function list(department: string | null, n: number): HandoverList {
  const rows = Array.from({ length: n }, (_, i) => ({ number: `${84500 + i}/27.09.2021`, sheets: (i % 3) + 1, pages: (i % 5) + 1, remarks: i === 1 ? ['în borderou: 5 file'] : [] }));
  return {
    department,
    rows,
    totals: { documents: n, sheets: rows.reduce((a, r) => a + r.sheets, 0), pages: rows.reduce((a, r) => a + r.pages, 0) },
    missing: department ? ['84999/27.09.2021'] : [],
  };
}

describe('renderHandoverPdf', () => {
  it('shows date, department, every document, totals and signature lines with correct diacritics', async () => {
    const { text, pages, fonts } = await pdfText(
      await renderHandoverPdf({ list: list('Direcția Relații cu Publicul — Înregistrări, Școli și Țesături', 3), date: '2021-09-28', batchId: 'B-1' }),
      'one.pdf',
    );
    expect(pages).toBe(1);
    expect(fonts).toContain('DejaVuSans');
    expect(text).toContain('BORDEROU DE PREDARE');
    expect(text.replace(/\s+/g, ' ')).toContain('Structura: Direcția Relații cu Publicul — Înregistrări, Școli și Țesături');
    expect(text).toContain('Data predării: 28.09.2021');
    expect(text).toContain('Lot scanare: B-1');
    expect(text).toMatch(/Nr\. crt\.\s+Număr înregistrare\s+File\s+Pagini\s+Mențiuni/);
    expect(text).toMatch(/1\s+84500\/27\.09\.2021\s+1\s+1\n/);
    expect(text).toMatch(/2\s+84501\/27\.09\.2021\s+2\s+2\s+în borderou: 5 file/);
    expect(text).toMatch(/3\s+84502\/27\.09\.2021\s+3\s+3\n/);
    expect(text).toContain('Total: 3 documente, 6 file, 6 pagini');
    expect(text).toContain('nescanate (nu se predau acum): 84999/27.09.2021');
    expect(text).toMatch(/Am predat,\s+Am primit,/);
    expect(text.match(/Nume și prenume:/g)).toHaveLength(2);
    expect(text.match(/Semnătura:/g)).toHaveLength(2);
    expect(text).toContain('Pagina 1 din 1');
    expect(text).not.toMatch(/[şţŞŢ]/u);
  });

  it('a long list continues on further pages with the header repeated and every row exactly once', async () => {
    const { text, pages } = await pdfText(await renderHandoverPdf({ list: list('Serviciul Stare Civilă', 120), date: '2021-09-28', batchId: null }), 'long.pdf');
    expect(pages).toBeGreaterThanOrEqual(3);
    for (let p = 1; p <= pages; p++) expect(text).toContain(`Pagina ${p} din ${pages}`);
    expect(text.match(/Structura: Serviciul Stare Civilă/g)).toHaveLength(pages);
    for (let i = 0; i < 120; i++) expect(text.match(new RegExp(`\\b${84500 + i}/27\\.09\\.2021`, 'g')), `row ${i}`).toHaveLength(1);
    expect(text).toContain('Total: 120 de documente');
    expect(text.match(/Am primit,/g)).toHaveLength(1);
  });

  it('long remarks and a long number wrap inside their columns instead of being cut', async () => {
    const remark = 'scanat de 2 ori: exemplarul 1 din 2 (84500_27.09.2021.pdf); în borderou: 5 file; verificați semnătura petentului pe ultima filă';
    const number = 'DOSAR-PRIMARIE-2021-SERVICIUL-URBANISM-AUTORIZATII-0000084500';
    const l = list('Serviciul Urbanism', 2);
    l.rows[0] = { ...l.rows[0]!, number, remarks: [remark] };
    const bytes = await renderHandoverPdf({ list: l, date: '2021-09-28', batchId: null });
    const { text } = await pdfText(bytes, 'wrap.pdf');
    const words = text.replace(/\s+/g, ' ');
    expect(words).not.toContain('…');
    for (const w of remark.split(' ')) expect(words).toContain(w);
    expect((text.match(/[A-Z][A-Z0-9-]{7,}|-\d{6,}/g) ?? []).join('')).toContain(number); // its pieces, line after line
    expect(text).toMatch(/2\s+84501\/27\.09\.2021/); // the next row comes after, not on top of the wrapped lines
  });

  it('the unassigned list says what it is', async () => {
    const { text } = await pdfText(await renderHandoverPdf({ list: list(null, 1), date: '2021-09-28', batchId: null }), 'none.pdf');
    expect(text).toContain('Structura: Nerepartizate (documente care nu sunt în borderou)');
    expect(text).toContain('Total: 1 document, 1 filă, 1 pagină');
  });
});
