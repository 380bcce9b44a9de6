import { createElement } from 'react';
import { Navigate } from 'react-router';
import type { Feature } from '../../app/feature';
import './messages';

/** The `directory` feature: reference data — the unit tree, users and roles, councils and members (screens load on first visit). */
export const directoryFeature: Feature = {
  routes: [
    { path: 'directory', element: createElement(Navigate, { to: '/directory/units', replace: true }) },
    { path: 'directory/units', lazy: async () => ({ Component: (await import('./UnitsPage')).UnitsPage }) },
    { path: 'directory/users', lazy: async () => ({ Component: (await import('./UsersPage')).UsersPage }) },
    { path: 'directory/councils', lazy: async () => ({ Component: (await import('./CouncilsPage')).CouncilsPage }) },
    { path: 'directory/councils/:id', lazy: async () => ({ Component: (await import('./CouncilsPage')).CouncilPage }) },
  ],
  nav: [{ to: '/directory/units', label: 'directory:nav', roles: ['auditor', 'administrator'] }],
};
