import { createElement } from 'react';
import type { Feature } from '../../app/feature';
import { NotificationBell } from './NotificationBell';
import { NotificationsPage } from './NotificationsPage';

/** The `notifications` feature: the header's bell and the full list at /notifications. */
export const notificationsFeature: Feature = {
  routes: [{ path: 'notifications', element: createElement(NotificationsPage) }],
  nav: [{ to: '/notifications', label: 'notifications:nav' }],
  headerWidgets: [NotificationBell],
};
