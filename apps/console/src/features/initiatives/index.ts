import { createElement, lazy, Suspense } from 'react';
import type { Feature } from '../../app/feature';
import './messages';

// The pages load on first visit: the first-load bundle carries only the navigation.
const InitiativesPage = lazy(() => import('./InitiativesPage').then((m) => ({ default: m.InitiativesPage })));
const RegisterPage = lazy(() => import('./RegisterPage').then((m) => ({ default: m.RegisterPage })));
const InitiativePage = lazy(() => import('./InitiativePage').then((m) => ({ default: m.InitiativePage })));

const page = (component: React.ComponentType) => createElement(Suspense, { fallback: null }, createElement(component));

/** The unit officer's screens: my unit's initiatives, register, an initiative with what I may do now. */
export const initiativesFeature: Feature = {
  routes: [
    { path: 'initiatives', element: page(InitiativesPage) },
    { path: 'initiatives/new', element: page(RegisterPage) },
    { path: 'initiatives/:id', element: page(InitiativePage) },
  ],
  nav: [{ to: '/initiatives', label: 'initiatives:navInitiatives', roles: ['unit_officer'] }],
};
