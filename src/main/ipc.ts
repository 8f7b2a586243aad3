/** The only place that touches ipcMain: one handler per contract request, each checking the sender frame first. */

import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { ipcChannel, requestNames } from '../shared/contract';
import type { Runtime } from '../core/runtime';
import { OfflineSeedError } from '../shared/errors';
import { localizeError } from '../shared/i18n';
import { isTrustedSenderUrl } from './security';

export function registerIpcHandlers(runtime: Runtime): void {
  for (const name of requestNames) {
    ipcMain.handle(ipcChannel(name), async (event: IpcMainInvokeEvent, arg: unknown) => {
      // The sender must be our own top-level page on app://, never a subframe or a navigated-away page.
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null || !isTrustedSenderUrl(frame.url)) {
        return { ok: false, error: localizeError(new OfflineSeedError({ code: 'app:errors.untrustedSender' }), runtime.ctx.language()) };
      }
      return runtime.handle(name, arg);
    });
  }
}
