/**
 * Data Box Disk upload logs, drive log version 2018-10-01, as "Use logs to troubleshoot upload issues in Azure Data
 * Box Disk" shows them (https://learn.microsoft.com/azure/databox/data-box-disk-troubleshoot-upload): the verbose log
 * lists every blob with its page ranges or blocks; the error log has a Summary (ValidationErrors, CopyErrors by
 * status) and one `<Blob Status>` per blob that did not simply complete, with BlobPath, OriginalFilePath, SizeInBytes.
 */

export interface DataBoxLoggedBlob {
  /** Completed, ContainerRenamed, InvalidPageBlobUploadAsBlockBlob, InvalidWorkitem, StorageRequestFailed. */
  status: string;
  blobPath: string;
  /** `\PageBlob\container\file.vhd`. */
  filePath: string;
  length: number;
  kind: 'PageBlob' | 'BlockBlob';
  ranges?: Array<{ offset: number; length: number }>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const descriptions: Record<string, string> = {
  Completed: 'No errors encountered',
  ContainerRenamed: 'Renamed the container as the original container name does not follow Azure conventions.',
  InvalidPageBlobUploadAsBlockBlob: 'Uploaded as block blobs in a container with prefix databoxdisk-invalid-pb-.',
  InvalidWorkitem: 'Could not upload the data as it does not conform to Azure naming and limits conventions.',
  StorageRequestFailed: 'Azure storage request failed.',
};

export function dataBoxLogXml(serialNumber: string, diskStatus: string, blobs: DataBoxLoggedBlob[], errorLog: boolean): string {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>', '<DriveLog Version="2018-10-01">', `  <DriveId>${esc(serialNumber)}</DriveId>`];
  if (errorLog) {
    const counts = new Map<string, number>();
    for (const b of blobs) counts.set(b.status, (counts.get(b.status) ?? 0) + 1);
    const invalid = counts.get('InvalidWorkitem') ?? 0;
    lines.push('  <Summary>', '    <ValidationErrors>');
    lines.push(invalid ? `      <InvalidWorkitem Count="${invalid}" />` : `      <None Count="${blobs.length}" />`);
    lines.push('    </ValidationErrors>', '    <CopyErrors>');
    const copied = [...counts].filter(([s]) => s !== 'InvalidWorkitem');
    if (copied.length === 0) lines.push(`      <None Count="0" Description="No errors encountered" />`);
    for (const [s, n] of copied) lines.push(`      <${s} Count="${n}" Description="${esc(descriptions[s] ?? s)}" />`);
    lines.push('    </CopyErrors>', '  </Summary>');
    for (const b of blobs) {
      if (b.status === 'Completed') continue;
      lines.push(`  <Blob Status="${esc(b.status)}">`, `    <BlobPath>${esc(b.blobPath)}</BlobPath>`, `    <OriginalFilePath>${esc(b.filePath)}</OriginalFilePath>`, `    <SizeInBytes>${b.length}</SizeInBytes>`, '  </Blob>');
    }
  } else {
    for (const b of blobs) {
      if (b.status === 'InvalidWorkitem') continue;
      const list = b.kind === 'PageBlob' ? 'PageRangeList' : 'BlockList';
      const el = b.kind === 'PageBlob' ? 'PageRange' : 'Block';
      lines.push(`  <Blob Status="${esc(b.status)}">`, `    <BlobPath>${esc(b.blobPath)}</BlobPath>`, `    <FilePath>${esc(b.filePath)}</FilePath>`, `    <Length>${b.length}</Length>`, '    <ImportDisposition Status="Created">rename</ImportDisposition>', `    <${list}>`);
      for (const r of b.ranges ?? []) lines.push(`      <${el} Offset="${r.offset}" Length="${r.length}" Status="${b.status === 'StorageRequestFailed' ? 'StorageRequestFailed' : 'Completed'}" />`);
      lines.push(`    </${list}>`, '  </Blob>');
    }
  }
  lines.push(`  <Status>${esc(diskStatus)}</Status>`, '</DriveLog>', '');
  return lines.join('\n');
}
