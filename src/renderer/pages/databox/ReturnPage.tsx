/**
 * Data Box step "return": pack the disks, the return label, the region's pickup steps as Microsoft documents them
 * ("Tutorial: Return Azure Data Box Disk", https://learn.microsoft.com/azure/databox/data-box-disk-deploy-picked-up, the
 * page of 2023-01-23: safe removal first, DHL's Schedule a Pickup with the waybill in Europe, China, India, South Africa
 * and Brazil, the self-managed drop-off),
 * and, when you ship the disks yourself, the carrier and tracking number sent to Azure (markDevicesShipped).
 */

import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepIntro } from '../../components/StepIntro';
import { Button, Card, CopyButton, ErrorNotice, Field, Notice } from '../../components/ui';
import { useRequest } from '../../hooks';
import { useJobField } from '../../store/currentJob';
import { useWizard } from '../../store/wizard';
import { pickupRegionOf, pickupRegions, type PickupRegion } from '../../../shared/model/dataBox';
import { DocLink, NextStep, OrderNameField, useOrderName, useScope, useStageLabel } from './common';

export const returnDocs = 'https://learn.microsoft.com/azure/databox/data-box-disk-deploy-picked-up';

export default function ReturnPage() {
  const { t } = useTranslation('databox');
  const regionId = useId();
  const [jobName] = useOrderName();
  const scope = useScope();
  const stage = useStageLabel();
  const [country] = useJobField('dataBoxReadiness.country', '');
  const [regionField, setRegion] = useJobField('dataBoxReturn.region', pickupRegionOf(country));
  const region: PickupRegion = (pickupRegions as readonly string[]).includes(regionField) ? (regionField as PickupRegion) : 'other';
  const [carrier, setCarrier] = useJobField('dataBoxReturn.carrier', '');
  const [tracking, setTracking] = useJobField('dataBoxReturn.tracking', '');
  const [confirm, setConfirm] = useState(false);
  const status = useRequest('databox.status');
  const ship = useRequest('databox.ship');
  const runStatus = status.run;
  const name = jobName.trim();
  useEffect(() => {
    if (name.length >= 3) void runStatus({ ...scope, jobName: name });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name, runStatus]);

  const send = async () => {
    const r = await ship.run({ ...scope, jobName: name, carrier: carrier.trim(), tracking: tracking.trim() });
    if (r) useWizard.getState().setStatus('dataBoxReturn', 'done');
  };
  const label = status.result?.returnLabel;

  return (
    <div className="page-body">
      <StepIntro step="dataBoxReturn" />
      <Card title={t('wizard.return.packTitle')}>
        <div className="form-grid">
          <OrderNameField />
        </div>
        <ol className="checklist">
          <li>{t('wizard.return.unplug')}</li>
          <li>{t('wizard.return.wrap')}</li>
          <li>{t('wizard.return.label')}</li>
        </ol>
        {label ? (
          <div className="actions-row">
            <span className="mono wrap-anywhere">{label}</span>
            <CopyButton text={() => label} label={t('wizard.return.copyLabel')} copiedLabel={t('wizard.return.copied')} />
          </div>
        ) : (
          status.result && <p>{t('wizard.return.noLabel')}</p>
        )}
      </Card>
      <Card title={t('wizard.return.pickupTitle')}>
        <div className="field">
          <label htmlFor={regionId}>{t('wizard.fields.region')}</label>
          <select id={regionId} value={region} onChange={(e) => setRegion(e.target.value)}>
            {pickupRegions.map((r) => (
              <option key={r} value={r}>
                {t(`wizard.return.regions.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <Notice tone="info" title={t(`wizard.return.pickup.${region}`)} />
        <DocLink url={returnDocs} />
      </Card>
      <Card title={t('wizard.return.selfTitle')}>
        <p>{t('wizard.return.selfHint')}</p>
        <p>{t('wizard.return.selfDropOff')}</p>
        <div className="form-grid">
          <Field label={t('wizard.fields.carrier')} value={carrier} onChange={(e) => setCarrier(e.target.value)} />
          <Field label={t('wizard.fields.tracking')} value={tracking} onChange={(e) => setTracking(e.target.value)} spellCheck={false} />
        </div>
        <label className="checkbox-row">
          <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} /> {t('wizard.return.confirm', { job: name })}
        </label>
        <div className="actions-row">
          <Button variant="primary" disabled={!confirm || !carrier.trim() || !tracking.trim() || name.length < 3 || ship.pending} onClick={() => void send()}>
            {t('wizard.return.markShipped')}
          </Button>
        </div>
        {ship.result && (
          <>
            <Notice tone="success" title={t('ship.done', { job: name, carrier: carrier.trim(), tracking: tracking.trim(), status: stage(ship.result.status) })} />
            <NextStep status={ship.result} />
          </>
        )}
      </Card>
      {status.error && <ErrorNotice error={status.error} onDismiss={status.clearError} />}
      {ship.error && <ErrorNotice error={ship.error} onDismiss={ship.clearError} />}
    </div>
  );
}
