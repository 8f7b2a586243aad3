/**
 * A cloud profile that points at a port where nothing listens, or that carries a CA which did not sign the local
 * Azure's certificate: the operator's sign-in and an ARM call each say which, naming the host, never "sign in
 * again" (MSAL alone only says endpoints_resolution_error). Real sign-ins against the local Azure over TLS.
 */

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { test } from '../../helpers/fixtures';
import type { LocalAzure } from '../../helpers/localAzure';
import { armScope, cloudFromProfile, type ResolvedCloud } from '../../../src/core/azure/clouds';
import { operatorCredential } from '../../../src/core/azure/operator';
import { jsonCall } from '../../../src/core/azure/http';
import { generateCertificate } from '../../../src/core/certs/certificate';
import { OfflineSeedError } from '../../../src/shared/errors';
import { translate } from '../../../src/shared/i18n';

let az: LocalAzure;
let root: string;

test.beforeAll(async ({ localAzure, tmp }) => {
  az = localAzure;
  root = tmp;
}, 60_000);

/** A port nothing listens on: bound, then released. */
async function deadPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** The local cloud with every endpoint moved to `host`. */
function movedTo(cloud: ResolvedCloud, host: string): ResolvedCloud {
  const from = new URL(cloud.endpoints.authority).host;
  const endpoints = Object.fromEntries(Object.entries(cloud.endpoints).map(([k, v]) => [k, typeof v === 'string' ? v.replace(from, host) : v])) as ResolvedCloud['endpoints'];
  return { ...cloud, endpoints };
}

async function failure(p: Promise<unknown>): Promise<OfflineSeedError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(OfflineSeedError);
  return e as OfflineSeedError;
}

const english = (e: OfflineSeedError) => translate('en', e.code, e.params);

describe('a cloud profile that cannot be reached', () => {
  it('a dead port: the sign-in names the host and port and says to check them, not to sign in again', async () => {
    const host = `127.0.0.1:${await deadPort()}`;
    const cloud = movedTo(cloudFromProfile(az.profile), host);
    const e = await failure(operatorCredential({ cloud, dataDir: root, onDeviceCode: () => undefined }).getToken(armScope(cloud)));
    expect(e.code).toBe('azure:errors.unreachable');
    expect(e.params).toMatchObject({ host, operation: 'signIn' });
    expect(english(e)).toMatch(new RegExp(`^Nothing answered at ${host} to sign in the operator \\(ECONNREFUSED`));
    expect(english(e)).not.toMatch(/sign in again|endpoints_resolution_error/);

    // An ARM call to the same place says the same.
    const arm = await failure(jsonCall({ method: 'GET', url: `https://${host}/subscriptions?api-version=2022-12-01`, token: 'x', ca: cloud.ca, operation: 'readSubscription', step: 'signIn', retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } }));
    expect(arm.code).toBe('azure:errors.unreachable');
    expect(arm.params).toMatchObject({ host });
  }, 60_000);

  it('a CA that did not sign the local Azure’s certificate: the sign-in says the certificate is not trusted and what to give', async () => {
    const other = await generateCertificate('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg');
    const cloud: ResolvedCloud = { ...cloudFromProfile(az.profile), ca: other.certPem };
    const e = await failure(operatorCredential({ cloud, dataDir: root, onDeviceCode: () => undefined }).getToken(armScope(cloud)));
    expect(e.code).toBe('azure:errors.untrusted');
    expect(e.params.host).toBe(new URL(cloud.endpoints.authority).host);
    expect(english(e)).toMatch(/^The certificate of \S+ is not signed by a trusted authority, so Offline Seed did not connect to sign in the operator \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|DEPTH_ZERO_SELF_SIGNED_CERT)/);
    expect(english(e)).toContain('give the cloud profile it wrote');
    expect(english(e)).not.toMatch(/sign in again/);
  }, 60_000);
});
