/** Human-readable lines for the command line: a job's status, a datacenter address, a verify report, in the user's language. */

import { translate, type Key, type KeyIn } from '../shared/i18n/index';
import { formatBytes, formatDateTime, formatDaysHours, formatPercent } from '../shared/i18n/format';
import type { Language } from '../shared/i18n/languages';
import type { Deadline } from '../shared/model/deadline';
import { deadlineMessageKey } from '../shared/rules/deadline';
import { blobLogStatusMeaningKey, driveLogStatusMeaningKey, driveStateMeaningKey, driveStateNameKey, jobStateMeaningKey, jobStateNameKey } from '../shared/rules/jobStates';
import { stateLabel as sharedStateLabel } from '../shared/i18n/stateLabel';
import { addressLines } from '../shared/model/address';
import type { ImportJobSummary } from '../shared/model/importJob';
import type { JobStatus } from '../shared/model/jobStatus';
import type { VerifyReport } from '../shared/model/verify';

type T = (key: KeyIn<'workflow'>, params?: Record<string, unknown>) => string;
const tr = (lang: Language): T => (key, params) => translate(lang, `workflow:${key}`, params);

/** At most this many blobs per copy log are listed; --json has them all. */
export const maxBlobLines = 20;

/**
 * A state's name in the user's language, the one the wizard's Monitor timeline shows (`workflow:jobStateNames`,
 * `workflow:driveStateNames`), with the API's own spelling beside it when they differ: what support and the portal
 * call it (the rule is src/shared/i18n/stateLabel.ts, which the wizard uses too).
 */
export function stateLabel(nameKey: Key, api: string, lang: Language): string {
  return sharedStateLabel((key, params) => translate(lang, key, params), nameKey, api);
}

export const jobStateLabel = (state: string, lang: Language): string => stateLabel(jobStateNameKey(state), state, lang);
export const driveStateLabel = (state: string, lang: Language): string => stateLabel(driveStateNameKey(state), state, lang);

export function deadlineLine(d: Deadline, lang: Language): string {
  return translate(lang, deadlineMessageKey(d), { due: formatDateTime(d.due, lang), left: formatDaysHours(d.days, d.hours, lang) });
}

export function shipToLines(job: ImportJobSummary, lang: Language): string[] {
  const t = tr(lang);
  const out = [t('importJob.shipTo', { job: job.name })];
  if (job.alternateLocation) out.push(t('importJob.alternate', { location: job.location, alternate: job.alternateLocation }));
  if (job.shipTo?.rehearsal) out.push(t('importJob.rehearsal'));
  if (job.shipTo) out.push(...addressLines(job.shipTo).map((l) => `  ${l}`));
  else out.push(`  ${t('importJob.noAddress')}`);
  out.push(t('importJob.carriers', { list: job.supportedCarriers.length ? job.supportedCarriers.join(', ') : t('importJob.anyCarrier') }));
  return out;
}

export function statusLines(s: JobStatus, lang: Language): string[] {
  const t = tr(lang);
  const out = [
    t('status.header', { job: s.name, resourceGroup: s.resourceGroup, state: jobStateLabel(s.state, lang) }),
    // A cancelled job shows Completed in Azure; its meaning here is that it was cancelled, not imported.
    `  ${s.outcome === 'cancelled' ? t('status.cancelled') : translate(lang, jobStateMeaningKey(s.state))}`,
    t('status.progress', { percent: formatPercent(s.percentComplete / 100, lang), bytes: formatBytes(s.bytesSucceeded, lang) }),
  ];
  if (s.deadline) out.push(deadlineLine(s.deadline, lang));
  if (s.trackingNumber) out.push(t('status.shipped', { carrier: s.carrierName ?? '', tracking: s.trackingNumber }));
  if (s.returnTrackingNumber) out.push(t('status.returned', { tracking: s.returnTrackingNumber }));
  if (s.state === 'Creating' && s.shipTo) {
    out.push(t('status.shipTo'));
    if (s.shipTo.rehearsal) out.push(`  ${t('importJob.rehearsal')}`);
    out.push(...addressLines(s.shipTo).map((l) => `  ${l}`));
  }
  out.push(t('status.drives'));
  for (const d of s.drives) {
    out.push(`  ${t('status.drive', { drive: d.driveId, state: driveStateLabel(d.state, lang), meaning: translate(lang, driveStateMeaningKey(d.state)) })}`);
    if (d.copyStatus || d.bytesSucceeded > 0) {
      out.push(
        `    ${t('status.driveCopy', {
          copyStatus: d.copyStatus ?? '—',
          percent: formatPercent(d.percentComplete / 100, lang),
          bytes: formatBytes(d.bytesSucceeded, lang),
        })}`,
      );
    }
    if (d.log) {
      out.push(`    ${t('status.log', { drive: d.driveId, status: d.log.status, meaning: translate(lang, driveLogStatusMeaningKey(d.log.status)) })}`);
      const blobs = [...d.log.blobs].sort((a, b) => Number(a.status === 'Completed') - Number(b.status === 'Completed'));
      for (const b of blobs.slice(0, maxBlobLines)) {
        out.push(`      ${t('status.blob', { blob: b.blobPath, status: b.status, meaning: translate(lang, blobLogStatusMeaningKey(b.status)) })}`);
      }
      if (blobs.length > maxBlobLines) out.push(`      ${t('status.moreBlobs', { count: blobs.length - maxBlobLines })}`);
    }
  }
  return out;
}

export function verifyLines(r: VerifyReport, lang: Language): string[] {
  const t = tr(lang);
  if (r.problems.length === 0) {
    const out = [t('verify.ok', { count: r.expectedBlobs, container: r.container, bytes: formatBytes(r.bytes, lang) })];
    if (r.extra.length) out.push(t('verify.extra', { count: r.extra.length }));
    return out;
  }
  const out = [t('verify.failed', { bad: r.problems.length, count: r.expectedBlobs, container: r.container })];
  for (const p of r.problems) {
    out.push(`  ${t(`verify.${p.kind}`, { blob: p.blobPath, expected: p.expected ?? '', actual: p.actual ?? '', drive: p.driveId })}`);
  }
  if (r.extra.length) out.push(t('verify.extra', { count: r.extra.length }));
  return out;
}
