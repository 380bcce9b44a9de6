import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { ConsultationPage } from './components/ConsultationPage';
import { DossierPage } from './components/DossierPage';
import { QueuePage, type QueueSpec } from './components/QueuePage';
import { ReviewPage } from './components/ReviewPage';
import './messages';

const enc = encodeURIComponent;

export const QUEUES: Record<'screening' | 'reviews' | 'consultations' | 'publication', QueueSpec> = {
  screening: { screen: 'secretariat.screening', titleKey: 'screeningTitle', statuses: ['nominated'], detail: (id) => `/secretariat/dossiers/${enc(id)}` },
  reviews: { screen: 'secretariat.reviews', titleKey: 'reviewsTitle', statuses: ['in_review', 'screening', 'nominated'], detail: (id) => `/secretariat/reviews/${enc(id)}` },
  consultations: {
    screen: 'secretariat.consultations',
    titleKey: 'consultationsTitle',
    statuses: ['consultation', 'recommended', 'decision'],
    detail: (id) => `/secretariat/consultations/${enc(id)}`,
  },
  publication: { screen: 'secretariat.publication', titleKey: 'publicationTitle', statuses: ['awarded', 'eligible_for_escalation'], detail: (id) => `/secretariat/dossiers/${enc(id)}` },
};

const SECRETARY = ['secretary'];

/** The secretary's screens: screening, reviews (open, progress, remind, close), consultations, publication and escalation. */
export const secretariatFeature: Feature = {
  routes: [
    { path: 'secretariat/screening', element: createElement(QueuePage, { spec: QUEUES.screening, key: 'screening' }) },
    { path: 'secretariat/reviews', element: createElement(QueuePage, { spec: QUEUES.reviews, key: 'reviews' }) },
    { path: 'secretariat/reviews/:initiativeId', element: createElement(ReviewPage) },
    { path: 'secretariat/consultations', element: createElement(QueuePage, { spec: QUEUES.consultations, key: 'consultations' }) },
    { path: 'secretariat/consultations/:initiativeId', element: createElement(ConsultationPage) },
    { path: 'secretariat/publication', element: createElement(QueuePage, { spec: QUEUES.publication, key: 'publication' }) },
    { path: 'secretariat/dossiers/:initiativeId', element: createElement(DossierPage) },
  ],
  nav: [
    { to: '/secretariat/screening', label: 'secretariat:navScreening', roles: SECRETARY },
    { to: '/secretariat/reviews', label: 'secretariat:navReviews', roles: SECRETARY },
    { to: '/secretariat/consultations', label: 'secretariat:navConsultations', roles: SECRETARY },
    { to: '/secretariat/publication', label: 'secretariat:navPublication', roles: SECRETARY },
  ],
};
