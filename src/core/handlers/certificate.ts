/** Handlers of the certificate domain: CreateNewApplication, the manual upload check, AddRegistryEntries, the portal link. */

import type { certificateRequests } from '../../shared/contract/certificate';
import { operatorSession } from '../azure/session';
import { createNewApplication, type CertGenEnv } from '../certs/createApplication';
import { rememberedParams } from '../certs/keyStore';
import { portalCredentialsUrl, prepareManualUpload, uploadSeen, waitForUpload, type ManualUpload } from '../certs/manual';
import { addRegistryEntries } from '../certs/registryEntries';
import type { DomainHandlers, HandlerContext } from './types';
import { registryEntriesElevated } from '../elevation/client';

/** The manual upload in progress per data folder (what the page checks). */
const manualUploads = new Map<string, ManualUpload>();

function env(ctx: HandlerContext, cloud: string | undefined, folder: string): CertGenEnv {
  const s = operatorSession(cloud, ctx.dataDir, process.env, ctx.protect);
  s.options.onDeviceCode = (message, info) => ctx.emit('azure.deviceCode', { message, ...info });
  return { cloud: s.cloud, operator: s.credential, dataDir: ctx.dataDir, cwd: folder, ...(ctx.protect ? { protect: ctx.protect } : {}) };
}

export function createCertificateHandlers(): DomainHandlers<typeof certificateRequests> {
  return {
    'certificate.status': async (arg, ctx) => {
      const params = await rememberedParams(ctx.dataDir);
      const who = await operatorSession(arg.cloud, ctx.dataDir, process.env, ctx.protect).credential.cachedAccount();
      return { params, identity: params ? { kind: 'app', name: params.applicationName } : { kind: 'operator', name: who?.userPrincipalName ?? '' } };
    },
    'certificate.create': async (arg, ctx) => {
      const e = env(ctx, arg.cloud, arg.folder);
      const r = await createNewApplication(e, { subscriptionId: arg.subscriptionId, ...(arg.storageAccountName ? { storageAccountName: arg.storageAccountName } : {}), recreate: arg.recreate ?? false });
      if (r.outcome === 'created') return { outcome: 'created', xmlPath: r.xmlPath, params: r.params, scope: r.scope };
      if (r.outcome === 'noCertificate') return { outcome: 'noCertificate', applicationId: r.application.appId, displayName: r.application.displayName };
      const m = await prepareManualUpload(e, r.application, { subscriptionId: r.subscriptionId, resourceGroup: r.resourceGroup });
      manualUploads.set(ctx.dataDir, m);
      return { outcome: 'manual', manual: { applicationId: m.appId, thumbprint: m.sha1, thumbprintSha256: m.sha256, subject: m.subject, cerPath: m.cerPath, portalUrl: m.portalUrl } };
    },
    'certificate.checkUpload': async (arg, ctx) => {
      const m = manualUploads.get(ctx.dataDir);
      if (!m) return { seen: false };
      const e = env(ctx, arg.cloud, arg.folder);
      if (!(await uploadSeen(e, m))) return { seen: false };
      const done = await waitForUpload(e, m, { timeoutMs: 0 });
      manualUploads.delete(ctx.dataDir);
      return { seen: true, xmlPath: done.xmlPath };
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
