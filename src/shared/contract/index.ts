/**
 * The one contract table: every request with its argument and result schema, every event with its payload.
 *
 * Main (Electron), the WebSocket host and the renderer's bridge all derive from this table; nothing
 * crosses a process boundary unless it is named here. Each domain owns its own file.
 */

import type { z } from 'zod';
import { agentStagingEvents, agentStagingRequests } from './agentStaging';
import { appEvents, appRequests } from './app';
import { azureEvents, azureRequests } from './azure';
import { certificateEvents, certificateRequests } from './certificate';
import { databoxEvents, databoxRequests } from './databox';
import { drivesEvents, drivesRequests } from './drives';
import { foldersEvents, foldersRequests } from './folders';
import { stagingEvents, stagingRequests } from './staging';
import { workflowEvents, workflowRequests } from './workflow';
import { wizardJobsEvents, wizardJobsRequests } from './wizardJobs';

export const requests = {
  ...appRequests,
  ...azureRequests,
  ...certificateRequests,
  ...stagingRequests,
  ...agentStagingRequests,
  ...drivesRequests,
  ...foldersRequests,
  ...workflowRequests,
  ...wizardJobsRequests,
  ...databoxRequests,
};

export const events = {
  ...appEvents,
  ...azureEvents,
  ...certificateEvents,
  ...stagingEvents,
  ...agentStagingEvents,
  ...drivesEvents,
  ...foldersEvents,
  ...workflowEvents,
  ...wizardJobsEvents,
  ...databoxEvents,
};

export type Requests = typeof requests;
export type RequestName = keyof Requests & string;
export type RequestArg<K extends RequestName> = z.input<Requests[K]['arg']>;
export type RequestResult<K extends RequestName> = z.output<Requests[K]['result']>;

export type Events = typeof events;
export type EventName = keyof Events & string;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

export { ipcChannel, ipcEventChannel } from './channels';
