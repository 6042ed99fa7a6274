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

/** A ZIP with these entries, stored (not compressed), with its central directory: what `unzip -l` lists. */
export function storedZip(entries: ReadonlyArray<[name: string, content: string]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(content, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** An Excel workbook's entries (what tells it from a Word document), as a ZIP. */
export const xlsxZip = (): Buffer => storedZip([
  ['[Content_Types].xml', '<?xml version="1.0"?><Types/>'],
  ['xl/workbook.xml', '<?xml version="1.0"?><workbook/>'],
  ['xl/worksheets/sheet1.xml', '<?xml version="1.0"?><worksheet/>'],
]);

/** A LibreOffice Writer document: its first entry `mimetype`, stored. */
export const odtZip = (): Buffer => storedZip([['mimetype', 'application/vnd.oasis.opendocument.text'], ['content.xml', '<office:document-content/>']]);
