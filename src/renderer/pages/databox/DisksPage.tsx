/**
 * Data Box step "disks": keep the passkey (listCredentials, stored 0600 by core, never shown), unlock the delivered
 * disks with Microsoft's tool, then check each disk's root before the agent writes to it.
 *
 * The unlock command is Microsoft's: `DataBoxDiskUnlock.exe /Passkey:<passkey>` from "Tutorial: Unpack, connect, and
 * unlock Azure Data Box Disk" (https://learn.microsoft.com/azure/databox/data-box-disk-deploy-set-up#unlock-disks-on-windows-client).
 */

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepIntro } from '../../components/StepIntro';
import { Button, Card, ErrorNotice, Notice } from '../../components/ui';
import { BridgeError, getBridge } from '../../bridge';
import i18n from '../../i18n';
import { localizeError } from '../../../shared/i18n';
import { isLanguage } from '../../../shared/i18n/languages';
import { useRequest } from '../../hooks';
import { useWizard } from '../../store/wizard';
import type { AppErrorData } from '../../../shared/errors';
import { DiskCheckView, DiskPathsField, DocLink, OrderNameField, useDiskPaths, useOrderName, usePlatform, useScope, type DiskCheck } from './common';

export const unlockDocs = 'https://learn.microsoft.com/azure/databox/data-box-disk-deploy-set-up';

/** Runs the disk check on every path, one after the other; a path that cannot be read is its own error. */
export function useDiskChecks(phase: 'before' | 'after') {
  const [results, setResults] = useState<Array<{ path: string; result?: DiskCheck; error?: AppErrorData }>>([]);
  const [pending, setPending] = useState(false);
  const run = async (paths: string[]) => {
    setPending(true);
    const out: typeof results = [];
    for (const p of paths) {
      try {
        out.push({ path: p, result: await getBridge().invoke('databox.checkDisk', { disk: p, phase }) });
      } catch (e) {
        out.push({ path: p, error: e instanceof BridgeError ? e.data : localizeError(e, isLanguage(i18n.language) ? i18n.language : 'en') });
      }
    }
    setResults(out);
    setPending(false);
    return out;
  };
  return { results, pending, run };
}

export default function DisksPage() {
  const { t } = useTranslation('databox');
  const [jobName] = useOrderName();
  const scope = useScope();
  const credentials = useRequest('databox.credentials');
  const [, , paths] = useDiskPaths();
  const checks = useDiskChecks('before');
  const windows = usePlatform() === 'win32';

  const check = async () => {
    const out = await checks.run(paths);
    useWizard.getState().setStatus('dataBoxDisks', out.every((r) => r.result && r.result.violations.length === 0) ? 'done' : 'needsAttention');
  };

  return (
    <div className="page-body">
      <StepIntro step="dataBoxDisks" />
      <Card title={t('wizard.disks.passkeyTitle')}>
        <div className="form-grid">
          <OrderNameField />
        </div>
        <p>{t('wizard.disks.passkeyHint')}</p>
        <div className="actions-row">
          <Button variant="primary" disabled={credentials.pending || jobName.trim().length < 3} onClick={() => void credentials.run({ ...scope, jobName: jobName.trim() })}>
            {t('wizard.disks.keepPasskey')}
          </Button>
        </div>
        {credentials.result && <Notice tone="success" title={t('credentials.stored', { count: credentials.result.disks.length, job: jobName.trim(), file: credentials.result.file })} />}
      </Card>
      <Card title={t('wizard.disks.unlockTitle')}>
        {windows ? (
          <>
            <p>{t('wizard.disks.unlockWindows')}</p>
            <pre className="mono command">{'.\\DataBoxDiskUnlock.exe /Passkey:<passkey>'}</pre>
          </>
        ) : (
          <p>{t('wizard.disks.unlockLinux')}</p>
        )}
        <p>{t('wizard.disks.unlockDocs')}</p>
        <DocLink url={unlockDocs} />
      </Card>
      <Card title={t('wizard.disks.checkTitle')}>
        <p>{t('wizard.disks.checkBeforeHint')}</p>
        <DiskPathsField />
        <div className="actions-row">
          <Button variant="primary" disabled={checks.pending || paths.length === 0} onClick={() => void check()}>
            {t('wizard.disks.checkBefore')}
          </Button>
        </div>
        {checks.results.map((r) => (r.result ? <DiskCheckView key={r.path} result={r.result} /> : r.error ? <ErrorNotice key={r.path} error={r.error} /> : null))}
      </Card>
      {credentials.error && <ErrorNotice error={credentials.error} onDismiss={credentials.clearError} />}
    </div>
  );
}
