/** Handlers of the Data Box route: the contract's requests mapped onto the use cases `offline-seed databox …` runs. */

import path from 'node:path';
import type { databoxRequests } from '../../shared/contract/databox';
import { OfflineSeedError } from '../../shared/errors';
import { checkDisk } from '../databox/diskCheck';
import { findSecretsFile, unlockDisks } from '../databox/unlock';
import { cancelOrder, deleteOrder, markShipped, mitigateOrder, orderStatus, storeCredentials, uploadLogs } from '../databox/orders';
import { dataBoxReadiness, openDataBox, orderAccount, orderDataBox, type DataBoxScope } from '../usecases';
import type { ReadinessCheck } from '../../shared/model/dataBox';
import { useCaseEnv, type DomainHandlers, type HandlerContext } from './types';
import { operatorSession } from '../azure/session';
import { checkParamsFolder } from '../certs/existing';
import { repairAgentCertificate } from '../databox/certificateRepair';
import { thumbprintValueElevated } from '../elevation/client';

function open(ctx: HandlerContext, s: DataBoxScope) {
  return openDataBox(useCaseEnv(ctx), { cloud: s.cloud ?? process.env.OFFLINE_SEED_CLOUD, subscriptionId: s.subscriptionId, resourceGroup: s.resourceGroup });
}

export function createDataBoxHandlers(): DomainHandlers<typeof databoxRequests> {
  return {
    'databox.readiness': async ({ storageAccountId, dataSizeTB, country, register, ...s }, ctx) => {
      const c = await open(ctx, s);
      const account = orderAccount(c, storageAccountId);
      const r = await dataBoxReadiness(c, { storageAccountId: account.id, dataSizeTB, country: country.toUpperCase() }, { register });
      return { checks: r.checks, ...(r.location ? { location: r.location } : {}), storageAccountId: account.id, registered: r.registered };
    },

    'databox.order': async ({ storageAccountId, jobName, dataSizeTB, contact, address, passkey, ...s }, ctx) => {
      const c = await open(ctx, s);
      const account = orderAccount(c, storageAccountId);
      let checks: ReadinessCheck[] = [];
      const status = await orderDataBox(
        c,
        {
          jobName,
          storageAccountId: account.id,
          dataSizeTB,
          contact: { name: contact.name.trim(), phone: contact.phone.trim(), emails: contact.emails.map((e) => e.trim()).filter(Boolean) },
          address: { street: address.street.trim(), city: address.city.trim(), postalCode: address.postalCode.trim(), country: address.country.trim().toUpperCase(), ...(address.company?.trim() ? { company: address.company.trim() } : {}) },
          ...(passkey ? { passkey } : {}),
        },
        { register: false, checkOnly: false, onChecks: (x) => (checks = x) },
      );
      if (!status) throw new OfflineSeedError({ code: 'databox:errors.notReady' });
      return { checks, status };
    },

    'databox.status': async ({ jobName, ...s }, ctx) => orderStatus(await open(ctx, s), jobName),

    'databox.credentials': async ({ jobName, ...s }, ctx) => storeCredentials(await open(ctx, s), ctx.dataDir, jobName),

    'databox.unlock': async ({ jobName, tool, subscriptionId }, ctx) =>
      unlockDisks({ secretsFile: await findSecretsFile(ctx.dataDir, jobName, subscriptionId), tool: path.resolve(tool), platform: process.platform }),

    'databox.checkDisk': async ({ disk, phase, needBytes }) => checkDisk(path.resolve(disk.replace(/^dir:/, '')), { phase, ...(needBytes !== undefined ? { needBytes } : {}) }),

    'databox.ship': async ({ jobName, carrier, tracking, ...s }, ctx) => markShipped(await open(ctx, s), jobName, carrier, tracking),

    'databox.logs': async ({ jobName, storageAccountId, ...s }, ctx) => {
      const c = await open(ctx, s);
      return uploadLogs(c, jobName, orderAccount(c, storageAccountId));
    },

    'databox.mitigate': async ({ jobName, action, ...s }, ctx) => mitigateOrder(await open(ctx, s), jobName, action),

    'databox.cancel': async ({ jobName, reason, ...s }, ctx) => cancelOrder(await open(ctx, s), jobName, reason),

    'databox.repairCertificate': async ({ cloud, thumbprint, folder }, ctx) => {
      const cwd = folder ? checkParamsFolder(folder) : path.join(ctx.dataDir, 'certificate-repair');
      const s = operatorSession(cloud ?? process.env.OFFLINE_SEED_CLOUD, ctx.dataDir, process.env, ctx.protect);
      s.options.onDeviceCode = (message, info) => ctx.emit('azure.deviceCode', { message, ...info });
      // Windows, unelevated: the HKLM value alone goes to the elevated helper (one prompt). A replayed Windows runs as Windows.
      const elevation = !ctx.windows && ctx.capabilities.platform === 'win32' && !ctx.capabilities.elevated ? ctx.elevation : undefined;
      return repairAgentCertificate(
        {
          cloud: s.cloud,
          operator: s.credential,
          dataDir: ctx.dataDir,
          cwd,
          platform: ctx.windows ? 'win32' : process.platform,
          ...(ctx.windows ? { run: ctx.windows.run } : {}),
          ...(ctx.protect ? { protect: ctx.protect } : {}),
          ...(elevation ? { elevatedValue: (v: { valueName: string; thumbprint: string }) => thumbprintValueElevated(elevation, v) } : {}),
        },
        { thumbprint, onPhase: (phase) => ctx.emit('databox.repairProgress', { phase }) },
      );
    },

    'databox.delete': async ({ jobName, ...s }, ctx) => {
      await deleteOrder(await open(ctx, s), ctx.dataDir, jobName);
      return { deleted: jobName };
    },
  };
}
