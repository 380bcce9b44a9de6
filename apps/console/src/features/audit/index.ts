import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { AuditLogPage } from './AuditLogPage';
import { TimelinePage } from './TimelinePage';
import './messages';

const OVERSEERS = ['auditor', 'administrator'];

/** The `audit` feature: the event log (/audit) and an initiative's decision timeline (/audit/initiatives/:id). */
export const auditFeature: Feature = {
  routes: [
    { path: 'audit', element: createElement(AuditLogPage) },
    { path: 'audit/initiatives/:id', element: createElement(TimelinePage) },
  ],
  nav: [{ to: '/audit', label: 'audit:nav', roles: OVERSEERS }],
};
