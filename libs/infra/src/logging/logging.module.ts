import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

function isInfoOrFiner(level: string | undefined): boolean {
  return ['info', 'debug', 'trace', undefined, ''].includes(level);
}

/** Structured JSON logs (pino) with a request id per HTTP request; LOG_LEVEL sets the level. */
@Module({
  imports: [
    LoggerModule.forRoot({
      pinoHttp: {
        level: process.env.LOG_LEVEL ?? 'info',
        // One line per request at info; below that level the request logger does nothing per request.
        autoLogging: isInfoOrFiner(process.env.LOG_LEVEL) ? { ignore: (req) => req.url === '/health' || req.url === '/metrics' } : false,
        redact: ['req.headers.authorization', 'req.headers.cookie'],
        genReqId: (req) => (req.headers['x-request-id'] as string | undefined) ?? crypto.randomUUID(),
      },
    }),
  ],
})
export class LoggingModule {}
