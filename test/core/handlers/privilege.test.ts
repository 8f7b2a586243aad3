/** `dispatch` refuses a request that changes this computer itself in a process that is not elevated, before its handler runs. */

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHandlers, dispatch, type HandlerContext } from '../../../src/core/handlers';
import { JobRunner } from '../../../src/core/jobs';
import { localAzureStarter } from '../../helpers/localAzure';
import { requests, requestNames } from '../../../src/shared/contract';
import type { Capabilities } from '../../../src/shared/contract/app';
import type { RequestDef } from '../../../src/shared/contract/define';
import { localizeError } from '../../../src/shared/i18n';

const root = mkdtempSync(path.join(os.tmpdir(), 'os-privilege-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function context(c: Partial<Capabilities>, more: Partial<HandlerContext> = {}): HandlerContext {
  return {
    ...more,
    language: () => 'en',
    setLanguage: () => undefined,
    jobs: new JobRunner({ progress: () => undefined, end: () => undefined }),
    emit: () => undefined,
    capabilities: { shell: 'host', platform: 'linux', elevated: false, canCreateBitLocker: false, ...c },
    dataDir: path.join(root, 'data'),
    openExternal: async () => undefined,
    startLocalAzure: localAzureStarter,
  };
}

const handlers = createHandlers();
/** A staging location without a session: a request that reaches its handler fails with `staging:errors.noSession`. */
const staging = path.join(root, 'no-session');

describe('privileged requests', () => {
  it('are the ones that erase, format or encrypt drives, unlock Data Box disks and write the machine-wide certificate store or registry', () => {
    const privileged = requestNames.filter((n) => (requests[n] as RequestDef).privileged);
    expect(privileged.sort()).toEqual(['certificate.addRegistryEntries', 'certificate.checkUpload', 'certificate.create', 'certificate.prepareUpload', 'certificate.upload', 'databox.repairCertificate', 'databox.unlock', 'drives.prepare']);
  });

  it('refuses preparing a block device without elevation, in one sentence, before the handler looks at anything', async () => {
    const arg = { stagingDir: staging, drives: ['/dev/sdz'], confirmations: ['/dev/sdz'] };
    const refused = await dispatch(handlers, 'drives.prepare', arg, context({ elevated: false })).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'app:errors.notElevated' });
    expect(localizeError(refused, 'en').message).toBe(
      "This step changes this computer's drives or system settings and needs administrator rights (root on Linux): start Offline Seed as administrator and run the step again.",
    );
    expect(localizeError(refused, 'de').message).toContain('Administratorrechte');
    // Elevated, the same request reaches the handler (which finds no session there).
    await expect(dispatch(handlers, 'drives.prepare', arg, context({ elevated: true }))).rejects.toMatchObject({ code: 'staging:errors.noSession' });
  });

  it('lets a mounted folder (dir:) be prepared on Linux without elevation, and refuses it on Windows', async () => {
    const arg = { stagingDir: staging, drives: ['dir:/mnt/x'], confirmations: [] };
    await expect(dispatch(handlers, 'drives.prepare', arg, context({ elevated: false }))).rejects.toMatchObject({ code: 'staging:errors.noSession' });
    await expect(dispatch(handlers, 'drives.prepare', arg, context({ elevated: false, platform: 'win32' }))).rejects.toMatchObject({ code: 'app:errors.notElevated' });
  });

  it('lets an unelevated front end that can start the elevated helper run the drive step and AddRegistryEntries (their handlers ask for elevation), and nothing else', async () => {
    const elevation = { command: { file: process.execPath, args: ['helper.mjs', '--elevated-helper'] } };
    const arg = { stagingDir: staging, drives: ['/dev/sdz'], confirmations: ['/dev/sdz'] };
    await expect(dispatch(handlers, 'drives.prepare', arg, context({ elevated: false }, { elevation }))).rejects.toMatchObject({ code: 'staging:errors.noSession' });
    await expect(dispatch(handlers, 'drives.prepare', arg, context({ elevated: false, platform: 'win32' }, { elevation }))).rejects.toMatchObject({ code: 'staging:errors.noSession' });
    const cert = { cloud: 'AzureCloud', subscriptionId: 'not-a-guid', xmlFilePath: path.join(root, 'none.xml'), storageAccountName: 'acct' };
    const viaHelper = await dispatch(handlers, 'certificate.addRegistryEntries', cert, context({ platform: 'win32' }, { elevation })).catch((e: unknown) => e);
    expect(viaHelper).toMatchObject({ code: expect.not.stringMatching(/notElevated/) as unknown });
    // The machine's certificate store is not part of the split: still refused unelevated on Windows.
    const create = { cloud: 'AzureCloud', subscriptionId: '00000000-0000-0000-0000-000000000000', folder: root };
    await expect(dispatch(handlers, 'certificate.create', create, context({ platform: 'win32' }, { elevation }))).rejects.toMatchObject({ code: 'app:errors.notElevated' });
    // The Data Box certificate repair writes its one HKLM value through the helper: it runs (here it stops at the
    // thumbprint it was given); without a helper it is refused unelevated on Windows.
    const repair = { cloud: 'AzureCloud', thumbprint: 'not-a-thumbprint' };
    await expect(dispatch(handlers, 'databox.repairCertificate', repair, context({ platform: 'win32' }, { elevation }))).rejects.toMatchObject({ code: 'databox:errors.repair.badThumbprint' });
    await expect(dispatch(handlers, 'databox.repairCertificate', repair, context({ platform: 'win32' }))).rejects.toMatchObject({ code: 'app:errors.notElevated' });
  });

  it('refuses AddRegistryEntries unelevated on Windows only (HKLM); elsewhere it writes in the data folder', async () => {
    const arg = { cloud: 'AzureCloud', subscriptionId: 'not-a-guid', xmlFilePath: path.join(root, 'none.xml'), storageAccountName: 'acct' };
    await expect(dispatch(handlers, 'certificate.addRegistryEntries', arg, context({ platform: 'win32' }))).rejects.toMatchObject({ code: 'app:errors.notElevated' });
    const onLinux = await dispatch(handlers, 'certificate.addRegistryEntries', arg, context({ platform: 'linux' })).catch((e: unknown) => e);
    expect(onLinux).toMatchObject({ code: expect.not.stringMatching(/notElevated/) as unknown });
  });

  it('never refuses a read-only request, such as the helpdesk status', async () => {
    const r = await dispatch(handlers, 'workflow.status', { stagingDir: staging }, context({ elevated: false })).catch((e: unknown) => e);
    expect(r).toMatchObject({ code: 'staging:errors.noSession' });
  });
});
