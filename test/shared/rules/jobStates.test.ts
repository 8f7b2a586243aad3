/** The job-state machine and the meaning keys of every documented state. */

import { describe, expect, it } from 'vitest';
import {
  blobLogStatuses,
  blobLogStatusMeaningKey,
  canEnterShipping,
  canMove,
  driveLogStatuses,
  driveLogStatusMeaningKey,
  driveStateMeaningKey,
  driveStates,
  isDriveProblem,
  isTerminalJobState,
  jobOutcome,
  jobStateMeaningKey,
  jobStates,
  parseDriveState,
  parseJobState,
} from '../../../src/shared/rules/jobStates';
import { hasKey, translate } from '../../../src/shared/i18n';

describe('job states', () => {
  it('follows the documented order Creating → Shipping → Received → Transferring → Packaging → Completed | Closed', () => {
    expect(canMove('Creating', 'Shipping')).toBe(true);
    expect(canMove('Shipping', 'Received')).toBe(true);
    expect(canMove('Received', 'Transferring')).toBe(true);
    expect(canMove('Transferring', 'Packaging')).toBe(true);
    expect(canMove('Packaging', 'Completed')).toBe(true);
    expect(canMove('Packaging', 'Closed')).toBe(true);
    expect(canMove('Shipping', 'Closed')).toBe(true);
    expect(canMove('Creating', 'Received')).toBe(false);
    expect(canMove('Completed', 'Creating')).toBe(false);
    expect(canMove('Transferring', 'Shipping')).toBe(false);
  });

  it('knows which states end the job and how it went', () => {
    expect(isTerminalJobState('Completed')).toBe(true);
    expect(isTerminalJobState('Closed')).toBe(true);
    expect(isTerminalJobState('Transferring')).toBe(false);
    expect(jobOutcome('Completed')).toBe('succeeded');
    expect(jobOutcome('Closed')).toBe('failed');
    expect(jobOutcome('Received')).toBe('pending');
    // A cancelled job moves to Completed in Azure, and is still no success.
    expect(jobOutcome('Completed', true)).toBe('cancelled');
    expect(jobOutcome('Canceled')).toBe('cancelled');
    expect(jobOutcome('Transferring', true)).toBe('cancelled');
  });

  it('allows shipping details only before the drives arrive', () => {
    expect(canEnterShipping('Creating')).toBe(true);
    expect(canEnterShipping('Shipping')).toBe(true);
    expect(canEnterShipping('Received')).toBe(false);
    expect(canEnterShipping('Completed')).toBe(false);
  });

  it('parses the API spelling case-insensitively, an absent state as the default, and refuses unknown ones', () => {
    expect(parseJobState('transferring')).toBe('Transferring');
    expect(parseJobState(undefined)).toBe('Creating');
    expect(parseJobState('Exploded')).toBeNull();
    expect(parseDriveState('completedmoreinfo')).toBe('CompletedMoreInfo');
    expect(parseDriveState(null)).toBe('Specified');
  });

  it('has a meaning in every language for every job, drive and copy-log status', () => {
    const keys = [
      ...jobStates.map(jobStateMeaningKey),
      ...driveStates.map(driveStateMeaningKey),
      ...driveLogStatuses.map(driveLogStatusMeaningKey),
      ...blobLogStatuses.map(blobLogStatusMeaningKey),
      driveLogStatusMeaningKey('SomethingNew'),
      blobLogStatusMeaningKey('SomethingNew'),
    ];
    for (const k of keys) expect(hasKey(k), k).toBe(true);
    expect(translate('de', jobStateMeaningKey('Creating'))).not.toBe(translate('en', jobStateMeaningKey('Creating')));
    expect(translate('en', driveLogStatusMeaningKey('ManifestCorrupted'))).toMatch(/manifest/i);
  });
});

describe('problem drives', () => {
  it('are the ones never received or completed with more information, and a drive shipped back whose copy did not complete', () => {
    expect(isDriveProblem('NeverReceived')).toBe(true);
    expect(isDriveProblem('CompletedMoreInfo', 'Completed')).toBe(true);
    // Once shipped back, the state says nothing of the copy: its status does.
    expect(isDriveProblem('ShippedBack', 'CompletedWithErrors')).toBe(true);
    expect(isDriveProblem('ShippedBack', 'Failed')).toBe(true);
    expect(isDriveProblem('ShippedBack', 'Completed')).toBe(false);
    expect(isDriveProblem('ShippedBack')).toBe(false);
    expect(isDriveProblem('Completed', 'Completed')).toBe(false);
    expect(isDriveProblem('Transferring', 'InProgress')).toBe(false);
  });
});
