import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { ConsultationsPage } from './ConsultationsPage';
import { GalleryPage } from './GalleryPage';
import { PublicInitiativePage } from './PublicInitiativePage';

/** The `gallery` feature: what anyone may see without signing in (published initiatives, open consultations). */
export const galleryFeature: Feature = {
  routes: [
    { path: 'gallery', element: createElement(GalleryPage) },
    { path: 'gallery/:initiativeId', element: createElement(PublicInitiativePage) },
    { path: 'consultations', element: createElement(ConsultationsPage) },
  ],
  nav: [
    { to: '/gallery', label: 'gallery:nav', public: true },
    { to: '/consultations', label: 'gallery:navConsultations', public: true },
  ],
};
