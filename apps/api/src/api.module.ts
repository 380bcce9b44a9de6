import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

/**
 * The HTTP API: controllers turn requests into commands and queries on the CommandBus and QueryBus.
 * (The workflow's controllers arrive with the workflow engine; today it serves health and OpenAPI.)
 */
@Module({ imports: [CqrsModule.forRoot()] })
export class ApiModule {}
