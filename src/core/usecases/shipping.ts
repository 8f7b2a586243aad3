/** Step 7 (shipping) as both front ends run it: what the form needs for one job, and the details sent to Azure. */

import type { Deadline } from '../../shared/model/deadline';
import { jobDeadline } from '../../shared/rules/deadline';
import { isTerminalJobState, parseJobState } from '../../shared/rules/jobStates';
import type { ShippingDetails } from '../../shared/model/shipping';
import type { ImportJobRecord } from '../../shared/session/workflow';
import type { ConnectedWorkflow } from '../identity/connect';
import type { ImportJobSummary } from '../../shared/model/importJob';
import { pickJob, type StagingJobs } from '../session/locate';
import { readJobForShipping, submitShipping, type SubmitShippingResult } from '../shipping/shipping';
import { connectFor, type UseCaseEnv } from './env';

export interface ShippingForm {
  record: ImportJobRecord;
  /** The datacenter address, carriers and drives of the job, as Azure has it now. */
  job: ImportJobSummary;
  /** The two-week countdown that applies now, or null. */
  deadline: Deadline | null;
  /** The tracking number already sent, when there is one. */
  trackingNumber?: string;
  /** The service's clock when it answered (ISO): "today" for the ship date. */
  serviceNow?: string;
  /** Checks `details`, sends them (state Shipping), stores them and the packing slip in the staging location. */
  submit(details: ShippingDetails): Promise<SubmitShippingResult>;
}

/** The jobs still waiting for shipping details (the last state seen is not final), else all of them. */
export function jobsToShip(staging: StagingJobs): ImportJobRecord[] {
  const open = staging.jobs.filter((j) => {
    const s = parseJobState(j.lastState);
    return !s || !isTerminalJobState(s);
  });
  return open.length > 0 ? open : staging.jobs;
}

function send(env: UseCaseEnv, azure: ConnectedWorkflow, staging: StagingJobs, jobName: string, details: ShippingDetails): Promise<SubmitShippingResult> {
  return submitShipping(azure, { stagingDir: staging.stagingDir, session: staging.session, jobName, details, lang: env.lang });
}

/** What the shipping form shows for `jobName` of the staging location (read from Azure). */
export async function openShippingForm(env: UseCaseEnv, staging: StagingJobs, jobName: string): Promise<ShippingForm> {
  const record = pickJob(staging, jobName);
  const azure = await connectFor(env, staging.session);
  const { job, summary, serviceNow } = await readJobForShipping(azure, record.name, record.resourceGroup);
  const state = parseJobState(job.properties?.state);
  const tracking = job.properties?.deliveryPackage?.trackingNumber;
  return {
    record,
    job: summary,
    deadline: state ? jobDeadline(state, record.shipping?.enteredAt ?? record.createdAt, serviceNow ?? new Date()) : null,
    ...(serviceNow ? { serviceNow: serviceNow.toISOString() } : {}),
    ...(tracking ? { trackingNumber: tracking } : {}),
    submit: (details) => send(env, azure, staging, record.name, details),
  };
}

/** Sends the shipping details of `jobName` without showing the form first (the wizard's form was shown already). */
export async function sendShippingDetails(env: UseCaseEnv, staging: StagingJobs, jobName: string, details: ShippingDetails): Promise<SubmitShippingResult> {
  const record = pickJob(staging, jobName);
  return send(env, await connectFor(env, staging.session), staging, record.name, details);
}
