import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { DeadLettersController } from './dead-letters';
import { MyNotificationsController } from './my-notifications';
import { NotificationStores } from './notification-stores';
import { DASHBOARD_PATH, QueuesDashboard } from './queues-dashboard';

/** Notifications over HTTP: the in-app inbox, preferences, dead letters, the queue dashboard. */
@Module({
  controllers: [MyNotificationsController, DeadLettersController],
  providers: [NotificationStores, QueuesDashboard],
})
export class NotificationsApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(QueuesDashboard).forRoutes(DASHBOARD_PATH, `${DASHBOARD_PATH}/*path`);
  }
}
