import type { Feature } from '../../app/feature';

/** The `notifications` feature: its routes and navigation entries (built in its own folder; the app composes it). */
export const notificationsFeature: Feature = { routes: [], nav: [] };
