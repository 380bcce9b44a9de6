import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { redactRequest } from './redact';

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
        // Credentials never reach a log line: the headers that carry them, token-like query parameters (redact.ts).
        redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        serializers: { req: redactRequest },
        genReqId: (req) => (req.headers['x-request-id'] as string | undefined) ?? crypto.randomUUID(),
      },
    }),
  ],
})
export class LoggingModule {}
