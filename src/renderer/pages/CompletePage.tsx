/**
 * Step "complete": every blob in the container against the manifests, the test restore from the cloud into an empty
 * folder and its comparison with the sources, the job's timings, and the completion report (HTML) to keep.
 */

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { StepIntro } from '../components/StepIntro';
import { Button, Card, ErrorNotice, Notice } from '../components/ui';
import { useFormat, useRequest } from '../hooks';
import { useSession } from '../store/session';
import { useWizard } from '../store/wizard';
import { jobStateNameKey } from '../../shared/rules/jobStates';
import { StagingLocation } from './workflow/StagingLocation';
import { CloudRestore } from './workflow/CloudRestore';

export default function CompletePage() {
  const { t } = useTranslation(['workflow', 'agent']);
  const f = useFormat();
  const staging = useSession((s) => s.summary.stagingLocation);
  const agentWrote = useSession((s) => s.summary.stagingKind === 'agent');
  const verify = useRequest('workflow.verify');
  const facts = useRequest('workflow.completion');
  const report = useRequest('workflow.writeReport');
  const [download, setDownload] = useState<string | null>(null);
  const loadFacts = facts.run;
  useEffect(() => {
    if (staging) void loadFacts({ stagingDir: staging });
  }, [staging, loadFacts]);
  useEffect(() => () => {
    if (download) URL.revokeObjectURL(download);
  }, [download]);
  const run = async () => {
    if (!staging) return;
    useWizard.getState().setStatus('complete', 'inProgress');
    const r = await verify.run({ stagingDir: staging });
    useWizard.getState().setStatus('complete', r?.ok ? 'done' : 'needsAttention');
    void loadFacts({ stagingDir: staging });
  };
  const save = async () => {
    if (!staging) return;
    const r = await report.run({ stagingDir: staging });
    if (r) setDownload(URL.createObjectURL(new Blob([r.html], { type: 'text/html' })));
  };
  const r = verify.result;
  const c = facts.result;
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
          <div className="table-scroll">
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
          </div>
        </>
      )}
      {r && r.extra.length > 0 && <Notice tone="info">{t('verify.extra', { count: r.extra.length })}</Notice>}
      {staging && !agentWrote && <CloudRestore stagingDir={staging} onEnd={() => void loadFacts({ stagingDir: staging })} />}
      {staging && agentWrote && <Notice tone="info">{t('agent:pages.agentReadsBack')}</Notice>}
      {c && (
        <Card title={t('pages.complete.summaryTitle')}>
          <dl className="review-grid" data-testid="completion-summary">
            {c.jobs.map((j) => (
              <div key={j.name}>
                <dt className="mono">{j.name}</dt>
                <dd title={j.lastState}>{j.lastState ? t(jobStateNameKey(j.lastState)) : '—'}</dd>
              </div>
            ))}
            {c.jobs[0] && (
              <div>
                <dt>{t('report.created')}</dt>
                <dd>{f.dateTime(c.jobs[0].createdAt)}</dd>
              </div>
            )}
            {c.jobs[0]?.shippedAt && (
              <div>
                <dt>{t('report.shipped')}</dt>
                <dd>{f.dateTime(c.jobs[0].shippedAt)}</dd>
              </div>
            )}
          </dl>
          <h3 className="timeline-title">{t('report.verify')}</h3>
          {c.verify ? (
            <ul className="result-list">
              {/* Said once: the outcome just shown above is not repeated here. */}
              {!r && (
                <li className={c.verify.ok ? 'ok' : 'bad'}>
                  {c.verify.ok
                    ? t('verify.ok', { count: c.verify.blobs, container: c.verify.container, bytes: f.bytes(c.verify.bytes) })
                    : t('verify.failed', { bad: c.verify.problems, count: c.verify.blobs, container: c.verify.container })}
                </li>
              )}
              <li>{t('report.took', { duration: f.duration(c.verify.seconds), date: f.dateTime(c.verify.at) })}</li>
            </ul>
          ) : (
            <p>{t('report.notVerified')}</p>
          )}
          {!c.agentStaging && (
            <>
              <h3 className="timeline-title">{t('report.restore')}</h3>
              {c.restore ? (
                <ul className="result-list" data-testid="restore-result">
                  <li>{t('report.restored', { count: c.restore.files, bytes: f.bytes(c.restore.bytes), folder: c.restore.to })}</li>
                  {c.restore.sources.map((s) => (
                    <li key={s.name} className={s.identical === false ? 'bad' : s.identical ? 'ok' : undefined}>
                      {s.identical === null
                        ? t('pages.complete.sourceAbsent', { name: s.name, source: s.source })
                        : s.identical
                          ? t('pages.complete.identical', { name: s.name })
                          : t('pages.complete.different', { name: s.name, count: s.differences })}
                    </li>
                  ))}
                  <li>{t('report.took', { duration: f.duration(c.restore.seconds), date: f.dateTime(c.restore.at) })}</li>
                </ul>
              ) : (
                <p>{t('report.notRestored')}</p>
              )}
            </>
          )}
          <div className="actions-row">
            <Button variant="secondary" disabled={report.pending} onClick={() => void save()}>
              {t('pages.complete.report')}
            </Button>
            {download && report.result && (
              <a className="btn btn-ghost" href={download} download={report.result.file.split(/[\\/]/).pop()}>
                {t('pages.complete.download')}
              </a>
            )}
          </div>
          {report.error && <ErrorNotice error={report.error} onDismiss={report.clearError} />}
          {report.result && <Notice tone="success">{t('pages.complete.reportSaved', { file: report.result.file })}</Notice>}
        </Card>
      )}
    </div>
  );
}
