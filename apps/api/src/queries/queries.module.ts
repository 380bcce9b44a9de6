import { Module } from '@nestjs/common';

/** Queries answered from the read models: lists, search, queues, statistics, public pages, audit. */
@Module({})
export class QueriesModule {}
