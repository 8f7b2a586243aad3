/** The Data Box route's pages, by step id (src/renderer/steps.ts `dataBoxSteps`). */

import type { ComponentType } from 'react';
import type { StepId } from '../../../shared/errors';
import ReadinessPage from './ReadinessPage';
import OrderPage from './OrderPage';
import TrackPage from './TrackPage';
import DisksPage from './DisksPage';
import AgentPage from './AgentPage';
import ReturnPage from './ReturnPage';
import LogsPage from './LogsPage';
import CleanupPage from './CleanupPage';
import './databox.css';

export const dataBoxPages = {
  dataBoxReadiness: ReadinessPage,
  dataBoxOrder: OrderPage,
  dataBoxTrack: TrackPage,
  dataBoxDisks: DisksPage,
  dataBoxAgent: AgentPage,
  dataBoxReturn: ReturnPage,
  dataBoxLogs: LogsPage,
  dataBoxCleanup: CleanupPage,
} satisfies Partial<Record<StepId, ComponentType>>;
