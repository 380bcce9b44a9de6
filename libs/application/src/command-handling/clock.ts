import { Injectable } from '@nestjs/common';

/** Time comes from here, so tests can set it. */
@Injectable()
export class Clock {
  now(): string {
    return new Date().toISOString();
  }
}
