/** What the drive rules need to know about this staging location and machine. */

import type { EligibilityContext } from '../../shared/rules/driveEligibility';
import type { Session } from '../../shared/session';
import { isVirtualMachine } from './enumerate';

export async function eligibilityContextFor(stagingDir: string, session: Session, files: Array<{ size: number }>): Promise<EligibilityContext> {
  return {
    stagingDir,
    sourcePaths: session.sources.map((x) => x.path),
    largestFileBytes: files.reduce((m, f) => Math.max(m, f.size), 0),
    copyMachineVirtual: await isVirtualMachine(),
    // Not recorded by the staging step yet: the VM-on-VM rule applies once it is known.
    sourceMachineVirtual: null,
    windows: process.platform === 'win32',
  };
}
