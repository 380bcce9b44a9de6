import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

/** Structured JSON logs (pino) with a request id per HTTP request; LOG_LEVEL sets the level. */
@Module({
  imports: [
    LoggerModule.forRoot({
      pinoHttp: {
        level: process.env.LOG_LEVEL ?? 'info',
        autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
        redact: ['req.headers.authorization', 'req.headers.cookie'],
        genReqId: (req) => (req.headers['x-request-id'] as string | undefined) ?? crypto.randomUUID(),
      },
    }),
  ],
})
export class LoggingModule {}
