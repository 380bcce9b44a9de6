import type { Feature } from '../../app/feature';
import './messages';

/**
 * The `reviews` feature: a council member's queue and the dossier under review (score, vote, declare a
 * conflict). Its screens load on first visit (their own chunk), keeping the first load small.
 */
export const reviewsFeature: Feature = {
  routes: [
    { path: 'reviews', lazy: async () => ({ Component: (await import('./components/MyReviewsPage')).MyReviewsPage }) },
    { path: 'reviews/:initiativeId', lazy: async () => ({ Component: (await import('./components/ReviewPage')).ReviewPage }) },
  ],
  nav: [{ to: '/reviews', label: 'reviews:nav', roles: ['council_member'] }],
};
