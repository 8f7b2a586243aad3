/** Step "shipping": carrier, tracking number, ship date, drive count, return address and carrier; review; type "yes"; send. */

import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepIntro } from '../components/StepIntro';
import { Button, Card, ErrorNotice, Field, Notice } from '../components/ui';
import { useRequest } from '../hooks';
import { useSession } from '../store/session';
import { useWizard } from '../store/wizard';
import { returnCarriers, type ShippingField } from '../../shared/rules/shipping';
import { checkShippingForm, shippingDetailsFromForm, shippingInputs, shippingProblemText, type ShippingFormValues, type ShippingInputKey } from '../../shared/rules/shippingForm';
import { canEnterShipping, jobStateNameKey, parseJobState } from '../../shared/rules/jobStates';
import { AddressBlock } from './workflow/AddressBlock';
import { DeadlineNotice } from './workflow/DeadlineNotice';
import { StagingLocation } from './workflow/StagingLocation';

/** `iso` (YYYY-MM-DD) plus `days`, as YYYY-MM-DD. */
function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Every country or region Intl knows, by its ISO 3166 code, named in `lang` (the list under the country field; any
 * other value may still be typed).
 */
function countryNames(lang: string): Array<{ code: string; name: string }> {
  const names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
  const out: Array<{ code: string; name: string }> = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = names.of(code);
      if (name && name !== code && !['EU', 'EZ', 'UN', 'XA', 'XB', 'ZZ', 'QO'].includes(code)) out.push({ code, name });
    }
  }
  return out.sort((x, y) => x.name.localeCompare(y.name, lang));
}

/** The inputs drawn as text fields; the two carriers are lists (the datacenter's carriers, the return carriers). */
const deliveryInputs = shippingInputs.filter((i) => i.section === 'delivery' && i.key !== 'carrier');
const returnInputs = shippingInputs.filter((i) => i.section === 'return' && i.key !== 'returnCarrier');
const reviewed = [shippingInputs.find((i) => i.key === 'carrier')!, ...deliveryInputs, ...returnInputs, shippingInputs.find((i) => i.key === 'returnCarrier')!];

export default function ShippingPage() {
  const { t, i18n } = useTranslation(['workflow', 'cli']);
  const yesWord = t('cli:prompts.yesWord');
  const staging = useSession((s) => s.summary.stagingLocation);
  const jobs = useRequest('workflow.jobs');
  const form = useRequest('workflow.shippingForm');
  const submit = useRequest('workflow.submitShipping');
  const [chosenJob, setJobName] = useState('');
  const [edits, setValues] = useState<ShippingFormValues>({});
  const [reviewing, setReviewing] = useState(false);
  const [shown, setShown] = useState(false);
  const [typed, setTyped] = useState('');
  const countryListId = useId();
  const countries = useMemo(() => countryNames(i18n.language), [i18n.language]);

  const loadJobs = jobs.run;
  useEffect(() => {
    if (staging) void loadJobs({ stagingDir: staging });
  }, [staging, loadJobs]);
  const jobList = useMemo(() => jobs.result?.jobs ?? [], [jobs.result]);
  // The first job still without shipping details, unless the operator picked one.
  const jobName = chosenJob || (jobList.find((j) => !j.trackingNumber) ?? jobList[0])?.name || '';
  const loadForm = form.run;
  useEffect(() => {
    if (staging && jobName) void loadForm({ stagingDir: staging, jobName });
  }, [staging, jobName, loadForm]);
  const job = form.result?.job;
  const parsedState = job ? parseJobState(job.state) : null;
  const tooLate = Boolean(job) && !(parsedState && canEnterShipping(parsedState));
  // Today on the service's calendar (its clock when it answered, as Monitor reads it; never before the job's
  // creation), which a rehearsal's local Azure may have moved days past this machine's date.
  const serviceNow = form.result?.serviceNow;
  const serviceToday = useMemo(() => {
    const now = (serviceNow ?? new Date().toISOString()).slice(0, 10);
    const created = job?.createdAt ? new Date(job.createdAt).toISOString().slice(0, 10) : '';
    return created > now ? created : now;
  }, [job, serviceNow]);
  const values = useMemo<ShippingFormValues>(
    () => ({
      shipDate: serviceToday,
      returnCarrier: 'FedEx',
      carrier: job?.supportedCarriers[0] ?? '',
      driveCount: job ? String(job.driveIds.length) : '',
      ...edits,
    }),
    [job, edits, serviceToday],
  );

  const problems = useMemo(
    () =>
      job
        ? checkShippingForm(values, {
            supportedCarriers: job.supportedCarriers,
            jobDriveCount: job.driveIds.length,
            today: serviceNow ? new Date(serviceNow) : new Date(),
            jobCreated: job.createdAt ? new Date(job.createdAt) : undefined,
          })
        : [],
    [job, values, serviceNow],
  );
  const errorFor = (field: ShippingField | null) => {
    if (!shown || !field) return null;
    const p = problems.find((x) => x.field === field);
    return p ? shippingProblemText(t, p) : null;
  };
  const set = (k: ShippingInputKey) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));

  const send = async () => {
    if (!staging || !job) return;
    useWizard.getState().setStatus('shipping', 'inProgress');
    const r = await submit.run({ stagingDir: staging, jobName: job.name, details: shippingDetailsFromForm(values) });
    useWizard.getState().setStatus('shipping', r ? 'done' : 'needsAttention');
    // The job and its countdown as they are now (Shipping, two weeks to reach the datacenter), so no notice
    // left from before the details were sent contradicts the one that says they were.
    if (r) void Promise.all([loadJobs({ stagingDir: staging }), loadForm({ stagingDir: staging, jobName: job.name })]);
  };

  return (
    <div className="page-body">
      <StepIntro step="shipping" />
      <StagingLocation />
      {jobs.error && <ErrorNotice error={jobs.error} onDismiss={jobs.clearError} />}
      {jobList.length > 1 && (
        <div className="field">
          <label htmlFor="shipping-job">{t('pages.shipping.job')}</label>
          <select id="shipping-job" value={jobName} onChange={(e) => setJobName(e.target.value)}>
            {jobList.map((j) => (
              <option key={j.name} value={j.name}>
                {t('shipping.jobLine', { n: jobList.indexOf(j) + 1, job: j.name, state: t(jobStateNameKey(j.lastState ?? 'Creating')), count: j.driveIds.length })}
              </option>
            ))}
          </select>
        </div>
      )}
      {form.error && <ErrorNotice error={form.error} onDismiss={form.clearError} />}
      {job && jobList.length > 1 && (
        <Notice tone="info">
          {t('shipping.ownPackage', { job: job.name, count: job.driveIds.length, others: jobList.filter((j) => j.name !== job.name).map((j) => j.name).join(', ') })}
        </Notice>
      )}
      {job && (
        <>
          <AddressBlock heading={t('importJob.shipTo', { job: job.name })} address={job.shipTo} carriers={job.supportedCarriers} />
          <DeadlineNotice deadline={form.result?.deadline ?? null} />
          {form.result?.trackingNumber && !submit.result && <Notice tone="info">{t('shipping.already', { tracking: form.result.trackingNumber })}</Notice>}
        </>
      )}
      {job && tooLate && <Notice tone="warning">{t('errors.shippingTooLate', { job: job.name, state: t(jobStateNameKey(job.state)) })}</Notice>}
      {job && !tooLate && !submit.result && !reviewing && (
        <form
          style={{ display: 'flex', flexDirection: 'column', gap: 16 }}
          onSubmit={(e) => {
            e.preventDefault();
            setShown(true);
            if (problems.length === 0) setReviewing(true);
            // The first field to correct takes the focus once it is marked.
            else {
              const form = e.currentTarget;
              requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
            }
          }}
        >
          <Card title={t('shipping.deliveryTitle')}>
            <div className="form-grid">
              <div className={`field${errorFor('carrierName') ? ' field-invalid' : ''}`}>
                <label htmlFor="shipping-carrier">{t('fields.carrier')}</label>
                {job.supportedCarriers.length > 0 ? (
                  <select id="shipping-carrier" value={values.carrier ?? ''} onChange={set('carrier')}>
                    {job.supportedCarriers.map((c) => (
                      <option key={c}>{c}</option>
                    ))}
                  </select>
                ) : (
                  <input id="shipping-carrier" value={values.carrier ?? ''} onChange={set('carrier')} />
                )}
              </div>
              {deliveryInputs.map(({ key, label, field }) => (
                <Field
                  key={key}
                  label={t(`fields.${label}`)}
                  value={values[key] ?? ''}
                  onChange={set(key)}
                  error={errorFor(field)}
                  {...(key === 'shipDate' ? { type: 'date', min: serviceToday, max: addDays(serviceToday, 14) } : {})}
                  {...(key === 'driveCount' ? { type: 'number', min: 1, max: 10, inputMode: 'numeric' as const } : {})}
                />
              ))}
            </div>
          </Card>
          <Card title={t('shipping.returnTitle')}>
            <div className="form-grid">
              {returnInputs.map(({ key, label, field }) => (
                <Field
                  key={key}
                  label={t(`fields.${label}`)}
                  value={values[key] ?? ''}
                  onChange={set(key)}
                  error={errorFor(field)}
                  {...(key === 'country' ? { list: countryListId, autoComplete: 'country' } : {})}
                  {...(key === 'email' ? { type: 'email', autoComplete: 'email' } : {})}
                  {...(key === 'phone' ? { type: 'tel', autoComplete: 'tel' } : {})}
                />
              ))}
              <datalist id={countryListId}>
                {countries.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </datalist>
              <div className={`field${errorFor('returnShipping.carrierName') ? ' field-invalid' : ''}`}>
                <label htmlFor="shipping-return-carrier">{t('fields.returnCarrier')}</label>
                <select id="shipping-return-carrier" value={values.returnCarrier ?? ''} onChange={set('returnCarrier')}>
                  {returnCarriers.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </div>
            </div>
          </Card>
          {shown && problems.length > 0 && <Notice tone="error">{t('pages.shipping.fix')}</Notice>}
          <div className="actions-row">
            <Button type="submit" variant="primary">
              {t('pages.shipping.review')}
            </Button>
          </div>
        </form>
      )}
      {job && reviewing && !submit.result && (
        <Card title={t('shipping.reviewTitle', { job: job.name })}>
          <dl className="review-list">
            {reviewed
              .filter(({ key }) => values[key])
              .map(({ key, label }) => (
                <div key={key}>
                  <dt>{t(`fields.${label}`)}</dt>
                  <dd>{values[key]}</dd>
                </div>
              ))}
          </dl>
          <Field label={t('pages.shipping.confirmLabel', { yes: yesWord })} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          <div className="actions-row">
            <Button variant="secondary" onClick={() => setReviewing(false)}>
              {t('pages.shipping.edit')}
            </Button>
            <Button
              variant="primary"
              disabled={submit.pending || typed.trim().toLocaleLowerCase() !== yesWord.toLocaleLowerCase()}
              onClick={() => void send()}
            >
              {submit.pending ? t('pages.shipping.sending') : t('pages.shipping.send')}
            </Button>
          </div>
        </Card>
      )}
      {submit.error && <ErrorNotice error={submit.error} onDismiss={submit.clearError} />}
      {submit.result && job && (
        <Notice tone="success" title={t('shipping.sent', { job: job.name, state: t(jobStateNameKey(submit.result.state)) })}>
          <p>{t('shipping.stored', { file: submit.result.file })}</p>
          <p>{t('shipping.slip', { file: submit.result.packingSlip })}</p>
        </Notice>
      )}
    </div>
  );
}
