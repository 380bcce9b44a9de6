import type { Feature } from '../../app/feature';

/** The `workflows` feature: its routes and navigation entries (built in its own folder; the app composes it). */
export const workflowsFeature: Feature = { routes: [], nav: [] };
