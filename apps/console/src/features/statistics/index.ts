import { createElement, lazy, Suspense } from 'react';
import type { Feature } from '../../app/feature';
import './messages';

const StatisticsPage = lazy(() => import('./StatisticsPage').then((m) => ({ default: m.StatisticsPage })));

/** Statistics, for every signed-in role (a nav entry without roles). */
export const statisticsFeature: Feature = {
  routes: [{ path: 'statistics', element: createElement(Suspense, { fallback: null }, createElement(StatisticsPage)) }],
  nav: [{ to: '/statistics', label: 'statistics:navStatistics' }],
};
