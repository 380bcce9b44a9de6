import type { Feature } from '../../app/feature';

/** The `gallery` feature: its routes and navigation entries (built in its own folder; the app composes it). */
export const galleryFeature: Feature = { routes: [], nav: [] };
