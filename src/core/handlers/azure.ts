/** Handlers of the azure domain: operator sign-in for the wizard (device code shown through an event, or the browser). */

import type { azureRequests } from '../../shared/contract/azure';
import { operatorSession, type OperatorSession } from '../azure/session';
import { armScope } from '../azure/clouds';
import { localRehearsalReady, startLocalRehearsal } from '../azure/localRehearsal';
import { rememberedParams } from '../certs/keyStore';
import type { DomainHandlers, HandlerContext } from './types';

/** The operator's session for `cloudChoice`, once a local Azure it names is ready. */
async function session(ctx: HandlerContext, cloudChoice: string | undefined): Promise<OperatorSession> {
  await localRehearsalReady(ctx.dataDir, cloudChoice);
  return operatorSession(cloudChoice, ctx.dataDir, process.env, ctx.protect);
}

async function state(ctx: HandlerContext, s: OperatorSession) {
  const who = await s.credential.cachedAccount();
  const params = await rememberedParams(ctx.dataDir);
  const cloud = s.cloud.name === 'Local' ? s.cloud.source : s.cloud.name;
  const unprotectedCache = who ? await s.unprotectedCache() : null;
  return {
    cloud,
    signedIn: who !== null,
    ...(who ? { user: who.userPrincipalName, objectId: who.objectId, tenantId: who.tenantId } : {}),
    identity: params ? { kind: 'app' as const, name: params.applicationName } : { kind: 'operator' as const, name: who?.userPrincipalName ?? '' },
    ...(unprotectedCache ? { unprotectedCache } : {}),
  };
}

export function createAzureHandlers(): DomainHandlers<typeof azureRequests> {
  return {
    'azure.status': async (arg, ctx) => state(ctx, await session(ctx, arg.cloud)),
    'azure.signIn': async (arg, ctx) => {
      const s = await session(ctx, arg.cloud);
      s.options.method = arg.method;
      s.options.onDeviceCode = (message, info) => ctx.emit('azure.deviceCode', { message, ...info });
      s.options.openBrowser = async (url) => {
        await ctx.openExternal(url);
      };
      await s.credential.getToken(armScope(s.cloud));
      return state(ctx, s);
    },
    'azure.startLocalRehearsal': async (_arg, ctx) => {
      const emulator = await startLocalRehearsal(ctx.dataDir, ctx.startLocalAzure, () => ctx.emit('azure.localStarting', {}));
      const p = emulator.profile;
      return {
        cloud: emulator.profilePath,
        subscriptionId: p.subscriptionId,
        resourceGroup: p.resourceGroup,
        storageAccount: p.storageAccount.name,
        location: p.location,
        operator: p.operator.userPrincipalName,
      };
    },
    'azure.signOut': async (arg, ctx) => {
      const s = await session(ctx, arg.cloud);
      await s.credential.signOut();
      return state(ctx, s);
    },
  };
}
