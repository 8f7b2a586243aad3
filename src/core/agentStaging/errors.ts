/** The error of a staging location the backup agent wrote whose input or files break a rule. */

import { OfflineSeedError } from '../../shared/errors';
import type { RuleViolation } from '../../shared/rules/azureNames';

/** The one error for the first problem of a check (its sentence nests the rule's own). */
export function agentInputError(problems: RuleViolation[]): OfflineSeedError {
  const first = problems[0]!;
  return new OfflineSeedError({ code: 'agent:errors.invalidInput', params: { ...first.params, problem: first.key }, step: 'staging', exitCode: 2 });
}
