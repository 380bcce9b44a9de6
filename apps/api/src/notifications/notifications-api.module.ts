import { Module } from '@nestjs/common';
import { DeadLettersController } from './dead-letters';
import { MyNotificationsController } from './my-notifications';
import { NotificationStores } from './notification-stores';
import { QueuesDashboard } from './queues-dashboard';
import { QueuesSessionController, QueuesSessions } from './queues-session';

/** Notifications over HTTP: the in-app inbox, preferences, dead letters, the queue dashboard and its sessions. */
@Module({
  controllers: [MyNotificationsController, DeadLettersController, QueuesSessionController],
  providers: [NotificationStores, QueuesDashboard, QueuesSessions],
})
export class NotificationsApiModule {}
