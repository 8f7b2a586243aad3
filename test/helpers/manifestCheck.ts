/**
 * An independent check of drive manifests against Microsoft's documented format: xmllint validates the XML against
 * test/fixtures/formats/DriveManifest.xsd (written by hand from "Azure Import/Export service manifest file format"),
 * and this file checks what a schema cannot say. It shares no code with src/core or src/emulator.
 */

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

const xsd = path.resolve('test/fixtures/formats/DriveManifest.xsd');
const fourMiB = 4 * 1024 * 1024;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, isArray: (n) => ['BlobList', 'Blob', 'Block', 'PageRange'].includes(n) });

type Node = Record<string, unknown>;
const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : []);

/** The problems of the manifest file `file` (empty when it follows the documented format). */
export function manifestProblems(file: string, xml: string): string[] {
  const problems: string[] = [];
  try {
    execFileSync('xmllint', ['--noout', '--schema', xsd, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    problems.push(`schema: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`);
  }
  const doc = parser.parse(xml) as { DriveManifest?: { Drive?: Node } };
  for (const bl of list(doc.DriveManifest?.Drive?.BlobList)) {
    for (const b of list(bl.Blob)) {
      const name = String(b.BlobPath);
      const length = Number(b.Length);
      if (!/^[^/]+\/./.test(name)) problems.push(`${name}: BlobPath does not begin with a container`);
      const pages = b.PageRangeList as Node | string | undefined;
      if (pages !== undefined) {
        if (length % 512 !== 0) problems.push(`${name}: page blob length not a multiple of 512`);
        let end = 0;
        for (const r of list(typeof pages === 'object' ? pages.PageRange : undefined)) {
          const o = Number(r.Offset);
          const l = Number(r.Length);
          if (o % 512 !== 0 || l % 512 !== 0) problems.push(`${name}: page range ${o} not in multiples of 512`);
          if (o < end) problems.push(`${name}: page range ${o} out of order or overlapping`);
          end = o + l;
        }
        if (end > length) problems.push(`${name}: page ranges go past the length`);
        continue;
      }
      const blocks = list((b.BlockList as Node | undefined)?.Block);
      if (blocks.length > 50_000) problems.push(`${name}: more than 50,000 blocks`);
      const named = blocks.filter((k) => k.Id !== undefined).length;
      if (length <= 64 * 1024 * 1024 && named !== 0 && named !== blocks.length) problems.push(`${name}: block Ids on some blocks only`);
      let end = 0;
      for (const k of blocks) {
        if (Number(k.Offset) !== end) problems.push(`${name}: gap or overlap at ${end}`);
        if (Number(k.Length) > fourMiB) problems.push(`${name}: block longer than 4 MiB`);
        end = Number(k.Offset) + Number(k.Length);
      }
      if (end !== length) problems.push(`${name}: blocks cover ${end} of ${length} bytes`);
    }
  }
  return problems;
}
