/** Microsoft.ImportExport 2021-01-01 jobs on the local Azure: PUT, GET, PATCH, DELETE, lists with paging, listBitLockerKeys. */

import type { EmulatorContext } from './context';
import { armError, isObject, json, jsonBody, type Reply, type Request } from './http';
import { checkDeliveryPackage, checkDriveList, checkJobName, checkPutProperties, checkReturnAddress, checkReturnShipping, patchableIn, patchableProperties, type RuleError } from './jobRules';
import { applyClock, createdAtOf, type Transition } from './lifecycle';
import { findLocation } from './locations';
import type { AccessClaims } from './tokens';
import type { JobResource, StoredJob } from './state';

const fromRule = (e: RuleError) => armError(e.status, e.code, e.message, e.target);

/** The job as the service shows it: never the BitLocker keys. */
export function showJob(j: StoredJob): JobResource {
  const body = structuredClone(j.body);
  body.properties.driveList = body.properties.driveList?.map((d) => {
    const { bitLockerKey: _hidden, ...rest } = d;
    void _hidden;
    return rest as typeof d;
  });
  return body;
}

export function createJobs(ctx: EmulatorContext) {
  const st = () => ctx.store.state;
  const iso = () => new Date(ctx.store.now()).toISOString();

  /** The service's clocks (lifecycle.ts) applied at the emulator's now; saved when a job changed. */
  async function tick(): Promise<Transition[]> {
    const before = JSON.stringify(st().jobs);
    const moved = applyClock(st().jobs, ctx.store.now());
    if (JSON.stringify(st().jobs) !== before) await ctx.store.save();
    return moved;
  }

  function find(rg: string, name: string): StoredJob | undefined {
    return st().jobs.find((j) => j.resourceGroup.toLowerCase() === rg.toLowerCase() && j.body.name === name);
  }

  function notFound(rg: string, name: string): Reply {
    return armError(404, 'ResourceNotFound', `The Resource 'Microsoft.ImportExport/jobs/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
  }

  function who(c: AccessClaims) {
    return { by: c.idtyp === 'user' ? (c.upn ?? c.oid) : c.appid, type: c.idtyp === 'user' ? 'User' : 'Application' };
  }

  function shippingFor(location: string) {
    const loc = findLocation(location)!;
    const target = findLocation(loc.properties.alternateLocations[0] ?? loc.id) ?? loc;
    const p = target.properties;
    return { recipientName: p.recipientName, streetAddress1: p.streetAddress1, streetAddress2: p.streetAddress2, city: p.city, stateOrProvince: p.stateOrProvince, postalCode: p.postalCode, countryOrRegion: p.countryOrRegion, phone: p.phone, additionalInformation: p.additionalShippingInformation };
  }

  async function put(req: Request, c: AccessClaims, rg: string, name: string): Promise<Reply> {
    const nameError = checkJobName(name);
    if (nameError) return fromRule(nameError);
    const body = jsonBody(req);
    if (!isObject(body)) return armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
    if (typeof body.location !== 'string' || !findLocation(body.location)) {
      return armError(400, 'InvalidLocation', `The location '${String(body.location ?? '')}' is not an Import/Export location. List the locations with GET /providers/Microsoft.ImportExport/locations.`, 'location');
    }
    const saId = `/subscriptions/${st().subscriptionId}/resourceGroups/${st().resourceGroup}/providers/Microsoft.Storage/storageAccounts/${st().storageAccountName}`.toLowerCase();
    const props = checkPutProperties(body.properties, (id) => id.toLowerCase() === saId);
    if ('status' in props && 'code' in props) return fromRule(props as RuleError);
    const existing = find(rg, name);
    if (existing && existing.body.properties.state !== 'Creating') {
      return armError(409, 'InvalidJobState', `The job '${name}' is in state '${existing.body.properties.state}' and can no longer be replaced.`);
    }
    props.shippingInformation = shippingFor(body.location);
    const w = who(c);
    const now = iso();
    const job: StoredJob = {
      resourceGroup: rg,
      // A PUT over a job still in Creating replaces it but keeps its creation time: the two weeks do not restart.
      createdAtMs: existing ? createdAtOf(existing) : ctx.store.now(),
      body: {
        systemData: { createdBy: existing?.body.systemData.createdBy ?? w.by, createdByType: existing?.body.systemData.createdByType ?? w.type, createdAt: existing?.body.systemData.createdAt ?? now, lastModifiedBy: w.by, lastModifiedByType: w.type, lastModifiedAt: now },
        id: `/subscriptions/${st().subscriptionId}/resourceGroups/${rg}/providers/Microsoft.ImportExport/jobs/${name}`,
        name,
        type: 'Microsoft.ImportExport/jobs',
        location: body.location,
        ...(isObject(body.tags) ? { tags: body.tags as Record<string, string> } : {}),
        identity: { type: 'None' },
        properties: props,
      },
    };
    if (existing) st().jobs[st().jobs.indexOf(existing)] = job;
    else st().jobs.push(job);
    await ctx.store.save();
    return json(existing ? 200 : 201, showJob(job));
  }

  async function patch(req: Request, c: AccessClaims, job: StoredJob): Promise<Reply> {
    const body = jsonBody(req);
    if (!isObject(body)) return armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.');
    const unknownTop = Object.keys(body).filter((k) => k !== 'tags' && k !== 'properties');
    if (unknownTop.length) return armError(400, 'PropertyNotUpdatable', `The property '${unknownTop[0]}' cannot be updated.`, unknownTop[0]);
    const p = body.properties === undefined ? {} : body.properties;
    if (!isObject(p)) return armError(400, 'InvalidRequestContent', "The property 'properties' must be an object.");
    // The UpdateJob example sends `"state": ""`: an empty state means "no change".
    const given = Object.keys(p).filter((k) => p[k] !== undefined && p[k] !== null && !(k === 'state' && p[k] === ''));
    const notPatchable = given.filter((k) => !(patchableProperties as readonly string[]).includes(k));
    if (notPatchable.length) return armError(400, 'PropertyNotUpdatable', `The property '${notPatchable[0]}' cannot be updated; only ${patchableProperties.join(', ')} can.`, notPatchable[0]);
    const cur = job.body.properties;
    const allowed = patchableIn(cur.state);
    const blocked = given.find((k) => !allowed.includes(k));
    if (blocked) {
      const msg = blocked === 'cancelRequested' ? `The job '${job.body.name}' is in state '${cur.state}' and can no longer be canceled; a job can be canceled only while it is Creating.` : `The property '${blocked}' cannot be changed while the job is in state '${cur.state}'.`;
      return armError(409, 'InvalidJobState', msg, blocked);
    }
    if (p.cancelRequested !== undefined && p.cancelRequested !== true) return armError(400, 'InvalidRequestContent', "If specified, 'cancelRequested' must be true.", 'cancelRequested');
    if (given.includes('state') && p.state !== 'Shipping') return armError(400, 'InvalidStateUpdate', `The state can only be set to 'Shipping', not '${String(p.state)}'.`, 'state');
    for (const [k, check] of [['returnAddress', checkReturnAddress], ['returnShipping', checkReturnShipping], ['deliveryPackage', checkDeliveryPackage]] as const) {
      if (given.includes(k)) {
        const e = check(p[k]);
        if (e) return fromRule(e);
      }
    }
    let drives = cur.driveList;
    if (given.includes('driveList')) {
      if (cur.jobType !== 'Import') return armError(400, 'PropertyNotUpdatable', 'An export job has no drive list to update.', 'driveList');
      const d = checkDriveList(p.driveList);
      if (!Array.isArray(d)) return fromRule(d);
      drives = d;
    }
    const next = { ...cur };
    for (const k of ['returnAddress', 'returnShipping', 'deliveryPackage'] as const) if (given.includes(k)) next[k] = p[k] as never;
    if (given.includes('logLevel')) {
      if (p.logLevel !== 'Error' && p.logLevel !== 'Verbose') return armError(400, 'InvalidRequestContent', "The property 'logLevel' must be 'Error' or 'Verbose'.", 'logLevel');
      next.logLevel = p.logLevel;
    }
    if (given.includes('backupDriveManifest')) next.backupDriveManifest = p.backupDriveManifest === true;
    next.driveList = drives;
    if (given.includes('state')) {
      if (!next.returnAddress || !next.deliveryPackage) {
        return armError(400, 'MissingShippingInformation', 'The job can be set to Shipping only when its returnAddress and deliveryPackage (carrier and tracking number) are set, in this request or an earlier one.', 'state');
      }
      next.state = 'Shipping';
    }
    // "A cancelled job will move to the Completed state and be kept for 90 days" (Cancelling and Deleting Jobs,
    // https://learn.microsoft.com/previous-versions/azure/dn529119(v=azure.100)); cancelRequested stays true, which is
    // how a client tells it from a job that completed.
    if (p.cancelRequested === true) {
      next.cancelRequested = true;
      next.state = 'Completed';
    }
    job.body.properties = next;
    if (isObject(body.tags)) job.body.tags = body.tags as Record<string, string>;
    const w = who(c);
    job.body.systemData = { ...job.body.systemData, lastModifiedBy: w.by, lastModifiedByType: w.type, lastModifiedAt: iso() };
    job.createdAtMs = createdAtOf(job);
    if (next.state === 'Shipping' && cur.state !== 'Shipping') job.shippedAtMs = ctx.store.now();
    await ctx.store.save();
    return json(200, showJob(job));
  }

  function list(req: Request, rg: string | null): Reply {
    const q = req.url.searchParams;
    let top = 100;
    if (q.has('$top')) {
      top = Number(q.get('$top'));
      if (!Number.isInteger(top) || top < 1 || top > 100) return armError(400, 'InvalidTopValue', "The value of '$top' must be a whole number from 1 to 100.", '$top');
    }
    const skip = Number(q.get('$skiptoken') ?? '0');
    if (!Number.isInteger(skip) || skip < 0) return armError(400, 'InvalidSkipToken', 'The skip token is invalid; start the listing again.', '$skiptoken');
    const all = st().jobs.filter((j) => rg === null || j.resourceGroup.toLowerCase() === rg.toLowerCase());
    const page = all.slice(skip, skip + top);
    let nextLink: string | undefined;
    if (skip + top < all.length) {
      const u = new URL(req.url.pathname, ctx.baseUrl());
      u.searchParams.set('api-version', q.get('api-version') ?? '2021-01-01');
      u.searchParams.set('$top', String(top));
      u.searchParams.set('$skiptoken', String(skip + top));
      nextLink = u.toString();
    }
    return json(200, { value: page.map(showJob), ...(nextLink ? { nextLink } : {}) });
  }

  /** Routes below /subscriptions/{sub}; `rest` is the path after it. Null when not a jobs path. */
  async function handle(req: Request, c: AccessClaims, rest: string): Promise<Reply | null> {
    await tick();
    if (/^\/providers\/Microsoft\.ImportExport\/jobs$/i.test(rest) && req.method === 'GET') return list(req, null);
    const m = /^\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ImportExport\/jobs(?:\/([^/]+)(\/listBitLockerKeys)?)?$/i.exec(rest);
    if (!m) return null;
    const rg = decodeURIComponent(m[1]!);
    if (rg.toLowerCase() !== st().resourceGroup.toLowerCase()) return armError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
    if (!m[2]) return req.method === 'GET' ? list(req, rg) : armError(405, 'MethodNotAllowed', `The method '${req.method}' is not allowed on the jobs collection.`);
    const name = decodeURIComponent(m[2]);
    if (req.method === 'PUT' && !m[3]) return put(req, c, rg, name);
    const job = find(rg, name);
    if (!job) return notFound(rg, name);
    if (m[3]) {
      if (req.method !== 'POST') return armError(405, 'MethodNotAllowed', 'listBitLockerKeys is a POST action.');
      return json(200, { value: (job.body.properties.driveList ?? []).map((d) => ({ bitLockerKey: d.bitLockerKey, driveId: d.driveId })) });
    }
    if (req.method === 'GET') return json(200, showJob(job));
    if (req.method === 'PATCH') return patch(req, c, job);
    if (req.method === 'DELETE') {
      const s = job.body.properties.state;
      if (s !== 'Creating' && s !== 'Completed') return armError(409, 'InvalidJobState', `The job '${name}' is in state '${s}'; only jobs in the Creating or Completed state can be deleted.`);
      st().jobs = st().jobs.filter((j) => j !== job);
      await ctx.store.save();
      return json(200, {});
    }
    return armError(405, 'MethodNotAllowed', `The method '${req.method}' is not allowed on a job.`);
  }

  return { handle, tick };
}
