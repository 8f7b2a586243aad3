/** Data Box step "readiness": the checks before ordering, each with its sentence and fix; registers Microsoft.DataBox on request. */

import { useTranslation } from 'react-i18next';
import { CheckCircle2, XCircle } from 'lucide-react';
import { StepIntro } from '../../components/StepIntro';
import { Button, Card, ErrorNotice, Field, Notice } from '../../components/ui';
import { useRequest } from '../../hooks';
import { useJobField } from '../../store/currentJob';
import { useSession } from '../../store/session';
import { useWizard } from '../../store/wizard';
import { useScope } from './common';

export default function ReadinessPage() {
  const { t } = useTranslation('databox');
  const summary = useSession((s) => s.summary);
  const [subscriptionId, setSubscriptionId] = useJobField('dataBoxReadiness.subscriptionId', summary.subscriptionId ?? '');
  const [resourceGroup, setResourceGroup] = useJobField('dataBoxReadiness.resourceGroup', summary.resourceGroup ?? '');
  const [account, setAccount] = useJobField('dataBoxReadiness.storageAccountId', '');
  const [size, setSize] = useJobField('dataBoxReadiness.sizeTB', '');
  const [country, setCountry] = useJobField('dataBoxReadiness.country', '');
  const [register, setRegister] = useJobField('dataBoxReadiness.register', false);
  const scope = useScope();
  const check = useRequest('databox.readiness');
  const sizeTB = Number(size.replace(',', '.'));
  const sizeError = size !== '' && !(sizeTB > 0) ? t('wizard.readiness.sizeInvalid') : null;
  const countryError = country !== '' && !/^[A-Za-z]{2}$/.test(country.trim()) ? t('wizard.readiness.countryInvalid') : null;
  const ready = sizeTB > 0 && /^[A-Za-z]{2}$/.test(country.trim());

  const run = async () => {
    useWizard.getState().setStatus('dataBoxReadiness', 'inProgress');
    const r = await check.run({ ...scope, ...(account.trim() ? { storageAccountId: account.trim() } : {}), dataSizeTB: sizeTB, country: country.trim().toUpperCase(), register });
    if (!r) return useWizard.getState().setStatus('dataBoxReadiness', 'needsAttention');
    useWizard.getState().setStatus('dataBoxReadiness', r.checks.every((c) => c.ok) ? 'done' : 'needsAttention');
    useSession.getState().update({ storageAccount: r.storageAccountId.split('/').pop() ?? r.storageAccountId });
  };

  return (
    <div className="page-body">
      <StepIntro step="dataBoxReadiness" />
      <Card title={t('wizard.readiness.title')}>
        <div className="form-grid">
          <Field label={t('wizard.fields.subscription')} value={subscriptionId} onChange={(e) => setSubscriptionId(e.target.value)} spellCheck={false} />
          <Field label={t('wizard.fields.resourceGroup')} hint={t('wizard.fields.resourceGroupHint')} value={resourceGroup} onChange={(e) => setResourceGroup(e.target.value)} spellCheck={false} />
          <Field label={t('wizard.fields.storageAccountId')} hint={t('wizard.fields.storageAccountIdHint')} value={account} onChange={(e) => setAccount(e.target.value)} spellCheck={false} />
          <Field label={t('wizard.fields.sizeTB')} hint={t('wizard.fields.sizeTBHint')} inputMode="decimal" value={size} error={sizeError} onChange={(e) => setSize(e.target.value)} />
          <Field label={t('wizard.fields.country')} hint={t('wizard.fields.countryHint')} value={country} error={countryError} maxLength={2} onChange={(e) => setCountry(e.target.value)} />
        </div>
        <label className="checkbox-row">
          <input type="checkbox" checked={register} onChange={(e) => setRegister(e.target.checked)} /> {t('wizard.readiness.register')}
        </label>
        <div className="actions-row">
          <Button variant="primary" disabled={!ready || check.pending} onClick={() => void run()}>
            {t('wizard.readiness.run')}
          </Button>
        </div>
        {check.pending && <Notice tone="info" title={t('wizard.readiness.running')} />}
        {check.result && (
          <>
            {check.result.registered && <Notice tone="success" title={t('readiness.registered')} />}
            <ul className="check-list" aria-label={t('wizard.readiness.results')}>
              {check.result.checks.map((c) => (
                <li key={c.id} className={c.ok ? 'check-ok' : 'check-fail'}>
                  {c.ok ? <CheckCircle2 aria-hidden="true" size={16} /> : <XCircle aria-hidden="true" size={16} />}
                  <span>{t(`readiness.${c.id}.${c.ok ? 'ok' : 'fail'}`, c.params)}</span>
                </li>
              ))}
            </ul>
            {check.result.checks.every((c) => c.ok) ? <Notice tone="success" title={t('wizard.readiness.allGood')} /> : <Notice tone="warning" title={t('wizard.readiness.fixFirst')} />}
          </>
        )}
      </Card>
      {check.error && <ErrorNotice error={check.error} onDismiss={check.clearError} />}
    </div>
  );
}
