/**
 * The running local Azure's control endpoint (its datacenter receiving drives, its clock), reached over TLS with the
 * secret from its state folder. Used by `offline-seed emulator receive|advance` and by the wizard's rehearsal
 * buttons: core only speaks to it over HTTPS, it never imports the local Azure's code.
 */

import https from 'node:https';
import path from 'node:path';
import { existsSync, promises as fs } from 'node:fs';
import { OfflineSeedError } from '../../shared/errors';
import { isErrorCode } from '../../shared/i18n';
import { localCloudProfileSchema, type LocalCloudProfile } from '../../shared/cloud';
import { FileTooLargeError, fileLimits, readFileLimited } from '../files/readLimited';
import { localRehearsalStateDir } from './localRehearsal';

export interface LocalControl {
  profile: LocalCloudProfile;
  secret: string;
}

/**
 * The running local Azure's profile and control secret: from `stateDir`, else from `cloud` when it names a profile
 * (`…/cloud.json`), else the wizard's local rehearsal in the data folder `dataDir` when it has one.
 */
export async function locateLocalAzure(o: { dataDir: string; stateDir?: string | undefined; cloud?: string | undefined }): Promise<LocalControl> {
  const rehearsal = path.join(localRehearsalStateDir(o.dataDir), 'cloud.json');
  const file = o.stateDir
    ? path.join(path.resolve(o.stateDir), 'cloud.json')
    : o.cloud && o.cloud.endsWith('.json')
      ? path.resolve(o.cloud)
      : existsSync(rehearsal)
        ? rehearsal
        : undefined;
  if (!file) throw new OfflineSeedError({ code: 'emulator:errors.needProfile', exitCode: 2 });
  const parsed = localCloudProfileSchema.safeParse(
    await readFileLimited(file, fileLimits.smallJson, 'utf8').then(
      (t) => JSON.parse(t) as unknown,
      (e: unknown) => {
        if (e instanceof FileTooLargeError) throw e;
        return null;
      },
    ),
  );
  if (!parsed.success || !parsed.data.control) {
    throw new OfflineSeedError({ code: 'emulator:errors.badProfile', params: { path: file }, exitCode: 2 });
  }
  const secretFile = path.join(path.dirname(file), 'control.secret');
  const secret = await fs.readFile(secretFile, 'utf8').catch(() => null);
  if (secret === null) throw new OfflineSeedError({ code: 'emulator:errors.secretMissing', params: { path: secretFile } });
  return { profile: parsed.data, secret: secret.trim() };
}

/** POSTs `body` to the control endpoint's `action`; the reply's status and JSON body. */
export function controlLocalAzure(c: LocalControl, action: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const url = `${c.profile.control}/${action}`;
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'POST', ca: c.profile.caCertificate, headers: { 'content-type': 'application/json', 'x-offline-seed-control': c.secret } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => chunks.push(b));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    });
    req.on('error', (e) => reject(new OfflineSeedError({ code: 'emulator:errors.notRunning', params: { url: c.profile.control ?? '' }, cause: e })));
    req.end(JSON.stringify(body));
  });
}

/** The control endpoint's refusal as one of our sentences (its own code when it sent one of ours). */
export function controlRefused(r: { json: Record<string, unknown> }): OfflineSeedError {
  const err = (r.json.error ?? {}) as { code?: string; message?: string; params?: Record<string, string | number> };
  if (err.code?.startsWith('emulator:errors.') && isErrorCode(err.code)) return new OfflineSeedError({ code: err.code, params: err.params ?? {} });
  return new OfflineSeedError({ code: 'emulator:errors.controlRefused', params: { message: err.message ?? 'unknown error' } });
}
