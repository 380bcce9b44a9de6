import type { ComponentType } from 'react';
import type { Feature } from './feature';
import { authFeature } from '../features/auth';
import { galleryFeature } from '../features/gallery';
import { notificationsFeature } from '../features/notifications';
import { reviewsFeature } from '../features/reviews';
import { decisionsFeature } from '../features/decisions';
import { secretariatFeature } from '../features/secretariat';
import { initiativesFeature } from '../features/initiatives';
import { statisticsFeature } from '../features/statistics';
import { auditFeature } from '../features/audit';
import { workflowsFeature } from '../features/workflows';
import { directoryFeature } from '../features/directory';

/** The features the app composes, in navigation order. */
export const features: Feature[] = [
  authFeature,
  galleryFeature,
  reviewsFeature,
  secretariatFeature,
  decisionsFeature,
  initiativesFeature,
  statisticsFeature,
  auditFeature,
  workflowsFeature,
  directoryFeature,
  notificationsFeature,
];

/** Header widgets (e.g. the notification bell) shown to a signed-in user. */
export const headerWidgets: ComponentType[] = features.flatMap((f) => f.headerWidgets ?? []);
