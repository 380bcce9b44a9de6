import type { Feature } from '../../app/feature';

/** The `secretariat` feature: its routes and navigation entries (built in its own folder; the app composes it). */
export const secretariatFeature: Feature = { routes: [], nav: [] };
