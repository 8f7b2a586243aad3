/** The wizard shell: header with language, the route's steps in a sidebar, the page, back/next, the session summary. */

import { useEffect, useRef, useState, type ComponentType, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ChevronLeft, ChevronRight, Circle, CircleCheck, CircleDot, CircleAlert, Flag, Languages, Plus } from 'lucide-react';
import type { StepId } from '../shared/errors';
import type { KeyUnder } from '../shared/i18n';
import { isPublicCloudName } from '../shared/cloud';
import { languageNames, languages, isLanguage, type Language } from '../shared/i18n/languages';
import { getBridge, type ConnectionState } from './bridge';
import { rememberLanguage } from './i18n';
import { useSteps, useWizard, type StepStatus } from './store/wizard';
import { useSession } from './store/session';
import { wireJobEvents } from './store/jobs';
import { startCurrentJob, startNewJob, switchJob, useCurrentJob } from './store/currentJob';
import { useFormat } from './hooks';
import { Button, Notice } from './components/ui';
import SignInPage from './pages/SignInPage';
import CertificatePage from './pages/CertificatePage';
import StagingPage from './pages/StagingPage';
import DrivesPage from './pages/DrivesPage';
import CopyPage from './pages/CopyPage';
import ImportJobPage from './pages/ImportJobPage';
import ShippingPage from './pages/ShippingPage';
import MonitorPage from './pages/MonitorPage';
import CompletePage from './pages/CompletePage';
import { dataBoxPages } from './pages/databox';

const pages: Record<StepId, ComponentType> = {
  signIn: SignInPage,
  certificate: CertificatePage,
  staging: StagingPage,
  drives: DrivesPage,
  copy: CopyPage,
  importJob: ImportJobPage,
  shipping: ShippingPage,
  monitor: MonitorPage,
  complete: CompletePage,
  ...dataBoxPages,
};

const statusIcon: Record<StepStatus, typeof Circle> = {
  notStarted: Circle,
  inProgress: CircleDot,
  done: CircleCheck,
  needsAttention: CircleAlert,
};

function LanguageSwitcher() {
  const { t, i18n } = useTranslation('app');
  const change = (lang: Language) => {
    void i18n.changeLanguage(lang);
    rememberLanguage(lang);
    void getBridge()
      .invoke('app.setLanguage', { language: lang })
      .catch(() => undefined);
  };
  return (
    <label className="language-switcher">
      <Languages aria-hidden="true" size={16} />
      <span className="visually-hidden">{t('language.label')}</span>
      <select
        aria-label={t('language.label')}
        value={isLanguage(i18n.language) ? i18n.language : 'en'}
        onChange={(e) => isLanguage(e.target.value) && change(e.target.value)}
      >
        {languages.map((l) => (
          <option key={l} value={l} lang={l}>
            {languageNames[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

function Sidebar() {
  const { t } = useTranslation('app');
  const current = useWizard((s) => s.current);
  const status = useWizard((s) => s.status);
  const goTo = useWizard((s) => s.goTo);
  const routeStepList = useSteps();
  // Arrow keys, Home and End move between steps, as in any vertical list of tabs.
  const onKeyDown = (e: KeyboardEvent<HTMLOListElement>) => {
    const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button.step-link')];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (i === -1) return;
    const target =
      e.key === 'ArrowDown' ? buttons[Math.min(i + 1, buttons.length - 1)]
      : e.key === 'ArrowUp' ? buttons[Math.max(i - 1, 0)]
      : e.key === 'Home' ? buttons[0]
      : e.key === 'End' ? buttons[buttons.length - 1]
      : undefined;
    if (target) {
      e.preventDefault();
      target.focus();
    }
  };
  return (
    <nav className="sidebar" aria-label={t('nav.steps')}>
      <ol className="step-list" onKeyDown={onKeyDown}>
        {routeStepList.map((s, i) => {
          const StatusIcon = statusIcon[status[s.id]];
          const StepIcon = s.icon;
          const active = s.id === current;
          return (
            <li key={s.id}>
              <button
                type="button"
                className={`step-link${active ? ' active' : ''} status-${status[s.id]}`}
                aria-current={active ? 'step' : undefined}
                onClick={() => goTo(s.id)}
              >
                <span className="step-number" aria-hidden="true">
                  {i + 1}
                </span>
                <StepIcon aria-hidden="true" size={18} className="step-icon" />
                <span className="step-text">
                  <span className="step-title">{t(`steps.${s.id}.title`)}</span>
                  <span className="step-status">
                    <StatusIcon aria-hidden="true" size={12} /> {t(`status.${status[s.id]}`)}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function SummaryPanel() {
  const { t } = useTranslation('app');
  const summary = useSession((s) => s.summary);
  const rows: Array<[KeyUnder<'app:summary'>, string | number | undefined]> = [
    ['cloud', summary.cloud && !isPublicCloudName(summary.cloud) ? t('summary.localRehearsal') : summary.cloud],
    ['subscription', summary.subscriptionId],
    ['storageAccount', summary.storageAccount],
    ['container', summary.container],
    ['importJob', summary.importJobName],
    ['stagingLocation', summary.stagingLocation],
    ['drives', summary.driveCount],
  ];
  // The Data Box route has no staging, container, drives or import job: its order instead.
  const shown = summary.route === 'dataBox' ? [...rows.filter(([k]) => k === 'cloud' || k === 'subscription' || k === 'storageAccount'), ['dataBoxOrder', summary.dataBoxOrder] as (typeof rows)[number]] : rows;
  return (
    <aside className="summary" aria-labelledby="summary-title">
      <h2 id="summary-title" className="summary-title">
        {t('summary.title')}
      </h2>
      <CurrentJobControls />
      <dl className="summary-list">
        {shown.map(([key, value]) => (
          <div key={key} className="summary-row">
            <dt>{t(`summary.${key}`)}</dt>
            <dd className={value === undefined || value === '' ? 'unset' : undefined}>
              {value === undefined || value === '' ? t('summary.notSet') : String(value)}
            </dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}

/** "New job" and the recent jobs to switch to, at the top of the Session panel. */
function CurrentJobControls() {
  const { t } = useTranslation('app');
  const f = useFormat();
  const id = useCurrentJob((s) => s.id);
  const recent = useCurrentJob((s) => s.recent);
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<void>) => {
    setError(null);
    action().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  if (!id) return null;
  return (
    <div className="current-job">
      <Button variant="secondary" title={t('currentJob.newHint')} onClick={() => run(startNewJob)}>
        <Plus aria-hidden="true" size={16} /> {t('currentJob.new')}
      </Button>
      {recent.length > 1 && (
        <label className="field">
          <span>{t('currentJob.recent')}</span>
          <select value={id} onChange={(e) => run(() => switchJob(e.target.value))}>
            {recent.map((j) => (
              <option key={j.id} value={j.id}>
                {t('currentJob.option', {
                  name: j.importJobName ?? j.dataBoxOrder ?? j.stagingLocation ?? t('currentJob.untitled', { date: f.dateTime(j.createdAt) }),
                  done: j.done,
                  total: j.total,
                })}
              </option>
            ))}
          </select>
        </label>
      )}
      {error && <Notice tone="error" title={error} />}
    </div>
  );
}

function ConnectionBanner() {
  const { t } = useTranslation('app');
  const [state, setState] = useState<ConnectionState>('connecting');
  useEffect(() => getBridge().onConnectionChange(setState), []);
  if (state === 'open') return null;
  if (state === 'connecting') return <div className="connection-banner" role="status">{t('connection.connecting')}</div>;
  return (
    <div className="connection-banner">
      <Notice tone="error" title={state === 'noToken' ? t('connection.noToken') : t('connection.lost')} />
    </div>
  );
}

export function App() {
  const { t, i18n } = useTranslation('app');
  const current = useWizard((s) => s.current);
  const next = useWizard((s) => s.next);
  const back = useWizard((s) => s.back);
  const routeStepList = useSteps();
  const index = routeStepList.findIndex((s) => s.id === current);
  const Page = pages[current];
  const headingRef = useRef<HTMLHeadingElement>(null);

  const jobId = useCurrentJob((s) => s.id);
  const completeStatus = useWizard((s) => s.status.complete);
  // Finish applies to the job it was pressed for; another job or another step forgets it.
  const [finishedFor, setFinishedFor] = useState<string | null>(null);
  const finished = finishedFor === `${jobId}|${current}`;
  const ready = useCurrentJob((s) => s.ready);

  useEffect(() => wireJobEvents(), []);
  useEffect(() => startCurrentJob(), []);
  useEffect(() => {
    document.documentElement.lang = i18n.language;
    document.title = `${t('name')} — ${t(`steps.${current}.title`)}`;
  }, [i18n.language, current, t]);
  // Move focus to the new page's heading so keyboard and screen-reader users land in the right place.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [current]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <header className="topbar">
        <div className="brand">
          <img src="./icon.svg" alt="" width={28} height={28} />
          <div>
            <p className="brand-name">{t('name')}</p>
            <p className="brand-tagline">{t('tagline')}</p>
          </div>
        </div>
        <LanguageSwitcher />
      </header>
      <ConnectionBanner />
      <div className="layout">
        <Sidebar />
        <main id="main" className="content" aria-labelledby="page-title">
          <p className="step-of">{t('nav.stepOf', { n: index + 1, total: routeStepList.length })}</p>
          <h1 id="page-title" ref={headingRef} tabIndex={-1}>
            {t(`steps.${current}.title`)}
          </h1>
          <p className="page-summary">{t(`steps.${current}.summary`)}</p>
          <div className="page-body">
            {ready ? <Page key={jobId ?? 'none'} /> : <p role="status">{t('currentJob.loading')}</p>}
          </div>
          {finished && index === routeStepList.length - 1 && (
            // Only the Import/Export route ends on verified blobs; another route's last step ends the job as it is.
            <Notice
              tone={current !== 'complete' || completeStatus === 'done' ? 'success' : 'warning'}
              title={t(current !== 'complete' || completeStatus === 'done' ? 'finish.done' : 'finish.notVerified')}
            />
          )}
          <footer className="page-nav">
            <button type="button" className="btn btn-secondary" onClick={back} disabled={index === 0}>
              <ChevronLeft aria-hidden="true" size={16} /> {t('nav.back')}
            </button>
            {index === routeStepList.length - 1 ? (
              // The last step ends on Finish, never on a disabled Next.
              <button type="button" className="btn btn-primary" onClick={() => setFinishedFor(`${jobId}|${current}`)}>
                <Flag aria-hidden="true" size={16} /> {t('nav.finish')}
              </button>
            ) : (
              <button type="button" className="btn btn-primary" onClick={next}>
                {t('nav.next')} <ChevronRight aria-hidden="true" size={16} />
              </button>
            )}
          </footer>
        </main>
        <SummaryPanel />
      </div>
    </div>
  );
}
