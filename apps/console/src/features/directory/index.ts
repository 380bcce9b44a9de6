import type { Feature } from '../../app/feature';

/** The `directory` feature: its routes and navigation entries (built in its own folder; the app composes it). */
export const directoryFeature: Feature = { routes: [], nav: [] };
