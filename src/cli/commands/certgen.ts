/**
 * `offline-seed certgen CreateNewApplication SubscriptionId:<id> [storageaccountname:<name>] [--recreate] [--no-wait] [--browser]`
 * `offline-seed certgen AddRegistryEntries SubscriptionId:<id> xmlfilepath:<file> storageaccountname:<name>`
 *
 * The documented AzureOfflineBackupCertGen.exe command lines (keys case-insensitive). The operator signs in with the
 * device code flow (the message MSAL gives is printed on stderr) or, with --browser, in the system browser.
 */

import { boolFlag, parseArgs, stringFlag } from '../args';
import { cacheUnprotectedWarning, type CliContext } from '../context';
import type { CliCommand } from './index';
import { OfflineSeedError } from '../../shared/errors';
import { ensureAppDataDir } from '../../core/platform/appDataDir';
import { resolveCloud } from '../../core/azure/clouds';
import { operatorCredential } from '../../core/azure/operator';
import { createNewApplication, type CertGenEnv, type CreateResult } from '../../core/certs/createApplication';
import { prepareManualUpload, waitForUpload } from '../../core/certs/manual';
import { addRegistryEntries } from '../../core/certs/registryEntries';

const flags = {
  recreate: { type: 'boolean' },
  'no-wait': { type: 'boolean' },
  'wait-minutes': { type: 'string' },
  'poll-seconds': { type: 'string' },
  browser: { type: 'boolean' },
} as const;

function needKey(ctx: CliContext, keys: Record<string, string>, key: string, shown: string): string {
  const v = keys[key.toLowerCase()];
  if (v === undefined || v.trim() === '') {
    throw new OfflineSeedError({ code: 'certificate:errors.missingArgument', params: { name: shown }, exitCode: 2, step: 'certificate' });
  }
  void ctx;
  return v.trim();
}

export async function environment(ctx: CliContext, browser: boolean): Promise<CertGenEnv & { env: NodeJS.ProcessEnv }> {
  const dataDir = ensureAppDataDir(ctx.io.env);
  const cloud = resolveCloud(ctx.cloud, ctx.io.env);
  const operator = operatorCredential({
    cloud,
    dataDir,
    method: browser ? 'browser' : 'deviceCode',
    onDeviceCode: (message) => ctx.warn(message),
    onCacheUnprotected: cacheUnprotectedWarning(ctx),
    openBrowser: async (url) => {
      ctx.warn(ctx.t('azure:signIn.openBrowser', { url }));
      const { spawn } = await import('node:child_process');
      const { windowsExplorer } = await import('../../core/platform/windows/tools');
      const opener = process.platform === 'win32' ? windowsExplorer() : process.platform === 'darwin' ? 'open' : 'xdg-open';
      spawn(opener, [url], { detached: true, stdio: 'ignore', windowsHide: true }).on('error', () => undefined).unref();
    },
  });
  return { cloud, operator, dataDir, cwd: ctx.io.cwd, env: ctx.io.env };
}

async function create(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, flags, { keyTokens: ['subscriptionid', 'storageaccountname'] });
  const subscriptionId = needKey(ctx, args.keys, 'subscriptionid', 'SubscriptionId');
  const env = await environment(ctx, boolFlag(args, 'browser'));
  ctx.say(ctx.t('certificate:cli.cloud', { cloud: env.cloud.name === 'Local' ? env.cloud.source : env.cloud.name }));
  const storageAccountName = args.keys.storageaccountname;
  let r: CreateResult = await createNewApplication(env, { subscriptionId, ...(storageAccountName ? { storageAccountName } : {}), recreate: boolFlag(args, 'recreate'), progress: (s) => ctx.say(ctx.t(`certificate:progress.${s}`)) });
  if (r.outcome === 'noCertificate') {
    ctx.say(ctx.t('certificate:cli.noCertificate', { name: r.application.displayName, appId: r.application.appId }));
    const answer = ctx.interactive ? await ctx.ask(ctx.t('certificate:cli.askRecreate') + ' ') : '';
    if (!ctx.t('certificate:cli.yesWords').split('|').includes(answer.toLowerCase())) {
      ctx.say(ctx.t('certificate:cli.recreateHint', { subscriptionId }));
      ctx.result({ outcome: r.outcome, application: r.application });
      return 1;
    }
    r = await createNewApplication(env, { subscriptionId, ...(storageAccountName ? { storageAccountName } : {}), recreate: true, progress: (s) => ctx.say(ctx.t(`certificate:progress.${s}`)) });
  }
  const me = (env.operator as { identity?: () => { userPrincipalName: string } | null }).identity?.();
  if (me) ctx.say(ctx.t('azure:signIn.signedInAs', { user: me.userPrincipalName }));
  if (r.outcome === 'created') {
    const p = r.params;
    ctx.say(ctx.t('certificate:cli.created', { name: p.applicationName, appId: p.applicationId }));
    ctx.say(ctx.t('certificate:cli.servicePrincipal', { id: p.servicePrincipalId }));
    ctx.say(ctx.t('certificate:cli.certificate', { subject: p.certificateSubject, thumbprint: p.certificateThumbprintSha1 }));
    ctx.say(ctx.t('certificate:cli.role', { role: r.roleName, scope: r.scope }));
    ctx.say(ctx.t('certificate:cli.paramsWritten', { path: r.xmlPath }));
    ctx.say(ctx.t('certificate:cli.nextStep', { path: r.xmlPath, subscriptionId: p.subscriptionId }));
    ctx.result({ outcome: 'created', xmlPath: r.xmlPath, params: p, roleAssignmentId: r.roleAssignmentId, scope: r.scope });
    return 0;
  }
  if (r.outcome !== 'exists') return 1;
  // The application exists with certificates: change nothing in Azure; the operator uploads ours by hand.
  const m = await prepareManualUpload(env, r.application, { subscriptionId: r.subscriptionId, resourceGroup: r.resourceGroup });
  ctx.say(ctx.t('certificate:cli.exists', { name: r.application.displayName, count: r.application.keyCount }));
  ctx.say(ctx.t('certificate:manual.title'));
  ctx.say(`  1. ${ctx.t('certificate:manual.step1', { path: m.cerPath })}`);
  ctx.say(`  2. ${ctx.t('certificate:manual.step2', { url: m.portalUrl })}`);
  ctx.say(`  3. ${ctx.t('certificate:manual.step3', { file: m.cerPath })}`);
  ctx.say(`  4. ${ctx.t('certificate:manual.step4')}`);
  ctx.say(ctx.t('certificate:cli.thumbprint', { thumbprint: m.sha1 }));
  // Waiting needs someone to do the upload: with no terminal (a script, a scheduler) and no --wait-minutes, the
  // command says what to do and ends with exit code 3 instead of waiting for ever.
  const wait = stringFlag(args, 'wait-minutes') !== undefined || (Boolean(ctx.io.stdin.isTTY) && !boolFlag(args, 'no-wait'));
  if (!wait) {
    ctx.result({ outcome: 'manual', thumbprint: m.sha1, cerPath: m.cerPath, portalUrl: m.portalUrl, applicationId: r.application.appId });
    ctx.say(ctx.t('certificate:cli.rerun'));
    return 3;
  }
  ctx.say(ctx.t('certificate:cli.waiting'));
  const minutes = Number(stringFlag(args, 'wait-minutes') ?? '30');
  const seconds = Number(stringFlag(args, 'poll-seconds') ?? '5');
  const done = await waitForUpload(env, m, { timeoutMs: (Number.isFinite(minutes) ? minutes : 30) * 60_000, intervalMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 5) * 1000 });
  ctx.say(ctx.t('certificate:cli.uploadSeen', { thumbprint: m.sha1 }));
  ctx.say(ctx.t('certificate:cli.paramsWritten', { path: done.xmlPath }));
  ctx.result({ outcome: 'manual', thumbprint: m.sha1, cerPath: m.cerPath, portalUrl: m.portalUrl, xmlPath: done.xmlPath, params: done.params });
  return 0;
}

async function registry(ctx: CliContext, argv: string[]): Promise<number> {
  const args = parseArgs(argv, flags, { keyTokens: ['subscriptionid', 'xmlfilepath', 'storageaccountname'] });
  const subscriptionId = needKey(ctx, args.keys, 'subscriptionid', 'SubscriptionId');
  const xmlFilePath = needKey(ctx, args.keys, 'xmlfilepath', 'xmlfilepath');
  const storageAccountName = needKey(ctx, args.keys, 'storageaccountname', 'storageaccountname');
  const env = await environment(ctx, boolFlag(args, 'browser'));
  // Windows, run as the user: HKLM and the agent's scratch folder alone go to the elevated helper (one UAC prompt).
  const { detectElevation } = await import('../../core/platform/elevated');
  const command = process.platform === 'win32' && ctx.io.elevation && !detectElevation() ? ctx.io.elevation : undefined;
  const { registryEntriesElevated } = await import('../../core/elevation/client');
  type Entries = Omit<Parameters<typeof registryEntriesElevated>[1], 'dataDir'>;
  const elevated = command ? { elevated: (e: Entries) => registryEntriesElevated({ command, env: ctx.io.env }, { ...e, dataDir: env.dataDir }) } : {};
  const r = await addRegistryEntries({ ...env, ...elevated }, { subscriptionId, xmlFilePath, storageAccountName });
  ctx.say(ctx.t('certificate:cli.registryValue', { name: r.valueName, thumbprint: r.thumbprint, location: r.registryLocation }));
  ctx.say(ctx.t('certificate:cli.paramsCopied', { path: r.paramsPath }));
  ctx.result(r);
  return 0;
}

export async function run(ctx: CliContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub?.toLowerCase() === 'createnewapplication') return create(ctx, rest);
  if (sub?.toLowerCase() === 'addregistryentries') return registry(ctx, rest);
  throw new OfflineSeedError({
    code: 'certificate:errors.unknownAction',
    params: { action: sub ?? '' },
    exitCode: 2,
    step: 'certificate',
  });
}

export default { run } satisfies CliCommand;
