import { createElement } from 'react';
import { Navigate } from 'react-router';
import type { Feature } from '../../app/feature';
import { CouncilPage, CouncilsPage } from './CouncilsPage';
import { UnitsPage } from './UnitsPage';
import { UsersPage } from './UsersPage';
import './messages';

/** The `directory` feature: reference data — the unit tree, users and roles, councils and members. */
export const directoryFeature: Feature = {
  routes: [
    { path: 'directory', element: createElement(Navigate, { to: '/directory/units', replace: true }) },
    { path: 'directory/units', element: createElement(UnitsPage) },
    { path: 'directory/users', element: createElement(UsersPage) },
    { path: 'directory/councils', element: createElement(CouncilsPage) },
    { path: 'directory/councils/:id', element: createElement(CouncilPage) },
  ],
  nav: [{ to: '/directory/units', label: 'directory:nav', roles: ['auditor', 'administrator'] }],
};
