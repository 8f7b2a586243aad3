/** Requests every front end needs: what this build can do, jobs, links, diagnostics. */

import * as z from 'zod';
import { defineEvents, defineRequests } from './define';
import { jobEndSchema, progressSchema } from '../progress';
import { languageSchema } from '../i18n/languages';

export const capabilitiesSchema = z.object({
  /** 'electron' when running in the desktop shell, 'host' when served to a browser by src/host. */
  shell: z.enum(['electron', 'host']),
  platform: z.enum(['win32', 'linux', 'darwin', 'other']),
  /** Formatting drives and enabling BitLocker need administrator (Windows) or root (Linux). */
  elevated: z.boolean(),
  /** BitLocker can be enabled on this machine (Windows only). */
  canCreateBitLocker: z.boolean(),
});
export type Capabilities = z.infer<typeof capabilitiesSchema>;

/** The prompt that asks for elevation for one step: UAC ('windows') or polkit's ('system', through pkexec). */
export const elevationPromptSchema = z.enum(['windows', 'system']);
export type ElevationPrompt = z.infer<typeof elevationPromptSchema>;

export const appRequests = defineRequests({
  'app.info': {
    arg: z.object({}).strict(),
    result: z.object({
      name: z.string(),
      version: z.string(),
      capabilities: capabilitiesSchema,
      /** The prompt a step that needs elevation will show (a page says so beforehand); null: none will. */
      elevationPrompt: elevationPromptSchema.nullable(),
    }),
  },
  /** Opens an allow-listed Azure portal or documentation page in the system browser. */
  'app.openExternal': {
    arg: z.object({ url: z.string().url().max(2048) }).strict(),
    result: z.object({ opened: z.boolean() }),
  },
  'app.setLanguage': {
    arg: z.object({ language: languageSchema }).strict(),
    result: z.object({ language: languageSchema }),
  },
  'jobs.cancel': {
    arg: z.object({ jobId: z.string().min(1).max(100) }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
  'jobs.list': {
    arg: z.object({}).strict(),
    result: z.object({ running: z.array(progressSchema) }),
  },
});

export const appEvents = defineEvents({
  'job.progress': progressSchema,
  'job.end': jobEndSchema,
});
