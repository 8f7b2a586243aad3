/**
 * Requests of the folder pickers ("Browse…" next to every folder field): Electron's own folder dialog, and in the
 * browser host (which cannot show one) a folder browser that lists, on the server, only folders the user may read.
 */

import * as z from 'zod';
import { defineEvents, defineRequests } from './define';

export const folderListingSchema = z.object({
  /** The folder listed, absolute and without symbolic links; '' for the list of starting places. */
  path: z.string(),
  /** The folder above it, or null at a starting place (one cannot climb out of them). */
  parent: z.string().nullable(),
  folders: z.array(z.object({ name: z.string(), path: z.string() })),
  /** The starting places: home, temporary files, mounted media (drive letters on Windows). */
  roots: z.array(z.string()),
  /** More folders than shown. */
  truncated: z.boolean(),
});
export type FolderListing = z.infer<typeof folderListingSchema>;

export const foldersRequests = defineRequests({
  /** Electron: the system's folder dialog; null when the user cancels. Refused in the browser host. */
  'folders.choose': {
    arg: z.object({ title: z.string().max(200).optional(), defaultPath: z.string().max(4096).optional() }).strict(),
    result: z.object({ path: z.string().nullable() }),
  },
  /** The browser host: the folders in `path` (absolute), or the starting places when it is absent. */
  'folders.list': {
    arg: z.object({ path: z.string().max(4096).optional() }).strict(),
    result: folderListingSchema,
  },
});

export const foldersEvents = defineEvents({});
