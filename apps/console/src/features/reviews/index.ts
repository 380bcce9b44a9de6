import type { Feature } from '../../app/feature';

/** The `reviews` feature: its routes and navigation entries (built in its own folder; the app composes it). */
export const reviewsFeature: Feature = { routes: [], nav: [] };
