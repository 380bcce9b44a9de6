import type { Feature } from '../../app/feature';

/** The `audit` feature: its routes and navigation entries (built in its own folder; the app composes it). */
export const auditFeature: Feature = { routes: [], nav: [] };
