import type { ComponentType } from 'react';
import type { Feature } from './feature';
import { authFeature } from '../features/auth';

/** The features the app composes, in navigation order. */
export const features: Feature[] = [authFeature];

/** Header widgets (e.g. the notification bell) shown to a signed-in user. */
export const headerWidgets: ComponentType[] = [];
