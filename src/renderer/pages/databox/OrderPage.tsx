/**
 * Data Box step "order": contact, shipping address and an optional custom passkey; core runs the readiness checks,
 * Azure's validateInputs, then the long-running create. The passkey is never saved with the wizard's job.
 */

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepIntro } from '../../components/StepIntro';
import { Button, Card, ErrorNotice, Field, Notice } from '../../components/ui';
import { useRequest } from '../../hooks';
import { useJobField } from '../../store/currentJob';
import { useWizard } from '../../store/wizard';
import { passkeyRuleBroken } from '../../../shared/model/dataBox';
import { NextStep, OrderNameField, StatusView, useOrderName, useScope, useStageLabel } from './common';

export default function OrderPage() {
  const { t } = useTranslation('databox');
  const [jobName] = useOrderName();
  const stage = useStageLabel();
  const [account] = useJobField('dataBoxReadiness.storageAccountId', '');
  const [size] = useJobField('dataBoxReadiness.sizeTB', '');
  const [country, setCountry] = useJobField('dataBoxReadiness.country', '');
  const [contact, setContact] = useJobField('dataBoxOrder.contact', '');
  const [phone, setPhone] = useJobField('dataBoxOrder.phone', '');
  const [email, setEmail] = useJobField('dataBoxOrder.email', '');
  const [company, setCompany] = useJobField('dataBoxOrder.company', '');
  const [street, setStreet] = useJobField('dataBoxOrder.street', '');
  const [city, setCity] = useJobField('dataBoxOrder.city', '');
  const [postalCode, setPostalCode] = useJobField('dataBoxOrder.postalCode', '');
  // Typed here only, never kept in the job's file.
  const [passkey, setPasskey] = useState('');
  const scope = useScope();
  const order = useRequest('databox.order');
  const broken = passkey === '' ? null : passkeyRuleBroken(passkey);
  const sizeTB = Number(size.replace(',', '.'));
  const missing = [jobName, contact, phone, email, street, city, postalCode, country].some((v) => !v.trim()) || !(sizeTB > 0);

  const place = async () => {
    useWizard.getState().setStatus('dataBoxOrder', 'inProgress');
    const r = await order.run({
      ...scope,
      ...(account.trim() ? { storageAccountId: account.trim() } : {}),
      jobName: jobName.trim(),
      dataSizeTB: sizeTB,
      contact: { name: contact, phone, emails: email.split(/[;,\s]+/).filter(Boolean) },
      address: { street, city, postalCode, country, ...(company.trim() ? { company } : {}) },
      ...(passkey ? { passkey } : {}),
    });
    setPasskey('');
    useWizard.getState().setStatus('dataBoxOrder', r ? 'done' : 'needsAttention');
  };

  return (
    <div className="page-body">
      <StepIntro step="dataBoxOrder" />
      <Card title={t('wizard.order.title')}>
        {!(sizeTB > 0) && <Notice tone="info" title={t('wizard.order.readinessFirst')} />}
        <div className="form-grid">
          <OrderNameField />
          <Field label={t('wizard.fields.contact')} value={contact} onChange={(e) => setContact(e.target.value)} autoComplete="name" />
          <Field label={t('wizard.fields.phone')} type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="tel" />
          <Field label={t('wizard.fields.email')} hint={t('wizard.fields.emailHint')} type="text" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" />
          <Field label={t('wizard.fields.company')} value={company} onChange={(e) => setCompany(e.target.value)} autoComplete="organization" />
          <Field label={t('wizard.fields.street')} value={street} onChange={(e) => setStreet(e.target.value)} autoComplete="street-address" />
          <Field label={t('wizard.fields.city')} value={city} onChange={(e) => setCity(e.target.value)} autoComplete="address-level2" />
          <Field label={t('wizard.fields.postalCode')} value={postalCode} onChange={(e) => setPostalCode(e.target.value)} autoComplete="postal-code" />
          <Field label={t('wizard.fields.country')} hint={t('wizard.fields.countryHint')} value={country} maxLength={2} onChange={(e) => setCountry(e.target.value)} />
          <Field
            label={t('wizard.fields.passkey')}
            hint={t('wizard.fields.passkeyHint')}
            type="password"
            autoComplete="new-password"
            value={passkey}
            error={broken ? t(`errors.passkey.${broken}`) : null}
            onChange={(e) => setPasskey(e.target.value)}
          />
        </div>
        <div className="actions-row">
          <Button variant="primary" disabled={missing || broken !== null || order.pending} onClick={() => void place()}>
            {t('wizard.order.place')}
          </Button>
        </div>
        {order.pending && <Notice tone="info" title={t('wizard.order.placing')} />}
        {order.result && (
          <>
            <Notice tone="success" title={t('order.placed', { job: order.result.status.jobName, status: stage(order.result.status.status) })} />
            <StatusView status={order.result.status} />
            <NextStep status={order.result.status} />
          </>
        )}
      </Card>
      {order.error && <ErrorNotice error={order.error} onDismiss={order.clearError} />}
    </div>
  );
}
