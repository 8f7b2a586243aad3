/**
 * The completion report: one self-contained HTML page (no script, no remote resource, printable) in the user's
 * language, made only from what the session recorded. The format is Offline Seed's own.
 */

import type { Completion } from '../../shared/model/completion';
import { formatBytes, formatDateTime, formatDuration } from '../../shared/i18n/format';
import type { Language } from '../../shared/i18n/languages';
import { translate } from '../../shared/i18n';
import { jobStateNameKey } from '../../shared/rules/jobStates';

const esc = (s: string | number) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function completionReportHtml(c: Completion, lang: Language, now = new Date()): string {
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, unknown>) => esc(translate(lang, key, params));
  const row = (label: string, value: string) => `<tr><th scope="row">${label}</th><td>${value}</td></tr>`;
  const when = (iso: string | undefined) => (iso ? esc(formatDateTime(iso, lang)) : '—');
  const jobs = c.jobs
    .map((j) => {
      const states = j.seenStates.map((s) => `<li>${esc(translate(lang, jobStateNameKey(s.state)))} — ${when(s.at)}</li>`).join('');
      return `<section><h3>${esc(j.name)}</h3><table>${[
        row(t('workflow:report.drives'), esc(j.driveIds.join(', '))),
        row(t('workflow:report.created'), when(j.createdAt)),
        row(t('workflow:report.shipped'), j.shippedAt ? `${when(j.shippedAt)}${j.trackingNumber ? ` (${esc(j.trackingNumber)})` : ''}` : '—'),
        row(t('workflow:report.lastState'), j.lastState ? `<span title="${esc(j.lastState)}">${esc(translate(lang, jobStateNameKey(j.lastState)))}</span>` : '—'),
        row(t('workflow:report.verifiedAt'), when(j.verifiedAt)),
      ].join('')}</table>${states ? `<h4>${t('workflow:report.statesSeen')}</h4><ul>${states}</ul>` : ''}</section>`;
    })
    .join('');
  const v = c.verify;
  const verify = v
    ? `<p class="${v.ok ? 'ok' : 'bad'}">${v.ok ? t('workflow:verify.ok', { count: v.blobs, container: v.container, bytes: formatBytes(v.bytes, lang) }) : t('workflow:verify.failed', { bad: v.problems, count: v.blobs, container: v.container })}</p>
<p>${t('workflow:report.took', { duration: formatDuration(v.seconds, lang), date: formatDateTime(v.at, lang) })}</p>`
    : `<p>${t('workflow:report.notVerified')}</p>`;
  const r = c.restore;
  const restore = c.agentStaging
    ? `<p>${t('agent:pages.agentReadsBack')}</p>`
    : r
      ? `<p>${t('workflow:report.restored', { count: r.files, bytes: formatBytes(r.bytes, lang), folder: r.to })}</p>
<p>${t('workflow:report.took', { duration: formatDuration(r.seconds, lang), date: formatDateTime(r.at, lang) })}</p>
<ul>${r.sources
          .map(
            (s) =>
              `<li class="${s.identical === false ? 'bad' : s.identical ? 'ok' : ''}">${
                s.identical === null
                  ? t('workflow:pages.complete.sourceAbsent', { name: s.name, source: s.source })
                  : s.identical
                    ? t('workflow:pages.complete.identical', { name: s.name })
                    : t('workflow:pages.complete.different', { name: s.name, count: s.differences })
              }${s.examples.length ? `<ul>${s.examples.map((d) => `<li><code>${esc(d.path)}</code> — ${esc(d.reason)}</li>`).join('')}</ul>` : ''}</li>`,
          )
          .join('')}</ul>`
      : `<p>${t('workflow:report.notRestored')}</p>`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${t('workflow:report.title')} — ${esc(c.container)}</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:2em auto;max-width:52em;padding:0 1em;color:#1b1f24}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccd;padding-bottom:.2em}
table{border-collapse:collapse}th,td{text-align:left;padding:.2em 1em .2em 0;vertical-align:top}
th{font-weight:600}.ok{color:#107c41}.bad{color:#b42318;font-weight:600}code{font-family:ui-monospace,monospace}
.note{color:#555;font-size:.9em}
</style>
</head>
<body>
<h1>${t('workflow:report.title')}</h1>
<p class="note">${t('workflow:report.generated', { date: formatDateTime(now, lang) })}</p>
<table>${[
    row(t('workflow:report.location'), esc(c.location)),
    row(t('app:summary.subscription'), esc(c.subscriptionId)),
    row(t('workflow:report.resourceGroup'), esc(c.resourceGroup)),
    row(t('app:summary.storageAccount'), esc(c.storageAccount)),
    row(t('app:summary.container'), esc(c.container)),
  ].join('')}</table>
<h2>${t('workflow:report.jobs')}</h2>
${jobs}
<h2>${t('workflow:report.verify')}</h2>
${verify}
<h2>${t('workflow:report.restore')}</h2>
${restore}
<p class="note">${t('workflow:report.ours')}</p>
</body>
</html>
`;
}
