/**
 * The agent's certificate repair on the Backup agent page: Microsoft's documented workaround (export the
 * CB_AzureADCertforOfflineSeeding_ certificate, add it to AzureOfflineBackup_<user id>, set
 * AzureADAppCertThumbprint_<user id> under HKLM\…\CloudBackupProvider) done by `databox.repairCertificate`, the core
 * use case `offline-seed databox repair-certificate` runs, with its steps as they happen.
 */

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ErrorNotice, Field, Notice } from '../../components/ui';
import { useRequest } from '../../hooks';
import { getBridge } from '../../bridge';
import { useJobField } from '../../store/currentJob';
import { useSession } from '../../store/session';
import { certificateRepairPhases, type CertificateRepairPhase } from '../../../shared/model/dataBox';
import { stageIcon } from './common';

export function CertificateRepair() {
  const { t } = useTranslation('databox');
  const cloud = useSession((s) => s.summary.cloud);
  const [thumbprint, setThumbprint] = useJobField('dataBoxAgent.repairThumbprint', '');
  const repair = useRequest('databox.repairCertificate');
  const [phase, setPhase] = useState<CertificateRepairPhase | null>(null);
  useEffect(() => getBridge().subscribe('databox.repairProgress', (p) => setPhase((p as { phase: CertificateRepairPhase }).phase)), []);

  const run = async () => {
    setPhase(null);
    await repair.run({ ...(cloud ? { cloud } : {}), ...(thumbprint.trim() ? { thumbprint: thumbprint.trim() } : {}) });
  };
  const r = repair.result;
  const reached = phase ? certificateRepairPhases.indexOf(phase) : -1;
  const kindOf = (i: number) => {
    if (r?.outcome === 'repaired' && !repair.pending) return 'done';
    if (i < reached) return 'done';
    if (i > reached) return 'pending';
    return repair.pending ? 'now' : repair.error ? 'failed' : r?.outcome === 'uploadNeeded' ? 'now' : 'done';
  };

  return (
    <>
      <p>{t('wizard.agent.repair.auto')}</p>
      <div className="form-grid">
        <Field label={t('wizard.agent.repair.thumbprint')} value={thumbprint} onChange={(e) => setThumbprint(e.target.value)} spellCheck={false} autoComplete="off" />
      </div>
      <div className="actions-row">
        <Button variant="primary" disabled={repair.pending} onClick={() => void run()}>
          {r?.outcome === 'uploadNeeded' ? t('wizard.agent.repair.checkAgain') : t('wizard.agent.repair.run')}
        </Button>
      </div>
      {(repair.pending || r || repair.error) && (
        <ol className="databox-timeline" aria-label={t('wizard.agent.repair.progress')}>
          {certificateRepairPhases.map((p, i) => {
            const kind = kindOf(i);
            const Icon = stageIcon[kind];
            return (
              <li key={p} className={`databox-stage stage-${kind}`}>
                <Icon aria-hidden="true" size={16} />
                <span className="databox-stage-name">{t(`repair.phases.${p}`)}</span>
                <span className="databox-stage-state">{t(`wizard.track.stage.${kind}`)}</span>
              </li>
            );
          })}
        </ol>
      )}
      {r && !repair.pending && <p className="wrap-anywhere">{t('repair.exported', { thumbprint: r.thumbprint, file: r.cerPath })}</p>}
      {r?.outcome === 'repaired' && !repair.pending && (
        <Notice tone="success" title={t('repair.done', { thumbprint: r.thumbprint, application: r.application, valueName: r.valueName, location: r.registryLocation })} />
      )}
      {r?.outcome === 'uploadNeeded' && !repair.pending && (
        <Notice tone="info" title={t('repair.notYet', { thumbprint: r.thumbprint, application: r.application })}>
          <p className="wrap-anywhere">{t('repair.uploadNeeded', { file: r.cerPath, application: r.application, url: r.portalUrl })}</p>
        </Notice>
      )}
      {repair.error && <ErrorNotice error={repair.error} onDismiss={repair.clearError} />}
    </>
  );
}
