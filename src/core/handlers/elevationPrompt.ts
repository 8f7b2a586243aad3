/** Which prompt this front end will show when a step asks for elevation, so the page can say so beforehand. */

import type { ElevationPrompt } from '../../shared/contract/app';
import { elevationTool } from '../elevation/client';
import type { HandlerContext } from './types';

/**
 * 'windows': the UAC prompt; 'system': polkit's prompt through pkexec. null: already elevated, no elevated helper in
 * this front end, or no prompt at all (`sudo -n` runs only where no password is asked; with neither pkexec nor sudo,
 * `drives.prepare` says so in one sentence instead). Decided as src/core/elevation/client.ts starts the helper.
 */
export function elevationPrompt(ctx: Pick<HandlerContext, 'capabilities' | 'elevation'>): ElevationPrompt | null {
  if (!ctx.elevation || ctx.capabilities.elevated) return null;
  if ((ctx.elevation.platform ?? process.platform) === 'win32') return 'windows';
  return elevationTool(ctx.elevation.env ?? process.env)?.tool === 'pkexec' ? 'system' : null;
}
