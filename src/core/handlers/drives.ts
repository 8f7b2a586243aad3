/** Handlers of the drives domain: contract requests mapped onto core functions. */

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { drivesRequests } from '../../shared/contract/drives';
import { OfflineSeedError } from '../../shared/errors';
import { checkDrive, checkDrives, type DriveInfo } from '../../shared/rules/driveEligibility';
import { planPacking, usableBytes } from '../../shared/rules/packingPlan';
import { journalPaths } from '../formats/journal';
import { eligibilityContextFor } from '../drives/context';
import { listDrives } from '../drives/enumerate';
import { assertCanEncrypt, notEligibleError } from '../drives/prepare';
import { assertReadyToShip, prepareAndCopy } from '../drives/prepareAndCopy';
import { resolveDrive } from '../drives/resolve';
import { readSession } from '../session/sessionFile';
import { listShippableFiles } from '../staging/layout';
import type { DomainHandlers } from './types';

async function load(stagingDir: string) {
  const dir = path.resolve(stagingDir);
  const session = await readSession(dir);
  if (!session) {
    throw new OfflineSeedError({ code: 'drives:errors.noSession', params: { staging: dir }, step: 'drives' });
  }
  const files = await listShippableFiles(dir);
  if (files.length === 0) {
    throw new OfflineSeedError({ code: 'drives:errors.nothingToCopy', params: { staging: dir }, step: 'copy' });
  }
  return { dir, session, files, eligibility: await eligibilityContextFor(dir, session, files) };
}

const resumedOn = (dir: string, d: DriveInfo) =>
  fs.stat(journalPaths(dir, d.serial).journal).then(
    () => true,
    () => false,
  );

/** Usable bytes assumed for a drive before it is formatted (NTFS takes about 3 %). */
const capacityOf = (d: DriveInfo) => usableBytes(d.kind === 'dir' ? d.sizeBytes : Math.floor(d.sizeBytes * 0.97));

export function createDrivesHandlers(): DomainHandlers<typeof drivesRequests> {
  return {
    'drives.list': async ({ stagingDir, folders }) => {
      const { dir, files, eligibility } = await load(stagingDir);
      const all = [...(await listDrives()), ...(await Promise.all((folders ?? []).map((f) => resolveDrive(`dir:${f}`, []))))];
      const judged = await Promise.all(checkDrives(all, eligibility).map(async (j) => ({ ...j, resumed: await resumedOn(dir, j.drive) })));
      return { drives: judged, shippable: { files: files.length, bytes: files.reduce((n, f) => n + f.size, 0), largest: eligibility.largestFileBytes } };
    },

    'drives.plan': async ({ stagingDir, drives }) => {
      const { files } = await load(stagingDir);
      const all = drives.some((d) => !/^dir:/i.test(d)) ? await listDrives() : [];
      const chosen = await Promise.all(drives.map((d) => resolveDrive(d, all)));
      const plan = planPacking(files, chosen.map(capacityOf));
      return {
        driveCount: plan.driveCount,
        jobCount: plan.jobCount,
        totalBytes: plan.totalBytes,
        drives: plan.drives.map((d) => ({ capacity: d.capacity, used: d.used, files: d.files.length, chosen: d.chosen })),
        unplaceable: plan.unplaceable.map((f) => f.relPath),
      };
    },

    'drives.prepare': async ({ stagingDir, drives, confirmations }, ctx) => {
      // Everything that can refuse is checked before the job starts: a refusal erases nothing.
      const { dir, session, files, eligibility } = await load(stagingDir);
      const all = await listDrives();
      const chosen: DriveInfo[] = [];
      for (const arg of drives) {
        const d = await resolveDrive(arg, all);
        const resumed = await resumedOn(dir, d);
        const e = checkDrive(d, eligibility, all);
        const errors = e.errors.filter((p) => !(resumed && p.name === 'tooSmall'));
        if (errors.length > 0) {
          throw notEligibleError(d, errors);
        }
        assertCanEncrypt(d, session.cloud);
        if (d.kind !== 'dir' && !resumed && !confirmations.some((c) => c.trim().toUpperCase() === d.id.toUpperCase())) {
          throw new OfflineSeedError({ code: 'drives:errors.eraseCancelled', params: { drive: d.id }, step: 'drives' });
        }
        chosen.push(d);
      }
      const totalBytes = files.reduce((n, f) => n + f.size, 0);
      const { jobId } = ctx.jobs.start('copy', async (job) => {
        const out = await prepareAndCopy({ stagingDir: dir, session, cloud: session.cloud, drives: chosen, eligibility, job, totalBytes });
        assertReadyToShip(out);
        return { drives: out.records.length };
      });
      return { jobId };
    },

    'drives.results': async ({ stagingDir }) => {
      const session = await readSession(path.resolve(stagingDir));
      return { drives: session?.drives?.drives ?? [], remainingFiles: session?.drives?.remainingFiles ?? null };
    },
  };
}
