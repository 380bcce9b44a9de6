import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { DecisionPage } from './components/DecisionPage';
import { DecisionsPage } from './components/DecisionsPage';
import './messages';

/** The `decisions` feature: the authority's decisions waiting, and one dossier's decision beside the council's tally and the consultation. */
export const decisionsFeature: Feature = {
  routes: [
    { path: 'decisions', element: createElement(DecisionsPage) },
    { path: 'decisions/:initiativeId', element: createElement(DecisionPage) },
  ],
  nav: [{ to: '/decisions', label: 'decisions:nav', roles: ['decision_authority'] }],
};
