/** The drives a copy job was started with, kept with the wizard's job (one JSON text per drive) for the Copy page. */

import * as z from 'zod';
import type { JudgedDrive } from '../../../shared/model/drive';

export const chosenDriveSchema = z.object({
  /** As chosen: `/dev/sdb`, `E`, `dir:/x`. */
  id: z.string(),
  /** The hardware serial: the drive ID of the manifest and the import job. */
  serial: z.string(),
  model: z.string(),
  sizeBytes: z.number(),
  /** Bytes the packing plan puts on it, when known. */
  planned: z.number().nullable(),
});
export type ChosenDrive = z.infer<typeof chosenDriveSchema>;

export const chosenText = (d: JudgedDrive['drive'], planned: number | null): string =>
  JSON.stringify({ id: d.id, serial: d.serial, model: d.model, sizeBytes: d.sizeBytes, planned } satisfies ChosenDrive);

/** The kept drives; a text that is not one (an older job, a hand-edited file) is left out. */
export function readChosen(texts: string[]): ChosenDrive[] {
  return texts.flatMap((t) => {
    try {
      const r = chosenDriveSchema.safeParse(JSON.parse(t));
      return r.success ? [r.data] : [];
    } catch {
      return [];
    }
  });
}
