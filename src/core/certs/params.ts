/**
 * OfflineApplicationParams.xml: our own documented format (Microsoft's is not public).
 *
 * <?xml version="1.0" encoding="utf-8"?>
 * <OfflineApplicationParams xmlns="urn:offline-seed:offline-application-params" version="1">
 *   <TenantId/> <ApplicationId/> (client id) <ObjectId/> (application object id) <ServicePrincipalId/>
 *   <ApplicationName/> <CertificateSubject/> <CertificateThumbprintSha1/> <CertificateThumbprintSha256/> (upper-case hex)
 *   <SubscriptionId/> <ResourceGroup/> <Cloud/> (AzureCloud, AzureUSGovernment, AzureChinaCloud or Local) <CreatedTime/> (ISO 8601 UTC)
 *   <StorageAccountName/> <StorageAccountId/> (only in OfflineApplicationParams_<account>.xml, written by AddRegistryEntries)
 * </OfflineApplicationParams>
 *
 * No secret is ever in it: the private key stays in the certificate store or the app's data folder.
 */

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { offlineApplicationParamsSchema, type OfflineApplicationParams } from '../../shared/model/certificate';

export type { OfflineApplicationParams };

const order: Array<[keyof OfflineApplicationParams, string]> = [
  ['tenantId', 'TenantId'],
  ['applicationId', 'ApplicationId'],
  ['objectId', 'ObjectId'],
  ['servicePrincipalId', 'ServicePrincipalId'],
  ['applicationName', 'ApplicationName'],
  ['certificateSubject', 'CertificateSubject'],
  ['certificateThumbprintSha1', 'CertificateThumbprintSha1'],
  ['certificateThumbprintSha256', 'CertificateThumbprintSha256'],
  ['subscriptionId', 'SubscriptionId'],
  ['resourceGroup', 'ResourceGroup'],
  ['cloud', 'Cloud'],
  ['createdTime', 'CreatedTime'],
  ['storageAccountName', 'StorageAccountName'],
  ['storageAccountId', 'StorageAccountId'],
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function serializeParams(p: OfflineApplicationParams): string {
  const lines = order.filter(([k]) => p[k] !== undefined).map(([k, tag]) => `  <${tag}>${esc(String(p[k]))}</${tag}>`);
  return `<?xml version="1.0" encoding="utf-8"?>\n<OfflineApplicationParams xmlns="urn:offline-seed:offline-application-params" version="1">\n${lines.join('\n')}\n</OfflineApplicationParams>\n`;
}

/** What is wrong with an OfflineApplicationParams.xml: `problem` is the `certificate:xmlProblems` key of its phrase. */
export type ParamsProblem =
  | { problem: 'notXml'; line: number; reason: string }
  | { problem: 'wrongRoot' }
  | { problem: 'badElement'; element: string };

export const isParamsProblem = (p: OfflineApplicationParams | ParamsProblem): p is ParamsProblem => 'problem' in p;

/** Parses the XML, or says what is wrong with it (not well formed, another document, an element missing or invalid). */
export function parseParams(xml: string): OfflineApplicationParams | ParamsProblem {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { problem: 'notXml', line: valid.err.line, reason: valid.err.msg };
  const doc = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true }).parse(xml) as Record<string, unknown>;
  const root = doc.OfflineApplicationParams;
  if (!root || typeof root !== 'object') return { problem: 'wrongRoot' };
  const r = root as Record<string, unknown>;
  const obj: Record<string, unknown> = {};
  for (const [k, tag] of order) if (typeof r[tag] === 'string') obj[k] = r[tag];
  const parsed = offlineApplicationParamsSchema.safeParse(obj);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? '');
    const tag = order.find(([k]) => k === field)?.[1] ?? field;
    return { problem: 'badElement', element: tag };
  }
  return parsed.data;
}
