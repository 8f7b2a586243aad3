/** Handlers of the folder pickers: each front end brings its own (Electron's dialog, the host's folder browser). */

import type { foldersRequests } from '../../shared/contract/folders';
import { OfflineSeedError } from '../../shared/errors';
import type { DomainHandlers } from './types';

const unavailable = () => new OfflineSeedError({ code: 'app:errors.folderPickerUnavailable' });

export function createFoldersHandlers(): DomainHandlers<typeof foldersRequests> {
  return {
    'folders.choose': async (arg, ctx) => {
      if (!ctx.folders?.choose) throw unavailable();
      return { path: await ctx.folders.choose(arg) };
    },
    'folders.list': async (arg, ctx) => {
      if (!ctx.folders?.list) throw unavailable();
      return ctx.folders.list(arg.path);
    },
  };
}
