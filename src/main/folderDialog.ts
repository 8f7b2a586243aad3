/**
 * "Browse…" in Electron: the system's folder dialog, modal to the app's window, reached through the contract's
 * `folders.choose` request (validated and sender-checked like every request, src/main/ipc.ts). The page gets back a
 * path only, and only one the user picked.
 */

import { dialog, type BrowserWindow } from 'electron';
import path from 'node:path';

export function folderDialog(window: () => BrowserWindow | null) {
  return async ({ title, defaultPath }: { title?: string; defaultPath?: string }): Promise<string | null> => {
    const win = window();
    // No window, no dialog: a dialog without a parent would open behind nothing the user is looking at.
    if (!win) return null;
    const r = await dialog.showOpenDialog(win, {
      ...(title ? { title } : {}),
      // A start folder is a suggestion: only a full path is passed on.
      ...(defaultPath && path.isAbsolute(defaultPath) ? { defaultPath } : {}),
      properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'],
    });
    const chosen = r.canceled ? undefined : r.filePaths[0];
    return chosen && path.isAbsolute(chosen) ? chosen : null;
  };
}
