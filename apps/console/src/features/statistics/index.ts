import type { Feature } from '../../app/feature';

/** The `statistics` feature: its routes and navigation entries (built in its own folder; the app composes it). */
export const statisticsFeature: Feature = { routes: [], nav: [] };
