/** Handlers of the drives domain: contract requests mapped onto the use cases. */

import type { drivesRequests } from '../../shared/contract/drives';
import type { DriveInfo } from '../../shared/rules/driveEligibility';
import { listDrives } from '../drives/enumerate';
import { assertReadyToShip } from '../drives/prepareAndCopy';
import { resolveDrive } from '../drives/resolve';
import { sessionFolder } from '../session/folder';
import { readSession } from '../session/sessionFile';
import { assertPlaceable, checkChosenDrive, eraseCancelled, judgeDrives, openDrivesStep, planDrives, prepareDrives } from '../usecases';
import { useCaseEnv, type DomainHandlers } from './types';
import { assertCanElevate, driveNeedsElevation } from '../elevation/client';
import { elevationPrompt } from './elevationPrompt';

export function createDrivesHandlers(): DomainHandlers<typeof drivesRequests> {
  return {
    'drives.list': async ({ stagingDir, folders }, ctx) => {
      const step = await openDrivesStep(useCaseEnv(ctx), stagingDir);
      const all = [...(await listDrives()), ...(await Promise.all((folders ?? []).map((f) => resolveDrive(`dir:${f}`, []))))];
      // Which of them drives.prepare would hand to the elevated helper, and the prompt that comes with it.
      const prompt = elevationPrompt(ctx);
      return {
        drives: await judgeDrives(step, all),
        shippable: { files: step.files.length, bytes: step.totalBytes, largest: step.eligibility.largestFileBytes },
        elevation: prompt ? { prompt, drives: all.filter((d) => driveNeedsElevation(d, step.cloud)).map((d) => d.id) } : null,
      };
    },

    'drives.plan': async ({ stagingDir, drives }, ctx) => {
      const step = await openDrivesStep(useCaseEnv(ctx), stagingDir);
      const all = drives.some((d) => !/^dir:/i.test(d)) ? await listDrives() : [];
      const plan = planDrives(step, await Promise.all(drives.map((d) => resolveDrive(d, all))));
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
      const step = await openDrivesStep(useCaseEnv(ctx), stagingDir);
      const all = await listDrives();
      const chosen: DriveInfo[] = [];
      for (const arg of drives) {
        const d = await resolveDrive(arg, all);
        const c = await checkChosenDrive(step, d, { all, taken: chosen });
        if (c.erases && !confirmations.some((x) => x.trim().toUpperCase() === d.id.toUpperCase())) throw eraseCancelled(d.id);
        chosen.push(d);
      }
      assertPlaceable(step, planDrives(step, chosen));
      // Unelevated and no way to ask for elevation (no pkexec, no sudo): one sentence, before the job starts.
      if (ctx.elevation && !ctx.capabilities.elevated && chosen.some((d) => driveNeedsElevation(d, step.cloud))) assertCanElevate(ctx.elevation);
      const { jobId } = ctx.jobs.start('copy', async (job) => {
        // Unelevated with a way to elevate: the drive operations alone go to the elevated helper (one prompt).
        const out = await prepareDrives(step, chosen, job, undefined, ctx.elevation && !ctx.capabilities.elevated ? { elevation: ctx.elevation } : {});
        assertReadyToShip(out);
        return { drives: out.records.length };
      });
      return { jobId };
    },

    'drives.results': async ({ stagingDir }, ctx) => {
      const session = await readSession((await sessionFolder({ ...useCaseEnv(ctx), stagingDir })).sessionDir);
      return { drives: session?.drives?.drives ?? [], remainingFiles: session?.drives?.remainingFiles ?? null };
    },
  };
}
