import { Controller, Get, Global, Header, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { Public } from '../http/public-route';

/**
 * One Prometheus registry per process, with Node's default metrics. Anything may inject `Registry`
 * and register its gauges, counters and histograms (projection lag, queue depth, …); GET /metrics
 * serves them all in the text format.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: Registry,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry, prefix: 'laurel_' });
        return registry;
      },
    },
  ],
  exports: [Registry],
})
export class MetricsModule {}
