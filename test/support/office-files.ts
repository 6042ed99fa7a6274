/**
 * Real files of the kinds a clerk may pick by mistake instead of the borderou CSV: a Word document
 * made by the `docx` library the registry already uses for its exports (a real DOCX zip), and other
 * ZIP-based files (an Excel workbook's or an OpenDocument's entries) written as a plain stored ZIP.
 */
import { crc32 } from 'node:zlib';
import { Document, Packer, Paragraph } from 'docx';
import { PDFDocument } from 'pdf-lib';

export async function wordDocx(text: string): Promise<Buffer> {
  return Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph(text)] }] }));
}

export async function pdfDocument(): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.addPage([595, 842]).drawText('Borderou 27.09.2021');
  return Buffer.from(await pdf.save());
}

/**
 * A ZIP with these entries, stored (not compressed), with its central directory: what `unzip -l` lists.
 * Written here, not by a library: the ZIP writer in node_modules (fflate) is only the `docx` package's
 * own dependency, not one of ours. A local header's fields after its signature (version 2.0, no flags,
 * stored, CRC-32, sizes, name length) are a central header's bytes 6-32, so they are written once.
 */
export function storedZip(entries: ReadonlyArray<[name: string, content: string]>): Buffer {
  const records = entries.map(([name, content]) => ({ name: Buffer.from(name, 'utf8'), data: Buffer.from(content, 'utf8') }));
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of records) {
    const fields = Buffer.alloc(26);
    fields.writeUInt16LE(20, 0);
    fields.writeUInt32LE(crc32(data), 10);
    fields.writeUInt32LE(data.length, 14);
    fields.writeUInt32LE(data.length, 18);
    fields.writeUInt16LE(name.length, 22);
    const local = Buffer.concat([signature(0x04034b50), fields]);
    const central = Buffer.concat([signature(0x02014b50), Buffer.from([20, 0]), fields, Buffer.alloc(14)]);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.concat([signature(0x06054b50), Buffer.alloc(18)]);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function signature(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}

/** An Excel workbook's entries (what tells it from a Word document), as a ZIP. */
export const xlsxZip = (): Buffer => storedZip([
  ['[Content_Types].xml', '<?xml version="1.0"?><Types/>'],
  ['xl/workbook.xml', '<?xml version="1.0"?><workbook/>'],
  ['xl/worksheets/sheet1.xml', '<?xml version="1.0"?><worksheet/>'],
]);

/** A LibreOffice Writer document: its first entry `mimetype`, stored. */
export const odtZip = (): Buffer => storedZip([['mimetype', 'application/vnd.oasis.opendocument.text'], ['content.xml', '<office:document-content/>']]);
