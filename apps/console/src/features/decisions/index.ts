import type { Feature } from '../../app/feature';
import './messages';

/**
 * The `decisions` feature: the authority's decisions waiting, and one dossier's decision beside the
 * council's tally and the consultation. Its screens load on first visit (their own chunk).
 */
export const decisionsFeature: Feature = {
  routes: [
    { path: 'decisions', lazy: async () => ({ Component: (await import('./components/DecisionsPage')).DecisionsPage }) },
    { path: 'decisions/:initiativeId', lazy: async () => ({ Component: (await import('./components/DecisionPage')).DecisionPage }) },
  ],
  nav: [{ to: '/decisions', label: 'decisions:nav', roles: ['decision_authority'] }],
};
