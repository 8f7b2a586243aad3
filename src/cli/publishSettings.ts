/**
 * `p:<publishsettings>` as the command line honours it: the subscription (asked for on a terminal when the file lists
 * several, as DiskPrep asks) and the cloud of a new session, or a check that an existing session's subscription is in
 * the file. A file that cannot be read is an error, never ignored. The management certificate inside is not used.
 */

import type { CliContext } from './context';
import { readPublishSettings, type PublishSettingsSubscription } from '../core/staging/publishSettings';
import { stagingError } from '../core/staging/errors';
import { OfflineSeedError } from '../shared/errors';

export interface FromPublishSettings {
  subscription: PublishSettingsSubscription;
}

/**
 * The subscription to use from the file: the one given (`subscriptionId`, which must be in the file), the only one,
 * or the one chosen on a terminal; several and no terminal is a usage error.
 */
export async function subscriptionFromPublishSettings(ctx: CliContext, file: string, subscriptionId: string | undefined): Promise<FromPublishSettings> {
  const settings = await readPublishSettings(file);
  const subs = settings.subscriptions;
  if (subscriptionId) {
    const found = subs.find((s) => s.id === subscriptionId.trim().toLowerCase());
    if (!found) throw subscriptionNotInFile(file, subscriptionId, subs);
    return { subscription: found };
  }
  if (subs.length === 1) return { subscription: subs[0]! };
  if (!ctx.interactive) throw stagingError('severalSubscriptions', { count: subs.length }, 2);
  subs.forEach((s, i) => ctx.say(`  ${i + 1}. ${s.name} (${s.id})`));
  const answer = (await ctx.ask(ctx.t('staging:cli.chooseSubscription', { count: subs.length }))).trim();
  const chosen = subs[Number(answer) - 1] ?? subs.find((s) => s.id === answer.toLowerCase());
  if (!chosen) throw new OfflineSeedError({ code: 'workflow:errors.badChoice', params: { value: answer }, exitCode: 2 });
  return { subscription: chosen };
}

function subscriptionNotInFile(file: string, expected: string, subs: PublishSettingsSubscription[]): OfflineSeedError {
  return new OfflineSeedError({
    code: 'agent:errors.publishSettingsSubscription',
    params: { file, expected, found: subs.map((s) => s.id).join(', ') },
    exitCode: 2,
  });
}

/** For a session that exists: the publish settings file must be readable and hold the session's subscription. */
export async function checkPublishSettingsFor(ctx: CliContext, file: string | undefined, subscriptionId: string): Promise<void> {
  if (file === undefined) return;
  await subscriptionFromPublishSettings(ctx, file, subscriptionId);
}
