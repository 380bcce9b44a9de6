import type { Feature } from '../../app/feature';
import './messages';

/**
 * The `workflows` feature: definitions (/workflows) and one drawn with its stage counts
 * (/workflows/:id). Screens load on first visit (route `lazy`); mermaid only when a diagram is drawn.
 */
export const workflowsFeature: Feature = {
  routes: [
    { path: 'workflows', lazy: async () => ({ Component: (await import('./WorkflowsPage')).WorkflowsPage }) },
    { path: 'workflows/:id', lazy: async () => ({ Component: (await import('./WorkflowPage')).WorkflowPage }) },
  ],
  nav: [{ to: '/workflows', label: 'workflows:nav', roles: ['auditor', 'administrator'] }],
};
