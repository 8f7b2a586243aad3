/** Handlers of the certificate domain: contract requests mapped onto core functions. */

import type { certificateRequests } from '../../shared/contract/certificate';
import type { DomainHandlers } from './types';

export function createCertificateHandlers(): DomainHandlers<typeof certificateRequests> {
  return {};
}
