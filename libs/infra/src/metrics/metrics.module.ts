import { Controller, Get, Global, Header, Logger, Module } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { Public } from '../http/public-route';

/**
 * One Prometheus registry per process, with Node's default metrics. Anything may inject `Registry`
 * and register its gauges, counters and histograms (projection lag, queue depth, …); GET /metrics
 * serves them all in the text format. A metric that cannot be measured now (its collect fails:
 * PostgreSQL down, say) is left out, and the others still served: the read replica's lag, the
 * queues and the process are what an operator looks at during an outage.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
class MetricsController {
  private readonly logger = new Logger('Metrics');

  constructor(private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(): Promise<string> {
    const failed: string[] = [];
    const texts = await Promise.all(
      this.registry.getMetricsAsArray().map((metric) =>
        this.registry.getSingleMetricAsString(metric.name).catch(() => {
          failed.push(metric.name);
          return undefined;
        }),
      ),
    );
    if (failed.length > 0) this.logger.warn(`GET /metrics left out what could not be measured now: ${failed.join(', ')}`);
    // As Registry.metrics() joins them (the Prometheus text format).
    return `${texts.filter((text) => text !== undefined).join('\n\n')}\n`;
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
