import type { Feature } from '../../app/feature';

/** The `initiatives` feature: its routes and navigation entries (built in its own folder; the app composes it). */
export const initiativesFeature: Feature = { routes: [], nav: [] };
