/** Step "complete": every blob in the container against the manifests; the test restore from the cloud. */

import { useTranslation } from 'react-i18next';
import { StepIntro } from '../components/StepIntro';
import { Button, ErrorNotice, Notice } from '../components/ui';
import { useFormat, useRequest } from '../hooks';
import { useSession } from '../store/session';
import { useWizard } from '../store/wizard';
import { StagingLocation } from './workflow/StagingLocation';
import { CloudRestore } from './workflow/CloudRestore';

export default function CompletePage() {
  const { t } = useTranslation(['workflow', 'agent']);
  const f = useFormat();
  const staging = useSession((s) => s.summary.stagingLocation);
  const agentWrote = useSession((s) => s.summary.stagingKind === 'agent');
  const verify = useRequest('workflow.verify');
  const run = async () => {
    if (!staging) return;
    useWizard.getState().setStatus('complete', 'inProgress');
    const r = await verify.run({ stagingDir: staging });
    useWizard.getState().setStatus('complete', r?.ok ? 'done' : 'needsAttention');
  };
  const r = verify.result;
  return (
    <div className="page-body">
      <StepIntro step="complete" />
      <StagingLocation />
      <div className="actions-row">
        <Button variant="primary" disabled={!staging || verify.pending} onClick={() => void run()}>
          {verify.pending ? t('pages.complete.verifying') : t('pages.complete.verify')}
        </Button>
      </div>
      {verify.error && <ErrorNotice error={verify.error} onDismiss={verify.clearError} />}
      {r && r.problems.length === 0 && (
        <Notice tone="success">{t('verify.ok', { count: r.expectedBlobs, container: r.container, bytes: f.bytes(r.bytes) })}</Notice>
      )}
      {r && r.problems.length > 0 && (
        <>
          <Notice tone="error">{t('verify.failed', { bad: r.problems.length, count: r.expectedBlobs, container: r.container })}</Notice>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('pages.complete.blob')}</th>
                <th scope="col">{t('pages.complete.problem')}</th>
                <th scope="col">{t('pages.complete.drive')}</th>
              </tr>
            </thead>
            <tbody>
              {r.problems.map((p) => (
                <tr key={p.blobPath}>
                  <td className="mono">{p.blobPath}</td>
                  <td>{t(`pages.complete.kinds.${p.kind}`)}</td>
                  <td className="mono">{p.driveId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {r && r.extra.length > 0 && <Notice tone="info">{t('verify.extra', { count: r.extra.length })}</Notice>}
      {staging && !agentWrote && <CloudRestore stagingDir={staging} />}
      {staging && agentWrote && <Notice tone="info">{t('agent:pages.agentReadsBack')}</Notice>}
    </div>
  );
}
