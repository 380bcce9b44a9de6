import type { Feature } from '../../app/feature';
import './messages';

const OVERSEERS = ['auditor', 'administrator'];

/**
 * The `audit` feature: the event log (/audit) and an initiative's decision timeline
 * (/audit/initiatives/:id). Screens load on first visit (route `lazy`), not with the first page.
 */
export const auditFeature: Feature = {
  routes: [
    { path: 'audit', lazy: async () => ({ Component: (await import('./AuditLogPage')).AuditLogPage }) },
    { path: 'audit/initiatives/:id', lazy: async () => ({ Component: (await import('./TimelinePage')).TimelinePage }) },
  ],
  nav: [{ to: '/audit', label: 'audit:nav', roles: OVERSEERS }],
};
