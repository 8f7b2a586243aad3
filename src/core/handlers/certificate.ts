/**
 * Handlers of the certificate domain: CreateNewApplication and, when the application exists, its ways out (use the
 * certificate this computer holds, upload this computer's certificate, replace the application), AddRegistryEntries,
 * the portal link. The same core use cases as `offline-seed certgen`.
 */

import type { certificateRequests } from '../../shared/contract/certificate';
import { operatorSession } from '../azure/session';
import { createNewApplication, type CertGenEnv } from '../certs/createApplication';
import { checkParamsFolder, existingApplication, manualUploadFor, uploadHere, useExistingCertificate } from '../certs/existing';
import { rememberedParams } from '../certs/keyStore';
import { portalCredentialsUrl, uploadSeen, waitForUpload } from '../certs/manual';
import { addRegistryEntries } from '../certs/registryEntries';
import type { DomainHandlers, HandlerContext } from './types';
import { registryEntriesElevated } from '../elevation/client';

/** The use cases' environment; a folder that is not a full path is refused before anything else. */
function env(ctx: HandlerContext, cloud: string | undefined, folder: string): CertGenEnv {
  const cwd = checkParamsFolder(folder);
  const s = operatorSession(cloud, ctx.dataDir, process.env, ctx.protect);
  s.options.onDeviceCode = (message, info) => ctx.emit('azure.deviceCode', { message, ...info });
  return { cloud: s.cloud, operator: s.credential, dataDir: ctx.dataDir, cwd, ...(ctx.protect ? { protect: ctx.protect } : {}) };
}

const targetOf = (arg: { subscriptionId: string; storageAccountName?: string | undefined }) => ({
  subscriptionId: arg.subscriptionId,
  ...(arg.storageAccountName ? { storageAccountName: arg.storageAccountName } : {}),
});

export function createCertificateHandlers(): DomainHandlers<typeof certificateRequests> {
  return {
    'certificate.status': async (arg, ctx) => {
      const params = await rememberedParams(ctx.dataDir);
      const who = await operatorSession(arg.cloud, ctx.dataDir, process.env, ctx.protect).credential.cachedAccount();
      return { params, identity: params ? { kind: 'app', name: params.applicationName } : { kind: 'operator', name: who?.userPrincipalName ?? '' } };
    },
    'certificate.create': async (arg, ctx) => {
      const e = env(ctx, arg.cloud, arg.folder);
      const r = await createNewApplication(e, { ...targetOf(arg), recreate: arg.recreate ?? false, replace: arg.replace ?? false });
      if (r.outcome === 'created') return { outcome: 'created', xmlPath: r.xmlPath, params: r.params, scope: r.scope };
      if (r.outcome === 'noCertificate') return { outcome: 'noCertificate', applicationId: r.application.appId, displayName: r.application.displayName };
      const found = await existingApplication(e);
      return {
        outcome: 'exists',
        applicationId: r.application.appId,
        displayName: r.application.displayName,
        keyCount: found?.application.keyCount ?? r.application.keyCount,
        thisMachine: found?.thisMachine?.sha1 ?? null,
        canUploadHere: found?.canUploadHere ?? false,
      };
    },
    'certificate.useExisting': async (arg, ctx) => {
      const r = await useExistingCertificate(env(ctx, arg.cloud, arg.folder), targetOf(arg));
      return { xmlPath: r.xmlPath, params: r.params };
    },
    'certificate.prepareUpload': async (arg, ctx) => {
      const e = env(ctx, arg.cloud, arg.folder);
      const m = await manualUploadFor(e, targetOf(arg));
      return {
        manual: { applicationId: m.appId, thumbprint: m.sha1, thumbprintSha256: m.sha256, subject: m.subject, cerPath: m.cerPath, portalUrl: m.portalUrl },
        canUploadHere: (await existingApplication(e))?.canUploadHere ?? false,
      };
    },
    'certificate.upload': async (arg, ctx) => uploadHere(env(ctx, arg.cloud, arg.folder), targetOf(arg)),
    'certificate.checkUpload': async (arg, ctx) => {
      // The certificate waiting for its upload is kept in the data folder: a restart in between loses nothing.
      const e = env(ctx, arg.cloud, arg.folder);
      const m = await manualUploadFor(e, targetOf(arg));
      if (!(await uploadSeen(e, m))) return { seen: false };
      const done = await waitForUpload(e, m, { timeoutMs: 0 });
      return { seen: true, xmlPath: done.xmlPath, params: done.params };
    },
    'certificate.addRegistryEntries': async (arg, ctx) => {
      const elevation = ctx.capabilities.platform === 'win32' && !ctx.capabilities.elevated ? ctx.elevation : undefined;
      const r = await addRegistryEntries(
        { ...env(ctx, arg.cloud, ctx.dataDir), ...(elevation ? { elevated: (e) => registryEntriesElevated(elevation, { ...e, dataDir: ctx.dataDir }) } : {}) },
        { subscriptionId: arg.subscriptionId, xmlFilePath: arg.xmlFilePath, storageAccountName: arg.storageAccountName },
      );
      return { valueName: r.valueName, thumbprint: r.thumbprint, registryLocation: r.registryLocation, paramsPath: r.paramsPath };
    },
    'certificate.openPortal': async (arg, ctx) => {
      const url = portalCredentialsUrl(operatorSession(arg.cloud, ctx.dataDir, process.env, ctx.protect).cloud, arg.applicationId);
      await ctx.openExternal(url);
      return { opened: true, url };
    },
  };
}
