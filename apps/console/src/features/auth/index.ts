import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { OidcCallbackPage, SignInPage } from './SignInPage';

export const authFeature: Feature = {
  routes: [
    { path: 'sign-in', element: createElement(SignInPage) },
    { path: 'auth/callback', element: createElement(OidcCallbackPage) },
  ],
  nav: [],
};
