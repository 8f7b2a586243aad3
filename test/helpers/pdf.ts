/** Reads back the text a pdf-lib document draws, for tests of the packing slip. */

import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFRawStream } from 'pdf-lib';

/** The text drawn on the pages: pdf-lib writes each line as a hex string shown with Tj. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  const parts: string[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    let content = Buffer.from(obj.contents);
    try {
      content = inflateSync(content);
    } catch {
      // not compressed
    }
    for (const m of content.toString('latin1').matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) parts.push(Buffer.from(m[1]!, 'hex').toString('latin1'));
  }
  return parts.join('\n');
}
