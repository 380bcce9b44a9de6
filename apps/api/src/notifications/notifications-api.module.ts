import { Module } from '@nestjs/common';

/** Notifications over HTTP: the in-app inbox, dead letters, the queue dashboard. */
@Module({})
export class NotificationsApiModule {}
