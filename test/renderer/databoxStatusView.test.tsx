/**
 * The Data Box route's status view (src/renderer/pages/databox/common.tsx) names the order's status, its stages and
 * each disk's copy status in the wizard's language, with Azure's value beside a name that differs from it, as the
 * command line does; a value Azure adds later gets the unknown name. Rendered to markup, without a window.
 */

import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it, vi } from 'vitest';
import { createI18n } from '../../src/shared/i18n';
import type { Language } from '../../src/shared/i18n/languages';
import type { DataBoxStatus } from '../../src/shared/model/dataBox';

// The view's module also holds the pages' session and request helpers, which need Electron's window: stand-ins here.
vi.mock('../../src/renderer/i18n', () => ({ default: { language: 'en' } }));
vi.mock('../../src/renderer/bridge', () => ({ BridgeError: class extends Error {}, getBridge: () => ({}) }));
vi.mock('../../src/renderer/store/currentJob', () => ({ useJobField: () => ['', () => {}] }));
vi.mock('../../src/renderer/store/session', () => ({ useSession: () => undefined }));

const { NextStep, StatusView } = await import('../../src/renderer/pages/databox/common');

const copying: DataBoxStatus = {
  jobName: 'seed-db',
  resourceGroup: 'rg',
  status: 'DataCopy',
  isCancellable: false,
  isDeletable: false,
  stages: [
    { name: 'Delivered', displayName: 'Delivered', status: 'Succeeded', time: '2026-11-05T10:00:00.000Z' },
    { name: 'DataCopy', displayName: 'Data copy in progress', status: 'InProgress' },
  ],
  disks: [{ serialNumber: 'SN-1', status: 'InProgress', percentComplete: 40, bytesCopied: 1024 }],
  logs: [],
  actions: [],
  final: false,
};

/** The view's text, tags dropped. */
function text(lang: Language, node: React.ReactNode): string {
  const html = renderToStaticMarkup(<I18nextProvider i18n={createI18n(lang)}>{node}</I18nextProvider>);
  return html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('StatusView', () => {
  it('names the status, the stages and the copy statuses in Dutch, with the API value beside them', () => {
    const out = text('nl', <StatusView status={copying} />);
    expect(out).toContain('Bestelling seed-db: Gegevens worden gekopieerd (API: DataCopy)');
    expect(out).toContain('Bezorgd (API: Delivered)');
    expect(out).toContain('SN-1 Bezig (API: InProgress)');
    expect(out).not.toContain('Data copy in progress');
  });

  it('shows only the name where it is already the API value, in English', () => {
    const out = text('en', <StatusView status={{ ...copying, status: 'Delivered' }} />);
    expect(out).toContain('Order seed-db: Delivered ');
    expect(out).not.toContain('(API: Delivered)');
    expect(out).toContain('Data copy in progress (API: DataCopy)');
  });

  it('gives a value Azure adds later the unknown name and its own spelling', () => {
    const later: DataBoxStatus = { ...copying, status: 'SomethingNew', stages: [{ name: 'SomethingNew', displayName: 'Something new', status: 'InProgress' }], disks: [{ serialNumber: 'SN-1', status: 'SomethingNew', percentComplete: 0, bytesCopied: 0 }] };
    const out = text('es', <StatusView status={later} />);
    expect(out).toContain('Pedido seed-db: Etapa desconocida (API: SomethingNew)');
    expect(out).toContain('SN-1 Estado de copia desconocido (API: SomethingNew)');
    expect(text('es', <NextStep status={later} />)).toContain('El pedido está en estado Etapa desconocida (API: SomethingNew);');
  });
});
