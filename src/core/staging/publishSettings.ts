/**
 * Reads a `.publishsettings` file (schema 1.0 and 2.0) for its subscriptions and cloud. The embedded
 * management certificate is a secret: it is neither returned, logged nor copied — only its presence is.
 */

import { XMLParser } from 'fast-xml-parser';
import type { PublicCloudName } from '../../shared/cloud';
import { stagingError } from './errors';
import { FileTooLargeError, fileLimits, readFileLimited } from '../files/readLimited';

export interface PublishSettingsSubscription {
  id: string;
  name: string;
  /** The cloud its ServiceManagementUrl belongs to, or null when the URL is not one we know. */
  cloud: PublicCloudName | null;
  serviceManagementUrl: string;
}

export interface PublishSettings {
  schemaVersion: '1.0' | '2.0';
  subscriptions: PublishSettingsSubscription[];
  hasManagementCertificate: boolean;
}

/** The cloud of a Service Management URL (management.core.windows.net and its sovereign twins). */
export function cloudOfServiceManagementUrl(url: string): PublicCloudName | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (host.endsWith('.windows.net')) return 'AzureCloud';
  if (host.endsWith('.usgovcloudapi.net')) return 'AzureUSGovernment';
  if (host.endsWith('.chinacloudapi.cn')) return 'AzureChinaCloud';
  return null;
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

type Attrs = Record<string, string | undefined>;

/** Parses the XML text; `file` only names the file in errors. */
export function parsePublishSettings(xml: string, file: string): PublishSettings {
  const malformed = () =>
    stagingError(
      'publishSettingsMalformed',
      { file },
      2,
    );
  let doc: Record<string, unknown>;
  try {
    doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, processEntities: false }).parse(xml, true) as Record<string, unknown>;
  } catch {
    throw malformed();
  }
  const data = doc.PublishData as { PublishProfile?: Attrs | Attrs[] } | undefined;
  if (!data || typeof data !== 'object') throw malformed();
  const profiles = asArray(data.PublishProfile as (Attrs & { Subscription?: Attrs | Attrs[] }) | Array<Attrs & { Subscription?: Attrs | Attrs[] }> | undefined);
  if (profiles.length === 0) throw malformed();
  let schemaVersion: '1.0' | '2.0' = '1.0';
  let hasCert = false;
  const subscriptions: PublishSettingsSubscription[] = [];
  for (const profile of profiles) {
    if (profile.SchemaVersion === '2.0') schemaVersion = '2.0';
    if (profile.ManagementCertificate) hasCert = true;
    for (const sub of asArray(profile.Subscription)) {
      const id = sub.Id?.trim();
      if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw malformed();
      if (sub.ManagementCertificate) hasCert = true;
      const url = sub.ServiceManagementUrl ?? profile.Url ?? '';
      subscriptions.push({ id: id.toLowerCase(), name: sub.Name ?? '', cloud: cloudOfServiceManagementUrl(url), serviceManagementUrl: url });
    }
  }
  if (subscriptions.length === 0) throw malformed();
  return { schemaVersion, subscriptions, hasManagementCertificate: hasCert };
}

export async function readPublishSettings(file: string): Promise<PublishSettings> {
  let xml: string;
  try {
    xml = await readFileLimited(file, fileLimits.publishSettings, 'utf8');
  } catch (e) {
    if (e instanceof FileTooLargeError) throw e;
    throw stagingError(
      'publishSettingsUnreadable',
      { file, reason: (e as NodeJS.ErrnoException).code ?? 'error' },
      2,
    );
  }
  return parsePublishSettings(xml, file);
}
