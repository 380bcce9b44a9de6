import type { Feature } from '../../app/feature';

/** The `decisions` feature: its routes and navigation entries (built in its own folder; the app composes it). */
export const decisionsFeature: Feature = { routes: [], nav: [] };
