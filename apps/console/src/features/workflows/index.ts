import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { WorkflowPage } from './WorkflowPage';
import { WorkflowsPage } from './WorkflowsPage';
import './messages';

/** The `workflows` feature: definitions (/workflows) and one drawn with its stage counts (/workflows/:id). */
export const workflowsFeature: Feature = {
  routes: [
    { path: 'workflows', element: createElement(WorkflowsPage) },
    { path: 'workflows/:id', element: createElement(WorkflowPage) },
  ],
  nav: [{ to: '/workflows', label: 'workflows:nav', roles: ['auditor', 'administrator'] }],
};
