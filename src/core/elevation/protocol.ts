/**
 * The channel between the unelevated app (the caller) and its elevated helper: newline-delimited JSON over a local
 * socket (a Unix socket in the caller's own 0700 folder; a named pipe with an unguessable name on Windows). Offline
 * Seed's own protocol, validated on both ends with the schemas below.
 *
 * Both ends prove that they know the per-run token the caller wrote (0600, in its 0700 folder) before anything else
 * is said: HMAC-SHA-256 of the other side's fresh nonce. So another local user can neither drive the elevated helper
 * nor pose as it to the caller (and receive or forge recovery passwords).
 */

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { driveInfoSchema } from '../../shared/model/drive';
import type { EligibilityContext } from '../../shared/rules/driveEligibility';
import { stepIdSchema } from '../../shared/errors';

/** The longest line either side accepts: a line beyond it ends the connection (nothing a peer sends may crash us). */
export const maxLineBytes = 1024 * 1024;

const nonce = z.string().regex(/^[0-9a-f]{64}$/);
const proof = z.string().regex(/^[0-9a-f]{64}$/);
const callId = z.number().int().nonnegative();

export const eligibilitySchema = z.object({
  stagingDir: z.string(),
  sourcePaths: z.array(z.string()),
  largestFileBytes: z.number(),
  copyMachineVirtual: z.boolean(),
  sourceMachineVirtual: z.boolean().nullable(),
  windows: z.boolean().optional(),
}) satisfies z.ZodType<EligibilityContext>;

/** What the helper needs to prepare one drive (PrepareInput without the callbacks). */
export const prepareArgSchema = z.object({
  drive: driveInfoSchema,
  stagingDir: z.string().min(1),
  cloud: z.string().min(1),
  label: z.string(),
  eligibility: eligibilitySchema,
  /**
   * The keys the session's import jobs hold for this drive, asked of Azure by the caller (the helper does not talk to
   * Azure): a drive they list keeps its key or the run stops.
   */
  jobKeys: z.array(z.object({ job: z.string(), key: z.string() })).max(100).optional(),
});
export type PrepareArg = z.infer<typeof prepareArgSchema>;

/** A prepared drive as it crosses the channel (PreparedTarget). */
export const preparedTargetSchema = z.object({
  root: z.string(),
  label: z.string(),
  driveId: z.string(),
  bitLockerKey: z.string(),
  drive: driveInfoSchema,
  bitLocker: z.enum(['emulated', 'windows', 'linuxBitLocker']),
  mountedAt: z.string().optional(),
  formatted: z.boolean(),
  sizeBytes: z.number().int().positive().optional(),
});

/**
 * AddRegistryEntries on Windows: the thumbprint value under HKLM\…\CloudBackupProvider and the parameters file in
 * the MARS agent's scratch folder, both machine-wide. Only these names and shapes: the helper writes nothing else.
 */
export const registryEntriesArgSchema = z.object({
  valueName: z.string().regex(/^AzureADAppCertThumbprint_[0-9A-Za-z-]{1,64}$/),
  thumbprint: z.string().regex(/^[0-9A-F]{40}$/),
  fileName: z.string().regex(/^OfflineApplicationParams_[a-z0-9]{3,24}\.xml$/),
  xml: z.string().min(1).max(64 * 1024),
  /** The user's data folder: where the parameters file goes when the agent has no scratch folder. */
  dataDir: z.string().min(1).max(4096),
});
export type RegistryEntriesArg = z.infer<typeof registryEntriesArgSchema>;
export const registryEntriesResultSchema = z.object({ registryLocation: z.string(), paramsPath: z.string() });

/**
 * The Data Box certificate repair on Windows (src/core/databox/certificateRepair.ts): the thumbprint value alone under
 * HKLM\…\CloudBackupProvider. Only that value name and a 40-hex thumbprint cross the channel.
 */
export const thumbprintValueArgSchema = z.object({
  valueName: z.string().regex(/^AzureADAppCertThumbprint_[0-9A-Za-z-]{1,64}$/),
  thumbprint: z.string().regex(/^[0-9A-F]{40}$/),
});
export type ThumbprintValueArg = z.infer<typeof thumbprintValueArgSchema>;
export const thumbprintValueResultSchema = z.object({ registryLocation: z.string() });

/**
 * Linux: empty the buffer cache of the block device mounted (ntfs-3g, `fuseblk`) at `root`, so that the caller's
 * read-back reaches the medium (BLKFLSBUF is root only). The helper flushes nothing but the device of a FUSE block
 * mount holding `root`; it writes and changes nothing.
 */
export const flushArgSchema = z.object({ root: z.string().min(1).max(4096) });
export type FlushArg = z.infer<typeof flushArgSchema>;
export const flushResultSchema = z.enum(['dropped', 'notNeeded', 'notPossible']);

export const callSchema = z.discriminatedUnion('op', [
  z.object({ type: z.literal('call'), id: callId, op: z.literal('prepare'), arg: prepareArgSchema }),
  z.object({ type: z.literal('call'), id: callId, op: z.literal('checkKey'), arg: preparedTargetSchema }),
  z.object({ type: z.literal('call'), id: callId, op: z.literal('release'), arg: preparedTargetSchema }),
  z.object({ type: z.literal('call'), id: callId, op: z.literal('registryEntries'), arg: registryEntriesArgSchema }),
  z.object({ type: z.literal('call'), id: callId, op: z.literal('thumbprintValue'), arg: thumbprintValueArgSchema }),
  z.object({ type: z.literal('call'), id: callId, op: z.literal('flush'), arg: flushArgSchema }),
]);
export type HelperCall = z.infer<typeof callSchema>;

/** Caller → helper. */
export const toHelperSchema = z.union([
  z.object({ type: z.literal('auth'), nonce, proof }),
  callSchema,
  z.object({ type: z.literal('cancel'), id: callId }),
  z.object({ type: z.literal('bye') }),
]);
export type ToHelper = z.infer<typeof toHelperSchema>;

/** A failure as data: an OfflineSeedError's code and params (the caller renders the sentence in its language). */
export const helperErrorSchema = z.object({
  code: z.string().min(1),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  step: stepIdSchema.optional(),
});
export type HelperError = z.infer<typeof helperErrorSchema>;

/** Helper → caller. */
export const toCallerSchema = z.union([
  z.object({ type: z.literal('hello'), nonce }),
  z.object({ type: z.literal('ready'), proof }),
  z.object({ type: z.literal('phase'), id: callId, phase: z.enum(['formatting', 'encrypting']) }),
  z.object({ type: z.literal('done'), id: callId, value: z.union([preparedTargetSchema, registryEntriesResultSchema, thumbprintValueResultSchema, flushResultSchema, z.boolean(), z.null()]) }),
  z.object({ type: z.literal('failed'), id: callId, error: helperErrorSchema }),
]);
export type ToCaller = z.infer<typeof toCallerSchema>;

export const newNonce = (): string => randomBytes(32).toString('hex');

/** Proof that `who` knows the token, over the other side's nonce. The two roles never produce the same proof. */
export function proofOf(token: Buffer, who: 'caller' | 'helper', theirNonce: string): string {
  return createHmac('sha256', token).update(`offline-seed-elevation:${who}:${theirNonce}`).digest('hex');
}

export function proofMatches(token: Buffer, who: 'caller' | 'helper', theirNonce: string, claimed: string): boolean {
  const want = Buffer.from(proofOf(token, who, theirNonce), 'hex');
  const got = Buffer.from(claimed, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}

/**
 * Splits a byte stream into JSON messages validated by `schema`. A line that is too long, not JSON or not a message
 * of the schema calls `onBad` once and nothing more is read from the stream.
 */
export function lineReader<T>(schema: z.ZodType<T>, onMessage: (m: T) => void, onBad: (why: string) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  let bad = false;
  return (chunk) => {
    if (bad) return;
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      const nl = pending.indexOf(0x0a);
      if (nl < 0) break;
      const line = pending.subarray(0, nl).toString('utf8');
      pending = pending.subarray(nl + 1);
      let parsed: z.ZodSafeParseResult<T>;
      try {
        parsed = schema.safeParse(JSON.parse(line));
      } catch {
        bad = true;
        return onBad('not JSON');
      }
      if (!parsed.success) {
        bad = true;
        return onBad('not a message of the protocol');
      }
      onMessage(parsed.data);
      if (bad) return;
    }
    if (pending.length > maxLineBytes) {
      bad = true;
      onBad('line too long');
    }
  };
}

export const frame = (m: ToHelper | ToCaller): string => JSON.stringify(m) + '\n';
