/** What the Data Box route's pages share: where the order lives, the order name, the stage timeline, disk check results. */

import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckCircle2, Circle, CircleDot, ExternalLink, XCircle } from 'lucide-react';
import type { RequestResult } from '../../../shared/contract';
import { Button, ErrorNotice, Field, Notice } from '../../components/ui';
import { mitigateActions } from '../../../shared/model/dataBox';
import { dataBoxCopyStatusNameKey, dataBoxStageNameKey, nextStepStage } from '../../../shared/rules/dataBoxStates';
import { useFormat, useRequest, useStateLabel } from '../../hooks';
import { useJobField } from '../../store/currentJob';
import { useSession } from '../../store/session';

export type DataBoxStatus = RequestResult<'databox.status'>;
export type DiskCheck = RequestResult<'databox.checkDisk'>;

/** The cloud, subscription and resource group every request carries: step 1's choices and the readiness page's fields. */
export function useScope(): { cloud?: string; subscriptionId?: string; resourceGroup?: string } {
  const summary = useSession((s) => s.summary);
  const [subscription] = useJobField('dataBoxReadiness.subscriptionId', '');
  const [group] = useJobField('dataBoxReadiness.resourceGroup', '');
  const subscriptionId = subscription.trim() || summary.subscriptionId;
  const resourceGroup = group.trim() || summary.resourceGroup;
  return {
    ...(summary.cloud ? { cloud: summary.cloud } : {}),
    ...(subscriptionId ? { subscriptionId } : {}),
    ...(resourceGroup ? { resourceGroup } : {}),
  };
}

/** The order's name, shared by every page of the route (the Session panel shows it). */
export function useOrderName(): [string, (name: string) => void] {
  const name = useSession((s) => s.summary.dataBoxOrder) ?? '';
  return [name, (v: string) => useSession.getState().update({ dataBoxOrder: v })];
}

export function OrderNameField() {
  const { t } = useTranslation('databox');
  const [name, setName] = useOrderName();
  return <Field label={t('wizard.fields.orderName')} hint={t('wizard.fields.orderNameHint')} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false} />;
}

/** The disk root folders, one per line, shared by the unlock, hand-off and upload pages. */
export function useDiskPaths(): [string, (v: string) => void, string[]] {
  const [text, setText] = useJobField('dataBoxDisks.paths', '');
  const paths = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return [text, setText, paths];
}

/**
 * An order's status or one of its stages as the user reads it: the catalog's name in the user's language, with Azure's
 * value beside a name that differs from it ("Abgeholt (API: PickedUp)"), as the command line's `databox` commands say
 * it. Every sentence of these pages that names an order's status says it through this one hook.
 */
export function useStageLabel(): (value: string) => string {
  const label = useStateLabel();
  return useCallback((value: string) => label(dataBoxStageNameKey(value), value), [label]);
}

export const stageIcon = { done: CheckCircle2, now: CircleDot, pending: Circle, failed: XCircle };

/**
 * The order's stages in order, each with its state and time, then each disk's copy progress. The status, the stages
 * and the copy statuses are named from the catalog (src/shared/rules/dataBoxStates.ts gives the sources of the names),
 * with Azure's value beside a name that differs from it; Azure's own displayName of a stage is not shown.
 */
export function StatusView({ status }: { status: DataBoxStatus }) {
  const { t } = useTranslation('databox');
  const f = useFormat();
  const label = useStateLabel();
  const stage = useStageLabel();
  return (
    <div className="databox-status">
      <p>
        {t('wizard.track.orderIs', { job: status.jobName })} <strong data-testid="databox-status">{stage(status.status)}</strong>
      </p>
      <ol className="databox-timeline" aria-label={t('wizard.track.timeline')}>
        {status.stages.map((s) => {
          const kind = s.status === 'None' ? 'pending' : s.status === 'InProgress' ? 'now' : s.status === 'Failed' || s.status === 'Cancelled' ? 'failed' : 'done';
          const Icon = stageIcon[kind];
          return (
            <li key={s.name} className={`databox-stage stage-${kind}`}>
              <Icon aria-hidden="true" size={16} />
              <span className="databox-stage-name">{stage(s.name)}</span>
              <span className="databox-stage-state">
                {t(`wizard.track.stage.${kind}`)}
                {s.time && kind !== 'pending' ? ` · ${f.dateTime(s.time)}` : ''}
              </span>
            </li>
          );
        })}
      </ol>
      {status.disks.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">{t('wizard.track.disksCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('wizard.track.disk')}</th>
              <th scope="col">{t('wizard.track.copyStatus')}</th>
              <th scope="col">{t('wizard.track.progress')}</th>
              <th scope="col">{t('wizard.track.copied')}</th>
            </tr>
          </thead>
          <tbody>
            {status.disks.map((d) => (
              <tr key={d.serialNumber}>
                <td className="mono">{d.serialNumber}</td>
                <td>{label(dataBoxCopyStatusNameKey(d.status), d.status)}</td>
                <td>
                  <div className="progress-track" role="progressbar" aria-label={t('wizard.track.diskProgress', { serial: d.serialNumber })} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(d.percentComplete)}>
                    <div className="progress-fill" style={{ width: `${Math.min(100, d.percentComplete)}%` }} />
                  </div>
                  {f.percent(d.percentComplete / 100)}
                </td>
                <td>{f.bytes(d.bytesCopied)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The next step for an order's status, in one sentence. */
export function NextStep({ status }: { status: DataBoxStatus }) {
  const { t } = useTranslation('databox');
  const stage = useStageLabel();
  const s = nextStepStage(status.status);
  const tone = s === 'Completed' || s === 'Delivered' ? 'success' : s === 'CompletedWithErrors' || !s ? 'warning' : 'info';
  return <Notice tone={tone} title={s ? t(`wizard.next.${s}`) : t('wizard.next.other', { status: stage(status.status) })} />;
}

/** One disk's check: the sentence that it passed, or every violation with its file and rule. */
export function DiskCheckView({ result }: { result: DiskCheck }) {
  const { t } = useTranslation('databox');
  const f = useFormat();
  if (result.violations.length === 0) {
    return <Notice tone="success" title={t('wizard.disks.ok', { path: result.root, files: result.files, bytes: f.bytes(result.bytes), free: f.bytes(result.freeBytes) })} />;
  }
  return (
    <Notice tone="error" title={t('wizard.disks.broken', { path: result.root, count: result.violations.length })}>
      <table className="table">
        <caption className="visually-hidden">{t('wizard.disks.violationsCaption', { path: result.root })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('wizard.disks.file')}</th>
            <th scope="col">{t('wizard.disks.rule')}</th>
          </tr>
        </thead>
        <tbody>
          {result.violations.map((v) => (
            <tr key={`${v.rule}:${v.file}`}>
              <td className="mono wrap-anywhere">{v.file}</td>
              <td>{t(`rules.${v.rule}`, { detail: v.detail ?? '' })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Notice>
  );
}

/** The unlocked disks' root folders, one per line (the folder that holds PageBlob). */
export function DiskPathsField() {
  const { t } = useTranslation('databox');
  const id = useId();
  const [text, setText] = useDiskPaths();
  return (
    <div className="field">
      <label htmlFor={id}>{t('wizard.fields.diskPaths')}</label>
      <textarea id={id} rows={3} value={text} spellCheck={false} aria-describedby={`${id}-hint`} onChange={(e) => setText(e.target.value)} />
      <p className="field-hint" id={`${id}-hint`}>
        {t('wizard.fields.diskPathsHint')}
      </p>
    </div>
  );
}

/** A Microsoft documentation page, opened in the system browser (app.openExternal allows only Microsoft's hosts). */
export function DocLink({ url }: { url: string }) {
  const open = useRequest('app.openExternal');
  return (
    <Button variant="ghost" onClick={() => void open.run({ url })}>
      <ExternalLink size={16} aria-hidden /> <span className="wrap-anywhere">{url}</span>
    </Button>
  );
}

/** This computer's platform (the unlock tool differs on Windows and Linux). */
export function usePlatform(): string | null {
  const info = useRequest('app.info');
  const run = info.run;
  useEffect(() => void run({}), [run]);
  return info.result?.capabilities.platform ?? null;
}

/**
 * What the service asks of the customer (details.actions), one button per answer (Jobs_Mitigate); shown only when it
 * asks something. `onAnswered` gets the order as it is after the answer.
 */
export function MitigatePanel({ status, onAnswered }: { status: DataBoxStatus; onAnswered(s: DataBoxStatus): void }) {
  const { t } = useTranslation('databox');
  const scope = useScope();
  const mitigate = useRequest('databox.mitigate');
  const [answered, setAnswered] = useState('');
  const stage = useStageLabel();
  const offered = mitigateActions.filter((a) => status.actions.includes(a));
  if (offered.length === 0 && !mitigate.result) return null;
  return (
    <Notice tone="warning" title={t('wizard.mitigate.title')}>
      <p>{t('wizard.mitigate.hint')}</p>
      <div className="actions-row">
        {offered.map((a) => (
          <Button
            key={a}
            disabled={mitigate.pending}
            onClick={() => {
              setAnswered(a);
              void mitigate.run({ ...scope, jobName: status.jobName, action: a }).then((r) => {
                if (r) onAnswered(r);
              });
            }}
          >
            {t(`wizard.mitigate.${a}`)}
          </Button>
        ))}
      </div>
      {mitigate.result && <p role="status">{t('mitigate.done', { job: mitigate.result.jobName, action: answered, status: stage(mitigate.result.status) })}</p>}
      {mitigate.error && <ErrorNotice error={mitigate.error} onDismiss={mitigate.clearError} />}
    </Notice>
  );
}
