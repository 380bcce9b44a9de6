import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { MyReviewsPage } from './components/MyReviewsPage';
import { ReviewPage } from './components/ReviewPage';
import './messages';

/** The `reviews` feature: a council member's queue and the dossier under review (score, vote, declare a conflict). */
export const reviewsFeature: Feature = {
  routes: [
    { path: 'reviews', element: createElement(MyReviewsPage) },
    { path: 'reviews/:initiativeId', element: createElement(ReviewPage) },
  ],
  nav: [{ to: '/reviews', label: 'reviews:nav', roles: ['council_member'] }],
};
